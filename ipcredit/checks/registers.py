"""The two registers, row by row: raw tables → Penalty and DishonestyEntry records.

Every problem names the file, the row's line and the column header as the
agency wrote it, and says how to fix it. A row with an error produces no
record; a file missing a required column produces none at all. Duplicate
decision numbers are reported at both places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ipcredit.checks.codes import check_resident_id, check_uscc
from ipcredit.checks.columns import DISHONESTY_COLUMNS, PENALTY_COLUMNS, Column, ip_type_of, normalise_header
from ipcredit.checks.dates import parse_date
from ipcredit.problems import Problems, bilingual
from ipcredit.records import Authority, DishonestyEntry, Origin, PartyType, Penalty, record_id
from ipcredit.rules.periods import add_months
from ipcredit.settings import Settings
from ipcredit.sources.tables import Cell, RawRow, RawTable, read_table, table_files

_CATEGORY_SPLIT = re.compile(r"[;；、]")
# National 处罚类别 names that contain 、 themselves; they are one category each.
COMPOUND_CATEGORIES = ("没收违法所得、没收非法财物", "暂扣或者吊销许可证、暂扣或者吊销执照")


def split_categories(text: str) -> tuple[str, ...]:
    """处罚类别 joined by ; or 、 → the categories, keeping compound national names whole."""
    for i, name in enumerate(COMPOUND_CATEGORIES):
        text = text.replace(name, f"\x00{i}\x00")
    parts = (p.strip() for p in _CATEGORY_SPLIT.split(text))
    return tuple(
        COMPOUND_CATEGORIES[int(p[1:-1])] if p.startswith("\x00") else p for p in parts if p
    )
_PARTY_TYPES = {t.value: t for t in PartyType}


@dataclass(frozen=True)
class Layout:
    """Where each known column is in one file."""

    table: RawTable
    columns: dict[str, tuple[int, str]]  # record key → (cell index, header as written)
    units: dict[str, Decimal]  # amount key → yuan per unit


def _layout(table: RawTable, spec: Sequence[Column], problems: Problems) -> Layout | None:
    by_header = {normalise_header(c.header): c for c in spec}
    columns: dict[str, tuple[int, str]] = {}
    units: dict[str, Decimal] = {}
    for index, written in enumerate(table.headers):
        if not written:
            continue
        column = by_header.get(normalise_header(written))
        if column is None:
            problems.warning(
                table.path,
                table.header_line,
                bilingual(f"未知的列「{written}」，已忽略", "unknown column ignored"),
                column=written,
            )
        elif column.key in columns:
            problems.error(
                table.path,
                table.header_line,
                bilingual(
                    f"列「{written}」与「{columns[column.key][1]}」重复，只保留一列",
                    "the same column appears twice",
                ),
                column=written,
            )
        else:
            columns[column.key] = (index, written)
            units[column.key] = column.unit
    missing = [c.header for c in spec if c.required and c.key not in columns]
    for header in missing:
        problems.error(
            table.path,
            table.header_line,
            bilingual(
                f"缺少必填列「{header}」，本文件未导入", f"required column {header} is missing; file skipped"
            ),
            column=header,
        )
    _empty_columns(table, columns, spec, problems)
    return None if missing else Layout(table, columns, units)


def _empty_columns(
    table: RawTable, columns: dict[str, tuple[int, str]], spec: Sequence[Column], problems: Problems
) -> None:
    required = {c.key for c in spec if c.required}
    filled = {i for row in table.rows for i, cell in enumerate(row.cells) if cell is not None}
    for key, (index, written) in columns.items():
        if key not in required and index not in filled and table.rows:
            problems.warning(
                table.path,
                table.header_line,
                bilingual(f"列「{written}」全部为空", "the column is empty"),
                column=written,
            )


class RowReader:
    """Typed values of one row; each problem at path:line with its column header."""

    def __init__(self, layout: Layout, row: RawRow, problems: Problems) -> None:
        self.layout, self.row, self.problems = layout, row, problems
        self.ok = True

    def error(self, key: str, zh: str, en: str) -> None:
        self.report(key, bilingual(zh, en))

    def report(self, key: str, message: str) -> None:
        """An error whose message is already bilingual (from the code checkers)."""
        self.ok = False
        header = self.layout.columns.get(key, (0, key))[1]
        self.problems.error(self.layout.table.path, self.row.line, message, column=header)

    def warning(self, key: str, zh: str, en: str) -> None:
        header = self.layout.columns.get(key, (0, key))[1]
        self.problems.warning(self.layout.table.path, self.row.line, bilingual(zh, en), column=header)

    def cell(self, key: str) -> Cell:
        place = self.layout.columns.get(key)
        if place is None or place[0] >= len(self.row.cells):
            return None
        return self.row.cells[place[0]]

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.cell(key)
        if value is None:
            if required:
                self.error(key, "必填项为空", "a required value is empty")
            return None
        if isinstance(value, date):
            return value.isoformat()
        return format(value, "f") if isinstance(value, Decimal) else str(value).strip()

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.cell(key)
        if value is None:
            if required:
                self.error(key, "必填日期为空", "a required date is empty")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(
                key,
                f"日期「{value}」无法识别，请写作 2024-03-05 或 2024年3月5日",
                "not a date; write 2024-03-05",
            )
        return parsed

    def amount(self, key: str) -> Decimal | None:
        value = self.cell(key)
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(re.sub(r"[,，\s]", "", str(value)))
        except InvalidOperation:
            self.error(key, f"金额「{value}」不是数字", "the amount is not a number")
            return None
        if not number.is_finite() or number < 0:
            self.error(key, f"金额「{value}」不是有效的非负数", "the amount must be a non-negative number")
            return None
        return (number * self.layout.units.get(key, Decimal(1))).normalize()

    def party_type(self, key: str) -> PartyType | None:
        value = self.text(key, required=True)
        if value is None:
            return None
        found = _PARTY_TYPES.get(value)
        if found is None:
            self.error(key, f"类别「{value}」应为 {'、'.join(_PARTY_TYPES)} 之一", "unknown party type")
        return found

    def credit_code(self, key: str, required: bool) -> str | None:
        code = self.text(key, required)
        if code is not None and (problem := check_uscc(code)):
            self.report(key, problem)
        return code


class Duplicates:
    """Decision numbers seen so far across all files of one register."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.first: dict[str, tuple[Path, int, str]] = {}
        self.ids: dict[str, str] = {}

    def claim(self, number: str, reader: RowReader, key: str) -> bool:
        path, line = reader.layout.table.path, reader.row.line
        header = reader.layout.columns[key][1]
        if number in self.first:
            first_path, first_line, first_header = self.first[number]
            reader.error(
                key,
                f"文号「{number}」重复，另见 {first_path}:{first_line}",
                f"duplicate; also at {first_path}:{first_line}",
            )
            self.problems.error(
                first_path,
                first_line,
                bilingual(f"文号「{number}」重复，另见 {path}:{line}", f"duplicate; also at {path}:{line}"),
                column=first_header,
            )
            return False
        self.first[number] = (path, line, header)
        rid = record_id(number)
        if self.ids.setdefault(rid, number) != number:
            reader.error(
                key,
                f"文号「{number}」与「{self.ids[rid]}」生成的网址编号相同，请联系技术人员",
                "record id collision",
            )
            return False
        return True


