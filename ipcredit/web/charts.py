"""Bar charts drawn at build time as HTML with one SVG bar each: no chart script, no external files.

Labels and values are HTML text, not SVG text: SVG text scales with the
drawing, so a chart narrowed to a 320 px phone would shrink its labels below
a readable size, while HTML text keeps the reader's text size (and grows with
it at 200 %). Only the bar itself is drawn, as a rectangle stretched across
its track, whose width is an attribute (no inline style, which the site's
Content-Security-Policy forbids). Long Chinese labels wrap beside the bar on a
desk and sit above it on a phone. The same numbers are in a table below each
chart, so the bars are hidden from assistive technology.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

BAR_COLOUR = "#0b4a8b"


def bar_chart(chart_id: str, title: str, points: Sequence[tuple[str, Decimal | int, str]]) -> Markup:
    """``points`` are (label, value, value as shown); values must be non-negative."""
    largest = max((float(value) for _, value, _ in points), default=0.0) or 1.0
    rows = []
    for label, value, shown in points:
        share = round(100 * float(value) / largest, 1)
        rows.append(
            f'<li><span class="bar-label">{escape(label)}</span>'
            f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            f'<rect width="{share}" height="10" fill="{BAR_COLOUR}"/></svg>'
            f'<span class="bar-value">{escape(shown)}</span></li>'
        )
    return Markup(
        f'<ul class="bar-chart" id="{escape(chart_id)}-chart" aria-label="{escape(title)}">{"".join(rows)}</ul>'
    )
