"""The exported files, searched by the real search.js under node, answer as the live index does."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcredit.catalogue import Catalogue
from ipcredit.searchdocs import SEARCH_SECTIONS, documents
from search import build_search, export, indexer, postings
from search import format as fmt
from search.query import search_results
from search.tokenizer import exact_key
from tests import factories
from tests.search.conftest import (
    PENALTIES,
    WITHHELD,
    Built,
    needs_node,
    penalty,
    run_node,
    sample_catalogue,
)
from tests.search.test_query import DOCS, fragments

QUERIES = [
    # names and fragments of names
    "瑞丰",
    "江海瑞丰贸易有限公司",
    "德润科技",
    "江海市德润",
    "ABC国际",
    "ａｂｃ",
    "新星",
    "<新星>",
    "张**",
    # decision numbers, whole and in pieces, written differently
    "江市监知处罚〔2025〕1234号",
    "江市监知处罚（２０２５）１２３４号",
    "1234号",
    "〔2025〕",
    "0456",
    "江临市监知罚",
    "江海知执罚〔2026〕7号",
    "（2025）江01民初123号",
    # credit codes
    "91110000101623741K",
    "91310115ma1k3xxxx5",
    "MA1K3",
    # legal terms and phrases
    "商标法第六十条",
    "商标法",
    "第五十七条",
    "假冒专利",
    "侵犯注册商标专用权",
    "惩罚性赔偿",
    "运动鞋 耐克",
    "专利号ZL201810123456",
    "LED灯具",
    "白皮书 2024",
    "送达公告",
    "江海",
    "江海 商标",
    # one character, symbols, nothing
    "瑞",
    "〔2",
    "e I",
    "🎧",
    "不存在的词语",
    "",
]
SECTIONED = [
    ("瑞丰", "cases"),
    ("江海", "penalties"),
    ("商标", "dishonesty"),
    ("江海", "pages"),
    ("瑞丰", "nope"),
]


def python_results(
    built: Built, query: str, section: str = "", limit: int = 10, offset: int = 0, lang: str = "zh"
) -> dict:
    return search_results(
        built.index, query, section or None, limit=limit, offset=offset, lang=lang
    ).as_json()


def js_results(built: Built, requests: list[dict]) -> list[dict]:
    answers = run_node("query", str(built.export), stdin=requests)
    for answer in answers:
        answer.pop("files")
    return answers


@needs_node
def test_static_search_returns_what_the_live_index_returns(built: Built):
    requests = [{"q": q} for q in QUERIES] + [{"q": q, "section": s} for q, s in SECTIONED]
    requests += [{"q": "江海", "limit": 3, "offset": 3}, {"q": "商标", "limit": 100}]
    assert len(requests) >= 30
    js = js_results(built, requests)
    for request, answer in zip(requests, js, strict=True):
        expected = python_results(
            built,
            request["q"],
            request.get("section", ""),
            request.get("limit", 10),
            request.get("offset", 0),
        )
        assert answer == expected, request
    assert sum(1 for answer in js if answer["total"]) >= 25  # the comparison is not between empty lists


@needs_node
def test_static_search_finds_any_fragment_of_a_title_name_or_number(built: Built):
    wanted = [
        (doc.url, f) for doc in DOCS for v in (doc.title, doc.party, *doc.numbers) for f in fragments(v)
    ]
    answers = js_results(built, [{"q": fragment, "limit": 100} for _, fragment in wanted])
    missing = [
        (url, f)
        for (url, f), a in zip(wanted, answers, strict=True)
        if url not in {h["url"] for h in a["hits"]}
    ]
    assert missing == []


@needs_node
def test_a_whole_number_is_found_first_by_the_static_page_too(built: Built):
    answers = js_results(built, [{"q": PENALTIES[0].uscc}, {"q": PENALTIES[1].decision_number}])
    # a credit code finds its party's page first, a decision number its record
    assert [a["hits"][0]["url"] for a in answers] == [
        f"parties/{PENALTIES[0].uscc}/",
        f"penalties/{PENALTIES[1].id}/",
    ]


ENGLISH = [
    "trademark",
    "Trademarks",
    "infringe",
    "infringement of trademarks",
    "white paper",
    "punitive damages",
    "patent",
    "Market Regulation",
    "Jianghai Ruifeng 瑞丰",
    "LED",
    # pinyin
    "huitong jixie",
    "huitongjixie",
    "hui tong ji xie",
    "HuiTong",
    "shangbiaoquan",
    "ruifeng",
    "jianghai",
    "xian",
]


@needs_node
def test_english_and_pinyin_queries_agree_on_both_pages(built: Built):
    requests = [{"q": q, "lang": lang} for q in ENGLISH for lang in ("zh", "en")]
    requests += [
        {"q": "trademark", "lang": "en", "section": "cases"},
        {"q": "jianghai", "lang": "en", "limit": 3, "offset": 2},
    ]
    for request, answer in zip(requests, js_results(built, requests), strict=True):
        expected = python_results(
            built,
            request["q"],
            request.get("section", ""),
            request.get("limit", 10),
            request.get("offset", 0),
            request["lang"],
        )
        assert answer == expected, request
        assert answer["total"] > 0 or request["q"] == "xian", request
    english = js_results(built, [{"q": "trademark", "lang": "en"}])[0]["hits"]
    assert {h["lang"] for h in english} == {"en", "zh"}  # English where the record has it, else Chinese


def many_penalties(count: int) -> Catalogue:
    """``count`` penalties with distinct invented names: enough records for shards to matter."""
    brands = "瑞丰德润华盛鑫源泰和宏达恒信金诚汇通永安嘉禾天成中正隆昌博远新锐佳兴立诚"
    trades = ("贸易", "科技", "电子", "服饰", "食品", "五金", "酒业", "文化传媒")
    records = []
    for i in range(count):
        name = f"江海{brands[i % 31]}{brands[(i * 7 + 3) % 31]}{trades[i % 8]}有限公司"
        number = f"江市监知处罚〔{2023 + i % 3}〕{1000 + i}号"
        records.append(
            penalty(number, name, uscc=f"913{i:06d}MA1K3XXX{i % 10}", facts=f"{name}销售侵权商品{i}件。")
        )
    return factories.catalogue(penalties=tuple(records))


@needs_node
def test_a_query_fetches_a_few_small_files(tmp_path: Path):
    catalogue = many_penalties(600)
    build_search(documents(catalogue), tmp_path / "index", tmp_path / "export", SEARCH_SECTIONS)
    export = tmp_path / "export"
    total = sum(f.stat().st_size for f in export.rglob("*") if f.is_file())
    some = catalogue.penalties[5]
    queries = [{"q": some.party_name[2:6]}, {"q": some.uscc}, {"q": some.decision_number[-5:]}]
    answers = run_node("query", str(export), stdin=queries)
    for query, answer in zip(queries, answers, strict=True):
        fetched = sum((export / name).stat().st_size for name in answer["files"])
        assert answer["files"][0] == "manifest.json" and answer["total"] > 0
        assert fetched < total / 20, query
    # the manifest, one term bucket, the document shards of the party page and of its penalty
    assert len(answers[1]["files"]) <= 4


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def contents_of(folder: Path) -> dict[str, bytes]:
    """The files as search.js reads them: inflated, but for the manifest."""
    return {
        name: data if name == "manifest.json" else gzip.decompress(data)
        for name, data in files_of(folder).items()
    }


def test_the_same_catalogue_exports_byte_identical_files(built: Built, tmp_path: Path):
    build_search(documents(sample_catalogue()), tmp_path / "index", tmp_path / "export", SEARCH_SECTIONS)
    assert files_of(tmp_path / "export") == files_of(built.export)


def test_export_layout(built: Built):
    files = contents_of(built.export)
    manifest = json.loads(files["manifest.json"])
    assert manifest["documents"] == len(DOCS)
    assert [name for name, *_ in manifest["sections"]] == [
        "parties", "penalties", "dishonesty", "key-trademarks", "risk-points", "cases", "white-papers", "notices",
        "pages",
    ]  # fmt: skip
    assert len(manifest["levels"]) == 256
    assert {name.split("/")[0] for name in files} <= {"manifest.json", "t", "p", "d"}
    assert sum(1 for name in files if name.startswith("t/")) == manifest["buckets"]
    assert max(len(data) for data in files.values()) < sum(len(data) for data in files.values()) / 4


def test_stale_files_do_not_survive_a_rebuild(built: Built, tmp_path: Path):
    stale = tmp_path / "export" / "t" / "99999.bin"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    build_search(documents(sample_catalogue()), tmp_path / "index", tmp_path / "export", SEARCH_SECTIONS)
    assert not stale.exists()


def test_a_withheld_record_leaves_no_trace_in_the_export(built: Built):
    everything = b"".join(contents_of(built.export).values())
    identifiers = (exact_key(WITHHELD.decision_number), exact_key(WITHHELD.uscc or ""))
    for value in (WITHHELD.party_name, "隐秘", WITHHELD.id, *identifiers):
        assert value.encode("utf-8") not in everything, value


@pytest.fixture(scope="module")
def chunked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Built]:
    """Penalties plus the sample's other sections, exported with tiny chunks: every path of search.js runs."""
    patch = pytest.MonkeyPatch()
    patch.setattr(fmt, "INLINE_BYTES", 8)
    patch.setattr(fmt, "CHUNK_POSTINGS", 16)
    patch.setattr(fmt, "BUCKET_BYTES", 512)
    catalogue = replace(
        sample_catalogue(), penalties=many_penalties(300).penalties + sample_catalogue().penalties
    )
    root = tmp_path_factory.mktemp("chunked")
    try:
        build_search(documents(catalogue), root / "index", root / "export", SEARCH_SECTIONS)
    finally:
        patch.undo()
    return catalogue, Built(root / "index", root / "export")


