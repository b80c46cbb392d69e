"""The parties dataset: one row per party page, as the page shows it, in CSV, JSON and XLSX."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import openpyxl

from ipcredit.changes import follow
from ipcredit.datasets import write_all
from ipcredit.records import Text
from tests.factories import case, catalogue, dishonesty, penalty, person_penalty
from tests.web.test_parties import CODE


def _catalogue():
    penalties = (
        penalty(1, party_name="江海甲贸易有限公司", decision_date=date(2025, 5, 1)),
        penalty(2, party_name="江海甲贸易公司", decision_date=date(2025, 4, 1)),
        penalty(
            3, party_name="江海乙科技有限公司", uscc="91350100M000100Y43", decision_date=date(2025, 3, 1)
        ),
        person_penalty(),
    )
    listing = dishonesty(1, name="江海甲贸易有限公司", uscc=CODE.lower(), listed_on=date(2025, 6, 2))
    named = case("named", zh=Text("江海甲贸易有限公司侵权案", "摘要。", "<p>正文</p>"))
    return catalogue(penalties=penalties, dishonesty=(listing,), cases=(named,))


def test_one_row_per_party_most_records_first_with_counts_names_and_dates(tmp_path: Path):
    write_all(_catalogue(), tmp_path)
    with (tmp_path / "parties.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["code"] for r in rows] == [CODE, "91350100M000100Y43"]  # no row for the natural person
    first = rows[0]
    assert first["url"] == f"https://example.org/parties/{CODE}/"
    assert (first["name"], first["names"]) == ("江海甲贸易有限公司", "江海甲贸易有限公司；江海甲贸易公司")
    assert (first["penalties"], first["listings"], first["cases"]) == ("2", "1", "1")
    assert (first["listed_since"], first["latest_record"]) == ("2025-06-02", "2025-06-02")
    assert first["first_published"] == "2026-11-24"  # a first build: every record first shown today
    assert rows[1]["listed_since"] == ""
    data = json.loads((tmp_path / "parties.json").read_text(encoding="utf-8"))
    assert [(r["code"], r["penalties"], r["listings"]) for r in data] == [
        (CODE, 2, 1),
        ("91350100M000100Y43", 1, 0),
    ]
    sheet = openpyxl.load_workbook(tmp_path / "parties.xlsx").active
    assert [c.value for c in sheet[1]][:3] == ["统一社会信用代码", "页面地址", "名称"]
    assert sheet.max_row == 3


def test_first_published_is_the_earliest_of_the_partys_records(tmp_path: Path):
    """A record carried over from an earlier build keeps its date; the party's is the earliest."""
    earlier = _catalogue()
    later = follow(
        catalogue(
            as_of=date(2026, 12, 1),
            penalties=(
                *earlier.penalties,
                penalty(9, party_name="江海甲贸易有限公司", decision_date=date(2026, 11, 30)),
            ),
            dishonesty=earlier.dishonesty,
        ),
        earlier.history,
    )
    (party,) = [p for p in later.parties if p.code == CODE]
    assert party.first_published == date(2026, 11, 24)
    assert {p.first_published for p in party.penalties} == {date(2026, 11, 24), date(2026, 12, 1)}
