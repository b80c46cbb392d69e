"""State kept between builds is plain data, validated when read: tampering means a clean build.

The build record (``.public.build.json``) and the search state
(``.public.search.sqlite``) sit beside the output, where anyone who can write
there could edit them. Whatever they hold, the next build neither runs code
nor crashes: it rebuilds what it cannot trust and publishes the right site.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcredit.outputs import assemble, incremental, write_site
from ipcredit.progress import Progress
from ipcredit.searchdocs import documents
from search import update
from tests.factories import catalogue, dishonesty, penalty
from tests.search.equivalence import assert_same_site
from tests.trees import tree_digest

ROOT = Path(__file__).resolve().parents[2]
MARK = "a" * 64  # a well-formed tree mark


def sites():
    penalties = [penalty(n) for n in range(1, 6)]
    old = catalogue(penalties=tuple(penalties), dishonesty=(dishonesty(1),))
    penalties[1] = replace(penalties[1], facts="更正侵犯注册商标专用权的商品。")
    return old, catalogue(penalties=tuple(penalties), dishonesty=(dishonesty(1),))


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An output built from the old site, the new site's clean build, and a counter of full exports."""
    monkeypatch.setenv("IPCREDIT_JOBS", "1")
    old, new = sites()
    out = tmp_path / "public"
    write_site(old, out, Progress())
    write_site(new, tmp_path / "clean", Progress(), reuse=False)
    full: list[str] = []
    original = update._full_export
    monkeypatch.setattr(update, "_full_export", lambda *a, **k: full.append("full") or original(*a, **k))
    return out, new, tree_digest(tmp_path / "clean"), full


# A protocol-0 pickle that would run a shell command when unpickled (written by hand: the
# project has no pickle to make it with).
EVIL = b"cos\nsystem\n(S'touch %s'\ntR."


def test_no_pickle_anywhere_in_the_project():
    banned = re.compile(
        r"^\s*(import|from)\s+(c?" + "pick" + r"le|shelve|dill|marshal)\b|\b" + "pick" + r"le\.loads?\(", re.M
    )
    found = [
        str(path.relative_to(ROOT))
        for folder in ("ipcredit", "search", "tests", "bench", "tools")
        for path in (ROOT / folder).rglob("*.py")
        if banned.search(path.read_text(encoding="utf-8"))
    ]
    assert found == [] and not banned.search((ROOT / "build.py").read_text(encoding="utf-8"))


def test_a_state_holding_a_pickle_payload_runs_nothing_and_means_a_full_export(built, tmp_path):
    out, new, clean, full = built
    marker = tmp_path / "pwned"
    state = tmp_path / ".public.search.sqlite"
    state.unlink()
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("CREATE TABLE docs (ord INTEGER PRIMARY KEY, url TEXT, digest BLOB, doc BLOB)")
        for key in ("format", "token", "code", "stats", "files", "entry_bytes", "buckets"):
            db.execute("INSERT INTO meta VALUES (?, ?)", (key, EVIL % str(marker).encode()))
        db.execute("INSERT INTO docs VALUES (0, 'u', ?, ?)", (EVIL % str(marker).encode(),) * 2)
    db.close()
    write_site(new, out, Progress())
    assert not marker.exists()
    assert full == ["full"] and tree_digest(out) == clean


@pytest.mark.parametrize(
    "tamper",
    [
        "garbage",
        "empty",
        "wrong types",
        "negative numbers",
        "not hex",
        "deep json",
        "edited document",
        "missing document",
        "symlink",
    ],
)
def test_a_corrupt_or_tampered_search_state_means_a_full_export(built, tmp_path, tamper):
    out, new, clean, full = built
    state = tmp_path / ".public.search.sqlite"
    if tamper == "garbage":
        state.write_bytes(b"SQLite format 3\0" + b"\xff" * 500)
    elif tamper == "empty":
        state.write_bytes(b"")
    elif tamper == "symlink":
        real = tmp_path / "elsewhere.sqlite"
        state.rename(real)
        state.symlink_to(real)
    else:
        with sqlite3.connect(state) as db:
            statements = {
                "wrong types": "UPDATE meta SET value = '\"1\"' WHERE key = 'buckets'",
                "negative numbers": "UPDATE meta SET value = '-5' WHERE key = 'entry_bytes'",
                "not hex": "UPDATE meta SET value = '{\"m\": \"zz\"}' WHERE key = 'files'",
                "deep json": "UPDATE meta SET value = '" + "[" * 100_000 + "' WHERE key = 'stats'",
                # The edited record's stored text, as if someone rewrote what it used to say.
                "edited document": "UPDATE docs SET doc = replace(doc, '销售', '出售')",
                "missing document": "DELETE FROM docs WHERE ord = (SELECT max(ord) FROM docs)",
            }
            db.execute(statements[tamper])
        db.close()
    write_site(new, out, Progress())
    assert full == ["full"], tamper
    assert tree_digest(out) == clean


