"""Template filters and globals: formatting for the page language, links, the site frame.

Templates call these instead of holding logic themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from flask import Flask, current_app, g, request, url_for
from jinja2 import Undefined
from markupsafe import Markup, escape

from ipcredit.i18n import N_
from ipcredit.nice import nice_label
from ipcredit.records import IP_TYPE_SLUGS, Heading
from ipcredit.regions import region_en, region_slug
from ipcredit.web.context import catalogue, site_state
from ipcredit.web.context import lang as _lang
from ipcredit.web.context import translate as _translate
from ipcredit.web.i18n import format_amount, format_day, format_number
from ipcredit.web.routing import PLAIN_ID, id_pattern

# Header navigation: (endpoint, Chinese label → translated in the template).
NAVIGATION = (
    ("core.home", N_("首页")),
    ("documents.white_papers", N_("白皮书")),
    ("cases.top_ten", N_("十大案例")),
    ("cases.index", N_("案例")),
    ("penalties.listing", N_("行政处罚")),
    ("dishonesty.listing", N_("失信名单")),
    ("parties.listing", N_("当事人")),
    ("documents.notices", N_("通知公告")),
    ("statistics.page", N_("统计")),
    ("data.page", N_("开放数据")),
)  # the search page is the header's search form, on every page
NAVIGATION_ENDPOINTS = frozenset(endpoint for endpoint, _label in NAVIGATION)


def day(value: date | None) -> str:
    return _formatted(site_state().days, format_day, value)


def iso_day(value: date | None) -> str:
    return value.isoformat() if value else ""


def amount(value: Decimal | None) -> str:
    return _formatted(site_state().amounts, format_amount, value)


V = TypeVar("V")


def _formatted(made: dict[tuple[Any, str], str], format_value: Callable[[V, str], str], value: V) -> str:
    """``format_value(value, language)``, made once per app for each value and language: Babel
    takes 12–14 µs for an English date or any amount, and a list page shows fifty of each, the
    same dates and fines on page after page. Equal values format alike (1.50 and 1.5 are 1.5)."""
    key = (value, _lang())
    found = made.get(key)
    if found is None:
        found = made[key] = format_value(*key)
    return found


def number(value: int) -> str:
    return format_number(value, _lang())


def body(html: str) -> Markup:
    """Sanitised body HTML with its site-absolute links placed under the site's base path."""
    root = request.script_root
    if root:
        html = html.replace('href="/', f'href="{root}/').replace('src="/', f'src="{root}/')
    return Markup(html)


@dataclass(frozen=True)
class TocEntry:
    heading: Heading
    children: tuple[TocEntry, ...]


def toc_tree(headings: Sequence[Heading]) -> tuple[TocEntry, ...]:
    """Flat headings (document order) as a tree: each sub-heading under the nearest
    preceding heading of a higher rank, so the table of contents nests its lists."""
    entries, _ = _toc_level(headings, 0, 0)
    return entries


def _toc_level(headings: Sequence[Heading], start: int, above: int) -> tuple[tuple[TocEntry, ...], int]:
    """Entries from ``start`` while headings rank below ``above``; returns them and where they stop."""
    out: list[TocEntry] = []
    i = start
    while i < len(headings) and headings[i].level > above:
        children, after = _toc_level(headings, i + 1, headings[i].level)
        out.append(TocEntry(headings[i], children))
        i = after
    return tuple(out), i


def file_size(size: int) -> str:
    units = ("B", "KB", "MB", "GB")
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def canonical_url() -> str:
    """The page's absolute URL under the configured base URL."""
    return catalogue().settings.base_url + request.path.lstrip("/")


def _language_paths() -> dict[str, str] | None:
    """The current page's path in each language (the sites mirror each other under /en/)."""
    if request.endpoint not in g.get("bilingual_endpoints", ()):
        return None
    path = request.path
    zh = path.removeprefix("/en") if path.startswith("/en/") else path
    return {"zh": zh, "en": "/en" + zh}


