"""Penalty publicity windows at their boundary dates: the day before, on, and after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ipcredit.checks.codes import resident_id_check_character
from ipcredit.publicity import DEFAULT_PUBLICITY, ClassPeriod
from ipcredit.records import PartyType, PublicityClass, WithholdReason
from ipcredit.rules.penalties import publish_penalties
from tests.factories import penalty, settings

DECIDED = date(2025, 3, 5)
NOT_YET, EXPIRED, WITHDRAWN, MINOR_CLASS = (
    WithholdReason.NOT_YET_EFFECTIVE, WithholdReason.EXPIRED, WithholdReason.WITHDRAWN,
    WithholdReason.MINOR_CLASS,
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


# The default settings (NDRC Order 36): months from the decision date, per class.
LAST_DAY = {  # decision 2025-03-05 + the class maximum, written out by hand
    PublicityClass.MINOR: date(2025, 6, 5),
    PublicityClass.GENERAL: date(2026, 3, 5),
    PublicityClass.SERIOUS: date(2028, 3, 5),
}


@pytest.mark.parametrize("publicity_class", list(PublicityClass))
@pytest.mark.parametrize(("offset", "expected"), [(-1, "shown"), (0, "shown"), (1, EXPIRED)])
def test_each_class_is_shown_until_its_maximum_and_not_a_day_longer(publicity_class, offset, expected):
    record = penalty(1, decision_date=DECIDED, publicity_end=None, declared_class=publicity_class)
    as_of = LAST_DAY[publicity_class] + timedelta(days=offset)
    assert outcome(record, as_of, publish_minor=True) == expected


@pytest.mark.parametrize(
    ("decided", "publicity_class", "last_day"),
    [
        (date(2028, 2, 29), PublicityClass.GENERAL, date(2029, 2, 28)),  # no 29 February in 2029
        (date(2028, 2, 29), PublicityClass.SERIOUS, date(2031, 2, 28)),
        (date(2028, 2, 29), PublicityClass.MINOR, date(2028, 5, 29)),
        (date(2027, 11, 30), PublicityClass.MINOR, date(2028, 2, 29)),  # ends on a leap day
        (date(2025, 2, 28), PublicityClass.SERIOUS, date(2028, 2, 28)),  # not moved to the 29th
    ],
)
def test_leap_days(decided, publicity_class, last_day):
    record = penalty(1, decision_date=decided, publicity_end=None, declared_class=publicity_class)
    assert outcome(record, last_day, publish_minor=True) == "shown"
    assert outcome(record, last_day + timedelta(days=1), publish_minor=True) is EXPIRED


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 6, 29), "shown"), (date(2025, 6, 30), "shown"), (date(2025, 7, 1), EXPIRED)],
)
def test_a_given_end_of_publicity_is_the_last_day_shown(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, publicity_end=date(2025, 6, 30)), as_of) == expected


@pytest.mark.parametrize("publicity_class", [PublicityClass.GENERAL, PublicityClass.SERIOUS])
def test_a_later_end_of_publicity_is_capped_at_the_class_maximum(publicity_class):
    record = penalty(1, decision_date=DECIDED, publicity_end=date(2030, 1, 1), declared_class=publicity_class)
    assert outcome(record, LAST_DAY[publicity_class]) == "shown"
    assert outcome(record, LAST_DAY[publicity_class] + timedelta(days=1)) is EXPIRED


def test_the_published_record_carries_its_class_end_and_repair_date():
    records = [
        penalty(1, decision_date=DECIDED, publicity_end=date(2030, 1, 1)),  # 一般 by rule: capped
        penalty(2, decision_date=DECIDED, publicity_end=None, declared_class=PublicityClass.SERIOUS),
        penalty(3, decision_date=DECIDED, publicity_end=date(2025, 6, 30)),
    ]
    shown, _ = publish_penalties(records, settings(), date(2025, 4, 1))
    found = {p.decision_number: (p.publicity_class, p.publicity_end, p.repair_from) for p in shown}
    assert [found[r.decision_number] for r in records] == [
        (PublicityClass.GENERAL, date(2026, 3, 5), date(2025, 6, 5)),
        (PublicityClass.SERIOUS, date(2028, 3, 5), date(2026, 3, 5)),
        (PublicityClass.GENERAL, date(2025, 6, 30), date(2025, 6, 5)),
    ]


@pytest.mark.parametrize("publicity_class", list(PublicityClass))
def test_repair_may_be_applied_for_from_the_class_minimum(publicity_class):
    record = penalty(1, decision_date=date(2028, 2, 29), publicity_end=None, declared_class=publicity_class)
    (shown,), _ = publish_penalties([record], settings(publish_minor=True), date(2028, 3, 1))
    expected = {PublicityClass.MINOR: date(2028, 2, 29), PublicityClass.GENERAL: date(2028, 5, 29),
                PublicityClass.SERIOUS: date(2029, 2, 28)}  # fmt: skip
    assert shown.repair_from == expected[publicity_class]


def test_the_class_periods_are_settings():
    periods = dict(DEFAULT_PUBLICITY.periods) | {PublicityClass.GENERAL: ClassPeriod(1, 6)}
    record = penalty(1, decision_date=DECIDED, publicity_end=None)
    assert outcome(record, date(2025, 9, 5), periods=tuple(periods.items())) == "shown"
    assert outcome(record, date(2025, 9, 6), periods=tuple(periods.items())) is EXPIRED


def test_a_minor_class_penalty_is_withheld_unless_the_site_publishes_them():
    warning = penalty(
        1, decision_date=DECIDED, penalty_categories=("警告",), fine_yuan=None, confiscated_yuan=None
    )
    assert outcome(warning, date(2025, 3, 5)) is MINOR_CLASS
    assert outcome(warning, date(2025, 6, 5), publish_minor=True) == "shown"
    assert outcome(warning, date(2025, 6, 6), publish_minor=True) is EXPIRED


def test_a_declared_class_wins_over_the_derived_one_in_both_directions():
    warning = {"penalty_categories": ("警告",), "fine_yuan": None, "confiscated_yuan": None}
    as_general = penalty(1, decision_date=DECIDED, declared_class=PublicityClass.GENERAL, **warning)
    assert outcome(as_general, date(2026, 3, 5)) == "shown"  # derived 轻微 would be withheld
    assert outcome(as_general, date(2026, 3, 6)) is EXPIRED
    large = {"fine_yuan": Decimal(2_000_000), "publicity_end": None}
    derived = penalty(2, decision_date=DECIDED, **large)  # 严重 by amount: 36 months
    declared = penalty(3, decision_date=DECIDED, declared_class=PublicityClass.GENERAL, **large)
    assert outcome(derived, date(2027, 3, 5)) == "shown" and outcome(declared, date(2026, 3, 6)) is EXPIRED
    revoked = penalty(4, decision_date=DECIDED, content="吊销营业执照", declared_class=PublicityClass.MINOR)
    assert outcome(revoked, date(2025, 3, 5)) is MINOR_CLASS


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 8, 9), "shown"), (date(2025, 8, 10), WITHDRAWN), (date(2025, 8, 11), WITHDRAWN)],
)
def test_withdrawal_takes_effect_on_its_day(as_of, expected):
    assert outcome(penalty(1, decision_date=DECIDED, withdrawn_on=date(2025, 8, 10)), as_of) == expected


def test_a_withdrawal_dated_in_the_future_does_not_hide_the_record_yet():
    record = penalty(1, decision_date=DECIDED, withdrawn_on=date(2026, 1, 1))
    assert outcome(record, date(2025, 12, 31)) == "shown"


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
    assert outcome(record, date(2026, 2, 1)) == expected  # still the decision date that counts


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


@pytest.mark.parametrize(
    "id_fields",
    [
        {"id_type": None, "id_number": "11010519491231002X"},  # a number without its type
        {"id_type": "身份证", "id_number": None},  # a type without its number
    ],
)
def test_an_organisations_id_fields_are_dropped_even_when_only_one_is_filled(id_fields):
    shown, _ = publish_penalties([penalty(1, **id_fields)], settings(), date(2026, 1, 1))
    assert (shown[0].id_type, shown[0].id_number) == (None, None)


def test_the_tally_counts_every_record_of_each_class_basis_shown_or_not():
    from collections import Counter

    from ipcredit.rules.classes import DECLARED, DEFAULT

    records = [penalty(n) for n in (1, 2, 3)] + [
        penalty(4, declared_class=PublicityClass.SERIOUS),
        penalty(5, decision_date=date(2020, 1, 1)),  # expired, still classed
    ]
    tally: Counter[tuple[str, str]] = Counter()
    publish_penalties(records, settings(), date(2026, 1, 1), tally)
    assert tally == Counter({(DEFAULT, "一般"): 4, (DECLARED, "严重"): 1})