def test_an_intact_state_is_patched(built):
    out, new, _clean, full = built
    write_site(new, out, Progress())
    assert full == []
    assert_same_site(out, out.parent / "clean", documents(new))  # the search export answers alike


@pytest.mark.parametrize(
    "record",
    [
        "not json {",
        "[1, 2]",
        '{"format": 4}',
        f'{{"format": "4", "tree": "{MARK}"}}',
        f'{{"format": 4, "tree": "{MARK}", "pages": {{"k": ["../../etc/passwd", "f"]}}}}',
        f'{{"format": 4, "tree": "{MARK}", "extra": 1}}',
        '{"format": 4, "tree": [1, 2]}',
        '{"format": 4, "tree": "../../etc/passwd"}',
        "[" * 100_000,
        "\udcff",
    ],
)
def test_a_tampered_build_record_means_a_clean_build(built, tmp_path, record):
    out, new, clean, _full = built
    path = tmp_path / ".public.build.json"
    path.write_bytes(record.encode("utf-8", "surrogateescape"))
    assert incremental.read_record(out) is None
    assert incremental.load_previous(out) is None
    write_site(new, out, Progress())
    assert tree_digest(out) == clean
    assert incremental.read_record(out) is not None  # the new build's own record


def test_a_record_whose_pages_point_elsewhere_keeps_nothing_outside_the_output(built, tmp_path):
    out, new, clean, _full = built
    path = tmp_path / ".public.build.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication", encoding="utf-8")
    record["pages"] = {
        key: ["../secret.txt", fingerprint] for key, (_file, fingerprint) in record["pages"].items()
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    write_site(new, out, Progress())
    assert tree_digest(out) == clean
    assert not any(b"not for publication" in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_a_record_that_names_another_tree_is_not_reused(built, tmp_path):
    """What a build killed between writing its record and switching leaves: a clean build follows."""
    out, new, clean, _full = built
    path = tmp_path / ".public.build.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["tree"] = "0" * 64
    path.write_text(json.dumps(record), encoding="utf-8")
    assert incremental.load_previous(out) is None
    write_site(new, out, Progress())
    assert tree_digest(out) == clean


HEX = st.text("0123456789abcdef", min_size=64, max_size=64)


@settings(max_examples=150, deadline=None)
@given(
    recorded=st.one_of(HEX, st.text(max_size=70), st.lists(st.integers(), max_size=3), st.none()),
    mark=st.one_of(HEX.map(str.encode), st.binary(max_size=200), st.just(b"dir"), st.just(b"link")),
)
def test_an_output_is_reused_only_when_it_holds_the_mark_its_record_names(recorded, mark):
    """Whatever the record names and whatever the output holds as its mark (any bytes, a folder,
    a symbolic link to the right mark elsewhere): the output is reused exactly when the record is
    well formed and the mark is a plain file holding what it names; nothing raises."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "public"
        out.mkdir()
        record = {"format": incremental.RECORD_FORMAT, "tree": recorded, "pages": {}}
        (Path(folder) / ".public.build.json").write_text(json.dumps(record), encoding="utf-8")
        target = out / assemble.TREE_MARK
        if mark == b"dir":
            target.mkdir()
        elif mark == b"link":
            (Path(folder) / "elsewhere").write_text(str(recorded), encoding="ascii", errors="replace")
            target.symlink_to(Path(folder) / "elsewhere")
        else:
            target.write_bytes(mark)
        reused = incremental.load_previous(out) is not None
        well_formed = (
            isinstance(recorded, str) and len(recorded) == 64 and set(recorded) <= set("0123456789abcdef")
        )
        assert reused == (well_formed and mark == str(recorded).encode())
