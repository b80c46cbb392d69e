"""Check characters of credit codes and resident IDs (GB 32100-2015, GB 11714, GB 11643)."""

from __future__ import annotations

from datetime import date

import pytest

from ipcredit.checks.codes import (
    birth_date,
    check_resident_id,
    check_uscc,
    normalise_resident_id,
    organisation_check_character,
    resident_id_check_character,
    uscc_check_character,
)

VALID_CODES = ["91110000101623741K", "91350100M000100Y43", "91330100716105852F"]
VALID_IDS = ["11010519491231002X", "34052419800101001X"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_known_valid_credit_codes(code):
    assert check_uscc(code) is None
    assert uscc_check_character(code[:17]) == code[17]
    assert organisation_check_character(code[8:16]) == code[16]


@pytest.mark.parametrize("code", VALID_CODES)
def test_every_wrong_check_character_names_the_expected_one(code):
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY".replace(code[17], ""):
        message = check_uscc(code[:17] + wrong)
        assert f"第 18 位应为 {code[17]}，实为 {wrong}" in message
        assert f"the 18th should be {code[17]}, found {wrong}" in message and "does not check out" in message


def test_a_wrong_organisation_check_character_is_found_even_with_a_matching_18th():
    first17 = "9111000010162374" + "2"  # the organisation code's own check digit should be 1
    message = check_uscc(first17 + uscc_check_character(first17))
    assert "第 17 位应为 1，实为 2" in message and "the 17th should be 1" in message


def test_organisation_code_letters_take_their_alphabet_values():
    # GB 11714 values letters A=10 … Z=35 (M=22, not its place in the USCC set): this code,
    # with M, G, F in its organisation code, is valid only that way.
    assert check_uscc("91110108MA01G0FB09") is None
    assert organisation_check_character("MA01G0FB") == "0"


def test_organisation_check_character_maps_10_to_x_and_11_to_0():
    assert organisation_check_character("00000006") == "X"  # Σ = 6·2 = 12, 11 − 1 = 10
    assert organisation_check_character("00000000") == "0"  # Σ = 0, 11 − 0 = 11


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9111000010162374", "应为 18 位，实为 16 位"),
        ("91110000101623741KK", "应为 18 位，实为 19 位"),
        ("9111000010162374IO", "不允许的字符「IO」"),
        ("91110000101623741-", "不允许的字符「-」"),
        ("91110000101623741k", "字母应为大写：91110000101623741K"),
    ],
)
def test_malformed_credit_codes_say_what_is_wrong(code, fragment):
    assert fragment in check_uscc(code)


@pytest.mark.parametrize("number", VALID_IDS)
def test_known_valid_resident_ids(number):
    assert check_resident_id(number) is None
    assert resident_id_check_character(number[:17]) == number[17]


def test_a_wrong_resident_id_check_character_names_the_expected_one():
    message = check_resident_id("110105194912310021")
    assert "第 18 位应为 X，实为 1" in message and "should be X, found 1" in message


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194902300021", "出生日期「19490230」不存在"),
        ("11010519491231002", "17 位数字"),
        ("11010519491231002x", "17 位数字"),  # lower case is refused here; see normalise_resident_id
        ("1101051949123100AX", "17 位数字"),
        ("310101491301123", "出生日期「491301」不存在"),
    ],
)
def test_malformed_resident_ids(number, fragment):
    assert fragment in check_resident_id(number)


def test_a_lower_case_x_is_read_as_upper_case():
    assert normalise_resident_id(" 11010519491231002x ") == "11010519491231002X"
    assert check_resident_id(normalise_resident_id("11010519491231002x")) is None


def test_legacy_15_digit_ids_are_accepted_without_check_character():
    assert check_resident_id("310101650101123") is None
    assert birth_date("310101650101123") == date(1965, 1, 1)


def test_birth_date():
    assert birth_date("11010519491231002X") == date(1949, 12, 31)
    assert birth_date("110105194902300021") is None
    assert birth_date("1101051949") is None
