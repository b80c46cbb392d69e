"""Dishonesty list windows at their boundaries: listing, removal, scheduled removal."""

from __future__ import annotations

from datetime import date

from ipcredit.records import PartyType, WithholdReason
from ipcredit.rules.dishonesty import publish_dishonesty
from tests.factories import dishonesty, settings


def outcome(entry, as_of, **options):
    shown, withheld = publish_dishonesty([entry], settings(**options), as_of)
    return "shown" if shown else withheld[0].reason


def test_listing_date_boundary():
    entry = dishonesty(1, listed_on=date(2025, 6, 1), scheduled_removal=None)
    assert outcome(entry, date(2025, 5, 31)) is WithholdReason.NOT_YET_EFFECTIVE
    assert outcome(entry, date(2025, 6, 1)) == "shown"
    assert outcome(entry, date(2025, 6, 2)) == "shown"


def test_removal_date_removes_on_the_day():
    entry = dishonesty(1, listed_on=date(2025, 6, 1), removed_on=date(2026, 6, 10))
    assert outcome(entry, date(2026, 6, 9)) == "shown"
    assert outcome(entry, date(2026, 6, 10)) is WithholdReason.REMOVED
    assert outcome(entry, date(2026, 6, 11)) is WithholdReason.REMOVED


def test_scheduled_removal_given_or_by_default():
    given = dishonesty(1, listed_on=date(2025, 6, 1), scheduled_removal=date(2026, 12, 31))
    assert outcome(given, date(2026, 12, 30)) == "shown"
    assert outcome(given, date(2026, 12, 31)) is WithholdReason.EXPIRED
    default = dishonesty(2, listed_on=date(2025, 6, 1), scheduled_removal=None)
    assert outcome(default, date(2028, 5, 31)) == "shown"
    assert outcome(default, date(2028, 6, 1)) is WithholdReason.EXPIRED
    shown, _ = publish_dishonesty([default], settings(), date(2026, 1, 1))
    assert shown[0].scheduled_removal == date(2028, 6, 1)
    assert outcome(default, date(2026, 6, 1), dishonesty_default_months=12) is WithholdReason.EXPIRED


def test_natural_persons_names_are_masked_on_the_list():
    entry = dishonesty(1, entity_type=PartyType.PERSON, name="欧阳晓明", uscc=None, legal_representative=None)
    shown, _ = publish_dishonesty([entry], settings(), date(2026, 1, 1))
    assert shown[0].name == "欧阳**"
