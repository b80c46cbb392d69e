"""The pipeline: read and validate the sources, apply the rules, write the site.

sources (content/, cases_data/) → SourceSet + problems → rules(as-of) → Catalogue → outputs
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ipcredit.catalogue import Catalogue, publish
from ipcredit.checks.attachments import REGISTER_FOLDERS, AttachmentResolver
from ipcredit.loading.authorities import load_authorities
from ipcredit.loading.cases import load_cases
from ipcredit.loading.documents import load_notices, load_pages, load_white_papers
from ipcredit.loading.protection import load_protection_lists
from ipcredit.loading.registers import load_registers
from ipcredit.loading.texts import TextRenderer
from ipcredit.problems import Problems
from ipcredit.records import SourceSet
from ipcredit.rules.classes import window
from ipcredit.settings import Settings, read_settings
from ipcredit.sources.folders import survey


@dataclass(frozen=True)
class Folders:
    content: Path
    data: Path


def read_sources(folders: Folders, problems: Problems) -> tuple[Settings | None, SourceSet]:
    """Read and validate every source file; problems are collected, never raised."""
    problems.show_relative_to(folders.content, folders.data)  # as the clerk named the folders
    # A broken site.yaml must not hide the other files' problems: they are checked against
    # its usable values (defaults where it is wrong), and None is returned for it afterwards.
    settings, settings_ok = read_settings(folders.content / "site.yaml", problems)
    survey(folders.content, folders.data, problems)  # files no loader reads are reported, not lost
    registers = [folders.data / name for name in REGISTER_FOLDERS]
    content = TextRenderer(AttachmentResolver(folders.content, "files", problems, registers), problems)
    case_text = TextRenderer(AttachmentResolver(folders.data, "files/cases", problems, registers), problems)
    authorities = load_authorities(folders.data / "authorities.yaml", problems)
    penalties, dishonesty = load_registers(folders.data, authorities, settings, problems, window)
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


def build_catalogue(settings: Settings, sources: SourceSet, as_of: date) -> Catalogue:
    return publish(sources, settings, as_of)
