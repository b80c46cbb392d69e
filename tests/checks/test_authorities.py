"""The authority register: required keys, valid codes, no duplicates, each problem at its line."""

from __future__ import annotations

from pathlib import Path

from ipcredit.checks.codes import check_uscc
from ipcredit.loading.authorities import load_authorities
from ipcredit.problems import Problems

GOOD = "91110000101623741K"
OTHER = "91350100M000100Y43"
ROOT = Path(__file__).resolve().parents[2]
CITY_AUTHORITIES = (
    "江海市知识产权局", "江海市市场监督管理局", "江海市浦江区市场监督管理局", "江海市版权局",
    "江海市文化市场行政执法总队", "江海知识产权法院", "江海市高级人民法院", "江海市第一中级人民法院",
    "江海市人民检察院", "江海国际仲裁中心", "江海海关",
)  # fmt: skip


def load(tmp_path, text):
    path = tmp_path / "authorities.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_authorities(path, problems), [str(p) for p in problems], path


def test_a_valid_register(tmp_path):
    authorities, problems, path = load(
        tmp_path, f"- name: 甲局\n  uscc: {GOOD}\n  name_en: Office A\n  district: 浦江区\n"
    )
    assert problems == []
    (authority,) = authorities
    assert (authority.name, authority.uscc, authority.name_en, authority.district) == (
        "甲局", GOOD, "Office A", "浦江区",
    )  # fmt: skip
    assert str(authority.origin) == f"{path}:1"


def test_every_problem_at_its_line_and_key(tmp_path):
    text = (
        f"- name: 甲局\n  uscc: {GOOD}\n  name_en: A\n"  # lines 1-3
        "- name: 乙局\n  uscc: 91110000101623741A\n  name_en: B\n"  # line 5: bad check character
        f"- name: 甲局\n  uscc: {OTHER}\n  name_en: A again\n"  # line 7: duplicate name
        f"- name: 丙局\n  uscc: {OTHER}\n"  # line 10: name_en missing
        f"- name: 丁局\n  uscc: {GOOD}\n  name_en: D\n"  # line 13: the code of 甲局 again
        f"- name: 戊局\n  uscc: {OTHER}\n  name_en: E\n  phone: 123\n"  # line 18: unknown key
    )
    authorities, problems, path = load(tmp_path, text)
    assert [a.name for a in authorities] == ["甲局", "戊局"]
    expected = [
        (f"{path}:5: error: uscc:", "第 18 位应为 K，实为 A"),
        (f"{path}:7: error: name:", "「甲局」重复，首次出现在第 1 行"),
        (f"{path}:10: error: name_en:", "缺少必填字段 name_en"),
        (f"{path}:13: error: uscc:", f"「{GOOD}」重复，首次出现在第 1 行"),
        (f"{path}:18: warning: phone:", "未知字段 phone"),
    ]
    for start, fragment in expected:
        assert any(p.startswith(start) and fragment in p for p in problems), (start, problems)
    assert len(problems) == len(expected)


def test_missing_register_is_an_error(tmp_path):
    problems = Problems()
    assert load_authorities(tmp_path / "authorities.yaml", problems) == ()
    assert problems.has_errors()


def test_the_committed_register_lists_every_city_authority_with_a_valid_code():
    problems = Problems()
    authorities = load_authorities(ROOT / "cases_data/authorities.yaml", problems)
    assert list(problems) == []
    assert {a.name for a in authorities} == set(CITY_AUTHORITIES)
    for authority in authorities:
        # Government bodies' codes start with 11; positions 3–8 are a (fictional) region code.
        assert check_uscc(authority.uscc) is None and authority.uscc.startswith("11")
        assert authority.uscc[2:8].isdigit() and authority.name_en
    districts = {a.name: a.district for a in authorities if a.district}
    assert districts == {"江海市浦江区市场监督管理局": "浦江区"}


def test_values_that_are_not_text_are_errors_at_their_key(tmp_path):
    authorities, problems, path = load(
        tmp_path, f"- name: [甲局, 乙局]\n  uscc: {GOOD}\n  name_en: Office A\n  district: {{a: 1}}\n"
    )
    assert authorities == ()
    assert [p.split(" error: ")[0] for p in problems] == [f"{path}:1:", f"{path}:4:"]
