"""The credit registers: administrative penalties and the dishonesty list.

Both are browsed the same way: a paged list (newest first), static facet
pages with counts (year, authority, IP type), and one page per record. The
records arrive published and masked; nothing here looks at dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, render_template

from ipcredit.catalogue import Catalogue
from ipcredit.sections import DISHONESTY, KEY_TRADEMARKS, PENALTIES, RISK_POINTS, Section
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.pagination import page_count, paginate
from ipcredit.web.register_index import RegisterIndex
from ipcredit.web.routing import bilingual_route
from ipcredit.web.state import SiteState
from ipcredit.web.views import SectionViews, shown


@dataclass(frozen=True)
class Register:
    section: Section  # its name is the blueprint's, its path the URL segment
    index: Callable[[SiteState], RegisterIndex]  # its browse index in the app's state
    template_dir: str


REPAIR_GUIDE = "credit-repair"  # the page in content/pages/ that explains credit repair, if the site has one


def _repair_guide(cat: Catalogue) -> str | None:
    """The repair guide's slug when the site publishes that page, so no link can lead nowhere."""
    return REPAIR_GUIDE if any(p.slug == REPAIR_GUIDE for p in cat.pages) else None


def _views(register: Register) -> SectionViews:
    name = register.section.name
    bp = Blueprint(name, __name__)
    root = f"/{register.section.path}"

    @bilingual_route(bp, f"{root}/", defaults={"page": 1})
    @bilingual_route(bp, f"{root}/page/<int:page>/")
    def listing(page: int) -> str:
        index = register.index(site_state())
        shown = paginate(index.records, page, catalogue().settings.page_size)
        if shown is None:
            abort(404)
        return render_template(
            f"{register.template_dir}/list.html", index=index, page=shown, facet=None, value=None
        )

    @bilingual_route(bp, f"{root}/<facet>/<value>/", defaults={"page": 1})
    @bilingual_route(bp, f"{root}/<facet>/<value>/page/<int:page>/")
    def facet_listing(facet: str, value: str, page: int) -> str:
        index = register.index(site_state())
        chosen = index.facet(facet)
        selected = chosen.get(value) if chosen else None
        shown = paginate(selected.items, page, catalogue().settings.page_size) if selected else None
        if shown is None:
            abort(404)
        return render_template(
            f"{register.template_dir}/list.html", index=index, page=shown, facet=chosen, value=selected
        )

    @bilingual_route(bp, f"{root}/<record_id>/")
    def detail(record_id: str) -> str:
        record = register.index(site_state()).by_id.get(record_id)
        if record is None:
            abort(404)
        return render_template(
            f"{register.template_dir}/detail.html", record=record, repair_guide=_repair_guide(catalogue())
        )

    def urls(cat: Catalogue) -> Iterator[tuple[str, dict]]:
        index = register.index(site_state())
        size = cat.settings.page_size
        yield from (
            (f"{name}.listing", {"page": n}) for n in range(1, page_count(len(index.records), size) + 1)
        )
        for facet in index.facets:
            for value in facet.values:
                for n in range(1, page_count(value.count, size) + 1):
                    yield (
                        f"{name}.facet_listing",
                        {"facet": facet.key, "value": value.slug, "page": n},
                    )
        yield from ((f"{name}.detail", {"record_id": rid}) for rid in index.by_id)

    def page_inputs(cat: Catalogue) -> Callable[[str, dict], str]:
        """What each page shows, for incremental builds: a page whose inputs are
        unchanged renders to the same bytes (the site-wide inputs are hashed apart)."""
        index = register.index(site_state())
        size = cat.settings.page_size
        as_of = cat.as_of.isoformat()
        # Every list page's sidebar: each facet value's labels and count.
        sidebar = repr(
            [(f.key, [(v.slug, v.label_zh, v.label_en, v.count) for v in f.values]) for f in index.facets]
        )

        shown_as: dict[str, str] = {}  # record id → repr, made once: a record is on ~10 pages

        def record(r: Any) -> str:
            text = shown_as.get(r.id)
            if text is None:
                text = shown_as[r.id] = shown(r)
            return text

        def inputs(endpoint: str, values: dict) -> str:
            kind = endpoint.rpartition(".")[2]
            if kind == "detail":
                return record(index.by_id[values["record_id"]])
            items = (
                index.records
                if kind == "listing"
                else index.facet(values["facet"]).get(values["value"]).items
            )  # type: ignore[union-attr]
            shown = paginate(items, values["page"], size)
            assert shown is not None  # the URL came from urls()
            stamp = as_of if shown.number == 1 else ""  # a list's first page shows the as-of date
            return "\0".join((sidebar, stamp, str(shown.total), *map(record, shown.items)))

        return inputs

    return SectionViews(bp, urls, page_inputs)


penalties = _views(Register(PENALTIES, lambda state: state.registers[PENALTIES.name], "penalties"))
dishonesty = _views(Register(DISHONESTY, lambda state: state.registers[DISHONESTY.name], "dishonesty"))
key_trademarks = _views(
    Register(KEY_TRADEMARKS, lambda state: state.registers[KEY_TRADEMARKS.name], "key_trademarks")
)
risk_points = _views(Register(RISK_POINTS, lambda state: state.registers[RISK_POINTS.name], "risk_points"))
