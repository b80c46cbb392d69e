"""The protection lists, row by row: the key trademark protection list (重点商标保护名录) →
KeyTrademark records, the lists of risk points and markets under focus → RiskPoint records.

Read with the registers' machinery (:func:`ipcredit.loading.registers.register_rows`): the same
encodings, sheet rules, header aliases (:mod:`ipcredit.checks.columns`), placeholders and
``path:line: level: column: message`` problems. Each problem says how to fix it; a row with an
error produces no record. Rules of these lists:

- 核定使用类别: Nice classes 1–45, written ``25；35``, ``25,35``, ``25、35``, ``25 35`` or
  ``第25类；第35类`` (full-width digits and separators too, a leading zero allowed: 第09类);
  a repeated class is kept once. Anything else (a range ``9-11``, class 46, a word) is an error.
- 商标注册号: ASCII digits after full-width ones are read as such, optionally the G of an
  international registration, optionally written 第…号; unique across the list (compared in
  that form), a repeat reported at both places and neither row kept.
- 权利人国家或地区: empty means 中国; otherwise a name of :mod:`ipcredit.regions` or one of its
  variants (香港 → 中国香港), else an error with a "did you mean".
- 名录, 类型, 涉及知识产权类型: controlled values, an error with a "did you mean" otherwise
  (名录 may carry its 名录 suffix: 重点关注市场名录).
- A place is unique by list and name (compared without spaces, full-width letters as
  half-width): the same place twice on one list is reported at both places.
- 列入机关 must be in authorities.yaml; 有效期至 ≥ 列入日期; 移出日期 > 列入日期 (a place removed on
  the day it is listed would never be shown).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from ipcredit.checks.columns import IP_TYPE_KEYWORDS, KEY_TRADEMARK_COLUMNS, RISK_POINT_COLUMNS, Column
from ipcredit.loading.registers import AuthorityCheck, RowReader, register_rows
from ipcredit.nice import FIRST_CLASS, LAST_CLASS
from ipcredit.problems import Problems, bilingual, shown
from ipcredit.records import (
    IP_TYPES,
    Authority,
    KeyTrademark,
    PlaceType,
    RiskList,
    RiskPoint,
    canonical_registration_number,
    place_key,
    risk_point_id,
    trademark_id,
)
from ipcredit.regions import DEFAULT_REGION, REGION_ALIASES, REGIONS, region_name

R = TypeVar("R", KeyTrademark, RiskPoint)
_LIST_SEPARATORS = re.compile(r"[;,、\s]+")  # after NFKC: ；→; ，→,
_NICE_CLASS = re.compile(r"^第?0*([0-9]{1,2})类?$")
_REGISTRATION_NUMBER = re.compile(r"^G?[0-9]{1,10}$")
_NUMBER_WRAPPER = re.compile(r"^第(.+)号$")
_RISK_LISTS = {r.value: r for r in RiskList}
_PLACE_TYPES = {t.value: t for t in PlaceType}


def _parts(text: str) -> list[str]:
    """A list-valued cell split on ；; ，, 、 and white space (any width), empty parts dropped."""
    return [p for p in _LIST_SEPARATORS.split(unicodedata.normalize("NFKC", text)) if p]


def suggestion(value: str, choices: Sequence[str]) -> str | None:
    """The choice ``value`` most likely means: one containing it or contained in it, else the
    closest by spelling; None when none is close."""
    for choice in choices:
        if choice in value or value in choice:
            return choice
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return close[0] if close else None


def _not_one_of(
    reader: RowReader, key: str, value: str, choices: Sequence[str], close: str | None = None
) -> None:
    header = reader.layout.header(key)
    listed = "、".join(choices)
    close = close or suggestion(value, choices)
    hint_zh = f"；您是否指「{close}」？" if close else ""
    hint_en = f"; did you mean {close}?" if close else ""
    reader.error(
        key,
        f"{header}「{shown(value)}」应为 {listed} 之一{hint_zh}",
        f"{header} must be one of {', '.join(choices)}{hint_en}",
    )


class UniqueKeys:
    """Keys seen so far across all files of one list: a repeat is reported at both places and
    neither row is kept; two keys with one record id are an error."""

    def __init__(self, problems: Problems, what_zh: str, what_en: str) -> None:
        self.problems, self.what_zh, self.what_en = problems, what_zh, what_en
        self.first: dict[str, tuple[Path, int, str]] = {}
        self.repeated: set[str] = set()
        self.ids: dict[str, str] = {}  # record id → key

    def claim(self, key: str, written: str, rid: str, reader: RowReader, column: str) -> None:
        here = (reader.layout.table.path, reader.row.line, reader.layout.label(column))
        first = self.first.setdefault(key, here)
        if first is not here:
            self.repeated.add(key)
            reader.report(column, self._message(written, first))
            self.problems.error(first[0], first[1], self._message(written, here), column=first[2])
        elif self.ids.setdefault(rid, key) != key:
            reader.error(
                column,
                f"「{shown(written)}」与另一条记录生成的网址编号 {rid} 相同，请联系技术人员",
                f"record id {rid} collides with another entry's",
            )

    def keep(self, key: str) -> bool:
        return key not in self.repeated

    def _message(self, written: str, other: tuple[Path, int, str]) -> str:
        place = f"{self.problems.show(other[0])}:{other[1]}"
        return bilingual(
            f"{self.what_zh}「{shown(written)}」重复，另见 {place}；请删除或改正其中一行",
            f"duplicate {self.what_en}, also at {place}; keep one row and delete or correct the other",
        )


# Key trademarks -------------------------------------------------------------------------------
def nice_classes(reader: RowReader, key: str = "nice_classes") -> tuple[int, ...]:
    """核定使用类别 → the classes, ascending, each once; every part that is not a class 1–45 is
    an error (see the module doc for the forms accepted)."""
    text = reader.text(key, required=True)
    if text is None:
        return ()
    found: set[int] = set()
    parts = _parts(text)
    for part in parts:
        match = _NICE_CLASS.match(part)
        number = int(match.group(1)) if match else 0
        if FIRST_CLASS <= number <= LAST_CLASS:
            found.add(number)
        else:
            reader.error(
                key,
                f"「{shown(part)}」不是尼斯分类的类别号（1–45）；多个类别以 ；分隔，如 25；35",
                "not a Nice class (1-45); separate several classes with ；, e.g. 25；35",
            )
    if not parts:
        reader.error(key, "未写任何类别号，请填写，如 25；35", "no class given; write them, e.g. 25；35")
    return tuple(sorted(found))


def registration_number(reader: RowReader, key: str = "registration_number") -> str | None:
    """商标注册号 in its canonical form (records.canonical_registration_number), or None."""
    written = reader.text(key, required=True)
    if written is None:
        return None
    number = canonical_registration_number(written)
    unwrapped = _NUMBER_WRAPPER.match(number)
    number = unwrapped.group(1) if unwrapped else number
    if not _REGISTRATION_NUMBER.match(number):
        reader.error(
            key,
            f"商标注册号「{shown(written)}」应为数字（国际注册可带前缀 G），如 12345678 或 G1234567",
            "a registration number is digits (an international registration may start with G), "
            "e.g. 12345678 or G1234567",
        )
        return None
    return number


def holder_country(reader: RowReader, key: str = "holder_country") -> str:
    """权利人国家或地区 as a name of ipcredit.regions; 中国 when empty."""
    written = reader.text(key)
    if written is None:
        return DEFAULT_REGION
    name = region_name(written)
    if name is not None:
        return name
    close = suggestion("".join(written.split()), [*REGIONS, *REGION_ALIASES])
    close = REGION_ALIASES.get(close, close) if close else None
    hint_zh = f"您是否指「{close}」？" if close else ""
    hint_en = f" did you mean {close}?" if close else ""
    reader.error(
        key,
        f"国家或地区「{shown(written)}」不在可用名称中；{hint_zh}请使用 docs/agencies.md 所列的中文简称"
        "（如 美国、日本、中国香港），缺少的请联系技术人员添加",
        f"not a known country or region;{hint_en} use a Chinese short name listed in docs/agencies.md "
        "(e.g. 美国, 日本, 中国香港), or ask for a missing one to be added",
    )
    return DEFAULT_REGION


# A name of 2–4 Han characters (欧阳晓明 included) that does not end as organisations' names do.
_PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
ORGANISATION_WORDS = (
    "公司",
    "集团",
    "厂",
    "店",
    "社",
    "会",
    "所",
    "中心",
    "院",
    "局",
    "馆",
    "行",
    "部",
    "坊",
)


def holder_is_person(holder: str, uscc: str | None, country: str) -> bool:
    """A domestic right holder without a credit code whose name reads as a person's: every
    organisation in mainland China has a credit code, so this one is taken for a natural person
    (docs/personal-data.md)."""
    name = "".join(holder.split())
    return (
        country == DEFAULT_REGION
        and uscc is None
        and _PERSON_NAME.match(name) is not None
        and not name.endswith(ORGANISATION_WORDS)
    )


def _holder(reader: RowReader) -> tuple[str, str | None, str, bool]:
    """(商标权利人, its credit code, country or region, whether it is taken for a natural person)."""
    holder = reader.text("holder", required=True) or ""
    uscc = reader.credit_code("holder_uscc", required=False)
    country = holder_country(reader)
    person = holder_is_person(holder, uscc, country)
    if person:
        reader.warning(
            "holder",
            "境内权利人没有统一社会信用代码，且名称像自然人姓名：公开时按自然人处理（只显示姓氏，不显示英文名称）；"
            "如为单位，请填写统一社会信用代码",
            "a domestic holder without a credit code, named like a person: published as a natural "
            "person (surname only, no English name); if it is an organisation, fill in its credit code",
        )
    return holder, uscc, country, person


def _trademark_dates(reader: RowReader) -> tuple[date | None, date | None]:
    listed, until = reader.day("listed_on", required=True), reader.day("valid_until", required=True)
    if listed and until and until < listed:
        reader.error(
            "valid_until",
            f"有效期至 {until} 早于列入日期 {listed}，请核对两个日期",
            "the end of the listing is before the listing date; check both dates",
        )
    return listed, until


def _trademark(reader: RowReader, authorities: AuthorityCheck, seen: UniqueKeys) -> KeyTrademark | None:
    number = registration_number(reader)
    name = reader.text("name", required=True)
    classes = nice_classes(reader)
    holder, uscc, country, person = _holder(reader)
    listed, until = _trademark_dates(reader)
    authority = authorities.name(reader, "authority")
    record = KeyTrademark(
        id=trademark_id(number or ""),
        name=name or "",
        registration_number=number or "",
        nice_classes=classes,
        holder=holder,
        holder_uscc=uscc,
        holder_country=country,
        holder_name_en=reader.text("holder_name_en"),
        listed_on=listed or date.min,
        valid_until=until or date.min,
        authority=authority.name if authority else "",
        measures=reader.text("measures"),
        origin=reader.origin,
        holder_is_person=person,
    )
    if number is not None:
        seen.claim(number, number, record.id, reader, "registration_number")
    return record if reader.ok else None


# Risk points and markets under focus -------------------------------------------------------------
def _risk_list(reader: RowReader) -> RiskList | None:
    value = reader.text("risk_list", required=True)
    if value is None:
        return None
    compact = "".join(value.split())
    found = _RISK_LISTS.get(compact.removesuffix("名录"))
    if found is None:
        _not_one_of(reader, "risk_list", compact, list(_RISK_LISTS))
    return found


def _place_type(reader: RowReader) -> PlaceType | None:
    value = reader.text("kind", required=True)
    if value is None:
        return None
    compact = "".join(value.split())
    found = _PLACE_TYPES.get(compact)
    if found is None:
        _not_one_of(reader, "kind", compact, list(_PLACE_TYPES))
    return found


def ip_types(reader: RowReader, key: str = "ip_types") -> tuple[str, ...]:
    """涉及知识产权类型 → IP types of records.IP_TYPES, in that order, each once."""
    text = reader.text(key, required=True)
    if text is None:
        return ()
    found: set[str] = set()
    parts = _parts(text)
    for part in parts:
        if part in IP_TYPES:
            found.add(part)
            continue
        meant = next((t for word, t in IP_TYPE_KEYWORDS if word in part), None)  # 版权 → 著作权
        _not_one_of(reader, key, part, IP_TYPES, meant)
    if not parts:
        reader.error(
            key,
            "未写任何知识产权类型，请填写，如 商标；著作权",
            "no IP type given; write them, e.g. 商标；著作权",
        )
    return tuple(t for t in IP_TYPES if t in found)


def _removal(reader: RowReader, listed: date | None) -> date | None:
    removed = reader.day("removed_on")
    if listed and removed and removed <= listed:
        reader.error(
            "removed_on",
            f"移出日期 {removed} 应晚于列入日期 {listed}，请核对两个日期",
            "the removal date must be after the listing date; check both dates",
        )
    return removed


def _place(reader: RowReader, authorities: AuthorityCheck, seen: UniqueKeys) -> RiskPoint | None:
    risk_list = _risk_list(reader)
    name = reader.text("name", required=True)
    kind = _place_type(reader)
    types = ip_types(reader)
    listed = reader.day("listed_on", required=True)
    removed = _removal(reader, listed)
    authority = authorities.name(reader, "authority")
    record = RiskPoint(
        id=risk_point_id(risk_list or "", name or ""),
        risk_list=risk_list or RiskList.RISK_POINT,
        name=name or "",
        kind=kind or PlaceType.OTHER,
        district=reader.text("district"),
        address=reader.text("address"),
        ip_types=types,
        listed_on=listed or date.min,
        removed_on=removed,
        authority=authority.name if authority else "",
        measures=reader.text("measures"),
        origin=reader.origin,
    )
    if risk_list is not None and name is not None:
        seen.claim(f"{risk_list}\x1f{place_key(name)}", f"{risk_list}：{name}", record.id, reader, "name")
    return record if reader.ok else None


# Both lists ---------------------------------------------------------------------------------------
def _load(
    folder: Path,
    spec: Sequence[Column],
    build: Callable[[RowReader, AuthorityCheck, UniqueKeys], R | None],
    key: Callable[[R], str],
    seen: UniqueKeys,
    authorities: AuthorityCheck,
    problems: Problems,
) -> tuple[R, ...]:
    records = [
        r for reader in register_rows(folder, spec, problems) if (r := build(reader, authorities, seen))
    ]
    # Independent of file order: a record's place never depends on which file it came from.
    return tuple(sorted((r for r in records if seen.keep(key(r))), key=key))


def _trademark_key(record: KeyTrademark) -> str:
    return record.registration_number


def _place_key(record: RiskPoint) -> str:
    return f"{record.risk_list}\x1f{place_key(record.name)}"


def load_protection_lists(
    data_dir: Path, authorities: Sequence[Authority], problems: Problems
) -> tuple[tuple[KeyTrademark, ...], tuple[RiskPoint, ...]]:
    """Read and validate ``data_dir``/key-trademarks/* and ``data_dir``/risk-points/* (CSV, XLSX
    or XLS, in sorted order); every problem is reported, and only rows without an error become
    records."""
    check = AuthorityCheck(authorities)
    marks = _load(
        data_dir / "key-trademarks",
        KEY_TRADEMARK_COLUMNS,
        _trademark,
        _trademark_key,
        UniqueKeys(problems, "商标注册号", "registration number"),
        check,
        problems,
    )
    places = _load(
        data_dir / "risk-points",
        RISK_POINT_COLUMNS,
        _place,
        _place_key,
        UniqueKeys(problems, "同一名录中的名称", "name on the same list"),
        check,
        problems,
    )
    return marks, places
