"""Decoding source files: UTF-8 (with or without BOM), or GB18030 as Excel writes it."""

from __future__ import annotations

from pathlib import Path

from ipcredit.problems import Problems, bilingual


def decode(path: Path, data: bytes, problems: Problems) -> str | None:
    """Text of a file; a GB18030 file is converted with a warning, anything else is an error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        problems.error(
            path,
            line,
            bilingual(
                "文件既不是有效的 UTF-8 也不是 GB18030 编码，请另存为 UTF-8",
                "the file is neither valid UTF-8 nor GB18030; save it as UTF-8",
            ),
        )
        return None
    problems.warning(
        path,
        1,
        bilingual("文件为 GB18030 编码，已转换；建议另存为 UTF-8", "GB18030 file converted; prefer UTF-8"),
    )
    return text


def read_text(path: Path, problems: Problems) -> str | None:
    return decode(path, path.read_bytes(), problems)
