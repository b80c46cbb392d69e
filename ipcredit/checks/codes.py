"""Check characters of the national identifier codes.

- 统一社会信用代码 (GB 32100-2015): 18 characters from CHARSET; positions 9–17
  are the organisation code (GB 11714) with its own check character; the
  18th character is 31 − (Σ cᵢ·3^(i−1) mod 31) mod 31.
- Resident ID (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character;
  digits 7–14 are the birth date.

The checkers return None for a valid code, or a message (Chinese with an
English gloss) that says which character was expected.
"""

from __future__ import annotations

from datetime import date

from ipcredit.problems import bilingual

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def uscc_check_character(first17: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def organisation_check_character(first8: str) -> str:
    """GB 11714 check character of the 9-character organisation code (positions 9–17)."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def check_uscc(code: str) -> str | None:
    if len(code) != 18:
        return bilingual(
            f"统一社会信用代码应为 18 位，实为 {len(code)} 位", "a credit code has 18 characters"
        )
    bad = [c for c in code if c not in _USCC_VALUE]
    if bad:
        return bilingual(
            f"统一社会信用代码含有不允许的字符「{''.join(bad)}」（只能使用数字和大写字母，不含 I、O、Z、S、V）",
            "characters outside the GB 32100 set",
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return bilingual(
            f"统一社会信用代码校验位错误：第 18 位应为 {expected}，实为 {code[17]}",
            f"check character should be {expected}, found {code[17]}",
        )
    org_expected = organisation_check_character(code[8:16])
    if code[16] != org_expected:
        return bilingual(
            f"统一社会信用代码中的组织机构代码校验位错误：第 17 位应为 {org_expected}，实为 {code[16]}",
            f"organisation code check character (17th) should be {org_expected}, found {code[16]}",
        )
    return None


def resident_id_check_character(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def birth_date(resident_id: str) -> date | None:
    """The birth date an 18-digit resident ID encodes, or None when it is not a real date."""
    try:
        return date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))
    except ValueError:
        return None


def check_resident_id(number: str) -> str | None:
    """An 18-digit resident ID: digits, a real birth date and the MOD 11-2 check character."""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return bilingual(
            "居民身份证号码应为 17 位数字加 1 位校验码（数字或大写 X）",
            "a resident ID is 17 digits and a check character",
        )
    if birth_date(number) is None:
        return bilingual(
            f"居民身份证号码中的出生日期「{number[6:14]}」不存在", "the birth date in the ID does not exist"
        )
    expected = resident_id_check_character(number[:17])
    if number[17] != expected:
        return bilingual(
            f"居民身份证号码校验码错误：第 18 位应为 {expected}，实为 {number[17]}",
            f"check character should be {expected}, found {number[17]}",
        )
    return None
