"""Typed, immutable records: what validation produces and the rules consume.

Every record remembers where it came from (:class:`Origin`), so later stages
can still report ``path:line``. Text a user sees in two languages lives in
:class:`Text` (Chinese required, English optional).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Origin:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def as_shown(value: Any, nested: Callable[[Any], str] | None = None) -> str:
    """A value as pages show it, to tell whether a page must be rendered again: every field of a
    record but where it came from (a row moving in its file, or the folder read from another
    path, is no change), also in the records and tuples it holds.

    ``nested``, when given, stands for each record (a dataclass with an ``id``) held inside
    ``value``: a party's page inputs name its penalties by their digests, made once for all the
    pages that show them, instead of spelling each out again."""
    names = getattr(type(value), "__dataclass_fields__", None)  # fields() is ten times slower
    if names is not None:
        values = (getattr(value, n) for n in names if n != "origin")
    elif isinstance(value, tuple):
        values = iter(value)
    else:
        return repr(value)
    # Most fields are plain values, shown by their repr without a call of this function each.
    parts = [repr(v) if type(v) in _PLAIN else _inner(v, nested) for v in values]
    return "(" + ", ".join(parts) + ")"


_PLAIN = frozenset({str, int, bool, float, Decimal, date, type(None)})


def _inner(value: Any, nested: Callable[[Any], str] | None) -> str:
    if isinstance(value, Enum):  # before looking for fields: a failed look-up on an enum is slow
        return repr(value)
    if nested is not None and hasattr(type(value), "__dataclass_fields__") and hasattr(value, "id"):
        return nested(value)
    return as_shown(value, nested)


class ShownDigests:
    """The SHA-256 of what pages show of each record (:func:`as_shown`), made once per record
    for every page and section that shows it: a record is on about ten pages, and the records a
    party holds stand in its digest by their own digests. ``known`` gives records with a digest
    already made (the change log's hash of what each shows, and the day it was first shown:
    ``ipcredit.changes.shown_digests``), so those are not hashed twice."""

    def __init__(self, known: Iterable[tuple[Any, str]] = ()) -> None:
        # By the record object: a list page asks for some fifty rows' digests, and a key made
        # of the record's type and id (a party's id is computed) cost more than the look-up. The
        # record is held with its digest, so its id() is never reused for another while here.
        self._made: dict[int, tuple[Any, str]] = {id(record): (record, digest) for record, digest in known}

    def __call__(self, record: Any) -> str:
        made = self._made.get(id(record))
        if made is None:
            made = self._made[id(record)] = (
                record,
                hashlib.sha256(as_shown(record, self).encode()).hexdigest(),
            )
        return made[1]


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Text:
    """One language version of a document, its Markdown already rendered and sanitised."""

    title: str
    summary: str
    body_html: str
    toc: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Attachment:
    name: str  # file name as shown to users
    source: Path  # the file on disk, inside its source folder
    url_path: str  # where the site serves it, relative to the site root
    size: int  # bytes
    media_type: str


@dataclass(frozen=True)
class Bilingual:
    """Mixin for records with a Chinese text and an optional English one."""

    zh: Text
    en: Text | None

    def text(self, lang: str) -> Text:
        """The text in ``lang``, falling back to Chinese (templates say when they fall back)."""
        return self.en if lang == "en" and self.en is not None else self.zh

    def has_lang(self, lang: str) -> bool:
        return lang == "zh" or self.en is not None


@dataclass(frozen=True)
class WhitePaper(Bilingual):
    slug: str
    year: int
    publisher: str
    published: date
    attachments: tuple[Attachment, ...]
    origin: Origin
    first_published: date | None = None  # set by rules.changes: the day the site first showed it


@dataclass(frozen=True)
class Notice(Bilingual):
    slug: str
    published: date
    publisher: str
    expires: date | None
    case_number: str | None
    attachments: tuple[Attachment, ...]
    origin: Origin
    first_published: date | None = None  # set by rules.changes


@dataclass(frozen=True)
class Page(Bilingual):
    slug: str
    order: int
    attachments: tuple[Attachment, ...]
    origin: Origin


@dataclass(frozen=True)
class Authority:
    name: str
    uscc: str
    name_en: str
    district: str | None
    origin: Origin


class CaseKind(StrEnum):
    TOP_TEN = "top-ten"
    TYPICAL = "typical"


PROCEDURES = ("民事", "刑事", "行政诉讼", "行政执法", "仲裁调解")
IP_TYPES = (
    "专利", "商标", "著作权", "商业秘密", "不正当竞争",
    "地理标志", "植物新品种", "集成电路布图设计", "其他",
)  # fmt: skip


@dataclass(frozen=True)
class Case(Bilingual):
    slug: str
    kind: CaseKind
    year: int
    rank: int | None  # top-ten only
    case_numbers: tuple[str, ...]
    authority: str
    procedure: str
    ip_types: tuple[str, ...]
    published: date
    tags: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    origin: Origin
    first_published: date | None = None  # set by rules.changes


class PublicityClass(StrEnum):
    """A penalty's publicity class (失信程度, NDRC Order 36): sets how long it may be shown."""

    MINOR = "轻微"
    GENERAL = "一般"
    SERIOUS = "严重"


