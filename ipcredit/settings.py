"""``content/site.yaml`` → typed :class:`Settings`.

Every publicity period is a setting (background.md: rules change), expressed
in months so that "3 months" and "3 years" are both exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipcredit.problems import Problems, bilingual


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
    penalty_default_months: int = 36  # publicity when 公示截止期 is empty (SAMR Order 45 Art. 13)
    penalty_max_months: int = 36  # no penalty is shown longer than this after its decision
    dishonesty_default_months: int = 36  # 届满移出 when the register leaves it empty
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
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        problems.error(path, line, bilingual(f"YAML 无法解析：{exc}", "invalid YAML"))
        return None
    missing = [key for key in _REQUIRED if key not in data]
    for key in missing:
        problems.error(path, 1, bilingual(f"缺少必填设置 {key}", f"required setting {key} is missing"))
    if missing:
        return None
    try:
        return _settings_from(data)
    except (KeyError, TypeError, ValueError) as exc:
        problems.error(path, 1, bilingual(f"设置格式错误：{exc}", "malformed setting; see README"))
        return None


def _localised(value: Any) -> Localised:
    if isinstance(value, str):
        return Localised(value, value)
    return Localised(str(value["zh"]), str(value.get("en", value["zh"])))


def _settings_from(data: dict[str, Any]) -> Settings:
    publicity = data.get("publicity", {}) or {}
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
        penalty_default_months=int(publicity.get("penalty_default_months", 36)),
        penalty_max_months=int(publicity.get("penalty_max_months", 36)),
        dishonesty_default_months=int(publicity.get("dishonesty_default_months", 36)),
        mask_person_names=bool(masking.get("mask_person_names", True)),
        sample_data=bool(data.get("sample_data", False)),
        page_size=int(data.get("page_size", 50)),
    )
