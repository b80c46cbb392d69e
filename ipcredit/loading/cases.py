"""Case files: top-ten (``top-ten/<year>/<NN>-<slug>.md``) and typical (``typical/<slug>.md``).

Front matter → :class:`~ipcredit.records.Case`, every problem at the line of
its key. Slugs: a top-ten case is ``<year>-<NN>-<slug>`` (its folder and file
name, so it is stable and unique across years), a typical case is its file
name; two cases with the same slug are both reported.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ipcredit.checks.frontmatter import Fields, check_slug
from ipcredit.loading.documents import origin
from ipcredit.loading.texts import TextRenderer
from ipcredit.problems import Problems, bilingual
from ipcredit.records import IP_TYPES, PROCEDURES, Authority, Case, CaseKind
from ipcredit.sources.documents import DocumentPair, RawDocument, read_documents

TOP_TEN_DIR, TYPICAL_DIR = "top-ten", "typical"
MAX_TOP_TEN = 10
COMMON_KEYS = (
    "title", "year", "case_numbers", "authority", "procedure", "ip_types",
    "published", "summary", "tags", "attachments",
)  # fmt: skip
TOP_TEN_KEYS = (*COMMON_KEYS, "rank")
TYPICAL_KEYS = COMMON_KEYS  # rank is top-ten only: in a typical case it is an unknown key

# Body sections by language: each entry is the accepted headings for one section.
SECTIONS = {
    "zh": (("基本案情",), ("裁判结果", "处理结果"), ("典型意义",)),
    "en": (("Facts",), ("Judgment", "Outcome"), ("Significance",)),
}
_H2 = re.compile(r"^##(?!#)\s*(.+?)\s*#*\s*$")
_YEAR_DIR = re.compile(r"^\d{4}$")
_TOP_TEN_NAME = re.compile(r"^(\d{2})-.+$")


@dataclass(frozen=True)
class _Loaded:
    case: Case
    doc: RawDocument  # the Chinese file, for reporting collisions at the right place


def load_cases(
    data_dir: Path, authorities: Iterable[Authority], renderer: TextRenderer, problems: Problems
) -> list[Case]:
    """Every valid case under ``data_dir`` (top-ten then typical, in file order)."""
    known = tuple(a.name for a in authorities)
    loaded: list[_Loaded] = []
    for year, folder in _year_folders(data_dir / TOP_TEN_DIR, problems):
        loaded.extend(_load_top_ten_year(year, folder, known, renderer, problems))
    for pair in read_documents(data_dir / TYPICAL_DIR, problems):
        if (item := _load_case(pair, CaseKind.TYPICAL, known, renderer, problems)) is not None:
            loaded.append(item)
    return _unique_slugs(loaded, problems)


def _year_folders(root: Path, problems: Problems) -> list[tuple[int, Path]]:
    """``top-ten/<year>/`` folders; case files anywhere else under top-ten/ are reported."""
    if not root.is_dir():
        return []
    for stray in sorted(root.glob("*.md")):
        problems.error(
            stray,
            1,
            bilingual(
                "十大案例文件应放在年度文件夹中，如 top-ten/2025/01-xxx.md",
                "a top-ten case must be inside its year folder, e.g. top-ten/2025/01-xxx.md",
            ),
        )
    years = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if _YEAR_DIR.match(folder.name):
            years.append((int(folder.name), folder))
        elif any(folder.glob("*.md")):
            problems.error(
                folder,
                1,
                bilingual(
                    f"文件夹名「{folder.name}」应为四位年份，如 2025",
                    "a top-ten folder must be named after its year, e.g. 2025",
                ),
            )
    return years


def _load_top_ten_year(
    year: int, folder: Path, known: tuple[str, ...], renderer: TextRenderer, problems: Problems
) -> list[_Loaded]:
    pairs = read_documents(folder, problems)
    for extra in pairs[MAX_TOP_TEN:]:  # file names start with the rank, so these are the last ones
        problems.error(
            extra.zh.path,
            1,
            bilingual(
                f"{year}年度已有十个案例，本文件超出十大案例的数量上限",
                f"the {year} top ten already has ten cases; this file is one too many",
            ),
        )
    _check_unique_ranks(pairs, problems)
    loaded = (
        _load_case(pair, CaseKind.TOP_TEN, known, renderer, problems, folder_year=year) for pair in pairs
    )
    return [item for item in loaded if item is not None]


def _load_case(
    pair: DocumentPair,
    kind: CaseKind,
    known: tuple[str, ...],
    renderer: TextRenderer,
    problems: Problems,
    folder_year: int | None = None,
) -> _Loaded | None:
    fields = Fields(pair.zh, problems)
    fields.unknown_keys(TOP_TEN_KEYS if kind is CaseKind.TOP_TEN else TYPICAL_KEYS)
    published = fields.day("published")
    authority = _authority(fields, known)
    procedure = fields.choice("procedure", PROCEDURES)
    ip_types = _ip_types(fields)
    case_numbers, tags = fields.text_list("case_numbers"), fields.text_list("tags")
    references = fields.text_list("attachments")
    if kind is CaseKind.TOP_TEN:
        year, rank = _top_ten_place(fields, pair, folder_year)
        slug = f"{folder_year}-{pair.slug}"
    else:
        year, rank, slug = _typical_year(fields, published), None, pair.slug
    zh, en, attachments = renderer.texts(pair, True, references or ())
    _check_sections(pair.zh, "zh", problems)
    if pair.en is not None:
        _check_sections(pair.en, "en", problems)
    if not (zh and fields.ok and check_slug(pair.zh, pair.slug, problems)):
        return None
    case = Case(
        zh, en, slug, kind, year, rank, case_numbers, authority, procedure, ip_types,
        published, tags, attachments, origin(pair.zh),
    )  # fmt: skip
    return _Loaded(case, pair.zh)


def _authority(fields: Fields, known: tuple[str, ...]) -> str | None:
    name = fields.text("authority")
    if name is None or name in known:
        return name
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint_zh = f"；您是否指「{close[0]}」？" if close else "；请先在 authorities.yaml 中登记"
    hint_en = f"; did you mean {close[0]}?" if close else "; add it to authorities.yaml first"
    _reject(
        fields,
        "authority",
        f"发布机关「{name}」不在 authorities.yaml 登记册中{hint_zh}",
        f"authority {name} is not in authorities.yaml{hint_en}",
    )
    return None


def _ip_types(fields: Fields) -> tuple[str, ...] | None:
    values = fields.text_list("ip_types", required=True)
    if values is None:
        return None
    if not values:
        _reject(
            fields, "ip_types", "ip_types 至少需要一个知识产权类型", "ip_types needs at least one IP type"
        )
        return None
    wrong = [v for v in values if v not in IP_TYPES]
    if wrong:
        _reject(
            fields,
            "ip_types",
            f"ip_types 中的「{'、'.join(wrong)}」不在允许范围内：{'、'.join(IP_TYPES)}",
            "ip_types must be among the listed values",
        )
        return None
    return tuple(dict.fromkeys(values))  # a type written twice counts once


def _top_ten_place(
    fields: Fields, pair: DocumentPair, folder_year: int | None
) -> tuple[int | None, int | None]:
    year, rank = fields.year("year"), fields.integer("rank")
    if year is not None and year != folder_year:
        _reject(
            fields,
            "year",
            f"year {year} 与所在文件夹 {folder_year} 不一致",
            f"year {year} does not match its folder {folder_year}",
        )
    if rank is not None and not 1 <= rank <= MAX_TOP_TEN:
        _reject(fields, "rank", f"rank {rank} 超出范围，应为 1 至 10", f"rank {rank} must be 1 to 10")
        rank = None
    number = _TOP_TEN_NAME.match(pair.slug)
    if number is None:
        fields.ok = False
        fields.problems.error(
            pair.zh.path,
            1,
            bilingual(
                f"文件名「{pair.zh.path.name}」应以两位排名开头，如 01-xxx.md",
                "a top-ten file name must start with its two-digit rank, e.g. 01-xxx.md",
            ),
        )
    elif rank is not None and int(number.group(1)) != rank:
        _reject(
            fields,
            "rank",
            f"文件名编号 {number.group(1)} 与 rank {rank} 不一致，请把文件名改为 {rank:02d}-…",
            f"file name number {number.group(1)} does not match rank {rank}; rename the file to {rank:02d}-…",
        )
    return year, rank


def _typical_year(fields: Fields, published: date | None) -> int | None:
    """A typical case's year defaults to the year it was published."""
    if "year" in fields.doc.meta:
        return fields.year("year")
    return published.year if published else None


