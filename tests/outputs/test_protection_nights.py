"""The protection lists over two nights, end to end through the command line.

The same lists are built on D and on D+1 into one output folder, as the nightly
job does. On D+1 a mark protected until D has expired and a place removed on
D+1 has left its list: neither is in any output file of D+1 (pages, facet
pages, datasets, search files, feeds, sitemap), except as an id, a section and
a date in the change log, the withdrawals list and the published state. A mark
and a place listed from D+1 are added on D+1. A mark that expired long ago is
in no file of either night.
"""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from ipcredit.cli import main
from ipcredit.records import RiskList, risk_point_id, trademark_id
from tests.conftest import AUTHORITIES_YAML, SITE_YAML, document, write
from tests.leaks import find_leaks

D, NEXT = date(2026, 3, 10), date(2026, 3, 11)
AUTHORITY = "江海市知识产权局"
MARK_HEADER = (
    "商标名称,商标注册号,核定使用类别,商标权利人,权利人国家或地区,权利人英文名称,列入日期,有效期至,列入机关"
)
PLACE_HEADER = "名录,名称,类型,所在区,地址或网址,涉及知识产权类型,列入日期,移出日期,列入机关"
# name, number, classes, holder, region, English name, listed, protected until
MARKS = {
    "lasting": ("江海长青", "41000001", "21", "江海长青陶瓷有限公司", "中国", "", "2025-01-01", "2027-12-31"),
    "ending": ("霜降青瓷", "41000002", "21；35", "江海霜降陶瓷有限公司", "中国", "Shuangjiang Ceramics Ltd",
               "2025-01-01", D.isoformat()),
    "ancient": ("旧年织锦", "41000003", "24", "Oldyear Textiles GmbH", "德国", "Oldyear Textiles GmbH",
                "2023-01-01", "2025-12-31"),
    "new": ("GLIMMERWAVE", "41000004", "9", "Glimmerwave Inc.", "美国", "Glimmerwave Inc.", NEXT.isoformat(),
            "2028-12-31"),
}  # fmt: skip
# list, name, type, district, address, IP types, listed, removed
PLACES = {
    "lasting": ("侵权易发风险点", "江海长青小商品城", "专业市场", "浦江区", "江海市浦江区长青路1号", "商标", "2025-01-01", ""),
    "leaving": ("重点关注市场", "江海退场展览中心", "展会", "东湖区", "江海市东湖区退场路9号", "商标；专利", "2025-01-01",
                NEXT.isoformat()),
    "new": ("侵权易发风险点", "江海新开直播基地", "电商平台", "", "https://live.example/新开", "著作权", NEXT.isoformat(), ""),
}  # fmt: skip


def mark_id(key: str) -> str:
    return trademark_id(MARKS[key][1])


def place_id(key: str) -> str:
    return risk_point_id(RiskList(PLACES[key][0]), PLACES[key][1])


def table(header: str, rows: dict[str, tuple[str, ...]]) -> str:
    return "\n".join([header, *(",".join((*row, AUTHORITY)) for row in rows.values())]) + "\n"


def build(root: Path, as_of: date, out: Path) -> str:
    content, data = root / "content", root / "cases_data"
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        options = ["--content", str(content), "--data", str(data), "--as-of", as_of.isoformat()]
        code = main(["build", *options, "--out", str(out)])
    assert code == 0, stderr.getvalue()
    return stdout.getvalue()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("protection-nights")
    write(root / "content", "site.yaml", SITE_YAML)
    write(root / "content", "pages/about.md", document("title: 关于本站\norder: 1"))
    write(root / "cases_data", "authorities.yaml", AUTHORITIES_YAML)
    write(root / "cases_data", "key-trademarks/2026.csv", table(MARK_HEADER, MARKS))
    write(root / "cases_data", "risk-points/2026.csv", table(PLACE_HEADER, PLACES))
    out = root / "public"
    build(root, D, out)
    on_d = root / "site-on-d"
    on_d.mkdir()
    for name in ("key-trademarks.json", "risk-points.json"):
        (on_d / name).write_bytes((out / "data" / name).read_bytes())
    summary = build(root, NEXT, out)
    return {"out": out, "on_d": on_d, "summary": summary}


