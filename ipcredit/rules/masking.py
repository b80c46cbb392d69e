"""Personal data (rules.md §3), applied once by the publish functions before anything is written.

- 证件号码 is shown only as its first 4 and last 4 characters. It is masked
  for every party type: an ID number in a register always belongs to a person
  (an operator of an individual business, say), never to an organisation.
- With ``mask_person_names`` a natural person's name is the surname and one *
  per other character; compound surnames (欧阳, 司马, …) are kept whole.
- A person under 18 on the decision (or listing) date is not published at all.
Organisations, their legal representatives and individual businesses' names are public.
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
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "太叔",
        "申屠",
        "钟离",
        "赫连",
        "百里",
    ]
)
ADULT_MONTHS = 18 * 12


def mask_id_number(number: str) -> str:
    """First 4 and last 4 characters, a * for each one between (3101**********123X)."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """The surname and one * per remaining character (李晓明 → 李**, 欧阳晓明 → 欧阳**)."""
    name = name.strip()
    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[:1]
    return surname + "*" * (len(name) - len(surname))


def is_minor(id_number: str | None, on: date) -> bool:
    """Under 18 on ``on``, by the birth date a resident ID (18 or 15 digits) encodes.

    Ages count as Chinese law counts them: a person is 18 from the day after the
    18th birthday (周岁从生日的第二天起算; Civil Code Art. 201–202 for periods), so
    a decision on the birthday itself is still a minor's. A 29 February birthday
    falls on 28 February in a common year (Art. 202: the month's last day).
    """
    born = birth_date(id_number) if id_number else None
    return born is not None and on <= add_months(born, ADULT_MONTHS)
