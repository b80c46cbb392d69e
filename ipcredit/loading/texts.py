"""A document's texts: its Markdown bodies rendered (by :mod:`ipcredit.markup`) to sanitised
HTML in each language, with the attachments its links and front matter name.

Every problem (a body too complex to render, an image without alternative text, a
missing attachment) is reported at its line; the loaders of white papers, notices,
pages and cases share this one renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipcredit.checks.attachments import AttachmentResolver, body_line
from ipcredit.checks.frontmatter import Fields
from ipcredit.markup import MAX_OPEN_BRACKETS, MarkdownRenderer, TooComplex, first_paragraph
from ipcredit.problems import Problems, bilingual
from ipcredit.records import Attachment, Text
from ipcredit.sources.documents import DocumentPair, RawDocument


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