def _reject(fields: Fields, key: str, zh: str, en: str) -> None:
    """An error at ``key``'s line that keeps the record from being built."""
    fields.ok = False
    fields.problems.error(fields.doc.path, fields.doc.line_of(key), bilingual(zh, en), column=key)


def _check_unique_ranks(pairs: list[DocumentPair], problems: Problems) -> None:
    by_rank: dict[int, list[RawDocument]] = defaultdict(list)
    for pair in pairs:
        rank = pair.zh.meta.get("rank")
        if isinstance(rank, int) and not isinstance(rank, bool) and 1 <= rank <= MAX_TOP_TEN:
            by_rank[rank].append(pair.zh)
    for rank, docs in by_rank.items():
        for doc in docs if len(docs) > 1 else ():
            others = "、".join(d.path.name for d in docs if d is not doc)
            problems.error(
                doc.path,
                doc.line_of("rank"),
                bilingual(f"rank {rank} 与 {others} 重复", f"rank {rank} is also used by {others}"),
                column="rank",
            )


def _check_sections(doc: RawDocument, lang: str, problems: Problems) -> None:
    """Warn for each missing body section (agencies may number them: "## 一、基本案情")."""
    headings = [m.group(1) for line in doc.body.splitlines() if (m := _H2.match(line.strip()))]
    for names in SECTIONS[lang]:
        if not any(name.casefold() in h.casefold() for name in names for h in headings):
            wanted = " / ".join(f"## {n}" for n in names)
            problems.warning(
                doc.path,
                doc.body_line,
                bilingual(f"正文缺少「{wanted}」一节", f"the body has no {wanted} section"),
            )


def _unique_slugs(loaded: list[_Loaded], problems: Problems) -> list[Case]:
    by_slug: dict[str, list[_Loaded]] = defaultdict(list)
    for item in loaded:
        by_slug[item.case.slug].append(item)
    cases = []
    for item in loaded:
        same = by_slug[item.case.slug]
        if len(same) == 1:
            cases.append(item.case)
            continue
        others = "、".join(problems.show(o.doc.path) for o in same if o is not item)
        problems.error(
            item.doc.path,
            1,
            bilingual(
                f"案例网址「{item.case.slug}」与 {others} 相同，请改文件名",
                f"case slug {item.case.slug} is also used by {others}; rename one file",
            ),
        )
    return cases
