"""Check characters of credit codes and resident IDs (GB 32100-2015, GB 11714, GB 11643)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.checks.codes import (
    birth_date,
    check_resident_id,
    check_uscc,
    normalise_code,
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
    assert check_uscc(first17 + uscc_check_character(first17)) == (
        "统一社会信用代码「91110000101623742N」校验不通过，请与营业执照逐位核对；"
        "若第 9–16 位无误，第 17 位应为 1，实为 2 "
        "(the credit code does not check out; compare it with the business licence; "
        "if characters 9-16 are right, the 17th should be 1, found 2)"
    )


def test_organisation_code_letters_take_their_alphabet_values():
    # GB 11714 values letters A=10 … Z=35 (M=22, not its place in the USCC set): this code,
    # with M, G, F in its organisation code, is valid only that way.
    assert check_uscc("91110108MA01G0FB09") is None
    assert organisation_check_character("MA01G0FB") == "0"


def test_organisation_check_character_maps_10_to_x_and_11_to_0():
    assert organisation_check_character("00000006") == "X"  # Σ = 6·2 = 12, 11 − 1 = 10
    assert organisation_check_character("00000000") == "0"  # Σ = 0, 11 − 0 = 11


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "9111000010162374",
            "统一社会信用代码应为 18 位，实为 16 位 (a credit code has 18 characters, found 16)",
        ),
        (
            "91110000101623741KK",
            "统一社会信用代码应为 18 位，实为 19 位 (a credit code has 18 characters, found 19)",
        ),
        (
            "9111000010162374IO",
            "统一社会信用代码含有不允许的字符「IO」（只能使用数字和大写字母，不含 I、O、Z、S、V） "
            "(characters outside the GB 32100 set: IO)",
        ),
        (
            "91110000101623741-",
            "统一社会信用代码含有不允许的字符「-」（只能使用数字和大写字母，不含 I、O、Z、S、V） "
            "(characters outside the GB 32100 set: -)",
        ),
        (
            "91110000101623741k",
            "统一社会信用代码中的字母应为大写：91110000101623741K (letters must be upper case: 91110000101623741K)",
        ),
    ],
)
def test_malformed_credit_codes_say_what_is_wrong_in_both_languages(code, message):
    assert check_uscc(code) == message


@pytest.mark.parametrize("number", VALID_IDS)
def test_known_valid_resident_ids(number):
    assert check_resident_id(number) is None
    assert resident_id_check_character(number[:17]) == number[17]


def test_a_wrong_resident_id_check_character_names_the_expected_one():
    message = check_resident_id("110105194912310021")
    assert "第 18 位应为 X，实为 1" in message and "should be X, found 1" in message


NOT_ID_SHAPED = (
    "居民身份证号码应为 17 位数字加 1 位校验码（数字或 X），旧号码为 15 位数字 "
    "(a resident ID is 17 digits and a check character (or a legacy 15-digit number))"
)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "110105194902300021",
            "居民身份证号码中的出生日期「19490230」不存在 (the birth date in the ID does not exist)",
        ),
        ("11010519491231002", NOT_ID_SHAPED),
        ("11010519491231002x", NOT_ID_SHAPED),  # lower case is refused here; see normalise_resident_id
        ("1101051949123100AX", NOT_ID_SHAPED),
        (
            "310101491301123",
            "居民身份证号码中的出生日期「491301」不存在 (the birth date in the ID does not exist)",
        ),
    ],
)
def test_malformed_resident_ids_say_what_is_wrong_in_both_languages(number, message):
    assert check_resident_id(number) == message


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


def test_a_birth_date_up_to_the_latest_date_a_register_may_carry_is_read_and_later_is_a_typo():
    assert birth_date("110105220012310012") == date(2200, 12, 31)
    assert birth_date("110105220101010011") is None
    assert check_resident_id("110105220101010011") == (
        "居民身份证号码中的出生日期「22010101」不存在 (the birth date in the ID does not exist)"
    )


@pytest.mark.parametrize(
    ("check", "prefix"),
    [
        (uscc_check_character, "91110000101623741K"),  # the whole code, not its first 17 characters
        (uscc_check_character, "9111000010162374"),
        (organisation_check_character, "101623741"),
        (organisation_check_character, "1016237"),
        (resident_id_check_character, "11010519491231002X"),
        (resident_id_check_character, "1101051949123100"),
    ],
)
def test_a_check_character_is_computed_only_from_exactly_the_characters_it_covers(check, prefix):
    # A caller passing one character too many or too few would get a plausible wrong answer.
    with pytest.raises(ValueError):
        check(prefix)


# Normalising what clerks type, and refusing what is not ASCII after that --------------------------
@pytest.mark.parametrize(
    "code", ["91AB0000101623741K", "9111000M101623741K", "91Y10000M000100Y43", "9135010AM000100Y43"]
)
def test_a_credit_code_with_letters_in_the_region_code_is_refused(code):
    assert "行政区划代码" in check_uscc(code) and "region code" in check_uscc(code)


def test_full_width_credit_codes_are_read_as_ascii():
    assert normalise_code(" ９１１１００００１０１６２３７４１Ｋ ") == "91110000101623741K"
    assert check_uscc(normalise_code("９１１１００００１０１６２３７４１Ｋ")) is None


def test_spaces_inside_a_credit_code_are_removed_not_replaced():
    assert normalise_code("9111 0000\u30001016 2374\t1K") == "91110000101623741K"


@pytest.mark.parametrize(
    "written",
    [
        "11010519491231002X",
        "11010519491231002x",
        " 110105 19491231 002X ",
        "110105-19491231-002X",
        "110105－19491231－002X",  # full-width hyphen
        "'11010519491231002X",  # Excel's leading apostrophe
        "’11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
        "１１０１０５１９４９１２３１００２ｘ",
        "110105\u300019491231\u3000002X",  # ideographic spaces
    ],
)
def test_resident_ids_as_clerks_type_them_are_normalised(written):
    assert normalise_resident_id(written) == "11010519491231002X"
    assert check_resident_id(normalise_resident_id(written)) is None


@pytest.mark.parametrize(
    "number",
    [
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits
        "¹¹⁰¹⁰⁵¹⁹⁴⁹¹²³¹⁰⁰²X",  # superscripts: crashed the check
        "11010519491231002²",
        "1101051949123100²X",
        "１１０１０５１９４９１２３１００²Ｘ",
        "11010519491231_02X",  # int() would accept the underscore
        "110105+9491231002X",
    ],
)
def test_non_ascii_digits_are_refused_never_an_exception(number):
    assert "17 位数字" in check_resident_id(normalise_resident_id(number))
    assert birth_date(number) is None


def test_legacy_15_digit_ids_read_19yymmdd_and_only_ascii_digits():
    assert birth_date("310101650229123") is None  # 1965 had no 29 February
    assert birth_date("310101640229123") == date(1964, 2, 29)
    assert "出生日期「650229」不存在" in check_resident_id("310101650229123")
    assert check_resident_id("31010165010112３") is not None  # not normalised: a full-width digit
    assert check_resident_id(normalise_resident_id("31010165010112３")) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_unicode_input_makes_a_checker_raise(text):
    for candidate in (text, normalise_code(text), normalise_resident_id(text)):
        uscc, resident = check_uscc(candidate), check_resident_id(candidate)
        assert uscc is None or isinstance(uscc, str)
        if resident is None:  # accepted: plain ASCII digits (and X), with a real birth date
            assert candidate.isascii() and birth_date(candidate) is not None
        if uscc is None:
            assert candidate.isascii() and candidate[2:8].isdigit()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789X１２３٣²¹ -'x")))
def test_no_id_shaped_input_makes_a_checker_raise(text):
    number = normalise_resident_id(text)
    assert check_resident_id(number) is None or "(" in check_resident_id(number)
    birth_date(number)
