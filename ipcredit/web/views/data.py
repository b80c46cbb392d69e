"""The open-data page (/data/): every dataset, its files, data dictionary, licence and citation.

Sizes, hashes and row counts come from the manifest of the files the datasets
writer wrote, handed to the app by whoever ran it (the build, or ``serve`` into
a private folder it then offers the files from); nothing here re-reads a source
or writes a file. An app given no manifest has no /data/ page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from ipcredit.catalogue import Catalogue
from ipcredit.datadict import DATASETS, TYPE_LABELS, Dataset, Field
from ipcredit.datasets import Manifest
from ipcredit.i18n import N_
from ipcredit.sections.section import Column
from ipcredit.web.context import catalogue, lang, site_state, translate
from ipcredit.web.routing import bilingual_route
from ipcredit.web.views import SectionViews
from ipcredit.web.views.feeds import CHANGES, FEEDS

bp = Blueprint("data", __name__)

# Each dataset's data dictionary, a table whose rows turn into cards on a phone.
DICTIONARY = "dictionary"
DICTIONARY_COLUMNS = (
    Column(N_("字段（CSV、JSON）"), row_header=True), Column(N_("中文名称（XLSX 表头）")), Column(N_("类型")),
    Column(N_("说明")), Column(N_("示例")),
)  # fmt: skip


def _manifest() -> Manifest:
    written = site_state().datasets
    if written is None:
        abort(404)
    return written


@dataclass(frozen=True)
class Download:
    format: str  # CSV, JSON, XLSX
    href: str
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class DatasetView:
    dataset: Dataset
    rows: int
    last_change: date | None
    downloads: tuple[Download, ...]
    fields: tuple[Field, ...]

    def type_label(self, field: Field) -> str:
        return TYPE_LABELS[field.type]


def data_href(name: str) -> str:
    """Where a data file is, as a plain path: url_for would make the freezer fetch big files."""
    return f"{request.script_root}/data/{name}"


def _datasets(cat: Catalogue) -> list[DatasetView]:
    written = _manifest()
    views = []
    for ds in DATASETS:
        files = written.for_dataset(ds.name)
        downloads = tuple(
            Download(f.format.upper(), data_href(f.name), f.name, f.bytes, f.sha256) for f in files
        )
        views.append(DatasetView(ds, written.rows(ds.name), ds.last_change(cat), downloads, ds.fields))
    return views


def _citation(cat: Catalogue) -> str:
    settings = cat.settings
    gettext = translate
    return gettext(
        "%(publisher)s：%(site)s开放数据（数据截至 %(date)s）。%(url)s，%(licence)s。",
        publisher=settings.publisher.get(lang()),
        site=settings.name.get(lang()),
        date=cat.as_of.isoformat(),
        url=settings.base_url + "data/",
        licence=settings.licence.title.get(lang()),
    )


def _state_download(cat: Catalogue) -> Download | None:
    state = _manifest().state
    return Download("JSON", data_href(state.name), state.name, state.bytes, state.sha256) if state else None


@bilingual_route(bp, "/data/")
def page() -> str:
    cat = catalogue()
    package = _manifest().package
    return render_template(
        "data/index.html",
        datasets=_datasets(cat),
        package=Download("JSON", data_href(package.name), package.name, package.bytes, package.sha256),
        feeds=[(f.title, url_for("feeds.feed", name=f.name)) for f in (*FEEDS, CHANGES)],
        changes_feed=url_for("feeds.feed", name=CHANGES.name),
        changes_json=data_href("changes.json"),
        withdrawn_csv=data_href("withdrawn.csv"),
        withdrawn_json=data_href("withdrawn.json"),
        retention_months=cat.settings.publicity.withdrawal_retention_months,
        log_started=cat.history.log_started if cat.history else cat.as_of,
        state=_state_download(cat),
        citation=_citation(cat),
        card_table=DICTIONARY,
        columns=DICTIONARY_COLUMNS,
    )


@bp.route("/data/<name>")
def download(name: str) -> Response:
    """``serve`` only: a static build has these files from the data writer, never from here."""
    written = _manifest()
    known = {f.name for f in written.files} | {written.package.name}
    if written.state is not None:
        known.add(written.state.name)
    if name not in known:
        abort(404)
    return send_from_directory(written.folder, name, max_age=0)


def urls(_cat: Catalogue) -> Iterator[tuple[str, dict]]:
    if site_state().data_page:
        yield "data.page", {}


views = SectionViews(bp, urls)
