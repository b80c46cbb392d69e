"""site.yaml: every key validated at its own line; a broken file never hides the other files' problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ipcredit.pipeline import Folders, read_sources
from ipcredit.problems import Level, Problems
from ipcredit.settings import load_settings
from tests import hostile
from tests.conftest import SITE_YAML

PENALTY_HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,"
    "处罚类别,处罚内容,罚款金额（元）,处罚决定日期,处罚机关,处罚机关统一社会信用代码\n"
)


def settings_problems(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    settings = load_settings(path, problems)
    return settings, [str(p) for p in problems.sorted()]


def line_of(text: str, key: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(f"{key}:"))


def test_the_test_settings_are_valid(tmp_path):
    settings, problems = settings_problems(tmp_path, SITE_YAML)
    assert problems == [] and settings is not None
    assert settings.base_url == "https://example.org/site/" and settings.page_size == 50


@pytest.mark.parametrize(
    ("extra", "key", "expected"),
    [
        ("page_size: 0\n", "page_size", "1 至 1000"),
        ("page_size: -5\n", "page_size", "1 至 1000"),
        ("page_size: 10000000\n", "page_size", "1 至 1000"),
        ("page_size: fifty\n", "page_size", "整数"),
        ("page_size: 2.5\n", "page_size", "整数"),
        ("page_size: true\n", "page_size", "整数"),
        ('sample_data: "true"\n', "sample_data", "true 或 false"),
        ("sample_data: 1\n", "sample_data", "true 或 false"),
        ("publicity: {penalty_max_months: -1}\n", "publicity", "已停用"),
        ("publicity: {dishonesty_default_months: 99999}\n", "publicity", "0 至 1200"),
        ("publicity: 36\n", "publicity", "键值对"),
        ('masking: {mask_person_names: "no"}\n', "masking", "true 或 false"),
    ],
)
def test_a_bad_value_is_an_error_at_its_key(tmp_path, extra, key, expected):
    text = SITE_YAML.replace("sample_data: true\n", "") + extra
    settings, problems = settings_problems(tmp_path, text)
    assert settings is None
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path / 'site.yaml'}:{line_of(text, key)}: error: ")
    assert expected in problems[0]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "javascript://example.org/%0aalert(1)", "data:text/html,x", "//example.org/",
     "example.org", "https://", "ftp://example.org/", "https://exa mple.org/", 'https://e.org/"><script>',
     "https://user:pw@example.org/", "https://example.org:99999/"],
)  # fmt: skip
def test_base_url_must_be_an_absolute_http_url(tmp_path, url):
    text = SITE_YAML.replace("https://example.org/site/", f"'{url}'")
    settings, problems = settings_problems(tmp_path, text)
    assert settings is None
    assert [p for p in problems if f":{line_of(text, 'base_url')}: error: base_url:" in p], problems


def test_licence_url_is_checked_too(tmp_path):
    text = SITE_YAML.replace('"https://creativecommons.org/licenses/by/4.0/"', "javascript:x")
    settings, problems = settings_problems(tmp_path, text)
    assert settings is None and "licence.url" in problems[0]


@pytest.mark.parametrize("text", ["hello\n", "42\n", "- a\n- b\n", "[]\n", "true\n"])
def test_a_site_yaml_that_is_not_a_mapping_is_one_error_at_line_1(tmp_path, text):
    settings, problems = settings_problems(tmp_path, text)
    assert settings is None
    assert len(problems) == 1 and ":1: error: " in problems[0] and "键值对" in problems[0]


def test_an_empty_site_yaml_lists_every_required_setting(tmp_path):
    settings, problems = settings_problems(tmp_path, "")
    assert settings is None
    for key in ("name", "base_url", "publisher", "contact", "licence"):
        assert any(f"缺少必填设置 {key}" in p for p in problems), (key, problems)


def test_unknown_keys_are_warnings_with_a_suggestion_at_their_line(tmp_path):
    text = SITE_YAML + "page_sise: 20\nmasking:\n  mask_person_name: true\n"
    settings, problems = settings_problems(tmp_path, text)
    assert settings is not None  # warnings only
    assert any(
        f":{line_of(text, 'page_sise')}: warning: " in p and "did you mean page_size" in p for p in problems
    )
    assert any(
        f":{line_of(text, 'mask_person_name')}: warning: " in p and "did you mean mask_person_names" in p
        for p in problems
    )


def test_a_malformed_contact_block_is_reported_at_its_key(tmp_path):
    text = SITE_YAML.replace("email: test@example.org", "email: [a, b]")
    settings, problems = settings_problems(tmp_path, text)
    assert settings is None and "contact.email" in problems[0] and ":4: error:" in problems[0]
    text = SITE_YAML.replace("email: test@example.org", "email: not-an-address")
    assert "not an e-mail address" in settings_problems(tmp_path, text)[1][0]


def test_an_alias_bomb_in_site_yaml_is_refused_before_it_expands(tmp_path):
    bomb = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(1, 12):  # 9**12 strings if ever expanded
        bomb += f"lol{level}: &a{level} [" + ",".join([f"*a{level - 1}" if level > 1 else "*a"] * 9) + "]\n"
    text = SITE_YAML + bomb
    settings, problems = settings_problems(tmp_path, text)
    assert settings is None
    assert problems == [problems[0]] and f":{len(SITE_YAML.splitlines()) + 1}: error: " in problems[0]
    assert "别名" in problems[0]


def test_a_broken_site_yaml_does_not_hide_the_registers_problems(source_tree):
    content, data = source_tree(
        {
            "cases_data/penalties/a.csv": PENALTY_HEADER
            + "某公司,法人及非法人组织,91110000101623741K,江罚〔2025〕1号,类型,事实,依据,罚款,内容,1e28,"
            + "2025-03-01,江海市知识产权局,91110000101623741K\n",
        }
    )
    (content / "site.yaml").write_text("page_size: 0\n", encoding="utf-8")
    problems = Problems()
    settings, _sources = read_sources(Folders(content, data), problems)
    assert settings is None
    errors = [str(p) for p in problems if p.level is Level.ERROR]
    assert any("site.yaml:1: error: page_size" in e for e in errors), errors
    assert any("a.csv:2: error: 罚款金额（元）" in e for e in errors), errors


# Hostile settings: whatever site.yaml holds under its keys, Settings or path:line problems --------
_KEYS = st.sampled_from(
    ["zh", "en", "email", "phone", "address", "name", "title", "url", "mask_person_names", "x", "1"]
)
_SCALARS = st.one_of(
    hostile.SCALARS, st.sampled_from(["https://example.org/", "a@b.cn", "zh", "en", "", "0", "1e999"])
)
_VALUES = hostile.yaml_values(_KEYS | st.text(max_size=6), _SCALARS, max_leaves=10)
_TOP = st.sampled_from(
    ["name", "base_url", "publisher", "contact", "licence", "masking", "page_size", "sample_data", "nmae"]
)


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.dictionaries(_TOP, _VALUES, min_size=1, max_size=3))
def test_any_site_yaml_values_give_settings_or_located_problems_never_a_traceback(tmp_path, changes):
    """Each top-level key of the test site.yaml replaced by any YAML value (the publicity block
    has its own test in test_publicity.py): settings, or errors at path:line, never a traceback."""
    doc = {**yaml.safe_load(SITE_YAML), **changes}
    settings, problems = settings_problems(tmp_path, yaml.safe_dump(doc, allow_unicode=True))
    path = tmp_path / "site.yaml"
    assert all(p.startswith(f"{path}:") for p in problems), problems
    if settings is None:
        assert any(": error: " in p for p in problems), problems
