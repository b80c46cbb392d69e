"""White papers, notices and standing pages: front matter → typed records.

Bodies are rendered to sanitised HTML once, by :class:`ipcredit.loading.texts.TextRenderer`;
local links become attachments (checked to exist inside the content folder).
"""

from __future__ import annotations

from pathlib import Path

from ipcredit.checks.frontmatter import Fields, check_slug
from ipcredit.loading.texts import TextRenderer
from ipcredit.problems import Problems, bilingual
from ipcredit.records import Notice, Origin, Page, WhitePaper
from ipcredit.sources.documents import RawDocument, read_documents

# Top-level URL segments the site uses itself; a standing page may not take them.
RESERVED_SLUGS = frozenset(
    {
        "en", "white-papers", "top-ten", "cases", "penalties", "dishonesty", "notices", "search",
        "data", "feeds", "files", "static", "statistics", "sitemap.xml", "robots.txt", "404.html",
    }
)  # fmt: skip


def origin(doc: RawDocument) -> Origin:
    return Origin(str(doc.path), 1)


WHITE_PAPER_KEYS = ("title", "year", "publisher", "published", "summary", "attachments")
NOTICE_KEYS = ("title", "published", "publisher", "expires", "case_number", "summary", "attachments")
PAGE_KEYS = ("title", "order", "summary", "attachments")


def load_white_papers(folder: Path, renderer: TextRenderer, problems: Problems) -> list[WhitePaper]:
    papers = []
    for pair in read_documents(folder, problems):
        fields = Fields(pair.zh, problems)
        fields.unknown_keys(WHITE_PAPER_KEYS)
        year, publisher = fields.year("year"), fields.text("publisher")
        published, references = fields.day("published"), fields.text_list("attachments")
        zh, en, attachments = renderer.texts(pair, True, references or ())
        if zh and fields.ok and check_slug(pair.zh, pair.slug, problems):
            papers.append(
                WhitePaper(zh, en, pair.slug, year, publisher, published, attachments, origin(pair.zh))
            )
    return papers


def load_notices(folder: Path, renderer: TextRenderer, problems: Problems) -> list[Notice]:
    notices = []
    for pair in read_documents(folder, problems):
        fields = Fields(pair.zh, problems)
        fields.unknown_keys(NOTICE_KEYS)
        published, publisher = fields.day("published"), fields.text("publisher")
        expires, case_number = (
            fields.day("expires", required=False),
            fields.text("case_number", required=False),
        )
        references = fields.text_list("attachments")
        if published and expires and expires < published:
            fields.ok = False
            problems.error(
                pair.zh.path,
                pair.zh.line_of("expires"),
                bilingual("expires 早于 published", "expires is before published"),
                column="expires",
            )
        zh, en, attachments = renderer.texts(pair, False, references or ())
        if zh and fields.ok and check_slug(pair.zh, pair.slug, problems):
            notices.append(
                Notice(
                    zh,
                    en,
                    pair.slug,
                    published,
                    publisher,
                    expires,
                    case_number,
                    attachments,
                    origin(pair.zh),
                )
            )
    return notices


def load_pages(folder: Path, renderer: TextRenderer, problems: Problems) -> list[Page]:
    pages = []
    for pair in read_documents(folder, problems):
        fields = Fields(pair.zh, problems)
        fields.unknown_keys(PAGE_KEYS)
        order = fields.integer("order", required=False)
        references = fields.text_list("attachments")
        zh, en, attachments = renderer.texts(pair, False, references or ())
        if pair.slug in RESERVED_SLUGS:
            fields.ok = False
            problems.error(
                pair.zh.path,
                1,
                bilingual(
                    f"页面文件名「{pair.slug}」与网站栏目重名，请改名", "page name is reserved by the site"
                ),
            )
        if zh and fields.ok and check_slug(pair.zh, pair.slug, problems):
            pages.append(
                Page(zh, en, pair.slug, 100 if order is None else order, attachments, origin(pair.zh))
            )
    return pages
