"""Which penalty decisions are shown on the as-of date (rules.md §2), masked (§3).

Shown when 处罚决定日期 ≤ as-of ≤ publicity end, and no 撤下日期 ≤ as-of.
The publicity end is 公示截止期 when given, otherwise the decision date plus
the default period; it never exceeds the decision date plus the maximum period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ipcredit.records import PartyType, Penalty, Withheld, WithholdReason
from ipcredit.rules.masking import is_minor, mask_id_number, mask_name
from ipcredit.rules.periods import add_months
from ipcredit.settings import Settings


def publicity_end(penalty: Penalty, settings: Settings) -> date:
    cap = add_months(penalty.decision_date, settings.penalty_max_months)
    declared = penalty.publicity_end or add_months(penalty.decision_date, settings.penalty_default_months)
    return min(declared, cap)


def withhold_reason(penalty: Penalty, end: date, as_of: date) -> WithholdReason | None:
    if penalty.party_type is PartyType.PERSON and is_minor(penalty.id_number, penalty.decision_date):
        return WithholdReason.MINOR
    if penalty.withdrawn_on is not None and penalty.withdrawn_on <= as_of:
        return WithholdReason.WITHDRAWN
    if penalty.decision_date > as_of:
        return WithholdReason.NOT_YET_EFFECTIVE
    if as_of > end:
        return WithholdReason.EXPIRED
    return None


def mask(penalty: Penalty, settings: Settings) -> Penalty:
    if penalty.party_type is not PartyType.PERSON:
        return penalty
    return replace(
        penalty,
        party_name=mask_name(penalty.party_name) if settings.mask_person_names else penalty.party_name,
        id_number=mask_id_number(penalty.id_number) if penalty.id_number else None,
    )


def publish_penalties(
    penalties: Iterable[Penalty], settings: Settings, as_of: date
) -> tuple[tuple[Penalty, ...], tuple[Withheld, ...]]:
    """Published records (masked, with the effective publicity end), newest decision first."""
    shown: list[Penalty] = []
    withheld: list[Withheld] = []
    for penalty in penalties:
        end = publicity_end(penalty, settings)
        reason = withhold_reason(penalty, end, as_of)
        if reason is None:
            shown.append(mask(replace(penalty, publicity_end=end), settings))
        else:
            withheld.append(Withheld("penalties", penalty.decision_number, reason, penalty.origin))
    shown.sort(key=lambda p: (p.decision_date, p.decision_number), reverse=True)
    return tuple(shown), tuple(withheld)
