"""Markdown → safe HTML, rendered once per document (never per page view).

Agencies paste from word processors, so bodies carry raw HTML: the rendered
HTML goes through nh3 (the Ammonia sanitiser) with a small allow-list. Local
links and images are handed to a resolver, which turns them into site paths
(``/files/…``) or reports them; templates add the site's base path.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from ipcredit.records import Heading

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "abbr": {"title"},
}
# Footnote markup from python-markdown needs these classes to be styled.
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "sup": {"footnote-ref"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto"}

Resolver = Callable[[str], str | None]
_LOCAL_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]


class _LocalLinks(Treeprocessor):
    """Send every relative href/src to the resolver and write back the site path it returns."""

    def __init__(self, md: markdown.Markdown, resolve: Callable[[], Resolver | None]) -> None:
        super().__init__(md)
        self._resolve = resolve

    def run(self, root: Element) -> None:
        resolver = self._resolve()
        if resolver is None:
            return
        for element in root.iter():
            attr = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            target = element.get(attr) if attr else None
            if attr and target and _LOCAL_LINK.match(target):
                element.set(attr, resolver(target) or "#")


class _LocalLinksExtension(Extension):
    def __init__(self, resolve: Callable[[], Resolver | None]) -> None:
        super().__init__()
        self._resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LocalLinks(md, self._resolve), "ipcredit_local_links", 1)


class MarkdownRenderer:
    """One configured python-markdown instance, reset between documents."""

    def __init__(self, lang: str = "zh") -> None:
        self._resolver: Resolver | None = None
        backlink = "返回正文" if lang == "zh" else "Back to the text"
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "footnotes",
                "toc",
                "sane_lists",
                _LocalLinksExtension(lambda: self._resolver),
            ],
            extension_configs={
                "toc": {"slugify": slugify_unicode, "toc_depth": "2-3"},
                "footnotes": {"BACKLINK_TITLE": backlink},
            },
            output_format="html",
        )

    def render(self, body: str, resolver: Resolver | None = None) -> Rendered:
        self._resolver = resolver
        try:
            raw_html = self._md.reset().convert(body)
            toc = tuple(_flatten(getattr(self._md, "toc_tokens", [])))
        finally:
            self._resolver = None
        return Rendered(sanitise(raw_html), toc)


def sanitise(fragment: str) -> str:
    """Keep only the allow-listed markup; scripts, styles, handlers and unsafe URLs go."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html.unescape(strip_tags(token["name"]))))
        out.extend(_flatten(token.get("children", [])))
    return out


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment (for summaries, search and feeds)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def first_paragraph(fragment: str, limit: int = 140) -> str:
    """A summary from the first paragraph, cut at ``limit`` characters."""
    match = re.search(r"<p>(.*?)</p>", fragment, re.S)
    text = strip_tags(match.group(1) if match else fragment)
    return text if len(text) <= limit else text[: limit - 1] + "…"
