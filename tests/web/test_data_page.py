"""The /data/ page: each dataset with its files, sizes, checksums, rows, dictionary, licence, citation."""

from __future__ import annotations

import hashlib
import tempfile
from itertools import pairwise
from pathlib import Path

from lxml import etree

from ipcredit.datadict import DATASETS
from ipcredit.datasets import Manifest, write_all
from ipcredit.outputs import write_site
from ipcredit.progress import Progress
from ipcredit.web import create_app
from tests.factories import RAW_ID_NUMBER, sample_catalogue, withheld_penalty


def page(cat, url: str = "/data/", datasets: Manifest | None = None) -> etree._Element:
    """The page of an app given what the datasets writer wrote (into a private folder by default)."""
    with tempfile.TemporaryDirectory(prefix="data-page-") as folder:
        written = datasets or write_all(cat, Path(folder))
        response = create_app(cat, datasets=written).test_client().get(url)
    assert response.status_code == 200
    return etree.HTML(response.data)


def text(element: etree._Element) -> str:
    return "".join(element.itertext())


def cell_value(cell: etree._Element) -> str:
    """A cell's text without its label (shown only when a phone turns the row into a card)."""
    return "".join(cell.xpath(".//text()[not(ancestor::*[@class='cell-label'])]")).strip()


def files_on(html: etree._Element) -> dict[str, tuple[str, str]]:
    """File name → (size cell text, checksum) from every dataset's file table."""
    found = {}
    for row in html.iterfind(".//table[@class='data data-files']/tbody/tr"):
        cells = row.findall("td")
        found[text(cells[0])] = (text(cells[1]), text(cells[2]))
    return found


def test_the_page_shows_the_sizes_hashes_and_rows_of_the_files_as_written(tmp_path: Path):
    cat = sample_catalogue()
    written = write_all(cat, tmp_path)  # the same catalogue, written as a build would
    html = page(cat, datasets=written)
    shown = files_on(html)
    assert set(shown) == {f.name for f in written.files}
    for f in written.files:
        data = (tmp_path / f.name).read_bytes()
        size, checksum = shown[f.name]
        assert checksum == hashlib.sha256(data).hexdigest()
        assert f"({len(data):,} 字节)" in size
    overview = {
        text(r.find("th")): text(r.findall("td")[0])
        for r in html.iterfind(".//table[@class='data data-overview']/tbody/tr")
    }
    assert overview == {
        "行政处罚决定": "4",
        "严重违法失信名单": "2",
        "重点商标保护名录": "0",
        "侵权易发风险点和重点关注市场": "0",
        "知识产权案例": "2",
        "当事人": "2",  # the three company penalties share a code; the two listings share another
        "变更记录": "0",
        "撤下记录清单": "0",
    }  # fmt: skip (a first build: the change log starts empty)
    hrefs = {a.get("href") for a in html.iterfind(".//a[@download]")}
    assert {f"/data/{f.name}" for f in written.files} <= hrefs
    assert html.find(".//a[@href='/data/datapackage.json']") is not None


def test_each_dataset_has_a_data_dictionary_licence_date_and_citation():
    html = page(sample_catalogue())
    dictionaries = html.xpath(".//table[contains(@class, 'data-dictionary')]")
    assert len(dictionaries) == len(DATASETS)
    for table, dataset in zip(dictionaries, DATASETS, strict=True):
        rows = [[cell_value(c) for c in r] for r in table.iterfind("tbody/tr")]
        assert [(r[0], r[1]) for r in rows] == [(f.name, f.title) for f in dataset.fields]
        assert all(r[3] for r in rows)  # every field says what it means
    body = text(html.find(".//main"))
    assert "2026年11月24日" in body  # as-of date
    assert (
        html.find(".//main//a[@rel='license']").get("href") == "https://creativecommons.org/licenses/by/4.0/"
    )
    assert "最新一条记录的日期" in body  # says which date "last change" is
    citation = text(html.find(".//blockquote[@class='citation']"))
    assert "测试局" in citation and "2026-11-24" in citation and "https://example.org/data/" in citation


def test_the_page_is_accessible_markup():
    for url in ("/data/", "/en/data/"):
        html = page(sample_catalogue(), url)
        main = html.find(".//main")
        assert len(main.findall(".//h1")) == 1
        levels = [int(h.tag[1]) for h in main.iter("h1", "h2", "h3", "h4")]
        assert all(b - a <= 1 for a, b in pairwise(levels))  # no skipped level
        for table in main.iter("table"):
            assert table.find("caption") is not None
            assert all(th.get("scope") in {"col", "row"} for th in table.iter("th"))
        assert not main.findall(".//*[@style]") and not html.findall(".//script")


def test_no_withheld_record_or_raw_id_number_on_the_page():
    body = etree.tostring(page(sample_catalogue()), encoding="unicode")
    assert withheld_penalty().id not in body and RAW_ID_NUMBER not in body


def test_serve_offers_the_same_downloads(tmp_path: Path):
    cat = sample_catalogue()
    client = create_app(cat, datasets=write_all(cat, tmp_path)).test_client()
    for name in ("penalties.csv", "cases.xlsx", "datapackage.json"):
        response = client.get(f"/data/{name}")
        assert response.status_code == 200 and response.data == (tmp_path / name).read_bytes()
        response.close()
    assert client.get("/data/secrets.txt").status_code == 404


def test_the_built_page_matches_the_built_files(tmp_path: Path):
    cat = sample_catalogue()
    out = tmp_path / "public"
    write_site(cat, out, Progress())
    for lang_dir in ("", "en/"):
        html = etree.HTML((out / f"{lang_dir}data/index.html").read_bytes())
        for name, (_size, checksum) in files_on(html).items():
            assert checksum == hashlib.sha256((out / "data" / name).read_bytes()).hexdigest()
    nav = etree.HTML((out / "index.html").read_bytes()).find(".//nav[@class='site-nav']")
    assert nav.find(".//a[@href='/data/']") is not None
