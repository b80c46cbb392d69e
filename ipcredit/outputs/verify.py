"""The nightly gate: every withheld record is absent from every file of a built site.

The rules decide what is withheld (:func:`ipcredit.pipeline.build_catalogue`, never
re-implemented here); this module only turns each withheld record into the strings that
would identify it and searches the built output for all of them at once, streaming every
file (gzip files and the members of zip files such as XLSX are searched decompressed).

What identifies a withheld record (a *needle*):

- its decision number, as written, without spaces and with each kind of year bracket,
  and its record id, which is also its page's URL;
- its party's name, unless the party is a natural person whose name the site masks;
- its party's 统一社会信用代码 or other party code;
- for a withheld document (notice, case, white paper), its URL path.

A name or code is shared by every record of the same party, so it may legitimately be on
the site through another, published record (a company with one expired and one current
penalty), or be quoted by published prose (a typical case naming the company). So a
withheld record's name, code or decision number is a needle only when no published text
of the catalogue contains it; then only the id (the record's own page) stays a needle.
The id is allowed in the withdrawals list and the change log, whose very purpose is to
name withdrawn ids (and nothing else), and in the published state the next build reads
(``data/published.json``), which carries that log and list.

Raw ID numbers (证件号码 as written in the registers, of every record, published or not)
are always needles: the site only ever shows them masked.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import sys
import time
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import IO

import ahocorasick_rs

from ipcredit.catalogue import Catalogue
from ipcredit.checks.codes import birth_date, normalise_resident_id
from ipcredit.problems import bilingual, display_path
from ipcredit.records import Bilingual, DishonestyEntry, Origin, PartyType, Penalty, SourceSet, record_id
from ipcredit.sections import SECTIONS

CHUNK = 1 << 22  # 4 MiB: files are read in chunks, so a 100 MB dataset never sits in memory whole
HEX = frozenset(b"0123456789abcdef")
# The files whose purpose is to list withdrawn records' ids (and nothing else about them).
WITHDRAWAL_LISTS = re.compile(r"(^|/)(data/(withdrawn|changes|published)\.[a-z]+|feeds/changes\.atom)$")
# Shorter strings are not searched: a name like 无 or a code like 0 would be found in every page,
# and a false alarm keeps expired records online as surely as a leak would. Real names of
# organisations and businesses have 4 characters or more; codes and ID numbers 6 digits or more.
MIN_NAME, MIN_CODE = 4, 6
ID_SHAPED = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


@dataclass(frozen=True)
class Needle:
    text: str
    what: str  # e.g. "decision number 江市监知处罚〔2025〕3号 of a withheld penalty"
    origin: Origin
    is_id: bool = False  # a record id: allowed in the withdrawals lists, matched as a whole word


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the output folder; "data/x.xlsx!xl/sharedStrings.xml" for a zip member
    needle: Needle | None
    unreadable: str | None = None  # a file that could not be searched fails the gate too

    def line(self, roots: Sequence[Path] = ()) -> str:
        """``file: what (origin path:line)``, the origin shown as the clerk named the folders."""
        if self.needle is None:
            return f"{self.file}: could not be read, so not checked: {self.unreadable}"
        origin = self.needle.origin
        return f"{self.file}: {self.needle.what} ({display_path(Path(origin.path), roots)}:{origin.line})"


def withheld_needles(sources: SourceSet, catalogue: Catalogue) -> list[Needle]:
    """Every string that identifies a withheld record, or any raw ID number, as it may be written."""
    records: dict[Origin, Penalty | DishonestyEntry] = {
        r.origin: r for r in (*sources.penalties, *sources.dishonesty)
    }
    masks_names = catalogue.settings.mask_person_names
    shared: list[Needle] = []  # dropped when published text contains them
    own: list[Needle] = []
    for withheld in catalogue.withheld:
        record = records.get(withheld.origin)
        label = f"of a withheld {withheld.register} record ({withheld.reason.value})"
        if record is None:  # a document: its page is what must be gone
            own.append(Needle(f"{withheld.register}/{withheld.key}/", f"URL {label}", withheld.origin))
            continue
        number = record.decision_number
        for written in decision_number_forms(number):
            shared.append(Needle(written, f"decision number {written} {label}", record.origin))
        own.append(Needle(record_id(number), f"id {record_id(number)} {label}", record.origin, is_id=True))
        name, kind = _party(record)
        if len(name) >= MIN_NAME and not (kind is PartyType.PERSON and masks_names):
            shared.append(Needle(name, f"party name {name} {label}", record.origin))
        for code in {record.uscc, record.party_code} - {None, ""}:
            if len(code) >= MIN_CODE:
                shared.append(Needle(code, f"party code {code} {label}", record.origin))
    published = _published_strings(shared, catalogue)
    found = [n for n in shared if n.text not in published] + own + list(raw_id_needles(sources))
    return [variant for needle in found for variant in _written_forms(needle)]


YEAR_BRACKETS = ("〔〕", "[]", "［］", "()", "（）", "【】", "〖〗")
YEAR = re.compile(r"[〔\[［(（【〖](\d{4})[〕\]］)）】〗]")


def decision_number_forms(number: str) -> set[str]:
    """The number as written, without spaces, and with its year in each bracket clerks use
    (〔2025〕, [2025], (2025), 【2025】…): any of them may be how a page or a dataset shows it."""
    compact = "".join(number.split())
    forms = {number.strip(), compact}
    if YEAR.search(compact):
        forms |= {YEAR.sub(lambda m, b=b: f"{b[0]}{m.group(1)}{b[1]}", compact) for b in YEAR_BRACKETS}
    return forms


def raw_id_needles(sources: SourceSet) -> Iterator[Needle]:
    """Unmasked ID numbers of every register record: the 证件号码 column and any ID-shaped
    string (with a birth date) in the record's text."""
    for record in (*sources.penalties, *sources.dishonesty, *sources.key_trademarks, *sources.risk_points):
        seen: set[str] = set()
        if getattr(record, "id_number", None):
            seen |= {record.id_number.strip(), normalise_resident_id(record.id_number)}
        for f in fields(record):
            value = getattr(record, f.name)
            if isinstance(value, str):
                seen |= {m for m in ID_SHAPED.findall(value) if birth_date(m.upper()) is not None}
        for number in {n for n in seen if sum(c.isdigit() for c in n) >= MIN_CODE}:
            masked = number[:4] + "…" + number[-4:]
            yield Needle(number, f"unmasked ID number {masked}", record.origin)