def _authority(
    reader: RowReader, authorities: dict[str, Authority], name_key: str, code_key: str | None
) -> str | None:
    name = reader.text(name_key, required=True)
    if name is None:
        return None
    authority = authorities.get(name)
    if authority is None:
        reader.error(
            name_key,
            f"机关「{name}」不在 authorities.yaml 中，请先登记或改正名称",
            "authority not in authorities.yaml",
        )
        return None
    code = reader.text(code_key, required=True) if code_key else None
    if code_key and code is not None and code != authority.uscc:
        reader.error(
            code_key,
            f"与 authorities.yaml 登记的代码不一致：应为 {authority.uscc}，实为 {code}",
            f"should be {authority.uscc} as registered",
        )
    return name


def _party_checks(reader: RowReader, party_type: PartyType | None, code_key: str) -> str | None:
    """The credit code is required for organisations and checked whenever given."""
    return reader.credit_code(code_key, required=party_type is PartyType.ORGANISATION)


def _resident_id(reader: RowReader, party_type: PartyType | None) -> str | None:
    number = reader.text("id_number")
    id_type = reader.text("id_type") or ""
    if (
        number
        and party_type is PartyType.PERSON
        and len(number) == 18
        and ("身份证" in id_type or not id_type)
    ):
        problem = check_resident_id(number.upper())
        if problem:
            reader.report("id_number", problem)
        return number.upper()
    return number


