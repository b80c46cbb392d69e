"""The two registers, row by row: raw tables → Penalty and DishonestyEntry records.

Every problem names the file, the row's line and the column header as the
agency wrote it, and says how to fix it. A row with an error produces no
record; a file missing a required column produces none at all. Duplicate
decision numbers are reported at both places and neither record is kept.
Placeholders for "no value" (`— —`, `无`, `/`…) are empty cells. A missing party
type column is inferred from each row's codes (see :func:`_infer_party_type`).
Rows are streamed: only the records, each row's claim on its decision number
and one dict of decision numbers are held, so 100,000 rows cost linear time
and memory. A large register may be read in two processes (:func:`_load`);
duplicates are found afterwards, in file order, so the result is the same.
Given a :class:`~ipcredit.loading.rowcache.RowCache`, a row already read by the last
build is not validated again (:class:`RowMemo`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ipcredit.checks.codes import (
    birth_date,
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
    clean_cell,
    edit_distance,
    id_column_message,
    ip_type_of,
    is_placeholder,
    layout,
    split_categories,
)
from ipcredit.checks.dates import date_problem, out_of_range, parse_date, range_message
from ipcredit.checks.partycodes import check_organisation_code, check_registration_number
from ipcredit.loading.rowcache import Outcome, RecordCodec, RowCache, Taken, claim_of, problems_of
from ipcredit.problems import Level, Problems, bilingual
from ipcredit.publicity import Publicity
from ipcredit.records import (
    Authority,
    DishonestyEntry,
    Origin,
    PartyType,
    Penalty,
    PublicityClass,
    as_shown,
    canonical_decision_number,
    record_id,
)
from ipcredit.settings import Settings
from ipcredit.sources.tables import Cell, RawRow, read_table, table_files
from ipcredit.sources.text import CONTROL_CHARACTERS

R = TypeVar("R", Penalty, DishonestyEntry)
_PARTY_TYPES = {t.value: t for t in PartyType}
_CLASSES = {c.value: c for c in PublicityClass}
PROCEDURES = ("简易程序", "普通程序")
REPAIR = "信用修复"  # a 撤下原因 saying so is a credit repair, which the class minimum governs
_SEPARATORS = re.compile(r"[,，\s]")
# The party's codes other than the USCC, in the national template's order (行政相对人代码_2…_6).
OTHER_CODES = ("registration_number", "organisation_code", "tax_number", "institution_number",
               "social_organisation_number")  # fmt: skip
_ID_SHAPE = re.compile(r"^(?:\d{17}[\dX]|\d{15})$")
_ID_NOISE = re.compile(r"[\s\-－—'‘’]")
_AMOUNT = re.compile(r"^\d{1,20}(?:\.\d{1,10})?$")
# No fine comes near a trillion yuan; the bound keeps every sum exact in Decimal's 28 digits.
MAX_AMOUNT_YUAN = Decimal(10) ** 12
_EXCEL_DIGITS_LIMIT = Decimal(10) ** 15  # Excel keeps 15 significant digits of a number
# 证件类型 values that mean a mainland resident ID (GB 11643); an empty type is read as one
# when the number has a resident ID's shape. Other documents (passports, permits) are not checked.
RESIDENT_ID_TYPES = frozenset(
    {"身份证", "居民身份证", "中华人民共和国居民身份证", "二代身份证", "身份证号码"}
)


class RowReader:
    """Typed values of one row; each problem at path:line with its column header and letter."""

    def __init__(
        self, found: Layout, row: RawRow, problems: Problems, checked: dict[str, str | None] | None = None
    ) -> None:
        self.layout, self.row, self.problems = found, row, problems
        # Credit codes already checked in this load, with their problem: data sources and
        # authorities repeat on every row, and the check is most of a row's cost.
        self.checked = {} if checked is None else checked
        self.ok = True

    @property
    def origin(self) -> Origin:
        return Origin(str(self.layout.table.path), self.row.line)

    def error(self, key: str, zh: str, en: str) -> None:
        self.report(key, bilingual(zh, en))

    def report(self, key: str, message: str) -> None:
        """An error whose message is already bilingual (from the code checkers)."""
        self.ok = False
        self.problems.error(self.layout.table.path, self.row.line, message, column=self.layout.label(key))

    def warning(self, key: str, zh: str, en: str) -> None:
        self.report_warning(key, bilingual(zh, en))

    def report_warning(self, key: str, message: str) -> None:
        self.problems.warning(self.layout.table.path, self.row.line, message, column=self.layout.label(key))

    def raw(self, key: str) -> Cell:
        """The cell as written (a placeholder included), None when empty or the column is absent."""
        place = self.layout.columns.get(key)
        if place is None or place[0] >= len(self.row.cells):
            return None
        return self.row.cells[place[0]]

    def cell(self, key: str) -> Cell:
        """The cell's value: `— —`, `无`, `/` and the other placeholders are no value."""
        return clean_cell(self.raw(key))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.cell(key)
        if value is None:
            if required:
                self._missing(key)
            return None
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return self._number_as_text(key, value)
        if CONTROL_CHARACTERS.search(value):  # NUL and the like would reach pages and datasets
            self.error(
                key,
                "单元格含有不可见的控制字符（如 NUL），请删除后重新输入",
                "the cell contains a control character (e.g. NUL); delete it",
            )
        return value

    def _missing(self, key: str) -> None:
        written = self.raw(key)
        if isinstance(written, str) and is_placeholder(written):
            self.error(
                key,
                f"必填项只写了「{written}」（表示无内容），请填写实际内容",
                f"a required value holds only {written!r}, which means no value; fill in the real value",
            )
        else:
            self.error(key, "必填项为空，请填写", "a required value is empty; fill it in")

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
                self._missing(key)
            return None
        parsed = parse_date(value)
        if parsed is None and out_of_range(value):
            self.error(key, *range_message(value))
        elif parsed is None:
            self.report(key, date_problem(value))
        return parsed

    def amount(self, key: str) -> Decimal | None:
        """An amount in yuan, whatever unit the header gives; thousands separators allowed."""
        value = self.cell(key)
        if value is None:
            return None
        text = _SEPARATORS.sub("", str(value))
        # Plain digits only: Decimal() would also take NaN, Infinity and exponents (1e28).
        number = value if isinstance(value, Decimal) else Decimal(text) if _AMOUNT.match(text) else None
        if number is None or not number.is_finite() or number < 0:
            unit = "万元" if self.layout.units.get(key) == Decimal(10000) else "元"
            self.error(
                key,
                f"金额「{value}」不是数字，请只填写以{unit}为单位的数字（如 50000 或 5.5），没有金额时留空",
                f"the amount is not a number; write only a number in {unit} (e.g. 50000 or 5.5), "
                "or leave it empty",
            )
            return None
        if number * self.layout.units.get(key, Decimal(1)) > MAX_AMOUNT_YUAN:
            self.error(
                key,
                f"金额「{value}」超过 {MAX_AMOUNT_YUAN:,} 元，请检查单位（元/万元）和位数",
                f"the amount exceeds {MAX_AMOUNT_YUAN:,} yuan; check the unit and the digits",
            )
            return None
        return _plain(number * self.layout.units.get(key, Decimal(1)))

    def party_type(self, key: str) -> PartyType | None:
        value = self.text(key, required=True)
        if value is None:
            return None
        found = _PARTY_TYPES.get("".join(value.split()))
        if found is None:
            self.error(
                key,
                f"类别「{value}」应为 {'、'.join(_PARTY_TYPES)} 之一",
                f"the category must be one of {', '.join(_PARTY_TYPES)}",
            )
        return found

    def credit_code(self, key: str, required: bool) -> str | None:
        """A 统一社会信用代码: required for organisations, checked whenever given."""
        return self.check_credit_code(key, self.text(key), required)

    def check_credit_code(self, key: str, code: str | None, required: bool) -> str | None:
        code = normalise_code(code) if code is not None else None  # full-width typing → ASCII
        if code is None and required:
            self._missing(key)
        elif code is not None and (problem := self._uscc_problem(code)):
            self.report(key, problem)
        return code

    def _uscc_problem(self, code: str) -> str | None:
        if code not in self.checked:
            self.checked[code] = check_uscc(code)
        return self.checked[code]