def _party(record: Penalty | DishonestyEntry) -> tuple[str, PartyType]:
    if isinstance(record, Penalty):
        return record.party_name.strip(), record.party_type
    return record.name.strip(), record.entity_type


def _published_strings(candidates: list[Needle], catalogue: Catalogue) -> set[str]:
    """Which candidate strings occur in anything the catalogue publishes (one automaton pass)."""
    patterns = sorted({n.text for n in candidates})
    if not patterns:
        return set()
    matcher = ahocorasick_rs.AhoCorasick(patterns)
    found: set[str] = set()
    for text in _published_texts(catalogue):
        found.update(
            patterns[i] for i, _start, _end in matcher.find_matches_as_indexes(text, overlapping=True)
        )
    return found


def _published_texts(catalogue: Catalogue) -> Iterator[str]:
    """Everything every section publishes: a right holder on the key trademark list may share
    its name with a party whose penalty expired, and showing it as a right holder is no leak."""
    for section in SECTIONS:
        for record in section.records(catalogue):
            yield from _record_texts(record)
    for authority in catalogue.authorities:
        yield f"{authority.name}\n{authority.uscc}"


def _record_texts(record: object) -> Iterator[str]:
    if isinstance(record, Bilingual):  # prose: what its pages show, not where its files lie
        for text in (record.zh, record.en):
            if text is not None:
                yield "\n".join((text.title, text.summary, text.body_html))
        yield " ".join(getattr(record, "case_numbers", ()) or ())
        yield str(getattr(record, "case_number", "") or "")
        return
    for f in fields(record):
        if f.name != "origin":
            yield from _field_texts(getattr(record, f.name))


def _field_texts(value: object) -> Iterator[str]:
    """A field's text; records held by a record (a party's penalties, a case on its page) are
    taken field by field, so where their files lie is never counted as published."""
    if isinstance(value, tuple):
        for item in value:
            yield from _field_texts(item)
    elif is_dataclass(value) and not isinstance(value, type):
        yield from _record_texts(value)
    else:
        yield str(value)


def _written_forms(needle: Needle) -> Iterator[Needle]:
    """The needle as HTML/XML and JSON write it (&amp;, \\"), and an ID's lowercase x."""
    forms = {needle.text, html.escape(needle.text, quote=False), html.escape(needle.text)}
    forms.add(json.dumps(needle.text, ensure_ascii=False)[1:-1])
    if not needle.is_id and needle.text.endswith("X"):
        forms.add(needle.text[:-1] + "x")
    for form in sorted(forms):
        yield Needle(form, needle.what, needle.origin, needle.is_id)


