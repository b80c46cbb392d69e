"""Which penalty decisions are shown on the as-of date (rules.md §2), masked (§3).

Shown when 处罚决定日期 ≤ as-of ≤ publicity end, and no 撤下日期 ≤ as-of.
The publicity end is 公示截止期 when given, otherwise the decision date plus
the default period; it never exceeds the decision date plus the maximum period.
A natural person (or an individual business's operator) who was a minor on the
decision date is never shown. Published records are masked (rules.masking).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ipcredit.records import PartyType, Penalty, Withheld, WithholdReason
from ipcredit.rules.masking import is_minor, mask_fields, mask_id_number, mask_name
from ipcredit.rules.periods import add_months
from ipcredit.settings import Settings

_DIGITS = re.compile(r"(\d+)")


def number_key(decision_number: str) -> tuple[str | int, ...]:
    """Decision numbers in natural order: 〔2025〕9号 before 〔2025〕10号."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(decision_number)))


def publicity_end(penalty: Penalty, settings: Settings) -> date:
    """公示截止期, or the decision date plus the default period; capped at the maximum period."""
    cap = add_months(penalty.decision_date, settings.penalty_max_months)
    declared = penalty.publicity_end or add_months(penalty.decision_date, settings.penalty_default_months)
    return min(declared, cap)


def withhold_reason(penalty: Penalty, end: date, as_of: date) -> WithholdReason | None:
    """Why the record is not shown on ``as_of``, or None when it is. A minor is a natural person,
    or an individual business whose operator's ID the register gives, under 18 on the decision date."""
    if penalty.party_type in _PEOPLE and is_minor(penalty.id_number, penalty.decision_date):
        return WithholdReason.MINOR
    if penalty.withdrawn_on is not None and penalty.withdrawn_on <= as_of:
        return WithholdReason.WITHDRAWN
    if penalty.decision_date > as_of:
        return WithholdReason.NOT_YET_EFFECTIVE
    if as_of > end:
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
    penalties: Iterable[Penalty], settings: Settings, as_of: date
) -> tuple[tuple[Penalty, ...], tuple[Withheld, ...]]:
    """Published records (masked, with the effective publicity end), newest decision first and
    equal dates by decision number; and the withheld ones with their reasons, in input order."""
    shown: list[Penalty] = []
    withheld: list[Withheld] = []
    for penalty in penalties:
        end = publicity_end(penalty, settings)
        reason = withhold_reason(penalty, end, as_of)
        if reason is None:
            # One replace for both changes: it is most of the cost of publishing 100,000 records.
            shown.append(replace(penalty, publicity_end=end, **masked_fields(penalty, settings)))
        else:
            withheld.append(Withheld("penalties", penalty.decision_number, reason, penalty.origin))
    shown.sort(key=lambda p: number_key(p.decision_number))
    shown.sort(key=lambda p: p.decision_date, reverse=True)  # stable: numbers stay ascending
    return tuple(shown), tuple(withheld)
