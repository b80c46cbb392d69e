"""Which entries of the protection lists are shown on the as-of date, masked (docs/publicity.md).

- A key trademark is shown while 列入日期 ≤ as-of ≤ 有效期至: from the day it is listed through
  the last day of its validity. A listing dated after the as-of date is not shown yet
  (``not_yet_effective``): a list prepared ahead of its effective date must not appear early.
  From the day after 有效期至 it is ``expired``.
- A place (risk point or market under focus) is shown while 列入日期 ≤ as-of < 移出日期 (when
  given): ``removed`` from its removal day, ``not_yet_effective`` before its listing day.

Withheld entries are recorded with their reason and record id (the key their URL would carry),
like every other register's. Masking (docs/personal-data.md): resident-ID-shaped numbers in
every text field; a right holder taken for a natural person (KeyTrademark.holder_is_person)
is shown as a person is on the other registers (surname only, with ``mask_person_names``),
the name masked wherever 保护措施 repeats it and the English name (a transliteration) dropped.
The mark itself is never altered by a person's name masking, only by the ID masking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ipcredit.records import KeyTrademark, RiskPoint, Withheld, WithholdReason
from ipcredit.rules.masking import mask_fields, mask_name
from ipcredit.settings import Settings

TRADEMARKS, RISK_POINTS = "key-trademarks", "risk-points"
# Every text field an output may show, for the ID masking.
MARK_TEXT_FIELDS = ("name", "registration_number", "holder", "holder_uscc", "holder_name_en", "measures")
PLACE_TEXT_FIELDS = ("name", "district", "address", "measures")
# The fields a natural person's name may be written in besides the holder column itself.
MARK_PERSON_FIELDS = ("measures",)


def trademark_withhold_reason(mark: KeyTrademark, as_of: date) -> WithholdReason | None:
    """Why the mark is not shown on ``as_of``, or None when it is."""
    if as_of < mark.listed_on:
        return WithholdReason.NOT_YET_EFFECTIVE
    if as_of > mark.valid_until:
        return WithholdReason.EXPIRED
    return None


def place_withhold_reason(place: RiskPoint, as_of: date) -> WithholdReason | None:
    """Why the place is not shown on ``as_of``, or None when it is."""
    if place.removed_on is not None and as_of >= place.removed_on:
        return WithholdReason.REMOVED
    if as_of < place.listed_on:
        return WithholdReason.NOT_YET_EFFECTIVE
    return None


def mask_trademark(mark: KeyTrademark, settings: Settings) -> KeyTrademark:
    changes: dict[str, str | None] = {**mask_fields(mark, MARK_TEXT_FIELDS)}
    if mark.holder_is_person and settings.mask_person_names:
        # the person's name and every ID, from the fields as read (overrides the ID-only masking)
        changes.update(mask_fields(mark, MARK_PERSON_FIELDS, mark.holder))
        changes["holder"] = mask_name(mark.holder)
        changes["holder_name_en"] = None
    return replace(mark, **changes)


def mask_place(place: RiskPoint) -> RiskPoint:
    return replace(place, **mask_fields(place, PLACE_TEXT_FIELDS))


def publish_trademarks(
    marks: Iterable[KeyTrademark], settings: Settings, as_of: date
) -> tuple[tuple[KeyTrademark, ...], tuple[Withheld, ...]]:
    """The marks shown (masked), newest listing first and equal dates by registration number;
    and the withheld ones with their reasons, in input order."""
    shown: list[KeyTrademark] = []
    withheld: list[Withheld] = []
    for mark in marks:
        reason = trademark_withhold_reason(mark, as_of)
        if reason is None:
            shown.append(mask_trademark(mark, settings))
        else:
            withheld.append(Withheld(TRADEMARKS, mark.id, reason, mark.origin))
    shown.sort(key=lambda m: m.registration_number)
    shown.sort(key=lambda m: m.listed_on, reverse=True)  # stable: numbers stay ascending
    return tuple(shown), tuple(withheld)


def publish_risk_points(
    places: Iterable[RiskPoint], as_of: date
) -> tuple[tuple[RiskPoint, ...], tuple[Withheld, ...]]:
    """The places shown (masked), newest listing first and equal dates by list and name; and the
    withheld ones with their reasons, in input order."""
    shown: list[RiskPoint] = []
    withheld: list[Withheld] = []
    for place in places:
        reason = place_withhold_reason(place, as_of)
        if reason is None:
            shown.append(mask_place(place))
        else:
            withheld.append(Withheld(RISK_POINTS, place.id, reason, place.origin))
    shown.sort(key=lambda p: (p.risk_list, p.name))
    shown.sort(key=lambda p: p.listed_on, reverse=True)
    return tuple(shown), tuple(withheld)
