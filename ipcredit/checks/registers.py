"""The two registers, row by row: raw tables → Penalty and DishonestyEntry records.

Every problem names the file, the row's line and the column header as the
agency wrote it, and says how to fix it. A row with an error produces no
record; a file missing a required column produces none at all. Duplicate
decision numbers are reported at both places and neither record is kept.
Rows are streamed: only the records and one dict of decision numbers are
held, so 100,000 rows cost linear time and memory.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from ipcredit.checks.codes import (
    check_resident_id,
    check_uscc,
    is_resident_id_shaped,
    normalise_code,
    normalise_resident_id,
)
from ipcredit.checks.columns import (
    DISHONESTY_COLUMNS,
    PENALTY_COLUMNS,
    Column,
    Layout,
    ip_type_of,
    layout,
    report_empty_columns,
    split_categories,
)
from ipcredit.checks.dates import parse_date
from ipcredit.problems import Problems, bilingual, display_path
from ipcredit.records import (
    Authority,
    DishonestyEntry,
    Origin,
    PartyType,
    Penalty,
    canonical_decision_number,
    record_id,
)
from ipcredit.rules.periods import add_months
from ipcredit.settings import Settings
from ipcredit.sources.tables import Cell, RawRow, read_table, table_files

R = TypeVar("R", Penalty, DishonestyEntry)
_PARTY_TYPES = {t.value: t for t in PartyType}
_SEPARATORS = re.compile(r"[,，\s]")
_EXCEL_DIGITS_LIMIT = Decimal(10) ** 15  # Excel keeps 15 significant digits of a number
# 证件类型 values that mean a mainland resident ID (GB 11643); an empty type is read as one
# when the number has a resident ID's shape. Other documents (passports, permits) are not checked.
RESIDENT_ID_TYPES = frozenset(
    {"身份证", "居民身份证", "中华人民共和国居民身份证", "二代身份证", "身份证号码"}
)


class RowReader:
    """Typed values of one row; each problem at path:line with its column header."""

    def __init__(self, found: Layout, row: RawRow, problems: Problems) -> None:
        self.layout, self.row, self.problems = found, row, problems
        self.ok = True

    @property
    def origin(self) -> Origin:
        return Origin(str(self.layout.table.path), self.row.line)

    def error(self, key: str, zh: str, en: str) -> None:
        self.report(key, bilingual(zh, en))

    def report(self, key: str, message: str) -> None:
        """An error whose message is already bilingual (from the code checkers)."""
        self.ok = False
        self.problems.error(self.layout.table.path, self.row.line, message, column=self.layout.header(key))

    def warning(self, key: str, zh: str, en: str) -> None:
        header = self.layout.header(key)
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
        if isinstance(value, Decimal):
            return self._number_as_text(key, value)
        return value

    def _number_as_text(self, key: str, value: Decimal) -> str:
        """An XLSX number cell in a text column; beyond 15 digits Excel has already lost some."""
        text = format(value, "f")
        if abs(value) >= _EXCEL_DIGITS_LIMIT:
            self.error(
                key,
                f"「{text}」在 Excel 中存为数字，超过 15 位的部分已丢失；请将该列设为文本格式后重新填写",
                "stored as a number, Excel kept only 15 digits; format the column as text and re-enter it",
            )
        return text

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
                f"日期「{value}」无法识别，请写作 2024-03-05、2024/3/5 或 2024年3月5日",
                "not a date; write 2024-03-05",
            )
        return parsed

    def amount(self, key: str) -> Decimal | None:
        """An amount in yuan, whatever unit the header gives; thousands separators allowed."""
        value = self.cell(key)
        if value is None:
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(_SEPARATORS.sub("", str(value)))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            self.error(
                key, f"金额「{value}」不是数字，请只填写数字（如 50000 或 5.5）", "the amount is not a number"
            )
            return None
        return _plain(number * self.layout.units.get(key, Decimal(1)))

    def party_type(self, key: str) -> PartyType | None:
        value = self.text(key, required=True)
        if value is None:
            return None
        found = _PARTY_TYPES.get(value)
        if found is None:
            self.error(key, f"类别「{value}」应为 {'、'.join(_PARTY_TYPES)} 之一", "unknown party type")
        return found

    def credit_code(self, key: str, required: bool) -> str | None:
        """A 统一社会信用代码: required for organisations, checked whenever given."""
        code = self.text(key, required)
        code = normalise_code(code) if code is not None else None
        if code is not None and (problem := check_uscc(code)):
            self.report(key, problem)
        return code


def _plain(number: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form (12500, not 1.25E+4)."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


class Duplicates:
    """Decision numbers seen so far across all files of one register, compared in their canonical
    form (records.canonical_decision_number): variants of one number are duplicates."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.first: dict[str, tuple[Path, int, str]] = {}  # number → where it was first seen
        self.repeated: set[str] = set()
        self.ids: dict[str, str] = {}  # record id → number

    def claim(self, number: str, reader: RowReader, key: str) -> None:
        """Remember the number; report a repeat at both places and a record id collision."""
        here = (reader.layout.table.path, reader.row.line, reader.layout.header(key))
        normalised = canonical_decision_number(number)
        first = self.first.setdefault(normalised, here)
        if first is not here:
            self.repeated.add(normalised)
            reader.report(key, _duplicate_message(number, first))
            self.problems.error(first[0], first[1], _duplicate_message(number, here), column=first[2])
            return
        rid = record_id(number)
        if self.ids.setdefault(rid, normalised) != normalised:
            reader.error(
                key,
                f"文号「{number}」与「{self.ids[rid]}」生成的网址编号 {rid} 相同，请联系技术人员",
                f"record id {rid} collides with another decision number",
            )

    def keep(self, record: Penalty | DishonestyEntry) -> bool:
        return canonical_decision_number(record.decision_number) not in self.repeated


