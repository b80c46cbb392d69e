"""Notices (通知公告): /notices/."""

from __future__ import annotations

from ipcredit.i18n import N_
from ipcredit.records import Notice
from ipcredit.sections.section import SearchFields, Section, Translate, published, slug_key
from ipcredit.sections.text import english, iso, labels, summary_and_body


def _notice(n: Notice, translate: Translate) -> SearchFields:
    return dict(
        title=n.zh.title,
        date=iso(n.published),
        numbers=(n.case_number,) if n.case_number else (),
        meta=n.publisher,
        body=summary_and_body(n.zh),
        meta_en=labels(translate, [n.publisher]),
        **english(n.en),
    )


NOTICES = Section(
    "notices", N_("通知公告"), "notices", slug_key, published, "notices",
    feed_title=N_("通知公告"), search=_notice, tracked=True,
)  # fmt: skip
