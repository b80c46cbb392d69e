"""Bar charts as SVG markup, drawn at build time: no chart script, no external files.

Horizontal bars suit long Chinese labels and narrow phones (the SVG scales
to its container). Each chart is decorative for assistive technology beyond
its title: the same numbers are in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 90
BAR_HEIGHT = 26
GAP = 10
BAR_COLOUR = "#0b4a8b"
TEXT_COLOUR = "#1b1f24"


def bar_chart(chart_id: str, title: str, points: Sequence[tuple[str, Decimal | int, str]]) -> Markup:
    """``points`` are (label, value, value as shown); values must be non-negative."""
    height = max(1, len(points)) * (BAR_HEIGHT + GAP) + GAP
    largest = max((float(value) for _, value, _ in points), default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for i, (label, value, shown) in enumerate(points):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = round(span * float(value) / largest, 1)
        middle = y + BAR_HEIGHT / 2
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{middle}" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}">{escape(shown)}</text>'
        )
    svg = (
        f'<svg class="chart" id="{escape(chart_id)}-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" font-size="14" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>{"".join(rows)}</svg>'
    )
    return Markup(svg)
