"""Personal data of natural persons (rules.md §3), applied once before anything is written.

- 证件号码 is shown only as its first 4 and last 4 characters.
- With ``mask_person_names`` the name is the surname and one * per other character.
- A person under 18 on the decision (or listing) date is not published at all.
Organisations, their legal representatives and individual businesses are public.
"""

from __future__ import annotations

from datetime import date

from ipcredit.checks.codes import birth_date
from ipcredit.rules.periods import add_months

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "西门",
        "独孤",
        "南宫",
        "万俟",
        "闻人",
        "轩辕",
        "呼延",
    ]
)
ADULT_MONTHS = 18 * 12


def mask_id_number(number: str) -> str:
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    return surname + "*" * (len(name) - len(surname))


def is_minor(id_number: str | None, on: date) -> bool:
    """Under 18 on ``on``, by the birth date an 18-digit resident ID encodes.

    The 18th birthday itself counts as adult; a 29 February birthday turns 18 on
    28 February in a common year.
    """
    if not id_number or len(id_number) != 18:
        return False
    born = birth_date(id_number)
    return born is not None and on < add_months(born, ADULT_MONTHS)
