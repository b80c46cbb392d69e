"""A scanner of everything a build wrote, for text that must never be published.

Every file under the output folder is read: gzip members are decompressed
(search shards), zip archives are opened member by member (XLSX is a zip of
XML), and text is searched as written, with HTML character references and
JSON ``\\uXXXX`` escapes decoded, so a name escaped by one writer is found too.

Use :func:`find_leaks` with the exact strings that must not appear (withheld
records' names, numbers and codes; people's full names and ID numbers in every
form a clerk may have typed them); it also reports any unmasked 18-character
resident ID (valid check character and birth date) it meets, whoever's it is.
Later outputs get the same scrutiny by pointing it at the build folder.
"""

from __future__ import annotations

import gzip
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_RESIDENT_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9])")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_TO_ASCII = {c + 0xFEE0: c for c in range(0x21, 0x7F)}


@dataclass(frozen=True)
class Leak:
    where: str  # file below the output folder, with "!member" for a part of an archive
    what: str  # the secret found, or the unmasked ID number

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def valid_resident_id(number: str) -> bool:
    """An 18-character resident ID with the right check character and a real birth date
    (written independently of the package's own checker, so the scanner tests it too)."""
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return True


def full_width(text: str) -> str:
    """The full-width form of the ASCII characters in ``text`` (as a Chinese input method types)."""
    return text.translate(_FULL_WIDTH)


def id_forms(number: str) -> set[str]:
    """The ways an ID number could be published unmasked: as typed, bare, full-width, with the
    spaces or hyphens clerks put between its region, birth date and sequence."""
    parts = (number[:6], number[6:-4], number[-4:])
    forms = {number, number.lower(), full_width(number), full_width(number.lower())}
    for gap in (" ", "-", "\u3000"):
        forms.add(gap.join(parts))
    return forms


def output_texts(root: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every file below ``root``, archives opened and escapes decoded."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield from _texts(str(path.relative_to(root)), path.read_bytes())


def _texts(where: str, data: bytes) -> Iterator[tuple[str, str]]:
    if data[:2] == b"\x1f\x8b":
        yield from _texts(where + "!gunzip", gzip.decompress(data))
    elif data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield from _texts(f"{where}!{name}", archive.read(name))
    else:
        text = data.decode("utf-8", errors="replace")
        yield where, text
        decoded = html.unescape(_JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
        if decoded != text:
            yield where, decoded


def find_leaks(root: Path, secrets: Iterable[str], any_resident_id: bool = True) -> list[Leak]:
    """Every place below ``root`` where one of ``secrets`` (or, with ``any_resident_id``, any valid
    unmasked 18-character resident ID) is written."""
    wanted = sorted({s for s in secrets if s}, key=len, reverse=True)
    leaks: set[Leak] = set()
    for where, text in output_texts(root):
        leaks.update(Leak(where, s) for s in wanted if s in text)
        if any_resident_id:
            for found in _RESIDENT_ID.findall(text.translate(_TO_ASCII)):
                if valid_resident_id(found):
                    leaks.add(Leak(where, found))
    return sorted(leaks, key=str)
