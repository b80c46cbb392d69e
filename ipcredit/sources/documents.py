"""Markdown files with YAML front matter, read with the line of every value.

A document is ``<slug>.md`` with an optional English twin ``<slug>.en.md``
beside it. Front matter values keep the line they were written on, so checks
can say exactly where a problem is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.text import CONTROL_CHARACTERS, control_character_message, read_text
from ipcredit.sources.yamlfile import parse_yaml

FENCE = "---"


@dataclass(frozen=True)
class RawDocument:
    path: Path
    meta: dict[str, Any]
    meta_lines: dict[str, int]  # front matter key → its line in the file
    body: str
    body_line: int  # line of the file where the body starts

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)


@dataclass(frozen=True)
class DocumentPair:
    """A Chinese document and its optional English version."""

    zh: RawDocument
    en: RawDocument | None = None
    folder: Path = field(default=Path())

    @property
    def slug(self) -> str:
        return self.zh.path.name.removesuffix(".md")


def parse_document(path: Path, text: str, problems: Problems) -> RawDocument | None:
    if bad := CONTROL_CHARACTERS.search(text):
        problems.error(path, text.count("\n", 0, bad.start()) + 1, control_character_message(bad.group()))
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        problems.error(
            path,
            1,
            bilingual("文件应以 --- 开头的 YAML 头信息开始", "the file must start with --- front matter"),
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if end is None:
        problems.error(path, 1, bilingual("YAML 头信息缺少结束的 ---", "front matter has no closing ---"))
        return None
    # The front matter starts on line 2, after the opening fence.
    front = parse_yaml("\n".join(lines[1:end]), path, problems, first_line=2)
    if front is None:
        return None
    if not (front.data is None or isinstance(front.data, dict)):
        problems.error(path, 2, bilingual("YAML 头信息应为键值对", "front matter must be a mapping"))
        return None
    meta = {str(key): value for key, value in (front.data or {}).items()}
    meta_lines = {key: front.line_of(key) for key in meta}
    body = "\n".join(lines[end + 1 :])
    return RawDocument(path, meta, meta_lines, body, end + 2)


def read_document(path: Path, problems: Problems) -> RawDocument | None:
    text = read_text(path, problems)
    return None if text is None else parse_document(path, text, problems)


def iter_document_files(folder: Path, pattern: str = "*.md") -> Iterator[tuple[Path, Path | None]]:
    """Chinese files in ``folder`` (sorted) with their ``.en.md`` twin when it exists."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob(pattern)):
        if path.name.endswith(".en.md"):
            continue
        twin = path.with_name(path.name.removesuffix(".md") + ".en.md")
        yield path, (twin if twin.is_file() else None)


def orphan_translations(folder: Path, pattern: str = "*.en.md") -> list[Path]:
    """English files with no Chinese original beside them."""
    if not folder.is_dir():
        return []
    return [
        p for p in sorted(folder.glob(pattern)) if not p.with_name(p.name[: -len(".en.md")] + ".md").exists()
    ]


def read_documents(folder: Path, problems: Problems, pattern: str = "*.md") -> list[DocumentPair]:
    pairs = []
    for zh_path, en_path in iter_document_files(folder, pattern):
        zh = read_document(zh_path, problems)
        en = read_document(en_path, problems) if en_path else None
        if zh is not None:
            pairs.append(DocumentPair(zh, en, folder))
    for orphan in orphan_translations(folder, pattern.replace(".md", ".en.md")):
        problems.warning(
            orphan,
            1,
            bilingual("英文版没有对应的中文原文，未发布", "English version has no Chinese original"),
        )
    return pairs


def file_size(path: Path) -> int:
    return path.stat().st_size