@needs_node
def test_chunked_postings_give_the_same_answers(chunked: tuple[Catalogue, Built]):
    catalogue, built = chunked
    some = catalogue.penalties[17]
    queries = [
        some.party_name,
        some.party_name[2:6],
        some.decision_number,
        some.decision_number[-5:],
        some.uscc,
    ]
    queries += ["江海", "贸易 有限公司", "销售侵权商品", "瑞丰", "商标", "处罚〔2024〕", "江海 瑞丰 贸易"]
    queries += ["jianghai ruifeng", "trademark", "Market Regulation", "patent"]
    requests = [{"q": q} for q in queries] + [{"q": q, "section": "cases"} for q in ("江海", "瑞丰")]
    requests += [{"q": "江海", "section": "penalties", "limit": 5, "offset": 290}]
    answers = js_results(built, requests)
    assert len({f for f in built.export.glob("p/*.bin")}) > 100
    for request, answer in zip(requests, answers, strict=True):
        expected = python_results(
            built,
            request["q"],
            request.get("section", ""),
            request.get("limit", 10),
            request.get("offset", 0),
        )
        assert answer == expected, request
        assert answer["total"] > 0, request


def test_indexing_in_two_processes_exports_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(indexer, "MIN_RUN", 50)
    catalogue = replace(sample_catalogue(), penalties=many_penalties(120).penalties)
    build_search(
        documents(catalogue),
        tmp_path / "one" / "index",
        tmp_path / "one" / "export",
        SEARCH_SECTIONS,
        procs=1,
    )
    build_search(
        documents(catalogue),
        tmp_path / "two" / "index",
        tmp_path / "two" / "export",
        SEARCH_SECTIONS,
        procs=2,
    )
    assert len(list((tmp_path / "two" / "index").glob("*.trm"))) == 2  # two segments, never merged
    assert files_of(tmp_path / "two" / "export") == files_of(tmp_path / "one" / "export")


