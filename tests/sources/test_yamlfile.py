"""Agency YAML: what it may not contain is refused at its line, before any object is built."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ipcredit.problems import Problems
from ipcredit.sources.documents import parse_document
from ipcredit.sources.yamlfile import parse_yaml, read_yaml_list


def parsed(text: str, first_line: int = 1) -> tuple[object, list[str]]:
    problems = Problems()
    doc = parse_yaml(text, Path("x.yaml"), problems, first_line)
    return doc, [str(p) for p in problems]


def bomb(levels: int = 12) -> str:
    """The "billion laughs": 9**levels strings once expanded, a few hundred bytes written."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_at_its_first_anchor():
    started = time.monotonic()
    doc, problems = parsed("title: x\n" + bomb())
    assert doc is None
    assert problems == [problems[0]] and problems[0].startswith("x.yaml:2: error: ")
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("a: 1\nb: *nowhere\n", 2, "别名"),
        ("a: &x 1\n", 1, "别名"),
        ("a: !!float nope\n", 1, "类型标记"),
        ("a: !!python/object:os.system x\n", 1, "类型标记"),
        ("a: 1\nb: 2\na: 3\n", 3, "写了两次"),
        ("a: " + "[" * 500 + "]" * 500 + "\n", 1, "嵌套"),
        ("a: " + "9" * 5000 + "\n", 1, "位"),
        ("a: 1\nb: x\x00y\n", 2, "U+0000"),
        ("a: 1\n\nb: \x1b[31m\n", 3, "U+001B"),
        ("a: [1,\n", 2, "YAML"),
    ],
)
def test_refusals_are_reported_at_their_line(text, line, expected):
    doc, problems = parsed(text)
    assert doc is None
    assert len(problems) == 1 and problems[0].startswith(f"x.yaml:{line}: error: "), problems
    assert expected in problems[0]


def test_lines_are_offset_for_front_matter_and_nested_keys_are_found():
    doc, problems = parsed("a:\n  b:\n    c: 1\nd: 2\n", first_line=2)
    assert problems == []
    assert doc.line_of("a", "b", "c") == 4 and doc.line_of("d") == 5
    assert doc.line_of("a", "missing") == 2  # the deepest key that exists


def test_dates_stay_text_so_checks_can_report_them():
    doc, _ = parsed("published: 2025-13-45\nother: 2025-01-01\n")
    assert doc.data == {"published": "2025-13-45", "other": "2025-01-01"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: 标题\npublished: *x\n---\n正文\n", 3),
        ("---\ntitle: 标题\n---\n正文\x00\n", 4),
        ("---\ntitle: 标\x00题\n---\n正文\n", 2),
        ("---\n" + bomb(30) + "---\n", 2),
    ],
)
def test_front_matter_refusals_are_at_their_line_in_the_file(text, line):
    problems = Problems()
    assert parse_document(Path("n.md"), text, problems) is None
    assert [str(p).split(" error: ")[0] for p in problems] == [f"n.md:{line}:"]


def test_authorities_yaml_refuses_aliases_and_keeps_dates_as_text(tmp_path):
    path = tmp_path / "authorities.yaml"
    path.write_text("- name: &n 局\n  uscc: x\n- name: *n\n", encoding="utf-8")
    problems = Problems()
    assert read_yaml_list(path, problems) is None
    assert [p.line for p in problems] == [1]
    path.write_text("- name: 局\n  district: 2025-13-45\n", encoding="utf-8")
    items = read_yaml_list(path, Problems())
    assert items[0].values == {"name": "局", "district": "2025-13-45"} and items[0].lines["district"] == 2
