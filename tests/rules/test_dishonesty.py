"""Dishonesty list windows at their boundaries: listing, removal, scheduled removal."""

from __future__ import annotations

from datetime import date

import pytest

from ipcredit.records import Origin, PartyType, WithholdReason
from ipcredit.rules.dishonesty import publish_dishonesty
from tests.factories import dishonesty, settings

LISTED = date(2025, 6, 1)
NOT_YET, REMOVED, EXPIRED = WithholdReason.NOT_YET_EFFECTIVE, WithholdReason.REMOVED, WithholdReason.EXPIRED


def outcome(entry, as_of, **options):
    shown, withheld = publish_dishonesty([entry], settings(**options), as_of)
    assert len(shown) + len(withheld) == 1
    return "shown" if shown else withheld[0].reason


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 5, 31), NOT_YET), (date(2025, 6, 1), "shown"), (date(2025, 6, 2), "shown")],
)
def test_listing_date_boundary(as_of, expected):
    assert outcome(dishonesty(1, listed_on=LISTED, scheduled_removal=None), as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2026, 6, 9), "shown"), (date(2026, 6, 10), REMOVED), (date(2026, 6, 11), REMOVED)],
)
def test_removal_takes_effect_on_its_day(as_of, expected):
    assert outcome(dishonesty(1, listed_on=LISTED, removed_on=date(2026, 6, 10)), as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2026, 12, 30), "shown"), (date(2026, 12, 31), EXPIRED), (date(2027, 1, 1), EXPIRED)],
)
def test_a_given_scheduled_removal_takes_effect_on_its_day(as_of, expected):
    assert outcome(dishonesty(1, listed_on=LISTED, scheduled_removal=date(2026, 12, 31)), as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2028, 5, 31), "shown"), (date(2028, 6, 1), EXPIRED), (date(2028, 6, 2), EXPIRED)],
)
def test_the_default_scheduled_removal_is_three_years_after_listing(as_of, expected):
    assert outcome(dishonesty(1, listed_on=LISTED, scheduled_removal=None), as_of) == expected


def test_the_default_period_is_a_setting_and_the_published_entry_carries_it():
    entry = dishonesty(1, listed_on=LISTED, scheduled_removal=None)
    assert outcome(entry, date(2026, 5, 31), dishonesty_default_months=12) == "shown"
    assert outcome(entry, date(2026, 6, 1), dishonesty_default_months=12) is EXPIRED
    shown, _ = publish_dishonesty([entry], settings(), date(2026, 1, 1))
    assert shown[0].scheduled_removal == date(2028, 6, 1)


def test_an_early_removal_is_reported_as_removed_even_after_the_scheduled_date():
    entry = dishonesty(1, listed_on=LISTED, removed_on=date(2026, 7, 1), scheduled_removal=date(2027, 6, 1))
    assert outcome(entry, date(2027, 7, 1)) is REMOVED


def test_newest_listing_first_equal_dates_by_number():
    entries = [dishonesty(n, listed_on=date(2025, 6, 1)) for n in (12, 3)] + [
        dishonesty(7, listed_on=date(2025, 7, 1))
    ]
    shown, _ = publish_dishonesty(entries, settings(), date(2026, 1, 1))
    assert [d.decision_number for d in shown] == [
        "江市监失信〔2025〕7号", "江市监失信〔2025〕3号", "江市监失信〔2025〕12号",
    ]  # fmt: skip


def test_natural_persons_names_are_masked_and_organisations_are_not():
    person = dishonesty(
        1, entity_type=PartyType.PERSON, name="欧阳晓明", uscc=None, legal_representative=None
    )
    company = dishonesty(2, name="江海失信科技有限公司", legal_representative="李四")
    shown, _ = publish_dishonesty([person, company], settings(), date(2026, 1, 1))
    names = {d.decision_number: (d.name, d.legal_representative) for d in shown}
    assert names[person.decision_number] == ("欧阳**", None)
    assert names[company.decision_number] == ("江海失信科技有限公司", "李四")
    shown, _ = publish_dishonesty([person], settings(mask_person_names=False), date(2026, 1, 1))
    assert shown[0].name == "欧阳晓明"


@pytest.mark.parametrize(
    ("listed_on", "months", "first_day"),
    [
        (date(2025, 6, 1), 12, date(2026, 6, 1)),  # SAMR Order 44: one year after listing
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 6, 1), 6, date(2025, 12, 1)),  # the period is a setting
    ],
)
def test_a_shown_listing_says_from_which_day_early_removal_may_be_applied_for(listed_on, months, first_day):
    entry = dishonesty(1, listed_on=listed_on, scheduled_removal=None, early_removal_from=None)
    shown, _ = publish_dishonesty([entry], settings(dishonesty_early_removal_months=months), date(2026, 1, 1))
    assert [d.early_removal_from for d in shown] == [first_day]


def test_a_withheld_listing_names_its_register_number_reason_and_row():
    waiting = dishonesty(1, listed_on=date(2026, 2, 1))
    removed = dishonesty(2, removed_on=date(2025, 12, 1))
    _, withheld = publish_dishonesty([waiting, removed], settings(), date(2026, 1, 1))
    assert [(w.register, w.key, w.reason, w.origin) for w in withheld] == [
        ("dishonesty", "江市监失信〔2025〕1号", NOT_YET, Origin("cases_data/dishonesty/a.csv", 2)),
        ("dishonesty", "江市监失信〔2025〕2号", REMOVED, Origin("cases_data/dishonesty/a.csv", 3)),
    ]
