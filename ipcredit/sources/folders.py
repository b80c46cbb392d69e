"""The source folders' layout: every file is read or reported, none silently skipped.

The loaders read what the layout says (``content/notices/*.md``,
``cases_data/penalties/*.csv`` …); :func:`survey` walks both folders and
reports every other file where a clerk would otherwise lose it: a register in
``penalty/`` or ``Penalties/`` ("did you mean penalties/?"), a notice named
``.MD`` or ``.markdown``, a register in a subfolder, an unknown file or folder.
Files beside documents (and under any ``files/`` folder) are attachments that
documents link to, and are left to the attachment checks. System files
(names starting with ``.`` or ``~$``, ``Thumbs.db``, ``desktop.ini``) are
ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.tables import UNREADABLE_SUFFIXES

CONTENT_DOCUMENTS = ("white-papers", "notices", "pages")
REGISTERS = ("penalties", "dishonesty", "key-trademarks", "risk-points")
TOP_TEN, TYPICAL, ATTACHMENTS = "top-ten", "typical", "files"
CONTENT_FILES, DATA_FILES = ("site.yaml",), ("authorities.yaml",)
REGISTER_SUFFIXES = (".csv", ".xlsx", ".xls")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
SYSTEM_FILES = ("thumbs.db", "desktop.ini")


def survey(content: Path, data: Path, problems: Problems) -> None:
    """Report every file under ``content`` and ``data`` that no loader reads (see module doc)."""
    in_content = Known(CONTENT_FILES, (*CONTENT_DOCUMENTS, ATTACHMENTS), content.name)
    in_data = Known(DATA_FILES, (*REGISTERS, TOP_TEN, TYPICAL, ATTACHMENTS), data.name)
    if content.is_dir():
        _root(content, in_content, in_data, problems, _content_folder)
    if data.is_dir():
        _root(data, in_data, in_content, problems, _data_folder)


@dataclass(frozen=True)
class Known:
    """The file and folder names one source folder may hold at its top."""

    files: tuple[str, ...]
    folders: tuple[str, ...]
    root: str  # the folder's own name, for "did you mean cases_data/penalties/?"

    def meant(self, name: str, folder: bool) -> str | None:
        """The known name ``name`` is close to (a typo, another case, _ for -), if any."""
        found = _near_miss(name, self.folders if folder else self.files)
        return None if found is None else found + ("/" if folder else "")


def is_system_file(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.lower() in SYSTEM_FILES


def _entries(folder: Path) -> Iterator[Path]:
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return
    yield from (p for p in children if not is_system_file(p))


def _files_under(folder: Path) -> Iterator[Path]:
    for entry in _entries(folder):
        if entry.is_dir() and not entry.is_symlink():
            yield from _files_under(entry)
        elif entry.is_file():
            yield entry


def _root(
    root: Path, known: Known, other: Known, problems: Problems, walk: Callable[[Path, Problems], None]
) -> None:
    for entry in _entries(root):
        if entry.is_dir():
            if entry.name in known.folders:
                walk(entry, problems)
            else:
                _unknown_folder(entry, known, other, problems)
        elif entry.name not in known.files and not _misnamed_markdown(entry, problems):
            _unknown_root_file(entry, known, other, problems)


def _content_folder(folder: Path, problems: Problems) -> None:
    if folder.name == ATTACHMENTS:
        return
    _documents(folder, problems)


def _data_folder(folder: Path, problems: Problems) -> None:
    name = folder.name
    if name in REGISTERS:
        _registers(folder, problems)
    elif name == TYPICAL:
        _documents(folder, problems)
    elif name == TOP_TEN:
        for entry in _entries(folder):  # misplaced cases and badly named year folders: loading/cases.py
            if entry.is_dir():
                _documents(entry, problems)
            else:
                _misnamed_markdown(entry, problems)


# Document folders: *.md read, other files are attachments -------------------------------------------
def _documents(folder: Path, problems: Problems) -> None:
    for entry in _entries(folder):
        if entry.is_dir():
            if entry.name != ATTACHMENTS:
                _nested_documents(entry, folder, problems)
        else:
            _misnamed_markdown(entry, problems)


def _nested_documents(folder: Path, parent: Path, problems: Problems) -> None:
    """A subfolder of a document folder holds attachments; a document there is not read."""
    for path in _files_under(folder):
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            problems.error(
                path,
                1,
                bilingual(
                    f"子文件夹中的文档不会被读取，请移到 {parent.name}/ 下",
                    f"a document in a subfolder is not read; move it directly into {parent.name}/",
                ),
            )


def _misnamed_markdown(path: Path, problems: Problems) -> bool:
    """A Markdown file whose suffix is not exactly ``.md`` (``.MD``, ``.markdown``): an error."""
    suffix = path.suffix
    if suffix == ".md" or suffix.lower() not in MARKDOWN_SUFFIXES:
        return False
    right = path.name[: -len(suffix)] + ".md"
    problems.error(
        path,
        1,
        bilingual(
            f"文件未读取：扩展名应为小写 .md，请重命名为 {right}",
            f"not read: the extension must be .md in lower case; rename it to {right}",
        ),
    )
    return True


# Register folders ---------------------------------------------------------------------------------
def _registers(folder: Path, problems: Problems) -> None:
    for entry in _entries(folder):
        if entry.is_dir():
            for path in _files_under(entry):
                problems.error(
                    path,
                    1,
                    bilingual(
                        f"子文件夹中的文件不会被读取，请把登记表直接放在 {folder.name}/ 下",
                        f"not read: registers must be directly in {folder.name}/, not in a subfolder",
                    ),
                )
            continue
        suffix = entry.suffix
        if suffix in REGISTER_SUFFIXES:
            continue  # read by loading/registers.py or loading/protection.py
        if suffix.lower() in REGISTER_SUFFIXES:
            right = entry.name[: -len(suffix)] + suffix.lower()
            problems.error(
                entry,
                1,
                bilingual(
                    f"文件未读取：扩展名应为小写 {suffix.lower()}，请重命名为 {right}",
                    f"not read: the extension must be lower case; rename it to {right}",
                ),
            )
        elif suffix.lower() in UNREADABLE_SUFFIXES:
            problems.error(
                entry,
                1,
                bilingual(
                    "无法读取此格式，请另存为 XLSX 或 CSV UTF-8", "unsupported format; save as XLSX or CSV"
                ),
            )
        else:
            problems.warning(
                entry,
                1,
                bilingual(
                    "不是 CSV、XLSX 或 XLS 登记表，未读取", "not a CSV, XLSX or XLS register; not read"
                ),
            )


# Anything else ------------------------------------------------------------------------------------
def _near_miss(name: str, known: tuple[str, ...]) -> str | None:
    folded = name.casefold().replace("_", "-").replace(" ", "-")
    for candidate in known:
        if folded == candidate:
            return candidate
    close = difflib.get_close_matches(folded, known, n=1, cutoff=0.75)
    return close[0] if close else None


def _unknown_folder(folder: Path, known: Known, other: Known, problems: Problems) -> None:
    files = list(_files_under(folder))
    if not files:
        return  # an empty folder holds nothing to lose (and git does not even keep it)
    meant = known.meant(folder.name, folder=True)
    elsewhere = other.meant(folder.name, folder=True)
    if meant is None and elsewhere is not None:
        meant = f"{other.root}/{elsewhere}"
    if meant is not None:
        problems.error(
            folder,
            1,
            bilingual(
                f"文件夹「{folder.name}/」不会被读取（其中 {len(files)} 个文件）；您是否指 {meant}？请改名或移动",
                f"folder {folder.name}/ is not read ({len(files)} files); did you mean {meant}? rename or move it",
            ),
        )
        return
    problems.warning(
        folder,
        1,
        bilingual(
            f"未知的文件夹「{folder.name}/」（其中 {len(files)} 个文件）：其中的文件不会作为文档或登记表读取，"
            f"只有被文档引用的附件才会发布；可用的文件夹：{'、'.join(f'{k}/' for k in known.folders)}",
            f"unknown folder {folder.name}/ ({len(files)} files): not read as documents or registers; "
            "only attachments linked from a document are published",
        ),
    )


def _unknown_root_file(path: Path, known: Known, other: Known, problems: Problems) -> None:
    meant = known.meant(path.name, folder=False)
    if meant is None and (elsewhere := other.meant(path.name, folder=False)) is not None:
        meant = f"{other.root}/{elsewhere}"
    if meant is not None:
        problems.error(
            path, 1, bilingual(f"文件未读取；您是否指 {meant}？请改名", f"not read; did you mean {meant}?")
        )
    elif path.suffix.lower() in REGISTER_SUFFIXES:
        places = "、".join(f"{r}/" for r in REGISTERS)
        problems.error(
            path,
            1,
            bilingual(f"登记表未读取：请放入 {places} 文件夹", f"register not read: move it into {places}"),
        )
    elif path.suffix == ".md":  # perhaps a note for the clerks; a notice here would be lost
        problems.warning(
            path,
            1,
            bilingual(
                "文档未读取：若要发布，请放入对应的栏目文件夹（如 notices/）",
                "document not read: to publish it, move it into its section folder (e.g. notices/)",
            ),
        )
    else:
        problems.warning(path, 1, bilingual("未知的文件，未读取", "unknown file; not read"))
