"""Personal data: ID numbers and names of natural persons are masked; organisations are not."""

from __future__ import annotations

from datetime import date

from ipcredit.records import PartyType
from ipcredit.rules.masking import is_minor, mask_id_number, mask_name
from ipcredit.rules.penalties import publish_penalties
from tests.factories import penalty, settings

ADULT_ID = "11010519491231002X"


def test_id_numbers_keep_only_the_first_and_last_four():
    assert mask_id_number(ADULT_ID) == "1101**********002X"
    assert mask_id_number("310101650101123") == "3101*******1123"


def test_names_keep_the_surname_including_compound_surnames():
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳晓明") == "欧阳**"
    assert mask_name("司马光") == "司马*"
    assert mask_name("欧阳") == "欧*"  # two characters: surname 欧, given name 阳


def test_person_masked_organisation_and_legal_representative_public():
    person = penalty(1, party_type=PartyType.PERSON, party_name="李晓明", uscc=None, id_number=ADULT_ID,
                     legal_representative=None)  # fmt: skip
    company = penalty(2, legal_representative="王大明")
    shop = penalty(3, party_type=PartyType.INDIVIDUAL_BUSINESS, party_name="江海市浦江区李晓明五金店")
    shown, _ = publish_penalties([person, company, shop], settings(), date(2026, 1, 1))
    by_number = {p.decision_number: p for p in shown}
    masked = by_number[person.decision_number]
    assert masked.party_name == "李**" and masked.id_number == "1101**********002X"
    assert by_number[company.decision_number].legal_representative == "王大明"
    assert by_number[shop.decision_number].party_name == "江海市浦江区李晓明五金店"


def test_names_can_be_left_unmasked_by_setting_but_never_the_id():
    person = penalty(1, party_type=PartyType.PERSON, party_name="李晓明", uscc=None, id_number=ADULT_ID)
    shown, _ = publish_penalties([person], settings(mask_person_names=False), date(2026, 1, 1))
    assert shown[0].party_name == "李晓明" and shown[0].id_number == "1101**********002X"


def test_minor_boundary_is_the_eighteenth_birthday():
    born_2007 = "31990120070601123" + "0"
    assert is_minor(born_2007, date(2025, 5, 31))
    assert not is_minor(born_2007, date(2025, 6, 1))
    leap = "31990120080229123" + "0"  # born on 29 February: 18 on 28 February 2026
    assert is_minor(leap, date(2026, 2, 27))
    assert not is_minor(leap, date(2026, 2, 28))
    assert not is_minor(None, date(2025, 1, 1)) and not is_minor("310101650101123", date(2025, 1, 1))