def _plain(number: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form (12500, not 1.25E+4)."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


@dataclass(frozen=True)
class Claim:
    """A row's decision number, as written and canonical, its record id and where it is."""

    number: str
    normalised: str
    rid: str
    path: Path
    line: int
    column: str


class Claims:
    """What a row builder passes for ``seen``: it notes the row's claim on its decision number,
    checked afterwards in file order by :class:`Duplicates` (the rows may be read in two
    processes, and a duplicate can be in the other's files)."""

    def __init__(self) -> None:
        self.last: Claim | None = None

    def claim(self, number: str, normalised: str, rid: str, reader: RowReader, key: str) -> None:
        where = reader.layout.table.path, reader.row.line, reader.layout.label(key)
        self.last = Claim(number, normalised, rid, *where)


class Duplicates:
    """Decision numbers seen so far across all files of one register, compared in their canonical
    form (records.canonical_decision_number): variants of one number are duplicates."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.first: dict[str, Claim] = {}  # number → where it was first seen
        self.repeated: set[str] = set()
        self.ids: dict[str, str] = {}  # record id → number

    def admit(self, claim: Claim) -> bool:
        """Remember the claim; report a repeated number at both places, and a record id
        collision; False if the row must not give a record."""
        first = self.first.setdefault(claim.normalised, claim)
        if first is not claim:
            self.repeated.add(claim.normalised)
            self._error(claim, self._message(claim.number, first))
            self._error(first, self._message(claim.number, claim))
            return False
        if self.ids.setdefault(claim.rid, claim.normalised) != claim.normalised:
            self._error(
                claim,
                bilingual(
                    f"文号「{claim.number}」与「{self.ids[claim.rid]}」生成的网址编号 {claim.rid} 相同，请联系技术人员",
                    f"record id {claim.rid} collides with another decision number",
                ),
            )
            return False
        return True

    def keep(self, record: Penalty | DishonestyEntry) -> bool:
        return record.decision_number not in self.repeated  # records hold the canonical form

    def _error(self, claim: Claim, message: str) -> None:
        self.problems.error(claim.path, claim.line, message, column=claim.column)

    def _message(self, number: str, other: Claim) -> str:
        place = f"{self.problems.show(other.path)}:{other.line}"
        return bilingual(
            f"文号「{number}」重复，另见 {place}；同一决定只能登记一次，请删除或改正其中一行",
            f"duplicate decision number, also at {place}; keep one row and delete or correct the other",
        )


class AuthorityCheck:
    """处罚机关/列入机关 against authorities.yaml, with a suggestion for a genuinely close name."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self.by_name = {a.name: a for a in authorities}
        self.hints: dict[str, str] = {}  # unknown name → hint, computed once per name

    def name(self, reader: RowReader, key: str) -> Authority | None:
        name = reader.text(key, required=True)
        if name is None:
            return None
        authority = self.by_name.get(name)
        if authority is None:
            close = self.hint(name)
            if close:
                reader.error(
                    key,
                    f"机关「{name}」不在 authorities.yaml 中；您是否指「{close}」？如是，请照此改正",
                    f"authority not in authorities.yaml; did you mean {close}? if so, correct it",
                )
            else:
                reader.error(
                    key,
                    f"机关「{name}」不在 authorities.yaml 中；请先在 authorities.yaml 中登记，或改正名称",
                    "authority not in authorities.yaml; register it there first, or correct the name",
                )
        return authority

    def code(self, reader: RowReader, key: str, authority: Authority | None) -> str:
        code = reader.text(key, required=True)
        code = normalise_code(code) if code is not None else None  # full-width typed: the same code
        if authority is not None and code is not None and code != authority.uscc:
            reader.error(
                key,
                f"与 authorities.yaml 登记的「{authority.name}」代码不一致：应为 {authority.uscc}，实为 {code}",
                f"should be {authority.uscc} as registered for {authority.name}",
            )
        return code or ""

    def hint(self, name: str) -> str | None:
        """The registered name closest to ``name``, compared on the part that distinguishes them."""
        if name not in self.hints:
            scored = ((_distinguishing_distance(name, known), known) for known in self.by_name)
            best = min(scored, default=None)
            self.hints[name] = best[1] if best and best[0] <= CLOSE_AUTHORITY else ""
        return self.hints[name] or None


CLOSE_AUTHORITY = 1 / 3  # share of the distinguishing part that may differ for a "did you mean"


def _distinguishing_distance(a: str, b: str) -> float:
    """Edit distance between two names without the suffix they share (市场监督管理局, 知识产权局…),
    as a share of the longer remainder: another city's bureau is far, an abbreviation is near."""
    shared = 0
    while shared < min(len(a), len(b)) and a[-1 - shared] == b[-1 - shared]:
        shared += 1
    a, b = a[: len(a) - shared], b[: len(b) - shared]
    longer = max(len(a), len(b))
    return edit_distance(a, b) / longer if longer else 0.0


def _resident_id(reader: RowReader, type_key: str, number_key: str) -> tuple[str | None, str | None]:
    """(the ID number as normalised, the problem with it when it is a resident ID that does not
    check out). An empty type is read as a resident ID when the number has one's shape; other
    documents (passports, permits) are not checked."""
    number = reader.text(number_key)
    if number is None:
        return None, None
    id_type = "".join((reader.text(type_key) or "").split())
    number = normalise_resident_id(number)
    shaped = len(number) in (15, 18) and number.rstrip("X").isdigit()
    if id_type in RESIDENT_ID_TYPES or (not id_type and shaped):
        return number, check_resident_id(number)
    return number, None


def _id_number(reader: RowReader, party_type: PartyType | None, written: str | None) -> str | None:
    """证件号码 as the bare number (see normalise_resident_id). A natural person's or an
    individual business operator's resident ID must be read with certainty, since the
    minors rule reads the birth date from it: a natural person needs one (or another
    document named in 证件类型), and a number under an empty 证件类型 must be a resident ID."""
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


def _check_representative_id(reader: RowReader, party_type: PartyType | None) -> None:
    """法定代表人证件号码: checked, never stored. For a 个体工商户 it is the operator's own ID, and
    an ID that cannot be read with certainty is an error; for an organisation a warning."""
    _, problem = _resident_id(reader, "representative_id_type", "representative_id_number")
    if problem is None:
        return
    if party_type is PartyType.INDIVIDUAL_BUSINESS:
        reader.report("representative_id_number", problem)
    else:
        reader.report_warning("representative_id_number", problem)


_CODE_CHECKERS = {
    "registration_number": check_registration_number,
    "organisation_code": check_organisation_code,
}


def _other_code(reader: RowReader) -> tuple[str | None, str | None]:
    """(code, its kind): the first of the party's other codes that is given, each checked where
    it carries a check character (a wrong one is a warning: legacy registers carry some)."""
    found: tuple[str | None, str | None] = (None, None)
    for key in OTHER_CODES:
        code = reader.text(key)
        if code is None:
            continue
        checker = _CODE_CHECKERS.get(key)
        if checker is not None and (problem := checker(code)):
            reader.report_warning(key, problem)
        if found[0] is None:
            found = (code, reader.layout.names.get(key, key))
    return found


def _party(
    reader: RowReader, type_key: str, id_number: str | None
) -> tuple[PartyType | None, str | None, str | None, str | None]:
    """(party type, USCC, other code, its kind). The type is read, or inferred from the codes when
    the file has no type column; the USCC is required for an organisation without another code."""
    other, kind = _other_code(reader)
    uscc = reader.text("uscc")
    if type_key in reader.layout.inferred:
        party_type = _infer_party_type(reader, type_key, id_number, uscc, other)
    else:
        party_type = reader.party_type(type_key)
    if uscc is None and other is None and party_type is PartyType.ORGANISATION:
        reader.error(
            "uscc",
            "法人及非法人组织必填统一社会信用代码；没有的，请填写工商注册号、组织机构代码等其他代码",
            "an organisation needs its unified social credit code, or else another code "
            "(business registration number, organisation code…)",
        )
    return party_type, reader.check_credit_code("uscc", uscc, required=False), other, kind


def _infer_party_type(
    reader: RowReader, key: str, id_number: str | None, uscc: str | None, other: str | None
) -> PartyType | None:
    """An 18-digit ID → 自然人; a USCC starting 92 → 个体工商户; another USCC or code → 法人及非法人组织."""
    if id_number is not None and len(id_number) == 18 and id_number[:17].isdigit():
        return PartyType.PERSON
    if uscc is not None:
        return PartyType.INDIVIDUAL_BUSINESS if uscc.startswith("92") else PartyType.ORGANISATION
    if other is not None:
        return PartyType.ORGANISATION
    reader.error(
        key,
        "无法推断类别：本行既没有 18 位身份证号码，也没有统一社会信用代码或其他代码；"
        f"请在表头中加上「{reader.layout.header(key)}」列并填写",
        f"the category cannot be inferred: no 18-digit ID number, credit code or other code; "
        f"add the column {reader.layout.header(key)} and fill it in",
    )
    return None


def _penalty_dates(reader: RowReader) -> tuple[date | None, date | None]:
    decided, end = reader.day("decision_date", required=True), reader.day("publicity_end")
    if decided and end and decided > end:
        reader.error(
            "publicity_end",
            f"公示截止期 {end} 早于处罚决定日期 {decided}，请核对两个日期",
            "the end of publicity is before the decision date; check both dates",
        )
    return decided, end


def _declared_class(reader: RowReader) -> PublicityClass | None:
    """失信程度: the authority's own class, one of the three names; anything else is an error."""
    value = reader.text("declared_class")
    if value is None:
        return None
    found = _CLASSES.get("".join(value.split()))
    if found is None:
        reader.error(
            "declared_class",
            f"失信程度「{value}」应为 {'、'.join(_CLASSES)} 之一；不确定时请留空，由本站按规则认定",
            "must be 轻微, 一般 or 严重, or empty to let the site derive it",
        )
    return found


def _procedure(reader: RowReader) -> str | None:
    value = reader.text("procedure")
    if value is None:
        return None
    value = "".join(value.split())
    if value not in PROCEDURES:
        reader.error(
            "procedure",
            f"程序类型「{value}」应为 {'、'.join(PROCEDURES)} 之一，或留空",
            "must be 简易程序 or 普通程序, or empty",
        )
        return None
    return value


class ClassDates(Protocol):
    """The dates a penalty's publicity class gives it, as the rules compute them."""

    @property
    def publicity_class(self) -> PublicityClass: ...
    @property
    def cap(self) -> date: ...
    @property
    def repair_from(self) -> date: ...


# :func:`ipcredit.rules.classes.window`, passed in by the pipeline: the rules sit above this loader,
# which reports (with the column as the agency wrote it) what they would do with a row.
ClassWindow = Callable[[Penalty, Publicity], ClassDates]


def _class_warnings(
    reader: RowReader, record: Penalty, settings: Settings, class_window: ClassWindow
) -> None:
    """A 公示截止期 beyond the class maximum (capped) and a credit repair before the class minimum."""
    dates = class_window(record, settings.publicity)
    name = dates.publicity_class.value
    if record.publicity_end and record.publicity_end > dates.cap:
        period = settings.publicity.period(dates.publicity_class).max_months
        reader.warning(
            "publicity_end",
            f"公示截止期 {record.publicity_end} 超过{name}失信信息的最长公示期（处罚决定日期后 {period} 个月），"
            f"将于 {dates.cap} 截止公示；请核对失信程度或公示截止期",
            f"beyond the {dates.publicity_class.name.lower()} class maximum; publicity ends on {dates.cap}",
        )
    repaired = REPAIR in (record.withdrawal_reason or "")
    if record.withdrawn_on and repaired and record.withdrawn_on < dates.repair_from:
        reader.warning(
            "withdrawn_on",
            f"撤下日期 {record.withdrawn_on} 早于{name}失信信息可申请信用修复的日期 {dates.repair_from}"
            "（最短公示期未满）；请核对撤下日期和撤下原因",
            f"credit repair before the class minimum (repair possible from {dates.repair_from})",
        )


def _penalty(
    reader: RowReader,
    authorities: AuthorityCheck,
    settings: Settings,
    seen: Claims,
    *,
    class_window: ClassWindow,
) -> Penalty | None:
    written = reader.text("id_number")
    shaped = normalise_resident_id(written) if written is not None else None
    party_type, uscc, other, kind = _party(reader, "party_type", shaped)  # may be inferred from the ID
    id_number = _id_number(reader, party_type, written)
    _check_representative_id(reader, party_type)
    required = {
        key: reader.text(key, required=True) or ""
        for key in ("party_name", "decision_number", "violation_type", "facts", "basis", "content")
    }
    number = canonical_decision_number(required["decision_number"])
    categories = reader.text("penalty_categories", required=True)
    decided, end = _penalty_dates(reader)
    authority = authorities.name(reader, "authority")
    record = Penalty(
        id=record_id(number),
        decision_number=number,
        party_name=required["party_name"],
        party_type=party_type or PartyType.ORGANISATION,
        uscc=uscc,
        legal_representative=reader.text("legal_representative"),
        id_type=reader.text("id_type"),
        id_number=id_number,
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
        party_code=other if uscc is None else None,
        party_code_kind=kind if uscc is None else None,
        declared_class=_declared_class(reader),
        procedure=_procedure(reader),
    )
    if record.decision_number:  # the message shows the number as written
        seen.claim(required["decision_number"], number, record.id, reader, "decision_number")
    if reader.ok:
        _class_warnings(reader, record, settings, class_window)
    return record if reader.ok else None


def _listing_dates(reader: RowReader) -> tuple[date | None, date | None, date | None]:
    listed = reader.day("listed_on", required=True)
    removed, scheduled = reader.day("removed_on"), reader.day("scheduled_removal")
    for key, later in (("removed_on", removed), ("scheduled_removal", scheduled)):
        if listed and later and listed > later:
            header = reader.layout.header(key)
            reader.error(
                key,
                f"列入日期 {listed} 晚于{header} {later}，请核对两个日期",
                f"the listing date is after {header}; check both dates",
            )
    return listed, removed, scheduled


def _listing(
    reader: RowReader, authorities: AuthorityCheck, _settings: Settings, seen: Claims
) -> DishonestyEntry | None:
    entity_type, uscc, other, kind = _party(reader, "entity_type", None)
    _check_representative_id(reader, entity_type)
    required = {
        key: reader.text(key, required=True) or ""
        for key in ("name", "decision_number", "behaviour", "basis")
    }
    number = canonical_decision_number(required["decision_number"])
    listed, removed, scheduled = _listing_dates(reader)
    authority = authorities.name(reader, "authority")
    record = DishonestyEntry(
        id=record_id(number),
        decision_number=number,
        name=required["name"],
        entity_type=entity_type or PartyType.ORGANISATION,
        uscc=uscc,
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
        party_code=other if uscc is None else None,
        party_code_kind=kind if uscc is None else None,
    )
    if record.decision_number:  # the message shows the number as written
        seen.claim(required["decision_number"], number, record.id, reader, "decision_number")
    return record if reader.ok else None


RowBuilder = Callable[[RowReader, AuthorityCheck, Settings, Claims], R | None]


class IdWatch:
    """Unknown columns of one file whose values look like resident IDs: an error once per column,
    at the first such row (the ID would otherwise escape the masking and minor rules)."""

    def __init__(self, found: Layout, problems: Problems) -> None:
        self.columns = dict(found.watched)  # cell index → label
        self.path, self.problems = found.table.path, problems
        self.message = id_column_message(found.names, file_failed=False)

    def look(self, row: RawRow) -> None:
        for index in [i for i in self.columns if i < len(row.cells)]:
            if looks_like_resident_id(row.cells[index]):
                self.problems.error(self.path, row.line, self.message, column=self.columns.pop(index))


def looks_like_resident_id(cell: Cell) -> bool:
    """A 15- or 18-character resident-ID-shaped value with a real birth date."""
    if isinstance(cell, Decimal):
        cell = format(cell, "f")
    if not isinstance(cell, str):
        return False
    text = _ID_NOISE.sub("", cell).upper()
    return _ID_SHAPE.match(text) is not None and birth_date(text) is not None


def register_rows(folder: Path, spec: Sequence[Column], problems: Problems) -> Iterator[RowReader]:
    """A reader for each data row of every register file in ``folder`` (sorted), streamed; a file
    that cannot be read or lacks a required column is reported and yields nothing. Unknown
    columns holding resident IDs are reported on the way (IdWatch)."""
    return _rows_of(table_files(folder), spec, problems)


def _rows_of(files: Iterable[Path], spec: Sequence[Column], problems: Problems) -> Iterator[RowReader]:
    checked: dict[str, str | None] = {}
    for path in files:
        table = read_table(path, problems)
        found = layout(table, spec, problems) if table else None
        if found is None:
            continue
        watch = IdWatch(found, problems)
        for row in found.table.rows():
            if watch.columns:
                watch.look(row)
            yield RowReader(found, row, problems, checked)


T = TypeVar("T")
# Runs work in another process and returns what gives its result (waiting for it): the command
# line passes one when the machine has a second core (ipcredit.outputs.background).
Beside = Callable[[str, Callable[[], T]], Callable[[], T]]
SPLIT_FROM_BYTES = 4_000_000  # below this a register is read faster in one process than in two

Row = tuple[R | None, Claim | None]  # a row's record (None: an error), its decision number's claim


class RowMemo(Generic[R]):
    """Rows' outcomes through a :class:`RowCache`. A row's key hashes its cells with everything
    else its builder reads: the register, the file's columns (where each is, its header, its
    unit), the settings and the authorities; the cache's context adds the code and Python."""

    def __init__(
        self, cache: RowCache, kind: type[R], settings: Settings, authorities: AuthorityCheck
    ) -> None:
        self.cache, self.codec = cache, RecordCodec(kind)
        shown = (
            cache.context,
            kind.__name__,
            as_shown(settings),
            as_shown(tuple(authorities.by_name.values())),
        )
        self.register = hashlib.blake2b("\0".join(shown).encode(), digest_size=32).digest()
        self.layout: Layout | None = None
        self.file, self.path = hashlib.blake2b(), ""

    def row(self, reader: RowReader, read: Callable[[RowReader], Row[R]]) -> Row[R]:
        """The row's record and claim, and its problems reported: from the cache, else ``read``."""
        if reader.layout is not self.layout:  # rows come file by file
            self._start(reader.layout)
        digest = self.file.copy()
        digest.update(repr(reader.row.cells).encode("utf-8", "surrogatepass"))
        key = digest.hexdigest()
        outcome = self.cache.get(key)
        if outcome is not None:
            try:
                return self._replay(outcome, reader)
            except (ValueError, TypeError, ArithmeticError):  # a damaged entry: read the row
                pass
        return self._read(reader, read, key)

    def _start(self, found: Layout) -> None:
        """A new file: its columns go into each of its rows' keys."""
        shown = repr((sorted(found.columns.items()), sorted(found.units.items()), sorted(found.names.items()),
                      sorted(found.inferred), found.table.headers, found.table.sheet is None))  # fmt: skip
        self.file = hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16, key=self.register)
        self.layout, self.path = found, str(found.table.path)

    def _read(self, reader: RowReader, read: Callable[[RowReader], Row[R]], key: str) -> Row[R]:
        """Read the row, its problems kept aside to be stored without their place, then reported.
        Its record is returned as read: a stored one is checked when the next build uses it."""
        problems, reader.problems = reader.problems, Problems()
        record, claim = read(reader)
        found = [[p.level.value, p.message, p.column] for p in reader.problems]
        reader.problems = problems
        values = None if record is None else self.codec.encode(record)
        where = [claim.number, claim.normalised, claim.rid, claim.column] if claim else None
        self.cache.put(key, [values, where, found])
        _report(found, reader)
        return record, claim

    def _replay(self, outcome: Outcome, reader: RowReader) -> Row[R]:
        """The stored outcome at the row's place; every value is checked before any is used."""
        if type(outcome) is not list or len(outcome) != 3:
            raise ValueError("not an outcome")
        stored, where, found = outcome[0], claim_of(outcome[1]), problems_of(outcome[2])
        path, line = reader.layout.table.path, reader.row.line
        record = None if stored is None else self.codec.decode(stored, Origin(self.path, line))
        _report(found, reader)
        return record, Claim(*where[:3], path, line, where[3]) if where else None


