"""``content/site.yaml`` → typed :class:`Settings`.

Every publicity period is a setting (rules change), expressed in months so
that "3 months" and "3 years" are both exact; the ``publicity:`` block (classes,
periods, derivation rules) is read by :mod:`ipcredit.publicity`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipcredit.problems import Problems, bilingual
from ipcredit.publicity import DEFAULT_PUBLICITY, Publicity, publicity_node, read_publicity


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
        from dataclasses import replace

        return replace(self, base_url=normalise_base_url(base_url))


def normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


_REQUIRED = ("name", "base_url", "publisher", "contact", "licence")


def load_settings(path: Path, problems: Problems) -> Settings | None:
    """Read site.yaml; report every problem and return None when it cannot be used."""
    if not path.is_file():
        problems.error(path, 1, bilingual("找不到站点设置文件 site.yaml", "site.yaml is missing"))
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        problems.error(path, line, bilingual(f"YAML 无法解析：{exc}", "invalid YAML"))
        return None
    missing = [key for key in _REQUIRED if key not in data]
    for key in missing:
        problems.error(path, 1, bilingual(f"缺少必填设置 {key}", f"required setting {key} is missing"))
    publicity = read_publicity(publicity_node(text), path, problems)
    if missing or publicity is None:
        return None
    try:
        return _settings_from(data, publicity)
    except (KeyError, TypeError, ValueError) as exc:
        problems.error(path, 1, bilingual(f"设置格式错误：{exc}", "malformed setting; see README"))
        return None


def _localised(value: Any) -> Localised:
    if isinstance(value, str):
        return Localised(value, value)
    return Localised(str(value["zh"]), str(value.get("en", value["zh"])))


def _settings_from(data: dict[str, Any], publicity: Publicity) -> Settings:
    masking = data.get("masking", {}) or {}
    contact = data["contact"]
    licence = data["licence"]
    return Settings(
        name=_localised(data["name"]),
        base_url=normalise_base_url(str(data["base_url"])),
        publisher=_localised(data["publisher"]),
        contact_email=str(contact["email"]),
        contact_phone=str(contact.get("phone", "")),
        contact_address=_localised(contact.get("address", "")),
        licence=Licence(str(licence["name"]), _localised(licence["title"]), str(licence["url"])),
        publicity=publicity,
        mask_person_names=bool(masking.get("mask_person_names", True)),
        sample_data=bool(data.get("sample_data", False)),
        page_size=int(data.get("page_size", 50)),
    )
