"""The change log, the withdrawals list and first_published, end to end through the command line.

A build on D and one on D+1 (the second against the first's output): the record
whose publicity ends on D is withdrawn on D+1 (its id, section and date only), a
record entered late (decided before D, in the register only from D+1) is added on
D+1 and its feed entry is dated D+1, an edited record is changed. A first build
starts the log anew and says so; a damaged or unreachable previous state gives a
warning and a fresh log, never a traceback.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import re
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ipcredit.cli import main
from ipcredit.records import record_id
from tests.conftest import AUTHORITIES_YAML, SITE_YAML, document, write
from tests.hostile import credit_code
from tests.leaks import find_leaks
from tests.search.equivalence import EXPORT_PATH, contents, outside_export
from tests.trees import tree_digest

AUTHORITY, AUTHORITY_USCC = "江海市知识产权局", "91110000101623741K"
HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,"
    "处罚内容,罚款金额（万元）,处罚决定日期,处罚机关,处罚机关统一社会信用代码"
)
D, NEXT = date(2026, 3, 10), date(2026, 3, 11)
# number → (party, code, decision date): 1 is shown until D (decided a year before: the 一般
# class's 12 months), 2 stays, 3 is edited on D+1, 4 is entered late (decided before D).
ROWS = {
    1: ("江海到期贸易有限公司", credit_code(41), "2025-03-10"),
    2: ("江海常在贸易有限公司", credit_code(42), "2026-01-05"),
    3: ("江海更正贸易有限公司", credit_code(43), "2026-01-06"),
    4: ("江海晚录贸易有限公司", credit_code(44), "2026-02-01"),
}


def number(n: int) -> str:
    return f"江知处罚〔2026〕{n}号"


def register(numbers: list[int], edited: bool = False) -> str:
    rows = [HEADER]
    for n in numbers:
        party, code, decided = ROWS[n]
        facts = "销售侵权商品，已更正。" if edited and n == 3 else "销售侵权商品。"
        rows.append(
            f"{party},法人及非法人组织,{code},{number(n)},侵犯注册商标专用权,{facts},《商标法》第六十条,罚款,"
            f"罚款。,1,{decided},{AUTHORITY},{AUTHORITY_USCC}"
        )
    return "\n".join(rows) + "\n"


def sources(root: Path, text: str) -> tuple[Path, Path]:
    content, data = root / "content", root / "cases_data"
    write(content, "site.yaml", SITE_YAML)
    write(content, "pages/about.md", document("title: 关于本站\norder: 1"))
    write(data, "authorities.yaml", AUTHORITIES_YAML)
    write(data, "penalties/2026.csv", text)
    return content, data


def build(content: Path, data: Path, as_of: date, out: Path, *more: str) -> tuple[int, str, str]:
    from contextlib import redirect_stderr, redirect_stdout

    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        options = ["--content", str(content), "--data", str(data), "--as-of", as_of.isoformat()]
        code = main(["build", *options, "--out", str(out), *more])
    return code, stdout.getvalue(), stderr.getvalue()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("nights")
    first = sources(root / "d", register([1, 2, 3]))
    second = sources(root / "d1", register([1, 2, 3, 4], edited=True))
    out = root / "public"
    code, stdout, stderr = build(*first, D, out)
    assert code == 0, stderr
    on_d = {
        p: (out / p).read_bytes() for p in ("data/changes.json", "data/published.json", "data/index.html")
    }
    shutil.copytree(out, root / "site-on-d")
    code, stdout_next, stderr_next = build(*second, NEXT, out)
    assert code == 0, stderr_next
    return {
        "root": root,
        "out": out,
        "site_on_d": root / "site-on-d",
        "first": first,
        "second": second,
        "on_d": on_d,
        "stdout": stdout,
        "stdout_next": stdout_next,
    }


def test_the_first_build_starts_the_log_anew_and_says_so(nights):
    on_d = nights["on_d"]
    log = json.loads(on_d["data/changes.json"])
    assert log == {"as_of": D.isoformat(), "log_started": D.isoformat(), "changes": []}
    page = on_d["data/index.html"].decode("utf-8")
    assert "变更记录自 2026年3月10日 起连续记录" in page and "重新开始" in page
    assert "change log since 2026-03-10 (started anew by this build)" in nights["stdout"]
    state = json.loads(on_d["data/published.json"])
    assert {row[0] for row in state["shown"]["penalties"]} == {record_id(number(n)) for n in (1, 2, 3)}
    assert all(row[2] == D.isoformat() for row in state["shown"]["penalties"])  # first published on D


def test_a_build_on_the_next_day_logs_the_expired_record_as_withdrawn_by_id_only(nights):
    out = nights["out"]
    log = rows(out / "data/changes.csv")
    gone = record_id(number(1))
    assert {
        "date": NEXT.isoformat(),
        "change": "withdrawn",
        "section": "penalties",
        "id": gone,
        "url": "",
    } in log
    assert rows(out / "data/withdrawn.csv") == [
        {"id": gone, "section": "penalties", "withdrawn_on": NEXT.isoformat()}
    ]
    listed = json.loads((out / "data/withdrawn.json").read_text(encoding="utf-8"))
    assert listed == [{"id": gone, "section": "penalties", "withdrawn_on": NEXT.isoformat()}]
    assert not (out / "penalties" / gone).exists()


def test_a_record_entered_late_is_added_on_the_next_day_and_first_in_the_feed(nights):
    out = nights["out"]
    late = record_id(number(4))
    url = f"https://example.org/site/penalties/{late}/"
    assert {
        "date": NEXT.isoformat(),
        "change": "added",
        "section": "penalties",
        "id": late,
        "url": url,
    } in rows(out / "data/changes.csv")
    penalties = json.loads((out / "data/penalties.json").read_text(encoding="utf-8"))
    first = {p["id"]: p["first_published"] for p in penalties}
    assert first[late] == NEXT.isoformat() and first[record_id(number(2))] == D.isoformat()
    feed = (out / "feeds/penalties.atom").read_text(encoding="utf-8")
    entry = feed.split("<entry>")[1]  # the newest: decided 2026-02-01, but new on D+1
    assert late in entry and f"<updated>{NEXT.isoformat()}T00:00:00+08:00</updated>" in entry
    page = (out / "penalties" / late / "index.html").read_text(encoding="utf-8")
    assert "本站首次公示" in page and re.search(r'datetime="?2026-03-11', page)  # minified: quotes may go
    english = (out / "en/penalties" / late / "index.html").read_text(encoding="utf-8")
    assert "First published on this site" in english


def test_an_edited_record_is_logged_as_changed_and_keeps_its_first_published(nights):
    out = nights["out"]
    edited = record_id(number(3))
    log = rows(out / "data/changes.csv")
    assert [r["change"] for r in log if r["id"] == edited] == ["changed"]
    assert [r["id"] for r in log if r["change"] != "withdrawn"] != []
    assert record_id(number(2)) not in {r["id"] for r in log}  # unchanged: not logged
    penalties = json.loads((out / "data/penalties.json").read_text(encoding="utf-8"))
    assert next(p for p in penalties if p["id"] == edited)["first_published"] == D.isoformat()
    atom = (out / "feeds/changes.atom").read_text(encoding="utf-8")
    assert atom.count("<entry>") == 3 and f"penalties/{edited}/" in atom


def test_no_new_file_names_a_withdrawn_record(nights):
    out = nights["out"]
    party, code, _ = ROWS[1]
    secrets = {party, code, number(1), number(1).replace("〔", "[").replace("〕", "]")}
    assert find_leaks(out, secrets) == []
    for name in ("data/changes.csv", "data/changes.json", "data/withdrawn.csv", "data/withdrawn.json",
                 "data/published.json", "feeds/changes.atom", "en/feeds/changes.atom"):  # fmt: skip
        text = (out / name).read_text(encoding="utf-8-sig")
        assert not re.search(r"江海|江知|923199", text), name  # no name, number or code of any record


def test_the_next_build_validates_only_the_rows_that_changed(nights):
    assert "register rows: 3, 0 as the last build read them" in nights["stdout"]
    # 1 and 2 as they were; 3 edited, 4 new.
    assert "register rows: 4, 2 as the last build read them" in nights["stdout_next"]
    kept = nights["root"] / ".public.rows"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # it holds what the sources hold


def test_a_rebuild_on_the_same_day_against_its_own_output_changes_nothing(nights, tmp_path):
    out = nights["out"]
    before = tree_digest(out / "data")
    assert build(*nights["second"], NEXT, out)[0] == 0
    assert tree_digest(out / "data") == before


def test_the_same_previous_state_gives_the_same_site_from_a_folder_or_a_url(nights, tmp_path):
    out = nights["out"]
    previous = tmp_path / "previous"
    (previous / "data").mkdir(parents=True)
    (previous / "data/published.json").write_bytes(nights["on_d"]["data/published.json"])
    from_folder = tmp_path / "from-folder"
    assert build(*nights["second"], NEXT, from_folder, "--previous", str(previous))[0] == 0
    # The nightly output's search export was patched: it holds the same as the clean one's.
    assert outside_export(tree_digest(from_folder)) == outside_export(tree_digest(out))
    assert contents(from_folder / EXPORT_PATH) == contents(out / EXPORT_PATH)
    with serve(previous) as url:
        from_url = tmp_path / "from-url"
        code, _, stderr = build(*nights["second"], NEXT, from_url, "--previous", url)
    assert code == 0 and "warning" not in stderr, stderr
    assert tree_digest(from_url) == tree_digest(from_folder)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


class serve:  # a context manager named like open()
    """A local web server over ``root`` (the live site, in miniature)."""

    def __init__(self, root: Path) -> None:
        handler = lambda *a, **k: _Quiet(*a, directory=str(root), **k)  # noqa: E731
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def damaged_states() -> Iterator[tuple[str, bytes]]:
    yield "not json", b"{not json"
    wrong = {"format": "ipcredit-published", "version": 1, "as_of": "2026-03-10", "log_started": 5}
    yield "wrong types", json.dumps({**wrong, "shown": [], "changes": {}, "withdrawals": None}).encode()
    yield "not utf-8", b"\xff\xfe\x00"
    yield "deep", b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(("what", "data"), list(damaged_states()))
def test_a_damaged_previous_state_means_a_warning_and_a_fresh_log(nights, tmp_path, what, data):
    previous = tmp_path / "previous"
    (previous / "data").mkdir(parents=True)
    (previous / "data/published.json").write_bytes(data)
    out = tmp_path / "out"
    code, _, stderr = build(*nights["second"], NEXT, out, "--previous", str(previous))
    assert code == 0 and "Traceback" not in stderr
    assert re.search(r"published\.json:1: warning: .*change log .*start anew", stderr), (what, stderr)
    log = json.loads((out / "data/changes.json").read_text(encoding="utf-8"))
    assert log["log_started"] == NEXT.isoformat() and log["changes"] == []


def test_a_previous_site_that_answers_404_or_is_too_big_means_a_fresh_log(nights, tmp_path, monkeypatch):
    empty = tmp_path / "empty-site"
    empty.mkdir()
    with serve(empty) as url:
        code, _, stderr = build(*nights["second"], NEXT, tmp_path / "a", "--previous", url)
    assert code == 0 and "HTTP 404" in stderr and "warning" in stderr
    from ipcredit.sources import previous as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    with serve(nights["out"]) as url:
        code, _, stderr = build(*nights["second"], NEXT, tmp_path / "b", "--previous", url)
    assert code == 0 and "larger than 100 bytes" in stderr
    log = json.loads((tmp_path / "b/data/changes.json").read_text(encoding="utf-8"))
    assert log["log_started"] == NEXT.isoformat()
    code, _, stderr = build(*nights["second"], NEXT, tmp_path / "c", "--previous", "http://127.0.0.1:9/")
    assert code == 0 and "cannot be downloaded" in stderr


def test_a_previous_build_dated_later_is_not_followed(nights, tmp_path):
    code, _, stderr = build(*nights["first"], D, tmp_path / "out", "--previous", str(nights["out"]))
    assert code == 0 and "after 2026-03-10; the change log starts anew" in stderr


def test_the_example_script_in_the_docs_keeps_a_mirror_in_step(nights, tmp_path):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reusers.md").read_text(encoding="utf-8")
    script = tmp_path / "mirror.py"
    script.write_text(docs.split("```python\n")[1].split("```")[0], encoding="utf-8")
    mirror = tmp_path / "mirror.json"

    def run_on(site: Path) -> dict:
        with serve(site) as url:
            command = [sys.executable, str(script), url, str(mirror)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(mirror.read_text(encoding="utf-8"))

    on_d = run_on(nights["site_on_d"])
    assert set(on_d["records"]) == {f"penalties/{record_id(number(n))}" for n in (1, 2, 3)}
    on_next = run_on(nights["out"])
    assert on_next["synced"] == NEXT.isoformat()
    assert set(on_next["records"]) == {f"penalties/{record_id(number(n))}" for n in (2, 3, 4)}
    assert on_next["records"][f"penalties/{record_id(number(3))}"]["facts"] == "销售侵权商品，已更正。"