def _report(found: Iterable[Sequence[str | None]], reader: RowReader) -> None:
    """A row's problems, stored without their place, reported at the row's path and line."""
    path, line = reader.layout.table.path, reader.row.line
    for level, message, column in found:
        report = reader.problems.error if level == Level.ERROR else reader.problems.warning
        report(path, line, message, column)


def _build_rows(
    files: Sequence[Path],
    spec: Sequence[Column],
    build: RowBuilder[R],
    authorities: AuthorityCheck,
    settings: Settings,
    problems: Problems,
    memo: RowMemo | None = None,
) -> list[Row[R]]:
    claims = Claims()

    def read(reader: RowReader) -> Row[R]:
        claims.last = None
        return build(reader, authorities, settings, claims), claims.last

    if memo is None:
        return [read(reader) for reader in _rows_of(files, spec, problems)]
    return [memo.row(reader, read) for reader in _rows_of(files, spec, problems)]


# The share of a large register's bytes read in the second process. Its records come back
# pickled, about 1.2 KB each: unpickling 50,000 takes the first process 1.5 s, so it reads more.
SECOND_SHARE = 0.4


def _split(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files in two runs (the order kept), the second about :data:`SECOND_SHARE` of their
    bytes; all in the first when they are small or one."""
    sizes = [path.stat().st_size for path in files]
    total = sum(sizes)
    if total < SPLIT_FROM_BYTES or len(files) < 2:
        return files, []
    target, running, cuts = (1 - SECOND_SHARE) * total, 0, []
    for size in sizes[:-1]:
        running += size
        cuts.append(abs(running - target))
    first = cuts.index(min(cuts)) + 1  # the cut nearest the target, leaving each run a file
    return files[:first], files[first:]


@dataclass(frozen=True)
class Register(Generic[R]):
    """How one register's rows are read: its columns, its row builder and its record type."""

    spec: Sequence[Column]
    build: RowBuilder[R]
    kind: type[R]


def _load(
    folder: Path,
    register: Register[R],
    authorities: AuthorityCheck,
    settings: Settings,
    problems: Problems,
    beside: Beside | None = None,
    cache: RowCache | None = None,
) -> tuple[R, ...]:
    spec, build = register.spec, register.build
    files = table_files(folder)
    mine, theirs = _split(files) if beside else (files, [])
    if beside and theirs:  # the second run in another process, reporting into its own Problems

        def second_run() -> tuple[list[Row[R]], Problems, Taken | None]:
            found = Problems(problems.roots)  # paths shown as the caller's are
            own = cache.beside() if cache else None  # what this run asked and learnt, for the first
            memo = RowMemo(own, register.kind, settings, authorities) if own else None
            rows = _build_rows(theirs, spec, build, authorities, settings, found, memo)
            return rows, found, own.taken() if own else None

        later = beside(f"reading {folder.name}", second_run)
    memo = RowMemo(cache, register.kind, settings, authorities) if cache else None
    rows = _build_rows(mine, spec, build, authorities, settings, problems, memo)
    if theirs:
        more, found, taken = later()
        rows += more
        problems.extend(found)
        if cache and taken:
            cache.add(taken)
    seen = Duplicates(problems)  # in file order, whichever process read the row
    records = [r for r, claim in rows if (claim is None or seen.admit(claim)) and r is not None]
    # Independent of file order: a record's place never depends on which file it came from.
    return tuple(sorted((r for r in records if seen.keep(r)), key=lambda r: r.decision_number))


def load_registers(
    data_dir: Path,
    authorities: Sequence[Authority],
    settings: Settings,
    problems: Problems,
    class_window: ClassWindow,
    beside: Beside | None = None,
    cache: RowCache | None = None,
) -> tuple[tuple[Penalty, ...], tuple[DishonestyEntry, ...]]:
    """Read and validate ``data_dir``/penalties/* and ``data_dir``/dishonesty/* (CSV or XLSX, in
    sorted order); every problem is reported, and only records without an error are returned.
    ``class_window`` is :func:`ipcredit.rules.classes.window` (see :data:`ClassWindow`). With
    ``beside``, a large register's files are read in two processes (see :func:`_split`); with
    ``cache``, rows the last build read are not validated again (see :class:`RowMemo`)."""
    check = AuthorityCheck(authorities)
    penalty = Register(PENALTY_COLUMNS, partial(_penalty, class_window=class_window), Penalty)
    listing = Register(DISHONESTY_COLUMNS, _listing, DishonestyEntry)
    penalties = _load(data_dir / "penalties", penalty, check, settings, problems, beside, cache)
    listings = _load(data_dir / "dishonesty", listing, check, settings, problems, beside, cache)
    return penalties, listings
