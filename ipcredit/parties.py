"""Parties: every organisation or individual business with a published record.

Built only from the catalogue's published, masked penalties and dishonesty
listings, so a withheld record can never contribute a name, a code or a date.
A party is keyed by its 统一社会信用代码 (upper case); natural persons get no
party, nor does a record without a credit code (it could not be told apart
from another party of the same name).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import ahocorasick_rs

from ipcredit.records import Case, DishonestyEntry, PartyType, Penalty

# How many repeat offenders the statistics page lists by name (the count covers them all).
REPEAT_OFFENDERS_SHOWN = 10

# A case names a party when the party's full recorded name appears in its text; names
# shorter than this are too likely to occur inside other words to count as a mention.
MIN_NAME_LENGTH = 4


@dataclass(frozen=True)
class Party:
    code: str  # 统一社会信用代码, upper case: the page's key
    names: tuple[str, ...]  # as recorded, in order of first appearance
    party_type: PartyType
    penalties: tuple[Penalty, ...]  # newest decision first
    listings: tuple[DishonestyEntry, ...]  # newest listing first
    cases: tuple[Case, ...] = ()  # typical and top-ten cases that name the party

    @property
    def id(self) -> str:
        return self.code

    @property
    def record_count(self) -> int:
        return len(self.penalties) + len(self.listings)

    @property
    def updated(self) -> date:
        """The newest date among its records (the day its page last had news)."""
        return max([p.decision_date for p in self.penalties] + [d.listed_on for d in self.listings])

    @property
    def first_published(self) -> date | None:
        """The earliest first_published of its published records: its page has been on the site
        at least since then (a record shown again after a withdrawal counts from its return)."""
        return min(
            (r.first_published for r in (*self.penalties, *self.listings) if r.first_published), default=None
        )

    @property
    def listed_since(self) -> date | None:
        """The earliest listing date on the dishonesty list, if the party is on it."""
        return min((d.listed_on for d in self.listings), default=None)


def _names(records: Iterable[Any]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for record in records:
        seen.setdefault(record.party_name if isinstance(record, Penalty) else record.name, None)
    return tuple(seen)


def _case_text(case: Case) -> str:
    texts = [case.zh, *([case.en] if case.en else [])]
    return "\n".join(f"{t.title}\n{t.summary}\n{t.body_html}" for t in texts)


def _cases_naming(keys: list[tuple[str, ...]], cases: Iterable[Case]) -> list[list[Case]]:
    """For each party's search keys (its code and names), the cases whose text holds one of them.

    One Aho-Corasick automaton over every key, one pass over each case's text: the cost
    grows with the keys plus the text, not with parties × cases.
    """
    owners: dict[str, list[int]] = {}
    for index, party_keys in enumerate(keys):
        for key in party_keys:
            owners.setdefault(key, []).append(index)
    named: list[list[Case]] = [[] for _ in keys]
    if not owners:
        return named
    patterns = sorted(owners)
    matcher = ahocorasick_rs.AhoCorasick(patterns)
    for case in cases:
        hits = matcher.find_matches_as_indexes(_case_text(case), overlapping=True)
        for index in sorted({i for pattern, _start, _end in hits for i in owners[patterns[pattern]]}):
            named[index].append(case)  # cases arrive in the site's order, and stay in it
    return named


def _keys(code: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """What marks a case as naming the party: its code, and its names long enough to be telling."""
    return (code, *(n for n in names if len(n) >= MIN_NAME_LENGTH))


def build_parties(
    penalties: Iterable[Penalty], listings: Iterable[DishonestyEntry], cases: Iterable[Case]
) -> tuple[Party, ...]:
    """The parties of the published records, most records first, then by code."""
    by_code: dict[str, tuple[list[Penalty], list[DishonestyEntry], PartyType]] = {}
    for p in penalties:
        if p.uscc and p.party_type is not PartyType.PERSON:
            by_code.setdefault(p.uscc.upper(), ([], [], p.party_type))[0].append(p)
    for d in listings:
        if d.uscc and d.entity_type is not PartyType.PERSON:
            by_code.setdefault(d.uscc.upper(), ([], [], d.entity_type))[1].append(d)
    names = {code: _names([*ps, *ds]) for code, (ps, ds, _kind) in by_code.items()}
    named = _cases_naming([_keys(code, names[code]) for code in by_code], cases)
    parties = [
        Party(
            code=code,
            names=names[code],
            party_type=kind,
            penalties=tuple(sorted(ps, key=lambda p: (p.decision_date, p.id), reverse=True)),
            listings=tuple(sorted(ds, key=lambda d: (d.listed_on, d.id), reverse=True)),
            cases=tuple(found),
        )
        for (code, (ps, ds, kind)), found in zip(by_code.items(), named, strict=True)
    ]
    return tuple(sorted(parties, key=lambda p: (-p.record_count, p.code)))


def repeat_offenders(parties: Iterable[Party]) -> tuple[Party, ...]:
    """Parties with more than one published penalty: most penalties first, then by code."""
    repeat = (p for p in parties if len(p.penalties) > 1)
    return tuple(sorted(repeat, key=lambda p: (-len(p.penalties), p.code)))
