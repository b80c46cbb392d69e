"""What a spreadsheet reader's values do not show: hidden rows and formulas without a value.

python-calamine reads cell values (fast, in Rust) but not row visibility nor
whether a value is a formula's computed result. This module finds both with
one cheap pass over the raw file:

- XLSX: the sheet's XML is streamed in chunks; a chunk is searched with
  regular expressions only when a plain substring test says it may hold a
  hidden row (``hidden=``) or a formula (``<f``), so a register without
  either costs little more than decompressing it.
- XLS (BIFF8/BIFF5): the sheet's records are walked (ROW records carry the
  hidden flag, FORMULA records their cached result).

A formula "without a value" is one whose cached result is missing or empty:
files written by programs that do not calculate (scripts, some exporters)
leave it so, and the value a clerk sees in Excel would be lost.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

_CHUNK = 1 << 20
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # some writers prefix every element (<x:row>)
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row\b([^>]*)>")
_CELL = re.compile(rb"<(" + _PREFIX + rb")c\b([^>]*?)(?:/>|>(.*?)</\1c>)", re.S)
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s>/]")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>(.*?)</" + _PREFIX + rb"v>", re.S)
_ATTR = re.compile(rb"""\b([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"^([A-Z]{1,3})(\d+)$")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class SheetFlags:
    """Rows (1-based) hidden in the sheet and formula cells without a computed value."""

    hidden_rows: list[int] = field(default_factory=list)
    uncached: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column 0-based, formula)


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


def _attrs(text: bytes) -> dict[bytes, bytes]:
    return {m.group(1).split(b":")[-1]: m.group(2) or m.group(3) or b"" for m in _ATTR.finditer(text)}


# XLSX ------------------------------------------------------------------------------------------
def xlsx_sheet_members(book: zipfile.ZipFile) -> list[str]:
    """Zip member of each sheet, in workbook order (the order python-calamine lists them)."""
    workbook = etree.fromstring(book.read("xl/workbook.xml"), _SAFE_XML)
    rels = etree.fromstring(book.read("xl/_rels/workbook.xml.rels"), _SAFE_XML)
    targets = {r.get("Id"): r.get("Target", "") for r in rels if isinstance(r.tag, str)}
    members = []
    for sheet in workbook.iter("{*}sheet"):
        target = targets.get(sheet.get(_REL), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        members.append(_normalise(path))
    return members


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def scan_xlsx(book: zipfile.ZipFile, member: str) -> SheetFlags:
    """Hidden rows and formulas without a cached value in one sheet's XML, streamed."""
    flags = SheetFlags()
    tail = b""
    with book.open(member) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer = tail + chunk
            cut = len(buffer) if not chunk else buffer.rfind(b"row>") + 4  # end of the last whole row
            if chunk and cut == 3:  # no row ends in this chunk yet: read more
                tail = buffer
                continue
            data, tail = buffer[:cut], buffer[cut:]
            if b"hidden" in data:
                _hidden_rows(data, flags)
            if b"<f" in data or b":f>" in data or b":f " in data:
                _uncached_formulas(data, flags)
            if not chunk:
                return flags


def _hidden_rows(data: bytes, flags: SheetFlags) -> None:
    for match in _ROW_TAG.finditer(data):
        attrs = _attrs(match.group(1))
        if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"r", b"").isdigit():
            flags.hidden_rows.append(int(attrs[b"r"]))


def _uncached_formulas(data: bytes, flags: SheetFlags) -> None:
    for match in _CELL.finditer(data):
        body = match.group(3) or b""
        formula = _FORMULA.search(body)
        if formula is None:
            continue
        attrs = _attrs(match.group(2))
        value = _VALUE.search(body)
        cached = value is not None and (value.group(1) != b"" or attrs.get(b"t") == b"str")
        ref = _REF.match(attrs.get(b"r", b""))
        if not cached and ref is not None:
            text = re.sub(rb"<[^>]*>", b"", body[formula.start() :]).decode("utf-8", "replace")
            flags.uncached.append((int(ref.group(2)), _column_index(ref.group(1)), text.strip()))


# XLS -------------------------------------------------------------------------------------------
_BOUNDSHEET, _BOF, _EOF, _ROW, _FORMULA_RECORD = 0x0085, 0x0809, 0x000A, 0x0208, 0x0006
_ROW_HIDDEN = 0x0020
_EMPTY_RESULT = 3  # a FORMULA result marked 0xFFFF with type 3: an empty string, i.e. nothing computed


def xls_workbook_stream(data: bytes) -> bytes:
    """The BIFF stream of an Excel 97–2003 file (an OLE compound document)."""
    from xlrd.compdoc import CompDoc  # xlrd's reader of the container format

    doc = CompDoc(data, logfile=_Quiet())
    for name in ("Workbook", "Book"):
        stream = doc.get_named_stream(name)
        if stream is not None:
            return bytes(stream)
    raise ValueError("no Workbook stream")


class _Quiet:
    """A log file that discards xlrd's notes on odd but readable containers."""

    def write(self, _text: str) -> int:
        return 0


def xls_sheet_offsets(stream: bytes) -> list[int]:
    """Stream offset of each sheet's BOF, in workbook order (BOUNDSHEET records)."""
    offsets = []
    for kind, start, length in _records(stream, 0):
        if kind == _BOUNDSHEET and length >= 4:
            offsets.append(struct.unpack_from("<I", stream, start)[0])
        elif kind == _EOF:
            break
    return offsets


def scan_xls(stream: bytes, offset: int) -> SheetFlags:
    """Hidden rows and formulas with an empty cached result in the sheet starting at ``offset``."""
    flags = SheetFlags()
    depth = 0  # an embedded chart has its own BOF … EOF inside the sheet's
    for kind, start, length in _records(stream, offset):
        if kind == _BOF:
            depth += 1
        elif kind == _ROW and length >= 16:
            row, options = struct.unpack_from("<H", stream, start)[0], stream[start + 12]
            if options & _ROW_HIDDEN:
                flags.hidden_rows.append(row + 1)
        elif kind == _FORMULA_RECORD and length >= 14:
            row, col = struct.unpack_from("<HH", stream, start)
            result = stream[start + 6 : start + 14]
            if result[6:8] == b"\xff\xff" and result[0] == _EMPTY_RESULT:
                flags.uncached.append((row + 1, col, ""))
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
    return flags


def _records(stream: bytes, offset: int) -> Iterator[tuple[int, int, int]]:
    """(record type, start of its data, its length) from ``offset`` to the end of the stream."""
    position, end = offset, len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, position + 4, min(length, end - position - 4)
        position += 4 + length
