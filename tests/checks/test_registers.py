"""Register validation: every register message of docs/agencies.md, at its path, line and column."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from ipcredit.loading import registers
from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.records import Authority, Origin, PartyType, record_id
from ipcredit.rules.classes import window
from tests.factories import settings

AUTHORITY = Authority(
    "江海市市场监督管理局", "11319900MB0021741W", "Market Regulation", None, Origin("a.yaml", 1)
)
GOOD_CODE = "91350100M000100Y43"
ADULT_ID = "11010519491231002X"

PENALTY = {
    "行政相对人名称": "江海瑞丰贸易有限公司",
    "行政相对人类别": "法人及非法人组织",
    "统一社会信用代码": GOOD_CODE,
    "法定代表人": "王大明",
    "行政处罚决定书文号": "江市监知处罚〔2025〕1号",
    "违法行为类型": "侵犯注册商标专用权",
    "违法事实": "销售侵权商品。",
    "处罚依据": "《商标法》第六十条",
    "处罚类别": "罚款；没收违法所得、没收非法财物",
    "处罚内容": "罚款 5 万元。",
    "罚款金额（元）": "50,000",
    "处罚决定日期": "2025/3/5",
    "处罚机关": AUTHORITY.name,
    "处罚机关统一社会信用代码": AUTHORITY.uscc,
}
LISTING = {
    "主体名称": "江海失信科技有限公司",
    "主体类别": "法人及非法人组织",
    "统一社会信用代码": GOOD_CODE,
    "列入决定书文号": "江市监失信〔2025〕1号",
    "失信行为": "恶意商标注册",
    "列入依据": "《市场监督管理严重违法失信名单管理办法》第九条",
    "列入机关": AUTHORITY.name,
    "列入日期": "2025年6月1日",
}
PERSON = {"行政相对人名称": "李晓明", "行政相对人类别": "自然人", "统一社会信用代码": "", "法定代表人": ""}
REQUIRED_PENALTY = (
    "行政相对人名称", "行政相对人类别", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据",
    "处罚类别", "处罚内容", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码",
)  # fmt: skip
REQUIRED_LISTING = ("主体名称", "主体类别", "列入决定书文号", "失信行为", "列入依据", "列入机关", "列入日期")


def csv_text(rows: list[dict[str, str]], headers: list[str] | None = None) -> str:
    headers = headers or list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row.get(h, "") for h in headers)
    return buffer.getvalue()


def write_folders(root: Path, folders: dict[str, dict]) -> None:
    """Write {folder: {name: text or bytes}} under root (text as UTF-8)."""
    for folder, files in folders.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / folder / name
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def load(root: Path, penalties: dict | None = None, listings: dict | None = None, **options: Any):
    """Write {name: text or bytes} under root/penalties and root/dishonesty, then load them."""
    write_folders(root, {"penalties": penalties or {}, "dishonesty": listings or {}})
    problems = Problems()
    loaded = load_registers(root, (AUTHORITY,), settings(**options), problems, window)
    return loaded, [str(p) for p in problems]


def penalty_row(tmp_path: Path, **changes: str):
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([{**PENALTY, **changes}])})
    return records, problems


def listing_row(tmp_path: Path, **changes: str):
    (_, records), problems = load(tmp_path, listings={"a.csv": csv_text([{**LISTING, **changes}])})
    return records, problems


def only(problems: list[str], fragment: str) -> str:
    found = [p for p in problems if fragment in p]
    assert len(found) == 1, problems
    return found[0]


def errors(problems: list[str]) -> list[str]:
    return [p for p in problems if ": error: " in p]


def at(tmp_path: Path, folder: str, line: int, level: str, column: str, name: str = "a.csv") -> str:
    """The start of a problem: path, line, level and column header (its letter follows, if any)."""
    return f"{tmp_path / folder / name}:{line}: {level}: {column}"


# A valid row -----------------------------------------------------------------------------------
def test_a_valid_penalty_row_becomes_a_typed_record(tmp_path):
    records, problems = penalty_row(tmp_path)
    assert problems == []
    (record,) = records
    assert (
        record.id == record_id("江市监知处罚〔2025〕1号")
        and record.decision_number == "江市监知处罚〔2025〕1号"
    )
    assert record.party_type is PartyType.ORGANISATION and record.uscc == GOOD_CODE
    assert record.fine_yuan == Decimal(50000) and record.confiscated_yuan is None
    assert record.penalty_categories == ("罚款", "没收违法所得、没收非法财物")
    assert record.decision_date == date(2025, 3, 5) and record.publicity_end is None
    assert record.ip_type == "商标" and record.legal_representative == "王大明"
    assert str(record.origin) == f"{tmp_path / 'penalties/a.csv'}:2"


@pytest.mark.parametrize("written", ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", " 2024-3-05 "])
def test_every_accepted_date_form(tmp_path, written):
    records, problems = penalty_row(tmp_path, 处罚决定日期=written)
    assert problems == [] and records[0].decision_date == date(2024, 3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("警告; 罚款", ("警告", "罚款")),
        ("警告、罚款；没收违法所得、没收非法财物", ("警告", "罚款", "没收违法所得、没收非法财物")),
        ("罚款；；", ("罚款",)),
    ],
)
def test_penalty_categories_are_split(tmp_path, text, expected):
    records, _ = penalty_row(tmp_path, 处罚类别=text)
    assert records[0].penalty_categories == expected


def test_amounts_in_wan_yuan_headers_are_converted_to_yuan(tmp_path):
    row = {k: v for k, v in PENALTY.items() if k != "罚款金额（元）"}
    row |= {"罚款金额（万元）": "1.25", "没收违法所得、没收非法财物的金额(万元)": "0.0350"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([row])})
    assert problems == []
    assert records[0].fine_yuan == Decimal(12500) and format(records[0].fine_yuan, "f") == "12500"
    assert records[0].confiscated_yuan == Decimal(350)


@pytest.mark.parametrize(
    ("written", "yuan"), [("1,234,567.5", "1234567.5"), ("１２００", "1200"), ("0", "0")]
)
def test_amounts_with_thousands_separators(tmp_path, written, yuan):
    records, problems = penalty_row(tmp_path, **{"罚款金额（元）": written})
    assert problems == [] and records[0].fine_yuan == Decimal(yuan)


def test_headers_match_with_either_parentheses_and_stray_spaces(tmp_path):
    row = {(" 罚款金额(元) " if k == "罚款金额（元）" else k): v for k, v in PENALTY.items()}
    row["处罚机关 统一社会信用代码"] = row.pop("处罚机关统一社会信用代码")
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([row])})
    assert problems == [] and records[0].fine_yuan == Decimal(50000)


# Column problems --------------------------------------------------------------------------------
def test_a_missing_required_column_fails_that_file_once(tmp_path):
    row = {k: v for k, v in PENALTY.items() if k != "处罚依据"}
    other = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕2号"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([row, row]), "b.csv": csv_text([other])})
    assert [r.decision_number for r in records] == ["江市监知处罚〔2025〕2号"]  # b.csv still loads
    assert problems == [only(problems, "缺少必填列")]
    assert problems[0].startswith(at(tmp_path, "penalties", 1, "error", "处罚依据"))


def test_an_unknown_column_is_a_warning_and_an_empty_optional_column_is_not(tmp_path):
    rows = [
        {**PENALTY, "附加说明": "x", "备注": ""},
        {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕2号"},
    ]
    (records, _), problems = load(tmp_path, {"a.csv": csv_text(rows)})
    assert len(records) == 2
    assert problems == [
        f"{tmp_path / 'penalties/a.csv'}:1: warning: 附加说明 (列 O): 未知的列，已忽略（本列内容不会公开） "
        "(unknown column ignored; its values are not published)"
    ]


def test_the_same_column_twice_is_an_error(tmp_path):
    records, problems = penalty_row(tmp_path, **{"罚款金额（万元）": "5"})
    assert records == ()  # the file's amounts are ambiguous: it fails as a whole
    message = only(problems, "重复")
    assert (
        message.startswith(at(tmp_path, "penalties", 1, "error", "罚款金额（万元）"))
        and "罚款金额（元）" in message
    )


# Row problems -----------------------------------------------------------------------------------
@pytest.mark.parametrize("column", REQUIRED_PENALTY)
def test_each_required_value(tmp_path, column):
    records, problems = penalty_row(tmp_path, **{column: "  "})
    assert records == ()
    assert only(problems, "必填").startswith(at(tmp_path, "penalties", 2, "error", column))


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("处罚决定日期", "2025-02-30", "2025年2月没有30日"),
        ("处罚决定日期", "5/3/2025", "不是可识别的日期"),
        ("撤下日期", "下月", "不是可识别的日期"),
        ("行政相对人类别", "公司", "应为 法人及非法人组织、自然人、个体工商户 之一"),
        ("统一社会信用代码", "", "法人及非法人组织必填统一社会信用代码"),
        ("统一社会信用代码", "91350100M000100Y4A", "第 18 位应为 3，实为 A"),
        ("统一社会信用代码", "91350100M000100Y4", "应为 18 位"),
        ("数据来源单位统一社会信用代码", "91350100M000100Y4A", "第 18 位应为 3，实为 A"),
        ("罚款金额（元）", "五万", "金额「五万」不是数字"),
        ("罚款金额（元）", "-5", "不是数字"),
        ("处罚机关", "江海市不存在局", "不在 authorities.yaml 中；请先在 authorities.yaml 中登记"),
        ("处罚机关", "江海市市场监管局", "您是否指「江海市市场监督管理局」"),
        ("处罚机关统一社会信用代码", GOOD_CODE, f"应为 {AUTHORITY.uscc}，实为 {GOOD_CODE}"),
        ("公示截止期", "2025-03-04", "公示截止期 2025-03-04 早于处罚决定日期 2025-03-05"),
    ],
)
def test_each_row_error_names_file_line_and_column(tmp_path, column, value, fragment):
    records, problems = penalty_row(tmp_path, **{column: value})
    assert records == ()
    assert only(problems, fragment).startswith(at(tmp_path, "penalties", 2, "error", column))


def test_every_problem_of_a_row_is_reported_at_once(tmp_path):
    records, problems = penalty_row(
        tmp_path, **{"违法事实": "", "处罚决定日期": "昨天", "罚款金额（元）": "x"}
    )
    assert records == () and len(problems) == 3


@pytest.mark.parametrize("party", ["自然人", "个体工商户"])
def test_the_credit_code_is_optional_for_people_and_businesses_but_checked_when_given(tmp_path, party):
    records, problems = penalty_row(tmp_path, 行政相对人类别=party, 统一社会信用代码="", 证件号码=ADULT_ID)
    assert errors(problems) == [] and records[0].uscc is None
    records, problems = penalty_row(
        tmp_path / "x", 行政相对人类别=party, 统一社会信用代码=GOOD_CODE[:17] + "A", 证件号码=ADULT_ID
    )
    assert records == () and only(problems, "第 18 位应为 3，实为 A").startswith(
        at(tmp_path / "x", "penalties", 2, "error", "统一社会信用代码")
    )


def test_a_capped_end_of_publicity_is_a_warning_with_the_date_it_ends(tmp_path):
    # The row is an ordinary fine: 一般, at most 12 months from 2025-03-05.
    records, problems = penalty_row(tmp_path, 公示截止期="2029-01-01")
    assert len(records) == 1 and records[0].publicity_end == date(2029, 1, 1)  # the rules cap it
    message = only(problems, "将于 2026-03-05 截止公示")
    assert message.startswith(at(tmp_path, "penalties", 2, "warning", "公示截止期")) and "一般" in message
    records, problems = penalty_row(tmp_path / "x", 公示截止期="2026-03-05")  # exactly the cap
    assert problems == []
    records, problems = penalty_row(tmp_path / "y", 公示截止期="2026-03-06")  # a day past it
    assert "将于 2026-03-05 截止公示" in only(problems, "公示截止期")


def test_the_cap_follows_the_declared_class(tmp_path):
    _, problems = penalty_row(tmp_path, 公示截止期="2029-01-01", 失信程度="严重")  # 36 months
    assert "将于 2028-03-05 截止公示" in only(problems, "公示截止期")
    _, problems = penalty_row(tmp_path / "x", 公示截止期="2028-03-05", 失信程度="严重")
    assert problems == []


@pytest.mark.parametrize("value", ["较重", "serious", "一般失信", "3"])
def test_a_declared_class_other_than_the_three_names_is_an_error(tmp_path, value):
    records, problems = penalty_row(tmp_path, 失信程度=value)
    assert records == ()
    message = only(problems, f"失信程度「{value}」应为 轻微、一般、严重 之一")
    assert message.startswith(at(tmp_path, "penalties", 2, "error", "失信程度"))


@pytest.mark.parametrize(("value", "read"), [("严重", "严重"), (" 轻微 ", "轻微"), ("", None)])
def test_a_declared_class_is_read(tmp_path, value, read):
    records, problems = penalty_row(tmp_path, 失信程度=value)
    assert errors(problems) == [] and (records[0].declared_class or None) == read


def test_the_procedure_column_takes_the_two_procedures_only(tmp_path):
    records, problems = penalty_row(tmp_path, 程序类型="简易程序")
    assert problems == [] and records[0].procedure == "简易程序"
    records, problems = penalty_row(tmp_path / "x", 程序类型="快速程序")
    assert records == () and only(problems, "程序类型「快速程序」").startswith(
        at(tmp_path / "x", "penalties", 2, "error", "程序类型")
    )


def test_credit_repair_before_the_class_minimum_is_a_warning(tmp_path):
    # 一般: repair may be applied for from 2025-06-05 (decision 2025-03-05 + 3 months).
    early = {"撤下日期": "2025-06-04", "撤下原因": "经信用修复撤下"}
    records, problems = penalty_row(tmp_path, **early)
    assert len(records) == 1
    message = only(problems, "早于一般失信信息可申请信用修复的日期 2025-06-05")
    assert message.startswith(at(tmp_path, "penalties", 2, "warning", "撤下日期"))
    _, problems = penalty_row(tmp_path / "x", 撤下日期="2025-06-05", 撤下原因="信用修复")
    assert problems == []
    _, problems = penalty_row(tmp_path / "y", 撤下日期="2025-04-01", 撤下原因="行政处罚决定被撤销")
    assert problems == []  # revocation may come at any time


# Resident IDs -----------------------------------------------------------------------------------
@pytest.mark.parametrize("id_type", ["身份证", "居民身份证", ""])
def test_a_natural_persons_resident_id_check_character(tmp_path, id_type):
    records, problems = penalty_row(tmp_path, **PERSON, 证件类型=id_type, 证件号码=ADULT_ID[:17] + "1")
    assert records == ()
    message = only(problems, "第 18 位应为 X，实为 1")
    assert message.startswith(at(tmp_path, "penalties", 2, "error", "证件号码"))


@pytest.mark.parametrize(
    ("id_type", "number", "stored"),
    [
        ("身份证", "11010519491231002x", "11010519491231002X"),  # lower-case x read as X
        ("身份证", "310101650101123", "310101650101123"),  # legacy 15 digits: no check character
        ("护照", "E12345678", "E12345678"),  # another document: not a resident ID
    ],
)
def test_resident_ids_that_are_accepted(tmp_path, id_type, number, stored):
    records, problems = penalty_row(tmp_path, **PERSON, 证件类型=id_type, 证件号码=number)
    assert errors(problems) == [] and records[0].id_number == stored


@pytest.mark.parametrize("number", ["1101051949123100", "110105194902300021"])
def test_a_resident_id_of_the_wrong_shape_or_date(tmp_path, number):
    records, problems = penalty_row(tmp_path, **PERSON, 证件类型="身份证", 证件号码=number)
    assert records == () and only(problems, "证件号码").startswith(
        at(tmp_path, "penalties", 2, "error", "证件号码")
    )


def test_ids_of_organisations_are_not_checked_as_resident_ids(tmp_path):
    records, problems = penalty_row(tmp_path, 证件类型="身份证", 证件号码=ADULT_ID[:17] + "1")
    assert problems == [] and len(records) == 1


# Duplicates and ids -----------------------------------------------------------------------------
def test_duplicate_decision_numbers_across_files_report_both_places_and_keep_neither(tmp_path):
    other = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕2号"}
    spaced = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕 1号"}
    (records, _), problems = load(
        tmp_path, {"a.csv": csv_text([other, PENALTY]), "b.csv": csv_text([spaced])}
    )
    a, b = tmp_path / "penalties/a.csv", tmp_path / "penalties/b.csv"
    assert [r.decision_number for r in records] == ["江市监知处罚〔2025〕2号"]
    assert len(problems) == 2
    assert any(
        p.startswith(f"{b}:2: error: 行政处罚决定书文号 (列 E):") and f"另见 {a}:3" in p for p in problems
    )
    assert any(
        p.startswith(f"{a}:3: error: 行政处罚决定书文号 (列 E):") and f"另见 {b}:2" in p for p in problems
    )


def test_duplicate_listing_numbers_report_both_places(tmp_path):
    (_, listings), problems = load(
        tmp_path, listings={"a.csv": csv_text([LISTING]), "b.xlsx": xlsx_bytes(tmp_path, [LISTING])}
    )
    a, b = tmp_path / "dishonesty/a.csv", tmp_path / "dishonesty/b.xlsx"
    assert listings == ()
    assert any(p.startswith(f"{a}:2: error: 列入决定书文号 (列 D):") and f"{b}:2" in p for p in problems), (
        problems
    )
    assert any(p.startswith(f"{b}:2: error: 列入决定书文号 (列 D):") and f"{a}:2" in p for p in problems), (
        problems
    )


def test_two_numbers_colliding_on_a_record_id_are_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(registers, "record_id", lambda number: "samesameid00")
    other = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕2号"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([PENALTY, other])})
    assert [r.decision_number for r in records] == ["江市监知处罚〔2025〕1号"]
    assert only(problems, "网址编号 samesameid00").startswith(
        at(tmp_path, "penalties", 3, "error", "行政处罚决定书文号")
    )


def test_records_do_not_depend_on_file_order_or_names(tmp_path):
    first = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕9号"}
    second = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕10号"}
    (one, _), _ = load(tmp_path / "one", {"a.csv": csv_text([first]), "b.csv": csv_text([second])})
    (two, _), _ = load(tmp_path / "two", {"a.csv": csv_text([second]), "b.csv": csv_text([first])})
    assert [r.id for r in one] == [r.id for r in two] and len(one) == 2


@pytest.mark.parametrize(
    ("violation", "basis", "ip_type"),
    [
        ("侵犯注册商标专用权", "《商标法》", "商标"),
        ("假冒专利", "《专利法》第六十八条", "专利"),
        ("违法从事专利代理", "《专利代理条例》", "专利"),
        ("侵犯著作权", "《著作权法》", "著作权"),
        ("经营侵权复制品", "", "著作权"),
        ("侵犯商业秘密", "《反不正当竞争法》第九条", "商业秘密"),
        ("擅自使用有一定影响的商品包装", "《反不正当竞争法》第六条", "不正当竞争"),
        ("擅自使用地理标志专用标志", "《商标法》", "地理标志"),
        ("侵犯植物新品种权", "", "植物新品种"),
        ("侵犯集成电路布图设计专有权", "", "集成电路布图设计"),
        ("未按规定公示年度报告", "《企业信息公示暂行条例》", "其他"),
    ],
)
def test_ip_type_is_derived_from_the_violation_then_the_basis(tmp_path, violation, basis, ip_type):
    records, _ = penalty_row(tmp_path, 违法行为类型=violation, 处罚依据=basis or "《条例》")
    assert records[0].ip_type == ip_type


# Formats ----------------------------------------------------------------------------------------
def xlsx_bytes(tmp_path: Path, rows: list[dict[str, str]], dates: tuple[str, ...] = ()) -> bytes:
    """An XLSX register; the ``dates`` columns as real date cells, amounts as numbers."""
    path = tmp_path / "made.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet, date_format = book.add_worksheet(), book.add_format({"num_format": "yyyy/m/d"})
    headers = list(dict.fromkeys(k for row in rows for k in row))
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            value = row.get(header, "")
            if header in dates and value:
                sheet.write_datetime(r, c, datetime.fromisoformat(value), date_format)
            elif "金额" in header and value:
                sheet.write_number(r, c, float(value.replace(",", "")))
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return path.read_bytes()


def test_the_same_register_as_utf8_gb18030_and_xlsx_gives_the_same_records(tmp_path):
    row = {**PENALTY, "处罚决定日期": "2025-03-05", "公示截止期": "2026-03-05"}
    gb = csv_text([row]).replace("\n", "\r\n").encode("gb18030")
    made = xlsx_bytes(tmp_path, [row], dates=("处罚决定日期", "公示截止期"))
    results = {}
    for name, content in (("u.csv", csv_text([row])), ("g.csv", gb), ("x.xlsx", made)):
        (records, _), problems = load(tmp_path / name.replace(".", "-"), {name: content})
        results[name] = [asdict(r) | {"origin": None} for r in records]
        expected = ["GB18030"] if name == "g.csv" else []
        assert [p for p in problems if "GB18030" not in p] == [] and len(problems) == len(expected)
    assert results["u.csv"] == results["g.csv"] == results["x.xlsx"] and len(results["u.csv"]) == 1


def test_xlsx_errors_are_reported_at_the_sheet_row(tmp_path):
    rows = [
        PENALTY,
        {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕2号", "处罚决定日期": "2025-13-01"},
    ]
    (records, _), problems = load(tmp_path, {"r.xlsx": xlsx_bytes(tmp_path, rows)})
    assert len(records) == 1
    assert only(problems, "月份应为 1 到 12").startswith(
        at(tmp_path, "penalties", 3, "error", "处罚决定日期", "r.xlsx")
    )


def test_a_long_number_excel_stored_as_a_number_is_an_error_saying_so(tmp_path):
    made = tmp_path / "made.xlsx"
    book = xlsxwriter.Workbook(str(made))
    sheet = book.add_worksheet()
    row = {**PENALTY, **PERSON, "证件类型": "身份证"}
    for c, (header, value) in enumerate(row.items()):
        sheet.write_string(0, c, header)
        sheet.write_string(1, c, value)
    sheet.write_string(0, len(row), "证件号码")
    sheet.write_number(1, len(row), 310101199001011234)
    book.close()
    (records, _), problems = load(tmp_path, {"r.xlsx": made.read_bytes()})
    assert records == ()
    message = only(problems, "存为数字")
    assert message.startswith(at(tmp_path, "penalties", 2, "error", "证件号码", "r.xlsx"))
    assert "310101199001011000" in message


def test_an_unreadable_file_is_an_error_for_that_file(tmp_path):
    (records, _), problems = load(tmp_path, {"a.csv": b"\xff\xfe\x00\x81" * 50, "b.xls": b"old"})
    assert records == () and len(problems) == 2 and all(": error: " in p for p in problems)


# The dishonesty list ----------------------------------------------------------------------------
def test_a_valid_listing(tmp_path):
    records, problems = listing_row(tmp_path, **{"届满移出日期": "2028.6.1", "法定代表人（负责人）": "赵一"})
    assert problems == []
    (entry,) = records
    assert entry.listed_on == date(2025, 6, 1) and entry.scheduled_removal == date(2028, 6, 1)
    assert entry.legal_representative == "赵一" and entry.removed_on is None
    assert entry.id == record_id("江市监失信〔2025〕1号")


@pytest.mark.parametrize("column", REQUIRED_LISTING)
def test_each_required_listing_value(tmp_path, column):
    records, problems = listing_row(tmp_path, **{column: ""})
    assert records == ()
    assert only(problems, "必填").startswith(at(tmp_path, "dishonesty", 2, "error", column))


@pytest.mark.parametrize("column", ["移出日期", "届满移出日期"])
def test_listing_date_after_a_removal_date(tmp_path, column):
    records, problems = listing_row(tmp_path, **{column: "2025-05-31"})
    assert records == ()
    message = only(problems, "晚于")
    assert message.startswith(at(tmp_path, "dishonesty", 2, "error", column))
    assert f"列入日期 2025-06-01 晚于{column} 2025-05-31" in message
    records, problems = listing_row(tmp_path / "same", **{column: "2025-06-01"})
    assert problems == [] and len(records) == 1  # the same day is allowed (and shown on no day)


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("主体类别", "企业", "之一"),
        ("统一社会信用代码", "", "法人及非法人组织必填统一社会信用代码"),
        ("列入机关", "某某局", "不在 authorities.yaml 中"),
        ("列入日期", "2025-06-31", "2025年6月没有31日"),
    ],
)
def test_listing_row_errors(tmp_path, column, value, fragment):
    records, problems = listing_row(tmp_path, **{column: value})
    assert records == () and only(problems, fragment).startswith(
        at(tmp_path, "dishonesty", 2, "error", column)
    )


def test_a_listing_file_missing_a_required_column(tmp_path):
    row = {k: v for k, v in LISTING.items() if k != "列入日期"}
    (_, listings), problems = load(tmp_path, listings={"a.csv": csv_text([row])})
    assert listings == ()
    assert only(problems, "缺少必填列").startswith(at(tmp_path, "dishonesty", 1, "error", "列入日期"))
