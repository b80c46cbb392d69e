"""The national 双公示 column names of the two registers, and how a file's header is matched.

Headers match after removing white space and treating full-width and
half-width parentheses alike. Amount columns carry their unit in the header
(万元 or 元); values are converted to yuan. A missing required column fails
the file; an unknown column, or one left empty in every row, is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.tables import RawTable


@dataclass(frozen=True)
class Column:
    header: str  # canonical header, half-width parentheses
    key: str  # record field it feeds
    required: bool = False
    kind: str = "text"  # text | date | amount
    unit: Decimal = Decimal(1)  # yuan per unit, for amounts


def normalise_header(header: str) -> str:
    return "".join(header.split()).replace("（", "(").replace("）", ")")


WAN = Decimal(10000)

PENALTY_COLUMNS = (
    Column("行政相对人名称", "party_name", True),
    Column("行政相对人类别", "party_type", True),
    Column("统一社会信用代码", "uscc"),
    Column("法定代表人", "legal_representative"),
    Column("证件类型", "id_type"),
    Column("证件号码", "id_number"),
    Column("行政处罚决定书文号", "decision_number", True),
    Column("违法行为类型", "violation_type", True),
    Column("违法事实", "facts", True),
    Column("处罚依据", "basis", True),
    Column("处罚类别", "penalty_categories", True),
    Column("处罚内容", "content", True),
    Column("罚款金额(万元)", "fine_yuan", kind="amount", unit=WAN),
    Column("罚款金额(元)", "fine_yuan", kind="amount"),
    Column("没收违法所得、没收非法财物的金额(万元)", "confiscated_yuan", kind="amount", unit=WAN),
    Column("没收违法所得、没收非法财物的金额(元)", "confiscated_yuan", kind="amount"),
    Column("暂扣或吊销证照名称及编号", "licence_action"),
    Column("处罚决定日期", "decision_date", True, "date"),
    Column("处罚有效期", "validity"),
    Column("公示截止期", "publicity_end", kind="date"),
    Column("处罚机关", "authority", True),
    Column("处罚机关统一社会信用代码", "authority_uscc", True),
    Column("数据来源单位", "data_source"),
    Column("数据来源单位统一社会信用代码", "data_source_uscc"),
    Column("撤下日期", "withdrawn_on", kind="date"),
    Column("撤下原因", "withdrawal_reason"),
    Column("备注", "remarks"),
    Column("失信程度", "declared_class"),  # 轻微 | 一般 | 严重: the authority's publicity class
    Column("程序类型", "procedure"),  # 简易程序 | 普通程序
)

DISHONESTY_COLUMNS = (
    Column("主体名称", "name", True),
    Column("主体类别", "entity_type", True),
    Column("统一社会信用代码", "uscc"),
    Column("法定代表人(负责人)", "legal_representative"),
    Column("列入决定书文号", "decision_number", True),
    Column("失信行为", "behaviour", True),
    Column("列入依据", "basis", True),
    Column("列入机关", "authority", True),
    Column("列入日期", "listed_on", True, "date"),
    Column("届满移出日期", "scheduled_removal", kind="date"),
    Column("移出日期", "removed_on", kind="date"),
    Column("移出原因", "removal_reason"),
    Column("惩戒措施", "measures"),
)

# Penalty.ip_type from 违法行为类型, then from 处罚依据: the first keyword found decides.
# Narrow terms come before broad ones: a 地理标志 may be a 证明商标, a 商业秘密 case
# cites the 反不正当竞争法, so 商标 and 不正当竞争 are looked for after them.
IP_TYPE_KEYWORDS = (
    ("集成电路布图设计", "集成电路布图设计"),
    ("布图设计", "集成电路布图设计"),
    ("植物新品种", "植物新品种"),
    ("品种权", "植物新品种"),
    ("地理标志", "地理标志"),
    ("商业秘密", "商业秘密"),
    ("商标", "商标"),
    ("专利", "专利"),
    ("著作权", "著作权"),
    ("版权", "著作权"),
    ("侵权复制品", "著作权"),
    ("盗版", "著作权"),
    ("不正当竞争", "不正当竞争"),
    ("混淆", "不正当竞争"),
    ("虚假宣传", "不正当竞争"),
)


def ip_type_of(*texts: str) -> str:
    """The IP type (one of records.IP_TYPES) the first matching keyword gives, else 其他."""
    for text in texts:
        for keyword, ip_type in IP_TYPE_KEYWORDS:
            if keyword in text:
                return ip_type
    return "其他"


_CATEGORY_SPLIT = re.compile(r"[;；、]")
# 双公示 处罚类别 code names that contain 、 themselves: one category each.
COMPOUND_CATEGORIES = ("没收违法所得、没收非法财物", "暂扣或者吊销许可证、暂扣或者吊销执照")


def split_categories(text: str) -> tuple[str, ...]:
    """处罚类别 joined by ; ； or 、 → the categories, keeping compound national names whole."""
    for i, name in enumerate(COMPOUND_CATEGORIES):
        text = text.replace(name, f"\x00{i}\x00")
    parts = (p.strip() for p in _CATEGORY_SPLIT.split(text))
    return tuple(COMPOUND_CATEGORIES[int(p[1:-1])] if p.startswith("\x00") else p for p in parts if p)


@dataclass(frozen=True)
class Layout:
    """Where each known column is in one file."""

    table: RawTable
    columns: dict[str, tuple[int, str]]  # record key → (cell index, header as written)
    units: dict[str, Decimal]  # amount key → yuan per unit

    def header(self, key: str) -> str:
        """The header as the agency wrote it (for messages), or the key when the column is absent."""
        return self.columns[key][1] if key in self.columns else key


def layout(table: RawTable, spec: Sequence[Column], problems: Problems) -> Layout | None:
    """Match the file's header to the column list; None (reported once) when a required column
    is missing or a column appears twice: the whole file then fails."""
    by_header = {normalise_header(c.header): c for c in spec}
    columns: dict[str, tuple[int, str]] = {}
    units: dict[str, Decimal] = {}
    twice = False
    for index, written in enumerate(table.headers):
        if not written:
            continue
        column = by_header.get(normalise_header(written))
        if column is None:
            _header_problem(problems.warning, table, written, "未知的列，已忽略", "unknown column ignored")
        elif column.key in columns:
            twice = True
            first = columns[column.key][1]
            _header_problem(
                problems.error,
                table,
                written,
                f"与列「{first}」重复，请删除其中一列，本文件未导入",
                "the same column twice; file not imported",
            )
        else:
            columns[column.key] = (index, written)
            units[column.key] = column.unit
    missing = [c.header for c in spec if c.required and c.key not in columns]
    for header in missing:
        _header_problem(
            problems.error,
            table,
            header,
            "缺少必填列，本文件未导入",
            f"required column {header} is missing; file not imported",
        )
    return None if missing or twice else Layout(table, columns, units)


def report_empty_columns(
    found: Layout, spec: Sequence[Column], filled: set[int], rows: int, problems: Problems
) -> None:
    """Warn about optional columns present in the header but empty in every row."""
    required = {c.key for c in spec if c.required}
    for key, (index, written) in found.columns.items():
        if rows and key not in required and index not in filled:
            _header_problem(problems.warning, found.table, written, "该列全部为空", "the column is empty")


def _header_problem(report: Callable[..., None], table: RawTable, header: str, zh: str, en: str) -> None:
    report(table.path, table.header_line, bilingual(zh, en), column=header)
