"""Penalty publicity windows at their boundary dates: the day before, on, and after."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipcredit.records import PartyType, WithholdReason
from ipcredit.rules.penalties import publish_penalties
from tests.factories import penalty, settings

DAY = timedelta(days=1)


def outcome(record, as_of, **options):
    shown, withheld = publish_penalties([record], settings(**options), as_of)
    return "shown" if shown else withheld[0].reason


def test_decision_date_boundary():
    record = penalty(1, decision_date=date(2025, 3, 5), publicity_end=None)
    assert outcome(record, date(2025, 3, 4)) is WithholdReason.NOT_YET_EFFECTIVE
    assert outcome(record, date(2025, 3, 5)) == "shown"
    assert outcome(record, date(2025, 3, 6)) == "shown"


def test_default_period_runs_to_the_same_day_three_years_later():
    record = penalty(1, decision_date=date(2025, 3, 5), publicity_end=None)
    assert outcome(record, date(2028, 3, 4)) == "shown"
    assert outcome(record, date(2028, 3, 5)) == "shown"
    assert outcome(record, date(2028, 3, 6)) is WithholdReason.EXPIRED
    assert outcome(record, date(2025, 9, 6), penalty_default_months=6) is WithholdReason.EXPIRED


def test_a_given_end_of_publicity():
    record = penalty(1, decision_date=date(2025, 3, 5), publicity_end=date(2025, 6, 30))
    assert outcome(record, date(2025, 6, 29)) == "shown"
    assert outcome(record, date(2025, 6, 30)) == "shown"
    assert outcome(record, date(2025, 7, 1)) is WithholdReason.EXPIRED


def test_a_later_end_is_capped_at_the_maximum_period():
    record = penalty(1, decision_date=date(2025, 3, 5), publicity_end=date(2030, 1, 1))
    assert outcome(record, date(2028, 3, 5)) == "shown"
    assert outcome(record, date(2028, 3, 6)) is WithholdReason.EXPIRED
    shown, _ = publish_penalties([record], settings(), date(2026, 1, 1))
    assert shown[0].publicity_end == date(2028, 3, 5)
    assert outcome(record, date(2026, 3, 6), penalty_max_months=12) is WithholdReason.EXPIRED


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 8, 9), "shown"),
        (date(2025, 8, 10), WithholdReason.WITHDRAWN),
        (date(2025, 8, 11), WithholdReason.WITHDRAWN),
    ],
)
def test_withdrawal_date_takes_effect_on_the_day(as_of, expected):
    record = penalty(1, decision_date=date(2025, 3, 5), withdrawn_on=date(2025, 8, 10))
    assert outcome(record, as_of) == expected


def test_published_records_are_newest_first_and_withheld_ones_are_counted():
    records = [penalty(n, decision_date=date(2025, 1, n)) for n in (3, 1, 2)]
    records.append(penalty(9, decision_date=date(2020, 1, 1)))
    shown, withheld = publish_penalties(records, settings(), date(2025, 2, 1))
    assert [p.decision_date.day for p in shown] == [3, 2, 1]
    assert [(w.key, w.reason) for w in withheld] == [(records[3].decision_number, WithholdReason.EXPIRED)]


def test_a_minor_on_the_decision_date_is_not_published():
    # Born 2007-06-01: 17 on 2025-05-31, 18 on 2025-06-01.
    first17 = "31990120070601123"
    from ipcredit.checks.codes import resident_id_check_character

    number = first17 + resident_id_check_character(first17)
    person = {"party_type": PartyType.PERSON, "party_name": "李晓明", "uscc": None, "id_number": number}
    assert (
        outcome(penalty(1, decision_date=date(2025, 5, 31), **person), date(2025, 7, 1))
        is WithholdReason.MINOR
    )
    assert outcome(penalty(1, decision_date=date(2025, 6, 1), **person), date(2025, 7, 1)) == "shown"
