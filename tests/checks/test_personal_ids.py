"""ID numbers as clerks and Excel write them are read before the minors and check-character tests."""

from __future__ import annotations

from datetime import date

import pytest

from ipcredit.checks.codes import resident_id_check_character
from ipcredit.records import WithholdReason
from ipcredit.rules.penalties import publish_penalties
from tests.checks.test_registers import PENALTY, PERSON, at, csv_text, errors, load, only, penalty_row
from tests.factories import settings

FIRST17 = "31990120070601123"  # born 2007-06-01
MINOR_ID = FIRST17 + resident_id_check_character(FIRST17)  # a minor on the decision date 2025-03-05
SPLIT = (MINOR_ID[:6], MINOR_ID[6:14], MINOR_ID[14:])


def full_width(text: str) -> str:
    return text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})


@pytest.mark.parametrize(
    "written",
    [
        MINOR_ID,
        " ".join(SPLIT),
        "-".join(SPLIT),
        "'" + MINOR_ID,
        full_width(MINOR_ID),
        "\u3000".join(SPLIT),
        MINOR_ID.lower(),
    ],
)
@pytest.mark.parametrize("party", ["自然人", "个体工商户"])
def test_a_minor_is_withheld_however_the_id_is_written(tmp_path, written, party):
    fields = {**PERSON, "行政相对人类别": party}
    if party == "个体工商户":
        fields["行政相对人名称"] = "江海市李晓明五金店"
    records, problems = penalty_row(tmp_path, **fields, 证件类型="身份证", 证件号码=written)
    assert errors(problems) == [] and records[0].id_number == MINOR_ID
    shown, withheld = publish_penalties(records, settings(), date(2026, 1, 1))
    assert shown == () and [w.reason for w in withheld] == [WithholdReason.MINOR]


@pytest.mark.parametrize(
    "written",
    [
        MINOR_ID[:17],  # a digit lost
        MINOR_ID[:17] + "9",  # wrong check character
        "٣١٩٩٠١٢٠٠٧٠٦٠١١٢٣" + MINOR_ID[17],  # Arabic-Indic digits
        "³¹⁹⁹⁰¹²⁰⁰⁷⁰⁶⁰¹¹²³" + MINOR_ID[17],  # superscripts
        "3199O120070601123" + MINOR_ID[17],  # a letter O for a zero
    ],
)
@pytest.mark.parametrize("id_type", ["身份证", ""])
def test_an_id_that_cannot_be_read_with_certainty_is_an_error_not_a_record(tmp_path, written, id_type):
    records, problems = penalty_row(tmp_path, **PERSON, 证件类型=id_type, 证件号码=written)
    assert records == ()
    assert errors(problems) and all(
        p.startswith(at(tmp_path, "penalties", 2, "error", "证件号码")) for p in errors(problems)
    )


def test_a_natural_person_without_an_id_or_with_an_unnamed_other_document_is_an_error(tmp_path):
    records, problems = penalty_row(tmp_path, **PERSON)
    assert records == () and "18 周岁" in only(problems, "证件号码")
    records, problems = penalty_row(tmp_path / "x", **PERSON, 证件号码="E12345678")
    assert records == () and "请在证件类型中注明" in only(problems, "证件号码")
    records, problems = penalty_row(tmp_path / "y", **PERSON, 证件类型="护照", 证件号码="E12345678")
    assert errors(problems) == [] and records[0].id_number == "E12345678"


def test_an_individual_business_operator_id_is_checked_when_given(tmp_path):
    shop = {**PERSON, "行政相对人类别": "个体工商户", "行政相对人名称": "江海市李晓明五金店"}
    records, problems = penalty_row(tmp_path, **shop)
    assert errors(problems) == [] and records[0].id_number is None
    records, problems = penalty_row(tmp_path / "x", **shop, 证件号码=MINOR_ID[:17] + "9")
    assert records == () and "第 18 位应为" in only(problems, "证件号码")


@pytest.mark.parametrize("header", ["身份证号码", "证件号码"])
def test_a_minor_under_either_id_header_is_never_published(tmp_path, header):
    """Read as the ID column (the column table's alias) the minor is withheld; were the header not
    known, the person would have no ID and be an error. Never a published record."""
    row = {**PERSON, "证件类型": "身份证", header: " ".join(SPLIT)}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([{**PENALTY, **row}])})
    shown, withheld = publish_penalties(records, settings(), date(2026, 1, 1))
    assert shown == ()
    assert [w.reason for w in withheld] == [WithholdReason.MINOR] or (records == () and errors(problems))


def test_full_width_credit_codes_are_read_and_stored_as_ascii(tmp_path):
    from tests.checks.test_registers import AUTHORITY, GOOD_CODE

    fw = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"})
    records, problems = penalty_row(
        tmp_path,
        统一社会信用代码=GOOD_CODE.translate(fw),
        处罚机关统一社会信用代码=AUTHORITY.uscc.translate(fw),
    )
    assert problems == [] and (records[0].uscc, records[0].authority_uscc) == (GOOD_CODE, AUTHORITY.uscc)
    records, problems = penalty_row(tmp_path / "x", 统一社会信用代码="91AB0100M000100Y43")
    assert records == () and "行政区划代码" in only(problems, "统一社会信用代码")
