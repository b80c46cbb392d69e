"""Dataset columns: the helpers and descriptions the sections' declarations share.

Each section's columns are declared with the section (``ipcredit/sections/<name>.py``);
the data dictionary (:mod:`ipcredit.datadict`) makes the datasets of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ipcredit.i18n import N_
from ipcredit.sections.section import Field, Section, Value

LIST_SEPARATOR = "；"  # joins multi-valued fields (categories, case numbers…), as the pages do


def joined(values: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def attr(name: str) -> Callable[[Any, str], Value]:
    return lambda record, _base: getattr(record, name)


ORG_CODE = "91339900MA2H3X4Y5B"
# The kinds of Penalty/DishonestyEntry.party_code (the national template's numbered code columns),
# marked here so the pages can show them through the translation layer.
PARTY_CODE_KINDS = (
    N_("工商注册号"),
    N_("组织机构代码"),
    N_("税务登记号"),
    N_("事业单位证书号"),
    N_("社会组织登记证号"),
)
PARTY_CODE_DESCRIPTION = N_(
    "没有统一社会信用代码的主体据以识别的其他登记代码（如旧的工商注册号、组织机构代码）。"
)
PARTY_CODE_KIND_DESCRIPTION = N_(
    "其他代码的种类：工商注册号、组织机构代码、税务登记号、事业单位证书号或社会组织登记证号。"
)
URL_DESCRIPTION = N_("本记录在本站的页面地址（中文版），英文版在域名后加 en/。")
FIRST_PUBLISHED_DESCRIPTION = N_(
    "本站首次公示该记录的日期（ISO 8601），与决定日期无关：晚录入的记录在录入后首次公示。"
    "变更记录开始之前已在本站的记录，为变更记录开始的日期。"
)


def first_published(example: str) -> Field:
    return Field("first_published", N_("首次公示日期"), FIRST_PUBLISHED_DESCRIPTION, "date", example,
                 attr("first_published"), required=True)  # fmt: skip


PROTECTION_ID = N_("由登记内容计算的稳定编号，各次构建保持不变，也是页面地址的一部分。")


def url_field(example: str, section: Callable[[], Section]) -> Field:
    """The url column: each record's page, by its section's own URL rule (``section`` is called
    when rows are written, since a section is declared after its columns)."""
    return Field("url", N_("页面地址"), URL_DESCRIPTION, "string", example,
                 lambda record, base: section().record_url(record, base), required=True, format="uri")  # fmt: skip


# The other registration code of a party without a credit code (penalties, dishonesty list).
PARTY_CODE_FIELDS = (
    Field("party_code", N_("其他代码"), PARTY_CODE_DESCRIPTION, "string", "310115000469802",
          attr("party_code")),
    Field("party_code_kind", N_("其他代码类型"), PARTY_CODE_KIND_DESCRIPTION, "string", "工商注册号",
          attr("party_code_kind")),
)  # fmt: skip
