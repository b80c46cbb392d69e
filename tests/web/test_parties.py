"""Party pages: one per organisation or individual business with a published record."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from decimal import Decimal
from enum import Enum

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.records import Origin, PartyType, ShownDigests, Text, Withheld, WithholdReason
from ipcredit.web import create_app
from tests.factories import AUTHORITY, case, catalogue, dishonesty, penalty, person_penalty, withheld_penalty
from tests.web.paging import follow
from tests.web.test_register_filters import sidebar

CODE = "91110000101623741K"


def _site():
    penalties = (
        penalty(1, party_name="江海甲贸易有限公司", decision_date=date(2025, 5, 1)),
        penalty(2, party_name="江海甲贸易有限公司", decision_date=date(2025, 4, 1)),
        person_penalty(),
    )
    listing = dishonesty(1, name="江海甲贸易有限公司", uscc=CODE.lower(), listed_on=date(2025, 6, 2))
    named = case("named", zh=Text("江海甲贸易有限公司侵权案", "摘要。", "<p>正文</p>"))
    unrelated = case("unrelated", zh=Text("江海甲贸易案", "甲公司。", "<p>正文</p>"))
    withheld = Withheld(
        "penalties", withheld_penalty().decision_number, WithholdReason.EXPIRED, Origin("a.csv", 9)
    )
    return catalogue(
        penalties=penalties, dishonesty=(listing,), cases=(named, unrelated), withheld=(withheld,)
    )


def test_a_party_with_several_penalties_and_a_listing_gets_one_page_with_all_of_them():
    cat = _site()
    assert [p.code for p in cat.parties] == [CODE]  # the listing's lower-case code is the same party
    client = create_app(cat).test_client()
    for prefix in ("/", "/en/"):
        page = client.get(f"{prefix}parties/{CODE}/").get_data(as_text=True)
        for record in (*cat.penalties[:2], cat.dishonesty[0]):
            assert f"/{record.id}/" in page and record.decision_number in page
        assert "/cases/named/" in page and "/cases/unrelated/" not in page
        assert "2025-06-02" in page
    english = client.get(f"/en/parties/{CODE}/").get_data(as_text=True)
    assert "2 penalties in publicity" in english
    for record in (*cat.penalties[:2], cat.dishonesty[0]):
        section = "penalties" if record in cat.penalties else "dishonesty"
        assert f"/parties/{CODE}/" in client.get(f"/{section}/{record.id}/").get_data(as_text=True)
    assert CODE in client.get("/parties/").get_data(as_text=True)


def test_a_natural_person_gets_no_party_page():
    cat = catalogue(penalties=(person_penalty(),))
    assert cat.parties == ()
    client = create_app(cat).test_client()
    assert "张**" not in client.get("/parties/").get_data(as_text=True)


def test_a_party_whose_records_are_all_withheld_gets_no_page():
    raw = withheld_penalty()
    withheld = Withheld("penalties", raw.decision_number, WithholdReason.EXPIRED, Origin("a.csv", 9))
    cat = catalogue(withheld=(withheld,))
    assert cat.parties == ()
    client = create_app(cat).test_client()
    assert client.get(f"/parties/{raw.uscc}/").status_code == 404
    assert raw.party_name not in client.get("/parties/").get_data(as_text=True)


def test_parties_are_browsed_by_category_dishonesty_list_and_authority_in_both_languages():
    cat = catalogue(
        penalties=(
            penalty(1, party_name="江海甲贸易有限公司"),
            penalty(
                2,
                party_name="江海丙商行",
                uscc="92330100MA2H3J4K5L",
                party_type=PartyType.INDIVIDUAL_BUSINESS,
            ),
        ),
        dishonesty=(dishonesty(1, name="江海甲贸易有限公司", uscc=CODE),),
    )
    client = create_app(cat).test_client()
    listed = client.get("/parties/dishonesty/listed/").get_data(as_text=True)
    assert CODE in listed and "92330100MA2H3J4K5L" not in listed
    business = client.get("/en/parties/type/individual-business/").get_data(as_text=True)
    assert "92330100MA2H3J4K5L" in business and CODE not in business and "Individual business" in business
    authority = "".join(page for _path, page in follow(client, f"/parties/authority/{AUTHORITY.uscc}/"))
    assert CODE in authority and "92330100MA2H3J4K5L" in authority
    sidebar = client.get("/en/parties/").get_data(as_text=True)
    assert (
        "On the serious dishonesty list" in sidebar and 'href="/en/parties/dishonesty/not-listed/"' in sidebar
    )
    assert client.get("/parties/dishonesty/nobody/").status_code == 404


def test_the_party_list_filters_by_one_value_at_a_time():
    """The party list does not combine filters (each combination would put every party on more
    lists a night rewrites): a filtered page links the chosen facet's other values, says how to
    filter by another, and no combination has a page, nor is one frozen."""
    from ipcredit.web import section_urls

    cat = catalogue(
        penalties=(penalty(1, party_name="江海甲贸易有限公司"),),
        dishonesty=(dishonesty(1, name="江海甲贸易有限公司", uscc=CODE),),
    )
    app = create_app(cat)
    client = app.test_client()
    page = client.get("/parties/dishonesty/listed/").get_data(as_text=True)
    links = set(re.findall(r'href="(/parties/[^"]*)"', sidebar(page)))
    assert "/parties/dishonesty/listed/" in links and "/parties/" in links
    assert not [link for link in links if link.count("/") > 4]  # no pair of values
    assert "/parties/type/organisation/" not in links  # another facet: its own list, from /parties/
    assert "不能与已选的筛选条件同时使用" in page
    assert client.get("/parties/type/organisation/dishonesty/listed/").status_code == 404
    assert client.get(f"/parties/dishonesty/listed/authority/{AUTHORITY.uscc}/").status_code == 404
    assert client.get("/parties/type/organisation/").status_code == 200
    with app.test_request_context():
        frozen = [values for endpoint, values in section_urls(cat) if endpoint.startswith("parties.")]
    assert frozen and not [v for v in frozen if "facet2" in v]
    # The penalties still combine theirs.
    assert (
        client.get(f"/penalties/year/{penalty(1).decision_date.year}/ip-type/trademark/").status_code == 200
    )


def test_party_pages_say_what_they_show_so_a_night_rerenders_only_changed_parties():
    from ipcredit.web.views.parties import views

    before = catalogue(penalties=(penalty(1), penalty(2, uscc="92330100MA2H3J4K5L")))
    after = catalogue(penalties=(penalty(1), penalty(2, uscc="92330100MA2H3J4K5L", facts="更正。")))
    inputs = {}
    for name, cat in (("before", before), ("after", after)):
        with create_app(cat).app_context():
            assert views.page_inputs is not None
            shows = views.page_inputs(cat, ShownDigests())
            inputs[name] = {repr(sorted(v.items())): shows(e, v) for e, v in views.urls(cat)}
    changed = {page for page in inputs["before"] if inputs["before"][page] != inputs["after"][page]}
    details = {page for page in changed if "record_id" in page}
    assert details == {repr([("record_id", "92330100MA2H3J4K5L")])}  # not the unchanged party's page


def test_the_statistics_page_counts_repeat_offenders_and_links_the_top_ones(monkeypatch):
    from ipcredit.web.views import statistics

    monkeypatch.setattr(statistics, "REPEAT_OFFENDERS_SHOWN", 1)
    codes = ("91110000101623741K", "91350100M000100Y43", "92330100MA2H3J4K5L")
    penalties = (
        *(penalty(n, uscc=codes[0]) for n in (1, 2, 3)),  # three penalties
        *(penalty(n, uscc=codes[1]) for n in (4, 5)),  # two
        penalty(6, uscc=codes[2]),  # one: not a repeat offender
    )
    client = create_app(catalogue(penalties=penalties)).test_client()
    english = client.get("/en/statistics/").get_data(as_text=True)
    assert "2 parties have more than one penalty decision in publicity." in english
    assert "The table lists the 1 with the most penalty decisions." in english
    assert f'href="/en/parties/{codes[0]}/"' in english and f"/parties/{codes[1]}/" not in english
    chinese = client.get("/statistics/").get_data(as_text=True)
    assert (
        "2 个当事人有两条以上正在公示的行政处罚决定。" in chinese
        and f'href="/parties/{codes[0]}/"' in chinese
    )
    alone = create_app(catalogue(penalties=(penalty(6, uscc=codes[2]),))).test_client()
    assert "No party currently has more than one" in alone.get("/en/statistics/").get_data(as_text=True)


def test_every_register_list_has_a_page_when_it_is_empty():
    web = create_app(catalogue(penalties=(person_penalty(),))).test_client()
    for path in ("/parties/", "/en/parties/", "/dishonesty/", "/key-trademarks/", "/en/risk-points/"):
        response = web.get(path)
        assert response.status_code == 200, path
        assert "<table" in response.get_data(as_text=True)


def _party_page_inputs(cat) -> str:
    """What the build compares to tell whether the party's page must be rendered again."""
    from ipcredit.web import page_inputs

    app = create_app(cat)
    with app.test_request_context():
        shown = page_inputs(cat)("parties.detail", {"record_id": CODE, "lang": "zh"})
    assert shown is not None
    return shown


