"""Which documents are shown on the as-of date.

A document appears from its ``published`` date; a notice leaves the site the
day after its ``expires`` date (it is shown while as-of ≤ expires). Shown
documents have ID numbers in their texts masked (rules.masking).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from ipcredit.records import Case, Notice, Origin, Page, WhitePaper, Withheld, WithholdReason
from ipcredit.rules.masking import mask_document

D = TypeVar("D", WhitePaper, Notice, Case)


def _withheld(register: str, key: str, reason: WithholdReason, origin: Origin) -> Withheld:
    return Withheld(register, key, reason, origin)


def publish_dated(register: str, docs: Iterable[D], as_of: date) -> tuple[list[D], list[Withheld]]:
    """Documents whose ``published`` date has come; later ones are withheld as not yet effective."""
    shown: list[D] = []
    withheld: list[Withheld] = []
    for doc in docs:
        if doc.published > as_of:
            withheld.append(_withheld(register, doc.slug, WithholdReason.NOT_YET_EFFECTIVE, doc.origin))
        else:
            shown.append(mask_document(doc))
    return shown, withheld


def publish_notices(notices: Iterable[Notice], as_of: date) -> tuple[tuple[Notice, ...], list[Withheld]]:
    current, withheld = publish_dated("notices", notices, as_of)
    shown = []
    for notice in current:
        if notice.expires is not None and as_of > notice.expires:
            withheld.append(_withheld("notices", notice.slug, WithholdReason.EXPIRED, notice.origin))
        else:
            shown.append(notice)
    shown.sort(key=lambda n: (n.published, n.slug), reverse=True)
    return tuple(shown), withheld


def publish_white_papers(
    papers: Iterable[WhitePaper], as_of: date
) -> tuple[tuple[WhitePaper, ...], list[Withheld]]:
    shown, withheld = publish_dated("white-papers", papers, as_of)
    shown.sort(key=lambda p: (p.year, p.published, p.slug), reverse=True)
    return tuple(shown), withheld


def order_pages(pages: Iterable[Page]) -> tuple[Page, ...]:
    return tuple(sorted((mask_document(p) for p in pages), key=lambda p: (p.order, p.slug)))
