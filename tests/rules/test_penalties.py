"""Penalty publicity windows at their boundary dates: the day before, on, and after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ipcredit.checks.codes import resident_id_check_character
from ipcredit.records import PartyType, WithholdReason
from ipcredit.rules.penalties import publish_penalties
from tests.factories import penalty, settings

DECIDED = date(2025, 3, 5)
NOT_YET, EXPIRED, WITHDRAWN = (
    WithholdReason.NOT_YET_EFFECTIVE, WithholdReason.EXPIRED, WithholdReason.WITHDRAWN,
)  # fmt: skip


def outcome(record, as_of, **options):
    shown, withheld = publish_penalties([record], settings(**options), as_of)
    assert len(shown) + len(withheld) == 1
    return "shown" if shown else withheld[0].reason


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 3, 4), NOT_YET), (date(2025, 3, 5), "shown"), (date(2025, 3, 6), "shown")],
)
def test_decision_date_boundary(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, publicity_end=None), as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2028, 3, 4), "shown"), (date(2028, 3, 5), "shown"), (date(2028, 3, 6), EXPIRED)],
)
def test_default_period_ends_on_the_same_day_three_years_later(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, publicity_end=None), as_of) == expected


def test_the_default_period_is_a_setting():
    record = penalty(1, decision_date=DECIDED, publicity_end=None)
    assert outcome(record, date(2025, 9, 5), penalty_default_months=6) == "shown"
    assert outcome(record, date(2025, 9, 6), penalty_default_months=6) is EXPIRED


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 6, 29), "shown"), (date(2025, 6, 30), "shown"), (date(2025, 7, 1), EXPIRED)],
)
def test_a_given_end_of_publicity_is_the_last_day_shown(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, publicity_end=date(2025, 6, 30)), as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2028, 3, 4), "shown"), (date(2028, 3, 5), "shown"), (date(2028, 3, 6), EXPIRED)],
)
def test_a_later_end_is_capped_at_the_maximum_period(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, publicity_end=date(2030, 1, 1)), as_of) == expected


def test_the_published_record_carries_the_effective_end():
    capped = penalty(1, decision_date=DECIDED, publicity_end=date(2030, 1, 1))
    default = penalty(2, decision_date=DECIDED, publicity_end=None)
    given = penalty(3, decision_date=DECIDED, publicity_end=date(2025, 6, 30))
    shown, _ = publish_penalties([capped, default, given], settings(), date(2025, 4, 1))
    ends = {p.decision_number: p.publicity_end for p in shown}
    assert [ends[r.decision_number] for r in (capped, default, given)] == [
        date(2028, 3, 5), date(2028, 3, 5), date(2025, 6, 30),
    ]  # fmt: skip


def test_the_maximum_period_is_a_setting():
    record = penalty(1, decision_date=DECIDED, publicity_end=date(2030, 1, 1))
    assert outcome(record, date(2026, 3, 5), penalty_max_months=12) == "shown"
    assert outcome(record, date(2026, 3, 6), penalty_max_months=12) is EXPIRED
    default = penalty(2, decision_date=DECIDED, publicity_end=None)  # the default is capped too
    assert outcome(default, date(2026, 3, 6), penalty_max_months=12) is EXPIRED


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 8, 9), "shown"), (date(2025, 8, 10), WITHDRAWN), (date(2025, 8, 11), WITHDRAWN)],
)
def test_withdrawal_takes_effect_on_its_day(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, withdrawn_on=date(2025, 8, 10)), as_of) == expected


def test_a_withdrawal_dated_in_the_future_does_not_hide_the_record_yet():
    record = penalty(1, decision_date=DECIDED, withdrawn_on=date(2027, 1, 1))
    assert outcome(record, date(2026, 12, 31)) == "shown"


def test_newest_first_equal_dates_by_decision_number_in_natural_order():
    same_day = [penalty(n, decision_date=date(2025, 1, 3)) for n in (10, 9, 100)]
    records = [
        penalty(1, decision_date=date(2025, 1, 1)),
        *same_day,
        penalty(2, decision_date=date(2025, 1, 2)),
    ]
    shown, withheld = publish_penalties(records, settings(), date(2025, 2, 1))
    assert withheld == ()
    assert [p.decision_number for p in shown] == [
        "江市监知处罚〔2025〕9号", "江市监知处罚〔2025〕10号", "江市监知处罚〔2025〕100号",
        "江市监知处罚〔2025〕2号", "江市监知处罚〔2025〕1号",
    ]  # fmt: skip


def test_withheld_records_are_counted_with_their_reason_and_origin():
    records = [
        penalty(1, decision_date=date(2020, 1, 1), publicity_end=None),
        penalty(2, decision_date=date(2026, 1, 1)),
        penalty(3, withdrawn_on=date(2025, 6, 1)),
        penalty(4),
    ]
    shown, withheld = publish_penalties(records, settings(), date(2025, 12, 31))
    assert [p.decision_number for p in shown] == [records[3].decision_number]
    assert [(w.register, w.key, w.reason, w.origin) for w in withheld] == [
        ("penalties", r.decision_number, reason, r.origin)
        for r, reason in zip(records[:3], (EXPIRED, NOT_YET, WITHDRAWN), strict=True)
    ]


def resident_id(born: date) -> str:
    first17 = f"319901{born:%Y%m%d}123"
    return first17 + resident_id_check_character(first17)


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (date(2025, 5, 31), WithholdReason.MINOR),  # 17
        (date(2025, 6, 1), WithholdReason.MINOR),  # the 18th birthday itself: 18 from the next day
        (date(2025, 6, 2), "shown"),  # 18
    ],
)
def test_a_person_who_was_a_minor_on_the_decision_date_is_never_published(decided, expected):
    person = {"party_type": PartyType.PERSON, "party_name": "李晓明", "uscc": None}
    record = penalty(1, decision_date=decided, id_number=resident_id(date(2007, 6, 1)), **person)
    assert outcome(record, date(2025, 7, 1)) == expected
    assert outcome(record, date(2027, 7, 1)) == expected  # still the decision date that counts


def test_the_minor_rule_holds_for_an_individual_business_operator_not_for_an_organisation():
    minor_id = resident_id(date(2010, 1, 1))
    shop = penalty(1, party_type=PartyType.INDIVIDUAL_BUSINESS, id_number=minor_id)
    assert outcome(shop, date(2025, 7, 1)) is WithholdReason.MINOR
    assert outcome(replace(shop, id_number=None), date(2025, 7, 1)) == "shown"  # no operator ID given
    company = penalty(2, id_type="身份证", id_number=minor_id)  # its legal representative's ID
    assert outcome(company, date(2025, 7, 1)) == "shown"


def test_a_minor_is_withheld_as_a_minor_whatever_the_window():
    person = {"party_type": PartyType.PERSON, "party_name": "李晓明", "uscc": None}
    record = penalty(1, decision_date=date(2020, 1, 1), id_number=resident_id(date(2010, 1, 1)), **person)
    assert outcome(record, date(2026, 1, 1)) is WithholdReason.MINOR
