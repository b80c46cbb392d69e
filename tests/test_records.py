"""What pages show of a record (as_shown): every field but its origin, whatever it holds."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import replace
from enum import Enum

from ipcredit import catalogue, parties, records
from ipcredit.records import Origin, as_shown
from tests.factories import dishonesty, penalty


def _dataclasses() -> list[type]:
    found = {
        cls
        for module in (records, catalogue, parties)
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if dataclasses.is_dataclass(cls)
    }
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_as_shown_reads_the_fields_the_dataclasses_declare():
    """as_shown walks ``__dataclass_fields__`` (fields() is ten times slower), which would also
    hold ClassVar and InitVar pseudo-fields: no record type may declare one."""
    for cls in _dataclasses():
        assert [f.name for f in dataclasses.fields(cls)] == list(cls.__dataclass_fields__), cls


def test_what_pages_show_ignores_where_a_record_came_from_and_nothing_else():
    one = penalty(1)
    moved = replace(one, origin=Origin("cases_data/penalties/other.csv", 99))
    assert as_shown(moved) == as_shown(one)
    for field in dataclasses.fields(one):
        value = getattr(one, field.name)
        if field.name != "origin" and isinstance(value, str) and not isinstance(value, Enum):
            assert as_shown(replace(one, **{field.name: value + "x"})) != as_shown(one), field.name


def test_records_held_by_another_can_stand_in_by_a_name_of_their_own():
    held = (penalty(1), dishonesty(1))
    seen: list[object] = []
    shown = as_shown(held, lambda r: seen.append(r) or f"<{r.id}>")
    assert seen == list(held)
    assert shown == f"(<{penalty(1).id}>, <{dishonesty(1).id}>)"
    assert as_shown(held) == "(" + as_shown(held[0]) + ", " + as_shown(held[1]) + ")"


def test_a_catalogue_derives_every_view_before_the_writers_fork():
    """The writers' child processes inherit what the catalogue derived; one it had not would be
    derived again in each of them (the parties: 4.7 s at 100,000 rows)."""
    from functools import cached_property

    from tests.factories import catalogue as make_catalogue

    cat = make_catalogue(penalties=(penalty(1),), dishonesty=(dishonesty(1),))
    views = [name for name, member in vars(type(cat)).items() if isinstance(member, cached_property)]
    assert "parties" in views and not any(name in vars(cat) for name in views)
    assert cat.derive() is cat and all(name in vars(cat) for name in views)
