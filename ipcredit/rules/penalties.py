"""Which penalty decisions are shown on the as-of date, masked.

Each penalty has a publicity class (:mod:`ipcredit.rules.classes`). It is shown
when its class is published (轻微 only with ``publish_minor``), 处罚决定日期 ≤
as-of ≤ publicity end, and no 撤下日期 ≤ as-of. The publicity end is 公示截止期
when given, otherwise the decision date plus the class maximum, and never later
than that. A natural person (or an individual business's operator) who was a
minor on the decision date is never shown. Published records are masked
(:mod:`ipcredit.rules.masking`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ipcredit.records import PartyType, Penalty, PublicityClass, Withheld, WithholdReason
from ipcredit.rules.classes import Window, window
from ipcredit.rules.masking import is_minor, mask_fields, mask_id_number, mask_name
from ipcredit.settings import Settings

_DIGITS = re.compile(r"(\d+)")


def number_key(decision_number: str) -> tuple[str | int, ...]:
    """Decision numbers in natural order: 〔2025〕9号 before 〔2025〕10号."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(decision_number)))


def withhold_reason(
    penalty: Penalty, dates: Window, as_of: date, settings: Settings
) -> WithholdReason | None:
    """Why the record is not shown on ``as_of``, or None when it is. A minor is a natural person,
    or an individual business whose operator's ID the register gives, under 18 on the decision date."""
    if penalty.party_type in _PEOPLE and is_minor(penalty.id_number, penalty.decision_date):
        return WithholdReason.MINOR
    if dates.publicity_class is PublicityClass.MINOR and not settings.publicity.publish_minor:
        return WithholdReason.MINOR_CLASS
    if penalty.withdrawn_on is not None and penalty.withdrawn_on <= as_of:
        return WithholdReason.WITHDRAWN
    if penalty.decision_date > as_of:
        return WithholdReason.NOT_YET_EFFECTIVE
    if as_of > dates.end:
        return WithholdReason.EXPIRED
    return None


# Every text field of a penalty that an output may show: masking reads them all.
PENALTY_TEXT_FIELDS = (
    "decision_number", "party_name", "legal_representative", "id_type", "violation_type", "facts",
    "basis", "content", "licence_action", "validity", "data_source", "withdrawal_reason", "remarks",
)  # fmt: skip
_PEOPLE = (PartyType.PERSON, PartyType.INDIVIDUAL_BUSINESS)  # whose 证件号码 is their own


def masked_fields(penalty: Penalty, settings: Settings) -> dict[str, str | None]:
    """The fields that masking changes (see rules.masking): ID-shaped numbers in every text,
    a person's own ID number and, by setting, name wherever written; an organisation's
    证件号码 (its legal representative's) is dropped."""
    person = penalty.party_type is PartyType.PERSON
    name = penalty.party_name if person and settings.mask_person_names else None
    own_id = penalty.id_number if penalty.party_type in _PEOPLE else None
    changes: dict[str, str | None] = dict(mask_fields(penalty, PENALTY_TEXT_FIELDS, name, own_id))
    if own_id:
        changes["id_number"] = mask_id_number(own_id)
    elif penalty.id_number or penalty.id_type:
        changes["id_number"] = changes["id_type"] = None
    if name:
        changes["party_name"] = mask_name(name)
        if penalty.legal_representative:  # a person has none; whoever is named here is a person too
            changes["legal_representative"] = mask_name(penalty.legal_representative)
    return changes


def publish_penalties(
    penalties: Iterable[Penalty],
    settings: Settings,
    as_of: date,
    tally: Counter[tuple[str, str]] | None = None,
) -> tuple[tuple[Penalty, ...], tuple[Withheld, ...]]:
    """Published records (masked, with their class, effective publicity end and repair date),
    newest decision first and equal dates by decision number; and the withheld ones with their
    reasons, in input order. ``tally``, when given, counts every record's (class basis, class)
    for the build summary, so the classes are not worked out twice."""
    shown: list[Penalty] = []
    withheld: list[Withheld] = []
    for penalty in penalties:
        dates = window(penalty, settings.publicity)
        if tally is not None:
            tally[dates.basis, dates.publicity_class.value] += 1
        reason = withhold_reason(penalty, dates, as_of, settings)
        if reason is None:
            # One replace for every change: it is most of the cost of publishing 100,000 records.
            shown.append(
                replace(
                    penalty,
                    publicity_end=dates.end,
                    publicity_class=dates.publicity_class,
                    repair_from=dates.repair_from,
                    **masked_fields(penalty, settings),
                )
            )
        else:
            withheld.append(Withheld("penalties", penalty.decision_number, reason, penalty.origin))
    shown.sort(key=lambda p: number_key(p.decision_number))
    shown.sort(key=lambda p: p.decision_date, reverse=True)  # stable: numbers stay ascending
    return tuple(shown), tuple(withheld)