def _changed(value: object) -> object:
    if isinstance(value, str):
        return value + "（更正）"
    if isinstance(value, Decimal):
        return value + 1
    return (*value, "责令改正")  # a tuple of terms


_SHOWN_FIELDS = sorted(
    f.name
    for f in fields(penalty(1))
    if isinstance(getattr(penalty(1), f.name), str | tuple | Decimal)
    and not isinstance(getattr(penalty(1), f.name), Enum)  # another member may withhold the record
    if f.name not in ("id", "uscc", "authority", "authority_uscc")  # the party, or who decided
)


@settings(max_examples=len(_SHOWN_FIELDS) * 2, deadline=None)
@given(name=st.sampled_from(_SHOWN_FIELDS), which=st.sampled_from((0, 1)))
def test_a_party_page_is_rendered_again_whenever_anything_of_one_of_its_records_changes(
    name: str, which: int
):
    """A party's page inputs name its penalties by their own digests: changing any field of
    either of its two penalties changes them, so the night renders the page again."""
    from dataclasses import replace

    records = [penalty(1), penalty(2)]
    before = _party_page_inputs(catalogue(penalties=tuple(records)))
    records[which] = replace(records[which], **{name: _changed(getattr(records[which], name))})
    assert _party_page_inputs(catalogue(penalties=tuple(records))) != before
    assert _party_page_inputs(catalogue(penalties=(penalty(1), penalty(2)))) == before
