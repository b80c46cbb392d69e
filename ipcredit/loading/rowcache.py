"""What each register row gave in the last build, so that a night validates again only the
rows that changed.

A row's outcome (its record without the line it is on, its claim on its decision
number, its problems without their place) is a function of the row's cells and of
what the row builder reads besides them: the file's columns, the settings, the
authorities and the code (``RowMemo`` in :mod:`ipcredit.loading.registers` hashes
them all into each row's key). The cache maps those keys to outcomes. A row found in
it is not validated again: its problems are reported at its current place and its
record is made from the stored values, equal to what reading the row would give
(tests load hostile registers both ways and compare records and problems).

The file lives beside the output, never in it, readable by its owner only: it holds
what the sources hold, unmasked personal data included. It is plain JSON, like the
build's other state: nothing in it is run, and every stored value is checked against
its field's type when used (a value that fails makes its row read afresh). One made
by other code or another Python, or unreadable, is ignored with a note. Each build
writes the outcomes of the rows it read, so rows gone from the sources leave it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from pathlib import Path
from typing import Any, Generic, TypeVar, get_type_hints

from ipcredit.problems import Level
from ipcredit.records import Origin

FORMAT = 1
KEY_LENGTH = 32  # hex digits of a row's key
# JSON lists: [the record's values (its origin null) or null for a row with an error,
#  the decision number's claim [as written, canonical, record id, column] or null,
#  the row's problems [[level, message, column or null], …]]
Outcome = list[Any]
Taken = tuple[list[str], dict[str, Outcome]]  # the keys asked for, the outcomes learnt
LEVELS = frozenset(level.value for level in Level)


class RowCache:
    """Outcomes by row key: those of the last build (``known``) and this build's (``fresh``,
    for rows not found); :meth:`save` writes those of every row this build asked for."""

    def __init__(self, context: str, known: dict[str, Outcome] | None = None, note: str = "") -> None:
        self.context = context  # the code and the Python that made the outcomes
        self.known = known if known is not None else {}
        self.asked: list[str] = []
        self.fresh: dict[str, Outcome] = {}
        self.note = note  # why the previous cache was not used, when it was not
        self.kept_counts: tuple[int, int] | None = None

    @classmethod
    def read(cls, path: Path, context: str) -> RowCache:
        """The cache at ``path`` if this code made it; else an empty one saying why not."""
        if path.is_symlink():
            return cls(context, note="a symbolic link")
        try:
            with path.open("rb") as file:
                found = json.load(file)
        except FileNotFoundError:
            return cls(context)
        except (OSError, ValueError, RecursionError) as exc:  # not JSON, not UTF-8, a folder…
            return cls(context, note=f"unreadable ({type(exc).__name__})")
        if not isinstance(found, dict) or (found.get("format"), found.get("context")) != (FORMAT, context):
            return cls(context, note="made by other code")
        rows = found.get("rows")
        if not isinstance(rows, dict):
            return cls(context, note="damaged")
        return cls(context, rows)

    @property
    def counts(self) -> tuple[int, int]:
        """(rows asked for, rows read afresh) in this build."""
        return self.kept_counts or (len(self.asked), len(self.fresh))

    def release(self) -> None:
        """Forget the outcomes once saved (or being saved by another process): at 100,000
        rows they hold over 100 MB the rest of the build does not need. The counts stay."""
        self.kept_counts = self.counts
        self.known, self.asked, self.fresh = {}, [], {}

    def get(self, key: str) -> Outcome | None:
        self.asked.append(key)
        return self.known.get(key)

    def put(self, key: str, outcome: Outcome) -> None:
        self.fresh[key] = outcome

    def beside(self) -> RowCache:
        """The same known outcomes, for a second process: its :meth:`taken` is :meth:`add`-ed
        to this one's afterwards."""
        return RowCache(self.context, self.known)

    def taken(self) -> Taken:
        return self.asked, self.fresh

    def add(self, taken: Taken) -> None:
        asked, fresh = taken
        self.asked += asked
        self.fresh.update(fresh)

    def outcomes(self) -> dict[str, Outcome]:
        """The outcome of every row asked for in this build."""
        return {key: self.fresh[key] if key in self.fresh else self.known[key] for key in self.asked}

    def save(self, path: Path) -> None:
        """Write :meth:`outcomes` to ``path``, whole or not at all, readable by its owner only."""
        temporary = path.with_name(path.name + ".tmp")
        temporary.unlink(missing_ok=True)  # one left by a killed build may have other permissions
        with os.fdopen(
            # surrogatepass: as json.load reads it back; no source text has a lone surrogate today
            os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
            "w",
            encoding="utf-8",
            errors="surrogatepass",
        ) as file:
            json.dump(
                {"format": FORMAT, "context": self.context, "rows": self.outcomes()}, file, ensure_ascii=False
            )
            file.flush()
            os.fsync(file.fileno())  # on disk before it takes the name: a power cut leaves the old file
        os.replace(temporary, path)


