"""The Flask app factory: one app over one published catalogue.

The app only reads the catalogue; it never opens source files or looks at
dates. ``build`` freezes it into static files, ``serve`` runs it live.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, g, render_template, request
from jinja2 import pass_context
from markupsafe import Markup

from ipcredit.catalogue import Catalogue
from ipcredit.changes import shown_digests
from ipcredit.i18n import load_translations
from ipcredit.records import ShownDigests
from ipcredit.web import filters
from ipcredit.web.context import enter_page, lang, leave_page
from ipcredit.web.i18n import LANG_ATTRS, Translator
from ipcredit.web.routing import LANG_PREFIXES
from ipcredit.web.state import EXTENSION, build_state
from ipcredit.web.views import (
    PageInputs,
    SectionViews,
    cases,
    core,
    data,
    documents,
    feeds,
    parties,
    registers,
    search,
    sitemap,
    statistics,
)

SITE_DIR = Path(__file__).resolve().parents[2] / "site"
# Registered in this order. Only one place depends on it: the standing pages' /<slug>/
# (core) would also match /search/, /data/ … so core comes last, and a rule of another
# section wins over it (Werkzeug tries static segments first anyway; last is belt and braces).
SECTION_VIEWS: tuple[SectionViews, ...] = (
    documents.views,
    cases.views,
    registers.penalties,
    registers.dishonesty,
    registers.key_trademarks,
    registers.risk_points,
    parties.views,
    statistics.views,
    search.views,
    data.views,
    feeds.views,
    sitemap.views,
    core.views,
)

if TYPE_CHECKING:
    from ipcredit.datasets import Manifest

# Scripts, styles, images, fonts and fetches from the site itself only (default-src covers them
# all; no inline script or style); no plugins; no <base> or form posting elsewhere. Sent as a
# header by the preview and as a <meta> in every page for static hosts that set no headers.
CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"


# Pages that show the datasets' sizes and hashes: a build renders them last, once the datasets
# (written meanwhile in another process) are given to the app (provide_datasets).
NEEDS_DATASETS = frozenset({"data.page"})


def create_app(
    catalogue: Catalogue,
    *,
    datasets: Manifest | None = None,
    data_page: bool | None = None,
    extra_config: dict[str, Any] | None = None,
) -> Flask:
    """The app over ``catalogue``; ``datasets`` is what the datasets writer wrote (the /data/
    page shows its files' sizes and hashes). The site has a /data/ page when ``data_page`` says
    so, by default when ``datasets`` is given; a build gives them later (:func:`provide_datasets`)."""
    app = Flask(
        __name__,
        static_folder=str(SITE_DIR / "static"),
        template_folder=str(SITE_DIR / "templates"),
    )
    app.config.update(CATALOGUE=catalogue, BILINGUAL_ENDPOINTS=set(), **(extra_config or {}))
    for section in SECTION_VIEWS:
        app.register_blueprint(section.blueprint)
    _install_languages(app)
    filters.register(app)
    app.register_error_handler(404, lambda _e: (render_template("404.html"), 404))
    app.after_request(_security_headers)
    app.jinja_env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY  # the same in <meta>
    _build_state(app, catalogue, datasets, datasets is not None if data_page is None else data_page)
    return app


def provide_datasets(app: Flask, datasets: Manifest) -> None:
    """Give the app the datasets written since it was made, for the pages of NEEDS_DATASETS."""
    app.extensions[EXTENSION] = replace(app.extensions[EXTENSION], datasets=datasets)


def _build_state(app: Flask, catalogue: Catalogue, datasets: Manifest | None, data_page: bool) -> None:
    """Everything the views derive from the catalogue, once, on this app (never in a module)."""
    state = build_state(catalogue, datasets, data_page, app.config.get("SEARCH_INDEX_DIR"))
    app.extensions[EXTENSION] = state
    with app.app_context():  # feeds and the sitemap read the indexes and the URL map
        state = replace(state, feeds=feeds.newest_items(catalogue))
        app.extensions[EXTENSION] = state
        pairs = (pair for s in SECTION_VIEWS if s is not sitemap.views for pair in s.urls(catalogue))
        pages = sitemap.pages(app, catalogue, in_both_languages(app, pairs))
        app.extensions[EXTENSION] = replace(state, sitemap=pages)


def section_urls(catalogue: Catalogue):
    """Every (endpoint, values) of every section, for the freezer."""
    for section in SECTION_VIEWS:
        yield from section.urls(catalogue)


def page_inputs(catalogue: Catalogue) -> PageInputs:
    """endpoint, values → what that page shows of the catalogue, or None when a
    section does not say (such a page is always rendered; see :class:`SectionViews`).
    """
    # One for all sections: a party's page reuses its penalties' digests, the change log's hashes.
    digests = ShownDigests(shown_digests(catalogue))
    by_section = {
        s.blueprint.name: s.page_inputs(catalogue, digests)
        for s in SECTION_VIEWS
        if s.page_inputs is not None
    }

    # What a page shows of the catalogue is the same in both languages (the language is the
    # templates' and translations', hashed for every page), and a page's two languages come one
    # after the other (in_both_languages): the second reuses the first's inputs instead of
    # joining a list page's fifty-odd row digests again.
    last: list[Any] = [None, None]  # (endpoint, values without the language), its inputs

    def inputs(endpoint: str, values: dict) -> str | None:
        page = (endpoint, {k: v for k, v in values.items() if k != "lang"})
        if page == last[0]:
            return last[1]
        section = by_section.get(endpoint.partition(".")[0])
        last[:] = page, section(endpoint, values) if section else None
        return last[1]

    return inputs


def in_both_languages(app: Flask, pairs: Iterable[tuple[str, dict]]) -> Iterator[tuple[str, dict]]:
    """Each bilingual page once per language (``lang`` set); other URLs as they are."""
    bilingual = app.config["BILINGUAL_ENDPOINTS"]
    for endpoint, values in pairs:
        if endpoint in bilingual:
            yield endpoint, {**values, "lang": "zh"}
            yield endpoint, {**values, "lang": "en"}
        else:
            yield endpoint, values


def _install_languages(app: Flask) -> None:
    translator = Translator(load_translations(SITE_DIR / "translations"), lang)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(translator.gettext, translator.ngettext, newstyle=True)  # type: ignore[attr-defined]
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = _direct_gettext(translator)
    app.config["TRANSLATOR"] = translator

    @app.url_value_preprocessor
    def take_lang(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        g.page_token = enter_page(app, (values or {}).pop("lang", "zh"))
        g.view_args = dict(values or {})

    @app.teardown_request
    def leave(_error: BaseException | None) -> None:
        if "page_token" in g:
            leave_page(g.pop("page_token"))

    @app.url_defaults
    def give_lang(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint in app.config["BILINGUAL_ENDPOINTS"]:
            values.setdefault("lang", lang())

    @app.context_processor
    def language_context() -> dict[str, Any]:
        current = lang()
        other = "en" if current == "zh" else "zh"
        endpoint = request.endpoint
        bilingual = endpoint in app.config["BILINGUAL_ENDPOINTS"]
        return {
            "lang": current,
            "other_lang": other,
            "lang_attr": LANG_ATTRS[current],
            "other_lang_attr": LANG_ATTRS[other],
            "lang_prefix": LANG_PREFIXES[current],
            "is_bilingual": bilingual,
            "view_args": g.get("view_args", {}),
        }


def _direct_gettext(translator: Translator) -> Callable[..., str]:
    """Jinja's newstyle ``_()``, in one call instead of three: its alias looks ``gettext`` up and
    calls it through the context, which calls the translator through the context again. A page
    translates about 56 strings; this is a tenth of a record page's rendering. Same result:
    Markup when the template autoescapes, always %-formatted (so ``%%`` means ``%``)."""

    @pass_context
    def gettext(context: Any, message: str, **variables: Any) -> str:
        text = translator.gettext(message)
        value = Markup(text) if context.eval_ctx.autoescape else text
        # Formatting only turns %% into %: with no variables and no %, most calls skip it (half their time).
        return value % variables if variables or "%" in text else value

    return gettext


def _security_headers(response):
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response