def switch_language_url() -> str | None:
    """The same page in the other language, when the page exists in both."""
    paths = _language_paths()
    if paths is None:
        return None
    return request.script_root + paths["en" if _lang() == "zh" else "zh"]


def alternate_urls() -> dict[str, str]:
    """Absolute URLs of the page in each language, for hreflang links."""
    base = catalogue().settings.base_url
    return {lang: base + path.lstrip("/") for lang, path in (_language_paths() or {}).items()}


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    href: str
    label: str


def navigation() -> list[NavLink]:
    """Header links in the page language (made only when the menu is: :func:`frame_part`)."""
    return [NavLink(e, url_for(e), _translate(label)) for e, label in NAVIGATION]


def footer_links() -> list[NavLink]:
    """The standing pages' links in the page language (made only when the footer is)."""
    lang = _lang()
    return [
        NavLink("core.page", url_for("core.page", slug=p.slug), p.text(lang).title) for p in catalogue().pages
    ]


def frame_part(template: str, **values: Any) -> Markup:
    """``template`` rendered for the page's language with ``values`` and the site-wide values
    (:func:`_site_wide`), once per app for each of them: the header's sections and the footer are
    the same on nearly every page, and rendering them on each cost about 13% of a page's time. The
    part sees nothing of the page but ``values``, so a cached copy cannot be another page's."""
    given = {k: None if isinstance(v, Undefined) else v for k, v in values.items()}
    key = (template, _lang(), request.script_root, tuple(sorted(given.items())))
    parts = site_state().frame_parts
    if key not in parts:
        page = current_app.jinja_env.get_template(template)
        parts[key] = Markup(page.render(**_site_wide(), **given))
    return parts[key]


def _site_wide() -> dict[str, Any]:
    """What every page may show of the site: the same on each page of a language."""
    cat = catalogue()
    return {
        "site": cat.settings,
        "as_of": cat.as_of,
        "lang": _lang(),
        "navigation": navigation,
        "footer_links": footer_links,
    }


# Catalogue terms shown through the translation layer (kept here so extraction finds them).
TERMS = (
    N_("法人及非法人组织"), N_("自然人"), N_("个体工商户"),
    N_("轻微"), N_("一般"), N_("严重"),  # publicity classes (失信程度)
    N_("专利"), N_("商标"), N_("著作权"), N_("商业秘密"), N_("不正当竞争"), N_("地理标志"),
    N_("植物新品种"), N_("集成电路布图设计"), N_("其他"),
    N_("民事"), N_("刑事"), N_("行政诉讼"), N_("行政执法"), N_("仲裁调解"),
    N_("非正常专利申请"), N_("恶意商标注册"), N_("恶意商标申请"), N_("故意侵犯知识产权"), N_("违法从事专利代理"),
    N_("违法从事商标代理"), N_("提交虚假材料"), N_("违反信用承诺"), N_("拒不执行行政处罚决定"),
    N_("按年份统计的行政处罚决定"), N_("按知识产权类型统计的行政处罚决定"), N_("按年份统计的罚款金额"),
    N_("按失信行为统计的失信名单"), N_("十大案例涉及的知识产权类型"), N_("件"), N_("个"), N_("万元"),
    N_("按尼斯分类统计的重点商标"), N_("按权利人国别或地区统计的重点商标"), N_("按名录统计的风险点和重点关注市场"),
    N_("按类型统计的风险点和重点关注市场"), N_("处"),
    N_("；"), N_("："), N_("（"), N_("）"),  # punctuation between template pieces: English has its own
)  # fmt: skip


# Han characters, and the full-width punctuation that only Chinese text carries (25；35).
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