def context(code: str) -> str:
    """The code's fingerprint with the Python that runs it: another Python may read cells or
    format numbers differently."""
    return f"{code} {sys.version}"


R = TypeVar("R")
Decode = Callable[[Any], Any]


class RecordCodec(Generic[R]):
    """A record's values as JSON and back, each value checked against its field's type."""

    def __init__(self, kind: type[R]) -> None:
        hints = get_type_hints(kind)
        self.kind, self.names = kind, [f.name for f in fields(kind)]
        self.origin_at = self.names.index("origin")
        # Text fields are checked together (most fields are text); the others each converted.
        at = {
            hint: [i for i, name in enumerate(self.names) if hints[name] == hint]
            for hint in (str, str | None)
        }
        self.texts, self.optional_texts = _getter(at[str]), _getter(at[str | None])
        self.converted = [(i, _decoder(hints[name])) for i, name in enumerate(self.names)
                          if hints[name] not in (str, str | None, Origin)]  # fmt: skip

    def encode(self, record: R) -> list[Any]:
        values = [_plain(getattr(record, name)) for name in self.names]
        values[self.origin_at] = None  # the place is the row's, given again on each reading
        return values

    def decode(self, values: Any, origin: Origin) -> R:
        """The record, or ValueError, TypeError or ArithmeticError when a value does not fit."""
        if type(values) is not list or len(values) != len(self.names):
            raise ValueError("not the record's values")
        if (
            not set(map(type, self.texts(values))) <= _TEXT
            or not set(map(type, self.optional_texts(values))) <= _OPTIONAL
        ):
            raise TypeError("not text")
        decoded = values.copy()
        for at, decode in self.converted:
            decoded[at] = decode(values[at])
        decoded[self.origin_at] = origin
        return self.kind(*decoded)


_TEXT, _OPTIONAL = frozenset({str}), frozenset({str, type(None)})


def _getter(indices: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The values at ``indices``, always as a tuple (itemgetter gives one index's value bare)."""
    if len(indices) > 1:
        return itemgetter(*indices)
    return lambda values: tuple(values[i] for i in indices)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _decoder(hint: Any) -> Decode:
    """What turns a JSON value back into a value of the type ``hint`` (str, date, Decimal, an
    enum, tuple[str, ...], each optionally ``| None``)."""
    args = getattr(hint, "__args__", ())
    if type(None) in args:
        inner = _decoder(next(a for a in args if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if hint is str:
        return _text
    if hint is date:
        return lambda value: date.fromisoformat(_text(value))
    if hint is Decimal:
        return _amount
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda value: hint(_text(value))
    if getattr(hint, "__origin__", None) is tuple and args == (str, ...):
        return _texts
    raise TypeError(f"no JSON form for {hint!r}")  # a new field type: teach the codec


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise TypeError("not a list")
    return tuple(_text(item) for item in value)


def _amount(value: Any) -> Decimal:
    number = Decimal(_text(value))
    if not number.is_finite():
        raise ValueError("not a finite amount")
    return number


def claim_of(value: Any) -> tuple[str, str, str, str] | None:
    """A stored claim, checked: four texts, or None."""
    if value is None:
        return None
    if type(value) is not list or len(value) != 4:
        raise ValueError("not a claim")
    if not set(map(type, value)) <= _TEXT:
        raise TypeError("not text")
    number, normalised, rid, column = value
    return number, normalised, rid, column


def problems_of(value: Any) -> list[tuple[str, str, str | None]]:
    """Stored problems, checked: each a level, a message and a column (or None)."""
    if type(value) is not list:
        raise TypeError("not a list of problems")
    found = []
    for item in value:
        if type(item) is not list or len(item) != 3 or item[0] not in LEVELS:
            raise ValueError("not a problem")
        found.append((item[0], _text(item[1]), None if item[2] is None else _text(item[2])))
    return found
