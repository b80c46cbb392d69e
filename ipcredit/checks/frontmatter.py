"""Typed access to front matter values, reporting each bad value at its line.

Each getter returns the value or ``None``; on ``None`` the problem has been
reported, and the caller simply does not build the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from ipcredit.checks.dates import EARLIEST, LATEST, out_of_range, parse_date, range_message
from ipcredit.problems import Problems, bilingual, shown
from ipcredit.sources.documents import RawDocument

MISSING = object()
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_INTEGER = 1_000_000  # no count, order or rank in front matter comes near it


class Fields:
    """Reads one document's front matter into typed values, collecting problems."""

    def __init__(self, doc: RawDocument, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.ok = True

    def _error(self, key: str, zh: str, en: str) -> None:
        self.ok = False
        self.problems.error(self.doc.path, self.doc.line_of(key), bilingual(zh, en), column=key)

    def _get(self, key: str, required: bool) -> Any:
        value = self.doc.meta.get(key, MISSING)
        if value is MISSING or value is None or value == "":
            if required:
                self._error(key, f"缺少必填字段 {key}", f"required field {key} is missing")
            return MISSING
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is MISSING:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self._error(key, f"字段 {key} 应为文字", f"{key} must be text")
            return None
        return str(value).strip()

    def integer(
        self, key: str, required: bool = True, minimum: int = -MAX_INTEGER, maximum: int = MAX_INTEGER
    ) -> int | None:
        value = self._get(key, required)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._error(key, f"字段 {key} 应为整数，实为「{shown(value)}」", f"{key} must be a whole number")
            return None
        if not minimum <= value <= maximum:
            self._error(
                key,
                f"字段 {key} 应在 {minimum} 至 {maximum} 之间，实为 {value}",
                f"{key} must be from {minimum} to {maximum}",
            )
            return None
        return value

    def year(self, key: str, required: bool = True) -> int | None:
        """A year, in the range of accepted dates."""
        return self.integer(key, required, minimum=EARLIEST.year, maximum=LATEST.year)

    def day(self, key: str, required: bool = True) -> date | None:
        value = self._get(key, required)
        if value is MISSING:
            return None
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
        if out_of_range(value):
            self._error(key, *range_message(shown(value)))
            return None
        self._error(
            key,
            f"字段 {key} 的日期「{shown(value)}」无法识别，请写作 YYYY-MM-DD",
            f"{key} is not a date; write YYYY-MM-DD",
        )
        return None

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...] | None:
        value = self._get(key, required)
        if value is MISSING:
            return None if required else ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self._error(key, f"字段 {key} 应为文字列表", f"{key} must be a list of text")
            return None
        return tuple(str(v).strip() for v in value)

    def choice(self, key: str, allowed: Iterable[str], required: bool = True) -> str | None:
        value = self.text(key, required)
        allowed = tuple(allowed)
        if value is not None and value not in allowed:
            self._error(
                key,
                f"字段 {key} 的值「{value}」不在允许范围内：{'、'.join(allowed)}",
                f"{key} must be one of the listed values",
            )
            return None
        return value

    def unknown_keys(self, allowed: Iterable[str]) -> None:
        known = set(allowed)
        for key in self.doc.meta:
            if key not in known:
                self.problems.warning(
                    self.doc.path,
                    self.doc.line_of(key),
                    bilingual(f"未知字段 {key}，已忽略", f"unknown field {key} ignored"),
                    column=str(key),
                )


def check_slug(doc: RawDocument, slug: str, problems: Problems) -> bool:
    """File names become URLs, so they must be lowercase ASCII words joined by hyphens."""
    if SLUG.match(slug):
        return True
    problems.error(
        doc.path,
        1,
        bilingual(
            f"文件名「{slug}」不能用作网址，请只用小写英文字母、数字和连字符（如 2024-white-paper.md）",
            "file name must be lowercase letters, digits and hyphens",
        ),
    )
    return False
