"""What a spreadsheet reader's values do not show: hidden rows and values a formula lost.

python-calamine reads cell values (fast, in Rust) but not row visibility, nor
whether a value is a formula's computed result, and it reads an error value
(``#REF!``, ``#N/A``) as an empty cell. This module finds all three with one
cheap pass over the raw file:

- XLSX: the sheet's XML is streamed in chunks; a chunk is searched with
  regular expressions only when a plain substring test says it may hold a
  hidden row (``hidden``), a formula (``<f``) or an error value (``t="e"``),
  so a register without any costs little more than decompressing it.
- XLS (BIFF8/BIFF5): the sheet's records are walked (ROW records carry the
  hidden flag, FORMULA records their cached result, BOOLERR error constants).

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
_ROW = re.compile(rb"<(" + _PREFIX + rb")row\b([^>]*?)(?:/>|>(.*?)</\1row>)", re.S)
_CELL = re.compile(rb"<(" + _PREFIX + rb")c\b([^>]*?)(?:/>|>(.*?)</\1c>)", re.S)
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s>/]")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>(.*?)</" + _PREFIX + rb"v>", re.S)
_ATTR = re.compile(rb"""\b([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"^([A-Z]{1,3})(\d+)$")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class LostValue:
    """A cell whose value the reader cannot give: a formula never computed, or an error value."""

    row: int  # 1-based, as Excel shows it
    column: int  # 0-based
    formula: str  # the formula's text when known, else ""
    error: str | None  # the error value (#REF!, #N/A …), or None for a formula without a value


@dataclass
class SheetFlags:
    """Rows (1-based) hidden in the sheet, and cells whose value would be lost."""

    hidden_rows: list[int] = field(default_factory=list)
    lost: list[LostValue] = field(default_factory=list)


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
    main = _main_part(book)
    folder = PurePosixPath(main).parent
    workbook = etree.fromstring(book.read(main), _SAFE_XML)
    rels = etree.fromstring(book.read(str(folder / "_rels" / f"{PurePosixPath(main).name}.rels")), _SAFE_XML)
    targets = {r.get("Id"): r.get("Target", "") for r in rels if isinstance(r.tag, str)}
    members = []
    for sheet in workbook.iter("{*}sheet"):
        # r:id, in the transitional or the strict relationships namespace
        rel = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
        target = targets.get(rel, "")
        members.append(_normalise(target.lstrip("/") if target.startswith("/") else str(folder / target)))
    return members


def _main_part(book: zipfile.ZipFile) -> str:
    """The workbook part named by the package's relationships (almost always xl/workbook.xml)."""
    if "_rels/.rels" in book.namelist():
        for rel in etree.fromstring(book.read("_rels/.rels"), _SAFE_XML):
            if isinstance(rel.tag, str) and rel.get("Type", "").endswith("/officeDocument"):
                return _normalise(rel.get("Target", "").lstrip("/"))
    return "xl/workbook.xml"


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def scan_xlsx(book: zipfile.ZipFile, member: str) -> SheetFlags:
    """Hidden rows and lost values in one sheet's XML, streamed in chunks cut at row ends."""
    scan = _XlsxScan()
    tail = b""
    with book.open(member) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer = tail + chunk
            cut = len(buffer) if not chunk else buffer.rfind(b"row>") + 4  # end of the last whole row
            if chunk and cut == 3:  # no row ends in this chunk yet: read more
                tail = buffer
                continue
            scan.chunk(buffer[:cut])
            tail = buffer[cut:]
            if not chunk:
                return scan.flags


class _XlsxScan:
    """The sheet's rows in order; a row without its ``r`` attribute is the one after the last."""

    def __init__(self) -> None:
        self.flags = SheetFlags()
        self.row = 0

    def chunk(self, data: bytes) -> None:
        if not (b"hidden" in data or b"<f" in data or b":f" in data or b't="e"' in data or b"t='e'" in data):
            self._skip(data)
            return
        for match in _ROW.finditer(data):
            attrs = _attrs(match.group(2))
            number = attrs.get(b"r", b"")
            self.row = int(number) if number.isdigit() else self.row + 1
            if attrs.get(b"hidden") in (b"1", b"true"):
                self.flags.hidden_rows.append(self.row)
            if match.group(3):
                self._cells(match.group(3))

    def _skip(self, data: bytes) -> None:
        """Only the number of the chunk's last row matters here."""
        last = max(data.rfind(b"<row "), data.rfind(b"<row>"), data.rfind(b":row "))
        if last < 0:
            return
        start = data.rfind(b"<", 0, last + 1)
        tag = _ROW_TAG.match(data, start)
        number = _attrs(tag.group(1)).get(b"r", b"") if tag else b""
        if number.isdigit():
            self.row = int(number)
        else:
            self.row += data.count(b"<row ") + data.count(b"<row>") + data.count(b":row ")

    def _cells(self, row: bytes) -> None:
        column = -1
        for match in _CELL.finditer(row):
            attrs = _attrs(match.group(2))
            ref = _REF.match(attrs.get(b"r", b""))
            column = _column_index(ref.group(1)) if ref else column + 1
            body = match.group(3) or b""
            value = _VALUE.search(body)
            formula = _FORMULA.search(body)
            text = _text(body[formula.start() : value.start() if value else None]) if formula else ""
            if attrs.get(b"t") == b"e":
                error = _text(value.group(1)) if value else "#VALUE!"
                self.flags.lost.append(LostValue(self.row, column, text, error))
            elif formula and not (value and (value.group(1) or attrs.get(b"t") == b"str")):
                self.flags.lost.append(LostValue(self.row, column, text, None))


def _text(xml: bytes) -> str:
    plain = re.sub(rb"<[^>]*>", b"", xml).decode("utf-8", "replace").strip()
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


# XLS -------------------------------------------------------------------------------------------
_BOUNDSHEET, _BOF, _EOF, _ROW_RECORD, _FORMULA_RECORD, _BOOLERR = 0x85, 0x809, 0x0A, 0x208, 0x06, 0x205
_ROW_HIDDEN = 0x0020
# A FORMULA result marked 0xFFFF in its last two bytes: type 2 is an error, type 3 an empty string
# (what programs that do not calculate, such as xlwt, leave: nothing computed).
_ERROR_RESULT, _EMPTY_RESULT = 2, 3
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


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
    """Hidden rows, formulas with an empty cached result and error values in the sheet at ``offset``."""
    flags = SheetFlags()
    depth = 0  # an embedded chart has its own BOF … EOF inside the sheet's
    for kind, start, length in _records(stream, offset):
        if kind == _BOF:
            depth += 1
        elif kind == _ROW_RECORD and length >= 16:
            row, options = struct.unpack_from("<H", stream, start)[0], stream[start + 12]
            if options & _ROW_HIDDEN:
                flags.hidden_rows.append(row + 1)
        elif kind == _FORMULA_RECORD and length >= 14:
            row, col = struct.unpack_from("<HH", stream, start)
            result = stream[start + 6 : start + 14]
            if result[6:8] == b"\xff\xff" and result[0] == _EMPTY_RESULT:
                flags.lost.append(LostValue(row + 1, col, "", None))
            elif result[6:8] == b"\xff\xff" and result[0] == _ERROR_RESULT:
                flags.lost.append(LostValue(row + 1, col, "", _ERRORS.get(result[2], "#VALUE!")))
        elif kind == _BOOLERR and length >= 8 and stream[start + 7]:  # an error constant typed in
            row, col = struct.unpack_from("<HH", stream, start)
            flags.lost.append(LostValue(row + 1, col, "", _ERRORS.get(stream[start + 6], "#VALUE!")))
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