@pytest.mark.parametrize(
    ("tiny", "wide"),
    [(False, False), (True, False), (True, True)],
    ids=["sample", "tiny chunks", "eight-byte postings, one file in flight"],
)
def test_the_export_made_from_the_documents_is_the_export_of_their_whoosh_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny: bool, wide: bool
):
    """The build exports straight from the documents (search.postings); the Whoosh index, built
    for the live preview, exports the very same bytes. So it does with the postings held as they
    are past 16 million documents, and with the writer waiting for each file in turn."""
    if tiny:
        monkeypatch.setattr(fmt, "INLINE_BYTES", 8)
        monkeypatch.setattr(fmt, "CHUNK_POSTINGS", 16)
        monkeypatch.setattr(fmt, "BUCKET_BYTES", 512)
    if wide:
        monkeypatch.setattr(postings, "posting_typecode", lambda _slots: "Q")
        monkeypatch.setattr(export._Writer, "IN_FLIGHT", 0)
    catalogue = replace(
        sample_catalogue(), penalties=many_penalties(150).penalties + sample_catalogue().penalties
    )
    docs = documents(catalogue)
    build_search(docs, tmp_path / "index", tmp_path / "whoosh", SEARCH_SECTIONS)
    stats = export.export_documents(docs, tmp_path / "direct", SEARCH_SECTIONS)
    assert files_of(tmp_path / "direct") == files_of(tmp_path / "whoosh")
    assert stats.documents == len(docs) and stats.chunk_files > (50 if tiny else -1)
    # No empty folder (without chunked terms, no p/): a served empty folder answers a listing or a
    # 403, and an updated site's tree would differ from a clean one's.
    for root in (tmp_path / "direct", tmp_path / "whoosh"):
        assert [f for f in root.rglob("*") if f.is_dir() and not any(f.iterdir())] == []
    assert (tmp_path / "direct" / "p").is_dir() == (stats.chunk_files > 0)


