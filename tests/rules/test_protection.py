"""The protection lists' windows at their boundaries, their order and their masking."""

from __future__ import annotations

from datetime import date

import pytest

from ipcredit.catalogue import publish
from ipcredit.records import RiskList, SourceSet, Withheld, WithholdReason
from ipcredit.rules.protection import (
    place_withhold_reason,
    publish_risk_points,
    publish_trademarks,
    trademark_withhold_reason,
)
from tests.factories import key_trademark, risk_point, settings

LISTED, UNTIL, REMOVED_ON = date(2025, 6, 10), date(2026, 11, 24), date(2026, 3, 1)
NOT_YET, EXPIRED, REMOVED = WithholdReason.NOT_YET_EFFECTIVE, WithholdReason.EXPIRED, WithholdReason.REMOVED
RAW_ID, MASKED_ID = "110105194912310021", "1101**********0021"


def mark_outcome(as_of: date, **changes):
    mark = key_trademark(1, **{"listed_on": LISTED, "valid_until": UNTIL, **changes})
    shown, withheld = publish_trademarks([mark], settings(), as_of)
    assert len(shown) + len(withheld) == 1
    assert trademark_withhold_reason(mark, as_of) == (withheld[0].reason if withheld else None)
    return "shown" if shown else withheld[0].reason


def place_outcome(as_of: date, **changes):
    place = risk_point(1, listed_on=LISTED, **changes)
    shown, withheld = publish_risk_points([place], as_of)
    assert len(shown) + len(withheld) == 1
    assert place_withhold_reason(place, as_of) == (withheld[0].reason if withheld else None)
    return "shown" if shown else withheld[0].reason


# Key trademarks: 列入日期 ≤ as-of ≤ 有效期至 ------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 6, 9), NOT_YET), (date(2025, 6, 10), "shown"), (date(2025, 6, 11), "shown")],
)
def test_a_mark_is_shown_from_its_listing_day(as_of, expected):
    assert mark_outcome(as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2026, 11, 23), "shown"), (date(2026, 11, 24), "shown"), (date(2026, 11, 25), EXPIRED)],
)
def test_a_mark_is_shown_through_its_last_day_of_validity(as_of, expected):
    assert mark_outcome(as_of) == expected


def test_a_mark_valid_for_its_listing_day_only_is_shown_that_day():
    assert mark_outcome(LISTED, valid_until=LISTED) == "shown"
    assert mark_outcome(date(2025, 6, 11), valid_until=LISTED) is EXPIRED


def test_a_mark_both_not_yet_listed_and_past_its_validity_is_not_yet_effective():
    # The loader refuses such a row; the rules still give one reason, the first that applies.
    assert mark_outcome(date(2025, 6, 5), valid_until=date(2025, 6, 1)) is NOT_YET


# Places: 列入日期 ≤ as-of < 移出日期 ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 6, 9), NOT_YET), (date(2025, 6, 10), "shown"), (date(2025, 6, 11), "shown")],
)
def test_a_place_is_shown_from_its_listing_day(as_of, expected):
    assert place_outcome(as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2026, 2, 28), "shown"), (date(2026, 3, 1), REMOVED), (date(2026, 3, 2), REMOVED)],
)
def test_a_place_leaves_on_its_removal_day(as_of, expected):
    assert place_outcome(as_of, removed_on=REMOVED_ON) == expected


def test_a_place_without_a_removal_date_stays():
    assert place_outcome(date(2200, 12, 31)) == "shown"


def test_a_removed_place_not_yet_listed_is_removed():
    # The loader refuses a removal before the listing; the rules give the removal precedence.
    assert place_outcome(date(2025, 6, 5), removed_on=date(2025, 6, 1)) is REMOVED


# What is withheld, and in which order the rest is shown ---------------------------------------------
def test_withheld_entries_carry_their_register_id_reason_and_origin_in_input_order():
    late, expired = (
        key_trademark(2, listed_on=date(2027, 1, 1)),
        key_trademark(3, valid_until=date(2025, 12, 31)),
    )
    _, withheld = publish_trademarks([late, key_trademark(1), expired], settings(), date(2026, 6, 1))
    assert withheld == (
        Withheld("key-trademarks", late.id, NOT_YET, late.origin),
        Withheld("key-trademarks", expired.id, EXPIRED, expired.origin),
    )
    gone, coming = risk_point(2, removed_on=date(2026, 1, 1)), risk_point(3, listed_on=date(2027, 1, 1))
    _, withheld = publish_risk_points([gone, risk_point(1), coming], date(2026, 6, 1))
    assert withheld == (
        Withheld("risk-points", gone.id, REMOVED, gone.origin),
        Withheld("risk-points", coming.id, NOT_YET, coming.origin),
    )


