"""Attachments: a document's own files, referenced by a path relative to it.

An attachment is published as is, so only the document's own files qualify:
the reference must stay inside the document's folder (after resolving ``..``,
URL escapes and symbolic links), be of an allowed type, exist, and never be
a register or anything in a register folder, whatever the link says. Images
must be images. Every refusal is an error at the referencing line. ``check``
and ``build`` share this one table of types, so a file ``check`` accepts is
one ``build`` can serve.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ipcredit.problems import Problems, bilingual
from ipcredit.records import Attachment
from ipcredit.sources.documents import RawDocument, file_size

# The allow-list: suffix → media type. SVG is left out on purpose: it can carry script, which
# would run on the site's own origin when the file is opened.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",  # 版式文档, GB/T 33190-2016, the national e-document format
    **IMAGE_TYPES,
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".wps": "application/vnd.ms-works",  # WPS Office 文字
    ".et": "application/vnd.ms-excel",  # WPS Office 表格 (Excel-compatible)
    ".dps": "application/vnd.ms-powerpoint",  # WPS Office 演示 (PowerPoint-compatible)
}
# Teach the standard table the types it lacks (.ofd, .et, .dps): the freezer and most web servers
# guess a file's type from its name, and it must agree with the type the attachment is served with.
for _suffix, _media_type in ATTACHMENT_TYPES.items():
    mimetypes.add_type(_media_type, _suffix)

# Folders of cases_data/ that hold registers: nothing in them is ever an attachment.
REGISTER_FOLDERS = ("penalties", "dishonesty", "key-trademarks", "risk-points")
# Characters a published file name may not contain: they break URLs or the page's markup, or
# (invisible and bidirectional controls) disguise the name, as in "报告\u202efdp.exe".
_BAD_NAME = re.compile('[\x00-\x1f\x7f?#%\\\\"<>|*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]')


class AttachmentResolver:
    """Resolves references of documents under ``root``; attachments are served under ``url_prefix``.

    ``forbidden`` lists folders (and files) nothing may be attached from, such as the register
    folders beside the case folders."""

    def __init__(
        self, root: Path, url_prefix: str, problems: Problems, forbidden: Iterable[Path] = ()
    ) -> None:
        self.root = root
        self.url_prefix = url_prefix.strip("/")
        self.problems = problems
        self.forbidden = tuple(_resolved(p) for p in forbidden)

    def resolve(self, doc: RawDocument, reference: str, line: int, image: bool = False) -> Attachment | None:
        """The attachment ``reference`` names, or None with the reason reported at ``line``."""
        found = self._file(doc, reference, image)
        if isinstance(found, tuple):
            self.problems.error(
                doc.path,
                line,
                bilingual(f"附件「{reference}」{found[0]}", f"attachment {reference}: {found[1]}"),
            )
            return None
        inside = found.relative_to(_resolved(self.root)).as_posix()
        return Attachment(
            name=found.name,
            source=found,
            url_path=f"{self.url_prefix}/{inside}",
            size=file_size(found),
            media_type=ATTACHMENT_TYPES[found.suffix.lower()],
        )

    def _file(self, doc: RawDocument, reference: str, image: bool) -> Path | tuple[str, str]:
        """The resolved file, or why it may not be attached (Chinese, English)."""
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc or reference.startswith("/"):
            if image:
                return (
                    "图片应为与文档放在一起的文件，网站不加载外部图片",
                    "an image must be a file beside the document",
                )
            return ("应为相对于本文档的路径", "must be a path relative to the document")
        relative = unquote(parts.path)
        if "\\" in relative or _BAD_NAME.search(relative):
            return (
                "路径含有 \\ ? # % 引号等字符，请用 / 分隔并给文件改名",
                "the path contains \\ ? # % quotes or control characters; use / and rename the file",
            )
        found = _resolved(doc.path.parent / relative)
        return self._place_problem(doc, found) or _type_problem(found, image) or _file_problem(found) or found

    def _place_problem(self, doc: RawDocument, found: Path) -> tuple[str, str] | None:
        """Only the document's own folder, and never a register folder."""
        own = _resolved(doc.path.parent)
        if not (_is_within(found, own) and _is_within(found, _resolved(self.root))):
            return (
                "不在本文档所在的文件夹内：附件只能是与文档放在一起的文件（同一文件夹或其子文件夹）",
                "leaves the document's folder; attach only files beside the document",
            )
        if any(_is_within(found, place, fold_case=True) for place in self.forbidden):
            return ("是登记表或在登记表文件夹中，不能作为附件发布", "a register is never an attachment")
        return None


def _type_problem(found: Path, image: bool) -> tuple[str, str] | None:
    suffix = found.suffix.lower()
    if image and suffix not in IMAGE_TYPES:
        extra = "；SVG 可能含有脚本，请转为 PNG" if suffix == ".svg" else ""
        return (
            f"不是允许的图片格式（{'、'.join(IMAGE_TYPES)}）{extra}",
            f"images must be {', '.join(IMAGE_TYPES)}",
        )
    if suffix not in ATTACHMENT_TYPES:
        return (
            f"不是允许的附件格式（{'、'.join(ATTACHMENT_TYPES)}）；链接其他网页请写完整网址",
            f"attachments must be one of {', '.join(ATTACHMENT_TYPES)}; link pages by their full address",
        )
    return None


def _file_problem(found: Path) -> tuple[str, str] | None:
    if not found.is_file():
        return ("文件不存在，请检查路径和文件名（区分大小写）", "file does not exist")
    if not os.access(found, os.R_OK):
        return ("文件无法读取，请检查文件权限", "the file cannot be read")
    return None


def _resolved(path: Path) -> Path:
    """``path`` with links and ``..`` resolved; a path that cannot be resolved stays as written
    (and then never lies inside a folder that could be resolved)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop; a NUL
        return path


def _is_within(path: Path, folder: Path, fold_case: bool = False) -> bool:
    """Whether ``path`` is ``folder`` or inside it; ``fold_case`` ignores case, as some file
    systems do (used where erring on the side of "inside" is the safe answer)."""
    inner, outer = str(path), str(folder)
    if fold_case:
        inner, outer = inner.casefold(), outer.casefold()
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def body_line(doc: RawDocument, reference: str) -> int:
    """The line of the body where a reference is written (first occurrence)."""
    for offset, text in enumerate(doc.body.splitlines()):
        if reference in text:
            return doc.body_line + offset
    return doc.body_line
