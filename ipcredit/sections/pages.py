"""The standing pages (其他页面): /<slug>/ at the site root."""

from __future__ import annotations

from ipcredit.i18n import N_
from ipcredit.records import Page
from ipcredit.sections.section import SearchFields, Section, Translate, slug_key
from ipcredit.sections.text import english, summary_and_body


def _page(p: Page, translate: Translate) -> SearchFields:
    return dict(
        title=p.zh.title,
        date="",
        body=summary_and_body(p.zh),
        **english(p.en),
    )


PAGES = Section("pages", N_("其他页面"), "pages", slug_key, None, "", search=_page)
