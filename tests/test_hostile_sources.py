"""Property tests: hostile front matter, site.yaml and Markdown never crash the build.

For every generated input: no traceback; every problem is a ``path:line``
message; and ``check`` and ``build`` agree (check exits 0 exactly when build
does). The fast tests run the validation; the build-based one is ``slow``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipcredit.checks.attachments import ATTACHMENT_TYPES
from ipcredit.cli import main
from ipcredit.pipeline import Folders, read_sources
from ipcredit.problems import Problems
from tests.conftest import AUTHORITIES_YAML, SITE_YAML, write
from tests.hostile import yaml_values

PROBLEM = re.compile(r"^.+:[1-9]\d*: (error|warning): ", re.S)
VALUES = yaml_values()
# Lines no serialiser would write: anchors, aliases, tags, merge keys, broken syntax, deep nesting.
RAW_YAML = [
    "a: &x [lol, lol, lol]", "b: *x", "c: [*x, *x, *x]", "d: !!float nope", "e: !!python/name:os.system",
    "<<: {title: 合并}", "? [a, b]\n: 1", "f: " + "[" * 60 + "]" * 60, "[", "g: |", "  block", "- item",
    "title: 重复", "h: 0x1F", "i: 0o17", "j: 1_000", "k: .inf", "l: ~", "m: 99999999999999999999999999999999999",
]  # fmt: skip
FRONT_KEYS = [
    "title", "published", "publisher", "expires", "summary", "attachments", "year", "order",
    "case_number", "authority", "procedure", "ip_types", "rank", "tags", "undefined",
]  # fmt: skip
YAML_LINES = st.one_of(
    st.tuples(st.sampled_from(FRONT_KEYS), VALUES).map(lambda kv: f"{kv[0]}: {json.dumps(kv[1])}"),
    st.sampled_from(RAW_YAML),
)
TARGETS = st.one_of(
    st.sampled_from(
        [
            "files/a.pdf", "files/a.ofd", "files/b.png", "files/c.svg", "files/d.csv", "files/missing.png",
            "../penalties/x.csv", "%2e%2e/penalties/x.csv", "..%2fpenalties%2fx.csv", "../PENALTIES/x.csv",
            "/etc/passwd", "file:///etc/passwd", "javascript:alert(1)", "data:image/png;base64,AAAA",
            "//evil.example/x.png", "https://evil.example/x.png", "files/link.pdf", "files/", ".", "",
            "files/a.pdf#page=2", "files/a.pdf?x=1", "files\\a.pdf", "files/%00.pdf", "files/a%20b.pdf",
            "files/报告.pdf", "#top", "mailto:a@example.org", "files/../files/a.pdf", "files/A.PDF",
        ]
    ),
    st.text(alphabet="abc./%\\?#:-_ 报", max_size=16),
)  # fmt: skip
ALT = st.sampled_from(["", "说明", " "])
BODY_PARTS = st.one_of(
    st.tuples(ALT, TARGETS).map(lambda p: f"![{p[0]}]({p[1]})"),
    TARGETS.map(lambda t: f"[链接]({t})"),
    TARGETS.map(lambda t: f'<a href="{t}">链接</a>'),
    st.tuples(ALT, TARGETS).map(lambda p: f'<img src="{p[1]}" alt="{p[0]}">'),
    st.sampled_from(["## 标题", "正文。", "<script>alert(1)</script>", "\x00", "[甲 " * 150, "| a |\n|---|\n| b |", "[^1]\n\n[^1]: 注"]),
)  # fmt: skip
SITE_LINES = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "page_size",
                "sample_data",
                "base_url",
                "publicity",
                "masking",
                "name",
                "contact",
                "licence",
                "page_sise",
            ]
        ),
        VALUES,
    ).map(lambda kv: f"{kv[0]}: {json.dumps(kv[1])}"),
    st.sampled_from(RAW_YAML),
)
REGISTER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,"
    "处罚内容,处罚决定日期,处罚机关,处罚机关统一社会信用代码\n"
    "某公司,法人及非法人组织,91110000101623741K,江罚〔2025〕1号,类型,事实,依据,警告,内容,2025-03-01,"
    "江海市知识产权局,91110000101623741K\n"
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make_tree(root: Path, front: list[str], body: list[str], site_extra: list[str]) -> tuple[Path, Path]:
    content, data = root / "content", root / "cases_data"
    write(content, "site.yaml", SITE_YAML)
    (content / "site.yaml").write_text(
        SITE_YAML + "".join(f"{line}\n" for line in site_extra), encoding="utf-8"
    )
    write(data, "authorities.yaml", AUTHORITIES_YAML)
    write(data, "penalties/x.csv", REGISTER)
    for files in (content / "notices" / "files", data / "typical" / "files"):
        files.mkdir(parents=True)
        for name in ("a.pdf", "a.ofd", "b.png", "c.svg", "d.csv", "a b.pdf", "报告.pdf"):
            (files / name).write_text("x", encoding="utf-8")
        os.symlink(data / "penalties" / "x.csv", files / "link.pdf")
    text = "---\n" + "".join(f"{line}\n" for line in front) + "---\n" + "\n\n".join(body) + "\n"
    (content / "notices" / "n.md").write_text(text, encoding="utf-8")
    # The same front matter and body as a typical case: its own keys (rank, ip_types…) get the same abuse.
    case = text.replace(
        "---\n", "---\nauthority: 江海市知识产权局\nprocedure: 民事\nip_types: [专利]\nsummary: 摘要\n", 1
    )
    (data / "typical" / "t.md").write_text(case, encoding="utf-8")
    return content, data


def validate(front: list[str], body: list[str], site_extra: list[str]) -> Problems:
    """Validate a hostile tree; assert what holds for every input, and return the problems."""
    with tempfile.TemporaryDirectory() as tmp:
        content, data = make_tree(Path(tmp), front, body, site_extra)
        problems = Problems()
        settings_found, sources = read_sources(Folders(content, data), problems)
        for problem in problems:
            assert PROBLEM.match(str(problem)), str(problem)
        site_errors = [p for p in problems.errors if p.path.endswith("site.yaml")]
        assert (settings_found is None) == bool(site_errors)
        for folder, documents in ((content / "notices", sources.notices), (data / "typical", sources.cases)):
            for attachment in (a for d in documents for a in d.attachments):
                # only the document's own files, of allowed types
                assert attachment.source.resolve().is_relative_to(folder.resolve()), attachment
                assert attachment.source.suffix.lower() in ATTACHMENT_TYPES, attachment
        return problems


@FAST
@given(front=st.lists(YAML_LINES, max_size=8))
def test_hostile_front_matter_gives_path_line_problems_never_a_traceback(front):
    validate(["title: 通知", "published: 2025-01-05", "publisher: 局", *front], ["正文。"], [])


@FAST
@given(site=st.lists(SITE_LINES, max_size=6))
def test_hostile_site_yaml_gives_path_line_problems_never_a_traceback(site):
    validate(["title: 通知", "published: 2025-01-05", "publisher: 局"], ["正文。"], site)


@FAST
@given(body=st.lists(BODY_PARTS, max_size=6))
def test_hostile_links_and_images_give_path_line_problems_never_a_traceback(body):
    validate(["title: 通知", "published: 2025-01-05", "publisher: 局"], body, [])


@FAST
@given(items=st.lists(st.lists(YAML_LINES, max_size=4), max_size=3))
def test_hostile_authorities_yaml_gives_path_line_problems_never_a_traceback(items):
    text = AUTHORITIES_YAML + "".join("- " + "\n  ".join(lines or ["{}"]) + "\n" for lines in items)
    with tempfile.TemporaryDirectory() as tmp:
        content, data = make_tree(
            Path(tmp), ["title: 通知", "published: 2025-01-05", "publisher: 局"], [], []
        )
        (data / "authorities.yaml").write_text(text, encoding="utf-8")
        problems = Problems()
        read_sources(Folders(content, data), problems)
        assert all(PROBLEM.match(str(p)) for p in problems), [str(p) for p in problems]


@pytest.mark.slow
@SLOW
@given(
    front=st.lists(YAML_LINES, max_size=4),
    body=st.lists(BODY_PARTS, max_size=4),
    site=st.lists(SITE_LINES, max_size=3),
)
def test_check_and_build_agree_on_hostile_sources(front, body, site):
    with tempfile.TemporaryDirectory() as tmp:
        content, data = make_tree(
            Path(tmp), ["title: 通知", "published: 2025-01-05", "publisher: 局", *front], body, site
        )
        argv = ["--content", str(content), "--data", str(data), "--as-of", "2026-01-01"]
        checked = main(["check", *argv])
        out = Path(tmp) / "public"
        built = main(["build", *argv, "--out", str(out)])
        event(f"check {checked}, build {built}")
        assert (checked == 0) == (built == 0), (checked, built)
        assert checked in (0, 1) and built in (0, 1)
        if built == 0:
            published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
            assert not [p for p in published if p.endswith((".csv", ".svg")) and p.startswith("files/")]
            assert all(
                "110101" not in p.read_text(errors="ignore")
                for p in (out / "files").rglob("*")
                if p.is_file()
            )


def test_the_generators_can_produce_both_outcomes():
    """A sanity anchor for the properties above: an error at its line in both documents, and a clean tree."""
    problems = validate(["title: 通知", "published: 2025-01-05", "publisher: 局", "b: *x"], ["正文。"], [])
    assert sorted((p.path.rsplit("/", 1)[-1], p.line) for p in problems.errors) == [("n.md", 5), ("t.md", 9)]
    assert not validate(
        ["title: 通知", "published: 2025-01-05", "publisher: 局"], ["![图](files/b.png)"], []
    ).has_errors()
