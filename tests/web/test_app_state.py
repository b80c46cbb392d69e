"""State lives on the app: two apps in one process each show their own catalogue, nothing
outlives its app, and no module of the package caches what it derived from a catalogue."""

from __future__ import annotations

import ast
import gc
import hashlib
import weakref
from datetime import date
from pathlib import Path

from lxml import etree

from ipcredit.datasets import write_all
from ipcredit.web import create_app
from tests.factories import case, catalogue, dishonesty, notice, penalty
from tests.web.test_data_page import files_on

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ipcredit", "search")

# Module-level state the scan below accepts, each with the reason it is not catalogue-derived.
ALLOWED = {
    ("search/export.py", "global _worker"): (
        "each forked export worker's own open index: a multiprocessing Pool initializer has no "
        "other place to leave it, and it dies with the worker process"
    ),
}


def first() -> object:
    return catalogue(
        penalties=tuple(penalty(n) for n in (1, 2, 3)),
        cases=(case("alpha", ip_types=("专利",)),),
        notices=(notice("first-notice", date(2026, 1, 5)),),
    )


def second() -> object:
    return catalogue(
        penalties=(penalty(7, decision_date=date(2024, 5, 2)),),
        dishonesty=(dishonesty(1),),
        cases=(case("beta", ip_types=("商标",)), case("gamma", ip_types=("商标",))),
    )


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_two_apps_over_two_catalogues_each_show_their_own_data(tmp_path: Path):
    cat_a, cat_b = first(), second()
    a = create_app(cat_a, datasets=write_all(cat_a, tmp_path / "a")).test_client()
    b = create_app(cat_b, datasets=write_all(cat_b, tmp_path / "b")).test_client()
    for _round in range(2):  # interleaved: whichever rendered last must not leak into the other
        list_a, list_b = get(a, "/penalties/"), get(b, "/penalties/")
        assert penalty(1).party_name in list_a and penalty(7).party_name not in list_a
        assert penalty(7).party_name in list_b and penalty(1).party_name not in list_b
        assert "/penalties/year/2025/" in list_a and "/penalties/year/2025/" not in list_b
        assert get(a, "/penalties/year/2025/")
        assert b.get("/penalties/year/2025/").status_code == 404
        assert get(b, f"/dishonesty/{dishonesty(1).id}/")
        assert a.get(f"/dishonesty/{dishonesty(1).id}/").status_code == 404
        assert "案例beta" in get(b, "/cases/gamma/")  # related cases from its own catalogue
        assert "案例alpha" not in get(b, "/cases/gamma/") and "案例beta" not in get(a, "/cases/alpha/")
        feed_a, feed_b = get(a, "/feeds/all.atom"), get(b, "/feeds/all.atom")
        assert "first-notice" in feed_a and "first-notice" not in feed_b
        assert penalty(7).party_name in feed_b and penalty(7).party_name not in feed_a
        sitemap_a, sitemap_b = get(a, "/sitemap.xml"), get(b, "/sitemap.xml")
        assert "cases/alpha/" in sitemap_a and "cases/alpha/" not in sitemap_b
        assert "cases/gamma/" in sitemap_b and "cases/gamma/" not in sitemap_a
        for client, folder in ((a, tmp_path / "a"), (b, tmp_path / "b")):
            _size, checksum = files_on(etree.HTML(get(client, "/data/")))["penalties.csv"]
            assert checksum == hashlib.sha256((folder / "penalties.csv").read_bytes()).hexdigest()


def test_the_figures_are_each_apps_own():
    a, b = create_app(first()).test_client(), create_app(second()).test_client()
    stats_a, stats_b = get(a, "/statistics/"), get(b, "/statistics/")
    assert "2024" in stats_b and "2024" not in stats_a  # penalties by year: B's only year
    assert get(a, "/statistics/") == stats_a and get(b, "/statistics/") == stats_b


def test_an_app_leaves_nothing_behind_once_it_is_gone():
    """A module cache keyed on the catalogue would keep it (and all it derived) alive for good."""
    cat = first()
    gone = weakref.ref(cat)
    app = create_app(cat)
    client = app.test_client()
    for url in ("/", "/penalties/", "/cases/alpha/", "/statistics/", "/feeds/all.atom", "/sitemap.xml"):
        get(client, url)
    del app, client, cat
    gc.collect()
    assert gone() is None


def _module_state(path: Path, root: Path = ROOT) -> list[tuple[str, str]]:
    """(file, what) for every functools cache decorator, ``global`` statement and weak-keyed
    module dictionary in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(root).as_posix()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                label = ast.unparse(target)
                if label.rpartition(".")[2] in {"cache", "lru_cache"}:
                    found.append((name, f"@{label} {node.name}"))
        elif isinstance(node, ast.Global):
            found.extend((name, f"global {n}") for n in node.names)
    for node in tree.body:  # module level only: a dictionary inside a function lives with its call
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Call) and ast.unparse(value.func).endswith(
            ("WeakKeyDictionary", "WeakValueDictionary")
        ):
            found.append((name, f"weak dictionary {ast.unparse(value)}"))
    return found


def test_no_module_caches_derived_data_in_the_package():
    found = [
        hit
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for hit in _module_state(path)
    ]
    assert [hit for hit in found if hit not in ALLOWED] == []
    assert set(ALLOWED) <= set(found)  # an allowance for state that is gone is itself stale


def test_the_scan_finds_each_kind_of_module_state(tmp_path: Path):
    source = tmp_path / "m.py"
    source.write_text(
        "import functools\nfrom functools import cache\nfrom weakref import WeakKeyDictionary\n"
        "_seen = WeakKeyDictionary()\n"
        "@cache\ndef a(c): ...\n"
        "@functools.lru_cache(maxsize=2)\ndef b(c): ...\n"
        "class K:\n    @functools.cache\n    def c(self): ...\n"
        "def d():\n    global _seen\n",
        encoding="utf-8",
    )
    kinds = {what for _file, what in _module_state(source, tmp_path)}
    assert kinds == {
        "@cache a",
        "@functools.lru_cache b",
        "@functools.cache c",
        "global _seen",
        "weak dictionary WeakKeyDictionary()",
    }