def _penalty(
    reader: RowReader, authorities: dict[str, Authority], settings: Settings, seen: Duplicates
) -> Penalty | None:
    party_type = reader.party_type("party_type")
    fields = {
        key: reader.text(key, required=True)
        for key in ("party_name", "violation_type", "facts", "basis", "content")
    }
    number = reader.text("decision_number", required=True)
    categories = reader.text("penalty_categories", required=True)
    decided, end = reader.day("decision_date", required=True), reader.day("publicity_end")
    if decided and end and decided > end:
        reader.error(
            "publicity_end",
            f"公示截止期 {end} 早于处罚决定日期 {decided}",
            "end of publicity is before the decision date",
        )
    elif decided and end and end > add_months(decided, settings.penalty_max_months):
        cap = add_months(decided, settings.penalty_max_months)
        reader.warning(
            "publicity_end",
            f"公示截止期超过最长公示期，将于 {cap} 撤下",
            f"beyond the maximum period; capped at {cap}",
        )
    authority = _authority(reader, authorities, "authority", "authority_uscc")
    record = Penalty(
        id=record_id(number or ""),
        decision_number=number or "",
        party_name=fields["party_name"] or "",
        party_type=party_type or PartyType.ORGANISATION,
        uscc=_party_checks(reader, party_type, "uscc"),
        legal_representative=reader.text("legal_representative"),
        id_type=reader.text("id_type"),
        id_number=_resident_id(reader, party_type),
        violation_type=fields["violation_type"] or "",
        ip_type=ip_type_of(fields["violation_type"] or "", fields["basis"] or ""),
        facts=fields["facts"] or "",
        basis=fields["basis"] or "",
        penalty_categories=split_categories(categories or ""),
        content=fields["content"] or "",
        fine_yuan=reader.amount("fine_yuan"),
        confiscated_yuan=reader.amount("confiscated_yuan"),
        licence_action=reader.text("licence_action"),
        decision_date=decided or date.min,
        validity=reader.text("validity"),
        publicity_end=end,
        authority=authority or "",
        authority_uscc=reader.text("authority_uscc") or "",
        data_source=reader.text("data_source"),
        data_source_uscc=reader.credit_code("data_source_uscc", required=False),
        withdrawn_on=reader.day("withdrawn_on"),
        withdrawal_reason=reader.text("withdrawal_reason"),
        remarks=reader.text("remarks"),
        origin=Origin(str(reader.layout.table.path), reader.row.line),
    )
    unique = number is not None and seen.claim(number, reader, "decision_number")
    return record if reader.ok and unique else None


def _listing(
    reader: RowReader, authorities: dict[str, Authority], settings: Settings, seen: Duplicates
) -> DishonestyEntry | None:
    entity_type = reader.party_type("entity_type")
    fields = {key: reader.text(key, required=True) for key in ("name", "behaviour", "basis")}
    number = reader.text("decision_number", required=True)
    listed, removed, scheduled = (
        reader.day("listed_on", required=True),
        reader.day("removed_on"),
        reader.day("scheduled_removal"),
    )
    for key, later in (("removed_on", removed), ("scheduled_removal", scheduled)):
        if listed and later and listed > later:
            reader.error(key, f"列入日期 {listed} 晚于 {later}", "the listing date is after the removal date")
    authority = _authority(reader, authorities, "authority", None)
    record = DishonestyEntry(
        id=record_id(number or ""),
        decision_number=number or "",
        name=fields["name"] or "",
        entity_type=entity_type or PartyType.ORGANISATION,
        uscc=_party_checks(reader, entity_type, "uscc"),
        legal_representative=reader.text("legal_representative"),
        behaviour=fields["behaviour"] or "",
        basis=fields["basis"] or "",
        authority=authority or "",
        listed_on=listed or date.min,
        scheduled_removal=scheduled,
        removed_on=removed,
        removal_reason=reader.text("removal_reason"),
        measures=reader.text("measures"),
        origin=Origin(str(reader.layout.table.path), reader.row.line),
    )
    unique = number is not None and seen.claim(number, reader, "decision_number")
    return record if reader.ok and unique else None


def _load(folder: Path, spec: Sequence[Column], make, authorities, settings, problems) -> list:
    seen = Duplicates(problems)
    records = []
    for path in table_files(folder):
        table = read_table(path, problems)
        layout = _layout(table, spec, problems) if table else None
        if layout is None:
            continue
        for row in table.rows:
            record = make(RowReader(layout, row, problems), authorities, settings, seen)
            if record is not None:
                records.append(record)
    # Independent of file order: a record's place never depends on which file it came from.
    return sorted(records, key=lambda r: r.decision_number)


def load_registers(
    data_dir: Path, authorities: Sequence[Authority], settings: Settings, problems: Problems
) -> tuple[tuple[Penalty, ...], tuple[DishonestyEntry, ...]]:
    """Read and validate cases_data/penalties/* and cases_data/dishonesty/*."""
    by_name = {a.name: a for a in authorities}
    penalties = _load(data_dir / "penalties", PENALTY_COLUMNS, _penalty, by_name, settings, problems)
    listings = _load(data_dir / "dishonesty", DISHONESTY_COLUMNS, _listing, by_name, settings, problems)
    return tuple(penalties), tuple(listings)