class PartyType(StrEnum):
    ORGANISATION = "法人及非法人组织"
    PERSON = "自然人"
    INDIVIDUAL_BUSINESS = "个体工商户"


# slots: no per-record __dict__. Beyond 30 fields CPython 3.11 stops sharing a dict's keys between
# instances, which would cost ~1.3 KB more per record (measured at 100,000 records).
@dataclass(frozen=True, slots=True)
class Penalty:
    """One administrative penalty decision (行政处罚), as read from a register row.

    ``publicity_end`` is the date given in the register (公示截止期); the rules
    replace it with the effective end when they publish the record, and fill in
    ``publicity_class`` (declared in 失信程度 or derived) and ``repair_from``, the
    first day credit repair may be applied for.
    """

    id: str
    decision_number: str
    party_name: str
    party_type: PartyType
    uscc: str | None
    legal_representative: str | None
    id_type: str | None
    id_number: str | None
    violation_type: str
    ip_type: str
    facts: str
    basis: str
    penalty_categories: tuple[str, ...]
    content: str
    fine_yuan: Decimal | None
    confiscated_yuan: Decimal | None
    licence_action: str | None
    decision_date: date
    validity: str | None
    publicity_end: date | None
    authority: str
    authority_uscc: str
    data_source: str | None
    data_source_uscc: str | None
    withdrawn_on: date | None
    withdrawal_reason: str | None
    remarks: str | None
    origin: Origin
    # A party without a 统一社会信用代码 is identified by its first other code (行政相对人代码_2…_6):
    # the code and its kind (工商注册号, 组织机构代码, 税务登记号, 事业单位证书号, 社会组织登记证号).
    party_code: str | None = None
    party_code_kind: str | None = None
    declared_class: PublicityClass | None = None  # 失信程度 as the register gives it
    procedure: str | None = None  # 程序类型: 简易程序 | 普通程序
    publicity_class: PublicityClass | None = None  # set by the rules when published
    repair_from: date | None = None  # set by the rules: decision date + the class minimum
    first_published: date | None = None  # set by rules.changes: the day the site first showed it


@dataclass(frozen=True, slots=True)
class DishonestyEntry:
    """One listing on the serious dishonesty list (严重违法失信名单).

    ``scheduled_removal`` is 届满移出日期 as given; the rules fill in the default,
    and ``early_removal_from``, the first day early removal may be applied for.
    """

    id: str
    decision_number: str
    name: str
    entity_type: PartyType
    uscc: str | None
    legal_representative: str | None
    behaviour: str
    basis: str
    authority: str
    listed_on: date
    scheduled_removal: date | None
    removed_on: date | None
    removal_reason: str | None
    measures: str | None
    origin: Origin
    party_code: str | None = None  # as Penalty.party_code
    party_code_kind: str | None = None
    early_removal_from: date | None = None  # set by the rules: listing date + 12 months (SAMR Order 44)
    first_published: date | None = None  # set by rules.changes


class RiskList(StrEnum):
    """The two lists of places the city watches (名录)."""

    RISK_POINT = "侵权易发风险点"
    FOCUS_MARKET = "重点关注市场"


class PlaceType(StrEnum):
    MARKET = "专业市场"
    PLATFORM = "电商平台"
    EXHIBITION = "展会"
    TRADING_AREA = "商圈"
    OTHER = "其他"


@dataclass(frozen=True, slots=True)
class KeyTrademark:
    """One mark on the key trademark protection list (重点商标保护名录).

    ``holder_country`` is the right holder's country or region as the list of
    :mod:`ipcredit.regions` names it (中国 when the register leaves it empty).
    """

    id: str  # from the registration number alone: see trademark_id
    name: str  # 商标名称, as registered (Chinese, Latin letters or a figurative mark described)
    registration_number: str  # 商标注册号, canonical (ASCII, no spaces)
    nice_classes: tuple[int, ...]  # 核定使用类别, ascending, each 1..45
    holder: str  # 商标权利人
    holder_uscc: str | None
    holder_country: str
    holder_name_en: str | None
    listed_on: date
    valid_until: date  # 有效期至: shown while as-of ≤ this day
    authority: str
    measures: str | None  # 保护措施
    origin: Origin
    # A domestic holder without a credit code named like a person (see checks.protection): the
    # rules mask the name as a natural person's.
    holder_is_person: bool = False
    first_published: date | None = None  # set by rules.changes


@dataclass(frozen=True, slots=True)
class RiskPoint:
    """One place on the list of infringement-prone risk points or of markets under focus."""

    id: str  # from the list and the name: see risk_point_id
    risk_list: RiskList  # 名录
    name: str
    kind: PlaceType  # 类型
    district: str | None  # 所在区
    address: str | None  # 地址或网址
    ip_types: tuple[str, ...]  # records.IP_TYPES, in that order
    listed_on: date
    removed_on: date | None  # 移出日期: shown while as-of < this day
    authority: str
    measures: str | None  # 监管措施
    origin: Origin
    first_published: date | None = None  # set by rules.changes


