"""Personal data: ID numbers and names of natural persons are masked; organisations are not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ipcredit.records import PartyType
from ipcredit.rules.masking import is_minor, mask_id_number, mask_id_numbers_in, mask_name
from ipcredit.rules.penalties import publish_penalties
from tests.factories import notice, penalty, settings

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


# Every field of a record -----------------------------------------------------------------------
OTHER_ID = "34052419800101001X"  # someone else's, written into a company's record


def test_a_persons_name_and_id_are_masked_in_every_text_field():
    written = f"当事人李晓明（身份证号 {ADULT_ID}）"
    person = penalty(
        1, id_number=ADULT_ID, facts=written, content=f"对李 晓明罚款。{written}", remarks=written,
        violation_type=written, basis=written, licence_action=written, validity=written,
        data_source=written, **{**PERSON, "legal_representative": "李晓明"},
    )  # fmt: skip
    shown, _ = publish_penalties([person], settings(), date(2026, 1, 1))
    record = shown[0]
    assert ADULT_ID not in repr(record) and "李晓明" not in repr(record) and "晓明" not in repr(record)
    assert record.facts == "当事人李**（身份证号 1101**********002X）"
    assert record.content.startswith("对李**罚款。") and record.legal_representative == "李**"


def test_names_unmasked_by_setting_still_hide_the_id_in_text():
    person = penalty(1, id_number=ADULT_ID, remarks=f"李晓明 {ADULT_ID}", **PERSON)
    shown, _ = publish_penalties([person], settings(mask_person_names=False), date(2026, 1, 1))
    assert shown[0].remarks == "李晓明 1101**********002X"


@pytest.mark.parametrize(
    "written",
    [
        OTHER_ID,
        "340524 19800101 001X",
        "340524-19800101-001x",
        "３４０５２４１９８００１０１００１Ｘ",
        "３４０５２４ １９８００１０１ ００１ｘ",
        "340524\u300019800101\u3000001X",
    ],
)
def test_any_resident_id_in_any_register_text_is_masked_whoever_it_belongs_to(written):
    company = penalty(
        1, facts=f"经查，股东（身份证号码：{written}）", legal_representative=f"王大明{written}"
    )
    shown, _ = publish_penalties([company], settings(), date(2026, 1, 1))
    assert shown[0].facts == "经查，股东（身份证号码：3405**********001X）"
    assert shown[0].legal_representative == "王大明3405**********001X"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("旧号码310101650101123。", "旧号码3101*******1123。"),  # legacy 15 digits, born 1965-01-01
        ("号码 310101 650101 123 与 3101016501011230", "号码 3101*******1123 与 3101016501011230"),
        (f"编号99{OTHER_ID}77", "编号9934************001X77"),  # an ID glued to other digits
        ("罚款115,500元，电话13800138000", "罚款115,500元，电话13800138000"),  # not IDs
        ("订单号 202401091234567", "订单号 202401091234567"),  # 15 digits, no real 19YYMMDD
        ("账号6222021234567890123", "账号6222021234567890123"),  # 19 digits holding no valid ID
        ("310101991301123", "310101991301123"),  # month 13
    ],
)
def test_id_shaped_numbers_in_text(text, masked):
    assert mask_id_numbers_in(text) == masked


def test_an_organisations_id_number_is_its_legal_representatives_and_never_published():
    company = penalty(1, id_type="身份证", id_number=ADULT_ID)
    shown, _ = publish_penalties([company], settings(), date(2026, 1, 1))
    assert shown[0].id_number is None and shown[0].id_type is None


def test_a_dishonesty_listings_person_is_masked_in_every_field():
    from ipcredit.rules.dishonesty import publish_dishonesty
    from tests.factories import dishonesty

    entry = dishonesty(
        1, name="欧阳晓明", entity_type=PartyType.PERSON, uscc=None, legal_representative="欧阳晓明",
        behaviour="欧阳晓明恶意注册商标", measures=f"对欧阳晓明（{ADULT_ID}）实施重点监管",
    )  # fmt: skip
    company = dishonesty(2, measures=f"股东 {OTHER_ID} 限制高消费")
    shown, _ = publish_dishonesty([entry, company], settings(), date(2026, 1, 1))
    by_number = {d.decision_number: d for d in shown}
    person = by_number[entry.decision_number]
    assert (person.name, person.legal_representative, person.behaviour) == (
        "欧阳**",
        "欧阳**",
        "欧阳**恶意注册商标",
    )
    assert person.measures == "对欧阳**（1101**********002X）实施重点监管"
    assert by_number[company.decision_number].measures == "股东 3405**********001X 限制高消费"
    assert by_number[company.decision_number].legal_representative == "李四"  # organisations: public


def test_id_numbers_in_documents_are_masked_in_every_text_and_language():
    from ipcredit.records import Heading, Text
    from ipcredit.rules.documents import publish_notices

    written = "110105 19491231 002x"
    zh = Text(f"送达公告（{written}）", f"受送达人身份证号码{ADULT_ID}。", f"<p id='{ADULT_ID}'>{written}</p>",
              (Heading(2, ADULT_ID, ADULT_ID),))  # fmt: skip
    en = Text("Notice", f"ID {ADULT_ID}", "<p>none</p>")
    plain = notice("plain", date(2026, 1, 1))
    served = replace(notice("served", date(2026, 1, 1)), zh=zh, en=en)
    shown, _ = publish_notices([plain, served], date(2026, 1, 2))
    masked = next(n for n in shown if n.slug == "served")
    assert ADULT_ID not in repr(masked) and written not in repr(masked)
    assert (
        masked.zh.title == "送达公告（1101**********002X）" and masked.en.summary == "ID 1101**********002X"
    )
    assert masked.zh.toc[0].anchor == masked.zh.toc[0].text == "1101**********002X"
    assert next(n for n in shown if n.slug == "plain") == plain  # nothing to mask: the same record


def test_a_nine_character_number_shows_its_first_and_last_four():
    assert mask_id_number("E12345678") == "E123*5678"  # eight or fewer: nothing shown


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # An 18-digit ID with one more digit typed after it: still a person's ID.
        ("身份证号1101051949123100117", "身份证号1101***********0117"),
        # A date-like run whose check character is wrong: an ordinary long number, left readable.
        ("账号1101051949123100127", "账号1101051949123100127"),
        # Ending in what looks like a 15-digit legacy ID: only 18-character IDs hide in longer runs.
        ("账号12345110105491231002", "账号12345110105491231002"),
    ],
)
def test_a_longer_run_of_digits_is_masked_only_when_it_holds_a_valid_18_character_id(text, masked):
    assert mask_id_numbers_in(text) == masked


def test_a_persons_own_id_of_any_kind_is_hidden_wherever_written():
    passport = penalty(
        1, id_type="护照", id_number="E12345678", facts="当事人（护照号码E12345678）", **PERSON
    )
    short = penalty(2, id_type="其他", id_number="AB123", remarks="证件号码AB123。", **PERSON)
    shown, _ = publish_penalties([passport, short], settings(), date(2026, 1, 1))
    by_number = {p.decision_number: p for p in shown}
    assert (by_number[passport.decision_number].facts, by_number[passport.decision_number].id_number) == (
        "当事人（护照号码E123*5678）",
        "E123*5678",
    )
    assert (by_number[short.decision_number].remarks, by_number[short.decision_number].id_number) == (
        "证件号码*****。",
        "*****",
    )


def test_an_own_id_of_four_characters_does_not_blank_the_same_digits_in_the_text():
    record = penalty(1, id_type="其他", id_number="2024", facts="2024年3月销售侵权商品。", **PERSON)
    shown, _ = publish_penalties([record], settings(), date(2026, 1, 1))
    assert (shown[0].facts, shown[0].id_number) == ("2024年3月销售侵权商品。", "****")


def test_a_two_character_name_and_a_name_typed_with_a_space_are_masked_in_the_text():
    two = penalty(1, facts="王伟销售侵权商品。", **{**PERSON, "party_name": "王伟"})
    spaced = penalty(2, facts="李晓明销售侵权商品，李 晓明到案。", **{**PERSON, "party_name": "李 晓明"})
    one = penalty(3, facts="王某销售侵权商品。", **{**PERSON, "party_name": "王"})
    shown, _ = publish_penalties([two, spaced, one], settings(), date(2026, 1, 1))
    facts = {p.decision_number: p.facts for p in shown}
    assert facts[two.decision_number] == "王*销售侵权商品。"
    assert facts[spaced.decision_number] == "李**销售侵权商品，李**到案。"
    assert facts[one.decision_number] == "王某销售侵权商品。"  # a surname only: nothing to hide


def test_the_body_of_a_document_is_masked_too():
    from ipcredit.records import Text
    from ipcredit.rules.documents import publish_notices

    zh = Text("送达公告", "受送达人见正文。", f"<p>受送达人身份证号码：{ADULT_ID}，住所地不明。</p>")
    served = replace(notice("served", date(2026, 1, 1)), zh=zh)
    shown, _ = publish_notices([served], date(2026, 1, 2))
    assert shown[0].zh.body_html == "<p>受送达人身份证号码：1101**********002X，住所地不明。</p>"
    assert shown[0].zh.title == "送达公告" and shown[0].en == served.en
