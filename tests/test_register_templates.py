"""The blank register templates and the guide's column tables are generated from the column
table the build reads with, and a filled-in template loads without a word."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ipcredit.checks.columns import DISHONESTY_COLUMNS, PENALTY_COLUMNS, template_columns
from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.rules.classes import window
from tests.checks.test_register_exports import AUTHORITY, COMPANY
from tests.factories import settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import register_templates  # noqa: E402  (tools/ is not a package)


def test_the_committed_templates_and_guide_tables_are_what_the_script_generates():
    stale = [
        str(path.relative_to(ROOT))
        for path, content in register_templates.outputs().items()
        if not path.exists() or path.read_bytes() != content
    ]
    assert stale == [], "run python tools/register_templates.py"


def test_the_guide_lists_every_column_and_variant():
    guide = (ROOT / "docs/agencies.md").read_text(encoding="utf-8")
    for column in (*PENALTY_COLUMNS, *DISHONESTY_COLUMNS):
        assert f"| {column.header} |" in guide or column.key in ("fine_yuan", "confiscated_yuan")
    assert (
        "行政相对人代码_1（统一社会信用代码）" in guide
        and "没收违法所得、没收非法财务的金额（万元）" in guide
    )


FILLED = {
    "行政相对人名称": "江海瑞丰贸易有限公司", "行政相对人类别": "法人及非法人组织", "统一社会信用代码": COMPANY,
    "行政处罚决定书文号": "江市监处罚〔2025〕1号", "违法行为类型": "侵犯注册商标专用权", "违法事实": "销售侵权商品。",
    "处罚依据": "《商标法》第六十条", "处罚类别": "罚款", "处罚内容": "罚款。", "罚款金额（万元）": "2",
    "处罚决定日期": "2025-03-05", "处罚机关": AUTHORITY.name, "处罚机关统一社会信用代码": AUTHORITY.uscc,
}  # fmt: skip


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_filled_in_penalty_template_loads_without_any_problem(tmp_path, form):
    template = ROOT / f"docs/templates/penalties.{form}"
    target = tmp_path / "penalties" / f"filled.{form}"
    target.parent.mkdir()
    if form == "csv":
        header = template.read_text(encoding="utf-8-sig").strip().split(",")
        row = ",".join(FILLED.get(h, "") for h in header)
        target.write_text(template.read_text(encoding="utf-8-sig") + row + "\r\n", encoding="utf-8-sig")
    else:
        book = load_workbook(template)
        sheet = book.worksheets[0]
        header = [cell.value for cell in sheet[1]]
        sheet.append([FILLED.get(h) for h in header])
        book.save(target)
    assert header == [c.header for c in template_columns(PENALTY_COLUMNS)]
    problems = Problems()
    penalties, _ = load_registers(tmp_path, (AUTHORITY,), settings(), problems, window)
    assert [str(p) for p in problems] == []
    assert penalties[0].fine_yuan == 20000 and penalties[0].uscc == COMPANY


def test_the_xlsx_template_keeps_codes_as_text_and_explains_every_column():
    book = load_workbook(ROOT / "docs/templates/penalties.xlsx")
    # One sheet only: the build reads the first sheet and refuses a second one that holds data.
    [sheet] = book.worksheets
    header = {cell.value: cell for cell in sheet[1]}
    assert "核对用，从不公开" in header["法定代表人证件号码"].comment.text
    letter = header["证件号码"].column_letter
    assert sheet.column_dimensions[letter].number_format == "@"  # Excel keeps all 18 characters
    assert all(cell.comment and cell.comment.text.startswith(("必填", "选填")) for cell in header.values())
