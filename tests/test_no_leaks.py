"""No leak, whatever a register holds: hostile registers (tests/hostile.py) through a real build.

For every generated input: no traceback; `check` and `build` agree (same exit status, same
problems); either a clean `path:line` error report and no output folder, or a build in which no
withheld record's name, number or code, no unmasked ID number and no unmasked person name is in
any output file (tests/leaks.py reads them all, gzip and XLSX opened), the change log, the
withdrawals list and the published state included: each build follows one a year earlier.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import tempfile
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings

from ipcredit.cli import main
from ipcredit.loading.registers import load_registers
from ipcredit.problems import Problems
from ipcredit.records import Authority, Origin
from ipcredit.rules.classes import window
from tests import factories
from tests.conftest import AUTHORITIES_YAML, SITE_YAML, document, write
from tests.hostile import AS_OF, AUTHORITY, Registers, registers, resident_id
from tests.leaks import find_leaks, id_forms

PROBLEM = re.compile(r"^.+:\d+: (error|warning): ")
SUMMARY = re.compile(
    r"^共 \d+ 个错误、\d+ 个警告；未写入任何文件.* \(\d+ error\(s\), \d+ warning\(s\); nothing was written"
)


def id_headers() -> tuple[str, ...]:
    """证件号码, and 身份证号码 when the column table reads it as the ID column."""
    with tempfile.TemporaryDirectory() as tmp:
        found = Registers(id_header="身份证号码")
        found.penalties.append({"证件号码": "x"})
        found.write(Path(tmp))
        (Path(tmp) / "dishonesty" / "hostile.csv").unlink()  # a CSV: file_format's default
        problems = Problems()
        authority = Authority(AUTHORITY[0], AUTHORITY[1], "", None, Origin("a", 1))
        load_registers(Path(tmp), (authority,), factories.settings(), problems, window)
        unknown = any("身份证号码" in str(p) and "未知的列" in str(p) for p in problems)
    return ("证件号码",) if unknown else ("证件号码", "身份证号码")


ID_HEADERS = id_headers()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))  # an exception here fails the test: no traceback for any input
    return code, out.getvalue(), err.getvalue()


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if PROBLEM.match(line)]


def source_tree(root: Path, found: Registers) -> tuple[Path, Path]:
    content, data = root / "content", root / "cases_data"
    write(content, "site.yaml", SITE_YAML)
    write(content, "pages/about.md", document("title: 关于本站\norder: 1", "介绍。"))
    write(data, "authorities.yaml", AUTHORITIES_YAML)
    front = f"title: 送达公告\npublished: {AS_OF.isoformat()}\npublisher: 江海市知识产权局"
    write(content, "notices/service.md", document(front, found.notice_body))
    found.write(data)
    return content, data


def check_and_build(found: Registers) -> None:
    root = Path(tempfile.mkdtemp(prefix="ipcredit-hostile-"))
    try:
        content, data = source_tree(root, found)
        common = ("--content", str(content), "--data", str(data), "--as-of", AS_OF.isoformat())
        out, earlier = root / "public", root / "earlier"
        checked, _, check_err = run("check", *common)
        # A build a year before, so that records shown then and withheld now are in the change
        # log and the withdrawals list (by id only) of the build under test.
        year_before = ("--as-of", AS_OF.replace(year=AS_OF.year - 1).isoformat())
        run("build", *common[:4], *year_before, "--out", str(earlier))
        built, _, build_err = run("build", *common, "--out", str(out), "--previous", str(earlier))
        assert checked == built and problems(check_err) == problems(build_err), (check_err, build_err)
        if found.must_fail:
            assert built == 1, build_err
        if built:
            lines = build_err.splitlines()
            assert built == 1 and any(": error: " in line for line in lines), build_err
            assert all(PROBLEM.match(line) or SUMMARY.match(line) for line in lines), build_err
            assert not out.exists()
            return
        assert not found.must_fail
        leaks = find_leaks(out, found.secrets)
        assert leaks == [], "\n".join(map(str, leaks[:20]))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(max_rows=3, id_headers=ID_HEADERS))
def test_hostile_registers_never_leak_quick(found):
    check_and_build(found)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(max_rows=6, id_headers=ID_HEADERS))
def test_hostile_registers_never_leak(found):
    check_and_build(found)


# The scanner itself: it must find what it is there to find ----------------------------------------
def test_the_scanner_reads_every_file_gzip_xlsx_and_escapes(tmp_path):
    secret_id = resident_id(AS_OF.replace(year=1990), 7)
    (tmp_path / "page.html").write_text("<p>欧阳翀&#39640;</p>", encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "shard.json").write_bytes(gzip.compress(json.dumps({"t": "訾翀骞"}).encode()))
    workbook = xlsxwriter.Workbook(str(tmp_path / "data.xlsx"))
    workbook.add_worksheet().write_string(0, 0, "-".join((secret_id[:6], secret_id[6:14], secret_id[14:])))
    workbook.close()
    (tmp_path / "other.txt").write_text(f"x{secret_id}x 3101**********123X", encoding="utf-8")
    leaks = find_leaks(tmp_path, {"欧阳翀高", "訾翀骞", *id_forms(secret_id)})
    where = {(leak.where.split("!")[0], leak.what) for leak in leaks}
    assert ("page.html", "欧阳翀高") in where  # an HTML character reference decoded
    assert ("search/shard.json", "訾翀骞") in where  # gunzipped, JSON \\u escapes decoded
    assert any(w == "data.xlsx" and "-" in what for w, what in where)  # inside the zip's XML
    assert ("other.txt", secret_id) in where  # by the list, and as any valid ID
    assert find_leaks(tmp_path, set(), any_resident_id=False) == []


def test_the_scanner_finds_an_unlisted_valid_id_but_not_a_masked_one(tmp_path):
    unlisted = resident_id(AS_OF.replace(year=1985), 3)
    (tmp_path / "a.csv").write_text(f"{unlisted[:4]}**********{unlisted[-4:]},{unlisted[:17]}", "utf-8")
    assert find_leaks(tmp_path, set()) == []
    (tmp_path / "b.xml").write_text(unlisted, "utf-8")
    assert [leak.what for leak in find_leaks(tmp_path, set())] == [unlisted]
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as archive:
        archive.writestr("x.xml", unlisted)
    assert len(find_leaks(tmp_path, set())) == 2
