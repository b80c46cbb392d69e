"""Case publication: shown from the published date, newest first, a top-ten list in rank order."""

from __future__ import annotations

from datetime import date

from ipcredit.catalogue import publish
from ipcredit.records import Case, CaseKind, Origin, SourceSet, Text, WithholdReason
from ipcredit.rules.cases import publish_cases
from tests.factories import settings


def case(slug: str, published: date, rank: int | None = None, year: int | None = None) -> Case:
    kind = CaseKind.TOP_TEN if rank else CaseKind.TYPICAL
    return Case(
        Text(slug, "摘要", "<p>正文</p>"), None, slug, kind, year or published.year, rank, (), "江海知识产权法院",
        "民事", ("专利",), published, (), (), Origin(f"cases_data/{slug}.md", 1),
    )  # fmt: skip


def test_cases_are_newest_first_then_by_rank_then_slug():
    # Slugs chosen so that sorting by slug alone would give a different order.
    cases = [
        case("typical-b", date(2026, 4, 26)),
        case("m-second", date(2026, 4, 26), rank=2),
        case("old", date(2025, 1, 5)),
        case("0-typical-a", date(2026, 4, 26)),
        case("a-tenth", date(2026, 4, 26), rank=10),
        case("z-first", date(2026, 4, 26), rank=1),
        case("zz-newest", date(2026, 9, 1)),
    ]
    shown, withheld = publish_cases(cases, date(2026, 11, 24))
    assert [c.slug for c in shown] == [
        "zz-newest", "z-first", "m-second", "a-tenth", "0-typical-a", "typical-b", "old",
    ]  # fmt: skip
    assert withheld == []


def test_a_case_appears_on_its_published_date_and_not_before():
    due = case("due", date(2026, 11, 24))
    later = case("later", date(2026, 11, 25))
    shown, withheld = publish_cases([due, later], date(2026, 11, 24))
    assert [c.slug for c in shown] == ["due"]
    assert [(w.register, w.key, w.reason, w.origin) for w in withheld] == [
        ("cases", "later", WithholdReason.NOT_YET_EFFECTIVE, later.origin)
    ]


def test_the_catalogue_holds_published_cases_and_their_top_ten_years():
    sources = SourceSet(
        cases=(
            case("2024-01-a", date(2025, 4, 26), rank=1, year=2024),
            case("2025-02-b", date(2026, 4, 26), rank=2, year=2025),
            case("2025-01-c", date(2026, 4, 26), rank=1, year=2025),
            case("2026-01-future", date(2027, 4, 26), rank=1, year=2026),
            case("typical", date(2026, 5, 1)),
        )
    )
    catalogue = publish(sources, settings(), date(2026, 11, 24))
    assert [c.slug for c in catalogue.cases] == ["typical", "2025-01-c", "2025-02-b", "2024-01-a"]
    assert {y: [c.slug for c in cs] for y, cs in catalogue.top_ten_years.items()} == {
        2025: ["2025-01-c", "2025-02-b"],
        2024: ["2024-01-a"],
    }
    assert catalogue.current_top_ten_year == 2025
    assert [w.key for w in catalogue.withheld] == ["2026-01-future"]
