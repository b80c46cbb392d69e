"""Decoding source files: UTF-8 (with or without BOM), or GB18030 as Excel writes it.

One rule for every text source (Markdown, YAML, CSV registers): UTF-8 when the
whole file decodes strictly; else GB18030 when charset-normalizer recognises it
and the whole file decodes (converted, with a warning); else an error at the
line where decoding fails.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from ipcredit.problems import Problems, bilingual

# Control characters no text source needs (tab, line feed and carriage return are fine):
# invisible in an editor, they break YAML, HTML pages and the datasets.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHUNK = 1 << 20  # bytes read at a time when checking an encoding
_SAMPLE = 1 << 20  # bytes charset-normalizer looks at to confirm GB18030


def detect_encoding(path: Path, problems: Problems) -> str | None:
    """UTF-8 when the whole file decodes strictly; else GB18030 when charset-normalizer
    confirms it (restricted to GB18030) and the whole file decodes; else an error."""
    if problem := not_a_source_file(path):
        problems.error(path, 1, problem)
        return None
    bad_line = _first_bad_line(path, "utf-8")
    if bad_line is None:
        with path.open("rb") as handle:
            return "utf-8-sig" if handle.read(3) == codecs.BOM_UTF8 else "utf-8"
    if _looks_gb18030(path) and _first_bad_line(path, "gb18030") is None:
        problems.warning(
            path,
            1,
            bilingual(
                "文件为 GB18030 编码，已转换；建议另存为 UTF-8（Excel：“CSV UTF-8”）",
                "GB18030 file converted; prefer UTF-8 (Excel: CSV UTF-8)",
            ),
        )
        return "gb18030"
    problems.error(
        path,
        bad_line,
        bilingual(
            "文件既不是有效的 UTF-8 也不是 GB18030 编码（自本行起无法识别），请另存为 UTF-8（Excel：“CSV UTF-8”）",
            "the file is neither UTF-8 nor GB18030 (undecodable from this line); save it as UTF-8",
        ),
    )
    return None


def not_a_source_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a source file, or None: it must be a regular file (not a
    folder, a broken link or a pipe, which would crash or block the read), and a link must stay
    in its folder (a committed link to /etc/… would otherwise be read and published)."""
    if not path.is_file():
        return bilingual(
            "不是可读取的普通文件（文件夹、失效的链接或特殊文件），请删除或改名",
            "not a regular file (a folder, a broken link or a special file); remove or rename it",
        )
    if path.is_symlink() and path.resolve().parent != path.parent.resolve():
        return bilingual(
            "是指向其他文件夹的链接，请改为放入文件本身",
            "a link to a file in another folder; put the file itself here",
        )
    return None


def _first_bad_line(path: Path, encoding: str) -> int | None:
    """The line of the first byte that does not decode, or None when the whole file does."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = 1
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return lines + exc.object[: exc.start].count(b"\n")
            if not chunk:
                return None
            lines += chunk.count(b"\n")


def _looks_gb18030(path: Path) -> bool:
    """charset-normalizer's verdict on the first MiB, cut at a line end (in GB18030 a
    newline byte is never part of a character, so no character is split)."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    if len(sample) == _SAMPLE and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    return charset_normalizer.from_bytes(sample, cp_isolation=["gb18030"]).best() is not None


def read_text(path: Path, problems: Problems) -> str | None:
    encoding = detect_encoding(path, problems)
    return None if encoding is None else path.read_text(encoding=encoding)


def control_character_message(char: str) -> str:
    code = f"U+{ord(char):04X}"
    return bilingual(
        f"本行含有不可见的控制字符 {code}（如从其他软件粘贴带入的 NUL），请删除后重新输入",
        f"this line contains the control character {code} (e.g. NUL); delete it",
    )