def published_ids(path: Path) -> dict[str, str]:
    return {r["id"]: r["first_published"] for r in json.loads(path.read_text(encoding="utf-8"))}


def test_on_d_the_ending_mark_and_the_leaving_place_are_shown(nights):
    on_d = nights["on_d"]
    assert published_ids(on_d / "key-trademarks.json") == {
        mark_id("lasting"): D.isoformat(), mark_id("ending"): D.isoformat()
    }  # fmt: skip
    assert set(published_ids(on_d / "risk-points.json")) == {place_id("lasting"), place_id("leaving")}


def test_on_the_next_day_they_are_logged_withdrawn_by_id_section_and_date_only(nights):
    out = nights["out"]
    log = rows(out / "data/changes.csv")
    assert log == [
        {"date": NEXT.isoformat(), "change": "added", "section": "key-trademarks", "id": mark_id("new"),
         "url": f"https://example.org/site/key-trademarks/{mark_id('new')}/"},
        {"date": NEXT.isoformat(), "change": "added", "section": "risk-points", "id": place_id("new"),
         "url": f"https://example.org/site/risk-points/{place_id('new')}/"},
        {"date": NEXT.isoformat(), "change": "withdrawn", "section": "key-trademarks", "id": mark_id("ending"),
         "url": ""},
        {"date": NEXT.isoformat(), "change": "withdrawn", "section": "risk-points", "id": place_id("leaving"),
         "url": ""},
    ]  # fmt: skip
    assert rows(out / "data/withdrawn.csv") == [
        {"id": mark_id("ending"), "section": "key-trademarks", "withdrawn_on": NEXT.isoformat()},
        {"id": place_id("leaving"), "section": "risk-points", "withdrawn_on": NEXT.isoformat()},
    ]
    assert "change log since 2026-03-10: added 2, changed 0, withdrawn 2" in nights["summary"]
    assert "key-trademarks published      2; withheld: expired 2" in nights["summary"]


def test_what_was_added_is_first_published_on_the_next_day_and_leads_the_feeds(nights):
    out = nights["out"]
    marks = published_ids(out / "data/key-trademarks.json")
    assert marks == {mark_id("lasting"): D.isoformat(), mark_id("new"): NEXT.isoformat()}
    places = published_ids(out / "data/risk-points.json")
    assert places == {place_id("lasting"): D.isoformat(), place_id("new"): NEXT.isoformat()}
    for name, first in (("key-trademarks", mark_id("new")), ("risk-points", place_id("new"))):
        entry = (out / f"feeds/{name}.atom").read_text(encoding="utf-8").split("<entry>")[1]
        assert first in entry and f"<updated>{NEXT.isoformat()}T00:00:00+08:00</updated>" in entry
    page = (out / "key-trademarks" / mark_id("new") / "index.html").read_text(encoding="utf-8")
    assert "本站首次公示" in page and "2026年3月11日" in page


def test_no_output_file_holds_a_withheld_mark_or_place(nights):
    out = nights["out"]
    texts = {key: MARKS[key] for key in ("ending", "ancient")}
    secrets = {value for row in texts.values() for value in row[:2] + row[3:4] + row[5:6]}
    secrets |= {PLACES["leaving"][1], PLACES["leaving"][4]}
    assert find_leaks(out, secrets) == []
    # Their ids: only where a withdrawal is listed (the ancient mark was never shown: nowhere at all).
    allowed = {
        "data/changes.csv", "data/changes.json", "data/withdrawn.csv", "data/withdrawn.json",
        "data/published.json", "feeds/changes.atom", "en/feeds/changes.atom",
    }  # fmt: skip
    gone = {mark_id("ending"), place_id("leaving"), mark_id("ancient")}
    found = find_leaks(out, gone, any_resident_id=False)
    assert {leak.where for leak in found} <= allowed and found
    assert mark_id("ancient") not in {leak.what for leak in found}
    assert not [p for p in out.rglob("*") if any(key in p.name for key in gone)]  # no page left behind
    assert not (out / "risk-points/type/exhibition").exists()  # the facet only the leaving place filled
    assert not (out / "key-trademarks/region/de").exists()
