"""The table of contents nests sub-headings under their heading, so each list numbers on its own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ipcredit.records import Heading
from ipcredit.web.filters import TocEntry, toc_tree


def h(level: int, n: int) -> Heading:
    return Heading(level, f"h{n}", f"heading {n}")


def flatten(
    entries: tuple[TocEntry, ...], parent: Heading | None = None
) -> list[tuple[Heading, Heading | None]]:
    out = []
    for e in entries:
        out.append((e.heading, parent))
        out += flatten(e.children, e.heading)
    return out


def test_a_white_paper_outline_numbers_chapters_one_to_four():
    levels = [2, 2, 3, 3, 2, 3, 3, 3, 3, 2, 3, 2]
    tree = toc_tree([h(level, i) for i, level in enumerate(levels)])
    assert [e.heading.anchor for e in tree] == ["h0", "h1", "h4", "h9", "h11"]
    assert [len(e.children) for e in tree] == [0, 2, 4, 1, 0]


def test_a_sub_heading_before_any_heading_stays_at_the_top():
    tree = toc_tree([h(3, 0), h(2, 1), h(3, 2)])
    assert [e.heading.anchor for e in tree] == ["h0", "h1"]
    assert [c.heading.anchor for c in tree[1].children] == ["h2"]


@given(st.lists(st.integers(min_value=1, max_value=6), max_size=30))
def test_every_heading_sits_under_the_nearest_preceding_higher_heading(levels: list[int]):
    headings = [h(level, i) for i, level in enumerate(levels)]
    placed = flatten(toc_tree(headings))
    assert [heading for heading, _ in placed] == headings  # nothing lost, document order kept
    for i, (heading, parent) in enumerate(placed):
        higher = [x for x in headings[:i] if x.level < heading.level]
        assert parent == (higher[-1] if higher else None)