class WithholdReason(StrEnum):
    NOT_YET_EFFECTIVE = "not_yet_effective"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"
    MINOR = "minor"  # a natural person under 18 on the decision date
    MINOR_CLASS = "minor_class"  # a penalty of the 轻微 class, not published (publish_minor: false)


@dataclass(frozen=True)
class Withheld:
    register: str  # "penalties", "dishonesty", "notices", "key-trademarks", "risk-points"
    key: str  # decision number or slug; for the protection lists the record id (its URL)
    reason: WithholdReason
    origin: Origin


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Change:
    """One row of the change log: a record appeared, changed or left the site on ``date``."""

    date: date
    change: ChangeKind
    section: str
    id: str  # the record's id or slug: the last segment of its page's path


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """One entry of the withdrawals list: an opaque id, its section, the day it left; nothing else."""

    id: str
    section: str
    withdrawn_on: date


@dataclass(frozen=True, slots=True)
class Shown:
    """A published record as the next build needs to know it (no name, number or text)."""

    section: str
    id: str
    content: str  # a hash of what the site shows of it: a new hash is a change
    first_published: date


@dataclass(frozen=True)
class History:
    """The published state one build leaves for the next (``/data/published.json``): what it
    showed, the change log (newest first) and the withdrawals list (newest first)."""

    as_of: date
    log_started: date  # the first day the change log covers
    shown: tuple[Shown, ...]
    changes: tuple[Change, ...]
    withdrawals: tuple[Withdrawal, ...]


@dataclass(frozen=True)
class SourceSet:
    """Everything validation accepted, before any publication rule is applied."""

    white_papers: tuple[WhitePaper, ...] = ()
    notices: tuple[Notice, ...] = ()
    pages: tuple[Page, ...] = ()
    authorities: tuple[Authority, ...] = ()
    cases: tuple[Case, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    dishonesty: tuple[DishonestyEntry, ...] = ()
    key_trademarks: tuple[KeyTrademark, ...] = ()
    risk_points: tuple[RiskPoint, ...] = ()
    # Files that are not documents but are copied as they are (attachments, images).
    attachments: tuple[Attachment, ...] = field(default=())


# The brackets round a decision number's year, as clerks type them; GB/T 9704 writes 〔2026〕.
_YEAR_IN_BRACKETS = re.compile(r"[〔\[（(【〖［]([0-9]{4})[〕\]）)】〗］]")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
# What canonical_decision_number would change: white space, a digit other than 0-9, a bracket
# other than 〔〕. Most numbers come from case systems already canonical and are returned as they are.
_NOT_CANONICAL = re.compile(r"[\s\[（(【〖［\]）)】〗］]|(?![0-9])\d")


def canonical_decision_number(number: str) -> str:
    """The one written form of a decision number: no white space, ASCII digits, the year in
    〔〕. 〔2026〕1号, [2026]1号, （2026）1号, (2026)1号, 【2026】1号 and 〔2026〕１号 are one number."""
    if _NOT_CANONICAL.search(number) is None:
        return number
    compact = "".join(number.split())
    ascii_digits = _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), compact)
    return _YEAR_IN_BRACKETS.sub(r"〔\1〕", ascii_digits)


def record_id(decision_number: str) -> str:
    """A stable URL id derived from a decision number alone (not file or row order), through its
    canonical form: every variant of one number has the same id, and a number already written
    canonically keeps the id it always had."""
    normalised = canonical_decision_number(decision_number)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def _opaque_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def canonical_registration_number(number: str) -> str:
    """A 商标注册号 in one written form: no white space, ASCII digits and capital letters
    (１２３４５６７８ and 12345678 are one number; g1234567 is G1234567)."""
    return unicodedata.normalize("NFKC", "".join(number.split())).upper()


def trademark_id(registration_number: str) -> str:
    """A key trademark's stable URL id, from its registration number alone (as record_id); the
    prefix keeps it apart from any decision number's id."""
    return _opaque_id("key-trademark\x1f" + canonical_registration_number(registration_number))


def place_key(name: str) -> str:
    """The form two place names are compared in: full-width letters, digits and brackets as
    half-width, no white space, case folded (ＡＢＣ市场 and abc 市场 are one place)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def risk_point_id(risk_list: str, name: str) -> str:
    """A place's stable URL id, from its list and name (a place on both lists has two)."""
    return _opaque_id(f"risk-point\x1f{risk_list}\x1f{place_key(name)}")


# URL slugs of the IP types, for facet pages (/cases/ip-type/<slug>/, /penalties/ip-type/<slug>/).
IP_TYPE_SLUGS = {
    "专利": "patent",
    "商标": "trademark",
    "著作权": "copyright",
    "商业秘密": "trade-secret",
    "不正当竞争": "unfair-competition",
    "地理标志": "geographical-indication",
    "植物新品种": "plant-variety",
    "集成电路布图设计": "layout-design",
    "其他": "other",
}
PROCEDURE_SLUGS = {
    "民事": "civil",
    "刑事": "criminal",
    "行政诉讼": "administrative-litigation",
    "行政执法": "administrative-enforcement",
    "仲裁调解": "arbitration-mediation",
}
