"""Browse indexes of the registers, built once per app (see :mod:`ipcredit.web.state`).

A register is a section with facets (``Section.facets``, declared with the
section). Lists are already sorted by the rules (newest first); grouping keeps
that order, so no page re-sorts anything, and facet pages are slices of the
groups. Lookups by id are dictionaries, so rendering 100,000 detail pages
stays linear. Each index also holds its :class:`~ipcredit.web.selection.Selector`: the pairs
of facet values that have records, for the combined filter pages (where the section combines them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ipcredit.catalogue import Catalogue
from ipcredit.sections import FacetRule, Section
from ipcredit.sections.section import by_count
from ipcredit.web.facets import Facet, FacetValue
from ipcredit.web.selection import Selector

R = TypeVar("R")


@dataclass(frozen=True, eq=False)
class RegisterIndex(Generic[R]):
    records: tuple[R, ...]
    by_id: dict[str, R]
    facets: tuple[Facet[R], ...]
    selector: Selector[R]  # one value of a facet, or (combined) two of different facets, with their records

    def facet(self, key: str) -> Facet[R] | None:
        return next((f for f in self.facets if f.key == key), None)


def _facet(rule: FacetRule, records: Sequence[R], catalogue: Catalogue) -> Facet[R]:
    """Group ``records`` by the rule's values (a record with several is on each one's page; one
    pass, so the cost grows with the records), in order of first appearance, then sorted."""
    groups: dict[Any, list[R]] = {}
    for record in records:
        for value in rule.values(record):
            groups.setdefault(value, []).append(record)
    values = [FacetValue(*rule.describe(value, catalogue), tuple(items)) for value, items in groups.items()]
    return Facet(rule.key, rule.title, tuple(sorted(values, key=rule.order)), ranked=rule.order is by_count)


def register_index(section: Section, catalogue: Catalogue) -> RegisterIndex[Any]:
    """The section's records by id and its facets."""
    records = tuple(section.records(catalogue))
    facets = tuple(_facet(rule, records, catalogue) for rule in section.facets)
    selector = Selector(records, facets, section.combine)
    return RegisterIndex(records, {section.key(r): r for r in records}, facets, selector)
