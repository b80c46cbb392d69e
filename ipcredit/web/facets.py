"""Facets for static browse pages: a value's records, its URL slug and its label.

Shared by the registers and the cases. Facets and values compare by identity:
hashing them would walk every record they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

R = TypeVar("R")


@dataclass(frozen=True, eq=False)
class FacetValue(Generic[R]):
    slug: str  # URL segment
    label_zh: str
    label_en: str | None  # None: the Chinese label is a catalogue term, translated when shown
    items: tuple[R, ...]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True, eq=False)  # compared by identity: hashing would walk every record
class Facet(Generic[R]):
    key: str  # URL segment: year, authority, ip-type, procedure
    title: str  # Chinese label, translated in templates
    values: tuple[FacetValue[R], ...]
    ranked: bool = False  # values ordered by their counts (which change every night)

    def get(self, slug: str) -> FacetValue[R] | None:
        return self._by_slug.get(slug)

    @cached_property
    def _by_slug(self) -> dict[str, FacetValue[R]]:
        return {v.slug: v for v in self.values}
