"""The party's codes from before the 统一社会信用代码, as the national template's numbered
columns carry them, and their check characters.

- 工商注册号 (GS15-2006): 15 digits, the last an ISO 7064 MOD 11,10 check digit. Older
  numbers (13 digits and others) carry none and are not checked.
- 组织机构代码 (GB 11714): 8 characters and a check character, often written
  ``XXXXXXXX-X``.

Legacy registers carry wrong ones, and a wrong legacy code harms no one's publication, so a
wrong check character is a warning (the caller reports it), worded as the USCC one is: compare
the code with the document, then which character would make it valid.
"""

from __future__ import annotations

import re

from ipcredit.checks.codes import organisation_check_character
from ipcredit.problems import bilingual

_ORG_CODE = re.compile(r"^([0-9A-Z]{8})-?([0-9X])$")


def registration_check_digit(first14: str) -> str:
    """The 15th digit of a 工商注册号 whose first 14 digits are given (ISO 7064 MOD 11,10)."""
    product = 10
    for digit in first14:
        total = (product + int(digit)) % 10 or 10
        product = (2 * total) % 11
    return str((11 - product) % 10)


def check_registration_number(code: str) -> str | None:
    """None for a valid (or legacy, unchecked) 工商注册号, else what to do about it."""
    if len(code) != 15 or not code.isascii() or not code.isdigit():
        return None
    expected = registration_check_digit(code[:14])
    if code[14] == expected:
        return None
    return bilingual(
        f"工商注册号「{code}」校验不通过，请与营业执照逐位核对；若其他各位无误，第 15 位应为 {expected}",
        f"the registration number does not check out; compare it with the business licence; "
        f"if the other digits are right, the 15th should be {expected}",
    )


def normalise_organisation_code(code: str) -> str:
    """Upper case, white space removed (the hyphen before the check character is kept as written)."""
    return "".join(code.split()).upper()


def check_organisation_code(code: str) -> str | None:
    """None for a valid 组织机构代码, else what is wrong; a code of another shape is not checked."""
    match = _ORG_CODE.match(normalise_organisation_code(code))
    if match is None:
        return None
    body, check = match.groups()
    expected = organisation_check_character(body)
    if check == expected:
        return None
    return bilingual(
        f"组织机构代码「{code}」校验不通过，请与代码证或营业执照核对；若前 8 位无误，校验位应为 {expected}",
        f"the organisation code does not check out; compare it with the certificate; "
        f"if the first 8 characters are right, the check character should be {expected}",
    )
