"""The register rows' outcomes kept beside the output (``.public.rows``) through the command
line: the next build validates only the rows that changed, and a cache that cannot be read or
written costs time, never the build. That a cached reading equals a full one is proved on
hostile registers in tests/checks/test_registers_cache.py; that the nightly output equals a
clean build, and what the next build reads again, in tests/outputs/test_changes.py."""

from __future__ import annotations

from tests.outputs.test_changes import NEXT, D, build, register, sources


def test_a_clean_build_reads_every_row_and_keeps_them_for_the_next(tmp_path):
    first = sources(tmp_path / "d", register([1, 2, 3]))
    out = tmp_path / "public"
    assert build(*first, D, out)[0] == 0
    code, stdout, _ = build(*first, NEXT, out, "--clean")
    assert code == 0 and "register rows: 3, 0 as the last build read them" in stdout
    assert "register rows: 3, 3 as the last build read them" in build(*first, NEXT, out)[1]


def test_a_damaged_cache_is_a_note_and_every_row_is_read(tmp_path):
    first = sources(tmp_path / "d", register([1, 2, 3]))
    out = tmp_path / "public"
    assert build(*first, D, out)[0] == 0
    kept = tmp_path / ".public.rows"
    kept.write_bytes(kept.read_bytes()[:100])
    code, stdout, stderr = build(*first, NEXT, out)
    assert code == 0, stderr
    assert (
        "register rows: 3, 0 as the last build read them; the last build's were not used: unreadable"
        in stdout
    )


def test_a_cache_that_cannot_be_written_is_a_note_not_a_failed_build(tmp_path):
    first = sources(tmp_path / "d", register([1, 2, 3]))
    out = tmp_path / "public"
    (tmp_path / ".public.rows.tmp").mkdir()  # where the cache is written first
    code, _, stderr = build(*first, D, out)
    assert code == 0 and (out / "index.html").is_file()
    assert "note: the rows read were not saved" in stderr and "the next build reads every row" in stderr
    assert not (tmp_path / ".public.rows").exists()
