"""Which listings of the dishonesty list are shown on the as-of date, and masked: see
docs/publicity.md ("The dishonesty list") and docs/personal-data.md.

Shown when 列入日期 ≤ as-of, as-of < 移出日期 (when given) and as-of <
届满移出日期 (when given; otherwise the listing date plus the default period).
The list's columns carry no ID number, so the minors rule (penalties) has
nothing to read here; natural persons' names are masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ipcredit.records import DishonestyEntry, PartyType, Withheld, WithholdReason
from ipcredit.rules.masking import mask_fields, mask_name
from ipcredit.rules.penalties import number_key
from ipcredit.rules.periods import add_months
from ipcredit.settings import Settings


def scheduled_removal(entry: DishonestyEntry, settings: Settings) -> date:
    """届满移出日期, or the listing date plus the default period."""
    return entry.scheduled_removal or add_months(
        entry.listed_on, settings.publicity.dishonesty_default_months
    )


def early_removal_from(entry: DishonestyEntry, settings: Settings) -> date:
    """The first day early removal may be applied for (SAMR Order 44: one year after listing)."""
    return add_months(entry.listed_on, settings.publicity.dishonesty_early_removal_months)


def withhold_reason(entry: DishonestyEntry, removal: date, as_of: date) -> WithholdReason | None:
    """Why the listing is not shown on ``as_of``, or None when it is."""
    if entry.removed_on is not None and as_of >= entry.removed_on:
        return WithholdReason.REMOVED
    if entry.listed_on > as_of:
        return WithholdReason.NOT_YET_EFFECTIVE
    if as_of >= removal:
        return WithholdReason.EXPIRED
    return None


# Every text field of a listing that an output may show: masking reads them all.
LISTING_TEXT_FIELDS = (
    "decision_number", "name", "legal_representative", "behaviour", "basis", "removal_reason", "measures"
)  # fmt: skip


def mask(entry: DishonestyEntry, settings: Settings) -> DishonestyEntry:
    """ID-shaped numbers masked in every text; a natural person's name, by setting, wherever written
    (and whoever the 法定代表人 column names for a person)."""
    person = entry.entity_type is PartyType.PERSON and settings.mask_person_names
    changes = mask_fields(entry, LISTING_TEXT_FIELDS, entry.name if person else None)
    if person:
        changes["name"] = mask_name(entry.name)
        if entry.legal_representative:
            changes["legal_representative"] = mask_name(entry.legal_representative)
    return replace(entry, **changes)


def publish_dishonesty(
    entries: Iterable[DishonestyEntry], settings: Settings, as_of: date
) -> tuple[tuple[DishonestyEntry, ...], tuple[Withheld, ...]]:
    """Current listings (masked, with the effective scheduled removal), newest listing first and
    equal dates by decision number; and the withheld ones with their reasons, in input order."""
    shown: list[DishonestyEntry] = []
    withheld: list[Withheld] = []
    for entry in entries:
        removal = scheduled_removal(entry, settings)
        reason = withhold_reason(entry, removal, as_of)
        if reason is None:
            early = early_removal_from(entry, settings)
            shown.append(mask(replace(entry, scheduled_removal=removal, early_removal_from=early), settings))
        else:
            withheld.append(Withheld("dishonesty", entry.decision_number, reason, entry.origin))
    shown.sort(key=lambda d: number_key(d.decision_number))
    shown.sort(key=lambda d: d.listed_on, reverse=True)  # stable: numbers stay ascending
    return tuple(shown), tuple(withheld)
