"""Register validation: every rule of rules.md §1 that concerns registers, at its path, line and column."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from ipcredit.checks.codes import resident_id_check_character, uscc_check_character
from ipcredit.checks.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.records import Authority, Origin, PartyType
from tests.factories import settings

AUTHORITY = Authority(
    "江海市市场监督管理局", "91110000101623741K", "Market Regulation", None, Origin("a.yaml", 1)
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
    "列入依据": "第九条",
    "列入机关": AUTHORITY.name,
    "列入日期": "2025年6月1日",
}


def csv_text(rows: list[dict[str, str]], headers: list[str] | None = None) -> str:
    headers = headers or list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row.get(h, "") for h in headers)
    return buffer.getvalue()


def load(
    tmp_path: Path, penalties: dict[str, str] | None = None, listings: dict[str, str] | None = None, **options
):
    for folder, files in (("penalties", penalties or {}), ("dishonesty", listings or {})):
        (tmp_path / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            (tmp_path / folder / name).write_text(text, encoding="utf-8")
    problems = Problems()
    loaded = load_registers(tmp_path, (AUTHORITY,), settings(**options), problems)
    return loaded, [str(p) for p in problems]


def sub(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def penalty_problems(tmp_path, **changes):
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([{**PENALTY, **changes}])})
    return records, problems


def only(problems: list[str], fragment: str) -> str:
    found = [p for p in problems if fragment in p]
    assert len(found) == 1, problems
    return found[0]


def test_a_valid_row_becomes_a_record_with_amounts_in_yuan(tmp_path):
    records, problems = penalty_problems(tmp_path)
    assert problems == []
    (record,) = records
    assert record.fine_yuan == Decimal(50000) and record.ip_type == "商标"
    assert record.penalty_categories == ("罚款", "没收违法所得、没收非法财物")
    assert record.decision_date.isoformat() == "2025-03-05" and record.party_type is PartyType.ORGANISATION


def test_wan_yuan_headers_are_converted_to_yuan(tmp_path):
    row = {k: v for k, v in PENALTY.items() if k != "罚款金额（元）"} | {"罚款金额(万元)": "1.25"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([row])})
    assert problems == [] and records[0].fine_yuan == Decimal(12500)


def test_missing_required_column_fails_the_file_once(tmp_path):
    row = {k: v for k, v in PENALTY.items() if k != "处罚依据"}
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([row, row])})
    assert records == ()
    message = only(problems, "缺少必填列")
    assert message.startswith(f"{tmp_path / 'penalties/a.csv'}:1: error: 处罚依据:")


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("违法事实", "", "必填项为空"),
        ("处罚决定日期", "2025-02-30", "无法识别"),
        ("行政相对人类别", "公司", "应为 法人及非法人组织、自然人、个体工商户 之一"),
        ("统一社会信用代码", "", "必填项为空"),
        ("统一社会信用代码", "91350100M000100Y4A", "第 18 位应为 3，实为 A"),
        ("罚款金额（元）", "五万", "不是数字"),
        ("处罚机关", "江海市不存在局", "不在 authorities.yaml 中"),
        ("处罚机关统一社会信用代码", GOOD_CODE, "应为 91110000101623741K"),
        ("公示截止期", "2025-03-04", "早于处罚决定日期"),
    ],
)
def test_each_row_error_names_file_line_and_column(tmp_path, column, value, fragment):
    records, problems = penalty_problems(tmp_path, **{column: value})
    assert records == ()
    message = only(problems, fragment)
    assert message.startswith(f"{tmp_path / 'penalties/a.csv'}:2: error: {column}:"), message


def test_person_id_check_digit_is_checked_with_the_expected_character(tmp_path):
    bad = ADULT_ID[:17] + "1"
    records, problems = penalty_problems(
        tmp_path,
        **{"行政相对人类别": "自然人", "统一社会信用代码": "", "证件类型": "身份证", "证件号码": bad},
    )
    assert records == () and "第 18 位应为 X，实为 1" in only(problems, "证件号码")


def test_duplicate_decision_numbers_across_files_report_both_places(tmp_path):
    (records, _), problems = load(tmp_path, {"a.csv": csv_text([PENALTY]), "b.csv": csv_text([PENALTY])})
    a, b = tmp_path / "penalties/a.csv", tmp_path / "penalties/b.csv"
    assert len(records) == 1  # the second row is refused (and the error stops the build anyway)
    assert any(p.startswith(f"{b}:2: error: 行政处罚决定书文号:") and f"{a}:2" in p for p in problems), (
        problems
    )
    assert any(p.startswith(f"{a}:2: error: 行政处罚决定书文号:") and f"{b}:2" in p for p in problems), (
        problems
    )


def test_warnings_unknown_column_empty_column_and_capped_end(tmp_path):
    row = {**PENALTY, "附加说明": "x", "备注": "", "公示截止期": "2029-01-01"}
    records, problems = penalty_problems(tmp_path, **{k: v for k, v in row.items() if k not in PENALTY})
    assert len(records) == 1
    assert ":1: warning: 附加说明:" in only(problems, "未知的列")
    assert ":1: warning: 备注:" in only(problems, "全部为空")
    assert ":2: warning: 公示截止期:" in only(problems, "将于 2028-03-05 撤下")


def test_headers_match_with_full_or_half_width_parentheses_and_spaces(tmp_path):
    row = {(" 罚款金额(元) " if k == "罚款金额（元）" else k): v for k, v in PENALTY.items()}
    records, problems = penalty_problems(tmp_path)
    (records2, _), problems2 = load(sub(tmp_path, "x"), {"a.csv": csv_text([row])})
    assert problems == problems2 == [] and records2[0].fine_yuan == records[0].fine_yuan


def test_ip_type_is_derived_from_the_violation(tmp_path):
    records, _ = penalty_problems(
        tmp_path, **{"违法行为类型": "假冒专利", "处罚依据": "《专利法》第六十八条"}
    )
    assert records[0].ip_type == "专利"


def test_dishonesty_rules(tmp_path):
    (_, listings), problems = load(tmp_path, listings={"a.csv": csv_text([LISTING])})
    assert problems == [] and listings[0].listed_on.isoformat() == "2025-06-01"
    bad = {**LISTING, "移出日期": "2025-05-01"}
    (_, listings), problems = load(tmp_path, listings={"a.csv": csv_text([bad])})
    assert listings == () and ":2: error: 移出日期:" in only(problems, "晚于")


def test_records_do_not_depend_on_file_order(tmp_path):
    first = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕9号"}
    second = {**PENALTY, "行政处罚决定书文号": "江市监知处罚〔2025〕10号"}
    (one, _), _ = load(sub(tmp_path, "one"), {"a.csv": csv_text([first]), "b.csv": csv_text([second])})
    (two, _), _ = load(sub(tmp_path, "two"), {"a.csv": csv_text([second]), "b.csv": csv_text([first])})
    assert [r.id for r in one] == [r.id for r in two]


def test_generated_codes_are_valid_by_construction():
    assert uscc_check_character(GOOD_CODE[:17]) == GOOD_CODE[17]
    assert resident_id_check_character(ADULT_ID[:17]) == ADULT_ID[17]