@needs_node
def test_terms_nearly_the_same_as_another_are_read_once_and_answer_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """有限 限公 公司 are in every record: all three but one are stored as corrections of it, and a
    query holding them all fetches one term's postings, with the answers of the live index."""
    monkeypatch.setattr(fmt, "INLINE_BYTES", 8)
    monkeypatch.setattr(fmt, "CHUNK_POSTINGS", 64)
    catalogue = many_penalties(400)
    index, folder = tmp_path / "index", tmp_path / "export"
    build_search(documents(catalogue), index, folder, SEARCH_SECTIONS)
    manifest = fmt.Manifest.decode((folder / fmt.MANIFEST).read_bytes())
    entries = {
        e.term: e
        for n in range(manifest.buckets)
        for e in fmt.decode_bucket(gzip.decompress((folder / fmt.bucket_name(n)).read_bytes()))
    }
    company = [entries[t] for t in ("有限", "限公", "公司")]
    bases = {e.base or e.term for e in company}
    assert len(bases) == 1 and sum(1 for e in company if e.base) == 2
    assert not entries[bases.pop()].base and all(entries[e.base].firsts for e in entries.values() if e.base)
    some = catalogue.penalties[7]
    asked = [
        "有限公司",
        "限公司",
        "公司",
        "商品",
        "销售侵权商品",
        some.party_name,
        some.party_name[2:8],
        "江海 有限",
    ]
    requests = [{"q": q, "limit": 20} for q in asked] + [{"q": "有限公司", "limit": 10, "offset": 790}]
    answers = run_node("query", str(folder), stdin=requests)
    for request, answer in zip(requests, answers, strict=True):
        files = answer.pop("files")
        expected = search_results(
            index, request["q"], None, limit=request["limit"], offset=request.get("offset", 0)
        )
        assert answer == expected.as_json(), request
        if request["q"] == "有限公司":  # one term's chunks, not three terms' chunks
            chunks = {
                name.split("-")[0] + "-" + name.split("-")[1] for name in files if name.startswith("p/")
            }
            assert len(chunks) == 1
    assert answers[0]["total"] == 800 and len(answers[-1]["hits"]) == 10  # penalties and party pages


@given(st.dictionaries(st.integers(0, 40), st.integers(0, 3)), st.integers(0, 8))
def test_rows_written_as_they_come_are_the_rows_written_at_once(sections: dict[int, int], spare: int):
    """The export writes each shard of result rows once the documents of its slots are indexed;
    the files are those of all the rows written together, whatever slots are free."""
    rows = {
        slot: [f"penalties/{slot}/", index, "标题", "2026-01-01", "摘要"] for slot, index in sections.items()
    }
    slots = max(rows, default=-1) + 1 + spare
    at_once: dict[str, bytes] = {}
    as_they_come: dict[str, bytes] = {}
    written = export.write_rows(rows, slots, at_once.__setitem__)
    assert export.write_rows_in_order(sorted(rows.items()), slots, as_they_come.__setitem__) == (
        written,
        sections,
    )
    assert as_they_come == at_once
