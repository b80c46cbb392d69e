"""The pipeline: read and validate the sources, apply the rules, write the site.

sources (content/, cases_data/) → SourceSet + problems → rules(as-of) → Catalogue → outputs
previous build's data/published.json → History ↗ (first_published, change log, withdrawals)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ipcredit.catalogue import Catalogue, publish
from ipcredit.changes import follow, usable
from ipcredit.checks.attachments import REGISTER_FOLDERS, AttachmentResolver
from ipcredit.checks.previous import Damaged, parse_history
from ipcredit.loading.authorities import load_authorities
from ipcredit.loading.cases import load_cases
from ipcredit.loading.documents import load_notices, load_pages, load_white_papers
from ipcredit.loading.protection import load_protection_lists
from ipcredit.loading.registers import Beside, load_registers
from ipcredit.loading.rowcache import RowCache
from ipcredit.loading.texts import TextRenderer
from ipcredit.problems import Problems, bilingual
from ipcredit.records import History, SourceSet
from ipcredit.rules.classes import window
from ipcredit.settings import Settings, read_settings
from ipcredit.sources.folders import survey
from ipcredit.sources.previous import read_state


@dataclass(frozen=True)
class Folders:
    content: Path
    data: Path


def read_sources(
    folders: Folders, problems: Problems, beside: Beside | None = None, rows: RowCache | None = None
) -> tuple[Settings | None, SourceSet]:
    """Read and validate every source file; problems are collected, never raised. ``beside``
    runs work in a second process (see :data:`ipcredit.loading.registers.Beside`); ``rows``
    holds the register rows the last build read (see :mod:`ipcredit.loading.rowcache`)."""
    problems.show_relative_to(folders.content, folders.data)  # as the clerk named the folders
    # A broken site.yaml must not hide the other files' problems: they are checked against
    # its usable values (defaults where it is wrong), and None is returned for it afterwards.
    settings, settings_ok = read_settings(folders.content / "site.yaml", problems)
    survey(folders.content, folders.data, problems)  # files no loader reads are reported, not lost
    registers = [folders.data / name for name in REGISTER_FOLDERS]
    content = TextRenderer(AttachmentResolver(folders.content, "files", problems, registers), problems)
    case_text = TextRenderer(AttachmentResolver(folders.data, "files/cases", problems, registers), problems)
    authorities = load_authorities(folders.data / "authorities.yaml", problems)
    penalties, dishonesty = load_registers(
        folders.data, authorities, settings, problems, window, beside, rows
    )
    key_trademarks, risk_points = load_protection_lists(folders.data, authorities, problems)
    sources = SourceSet(
        penalties=penalties,
        dishonesty=dishonesty,
        key_trademarks=key_trademarks,
        risk_points=risk_points,
        authorities=authorities,
        cases=tuple(load_cases(folders.data, authorities, case_text, problems)),
        white_papers=tuple(load_white_papers(folders.content / "white-papers", content, problems)),
        notices=tuple(load_notices(folders.content / "notices", content, problems)),
        pages=tuple(load_pages(folders.content / "pages", content, problems)),
    )
    return (settings if settings_ok else None), sources


def build_catalogue(
    settings: Settings,
    sources: SourceSet,
    as_of: date,
    previous: History | None = None,
    problems: Problems | None = None,
    where: str = "",
) -> Catalogue:
    """The published catalogue, first_published and the change log computed against ``previous``
    (None: the log starts anew). A previous state dated after ``as_of`` is not followed: a
    warning at ``where`` says so."""
    catalogue = publish(sources, settings, as_of)
    followed = usable(previous, as_of)
    if previous is not None and followed is None and problems is not None:
        problems.warning(
            where,
            1,
            bilingual(
                f"上一次构建的数据截至 {previous.as_of}，晚于本次的 {as_of}；变更记录从本次构建重新开始",
                f"the previous build is as of {previous.as_of}, after {as_of}; the change log starts anew",
            ),
        )
    return follow(catalogue, followed)


def read_history(location: str, problems: Problems) -> tuple[History | None, str]:
    """The published state of the previous build at ``location`` (an output folder or a site's
    URL), and where it was read. Missing: None (the first build). Unreadable or damaged: None,
    with a warning that the change log starts anew."""
    fetched = read_state(location)
    problem = fetched.problem
    history = None
    if fetched.data is not None:
        try:
            history = parse_history(fetched.data)
        except Damaged as damaged:
            problem = str(damaged)
    if problem is not None:
        problems.warning(
            fetched.where,
            1,
            bilingual(
                "无法使用上一次构建的公示状态；变更记录和首次公示日期从本次构建重新开始",
                "the previous build's published state cannot be used; the change log and "
                "first_published dates start anew with this build",
            )
            + f": {problem}",
        )
    return history, fetched.where
