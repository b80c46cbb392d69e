"""Two search exports that answer alike: what a nightly (patched) export is checked against a
clean one by. A patched export keeps its slots and its night dictionary, so it is not the clean
export's bytes (docs/search.md, "Checking a night against a clean build"); it must hold the same
terms with the same postings for the same records, the same result rows, and give search.js the
same answers, in the same order, to every query of a representative set."""

from __future__ import annotations

from pathlib import Path

from pypinyin import Style, lazy_pinyin

from search import format as fmt
from search.documents import SearchDocument
from tests.search.conftest import needs_node, run_node
from tests.trees import tree_digest

EXPORT_PATH = "search-index"


def contents(export: Path) -> dict:
    """What ``export`` holds, whatever its layout: the document count, each record's result row by
    URL (its section by name), and each term's df and levels by URL (search.format.read_terms)."""

    def read(name: str) -> bytes:
        return fmt.unpack(name, (export / name).read_bytes())

    manifest = fmt.Manifest.decode(read(fmt.MANIFEST))
    urls: dict[int, str] = {}
    rows: dict[str, list] = {}
    for path in (export / "d").glob("*.bin"):
        first = int(path.stem) * fmt.DOC_SHARD
        for i, row in enumerate(fmt.decode_rows(read(f"d/{path.name}"))):
            if row is not None:
                urls[first + i] = row[0]
                rows[row[0]] = [row[0], manifest.section_names[row[1]], *row[2:]]
    terms = {
        term: (df, {urls.get(slot, f"empty slot {slot}"): level for slot, level in postings.items()})
        for term, (df, postings) in fmt.read_terms(read, manifest).items()
    }
    return {"documents": manifest.documents, "rows": rows, "terms": terms}


def queries(docs: list[SearchDocument]) -> list[dict]:
    """A representative set of queries for ``docs``: whole titles, numbers and codes, substrings
    from the middle of titles and names, pinyin of names; common words in each section of the
    documents too, and on a second page."""
    common = ["江海", "有限公司", "商标", "罚款", "trademark", "fine"]
    words: set[str] = set(common)
    for doc in docs:
        words.update((doc.title, doc.title[2:6], doc.party[1:4], *doc.numbers, *doc.codes))
        han = "".join(c for c in doc.pinyin_source if "\u4e00" <= c <= "\u9fff")
        if len(han) >= 4:
            words.add(" ".join(lazy_pinyin(han[1:4], style=Style.NORMAL)))
    words.discard("")
    found = [{"q": q, "limit": 20} for q in sorted(words)]
    found += [{"q": q, "section": s, "limit": 20} for q in common for s in sorted({d.section for d in docs})]
    return [*found, {"q": "江海", "limit": 5, "offset": 5}, {"q": "有限公司", "limit": 200}]


def answers(export: Path, asked: list[dict]) -> list[dict]:
    """search.js's answers on ``export`` (without the files each fetched: the layouts differ)."""
    found = run_node("query", str(export), stdin=asked)
    for answer in found:
        answer.pop("files")
    return found


def assert_answers_alike(patched: Path, clean: Path, docs: list[SearchDocument]) -> None:
    """The two exports hold the same and, where node runs search.js, answer alike."""
    assert contents(patched) == contents(clean)
    if not needs_node.args[0]:  # node is installed
        asked = queries(docs)
        mine = answers(patched, asked)
        assert mine == answers(clean, asked)
        assert sum(1 for a in mine if a["total"]) > len(mine) / 3  # not a comparison of empty lists


def texts_in(export: Path, texts: list[str]) -> list[str]:
    """Which of ``texts`` some file of ``export`` holds (its unpacked data as UTF-8)."""
    found = set()
    for path in export.rglob("*"):
        if path.is_file():
            data = fmt.unpack(path.name, path.read_bytes()).decode("utf-8", errors="replace")
            found.update(t for t in texts if t in data)
    return sorted(found)


def outside_export(site: dict[str, str] | None) -> dict[str, str]:
    """A site's file digests without the search export's (compared by what it holds instead)."""
    return {k: v for k, v in (site or {}).items() if not k.startswith(f"{EXPORT_PATH}/")}


def assert_same_site(updated: Path, clean: Path, docs: list[SearchDocument]) -> None:
    """An updated site equals a clean build's: every file byte for byte but the search export,
    which answers alike (see the module's docstring)."""
    assert outside_export(tree_digest(updated)) == outside_export(tree_digest(clean))
    assert_answers_alike(updated / EXPORT_PATH, clean / EXPORT_PATH, docs)
