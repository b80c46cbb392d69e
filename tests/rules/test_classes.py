"""Publicity classes by the default rules (NDRC Order 36): each rule at its edges.

See docs/publicity.md, "Which class a penalty has".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcredit.publicity import DEFAULT_PUBLICITY, ClassRule, Thresholds
from ipcredit.records import PartyType, PublicityClass
from ipcredit.rules.classes import DECLARED, DEFAULT, class_tally, classify, ordered_tally, window
from tests.factories import penalty

MINOR, GENERAL, SERIOUS = PublicityClass.MINOR, PublicityClass.GENERAL, PublicityClass.SERIOUS
NO_AMOUNT = {"fine_yuan": None, "confiscated_yuan": None}


def class_of(**fields) -> PublicityClass:
    return classify(penalty(1, **fields), DEFAULT_PUBLICITY).publicity_class


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        (("警告",), MINOR),
        (("通报批评",), MINOR),
        (("警告", "通报批评"), MINOR),
        (("警告", "罚款"), GENERAL),
        (("罚款",), GENERAL),
        (("没收违法所得、没收非法财物",), GENERAL),
    ],
)
def test_warnings_and_reprimands_alone_are_minor(categories, expected):
    assert class_of(penalty_categories=categories, content="予以警告。", **NO_AMOUNT) is expected


@pytest.mark.parametrize(
    "where",
    [
        {"procedure": "简易程序"},
        {"content": "适用简易程序，当场罚款人民币200元。"},
        {"penalty_categories": ("罚款", "简易程序")},
    ],
)
def test_a_summary_procedure_is_minor_wherever_the_register_says_so(where):
    assert class_of(**({"fine_yuan": Decimal(200)} | where)) is MINOR


def test_an_ordinary_procedure_column_changes_nothing():
    assert class_of(procedure="普通程序") is GENERAL


@pytest.mark.parametrize(
    "where",
    [
        {"content": "吊销营业执照。"},
        {"licence_action": "吊销专利代理机构执业许可证（编号 12345）"},
        {"content": "责令停产停业六个月。"},
        {"content": "责令关闭。"},
        {"penalty_categories": ("限制开展生产经营活动",)},
        {"content": "限制从业三年。"},
        {"penalty_categories": ("警告", "吊销许可证")},  # outranks the warning
    ],
)
def test_revocations_closures_and_bans_are_serious(where):
    assert class_of(**where) is SERIOUS


def test_the_national_suspend_or_revoke_category_alone_is_not_a_revocation():
    assert (
        class_of(penalty_categories=("暂扣或者吊销许可证、暂扣或者吊销执照",), content="暂扣许可证三个月。")
        is GENERAL
    )


@pytest.mark.parametrize(
    ("party_type", "fine", "confiscated", "expected"),
    [
        (PartyType.ORGANISATION, "999999.99", None, GENERAL),
        (PartyType.ORGANISATION, "1000000", None, SERIOUS),
        (PartyType.ORGANISATION, "900000", "100000", SERIOUS),  # fine plus confiscation
        (PartyType.INDIVIDUAL_BUSINESS, "100000", None, GENERAL),  # the organisations' threshold
        (PartyType.INDIVIDUAL_BUSINESS, "1000000", None, SERIOUS),
        (PartyType.PERSON, "99999", None, GENERAL),
        (PartyType.PERSON, "60000", "40000", SERIOUS),
        (PartyType.PERSON, None, "100000", SERIOUS),
    ],
)
def test_large_amounts_are_serious_with_a_lower_threshold_for_natural_persons(
    party_type, fine, confiscated, expected
):
    amounts = {"fine_yuan": fine and Decimal(fine), "confiscated_yuan": confiscated and Decimal(confiscated)}
    assert class_of(party_type=party_type, **amounts) is expected


def test_the_suspend_or_revoke_phrase_does_not_join_its_neighbours_into_a_revocation():
    # Dropping 暂扣或者吊销 from 吊暂扣或者吊销销 must not leave 吊销 behind.
    assert class_of(penalty_categories=("罚款",), content="吊暂扣或者吊销销许可证。") is GENERAL
    assert class_of(content="依法暂扣或吊销执照，现暂扣执照。") is GENERAL
    assert class_of(content="暂扣或者吊销执照，本案吊销执照。") is SERIOUS


def test_a_keyword_is_looked_for_within_one_field_not_across_two():
    assert class_of(penalty_categories=("罚款", "吊"), content="销毁侵权商品。") is GENERAL


# A site that publishes small fines only briefly: fine plus confiscation below 10,000 yuan
# (1,000 for a natural person) is minor.
SMALL_FINES = replace(
    DEFAULT_PUBLICITY,
    rules=(ClassRule(MINOR, "小额罚款", amount_yuan_below=Thresholds(Decimal(10_000), Decimal(1_000))),),
)


@pytest.mark.parametrize(
    ("party_type", "fine", "confiscated", "expected"),
    [
        (PartyType.ORGANISATION, "9999.99", None, MINOR),
        (PartyType.ORGANISATION, "9000", "1000", GENERAL),  # 10,000 is not below 10,000
        (PartyType.ORGANISATION, "10000", None, GENERAL),
        (PartyType.INDIVIDUAL_BUSINESS, "5000", None, MINOR),  # the organisations' threshold
        (PartyType.PERSON, "999.99", None, MINOR),
        (PartyType.PERSON, "1000", None, GENERAL),
        (PartyType.PERSON, "5000", None, GENERAL),
        (PartyType.PERSON, None, None, MINOR),  # nothing fined or confiscated
    ],
)
def test_a_rule_for_amounts_below_a_threshold_stops_at_the_threshold(party_type, fine, confiscated, expected):
    record = penalty(
        1, party_type=party_type, fine_yuan=fine and Decimal(fine),
        confiscated_yuan=confiscated and Decimal(confiscated),
    )  # fmt: skip
    found = classify(record, SMALL_FINES)
    assert (found.publicity_class, found.basis) == (
        (MINOR, "小额罚款") if expected is MINOR else (GENERAL, DEFAULT)
    )


def test_the_window_names_the_rule_that_gave_the_class():
    dates = window(penalty(1, content="吊销营业执照。"), DEFAULT_PUBLICITY)
    assert (dates.publicity_class, dates.basis) == (SERIOUS, DEFAULT_PUBLICITY.rules[0].name)
    assert window(penalty(2, declared_class=MINOR), DEFAULT_PUBLICITY).basis == DECLARED
    assert window(penalty(3), DEFAULT_PUBLICITY).basis == DEFAULT


@pytest.mark.parametrize("declared", list(PublicityClass))
def test_a_declared_class_wins_in_both_directions(declared):
    for fields in ({"penalty_categories": ("警告",), **NO_AMOUNT}, {"content": "吊销营业执照"}, {}):
        found = classify(penalty(1, declared_class=declared, **fields), DEFAULT_PUBLICITY)
        assert (found.publicity_class, found.basis) == (declared, DECLARED)


def test_the_tally_says_how_many_classes_were_declared_and_which_rule_derived_the_others():
    records = [
        penalty(1, declared_class=SERIOUS),
        penalty(2, declared_class=SERIOUS),
        penalty(3, content="吊销营业执照"),
        penalty(4, penalty_categories=("警告",), **NO_AMOUNT),
        penalty(5),
        penalty(6),
        penalty(7),
    ]
    rules = [rule.name for rule in DEFAULT_PUBLICITY.rules]
    assert class_tally(records, DEFAULT_PUBLICITY) == (
        (DECLARED, "严重", 2),
        (rules[0], "严重", 1),
        (rules[2], "轻微", 1),
        (DEFAULT, "一般", 3),
    )


def test_the_summary_lists_declared_classes_first_then_each_rule_in_order_then_the_default():
    # Counted in the opposite order, and with class names that sort the other way ("一般" < "严重" < "轻微").
    rules = [rule.name for rule in DEFAULT_PUBLICITY.rules]
    counts = Counter(
        {(DEFAULT, "一般"): 4, (rules[3], "轻微"): 3, (rules[1], "严重"): 2, (rules[0], "严重"): 1,
         (DECLARED, "轻微"): 5, (DECLARED, "一般"): 6}
    )  # fmt: skip
    assert ordered_tally(counts, DEFAULT_PUBLICITY) == (
        (DECLARED, "一般", 6),
        (DECLARED, "轻微", 5),
        (rules[0], "严重", 1),
        (rules[1], "严重", 2),
        (rules[3], "轻微", 3),
        (DEFAULT, "一般", 4),
    )


WORDS = st.sampled_from(
    ["警告", "通报批评", "罚款", "吊销", "暂扣或者吊销", "简易程序", "责令停产停业", "没收", "x"]
)


@given(
    categories=st.lists(st.lists(WORDS, min_size=1, max_size=3).map("".join), max_size=4),
    content=st.lists(WORDS, max_size=4).map("".join),
    fine=st.none() | st.decimals(0, 10**12, places=2),
    party_type=st.sampled_from(list(PartyType)),
    declared=st.none() | st.sampled_from(list(PublicityClass)),
    decided=st.dates(),
    given_end=st.none() | st.dates(),
)
def test_every_penalty_gets_a_class_and_a_window_inside_the_class_maximum(
    categories, content, fine, party_type, declared, decided, given_end
):
    record = penalty(
        1, penalty_categories=tuple(categories), content=content, fine_yuan=fine, party_type=party_type,
        declared_class=declared, decision_date=decided, publicity_end=given_end,
    )  # fmt: skip
    dates = window(record, DEFAULT_PUBLICITY)
    assert dates.publicity_class in PublicityClass and (declared is None or dates.publicity_class is declared)
    assert decided <= dates.repair_from <= dates.cap and dates.end <= dates.cap
    assert dates.end == (min(given_end, dates.cap) if given_end else dates.cap)
