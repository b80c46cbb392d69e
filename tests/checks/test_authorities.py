"""The authority register: required keys, valid codes, no duplicates, each problem at its line."""

from __future__ import annotations

from ipcredit.checks.authorities import load_authorities
from ipcredit.problems import Problems

GOOD = "91110000101623741K"


def load(tmp_path, text):
    path = tmp_path / "authorities.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_authorities(path, problems), [str(p) for p in problems], path


def test_a_valid_register(tmp_path):
    authorities, problems, _ = load(
        tmp_path, f"- name: 甲局\n  uscc: {GOOD}\n  name_en: Office A\n  district: 浦江区\n"
    )
    assert problems == []
    assert (
        authorities[0].name == "甲局"
        and authorities[0].name_en == "Office A"
        and authorities[0].district == "浦江区"
    )


def test_every_problem_at_its_line(tmp_path):
    text = (
        f"- name: 甲局\n  uscc: {GOOD}\n  name_en: A\n"  # lines 1-3
        "- name: 乙局\n  uscc: 91110000101623741A\n  name_en: B\n"  # line 5: bad check character
        f"- name: 甲局\n  uscc: {GOOD}\n  name_en: A again\n"  # line 7: duplicate
        "- name: 丙局\n  uscc: 91350100M000100Y43\n"  # line 10: name_en missing
    )
    authorities, problems, path = load(tmp_path, text)
    assert [a.name for a in authorities] == ["甲局"]
    assert any(p.startswith(f"{path}:5: error: uscc:") and "应为 K" in p for p in problems), problems
    assert any(p.startswith(f"{path}:7: error: name:") and "重复" in p for p in problems), problems
    assert any(p.startswith(f"{path}:10: error: name_en:") for p in problems), problems


def test_missing_register_is_an_error(tmp_path):
    problems = Problems()
    assert load_authorities(tmp_path / "authorities.yaml", problems) == ()
    assert problems.has_errors()
