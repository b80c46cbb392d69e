"""The data dictionary: the open datasets and every field's definition.

A section's dataset and its columns are declared with the section
(``ipcredit/sections/<name>.py``: ``Section.dataset``); the change log and the
withdrawals list are declared here. Each :class:`Field` says what a column is called (English snake_case in CSV and
JSON, the Chinese title in XLSX), what it means, its Frictionless type, an
example, and how to read it from a published record. The dataset writers,
``datapackage.json`` and the /data/ page all read these definitions, so a
column cannot be documented one way and written another.

Titles and descriptions are Chinese msgids (``N_``); pages show them through
the translation layer. Values come only from the published, masked catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.i18n import N_
from ipcredit.records import Change, ChangeKind, Withdrawal, WithholdReason
from ipcredit.sections import BY_NAME, SECTIONS, Field, Section, Table
from ipcredit.sections.columns import attr
from ipcredit.sections.section import Value


@dataclass(frozen=True)
class Dataset(Table):
    """A table with its rows: a section's (its records and dates) or the change log's."""

    records: Callable[[Catalogue], Sequence[Any]]
    record_date: Callable[[Any], date]  # the date the site lists the record by
    formats: tuple[str, ...] = ("csv", "json", "xlsx")
    # JSON as an object holding these values and the rows under the dataset's name (None: an array)
    json_head: Callable[[Catalogue], dict[str, str]] | None = None

    @property
    def key_fields(self) -> tuple[str, ...]:
        return (self.primary_key,) if isinstance(self.primary_key, str) else self.primary_key

    def rows(self, catalogue: Catalogue) -> Iterator[tuple[Value, ...]]:
        """Every published record as a row of typed values, in the site's order."""
        base_url = catalogue.settings.base_url
        getters = [f.get for f in self.fields]
        for record in self.records(catalogue):
            yield tuple([get(record, base_url) for get in getters])  # a list: a sixth faster than a generator

    def last_change(self, catalogue: Catalogue) -> date | None:
        """The newest record's date: what moves when something is added (see the /data/ page)."""
        return max((self.record_date(r) for r in self.records(catalogue)), default=None)


@dataclass(frozen=True)
class LogRow:
    """A change log entry with what its url field needs: whether the site shows the record now."""

    entry: Change
    shown: bool


def _log_rows(catalogue: Catalogue) -> list[LogRow]:
    history = catalogue.history
    if history is None:
        return []
    current = {(s.section, s.id) for s in history.shown}
    return [LogRow(c, (c.section, c.id) in current) for c in history.changes]


def _log_url(row: LogRow, base: str) -> Value:
    """The record's page while the site shows it; empty for a withdrawal, and for an earlier entry
    of a record that has left since (its page is gone)."""
    entry = row.entry
    if not row.shown or entry.change is ChangeKind.WITHDRAWN:
        return None
    return base + BY_NAME[entry.section].key_path(entry.id)


def _log_head(catalogue: Catalogue) -> dict[str, str]:
    history = catalogue.history
    started = history.log_started if history else catalogue.as_of
    return {"as_of": catalogue.as_of.isoformat(), "log_started": started.isoformat()}


def _withdrawals(catalogue: Catalogue) -> Sequence[Withdrawal]:
    return catalogue.history.withdrawals if catalogue.history else ()


_SECTION_DESCRIPTION = N_(
    "记录所在栏目，即页面地址的第一段：penalties（行政处罚）、dishonesty（严重违法失信名单）、"
    "key-trademarks（重点商标保护名录）、risk-points（侵权易发风险点和重点关注市场）、"
    "cases（案例）、white-papers（白皮书）或 notices（通知公告）。"
)
_RECORD_KEY_DESCRIPTION = N_(
    "记录编号（行政处罚、失信名单、重点商标、风险点）或标识（案例、白皮书、通知公告），即页面地址的最后一段，"
    "与其他数据集的 id 或 slug 字段相同。"
)

CHANGE_FIELDS = (
    Field("date", N_("变更日期"), N_("本站发现该变更的构建的数据截至日期（ISO 8601）。"),
          "date", "2026-11-30", lambda r, _b: r.entry.date, required=True),
    Field("change", N_("变更类别"),
          N_("added：记录出现在本站（包括晚录入的记录和重新公示的记录）；changed：本站显示的内容有变化；"
             "withdrawn：记录已从本站撤下，转载者应删除。"),
          "string", "added", lambda r, _b: r.entry.change.value, required=True,
          enum=tuple(k.value for k in ChangeKind)),
    Field("section", N_("栏目"), _SECTION_DESCRIPTION, "string", "penalties",
          lambda r, _b: r.entry.section, required=True),
    Field("id", N_("记录编号"), _RECORD_KEY_DESCRIPTION, "string", "3f9a1c0b7d2e",
          lambda r, _b: r.entry.id, required=True),
    Field("url", N_("页面地址"),
          N_("记录目前在本站的页面地址；撤下的记录（包括其早先的变更行）为空，只留编号、栏目和日期。"),
          "string", "https://ipcredit.jianghai.example/penalties/3f9a1c0b7d2e/", _log_url, format="uri"),
)  # fmt: skip

