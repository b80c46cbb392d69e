"""Attachments: files beside a document, referenced by a relative path.

A reference may not leave its source folder (``..``, absolute paths, links
pointing outside) and must exist; both are errors at the referencing line.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ipcredit.problems import Problems, bilingual
from ipcredit.records import Attachment
from ipcredit.sources.documents import RawDocument, file_size, is_file_inside


class AttachmentResolver:
    """Resolves references of documents under ``root``; attachments are served under ``url_prefix``."""

    def __init__(self, root: Path, url_prefix: str, problems: Problems) -> None:
        self.root = root
        self.url_prefix = url_prefix.strip("/")
        self.problems = problems

    def resolve(self, doc: RawDocument, reference: str, line: int) -> Attachment | None:
        relative = unquote(urlsplit(reference).path)
        candidate = doc.path.parent / relative
        if PurePosixPath(relative).is_absolute() or not _inside(candidate, self.root):
            self._error(
                doc, line, reference, "路径超出了内容文件夹，不能引用", "path leaves the source folder"
            )
            return None
        if not is_file_inside(candidate, self.root):
            self._error(doc, line, reference, "文件不存在，请检查路径和文件名", "file does not exist")
            return None
        inside = candidate.resolve().relative_to(self.root.resolve()).as_posix()
        media_type = mimetypes.guess_type(inside)[0] or "application/octet-stream"
        return Attachment(
            name=candidate.name,
            source=candidate.resolve(),
            url_path=f"{self.url_prefix}/{inside}",
            size=file_size(candidate),
            media_type=media_type,
        )

    def _error(self, doc: RawDocument, line: int, reference: str, zh: str, en: str) -> None:
        self.problems.error(
            doc.path, line, bilingual(f"附件「{reference}」{zh}", f"attachment {reference}: {en}")
        )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def body_line(doc: RawDocument, reference: str) -> int:
    """The line of the body where a reference is written (first occurrence)."""
    for offset, text in enumerate(doc.body.splitlines()):
        if reference in text:
            return doc.body_line + offset
    return doc.body_line
