"""Check characters of the national identifier codes.

- 统一社会信用代码 (GB 32100-2015): 18 characters from USCC_CHARSET; positions
  9–17 are the organisation code (GB 11714) with its own check character; the
  18th character is 31 − (Σ cᵢ·3^(i−1) mod 31), 31 → 0; positions 3–8 are
  the region code, digits only. Lower-case letters are refused (the standard
  has none), with the upper-case form suggested.
- Resident ID (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character;
  digits 7–14 are the birth date, which must exist. A lower-case x is
  accepted as X by :func:`normalise_resident_id` (people type it that way).
- Legacy 15-digit resident IDs (issued before 1999) have no check character:
  they are accepted when they are all digits and encode a real birth date
  (19YYMMDD), because refusing them would keep valid old records unpublished.

Readers first pass what was typed through :func:`normalise_code` or
:func:`normalise_resident_id` (full-width characters as ASCII, separators
removed); after that only ASCII digits count as digits, so Arabic-Indic or
superscript digits are refused with a message, never published and never an
exception. The checkers accept any Unicode string.

The checkers return None for a valid code, or a message (Chinese with an
English gloss) that says which character was expected.
"""

from __future__ import annotations

import re
from datetime import date

from ipcredit.checks.dates import LATEST
from ipcredit.problems import bilingual

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_USCC_SET = frozenset(USCC_CHARSET)
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# GB 11714 values its characters over the whole alphabet (A=10 … Z=35), not the USCC set.
_ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def uscc_check_character(first17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are given."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def organisation_check_character(first8: str) -> str:
    """GB 11714 check character of the 9-character organisation code (positions 9–17)."""
    total = sum(_ORG_VALUE[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def check_uscc(code: str) -> str | None:
    """None for a valid 统一社会信用代码, else what is wrong and how to fix it."""
    if len(code) != 18:
        return bilingual(
            f"统一社会信用代码应为 18 位，实为 {len(code)} 位",
            f"a credit code has 18 characters, found {len(code)}",
        )
    if _USCC_SET.issuperset(code):
        return _check_region(code) or _check_characters(code)
    if all(c in _USCC_VALUE for c in code.upper()):
        return bilingual(
            f"统一社会信用代码中的字母应为大写：{code.upper()}",
            f"letters must be upper case: {code.upper()}",
        )
    bad = "".join(dict.fromkeys(c for c in code if c not in _USCC_VALUE))
    return bilingual(
        f"统一社会信用代码含有不允许的字符「{bad}」（只能使用数字和大写字母，不含 I、O、Z、S、V）",
        f"characters outside the GB 32100 set: {bad}",
    )


def _check_region(code: str) -> str | None:
    """Positions 3–8 are the administrative region code (GB/T 2260): six digits."""
    region = code[2:8]
    if region.isdigit():
        return None
    return bilingual(
        f"统一社会信用代码第 3–8 位是行政区划代码，只能是数字，实为「{region}」",
        f"positions 3-8 are the region code and must be digits, found {region}",
    )


def _check_characters(code: str) -> str | None:
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return bilingual(
            f"统一社会信用代码「{code}」校验不通过，请与营业执照逐位核对；若前 17 位无误，第 18 位应为 {expected}，实为 {code[17]}",
            f"the credit code does not check out; compare it with the business licence; "
            f"if the first 17 characters are right, the 18th should be {expected}, found {code[17]}",
        )
    org_expected = organisation_check_character(code[8:16])
    if code[16] != org_expected:
        return bilingual(
            f"统一社会信用代码「{code}」校验不通过，请与营业执照逐位核对；"
            f"若第 9–16 位无误，第 17 位应为 {org_expected}，实为 {code[16]}",
            f"the credit code does not check out; compare it with the business licence; "
            f"if characters 9-16 are right, the 17th should be {org_expected}, found {code[16]}",
        )
    return None


def resident_id_check_character(first17: str) -> str:
    """The 18th character of a resident ID whose first 17 digits are given."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


# What clerks and Excel add around a number: white space of any width, dashes, quotes.
_NOISE = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d'\u2018\u2019\uff07`]+")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # ！…～ → !…~ (digits and letters too)


def to_ascii(text: str) -> str:
    """Full-width digits and letters as ASCII (０-９ Ａ-Ｚ ａ-ｚ); other characters unchanged."""
    return text.translate(_FULL_WIDTH)


def normalise_code(code: str) -> str:
    """A credit code as typed → full-width characters as ASCII, white space removed."""
    return "".join(to_ascii(code).split())


def normalise_resident_id(number: str) -> str:
    """An ID number as clerks and Excel write it → the bare number: full-width characters as
    ASCII, without spaces, hyphens or Excel's leading apostrophe, with a final x written as X.
    Other non-ASCII digits (Arabic-Indic, superscripts…) are kept, so the check refuses them."""
    number = _NOISE.sub("", to_ascii(number))
    return number[:-1] + "X" if number.endswith("x") else number


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def is_resident_id_shaped(number: str) -> bool:
    """17 ASCII digits and a digit or X, or a legacy 15 ASCII digits."""
    if len(number) == 15:
        return _ascii_digits(number)
    return len(number) == 18 and _ascii_digits(number[:17]) and number[17] in _ID_CHECK


def birth_date(resident_id: str) -> date | None:
    """The birth date an 18-digit or legacy 15-digit (19YYMMDD) resident ID encodes; None if the
    number is not ID-shaped (ASCII digits only) or the date does not exist."""
    if not is_resident_id_shaped(resident_id):
        return None
    if len(resident_id) == 18:
        year, month, day = resident_id[6:10], resident_id[10:12], resident_id[12:14]
    else:
        year, month, day = "19" + resident_id[6:8], resident_id[8:10], resident_id[10:12]
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return None
    # Past the latest source date it is a typo, and born + 18 years could overflow date.max.
    return born if born <= LATEST else None


def check_resident_id(number: str) -> str | None:
    """None for a valid resident ID (18 characters, or a legacy 15-digit one), else the problem."""
    if len(number) == 15 and _ascii_digits(number):
        return _check_birth_date(number)
    if not is_resident_id_shaped(number) or len(number) != 18:
        return bilingual(
            "居民身份证号码应为 17 位数字加 1 位校验码（数字或 X），旧号码为 15 位数字",
            "a resident ID is 17 digits and a check character (or a legacy 15-digit number)",
        )
    problem = _check_birth_date(number)
    if problem:
        return problem
    expected = resident_id_check_character(number[:17])
    if number[17] != expected:
        return bilingual(
            f"居民身份证号码校验不通过，请与身份证件逐位核对；若前 17 位无误，第 18 位应为 {expected}，实为 {number[17]}",
            f"the ID number does not check out; compare it with the identity document; "
            f"if the first 17 digits are right, the 18th should be {expected}, found {number[17]}",
        )
    return None


def _check_birth_date(number: str) -> str | None:
    if birth_date(number) is not None:
        return None
    digits = number[6:14] if len(number) == 18 else number[6:12]
    return bilingual(
        f"居民身份证号码中的出生日期「{digits}」不存在", "the birth date in the ID does not exist"
    )
