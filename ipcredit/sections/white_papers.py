"""White papers (白皮书): /white-papers/."""

from __future__ import annotations

from ipcredit.i18n import N_
from ipcredit.records import WhitePaper
from ipcredit.sections.section import SearchFields, Section, Translate, published, slug_key
from ipcredit.sections.text import english, iso, labels, summary_and_body


def _white_paper(w: WhitePaper, translate: Translate) -> SearchFields:
    return dict(
        title=w.zh.title,
        date=iso(w.published),
        meta=w.publisher,
        body=summary_and_body(w.zh),
        meta_en=labels(translate, [w.publisher]),
        **english(w.en),
    )


WHITE_PAPERS = Section(
    "white-papers", N_("白皮书"), "white_papers", slug_key, published, "white-papers",
    feed_title=N_("白皮书"), search=_white_paper, tracked=True,
)  # fmt: skip
