"""The statistics page: headline figures and charts of what is published."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from flask import Blueprint, render_template
from markupsafe import Markup

from ipcredit.catalogue import Catalogue
from ipcredit.parties import REPEAT_OFFENDERS_SHOWN, repeat_offenders
from ipcredit.sections import PARTIES
from ipcredit.statistics import Series
from ipcredit.web.charts import bar_chart
from ipcredit.web.context import lang as page_lang
from ipcredit.web.context import site_state, translate
from ipcredit.web.i18n import format_decimal_value
from ipcredit.web.routing import bilingual_route
from ipcredit.web.views import SectionViews

bp = Blueprint("statistics", __name__)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str
    svg: Markup
    rows: tuple[tuple[str, str], ...]  # (label, value as shown) for the table


def charts(keys: tuple[str, ...] | None = None) -> list[Chart]:
    """Charts in the page language; ``keys`` picks some (the home page shows two)."""
    gettext = translate
    out = []
    for series in site_state().chart_series:
        if (keys is None or series.key in keys) and series.points:
            out.append(_chart(series, gettext))
    return out


def _label(series: Series, label: str, lang: str, gettext) -> str:
    if series.label_for is not None:
        return series.label_for(label, lang)
    return gettext(label) if series.translate_labels else label


def _chart(series: Series, gettext) -> Chart:
    lang = page_lang()
    points = [
        (
            _label(series, label, lang, gettext),
            value,
            format_decimal_value(Decimal(value), lang),
        )
        for label, value in series.points
    ]
    title = gettext(series.title)
    return Chart(
        series.key,
        title,
        gettext(series.unit),
        bar_chart(series.key, title, points),
        tuple((p[0], p[2]) for p in points),
    )


@bilingual_route(bp, "/statistics/")
def page() -> str:
    repeat = repeat_offenders(site_state().catalogue.parties)
    return render_template(
        "statistics.html",
        figures=site_state().headline,
        charts=charts(),
        repeat_offenders=repeat,
        repeat_shown=repeat[:REPEAT_OFFENDERS_SHOWN],
        card_table=PARTIES.name,
        columns=PARTIES.columns,
    )


def urls(_cat: Catalogue) -> Iterator[tuple[str, dict]]:
    yield "statistics.page", {}


views = SectionViews(bp, urls)
