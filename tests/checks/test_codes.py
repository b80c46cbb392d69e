"""Check characters of credit codes and resident IDs (GB 32100-2015, GB 11643)."""

from __future__ import annotations

from datetime import date

import pytest

from ipcredit.checks.codes import (
    birth_date,
    check_resident_id,
    check_uscc,
    resident_id_check_character,
    uscc_check_character,
)


@pytest.mark.parametrize("code", ["91110000101623741K", "91350100M000100Y43", "91330100716105852F"])
def test_known_valid_credit_codes(code):
    assert check_uscc(code) is None
    assert uscc_check_character(code[:17]) == code[17]


def test_a_wrong_check_character_names_the_expected_one():
    message = check_uscc("91110000101623741A")
    assert "第 18 位应为 K，实为 A" in message and "should be K" in message


def test_a_wrong_organisation_check_character_is_found():
    code17 = "9111000010162374" + "2"  # organisation code check digit changed
    message = check_uscc(code17 + uscc_check_character(code17))
    assert "第 17 位应为 1" in message


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9111000010162374", "18 位"),
        ("91110000101623741k", "不允许的字符"),
        ("9111000010162374IO", "不允许的字符"),
    ],
)
def test_malformed_credit_codes(code, fragment):
    assert fragment in check_uscc(code)


@pytest.mark.parametrize("number", ["11010519491231002X", "34052419800101001X"])
def test_known_valid_resident_ids(number):
    assert check_resident_id(number) is None
    assert resident_id_check_character(number[:17]) == number[17]


def test_resident_id_problems():
    assert "应为 X，实为 1" in check_resident_id("110105194912310021")
    assert "出生日期" in check_resident_id("110105194902300021")
    assert "17 位数字" in check_resident_id("11010519491231002")
    assert "17 位数字" in check_resident_id("11010519491231002x")


def test_birth_date():
    assert birth_date("11010519491231002X") == date(1949, 12, 31)
