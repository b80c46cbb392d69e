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

# resolver(target, image) → the site path to write instead of ``target``, or None when the
# target may not be used (the resolver has reported why). It is given every local link and
# every image (an image must be a local file: the site loads nothing from elsewhere).
Resolver = Callable[[str, bool], str | None]
_LOCAL_LINK = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")
_IMG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="[^"]*[^"\s][^"]*"')
_SRC = re.compile(r'\bsrc="([^"]*)"')


MAX_OPEN_BRACKETS = 100  # python-markdown's link search is quadratic in unclosed "[" per paragraph


class TooComplex(ValueError):
    """A body the Markdown parser cannot take: nested too deeply, or too many unclosed brackets.

    ``line`` is the body line (from 0) where the trouble starts."""

    def __init__(self, line: int) -> None:
        super().__init__(f"too complex from body line {line}")
        self.line = line


def _check_brackets(body: str) -> None:
    """Raise TooComplex for a paragraph with more unclosed "[" than any real text has
    (each costs python-markdown a scan of the rest of the paragraph)."""
    start, depth = 0, 0
    for number, line in enumerate(body.splitlines()):
        if not line.strip():
            start, depth = number + 1, 0
            continue
        depth += line.count("[") - line.count("]")
        if depth > MAX_OPEN_BRACKETS:
            raise TooComplex(start)


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]
    missing_alt: tuple[str, ...] = ()  # images (as written) that have no alternative text


def _needs_resolving(target: str, image: bool) -> bool:
    return image or bool(_LOCAL_LINK.match(target))


class _Links:
    """One document's link resolution; remembers what each written path stood for."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.written: dict[str, str] = {}  # site path written → the target as the author wrote it

    def resolve(self, target: str, image: bool) -> str:
        # Raw HTML meets the sanitiser after the Markdown tree was resolved: skip what we wrote.
        if target in self.written or not _needs_resolving(target, image):
            return target
        # A refused target (already reported, so never published) gets a placeholder of its own,
        # so that the image it belongs to can still be named.
        found = self.resolver(target, image) or f"#refused-{len(self.written)}"
        self.written[found] = target
        return found


class _LocalLinks(Treeprocessor):
    """Send every relative href and every src to the resolver and write back what it returns."""

    def __init__(self, md: markdown.Markdown, links: Callable[[], _Links | None]) -> None:
        super().__init__(md)
        self._links = links

    def run(self, root: Element) -> None:
        links = self._links()
        if links is None:
            return
        for element in root.iter():
            attr = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            target = element.get(attr) if attr else None
            if attr and target is not None:
                element.set(attr, links.resolve(target, element.tag == "img"))


class _LocalLinksExtension(Extension):
    def __init__(self, links: Callable[[], _Links | None]) -> None:
        super().__init__()
        self._links = links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LocalLinks(md, self._links), "ipcredit_local_links", 1)


class MarkdownRenderer:
    """One configured python-markdown instance, reset between documents."""

    def __init__(self, lang: str = "zh") -> None:
        self._links: _Links | None = None
        backlink = "返回正文" if lang == "zh" else "Back to the text"
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "footnotes",
                "toc",
                "sane_lists",
                _LocalLinksExtension(lambda: self._links),
            ],
            extension_configs={
                "toc": {"slugify": slugify_unicode, "toc_depth": "2-3"},
                "footnotes": {"BACKLINK_TITLE": backlink},
            },
            output_format="html",
        )

    def render(self, body: str, resolver: Resolver | None = None) -> Rendered:
        """Sanitised HTML; with a resolver, links and images in Markdown and in raw HTML alike
        go through it (raw HTML's in the sanitiser's attribute filter). Raises TooComplex."""
        _check_brackets(body)
        self._links = links = _Links(resolver) if resolver else None
        try:
            raw_html = self._md.reset().convert(body)
            toc = tuple(_flatten(getattr(self._md, "toc_tokens", [])))
        except RecursionError:  # python-markdown recurses once per level of nested lists
            raise TooComplex(0) from None
        finally:
            self._links = None
        html_out = sanitise(raw_html, links)
        written = links.written if links else {}
        missing = tuple(written.get(src, src) for src in images_without_alt(html_out))
        return Rendered(html_out, toc, missing)


def images_without_alt(fragment: str) -> list[str]:
    """The src of every image of sanitised HTML that has no (or an empty) alt text."""
    return [
        found.group(1) if (found := _SRC.search(tag)) else ""
        for tag in _IMG.findall(fragment)
        if not _ALT.search(tag)
    ]


def sanitise(fragment: str, links: _Links | None = None) -> str:
    """Keep only the allow-listed markup; scripts, styles, handlers and unsafe URLs go."""

    def attribute(element: str, name: str, value: str) -> str | None:
        if links and (element, name) in (("a", "href"), ("img", "src")):
            return links.resolve(value, element == "img")
        return value

    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=attribute if links else None,
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
