"""The declaration types: what a section is (see :mod:`ipcredit.sections`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ipcredit.catalogue import Catalogue

Value = str | int | Decimal | date | None  # a dataset cell
Translate = Callable[[str], str]  # a Chinese label → its English label (itself when there is none)
SearchFields = dict[str, Any]  # a search document's fields other than url and section (plain data)
Description = tuple[
    str, str, str | None
]  # a facet value's slug, Chinese label, English label (None: translate)


@dataclass(frozen=True)
class Field:
    """One open-data column: what it is called (English snake_case in CSV and JSON, the Chinese
    title in XLSX), what it means, its Frictionless type, an example, and how to read it from a
    published record. Titles and descriptions are Chinese msgids."""

    name: str  # English snake_case: CSV header, JSON key, Table Schema name
    title: str  # Chinese: XLSX header and Table Schema title (msgid)
    description: str  # Chinese meaning (msgid)
    type: str  # Frictionless Table Schema type: string, integer, number, date
    example: str
    get: Callable[[Any, str], Value]  # (record, base_url) → value
    required: bool = False
    format: str | None = None  # Table Schema format, e.g. "uri"
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A section's open dataset: its records and dates are the section's."""

    name: str  # file stem under /data/ and resource name
    title: str  # Chinese (msgid)
    description: str  # Chinese (msgid)
    fields: tuple[Field, ...]
    primary_key: str | tuple[str, ...]


@dataclass(frozen=True)
class FacetRule:
    """A way to browse a section's list: one page per value (/<section>/<key>/<slug>/)."""

    key: str  # URL segment of its pages
    title: str  # Chinese (msgid)
    values: Callable[[Any], Sequence[Any]]  # a record's values: on each one's page (none: on none)
    describe: Callable[[Any, Catalogue], Description]  # a value → slug and labels
    order: Callable[[Any], object]  # sort key of a FacetValue (by_count, newest_year_first, by_slug)


def by_count(value: Any) -> object:
    """Most records first, then by slug."""
    return (-value.count, value.slug)


def newest_year_first(value: Any) -> object:
    return -int(value.slug)


def by_slug(value: Any) -> object:
    return value.slug


@dataclass(frozen=True)
class Column:
    """A column of a list's table. Its header (a Chinese msgid) labels each of its cells again
    on a phone, where a row is a card: the site's card stylesheet says so once for every row,
    so the label is not repeated in each. The row's own header (the linked name) has none."""

    label: str
    number: bool = False  # figures, right-aligned on a desk
    row_header: bool = False  # the row's <th>: the card's title


@dataclass(frozen=True)
class Section:
    name: str  # identifier: search filter value, feed name and entry category, change log section
    label: str  # short Chinese label (msgid): the search filter and feed entries show it
    attribute: str  # the Catalogue field holding its published records, in the site's order
    key: Callable[[Any], str]  # the record page's last path segment (an id or a slug)
    day: Callable[[Any], date] | None  # the date a record is new on; None for undated pages
    path: str  # URL segment its pages live under; "" for pages at the site root (/<slug>/)
    also_under: tuple[str, ...] = ()  # other URL segments of the section's list pages
    feed_title: str | None = None  # Chinese title (msgid) of its Atom feed, if it has one
    dataset: Table | None = None  # its open dataset under /data/, if it has one
    search: Callable[[Any, Translate], SearchFields] | None = None  # a record's search document fields
    brief_snippets: bool = False  # search keeps a short snippet text (many records: registers)
    facets: tuple[FacetRule, ...] = ()  # its list's browse pages (a register's index)
    combine: int = 2  # facet values one list page may combine (each more puts a record on more lists)
    tracked: bool = False  # in the change log, the withdrawals list and first_published
    columns: tuple[Column, ...] = ()  # its list's table, in the order of each row's cells

    def records(self, catalogue: Catalogue) -> Sequence[Any]:
        """Its published records, in the site's order."""
        return getattr(catalogue, self.attribute)

    @property
    def list_path(self) -> str:
        """The section's list page below the site root ("penalties/"); "" for root pages."""
        return f"{self.path}/" if self.path else ""

    @property
    def path_prefixes(self) -> tuple[str, ...]:
        """Path prefixes of every page of the section (list, facets, records)."""
        return (self.list_path, *(f"{segment}/" for segment in self.also_under))

    def record_path(self, record: Any) -> str:
        """A record page's path below the site root, with a trailing slash."""
        return self.key_path(self.key(record))

    def key_path(self, key: str) -> str:
        """The page path of the record with this key (an id in the change log, say)."""
        return f"{self.list_path}{key}/"

    def record_url(self, record: Any, base_url: str) -> str:
        """A record page's absolute URL (Chinese; the English one has en/ after the root)."""
        return base_url + self.record_path(record)


def id_key(record: Any) -> str:
    return record.id


def slug_key(record: Any) -> str:
    return record.slug


def published(record: Any) -> date:
    return record.published


def listed_on(record: Any) -> date:
    return record.listed_on
