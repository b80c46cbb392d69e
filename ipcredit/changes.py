"""What changed since the previous build: ``first_published``, the change log, the withdrawals list.

The previous build left its published state (:class:`History`): every record it
showed (section, id, a hash of what the site showed, the day the site first
showed it), its change log and its withdrawals list. Against it, on the as-of
date D:

- a record shown now and not then is *added* on D, and first published on D
  (a record that returns, say after a data error was fixed, is added again:
  subscribers and mirrors must pick it up again);
- a record shown both times keeps its first_published; when its hash differs it
  is *changed* on D;
- a record shown then and not now is *withdrawn* on D, and enters the
  withdrawals list (id, section, date: nothing else), where it stays for
  ``withdrawal_retention_months`` (while D ≤ its date plus that many months),
  unless it returns.

The log keeps every entry of the last :data:`LOG_DAYS` days. Without a usable
previous state (the first build, or a state that could not be read) the log
starts anew on D, every record is first published on D, and ``log_started``
says so. A state dated after D is not usable either (time does not run back).
A rebuild on the same day against that day's own state changes nothing, so the
same sources, as-of date and previous state always give the same result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.records import Attachment, Change, ChangeKind, History, Shown, Withdrawal
from ipcredit.rules.periods import add_months
from ipcredit.sections import SECTIONS

LOG_DAYS = 400  # the change log keeps at least this many days


# The sections whose records the log tracks (``Section.tracked``), in the site's order.
TRACKED = tuple(s for s in SECTIONS if s.tracked)
SECTION_ORDER = {s.name: i for i, s in enumerate(TRACKED)}
_NOT_SHOWN = frozenset({"origin", "first_published"})  # where a record came from is not what it shows


def content_hash(record: Any, names: dict[type, tuple[str, ...] | None] | None = None) -> str:
    """A hash of what the site shows of a published record: every field but its origin and
    first_published, attachments by name, address, size and type (not where the file lies on
    the build machine). Empty fields are left out, so a new optional field changes no hash.
    ``names``: the shown fields of each record type (None: not a record), filled as types are
    met (pass one per build)."""
    parts: list[str] = []
    _canonical(record, parts, {} if names is None else names)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _shown_fields(kind: type) -> tuple[str, ...] | None:
    """The fields a record type shows; None for a value that is not a record (a date, an enum)."""
    if not is_dataclass(kind):  # looked up once per type: on an enum type the failed look-up is slow
        return None
    skip = {"source"} if kind is Attachment else _NOT_SHOWN
    return tuple(f.name for f in fields(kind) if f.name not in skip)


_UNSEEN = ("unseen",)


def _canonical(value: Any, parts: list[str], names: dict[type, tuple[str, ...] | None]) -> None:
    """Append ``value`` to ``parts`` as text that differs whenever what it shows differs."""
    kind = type(value)
    if kind is str:
        parts.append(repr(value))
        return
    if kind is tuple or kind is list:
        parts.append("[")
        for item in value:
            _canonical(item, parts, names)
        parts.append("]")
        return
    shown = names.get(kind, _UNSEEN)
    if shown is _UNSEEN:
        shown = names[kind] = _shown_fields(kind)
    if shown is None:  # enums by their value; dates, amounts, numbers, booleans as text
        parts.append(repr(value.value) if isinstance(value, Enum) else str(value))
        return
    parts.append("{")
    for name in shown:
        item = getattr(value, name)
        if item is not None and item != () and item != "":
            parts.append(name)
            _canonical(item, parts, names)
    parts.append("}")


def shown_digests(catalogue: Catalogue) -> Iterator[tuple[Any, str]]:
    """Each record of the catalogue the change log tracks, with a digest of what its pages show:
    its content hash and the day it was first shown. The page plan takes these instead of
    hashing every record again (:class:`~ipcredit.records.ShownDigests`: about 1 s at 100,000
    rows)."""
    if catalogue.history is None:
        return
    content = {
        (s.section, s.id): f"{s.content}:{s.first_published.isoformat()}" for s in catalogue.history.shown
    }
    for section in TRACKED:
        for record in section.records(catalogue):
            digest = content.get((section.name, section.key(record)))
            if digest is not None:
                yield record, digest


def usable(previous: History | None, as_of: date) -> History | None:
    """The previous state when a build on ``as_of`` may follow it: not one dated later."""
    return previous if previous is not None and previous.as_of <= as_of else None


def follow(catalogue: Catalogue, previous: History | None) -> Catalogue:
    """The catalogue with every record's first_published set and the history this build leaves.

    ``previous`` must be :func:`usable`; None starts the log anew."""
    as_of = catalogue.as_of
    before = {(s.section, s.id): s for s in previous.shown} if previous else {}
    shown: list[Shown] = []
    changes: list[Change] = []
    updated: dict[str, tuple] = {}
    names: dict[type, tuple[str, ...] | None] = {}  # each type's shown fields, found once
    for section in TRACKED:
        records = []
        for record in section.records(catalogue):
            key = section.key(record)
            digest = content_hash(record, names)
            old = before.pop((section.name, key), None)
            if old is None:
                first = as_of
                if previous is not None:
                    changes.append(Change(as_of, ChangeKind.ADDED, section.name, key))
            else:
                first = old.first_published
                if old.content != digest:
                    changes.append(Change(as_of, ChangeKind.CHANGED, section.name, key))
            shown.append(Shown(section.name, key, digest, first))
            records.append(replace(record, first_published=first))
        updated[section.attribute] = tuple(records)
    gone = sorted(before.values(), key=lambda s: (_section_order(s.section), s.id))
    changes.extend(Change(as_of, ChangeKind.WITHDRAWN, s.section, s.id) for s in gone)
    withdrawn = [Withdrawal(s.id, s.section, as_of) for s in gone]
    current = {(s.section, s.id) for s in shown}
    history = History(
        as_of=as_of,
        log_started=previous.log_started if previous else as_of,
        shown=tuple(shown),
        changes=_log(changes, previous.changes if previous else (), as_of),
        withdrawals=_withdrawals(
            withdrawn,
            previous.withdrawals if previous else (),
            current,
            as_of,
            catalogue.settings.publicity.withdrawal_retention_months,
        ),
    )
    return replace(catalogue, **updated, history=history)


def _section_order(section: str) -> tuple[int, str]:
    return (SECTION_ORDER.get(section, len(SECTION_ORDER)), section)


def _log(new: list[Change], old: Iterable[Change], as_of: date) -> tuple[Change, ...]:
    """This build's entries, then the previous log's of the last LOG_DAYS days, newest first
    (a stable sort: within a day, the order they were logged in); an entry logged twice once."""
    oldest = as_of - timedelta(days=LOG_DAYS)
    seen: set[Change] = set()
    merged = []
    for entry in (*new, *(c for c in old if c.date >= oldest)):
        if entry not in seen:
            seen.add(entry)
            merged.append(entry)
    return tuple(sorted(merged, key=lambda c: -c.date.toordinal()))


def _withdrawals(
    new: list[Withdrawal],
    old: Iterable[Withdrawal],
    current: set[tuple[str, str]],
    as_of: date,
    months: int,
) -> tuple[Withdrawal, ...]:
    """The list: newest first; an entry stays while as-of ≤ its date + ``months`` and its record
    is not shown again; one entry per record (the newest)."""
    kept: dict[tuple[str, str], Withdrawal] = {}
    for entry in (*new, *old):
        key = (entry.section, entry.id)
        if key in current or key in kept or add_months(entry.withdrawn_on, months) < as_of:
            continue
        kept[key] = entry
    return tuple(
        sorted(kept.values(), key=lambda w: (-w.withdrawn_on.toordinal(), _section_order(w.section), w.id))
    )