WITHDRAWN_FIELDS = (
    Field("id", N_("记录编号"), _RECORD_KEY_DESCRIPTION, "string", "3f9a1c0b7d2e", attr("id"), required=True),
    Field("section", N_("栏目"), _SECTION_DESCRIPTION, "string", "penalties", attr("section"), required=True),
    Field("withdrawn_on", N_("撤下日期"), N_("记录从本站撤下的日期（ISO 8601）；转载者应在 3 个工作日内删除该记录。"),
          "date", "2026-11-30", attr("withdrawn_on"), required=True),
)  # fmt: skip


def _dataset(section: Section) -> Dataset:
    """A section's dataset: its records and dates are the section's (see ipcredit.sections)."""
    table = section.dataset
    assert table is not None and section.day is not None, section.name
    return Dataset(table.name, table.title, table.description, table.fields, table.primary_key,
                   section.records, section.day)  # fmt: skip


DATASETS = (
    *(_dataset(s) for s in SECTIONS if s.dataset is not None),
    Dataset("changes", N_("变更记录"),
            N_("每次构建与上一次构建相比，新出现、内容有变化和已撤下的记录，最新在前，至少保留最近 400 天。"
               "JSON 文件是一个对象：as_of 为数据截至日期，log_started 为变更记录开始的日期（此前的变更不在其中，"
               "应以完整数据集为准），changes 为各行。"),
            CHANGE_FIELDS, ("date", "change", "section", "id"), _log_rows, lambda r: r.entry.date,
            formats=("csv", "json"), json_head=_log_head),
    Dataset("withdrawn", N_("撤下记录清单"),
            N_("曾在本站公示、现已撤下的记录（只有编号、栏目和撤下日期），最新在前。转载或镜像本站数据者"
               "应在 3 个工作日内删除其中列出的记录。"),
            WITHDRAWN_FIELDS, ("section", "id"), _withdrawals, lambda w: w.withdrawn_on,
            formats=("csv", "json")),
)  # fmt: skip

# Frictionless types as the /data/ page names them.
TYPE_LABELS = {"string": N_("文本"), "integer": N_("整数"), "number": N_("数值"), "date": N_("日期")}


def dataset(name: str) -> Dataset:
    return next(d for d in DATASETS if d.name == name)


# ---- controlled values ---------------------------------------------------------------------
# Values the registers and rules use from a fixed vocabulary, as Chinese msgids: the English
# message catalogue holds each one's English label, which the English pages show (through _())
# and the search indexes (search.documents). IP types, procedures and party types are listed in
# ipcredit.records; the rest are here.

VIOLATION_TYPES = (
    N_("侵犯注册商标专用权"), N_("假冒专利"), N_("侵犯著作权"), N_("侵犯商业秘密"),
    N_("擅自使用地理标志专用标志"), N_("擅自使用他人有一定影响的商品名称、包装、装潢"),
    N_("违法从事专利代理"), N_("违法从事商标代理"), N_("恶意申请商标注册"),
)  # fmt: skip
PENALTY_CATEGORIES = (
    N_("警告"), N_("通报批评"), N_("罚款"), N_("没收违法所得"), N_("没收非法财物"), N_("没收违法商品"),
    N_("没收违法所得、没收非法财物"), N_("暂扣许可证件"), N_("降低资质等级"), N_("吊销许可证件"),
    N_("限制开展生产经营活动"), N_("责令停产停业"), N_("责令关闭"), N_("限制从业"),
)  # fmt: skip
DISHONESTY_BEHAVIOURS = (
    N_("非正常专利申请"), N_("恶意商标注册"), N_("恶意商标申请"), N_("故意侵犯知识产权"),
    N_("违法从事专利代理"), N_("违法从事商标代理"), N_("提交虚假材料"), N_("违反信用承诺"),
    N_("拒不执行行政处罚决定"),
)  # fmt: skip
PUBLICITY_CLASSES = (N_("轻微"), N_("一般"), N_("严重"))  # how serious a penalty is: its publicity period
WITHHOLD_REASONS: dict[WithholdReason, str] = {
    WithholdReason.NOT_YET_EFFECTIVE: N_("尚未生效"),
    WithholdReason.EXPIRED: N_("公示期满"),
    WithholdReason.WITHDRAWN: N_("已撤下"),
    WithholdReason.REMOVED: N_("已移出名单"),
    WithholdReason.MINOR: N_("涉及未成年人"),
}
