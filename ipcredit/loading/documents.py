"""White papers, notices and standing pages: front matter → typed records.

Bodies are rendered to sanitised HTML here, once; local links become
attachments (checked to exist inside the content folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipcredit.checks.attachments import AttachmentResolver, body_line
from ipcredit.checks.frontmatter import Fields, check_slug
from ipcredit.markup import MAX_OPEN_BRACKETS, MarkdownRenderer, TooComplex, first_paragraph
from ipcredit.problems import Problems, bilingual
from ipcredit.records import Attachment, Notice, Origin, Page, Text, WhitePaper
from ipcredit.sources.documents import DocumentPair, RawDocument, read_documents

# Top-level URL segments the site uses itself; a standing page may not take them.
RESERVED_SLUGS = frozenset(
    {
        "en", "white-papers", "top-ten", "cases", "penalties", "dishonesty", "notices", "search",
        "data", "feeds", "files", "static", "statistics", "sitemap.xml", "robots.txt", "404.html",
    }
)  # fmt: skip


@dataclass
class TextRenderer:
    """Renders a document pair into Chinese/English texts and its attachments."""

    resolver: AttachmentResolver
    problems: Problems

    def __post_init__(self) -> None:
        self._renderers = {"zh": MarkdownRenderer("zh"), "en": MarkdownRenderer("en")}

    def texts(
        self, pair: DocumentPair, summary_required: bool, front_attachments: tuple[str, ...] = ()
    ) -> tuple[Text | None, Text | None, tuple[Attachment, ...]]:
        found: dict[str, Attachment] = {}
        zh = self._text(pair.zh, "zh", summary_required, found)
        en = self._text(pair.en, "en", False, found) if pair.en else None
        for reference in front_attachments:
            attachment = self.resolver.resolve(pair.zh, reference, pair.zh.line_of("attachments"))
            if attachment:
                found.setdefault(attachment.url_path, attachment)
        return zh, en, tuple(found[k] for k in sorted(found))

    def _text(self, doc: RawDocument, lang: str, summary_required: bool, found: dict) -> Text | None:
        fields = Fields(doc, self.problems)
        title = fields.text("title")
        summary = fields.text("summary", required=summary_required)

        def resolve(reference: str, image: bool) -> str | None:
            attachment = self.resolver.resolve(doc, reference, body_line(doc, reference), image)
            if attachment is None:
                return None
            found.setdefault(attachment.url_path, attachment)
            return "/" + attachment.url_path

        try:
            rendered = self._renderers[lang].render(doc.body, resolve)
        except TooComplex as exc:
            fields.ok = False
            self.problems.error(
                doc.path,
                doc.body_line + exc.line,
                bilingual(
                    f"正文过于复杂（列表嵌套过深或有超过 {MAX_OPEN_BRACKETS} 个未配对的 [），请简化",
                    f"the body nests lists too deeply or leaves over {MAX_OPEN_BRACKETS} [ unclosed; simplify it",
                ),
            )
            return None
        for image in rendered.missing_alt:
            self.problems.warning(
                doc.path,
                body_line(doc, image),
                bilingual(
                    f"图片「{image}」没有替代文字，请写作 ![图片内容说明]({image})",
                    "the image has no alternative text for screen readers; describe it in ![…]",
                ),
            )
        if title is None or not fields.ok:
            return None
        return Text(title, summary or first_paragraph(rendered.html), rendered.html, rendered.toc)


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
