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

from ipcredit.records import Case, DishonestyEntry, PartyType, Penalty

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
    case_texts = [(c, _case_text(c)) for c in cases]
    parties = []
    for code, (ps, ds, kind) in by_code.items():
        names = _names([*ps, *ds])
        named = tuple(
            c
            for c, text in case_texts
            if code in text or any(len(n) >= MIN_NAME_LENGTH and n in text for n in names)
        )
        parties.append(
            Party(
                code=code,
                names=names,
                party_type=kind,
                penalties=tuple(sorted(ps, key=lambda p: (p.decision_date, p.id), reverse=True)),
                listings=tuple(sorted(ds, key=lambda d: (d.listed_on, d.id), reverse=True)),
                cases=named,
            )
        )
    return tuple(sorted(parties, key=lambda p: (-p.record_count, p.code)))