def test_marks_are_newest_listing_first_then_by_registration_number():
    day, older = date(2025, 6, 1), date(2025, 1, 1)
    marks = [
        key_trademark(5, listed_on=older),
        key_trademark(4, listed_on=day),  # ties come in descending order: the sort must put them right
        key_trademark(3, listed_on=day),
        key_trademark(9, listed_on=date(2025, 3, 1)),
    ]
    shown, _ = publish_trademarks(marks, settings(), date(2026, 1, 1))
    assert [m.registration_number for m in shown] == ["30000003", "30000004", "30000009", "30000005"]


def test_places_are_newest_listing_first_then_by_list_and_name():
    day = date(2025, 6, 1)
    places = [
        risk_point(1, listed_on=date(2025, 1, 1), name="甲市场"),
        risk_point(2, listed_on=day, name="乙市场", risk_list=RiskList.RISK_POINT),
        risk_point(3, listed_on=day, name="丙市场", risk_list=RiskList.FOCUS_MARKET),
        risk_point(4, listed_on=day, name="丁市场", risk_list=RiskList.RISK_POINT),
    ]
    shown, _ = publish_risk_points(places, date(2026, 1, 1))
    # 侵权易发风险点 sorts before 重点关注市场 (their code points), names likewise
    assert [p.name for p in shown] == ["丁市场", "乙市场", "丙市场", "甲市场"]


def test_publish_puts_both_lists_and_their_withheld_entries_on_the_catalogue():
    mark, expired = key_trademark(1), key_trademark(2, valid_until=date(2025, 12, 31))
    place, removed = risk_point(1), risk_point(2, removed_on=date(2026, 1, 1))
    sources = SourceSet(key_trademarks=(mark, expired), risk_points=(place, removed))
    found = publish(sources, settings(), date(2026, 6, 1))
    assert found.key_trademarks == (mark,) and found.risk_points == (place,)
    assert {(w.register, w.key, w.reason) for w in found.withheld} == {
        ("key-trademarks", expired.id, EXPIRED),
        ("risk-points", removed.id, REMOVED),
    }


# Masking ---------------------------------------------------------------------------------------------
def test_resident_ids_are_masked_in_every_text_of_a_mark():
    mark = key_trademark(
        1, name=f"图形商标 {RAW_ID}", measures=f"联系人身份证 {RAW_ID}", holder_name_en=f"Holder {RAW_ID}"
    )
    (shown,), _ = publish_trademarks([mark], settings(), date(2026, 1, 1))
    assert (shown.name, shown.measures, shown.holder_name_en) == (
        f"图形商标 {MASKED_ID}",
        f"联系人身份证 {MASKED_ID}",
        f"Holder {MASKED_ID}",
    )
    assert shown.holder == mark.holder and shown.registration_number == mark.registration_number


def test_resident_ids_are_masked_in_every_text_of_a_place():
    place = risk_point(
        1, name=f"摊位{RAW_ID}", address=f"地址{RAW_ID}", measures=f"经营者{RAW_ID}", district=RAW_ID
    )
    (shown,), _ = publish_risk_points([place], date(2026, 1, 1))
    assert (shown.name, shown.address, shown.measures, shown.district) == (
        f"摊位{MASKED_ID}",
        f"地址{MASKED_ID}",
        f"经营者{MASKED_ID}",
        MASKED_ID,
    )


def person_mark(**changes):
    person = {
        "name": "王晓明",
        "holder": "王晓明",
        "holder_uscc": None,
        "holder_name_en": "Wang Xiaoming",
        "measures": "权利人王晓明授权代理人维权。",
        "holder_is_person": True,
    }
    return key_trademark(1, **{**person, **changes})


def test_a_holder_taken_for_a_person_is_shown_as_a_person():
    mark = person_mark(measures=f"权利人王晓明授权代理人维权。{RAW_ID}")
    (shown,), _ = publish_trademarks([mark], settings(), date(2026, 1, 1))
    assert shown.holder == "王**" and shown.holder_name_en is None
    assert shown.measures == f"权利人王**授权代理人维权。{MASKED_ID}"
    assert shown.name == "王晓明"  # the mark itself is what the list protects


def test_a_person_holder_is_shown_whole_when_names_are_not_masked():
    mark = person_mark(measures=f"权利人王晓明 {RAW_ID}")
    (shown,), _ = publish_trademarks([mark], settings(mask_person_names=False), date(2026, 1, 1))
    assert (shown.holder, shown.holder_name_en) == ("王晓明", "Wang Xiaoming")
    assert shown.measures == f"权利人王晓明 {MASKED_ID}"


def test_an_organisation_holder_is_never_masked():
    mark = key_trademark(1, holder="王晓明", measures="权利人王晓明。")  # holder_is_person False
    (shown,), _ = publish_trademarks([mark], settings(), date(2026, 1, 1))
    assert (shown.holder, shown.measures, shown.holder_name_en) == (
        "王晓明",
        "权利人王晓明。",
        mark.holder_name_en,
    )
