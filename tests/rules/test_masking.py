"""Personal data: ID numbers and names of natural persons are masked; organisations are not."""

from __future__ import annotations

from datetime import date

import pytest

from ipcredit.records import PartyType
from ipcredit.rules.masking import is_minor, mask_id_number, mask_name
from ipcredit.rules.penalties import publish_penalties
from tests.factories import penalty, settings

ADULT_ID = "11010519491231002X"
PERSON = {"party_type": PartyType.PERSON, "party_name": "李晓明", "uscc": None, "legal_representative": None}


def test_id_numbers_keep_only_the_first_and_last_four():
    assert mask_id_number("31010119900101123X") == "3101**********123X"
    assert mask_id_number(ADULT_ID) == "1101**********002X"
    assert mask_id_number("310101650101123") == "3101*******1123"
    assert mask_id_number("E1234567") == "********"  # too short to show anything


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"), ("李晓明", "李**"), ("王伟", "王*"), ("欧阳晓明", "欧阳**"), ("司马光", "司马*"),
        ("上官婉儿", "上官**"), ("诸葛亮", "诸葛*"), ("东方明", "东方*"), ("皇甫嵩", "皇甫*"), ("尉迟恭", "尉迟*"),
        ("公孙胜", "公孙*"), ("慕容复", "慕容*"), ("长孙无忌", "长孙**"), ("宇文泰", "宇文*"), ("司徒雷", "司徒*"),
        ("夏侯惇", "夏侯*"), ("令狐冲", "令狐*"),
        ("欧阳", "欧*"),  # two characters: surname 欧, given name 阳
        ("东方红旗", "东方**"),
    ],
)  # fmt: skip
def test_names_keep_the_surname_including_compound_surnames(name, masked):
    assert mask_name(name) == masked


def test_person_masked_organisation_legal_representative_and_business_name_public():
    person = penalty(1, id_number=ADULT_ID, id_type="身份证", **PERSON)
    company = penalty(2, legal_representative="王大明")
    shop = penalty(3, party_type=PartyType.INDIVIDUAL_BUSINESS, party_name="江海市浦江区李晓明五金店",
                   legal_representative="李晓明", id_number=ADULT_ID)  # fmt: skip
    shown, _ = publish_penalties([person, company, shop], settings(), date(2026, 1, 1))
    by_number = {p.decision_number: p for p in shown}
    masked = by_number[person.decision_number]
    assert masked.party_name == "李**" and masked.id_number == "1101**********002X"
    assert by_number[company.decision_number].legal_representative == "王大明"
    assert by_number[company.decision_number].party_name == company.party_name
    business = by_number[shop.decision_number]
    assert business.party_name == "江海市浦江区李晓明五金店" and business.legal_representative == "李晓明"
    assert business.id_number == "1101**********002X"  # an ID number is a person's, whoever the party


def test_names_can_be_left_unmasked_by_setting_but_never_the_id():
    person = penalty(1, id_number=ADULT_ID, **PERSON)
    shown, _ = publish_penalties([person], settings(mask_person_names=False), date(2026, 1, 1))
    assert shown[0].party_name == "李晓明" and shown[0].id_number == "1101**********002X"


def test_no_published_record_keeps_a_raw_id_or_name():
    people = [penalty(n, id_number=ADULT_ID, **PERSON) for n in range(1, 6)]
    shown, _ = publish_penalties(people, settings(), date(2026, 1, 1))
    assert len(shown) == 5 and all(ADULT_ID not in repr(p) and "李晓明" not in repr(p) for p in shown)


@pytest.mark.parametrize(
    ("born", "on", "minor"),
    [
        ("20070601", date(2025, 5, 31), True),  # 17
        ("20070601", date(2025, 6, 1), True),  # the 18th birthday: 18 from the next day
        ("20070601", date(2025, 6, 2), False),
        ("20080229", date(2026, 2, 28), True),  # 29 February: the birthday falls on 28 February
        ("20080229", date(2026, 3, 1), False),
    ],
)
def test_minor_boundary_is_the_day_after_the_eighteenth_birthday(born, on, minor):
    assert is_minor(f"319901{born}1230", on) is minor


def test_minor_needs_a_birth_date():
    assert not is_minor(None, date(2025, 1, 1))
    assert not is_minor("E12345678", date(2025, 1, 1))
    assert not is_minor("310101650101123", date(1983, 1, 2))  # legacy 15-digit: born 1965-01-01
    assert is_minor("310101650101123", date(1983, 1, 1))
