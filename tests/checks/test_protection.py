"""The protection lists' loaders: every rule at its path, line and column, every format."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from ipcredit.loading.protection import load_protection_lists
from ipcredit.problems import Problems
from ipcredit.records import Authority, Origin, PlaceType, RiskList, risk_point_id, trademark_id
from tests.checks.test_registers import at, csv_text, only, write_folders
from tests.sources.books import Sheet, write_book

AUTHORITY = Authority(
    "江海市知识产权局", "11319900MB00213706", "IP Administration", None, Origin("a.yaml", 1)
)
HOLDER_CODE = "91350100M000100Y43"
MARK = {
    "商标名称": "汇通",
    "商标注册号": "12345678",
    "核定使用类别": "7；35",
    "商标权利人": "江海汇通机械有限公司",
    "权利人统一社会信用代码": HOLDER_CODE,
    "权利人英文名称": "Jianghai Huitong Machinery Co., Ltd.",
    "列入日期": "2025-06-10",
    "有效期至": "2027/12/31",
    "列入机关": AUTHORITY.name,
    "保护措施": "纳入重点商标保护名录。",
}
PLACE = {
    "名录": "侵权易发风险点",
    "名称": "江海小商品城",
    "类型": "专业市场",
    "所在区": "浦江区",
    "地址或网址": "江海市浦江区商城路1号",
    "涉及知识产权类型": "商标；著作权",
    "列入日期": "2025年6月10日",
    "列入机关": AUTHORITY.name,
    "监管措施": "每月巡查。",
}
REQUIRED_MARK = ("商标名称", "商标注册号", "核定使用类别", "商标权利人", "列入日期", "有效期至", "列入机关")
REQUIRED_PLACE = ("名录", "名称", "类型", "涉及知识产权类型", "列入日期", "列入机关")


def load(root: Path, marks: dict | None = None, places: dict | None = None):
    """Write {name: text or bytes} under root/key-trademarks and root/risk-points, then load."""
    write_folders(root, {"key-trademarks": marks or {}, "risk-points": places or {}})
    problems = Problems()
    loaded = load_protection_lists(root, (AUTHORITY,), problems)
    return loaded, [str(p) for p in problems]


def mark_row(tmp_path: Path, **changes: str):
    (marks, _), problems = load(tmp_path, {"a.csv": csv_text([{**MARK, **changes}])})
    return marks, problems


def place_row(tmp_path: Path, **changes: str):
    (_, places), problems = load(tmp_path, places={"a.csv": csv_text([{**PLACE, **changes}])})
    return places, problems


# Valid rows ----------------------------------------------------------------------------------------
def test_a_valid_mark_becomes_a_typed_record(tmp_path):
    (mark,), problems = mark_row(tmp_path)
    assert problems == []
    assert mark.id == trademark_id("12345678") and mark.registration_number == "12345678"
    assert mark.nice_classes == (7, 35) and mark.holder_uscc == HOLDER_CODE
    assert mark.holder_country == "中国" and mark.holder_name_en == "Jianghai Huitong Machinery Co., Ltd."
    assert (mark.listed_on, mark.valid_until) == (date(2025, 6, 10), date(2027, 12, 31))
    assert mark.authority == AUTHORITY.name and not mark.holder_is_person
    assert mark.origin == Origin(str(tmp_path / "key-trademarks/a.csv"), 2)


def test_a_valid_place_becomes_a_typed_record(tmp_path):
    (place,), problems = place_row(tmp_path)
    assert problems == []
    assert place.id == risk_point_id("侵权易发风险点", "江海小商品城")
    assert (place.risk_list, place.kind) == (RiskList.RISK_POINT, PlaceType.MARKET)
    assert place.ip_types == ("商标", "著作权") and place.removed_on is None
    assert (place.district, place.address, place.measures) == (
        "浦江区",
        "江海市浦江区商城路1号",
        "每月巡查。",
    )


def test_ids_depend_on_the_key_not_on_the_row_or_file(tmp_path):
    other = {**MARK, "商标注册号": "87654321", "商标名称": "其他"}
    (first, _), _ = load(tmp_path / "one", {"a.csv": csv_text([MARK, other])})
    (second, _), _ = load(tmp_path / "two", {"z.csv": csv_text([other]), "b.csv": csv_text([MARK])})
    assert [m.id for m in first] == [m.id for m in second]
    assert {m.id for m in first} == {trademark_id("12345678"), trademark_id("87654321")}


# Required columns and values -----------------------------------------------------------------------
@pytest.mark.parametrize("column", REQUIRED_MARK)
def test_a_mark_file_missing_a_required_column_fails_once(tmp_path, column):
    rows = [{k: v for k, v in MARK.items() if k != column}]
    (marks, _), problems = load(tmp_path, {"a.csv": csv_text(rows)})
    assert marks == ()
    assert problems == [p for p in problems if "required column" in p] and len(problems) == 1
    assert problems[0].startswith(at(tmp_path, "key-trademarks", 1, "error", column))


@pytest.mark.parametrize("column", REQUIRED_PLACE)
def test_a_place_file_missing_a_required_column_fails_once(tmp_path, column):
    rows = [{k: v for k, v in PLACE.items() if k != column}]
    (_, places), problems = load(tmp_path, places={"a.csv": csv_text(rows)})
    assert places == () and len(problems) == 1 and "required column" in problems[0]


@pytest.mark.parametrize("column", REQUIRED_MARK)
@pytest.mark.parametrize("value", ["", "— —"])
def test_each_required_mark_value(tmp_path, column, value):
    marks, problems = mark_row(tmp_path, **{column: value})
    assert marks == ()
    assert only(problems, ": error: ").startswith(at(tmp_path, "key-trademarks", 2, "error", column))


@pytest.mark.parametrize("column", REQUIRED_PLACE)
def test_each_required_place_value(tmp_path, column):
    places, problems = place_row(tmp_path, **{column: "/"})
    assert places == ()
    assert "means no value" in only(problems, at(tmp_path, "risk-points", 2, "error", column))


# Nice classes --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "classes"),
    [
        ("25", (25,)),
        ("25；35", (25, 35)),
        ("35;25", (25, 35)),
        ("25，35,9", (9, 25, 35)),
        ("25、35", (25, 35)),
        ("25 35\u30009", (9, 25, 35)),
        ("第25类；第35类", (25, 35)),
        ("第9、42类", (9, 42)),
        ("第09类", (9,)),
        ("２５；３５", (25, 35)),
        ("1；45", (1, 45)),
        ("25；25；", (25,)),
    ],
)
def test_the_forms_nice_classes_are_written_in(tmp_path, written, classes):
    (mark,), problems = mark_row(tmp_path, 核定使用类别=written)
    assert problems == [] and mark.nice_classes == classes


@pytest.mark.parametrize("written", ["0", "46", "9-11", "服装", "25.5", "第二十五类", "100"])
def test_anything_but_a_class_from_1_to_45_is_an_error(tmp_path, written):
    marks, problems = mark_row(tmp_path, 核定使用类别=f"35；{written}")
    assert marks == ()
    message = only(problems, at(tmp_path, "key-trademarks", 2, "error", "核定使用类别"))
    assert f"「{written}」不是尼斯分类的类别号（1–45）" in message and "(not a Nice class (1-45)" in message


def test_separators_alone_are_no_class(tmp_path):
    marks, problems = mark_row(tmp_path, 核定使用类别="；、")
    assert marks == () and "no class given" in only(problems, "核定使用类别")


def test_an_xlsx_number_cell_is_a_class(tmp_path):
    path = tmp_path / "key-trademarks" / "a.xlsx"
    path.parent.mkdir(parents=True)
    headers = list(MARK)
    row: list[object] = [MARK[h] for h in headers]
    row[headers.index("核定使用类别")] = 25
    row[headers.index("商标注册号")] = 12345678
    write_book(path, [Sheet("名录", [headers, row])])
    (marks, _), problems = load(tmp_path)
    assert problems == [] and marks[0].nice_classes == (25,) and marks[0].registration_number == "12345678"


# Registration numbers --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("12345678", "12345678"),
        ("１２３４ ５６７８", "12345678"),
        ("第12345678号", "12345678"),
        ("g1234567", "G1234567"),
    ],
)
def test_registration_numbers_are_read_in_one_form(tmp_path, written, number):
    (mark,), problems = mark_row(tmp_path, 商标注册号=written)
    assert problems == [] and mark.registration_number == number and mark.id == trademark_id(number)


@pytest.mark.parametrize("written", ["12-345", "TM123", "G", "12345678901", "１２３٤"])
def test_a_registration_number_that_is_not_digits_is_an_error(tmp_path, written):
    marks, problems = mark_row(tmp_path, 商标注册号=written)
    assert marks == ()
    assert "e.g. 12345678 or G1234567" in only(
        problems, at(tmp_path, "key-trademarks", 2, "error", "商标注册号")
    )


def test_a_repeated_registration_number_is_reported_at_both_places_and_neither_kept(tmp_path):
    second = {**MARK, "商标名称": "汇通图形", "商标注册号": "第１２３４５６７８号"}
    (marks, _), problems = load(
        tmp_path, {"a.csv": csv_text([MARK]), "b.csv": csv_text([{**MARK, "商标注册号": "87654321"}, second])}
    )
    assert [m.registration_number for m in marks] == ["87654321"]
    first_place, second_place = (
        f"{tmp_path / 'key-trademarks/a.csv'}:2",
        f"{tmp_path / 'key-trademarks/b.csv'}:3",
    )
    assert only(problems, f"also at {second_place}").startswith(
        at(tmp_path, "key-trademarks", 2, "error", "商标注册号")
    )
    assert only(problems, f"also at {first_place}").startswith(
        at(tmp_path, "key-trademarks", 3, "error", "商标注册号", "b.csv")
    )


# Holders ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "region"),
    [("", "中国"), ("美国", "美国"), (" 日 本 ", "日本"), ("香港", "中国香港"), ("美利坚合众国", "美国"), ("US", "美国"),
     ("germany", "德国"), ("台湾", "中国台湾")],
)  # fmt: skip
def test_countries_and_regions_are_read_as_their_short_name(tmp_path, written, region):
    (mark,), problems = mark_row(tmp_path, 权利人国家或地区=written, 权利人统一社会信用代码="")
    assert problems == [] and mark.holder_country == region


@pytest.mark.parametrize(("written", "meant"), [("美囯", "美国"), ("法兰西", "法国"), ("亚特兰蒂斯", None)])
def test_an_unknown_country_is_an_error_with_did_you_mean(tmp_path, written, meant):
    marks, problems = mark_row(tmp_path, 权利人国家或地区=written)
    assert marks == ()
    message = only(problems, at(tmp_path, "key-trademarks", 2, "error", "权利人国家或地区"))
    assert (f"did you mean {meant}?" in message) == (meant is not None) and "docs/agencies.md" in message


def test_a_wrong_holder_credit_code_is_an_error(tmp_path):
    marks, problems = mark_row(tmp_path, 权利人统一社会信用代码="91350100M000100Y44")
    assert marks == () and only(
        problems, at(tmp_path, "key-trademarks", 2, "error", "权利人统一社会信用代码")
    )


@pytest.mark.parametrize(
    ("holder", "country", "code", "person"),
    [
        ("王晓明", "", "", True),
        ("欧阳晓明", "中国", "", True),
        ("王晓明", "", HOLDER_CODE, False),
        ("王晓明", "日本", "", False),
        ("江海汇通机械有限公司", "", "", False),
        ("老字号店", "", "", False),
        ("王", "", "", False),
        ("Acme", "", "", False),
    ],
)
def test_a_domestic_holder_without_a_code_named_like_a_person_is_taken_for_one(
    tmp_path, holder, country, code, person
):
    (mark,), problems = mark_row(
        tmp_path, 商标权利人=holder, 权利人国家或地区=country, 权利人统一社会信用代码=code
    )
    assert mark.holder_is_person is person
    warnings = [p for p in problems if "published as a natural person" in p]
    assert len(warnings) == (1 if person else 0)
    assert all(w.startswith(at(tmp_path, "key-trademarks", 2, "warning", "商标权利人")) for w in warnings)


# Dates and authorities -------------------------------------------------------------------------------
@pytest.mark.parametrize(("until", "ok"), [("2025-06-09", False), ("2025-06-10", True), ("2025-06-11", True)])
def test_valid_until_may_not_be_before_the_listing(tmp_path, until, ok):
    marks, problems = mark_row(tmp_path, 有效期至=until)
    assert (len(marks) == 1) is ok
    assert ok or "check both dates" in only(problems, at(tmp_path, "key-trademarks", 2, "error", "有效期至"))


@pytest.mark.parametrize(
    ("removed", "ok"), [("2025-06-09", False), ("2025-06-10", False), ("2025-06-11", True)]
)
def test_a_removal_must_be_after_the_listing(tmp_path, removed, ok):
    places, problems = place_row(tmp_path, 移出日期=removed)
    assert (len(places) == 1) is ok
    assert ok or "must be after the listing date" in only(
        problems, at(tmp_path, "risk-points", 2, "error", "移出日期")
    )
    assert not ok or places[0].removed_on == date(2025, 6, 11)


@pytest.mark.parametrize("column", ["列入日期", "有效期至"])
def test_a_date_that_does_not_exist_is_an_error(tmp_path, column):
    marks, problems = mark_row(tmp_path, **{column: "2026/2/30"})
    assert marks == () and "2026" in only(problems, at(tmp_path, "key-trademarks", 2, "error", column))


def test_an_authority_not_registered_is_an_error_with_did_you_mean(tmp_path):
    marks, problems = mark_row(tmp_path, 列入机关="江海市知识局")
    assert marks == ()
    assert "did you mean 江海市知识产权局?" in only(
        problems, at(tmp_path, "key-trademarks", 2, "error", "列入机关")
    )
    places, problems = place_row(tmp_path / "p", 列入机关="另一个城市的局")
    assert places == () and "register it there first" in only(problems, "列入机关")


# Enumerations ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "risk_list"),
    [
        ("侵权易发风险点", RiskList.RISK_POINT),
        ("重点关注市场名录", RiskList.FOCUS_MARKET),
        ("重点 关注市场", RiskList.FOCUS_MARKET),
    ],
)
def test_the_two_lists(tmp_path, written, risk_list):
    (place,), problems = place_row(tmp_path, 名录=written)
    assert problems == [] and place.risk_list is risk_list


@pytest.mark.parametrize(
    ("column", "written", "meant"),
    [
        ("名录", "侵权风险点", "侵权易发风险点"),
        ("名录", "黑名单", None),
        ("类型", "电商", "电商平台"),
        ("类型", "展会活动", "展会"),
        ("类型", "批发", None),
        ("涉及知识产权类型", "商标；版权", "著作权"),
        ("涉及知识产权类型", "专利权", "专利"),
        ("涉及知识产权类型", "域名", None),
    ],
)
def test_an_enumeration_outside_its_values_is_an_error_with_did_you_mean(tmp_path, column, written, meant):
    places, problems = place_row(tmp_path, **{column: written})
    assert places == ()
    message = only(problems, at(tmp_path, "risk-points", 2, "error", column))
    assert "must be one of" in message and (f"did you mean {meant}?" in message) == (meant is not None)


def test_ip_types_are_in_their_standard_order_each_once(tmp_path):
    (place,), problems = place_row(tmp_path, 涉及知识产权类型="著作权、商标；专利 商标")
    assert problems == [] and place.ip_types == ("专利", "商标", "著作权")


@pytest.mark.parametrize("kind", ["专业市场", "电商平台", "展会", "商圈", "其他"])
def test_the_five_place_types(tmp_path, kind):
    (place,), problems = place_row(tmp_path, 类型=kind)
    assert problems == [] and place.kind == kind


def test_the_same_place_twice_on_one_list_is_reported_at_both_places(tmp_path):
    again = {**PLACE, "名称": "江海 小商品城"}
    other_list = {**PLACE, "名录": "重点关注市场"}
    (_, places), problems = load(tmp_path, places={"a.csv": csv_text([PLACE, other_list, again])})
    assert [p.risk_list for p in places] == [RiskList.FOCUS_MARKET]  # the same name on the other list stays
    assert len([p for p in problems if "duplicate name on the same list" in p]) == 2
    assert only(problems, "also at " + f"{tmp_path / 'risk-points/a.csv'}:4").startswith(
        at(tmp_path, "risk-points", 2, "error", "名称")
    )


# Headers, encodings and formats ----------------------------------------------------------------------
def test_headers_as_other_systems_write_them(tmp_path):
    aliases = {"商标注册号": "注册号", "商标权利人": "权利人", "核定使用类别": "核定使用商品类别",
               "权利人统一社会信用代码": "统一社会信用代码", "权利人国家或地区": "国家/地区", "有效期至": "有效期"}  # fmt: skip
    row = {aliases.get(k, k): v for k, v in {**MARK, "权利人国家或地区": "中国"}.items()}
    (marks, _), problems = load(tmp_path, {"a.csv": csv_text([row])})
    assert (
        problems == [] and marks[0].holder_uscc == HOLDER_CODE and marks[0].valid_until == date(2027, 12, 31)
    )
    place = {
        {"名称": "市场名称", "地址或网址": "地址", "涉及知识产权类型": "知识产权类型"}.get(k, k): v
        for k, v in PLACE.items()
    }
    (_, places), problems = load(tmp_path / "p", places={"a.csv": csv_text([place])})
    assert problems == [] and places[0].address == PLACE["地址或网址"]


def test_a_near_miss_header_gets_did_you_mean(tmp_path):
    row = {("商标权力人" if k == "商标权利人" else k): v for k, v in MARK.items()}
    (marks, _), problems = load(tmp_path, {"a.csv": csv_text([row])})
    assert marks == ()  # the required column is missing
    assert "did you mean 商标权利人?" in only(problems, "unknown column ignored")


def test_an_unknown_id_column_is_an_error(tmp_path):
    (marks, _), problems = load(
        tmp_path, {"a.csv": csv_text([{**MARK, "联系人身份证号": "110105194912310021"}])}
    )
    assert marks == () and "this list carries no ID numbers" in only(problems, ": error: ")


def test_the_same_list_as_utf8_bom_gb18030_xlsx_and_xls_gives_the_same_records(tmp_path):
    text = csv_text([MARK, {**MARK, "商标注册号": "87654321", "商标名称": "ACME"}])
    (utf8, _), p1 = load(tmp_path / "u", {"a.csv": "\ufeff" + text})
    (gb, _), p2 = load(tmp_path / "g", {"a.csv": text.encode("gb18030")})
    assert p1 == [] and [p for p in p2 if "GB18030" not in p] == []
    for suffix in ("xlsx", "xls"):
        path = tmp_path / suffix / "key-trademarks" / f"a.{suffix}"
        path.parent.mkdir(parents=True)
        rows = list(csv.reader(io.StringIO(text)))
        dated = [rows[0]] + [[date.fromisoformat(v) if v == "2025-06-10" else v for v in r] for r in rows[1:]]
        write_book(path, [Sheet("名录", dated)])
        (book, _), problems = load(tmp_path / suffix)
        assert problems == [] and [(m.id, m.listed_on, m.nice_classes) for m in book] == [
            (m.id, m.listed_on, m.nice_classes) for m in utf8
        ]
    assert [(m.id, m.holder) for m in utf8] == [(m.id, m.holder) for m in gb]


def test_a_control_character_is_an_error(tmp_path):
    marks, problems = mark_row(tmp_path, 保护措施="保护\x00措施")
    assert marks == () and "control character" in only(
        problems, at(tmp_path, "key-trademarks", 2, "error", "保护措施")
    )


def test_every_problem_of_a_row_is_reported_at_once(tmp_path):
    marks, problems = mark_row(
        tmp_path, 核定使用类别="46", 权利人国家或地区="火星", 有效期至="2020-01-01", 列入机关="某局"
    )
    assert marks == () and len([p for p in problems if ": error: " in p]) == 4


def test_separators_alone_are_no_ip_type(tmp_path):
    places, problems = place_row(tmp_path, 涉及知识产权类型="；、")
    assert places == () and "no IP type given" in only(
        problems, at(tmp_path, "risk-points", 2, "error", "涉及知识产权类型")
    )
