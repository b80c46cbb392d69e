"""Atom feeds: valid, exactly the newest published items, stable from build to build."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import feedparser
from lxml import etree

from ipcredit.web import create_app
from ipcredit.web.views.feeds import FEED_SIZE, FEEDS
from tests.factories import (
    RAW_ID_NUMBER,
    key_trademark,
    penalty,
    risk_point,
    sample_catalogue,
    withheld_penalty,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def get(cat, url: str) -> bytes:
    response = create_app(cat).test_client().get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/atom+xml"
    return response.data


def parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_every_feed_parses_and_lists_exactly_the_published_items_newest_first():
    cat = sample_catalogue()
    base = "https://example.org/"
    expected = {
        "penalties": [f"{base}penalties/{p.id}/" for p in cat.penalties],
        "dishonesty": [f"{base}dishonesty/{d.id}/" for d in cat.dishonesty],
        "cases": [f"{base}cases/top-pump/", f"{base}cases/typical-tea/"],
        "white-papers": [f"{base}white-papers/2025-paper/"],
        "notices": [f"{base}notices/service-1/"],
    }
    for name, links in expected.items():
        feed = parse(get(cat, f"/feeds/{name}.atom"))
        assert [e.link for e in feed.entries] == links, name
    everything = parse(get(cat, "/feeds/all.atom"))
    assert sorted(e.link for e in everything.entries) == sorted(
        link for links in expected.values() for link in links
    )
    days = [e.updated for e in everything.entries]
    assert days == sorted(days, reverse=True)
    # A first build: everything first published on the as-of date, so the records' own dates
    # order them; the newest, 2026-10-15, comes first.
    assert everything.entries[0].link == f"{base}notices/service-1/"
    assert everything.feed.updated == "2026-11-24T00:00:00+08:00"  # first_published, not the clock


def test_entries_have_ids_titles_dates_summaries_and_the_feed_is_atom():
    cat = sample_catalogue()
    published = (
        len(cat.penalties) + len(cat.dishonesty) + len(cat.cases) + len(cat.white_papers) + len(cat.notices)
    )
    root = etree.fromstring(get(cat, "/feeds/all.atom"))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/feeds/all.atom"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(entries) == published and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")
        assert entry.findtext(f"{ATOM}updated").endswith("T00:00:00+08:00")
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_feeds_are_byte_identical_across_builds_and_ids_follow_the_record():
    first = get(sample_catalogue(), "/feeds/penalties.atom")
    assert get(sample_catalogue(), "/feeds/penalties.atom") == first
    # A new, newer penalty does not change the ids of those already in the feed.
    newer = penalty(50, decision_date=date(2026, 11, 1))
    cat = sample_catalogue()
    later = replace(cat, penalties=(newer, *cat.penalties))
    old_ids = {e.id: e.link for e in parse(first).entries}
    new_ids = {e.id: e.link for e in parse(get(later, "/feeds/penalties.atom")).entries}
    assert old_ids.items() <= new_ids.items() and len(new_ids) == len(old_ids) + 1


def test_a_feed_holds_only_the_newest_items():
    records = tuple(
        penalty(n, decision_date=date(2025, 1, 1).replace(day=1 + n % 28, month=1 + n // 28))
        for n in range(70)
    )
    records = tuple(sorted(records, key=lambda p: p.decision_date, reverse=True))
    feed = parse(get(sample_catalogue(penalties=records), "/feeds/penalties.atom"))
    assert len(feed.entries) == FEED_SIZE
    newest = sorted(records, key=lambda p: (p.decision_date, p.id), reverse=True)
    assert {e.link.rsplit("/", 2)[1] for e in feed.entries} == {p.id for p in newest[:FEED_SIZE]}


def test_no_feed_shows_a_withheld_record_or_a_raw_id_number():
    cat = sample_catalogue()
    gone = withheld_penalty()
    for f in FEEDS:
        for prefix in ("", "/en"):
            text = get(cat, f"{prefix}/feeds/{f.name}.atom").decode()
            assert gone.party_name not in text and gone.id not in text and RAW_ID_NUMBER not in text
    penalties = parse(get(cat, "/feeds/penalties.atom"))
    assert any("张**" in e.title for e in penalties.entries)  # the masked name, as the page shows it


def test_english_feeds_link_english_pages():
    feed = parse(get(sample_catalogue(), "/en/feeds/cases.atom"))
    assert feed.feed.language == "en"
    assert [e.link for e in feed.entries] == [
        "https://example.org/en/cases/top-pump/",
        "https://example.org/en/cases/typical-tea/",
    ]
    assert feed.entries[1].title == "Case typical-tea"
    # A case without an English version is shown in Chinese, and marked so.
    assert feed.entries[0].title == "案例top-pump" and feed.entries[0].title_detail.language == "zh-CN"


def test_pages_link_the_all_feed_and_section_lists_link_their_own():
    client = create_app(sample_catalogue()).test_client()

    def feeds_of(url: str) -> set[str]:
        html = etree.HTML(client.get(url).data)
        return {link.get("href") for link in html.iterfind(".//link[@type='application/atom+xml']")}

    assert feeds_of("/") == {"/feeds/all.atom"}
    assert feeds_of("/penalties/") == {"/feeds/all.atom", "/feeds/penalties.atom"}
    assert feeds_of("/top-ten/") == {"/feeds/all.atom", "/feeds/cases.atom"}
    assert feeds_of("/en/notices/") == {"/en/feeds/all.atom", "/en/feeds/notices.atom"}
    assert feeds_of("/data/") == {"/feeds/all.atom", "/feeds/changes.atom"}
    # A record's own page links none: most pages of the site are records, and a feed follows a list.
    record = next(p for p in sample_catalogue().penalties if p.uscc)  # an organisation: it has a party page
    assert client.get(f"/penalties/{record.id}/").status_code == 200
    assert feeds_of(f"/penalties/{record.id}/") == set() == feeds_of(f"/en/parties/{record.uscc.upper()}/")


def test_control_characters_in_register_text_do_not_break_the_xml():
    cat = sample_catalogue(penalties=(penalty(1, party_name="江海\x01控制\x0b字符有限公司"),))
    feed = parse(get(cat, "/feeds/penalties.atom"))
    assert feed.entries[0].title == "行政处罚：江海控制字符有限公司"


def test_a_record_first_published_late_leads_the_feeds_and_the_change_feed_names_ids_only():
    from datetime import timedelta

    from ipcredit.changes import follow
    from ipcredit.records import History, Shown

    first = sample_catalogue()
    late = first.penalties[0]  # not on the site the day before
    earlier = first.as_of - timedelta(days=1)
    gone = Shown("penalties", "0123456789ab", "0" * 16, earlier)
    kept = (replace(s, first_published=earlier) for s in first.history.shown if s.id != late.id)
    shown = (*kept, gone)
    cat = follow(replace(first, history=None), History(earlier, earlier, shown, (), ()))
    penalties = parse(get(cat, "/feeds/penalties.atom"))
    assert penalties.entries[0].link.endswith(f"/penalties/{late.id}/")
    assert penalties.entries[0].updated.startswith(cat.as_of.isoformat())
    assert penalties.entries[1].updated.startswith(earlier.isoformat())
    changes = parse(get(cat, "/feeds/changes.atom"))
    assert [e.title for e in changes.entries] == [f"新增：行政处罚 {late.id}", "撤下：行政处罚 0123456789ab"]
    assert changes.entries[1].link == "https://example.org/data/#dataset-withdrawn"
    english = parse(get(cat, "/en/feeds/changes.atom"))
    assert english.entries[0].title == f"Added: Administrative penalties {late.id}"


def protection_catalogue():
    """The sample with two marks and two places, first published on two days, as a build follows."""
    from datetime import timedelta

    from ipcredit.changes import follow
    from ipcredit.records import History, PlaceType, RiskList

    marks = (
        key_trademark(1, name="江海青瓷", holder_name_en=None, listed_on=date(2026, 3, 1)),
        key_trademark(
            2, name="NORTHWIND", holder="北风服饰株式会社", holder_uscc=None, holder_country="日本",
            holder_name_en="Northwind Apparel K.K.", listed_on=date(2025, 1, 5),
        ),
    )  # fmt: skip
    places = (
        risk_point(1, listed_on=date(2026, 2, 1)),
        risk_point(
            2, risk_list=RiskList.FOCUS_MARKET, kind=PlaceType.PLATFORM, name="江海优选网", address=None,
            district="东湖区", ip_types=("专利",), listed_on=date(2026, 1, 1),
        ),
    )  # fmt: skip
    first = sample_catalogue(key_trademarks=marks, risk_points=places)
    earlier = first.as_of - timedelta(days=1)
    # The day before, the site showed everything but the Japanese mark: it is new on the as-of date.
    shown = tuple(replace(s, first_published=earlier) for s in first.history.shown if s.id != marks[1].id)
    return follow(replace(first, history=None), History(earlier, earlier, shown, (), ())), marks, places


def test_the_protection_lists_have_feeds_dated_by_first_published_in_both_languages():
    cat, marks, places = protection_catalogue()
    base = "https://example.org/"
    trademarks = parse(get(cat, "/feeds/key-trademarks.atom"))
    # listed in 2025 but first shown on the as-of date: it leads the feed, dated that day
    assert [e.link for e in trademarks.entries] == [
        f"{base}key-trademarks/{m.id}/" for m in (marks[1], marks[0])
    ]
    assert trademarks.entries[0].updated == f"{cat.as_of.isoformat()}T00:00:00+08:00"
    assert trademarks.entries[1].updated == "2026-11-23T00:00:00+08:00"
    assert trademarks.feed.title.endswith("重点商标保护名录")
    assert trademarks.entries[0].title == "重点商标：NORTHWIND（北风服饰株式会社）"
    assert "注册号30000002" in trademarks.entries[0].summary and "（日本）" in trademarks.entries[0].summary
    assert "2025年1月5日列入重点商标保护名录，保护至2027年12月31日" in trademarks.entries[0].summary
    assert "核定使用第25、35类，权利人北风服饰株式会社（日本）" in trademarks.entries[0].summary
    english = parse(get(cat, "/en/feeds/key-trademarks.atom"))
    assert english.feed.title.endswith("Key trademark protection list")
    assert english.entries[0].link == f"{base}en/key-trademarks/{marks[1].id}/"
    assert english.entries[0].title == "Key trademark: NORTHWIND (Northwind Apparel K.K.)"
    assert "Nice classes: 25, 35, right holder Northwind Apparel K.K. (Japan)" in english.entries[0].summary
    risk = parse(get(cat, "/feeds/risk-points.atom"))
    assert [e.link for e in risk.entries] == [f"{base}risk-points/{p.id}/" for p in places]
    assert [e.title for e in risk.entries] == [
        "侵权易发风险点：江海测试1小商品市场",
        "重点关注市场：江海优选网",
    ]
    assert risk.entries[0].summary.endswith("涉及商标、著作权。地址或网址：江海市浦江区测试路1号。")
    assert risk.entries[1].summary.endswith("列入重点关注市场名录：电商平台，涉及专利。所在区：东湖区。")
    english = parse(get(cat, "/en/feeds/risk-points.atom"))
    assert english.entries[1].title == "Market under focus: 江海优选网"
    assert (
        "(Markets under focus): E-commerce platform, concerning Patent. District: 东湖区."
        in english.entries[1].summary
    )
    everything = parse(get(cat, "/feeds/all.atom"))
    links = [e.link for e in everything.entries]
    assert links[0] == f"{base}key-trademarks/{marks[1].id}/"  # the only record new on the as-of date
    assert {f"{base}risk-points/{p.id}/" for p in places} <= set(links)


def test_list_pages_of_the_protection_lists_link_their_feeds():
    client = create_app(sample_catalogue(key_trademarks=(key_trademark(1),))).test_client()
    for path, name in (("/key-trademarks/", "key-trademarks"), ("/en/risk-points/", "risk-points")):
        html = etree.HTML(client.get(path).data)
        hrefs = {link.get("href") for link in html.iterfind(".//link[@type='application/atom+xml']")}
        prefix = "/en" if path.startswith("/en") else ""
        assert hrefs == {f"{prefix}/feeds/all.atom", f"{prefix}/feeds/{name}.atom"}, path