class Scanner:
    """One automaton over the UTF-8 bytes of every needle; streams files through it."""

    def __init__(self, needles: list[Needle]) -> None:
        self.needles = needles
        self.longest = max((len(n.text.encode()) for n in needles), default=1)
        self.matcher = (
            ahocorasick_rs.BytesAhoCorasick([n.text.encode() for n in needles]) if needles else None
        )

    def scan_tree(self, root: Path) -> Iterator[Finding]:
        """Every file under ``root``, its path and its bytes, in a stable order."""
        for relative, path in _files(root):
            yield from self._report(relative, self._search(relative.encode()), path_only=True)
            try:
                yield from self.scan_file(path, relative)
            except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as error:  # a truncated .gz, say
                yield Finding(relative, None, f"{type(error).__name__}: {error}")

    def scan_file(self, path: str, relative: str) -> Iterator[Finding]:
        with open(path, "rb") as handle:
            magic = handle.read(4)
            handle.seek(0)
            if magic[:2] == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=handle) as stream:
                    yield from self._report(relative, self._stream(stream))
            elif magic == b"PK\x03\x04" and zipfile.is_zipfile(handle):
                with zipfile.ZipFile(handle) as archive:
                    for member in archive.infolist():
                        with archive.open(member) as stream:
                            yield from self._report(f"{relative}!{member.filename}", self._stream(stream))
            else:
                handle.seek(0)  # is_zipfile read it: a file that merely starts like a zip is text
                yield from self._report(relative, self._stream(handle))

    def _stream(self, stream: IO[bytes]) -> set[int]:
        """Needle indexes found, reading chunk by chunk with an overlap of the longest needle."""
        found: set[int] = set()
        tail = b""
        while chunk := stream.read(CHUNK):
            found |= self._search(tail + chunk)
            tail = (tail + chunk)[-(self.longest - 1) :] if self.longest > 1 else b""
        return found

    def _search(self, data: bytes) -> set[int]:
        if self.matcher is None:
            return set()
        hits = set()
        for index, start, end in self.matcher.find_matches_as_indexes(data, overlapping=True):
            if self.needles[index].is_id and _inside_longer_hex(data, start, end):
                continue  # part of a longer hex string (an asset hash), not this id
            hits.add(index)
        return hits

    def _report(self, relative: str, hits: set[int], path_only: bool = False) -> Iterator[Finding]:
        reported: dict[tuple[str, str, int], Needle] = {}  # one line per thing found, in a stable order
        for index in hits:
            needle = self.needles[index]
            if needle.is_id and not path_only and WITHDRAWAL_LISTS.search(relative.split("!")[0]):
                continue
            reported.setdefault((needle.what, needle.origin.path, needle.origin.line), needle)
        for key in sorted(reported):
            yield Finding(relative, reported[key])


def _files(root: Path) -> Iterator[tuple[str, str]]:
    """(path relative to root with / separators, path) of every file, depth first, sorted by name;
    os.scandir rather than pathlib: 200,000 Path objects cost seconds."""
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            ordered = sorted(entries, key=lambda e: e.name, reverse=True)
        for entry in ordered:
            if entry.is_dir(follow_symlinks=False):
                stack.append((f"{prefix}{entry.name}/", entry.path))
        for entry in reversed(ordered):
            if entry.is_file():  # a symlinked file is scanned too, never skipped
                yield prefix + entry.name, entry.path


def _inside_longer_hex(data: bytes, start: int, end: int) -> bool:
    return (start > 0 and data[start - 1] in HEX) or (end < len(data) and data[end] in HEX)


def verify(sources: SourceSet, catalogue: Catalogue, out: Path) -> list[Finding]:
    """Every place in ``out`` where a withheld record or a raw ID number shows."""
    return list(Scanner(withheld_needles(sources, catalogue)).scan_tree(out))


def report(sources: SourceSet, catalogue: Catalogue, out: Path, roots: Sequence[Path] = ()) -> int:
    """The ``verify`` command: findings on stdout, one a line; 0 when clean, 1 otherwise."""
    if not out.is_dir():
        print(f"error: output folder not found: {out}", file=sys.stderr)
        return 2
    started = time.monotonic()
    needles = withheld_needles(sources, catalogue)
    findings = list(Scanner(needles).scan_tree(out))
    for finding in findings:
        print(finding.line(roots))
    seconds = time.monotonic() - started
    withheld = len(catalogue.withheld)
    print(
        bilingual(
            f"输出检查：{out} 中 {len(findings)} 处泄露（{withheld} 条不公开记录，{len(needles)} 个检索串，{seconds:.1f} 秒）",
            f"output check: {len(findings)} leaks in {out} ({withheld} withheld records, "
            f"{len(needles)} search strings, {seconds:.1f} s)",
        ),
        file=sys.stderr,
    )
    return 1 if findings else 0
