"""Personal data, applied once by the publish functions before anything is rendered or indexed.

- 证件号码 is shown only as its first 4 and last 4 characters: a natural
  person's, or an individual business operator's. An organisation's 证件号码
  is its legal representative's and is never published.
- With ``mask_person_names`` a natural person's name is the surname and one *
  per other character; compound surnames (欧阳, 司马, …) are kept whole.
- Every text field of a record is masked too (:func:`mask_fields`): the
  person's own name and ID number wherever they are written (违法事实, 处罚内容,
  备注, 法定代表人, …), and any resident-ID-shaped number, whoever it belongs
  to: 15 or 18 digits (the 18th may be X) with a real birth date, even with
  spaces or hyphens inside or typed in full-width digits, as clerks type them.
- Documents (notices of service, cases, white papers, pages) get the same
  masking of ID-shaped numbers in their texts (:func:`mask_document`).
- A person under 18 on the decision (or listing) date is not published at all.
Organisations, their legal representatives and individual businesses' names are public.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TypeVar

from ipcredit.checks.codes import birth_date, is_resident_id_shaped, resident_id_check_character
from ipcredit.records import LANGS, Bilingual, Text
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


# Between the digits of an ID number clerks put spaces (of any width) and dashes, at most two in a
# row; a line break ends the number. Any decimal digit counts (full-width ones included).
_GAP = r"[ \t\u00a0\u3000\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]{0,2}"
_ID_RUN = re.compile(rf"\d(?:{_GAP}\d){{14,}}(?:{_GAP}[XxＸｘ])?")
_SEPARATORS = re.compile(_GAP.replace("{0,2}", "+"))


def _bare(run: str) -> str:
    """The digits of a run as ASCII, and a final X."""
    chars = [str(unicodedata.decimal(c)) if c.isdecimal() else "X" for c in _SEPARATORS.sub("", run)]
    return "".join(chars)


def is_id_like(number: str) -> bool:
    """A resident ID's shape (15 digits, or 17 and a digit or X) with a real birth date."""
    return is_resident_id_shaped(number) and birth_date(number) is not None


def _holds_an_id(number: str) -> bool:
    """A longer run of digits hiding an 18-character ID: one with a real birth date and the right
    check character (the check keeps ordinary long numbers, such as account numbers, readable)."""
    for start in range(len(number) - 17):
        window = number[start : start + 18]
        if is_id_like(window) and resident_id_check_character(window[:17]) == window[17]:
            return True
    return False


def _mask_run(match: re.Match[str]) -> str:
    number = _bare(match.group())
    if is_id_like(number) or _holds_an_id(number):  # runs of 18 or fewer hold no other ID
        return mask_id_number(number)
    return match.group()


def mask_id_numbers_in(text: str) -> str:
    """Every resident-ID-shaped number in ``text`` masked to its first and last four characters."""
    return _ID_RUN.sub(_mask_run, text)


def _name_regex(name: str | None) -> re.Pattern[str] | None:
    """``name`` (as typed, perhaps with spaces) also with white space between its characters;
    None for a name of one character or none (a surname only: nothing to hide)."""
    chars = [re.escape(c) for c in name or () if not c.isspace()]
    return re.compile(r"\s*".join(chars)) if len(chars) > 1 else None


D = TypeVar("D", bound=Bilingual)


def mask_document(doc: D) -> D:
    """A document (white paper, notice, page, case) with every resident-ID-shaped number in its
    texts masked: a 送达公告 names the person it serves, and agencies paste IDs into case texts."""
    return replace(doc, **{lang: _mask_text(t) for lang in LANGS if (t := getattr(doc, lang)) is not None})


def _mask_text(text: Text) -> Text:
    # No search first: where nothing matches, the substitution costs what a search would.
    toc = tuple(
        replace(h, text=mask_id_numbers_in(h.text), anchor=mask_id_numbers_in(h.anchor)) for h in text.toc
    )
    return replace(
        text,
        title=mask_id_numbers_in(text.title),
        summary=mask_id_numbers_in(text.summary),
        body_html=mask_id_numbers_in(text.body_html),
        toc=toc,
    )


def mask_fields(
    record: object, names: tuple[str, ...], person_name: str | None = None, id_number: str | None = None
) -> dict[str, str]:
    """The text fields among ``names`` that masking changes, with their masked text: the person's
    name (given when names are masked) and ID number wherever written, and every
    resident-ID-shaped number. Each step is looked for once in the whole record first, so a
    record with nothing to mask (most of them) costs one search."""
    values = {n: v for n in names if isinstance(v := getattr(record, n), str)}
    whole = "\n".join(values.values())
    steps: list[Callable[[str], str]] = []
    pattern = _name_regex(person_name)
    if pattern is not None and pattern.search(whole):  # so person_name is a name
        masked_name = mask_name("".join(str(person_name).split()))
        steps.append(lambda text: pattern.sub(lambda _match: masked_name, text))
    if id_number and len(id_number) > 4 and id_number in whole:  # a passport number, say
        masked_id = mask_id_number(id_number)
        steps.append(lambda text: text.replace(id_number, masked_id))
    if _ID_RUN.search(whole):
        steps.append(mask_id_numbers_in)
    changes = {}
    for field, value in values.items():
        masked = value
        for step in steps:
            masked = step(masked)
        if masked != value:
            changes[field] = masked
    return changes
