"""Blank register templates and the agencies' guide's column tables, from the column table in
ipcredit/checks/columns.py (the same table the build reads registers with).

    python tools/register_templates.py          # write docs/templates/* and the tables in docs/agencies.md
    python tools/register_templates.py check    # exit 1 if any of them is out of date

The templates are docs/templates/<register>.csv|.xlsx (penalties, dishonesty, key-trademarks,
risk-points): the header row
only (CSV: UTF-8 with BOM and CRLF, as Excel opens it directly; XLSX: code and ID columns
formatted as text so Excel keeps every digit, date columns as dates, a note on each header,
and a second sheet explaining every column). Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipcredit.checks.columns import (  # noqa: E402  (after the path set-up above)
    ALIASES,
    DISHONESTY_COLUMNS,
    KEY_TRADEMARK_COLUMNS,
    PENALTY_COLUMNS,
    RISK_POINT_COLUMNS,
    SYSTEM_HEADERS,
    Column,
    normalise_header,
    template_columns,
)
from ipcredit.regions import REGION_ALIASES, REGIONS  # noqa: E402

TEMPLATES = ROOT / "docs" / "templates"
GUIDE = ROOT / "docs" / "agencies.md"
REGISTERS = {
    "penalties": ("行政处罚", PENALTY_COLUMNS),
    "dishonesty": ("严重违法失信名单", DISHONESTY_COLUMNS),
    "key-trademarks": ("重点商标保护名录", KEY_TRADEMARK_COLUMNS),
    "risk-points": ("侵权易发风险点和重点关注市场名录", RISK_POINT_COLUMNS),
}
FIXED_TIME = datetime(2026, 1, 1)  # file metadata, so the files do not change from run to run
TEXT_KINDS = ("code", "id")


def aliases_of(column: Column, spec: Sequence[Column]) -> list[str]:
    """Other headers read as this column: its variants, and the other unit of an amount."""
    names = [
        a for a, target in ALIASES.items() if normalise_header(target) == normalise_header(column.header)
    ]
    names += [c.header for c in spec if c.key == column.key and c.header != column.header]
    for other in spec:
        if other.key == column.key and other.header != column.header:
            names += [a for a, t in ALIASES.items() if normalise_header(t) == normalise_header(other.header)]
    return names


def csv_template(spec: Sequence[Column]) -> bytes:
    return ("\ufeff" + ",".join(c.header for c in template_columns(spec)) + "\r\n").encode("utf-8")


def xlsx_template(title: str, spec: Sequence[Column]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": f"{title}登记表（空白模板）", "created": FIXED_TIME})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    required = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    text, day = book.add_format({"num_format": "@"}), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(title)
    for index, column in enumerate(template_columns(spec)):
        body = text if column.kind in TEXT_KINDS or "代码" in column.header else None
        body = day if column.kind == "date" else body
        sheet.set_column(index, index, max(12, len(column.header) * 2), body)
        sheet.write_string(0, index, column.header, required if column.required else header)
        sheet.write_comment(0, index, _note(column, spec), {"x_scale": 2})
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def _note(column: Column, spec: Sequence[Column]) -> str:
    parts = ["必填" if column.required else "选填", column.note, "不公开" if not column.published else ""]
    others = aliases_of(column, spec)
    if others:
        parts.append("也接受列名：" + "、".join(others))
    return "；".join(p for p in parts if p)


def guide_rows(spec: Sequence[Column]) -> list[list[str]]:
    """One row per template column: header, required, published, use, other accepted headers."""
    return [
        [
            c.header,
            ("是（缺列时按代码推断）" if c.inferable else "是") if c.required else "否",
            ("脱敏" if c.kind == "id" else "是") if c.published else "否",
            c.note,
            "、".join(aliases_of(c, spec)),
        ]
        for c in template_columns(spec)
    ]


def markdown_table(spec: Sequence[Column]) -> str:
    lines = ["| 列名 header | 必填 required | 公开 published | 说明 use | 也接受的列名 also read as |",
             "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for row in guide_rows(spec):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines)


def system_line() -> str:
    return "系统列（读入时忽略，不报告 / ignored, not reported）：" + "、".join(
        f"`{h}`" for h in SYSTEM_HEADERS
    )


def regions_line() -> str:
    """The countries and regions 权利人国家或地区 accepts, and the other spellings read as them."""
    names = "、".join(f"{name}（{english}）" for name, (_, english) in REGIONS.items())
    aliases = "、".join(f"{alias} → {name}" for alias, name in REGION_ALIASES.items())
    return f"可用名称 / accepted: {names}\n\n也接受 / also read as: {aliases}"


def guide_with_tables(text: str) -> str:
    """docs/agencies.md with each generated block replaced by the current one."""
    blocks = {f"columns:{name}": markdown_table(spec) for name, (_, spec) in REGISTERS.items()}
    blocks["columns:system"] = system_line()
    blocks["regions"] = regions_line()
    for name, body in blocks.items():
        start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + start + "\n" + body + "\n" + end + rest.split(end, 1)[1]
    return text


def outputs() -> dict[Path, bytes]:
    """Every generated file and its content."""
    files: dict[Path, bytes] = {}
    for name, (title, spec) in REGISTERS.items():
        files[TEMPLATES / f"{name}.csv"] = csv_template(spec)
        files[TEMPLATES / f"{name}.xlsx"] = xlsx_template(title, spec)
    if GUIDE.exists():
        files[GUIDE] = guide_with_tables(GUIDE.read_text(encoding="utf-8")).encode("utf-8")
    return files


def main(argv: list[str]) -> int:
    stale = [path for path, content in outputs().items() if not path.exists() or path.read_bytes() != content]
    if argv[:1] == ["check"]:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run python tools/register_templates.py)")
        return 1 if stale else 0
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    for path, content in outputs().items():
        if path in stale:
            path.write_bytes(content)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