def zh(value: object) -> Markup:
    """Text that may be Chinese (a party name, a decision number, an untranslated title): on an
    English page, Chinese text goes in ``<span lang="zh-CN">`` so it is read and hyphenated as
    Chinese; anything else is only escaped."""
    text = "" if value is None else str(value)
    if _lang() == "en" and _CJK.search(text):
        return Markup(f'<span lang="zh-CN">{escape(text)}</span>')
    return escape(text)  # (Markup.format is four times slower: a page calls this ~30 times)


def term(value: str | None) -> Markup:
    """A controlled value's label in the page language; a value the catalogue does not know
    stays Chinese, marked as such."""
    return zh(_translate(value) if value else "")


def terms(values: Iterable[str]) -> Markup:
    """Several controlled values, joined as the page language lists them."""
    return Markup(_translate("；")).join(term(v) for v in values)


def facet_label(value: Any) -> str:
    """A facet value's label: authorities have their own English names, terms are translated."""
    if value.label_en is None:
        return _translate(value.label_zh)
    return value.label_en if _lang() == "en" else value.label_zh


# Whatever could end a CSS string or a line in it (quotes, backslash, controls), or open markup.
_CSS_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\'\\<>]')


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string: the unsafe characters as hex escapes (``\\22 ``), which
    CSS reads back as the same text, and a NUL as the replacement character CSS makes of it."""
    escaped = _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()) or 0xFFFD:x} ", text)
    return Markup(f'"{escaped}"')


def authority_name(name: str) -> str:
    authority = catalogue().authority_by_name.get(name)
    return authority.name_en if authority and _lang() == "en" and authority.name_en else name


def authority_slug(name: str) -> str:
    authority = catalogue().authority_by_name.get(name)
    return authority.uscc if authority else name


def ip_type_slug(ip_type: str) -> str:
    return IP_TYPE_SLUGS.get(ip_type, "other")


def nice_class_label(number: int) -> str:
    """A Nice class with its heading in the page's language."""
    return nice_label(number, _lang())


def region_label(name: str) -> str:
    """A country or region's short name in the page's language."""
    return region_en(name) if _lang() == "en" else name


def record_href(record_id: str, endpoint: str) -> str:
    """``url_for(endpoint, record_id=…)`` for list rows, built from one cached pattern per page
    language (a 50-row list would otherwise resolve 50 URLs); an id that would need quoting
    goes through ``url_for``."""
    if not PLAIN_ID.fullmatch(record_id):
        return url_for(endpoint, record_id=record_id)
    key = (endpoint, _lang(), request.script_root)
    patterns = site_state().record_patterns  # on the app: the pattern comes from its URL map
    if key not in patterns:
        patterns[key] = id_pattern(lambda rid: url_for(endpoint, record_id=rid))
    before, after = patterns[key]
    return before + record_id + after


def register(app: Flask) -> None:
    app.add_template_filter(day)
    app.add_template_filter(iso_day)
    app.add_template_filter(amount)
    app.add_template_filter(number)
    app.add_template_filter(body)
    app.add_template_filter(file_size)
    app.add_template_filter(toc_tree)
    app.add_template_filter(nice_class_label, name="nice_label")
    app.add_template_filter(region_slug)
    app.add_template_filter(region_label)
    app.add_template_filter(css_string)
    for helper in (facet_label, authority_name, authority_slug, ip_type_slug, record_href, zh, term, terms):
        app.add_template_filter(helper)

    app.jinja_env.globals["current_lang"] = _lang  # for macros, which do not see the page context

    @app.before_request
    def expose_endpoints() -> None:
        g.bilingual_endpoints = app.config["BILINGUAL_ENDPOINTS"]

    @app.context_processor
    def site_frame() -> dict[str, Any]:
        return {
            **_site_wide(),
            "frame_part": frame_part,
            # The header marks the section whose page this is; other pages share one header.
            "current_section": request.endpoint if request.endpoint in NAVIGATION_ENDPOINTS else None,
            "canonical_url": canonical_url,
            "switch_language_url": switch_language_url,
            "alternate_urls": alternate_urls,
        }
