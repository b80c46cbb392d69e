"""Publication rules: validated sources + as-of date → the published catalogue.

The only place that knows about dates, publicity windows, withdrawal and
masking. Submodules hold one rule set each (documents, penalties, dishonesty,
masking, the protection lists); :func:`publish` puts them together.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ipcredit.catalogue import Catalogue
from ipcredit.records import SourceSet, Withheld
from ipcredit.rules.cases import publish_cases
from ipcredit.rules.classes import ordered_tally
from ipcredit.rules.dishonesty import publish_dishonesty
from ipcredit.rules.documents import order_pages, publish_notices, publish_white_papers
from ipcredit.rules.penalties import publish_penalties
from ipcredit.rules.protection import publish_risk_points, publish_trademarks
from ipcredit.settings import Settings


def publish(sources: SourceSet, settings: Settings, as_of: date) -> Catalogue:
    white_papers, withheld_papers = publish_white_papers(sources.white_papers, as_of)
    notices, withheld_notices = publish_notices(sources.notices, as_of)
    cases, withheld_cases = publish_cases(sources.cases, as_of)
    classes: Counter[tuple[str, str]] = Counter()
    penalties, withheld_penalties = publish_penalties(sources.penalties, settings, as_of, classes)
    dishonesty, withheld_listings = publish_dishonesty(sources.dishonesty, settings, as_of)
    key_trademarks, withheld_marks = publish_trademarks(sources.key_trademarks, settings, as_of)
    risk_points, withheld_places = publish_risk_points(sources.risk_points, as_of)
    withheld: list[Withheld] = [
        *withheld_papers, *withheld_notices, *withheld_cases, *withheld_penalties, *withheld_listings,
        *withheld_marks, *withheld_places,
    ]  # fmt: skip
    return Catalogue(
        as_of=as_of,
        settings=settings,
        white_papers=white_papers,
        notices=notices,
        pages=order_pages(sources.pages),
        authorities=sources.authorities,
        cases=cases,
        penalties=penalties,
        dishonesty=dishonesty,
        withheld=tuple(withheld),
        key_trademarks=key_trademarks,
        risk_points=risk_points,
        penalty_classes=ordered_tally(classes, settings.publicity),
    )