def _duplicate_message(number: str, other: tuple[Path, int, str]) -> str:
    place = f"{display_path(other[0])}:{other[1]}"
    return bilingual(f"文号「{number}」重复，另见 {place}", f"duplicate decision number; also at {place}")


class AuthorityCheck:
    """处罚机关/列入机关 against authorities.yaml, with a suggestion for a near miss."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self.by_name = {a.name: a for a in authorities}
        self.hints: dict[str, str] = {}  # unknown name → hint, computed once per name

    def name(self, reader: RowReader, key: str) -> Authority | None:
        name = reader.text(key, required=True)
        if name is None:
            return None
        authority = self.by_name.get(name)
        if authority is None:
            reader.error(
                key,
                f"机关「{name}」不在 authorities.yaml 中{self._hint(name)}",
                "authority not in authorities.yaml",
            )
        return authority

    def code(self, reader: RowReader, key: str, authority: Authority | None) -> str:
        code = reader.text(key, required=True)
        code = normalise_code(code) if code is not None else None  # full-width typed: the same code
        if authority is not None and code is not None and code != authority.uscc:
            reader.error(
                key,
                f"与 authorities.yaml 登记的「{authority.name}」代码不一致：应为 {authority.uscc}，实为 {code}",
                f"should be {authority.uscc} as registered",
            )
        return code or ""

    def _hint(self, name: str) -> str:
        if name not in self.hints:
            close = difflib.get_close_matches(name, list(self.by_name), n=1, cutoff=0.6)
            self.hints[name] = f"；您是否指「{close[0]}」？" if close else "；请先登记或改正名称"
        return self.hints[name]


def _id_number(reader: RowReader, party_type: PartyType | None) -> str | None:
    """证件号码 as the bare number (see normalise_resident_id). A natural person's or an
    individual business operator's resident ID must be read with certainty, since the
    minors rule reads the birth date from it: a natural person needs one (or another
    document named in 证件类型), and a number under an empty 证件类型 must be a resident ID."""
    written = reader.text("id_number")
    if party_type not in (PartyType.PERSON, PartyType.INDIVIDUAL_BUSINESS):
        return written  # an organisation's legal representative's: never published
    id_type = "".join((reader.text("id_type") or "").split())
    if written is None:
        if party_type is PartyType.PERSON:
            reader.error(
                "id_number",
                "自然人须填写证件号码（居民身份证号码），用于核实处罚决定日是否已满 18 周岁",
                "a natural person needs an ID number, to tell whether they were under 18",
            )
        return None
    number = normalise_resident_id(written)
    if not id_type and not is_resident_id_shaped(number):
        reader.error(
            "id_number",
            f"「{written}」不是居民身份证号码；如为其他证件，请在证件类型中注明（如：护照）",
            "not a resident ID; name any other document in 证件类型 (ID type)",
        )
    elif (id_type in RESIDENT_ID_TYPES or not id_type) and (problem := check_resident_id(number)):
        reader.report("id_number", problem)
    return number


def _penalty_dates(reader: RowReader, settings: Settings) -> tuple[date | None, date | None]:
    decided, end = reader.day("decision_date", required=True), reader.day("publicity_end")
    if decided and end and decided > end:
        reader.error(
            "publicity_end",
            f"公示截止期 {end} 早于处罚决定日期 {decided}",
            "end of publicity is before the decision date",
        )
    elif decided and end and end > (cap := add_months(decided, settings.penalty_max_months)):
        reader.warning(
            "publicity_end",
            f"公示截止期 {end} 超过最长公示期（处罚决定日期后 {settings.penalty_max_months} 个月），将于 {cap} 截止公示",
            f"beyond the maximum period; publicity ends on {cap}",
        )
    return decided, end


def _penalty(
    reader: RowReader, authorities: AuthorityCheck, settings: Settings, seen: Duplicates
) -> Penalty | None:
    party_type = reader.party_type("party_type")
    required = {
        key: reader.text(key, required=True) or ""
        for key in ("party_name", "decision_number", "violation_type", "facts", "basis", "content")
    }
    categories = reader.text("penalty_categories", required=True)
    decided, end = _penalty_dates(reader, settings)
    authority = authorities.name(reader, "authority")
    record = Penalty(
        id=record_id(required["decision_number"]),
        decision_number=canonical_decision_number(required["decision_number"]),
        party_name=required["party_name"],
        party_type=party_type or PartyType.ORGANISATION,
        uscc=reader.credit_code("uscc", required=party_type is PartyType.ORGANISATION),
        legal_representative=reader.text("legal_representative"),
        id_type=reader.text("id_type"),
        id_number=_id_number(reader, party_type),
        violation_type=required["violation_type"],
        ip_type=ip_type_of(required["violation_type"], required["basis"]),
        facts=required["facts"],
        basis=required["basis"],
        penalty_categories=split_categories(categories or ""),
        content=required["content"],
        fine_yuan=reader.amount("fine_yuan"),
        confiscated_yuan=reader.amount("confiscated_yuan"),
        licence_action=reader.text("licence_action"),
        decision_date=decided or date.min,
        validity=reader.text("validity"),
        publicity_end=end,
        authority=authority.name if authority else "",
        authority_uscc=authorities.code(reader, "authority_uscc", authority),
        data_source=reader.text("data_source"),
        data_source_uscc=reader.credit_code("data_source_uscc", required=False),
        withdrawn_on=reader.day("withdrawn_on"),
        withdrawal_reason=reader.text("withdrawal_reason"),
        remarks=reader.text("remarks"),
        origin=reader.origin,
    )
    if record.decision_number:  # the message shows the number as written
        seen.claim(required["decision_number"], reader, "decision_number")
    return record if reader.ok else None


def _listing_dates(reader: RowReader) -> tuple[date | None, date | None, date | None]:
    listed = reader.day("listed_on", required=True)
    removed, scheduled = reader.day("removed_on"), reader.day("scheduled_removal")
    for key, later in (("removed_on", removed), ("scheduled_removal", scheduled)):
        if listed and later and listed > later:
            header = reader.layout.header(key)
            reader.error(
                key, f"列入日期 {listed} 晚于{header} {later}", f"the listing date is after the {key}"
            )
    return listed, removed, scheduled


def _listing(
    reader: RowReader, authorities: AuthorityCheck, _settings: Settings, seen: Duplicates
) -> DishonestyEntry | None:
    entity_type = reader.party_type("entity_type")
    required = {
        key: reader.text(key, required=True) or ""
        for key in ("name", "decision_number", "behaviour", "basis")
    }
    listed, removed, scheduled = _listing_dates(reader)
    authority = authorities.name(reader, "authority")
    record = DishonestyEntry(
        id=record_id(required["decision_number"]),
        decision_number=canonical_decision_number(required["decision_number"]),
        name=required["name"],
        entity_type=entity_type or PartyType.ORGANISATION,
        uscc=reader.credit_code("uscc", required=entity_type is PartyType.ORGANISATION),
        legal_representative=reader.text("legal_representative"),
        behaviour=required["behaviour"],
        basis=required["basis"],
        authority=authority.name if authority else "",
        listed_on=listed or date.min,
        scheduled_removal=scheduled,
        removed_on=removed,
        removal_reason=reader.text("removal_reason"),
        measures=reader.text("measures"),
        origin=reader.origin,
    )
    if record.decision_number:  # the message shows the number as written
        seen.claim(required["decision_number"], reader, "decision_number")
    return record if reader.ok else None


RowBuilder = Callable[[RowReader, AuthorityCheck, Settings, Duplicates], R | None]


def _load(
    folder: Path,
    spec: Sequence[Column],
    build: RowBuilder[R],
    authorities: AuthorityCheck,
    settings: Settings,
    problems: Problems,
) -> tuple[R, ...]:
    seen = Duplicates(problems)
    records: list[R] = []
    for path in table_files(folder, problems):
        table = read_table(path, problems)
        found = layout(table, spec, problems) if table else None
        if found is None:
            continue
        filled: set[int] = set()
        rows = 0
        for row in found.table.rows():
            rows += 1
            if len(filled) < len(found.table.headers):  # stop looking once every column has a value
                filled.update(i for i, cell in enumerate(row.cells) if cell is not None)
            record = build(RowReader(found, row, problems), authorities, settings, seen)
            if record is not None:
                records.append(record)
        report_empty_columns(found, spec, filled, rows, problems)
    # Independent of file order: a record's place never depends on which file it came from.
    return tuple(sorted((r for r in records if seen.keep(r)), key=lambda r: r.decision_number))


def load_registers(
    data_dir: Path, authorities: Sequence[Authority], settings: Settings, problems: Problems
) -> tuple[tuple[Penalty, ...], tuple[DishonestyEntry, ...]]:
    """Read and validate ``data_dir``/penalties/* and ``data_dir``/dishonesty/* (CSV or XLSX, in
    sorted order); every problem is reported, and only records without an error are returned."""
    check = AuthorityCheck(authorities)
    penalties = _load(data_dir / "penalties", PENALTY_COLUMNS, _penalty, check, settings, problems)
    listings = _load(data_dir / "dishonesty", DISHONESTY_COLUMNS, _listing, check, settings, problems)
    return penalties, listings
