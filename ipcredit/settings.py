"""``content/site.yaml`` → typed :class:`Settings`.

Every publicity period is a setting (rules change), expressed in months so
that "3 months" and "3 years" are both exact; the ``publicity:`` block (classes,
periods, derivation rules) is read by :mod:`ipcredit.publicity`.

Every key is validated (type, range, URL scheme) and reported at its own line;
an unknown key is a warning with a "did you mean". A bad value falls back to
its default so that the sources are still checked against usable settings
(a broken site.yaml must not hide the registers' problems), but any error in
site.yaml stops the build. :class:`SettingsReader` holds the generic typed
getters, for any block of settings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ipcredit.problems import Problems, bilingual, shown
from ipcredit.publicity import DEFAULT_PUBLICITY, Publicity, read_publicity
from ipcredit.sources.yamlfile import YamlDoc, read_yaml


@dataclass(frozen=True)
class Localised:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Licence:
    name: str  # e.g. "CC-BY-4.0" (an SPDX-like identifier, used in datapackage.json)
    title: Localised
    url: str


@dataclass(frozen=True)
class Settings:
    name: Localised
    base_url: str  # absolute, ends with "/"
    publisher: Localised
    contact_email: str
    contact_phone: str
    contact_address: Localised
    licence: Licence
    publicity: Publicity = DEFAULT_PUBLICITY  # classes, periods and derivation rules
    mask_person_names: bool = True
    sample_data: bool = False
    page_size: int = 50

    def with_base_url(self, base_url: str) -> Settings:
        return replace(self, base_url=normalise_base_url(base_url))


def normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


# Characters that never belong in a site URL and could break out of an attribute or a feed.
_URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\{}|^]")


def http_url_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) URL fit for links and feeds; None when it is."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return bilingual(
            f"网址「{url}」应为以 https:// 或 http:// 开头的完整网址，如 https://ipcredit.example.gov.cn/",
            "must be an absolute http(s) URL, e.g. https://ipcredit.example.gov.cn/",
        )
    if _URL_FORBIDDEN.search(url) or parts.username or parts.password:
        return bilingual(
            f"网址「{url}」含有空格、引号、尖括号或用户名密码，请删除",
            "the URL contains spaces, quotes, angle brackets or credentials",
        )
    return None


MISSING = object()
MAX_PAGE_SIZE = 1000


class SettingsReader:
    """Typed values of a settings file by key path (``"contact", "email"``).

    Each getter returns a usable value: the one written when it is valid, else
    the default, with the problem reported at the key's line. ``ok`` turns
    False on the first error.
    """

    def __init__(self, path: Path, doc: YamlDoc, problems: Problems) -> None:
        self.path, self.doc, self.problems = path, doc, problems
        self.ok = isinstance(doc.data, dict) or doc.data is None
        if not self.ok:
            problems.error(
                path, 1, bilingual(f"{path.name} 应为键值对（key: value）", f"{path.name} must be a mapping")
            )

    def error(self, keys: tuple[str, ...], message: str) -> None:
        self.ok = False
        self.problems.error(self.path, self.doc.line_of(*keys), message, column=".".join(keys))

    def value(self, *keys: str) -> Any:
        """The raw value at ``keys``; MISSING when absent or empty (or a parent is not a mapping)."""
        node: Any = self.doc.data
        for key in keys:
            if not isinstance(node, dict) or node.get(key) in (None, ""):
                return MISSING
            node = node[key]
        return node

    def require(self, keys: tuple[str, ...], required: bool = True) -> None:
        """Report a missing required setting (when ``required``)."""
        if required:
            name = ".".join(keys)
            self.error(keys, bilingual(f"缺少必填设置 {name}", f"required setting {name} is missing"))

    def text(self, *keys: str, default: str = "", required: bool = False) -> str:
        value = self.value(*keys)
        if value is MISSING:
            self.require(keys, required)
            return default
        if isinstance(value, bool) or not isinstance(value, str | int):
            name = ".".join(keys)
            self.error(keys, bilingual(f"设置 {name} 应为一段文字", f"{name} must be text"))
            return default
        return str(value).strip()

    def integer(self, *keys: str, default: int, minimum: int, maximum: int) -> int:
        value = self.value(*keys)
        if value is MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            name = ".".join(keys)
            self.error(
                keys,
                bilingual(
                    f"设置 {name} 应为 {minimum} 至 {maximum} 之间的整数，实为「{shown(value)}」",
                    f"{name} must be a whole number from {minimum} to {maximum}",
                ),
            )
            return default
        return value

    def boolean(self, *keys: str, default: bool) -> bool:
        value = self.value(*keys)
        if value is MISSING:
            return default
        if not isinstance(value, bool):
            name = ".".join(keys)
            self.error(
                keys,
                bilingual(
                    f"设置 {name} 应为 true 或 false，实为「{shown(value)}」", f"{name} must be true or false"
                ),
            )
            return default
        return value

    def url(self, *keys: str, default: str, required: bool = False) -> str:
        value = self.text(*keys, required=required)
        if not value:
            return default
        if problem := http_url_problem(value):
            self.error(keys, problem)
            return default
        return value

    def localised(self, *keys: str, required: bool = False) -> Localised:
        """Text, or ``{zh: …, en: …}`` (English defaults to the Chinese)."""
        if isinstance(self.value(*keys), dict):
            self.known_keys(keys, ("zh", "en"))
            zh = self.text(*keys, "zh", required=True)
            return Localised(zh, self.text(*keys, "en", default=zh))
        value = self.text(*keys, required=required)
        return Localised(value, value)

    def section(self, *keys: str) -> bool:
        """Whether the block at ``keys`` is a mapping (or absent); an error otherwise."""
        value = self.value(*keys)
        if value is MISSING or isinstance(value, dict):
            return True
        name = ".".join(keys)
        self.error(keys, bilingual(f"设置 {name} 应为键值对", f"{name} must be a mapping of settings"))
        return False

    def known_keys(self, keys: tuple[str, ...], allowed: Iterable[str]) -> None:
        """Warn for each key of the block at ``keys`` that is not ``allowed``, with a did-you-mean."""
        allowed = tuple(allowed)
        for key, line in self.doc.keys_of(*keys):
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint_zh, hint_en = (
                (f"；您是否指 {close[0]}？", f"; did you mean {close[0]}?") if close else ("", "")
            )
            self.problems.warning(
                self.path,
                line,
                bilingual(f"未知设置 {key}，已忽略{hint_zh}", f"unknown setting {key} ignored{hint_en}"),
                column=".".join((*keys, key)),
            )


TOP_KEYS = (
    "name",
    "base_url",
    "publisher",
    "contact",
    "licence",
    "publicity",
    "masking",
    "page_size",
    "sample_data",
)
CONTACT_KEYS = ("email", "phone", "address")
LICENCE_KEYS = ("name", "title", "url")
MASKING_KEYS = ("mask_person_names",)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PLACEHOLDER_URL = "https://invalid.example/"  # stands in for a missing base_url; never built


def read_settings(path: Path, problems: Problems) -> tuple[Settings, bool]:
    """site.yaml as usable settings, and whether it is free of errors (every problem reported).

    When the file cannot be read at all, the defaults stand in (the reason is
    reported once, not as a missing value per key)."""
    doc = read_yaml(path, problems)
    reader = SettingsReader(path, doc, problems) if doc is not None else None
    if reader is None or not reader.ok:
        return _settings_from(SettingsReader(path, YamlDoc({}, None, 1), Problems())), False
    settings = _settings_from(reader)
    return settings, reader.ok


def load_settings(path: Path, problems: Problems) -> Settings | None:
    """Read site.yaml; report every problem and return None when it has an error."""
    settings, ok = read_settings(path, problems)
    return settings if ok else None


def _settings_from(reader: SettingsReader) -> Settings:
    reader.known_keys((), TOP_KEYS)
    for block, keys in (("contact", CONTACT_KEYS), ("licence", LICENCE_KEYS)):
        if reader.value(block) is MISSING:
            reader.require((block,))
        elif reader.section(block):
            reader.known_keys((block,), keys)
    if reader.section("masking"):
        reader.known_keys(("masking",), MASKING_KEYS)
    publicity = read_publicity(reader.doc.node_at("publicity"), reader.path, reader.problems)
    if publicity is None:  # its problems are reported at their keys
        reader.ok, publicity = False, DEFAULT_PUBLICITY
    contact, licence = (isinstance(reader.value(block), dict) for block in ("contact", "licence"))
    email = reader.text("contact", "email", required=contact)
    if email and not _EMAIL.match(email):
        reader.error(
            ("contact", "email"),
            bilingual(f"电子邮箱「{email}」格式不对，应如 name@example.gov.cn", "not an e-mail address"),
        )
    return Settings(
        name=reader.localised("name", required=True),
        base_url=normalise_base_url(reader.url("base_url", default=PLACEHOLDER_URL, required=True)),
        publisher=reader.localised("publisher", required=True),
        contact_email=email,
        contact_phone=reader.text("contact", "phone"),
        contact_address=reader.localised("contact", "address"),
        licence=Licence(
            reader.text("licence", "name", required=licence),
            reader.localised("licence", "title", required=licence),
            reader.url("licence", "url", default="", required=licence),
        ),
        publicity=publicity,
        mask_person_names=reader.boolean("masking", "mask_person_names", default=True),
        sample_data=reader.boolean("sample_data", default=False),
        page_size=reader.integer("page_size", default=50, minimum=1, maximum=MAX_PAGE_SIZE),
    )
