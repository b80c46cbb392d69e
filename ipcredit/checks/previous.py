"""The previous build's published state, checked field by field into a :class:`History`.

The state comes from a folder anyone on the build machine may edit, or from a
web server: it is hostile input. :func:`parse_history` accepts exactly the form
:func:`dump_history` writes (``data/published.json``) and answers anything
else, whatever it holds, with a reason, so the change log starts anew instead
of a traceback or a log built on wrong data.

The form, compact because it lists every published record::

    {"format": "ipcredit-published", "version": 1, "as_of": "2026-11-30",
     "log_started": "2026-11-01",
     "shown": {"penalties": [["<id>", "<hash>", "<first_published>"], …], …},
     "changes": [["<date>", "added|changed|withdrawn", "<section>", "<id>"], …],
     "withdrawals": [["<id>", "<section>", "<withdrawn_on>"], …]}
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from ipcredit.checks.dates import EARLIEST
from ipcredit.problems import bilingual
from ipcredit.records import Change, ChangeKind, History, Shown, Withdrawal

FORMAT, VERSION = "ipcredit-published", 1
KEYS = {"format", "version", "as_of", "log_started", "shown", "changes", "withdrawals"}
SECTION = re.compile(r"[a-z][a-z-]{0,39}")
ID = re.compile(r"[0-9a-z][0-9a-z-]{0,199}")  # a record id (hex) or a document's slug
HASH = re.compile(r"[0-9a-f]{16}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KINDS = {k.value: k for k in ChangeKind}


class Damaged(ValueError):
    """Why a state cannot be used (bilingual)."""


def dump_history(history: History) -> str:
    """The state as ``data/published.json`` holds it: one line per record, sorted, so the same
    history is always the same bytes."""
    shown: dict[str, list[str]] = {}
    for s in history.shown:
        shown.setdefault(s.section, []).append(json.dumps([s.id, s.content, s.first_published.isoformat()]))
    lines = [
        "{",
        f'"format": "{FORMAT}", "version": {VERSION}, "as_of": "{history.as_of.isoformat()}",',
        f'"log_started": "{history.log_started.isoformat()}",',
        '"shown": {',
        ",\n".join(f'"{section}": [\n' + ",\n".join(rows) + "\n]" for section, rows in shown.items()),
        "},",
        '"changes": [',
        ",\n".join(
            json.dumps([c.date.isoformat(), c.change.value, c.section, c.id]) for c in history.changes
        ),
        "],",
        '"withdrawals": [',
        ",\n".join(json.dumps([w.id, w.section, w.withdrawn_on.isoformat()]) for w in history.withdrawals),
        "]",
        "}",
    ]
    return "\n".join(lines) + "\n"


def parse_history(data: bytes) -> History:
    """The state in ``data``; raises :class:`Damaged` with the reason for anything else."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Damaged(
            bilingual(f"不是有效的 JSON（{type(exc).__name__}）", f"not valid JSON ({exc})")
        ) from None
    if not isinstance(doc, dict) or set(doc) != KEYS:
        raise _damaged(
            "顶层应恰好包含这些键", "the top level must hold exactly these keys", ", ".join(sorted(KEYS))
        )
    if doc["format"] != FORMAT or type(doc["version"]) is not int or doc["version"] != VERSION:
        raise _damaged("格式或版本不对", "unknown format or version", f"{FORMAT} {VERSION}")
    as_of = _day(doc["as_of"], "as_of", None)
    log_started = _day(doc["log_started"], "log_started", as_of)
    return History(
        as_of=as_of,
        log_started=log_started,
        shown=_shown(doc["shown"], as_of),
        changes=tuple(_change(row, as_of) for row in _list(doc["changes"], "changes")),
        withdrawals=_withdrawals(doc["withdrawals"], as_of),
    )


def _damaged(zh: str, en: str, detail: str) -> Damaged:
    return Damaged(bilingual(f"{zh}：{detail}", f"{en}: {detail}"))


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise _damaged("应为数组", "must be an array", where)
    return value


def _text(value: Any, pattern: re.Pattern[str], where: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _damaged("值不合格式", "a value has the wrong form", where)
    return value


def _day(value: Any, where: str, latest: date | None) -> date:
    """An ISO date no earlier than the sources' range and no later than the state's own as-of."""
    text = _text(value, DAY, where)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _damaged("不是有效日期", "not a valid date", where) from None
    if day < EARLIEST or (latest is not None and day > latest):
        raise _damaged("日期超出范围", "a date out of range", where)
    return day


def _row(value: Any, size: int, where: str) -> list:
    if not isinstance(value, list) or len(value) != size:
        raise _damaged(f"每项应为 {size} 个值的数组", f"each entry must be an array of {size} values", where)
    return value


def _shown(value: Any, as_of: date) -> tuple[Shown, ...]:
    if not isinstance(value, dict):
        raise _damaged("应为对象", "must be an object", "shown")
    found: list[Shown] = []
    seen: set[tuple[str, str]] = set()
    for section, rows in value.items():
        _text(section, SECTION, "shown")
        for row in _list(rows, f"shown.{section}"):
            key, content, first = _row(row, 3, f"shown.{section}")
            entry = Shown(
                section,
                _text(key, ID, f"shown.{section}"),
                _text(content, HASH, f"shown.{section}"),
                _day(first, f"shown.{section}", as_of),
            )
            if (section, entry.id) in seen:
                raise _damaged("记录重复", "a record is listed twice", f"shown.{section} {entry.id}")
            seen.add((section, entry.id))
            found.append(entry)
    return tuple(found)


def _change(value: Any, as_of: date) -> Change:
    day, kind, section, key = _row(value, 4, "changes")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise _damaged("变更类别不对", "an unknown kind of change", "changes")
    return Change(
        _day(day, "changes", as_of),
        _KINDS[kind],
        _text(section, SECTION, "changes"),
        _text(key, ID, "changes"),
    )


def _withdrawals(value: Any, as_of: date) -> tuple[Withdrawal, ...]:
    found = []
    for row in _list(value, "withdrawals"):
        key, section, day = _row(row, 3, "withdrawals")
        found.append(
            Withdrawal(
                _text(key, ID, "withdrawals"),
                _text(section, SECTION, "withdrawals"),
                _day(day, "withdrawals", as_of),
            )
        )
    return tuple(found)
