"""The publicity: block of site.yaml: defaults, validation at the offending line, and the switch
to another regime (SAMR Order 45) by settings alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ipcredit.problems import Problems
from ipcredit.publicity import DEFAULT_PUBLICITY, ClassPeriod
from ipcredit.records import PublicityClass, WithholdReason
from ipcredit.rules.penalties import publish_penalties
from ipcredit.settings import load_settings
from tests import hostile
from tests.factories import penalty

ROOT = Path(__file__).resolve().parents[1]
SITE = (ROOT / "content/site.yaml").read_text(encoding="utf-8")
BASE = SITE[: SITE.index("publicity:\n")]  # the sample's settings up to its publicity block


def load(tmp_path: Path, publicity: str):
    path = tmp_path / "site.yaml"
    path.write_text(BASE + publicity, encoding="utf-8")
    problems = Problems()
    return load_settings(path, problems), [str(p) for p in problems], path


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, text in enumerate(path.read_text().splitlines(), 1) if fragment in text)


def test_the_sample_site_states_the_defaults_in_full():
    problems = Problems()
    settings = load_settings(ROOT / "content/site.yaml", problems)
    assert problems.errors == [] and settings.publicity == DEFAULT_PUBLICITY


def test_without_a_publicity_block_the_defaults_apply(tmp_path):
    settings, problems, _ = load(tmp_path, "")
    assert problems == [] and settings.publicity == DEFAULT_PUBLICITY
    assert dict(DEFAULT_PUBLICITY.periods) == {
        PublicityClass.MINOR: ClassPeriod(0, 3),
        PublicityClass.GENERAL: ClassPeriod(3, 12),
        PublicityClass.SERIOUS: ClassPeriod(12, 36),
    }
    assert (DEFAULT_PUBLICITY.publish_minor, DEFAULT_PUBLICITY.withdrawal_retention_months) == (False, 24)
    assert DEFAULT_PUBLICITY.dishonesty_early_removal_months == 12


def test_one_class_may_be_changed_alone(tmp_path):
    settings, problems, _ = load(tmp_path, "publicity:\n  classes:\n    一般: {max_months: 6}\n")
    assert problems == []
    assert settings.publicity.period(PublicityClass.GENERAL) == ClassPeriod(3, 6)
    assert settings.publicity.period(PublicityClass.SERIOUS) == ClassPeriod(12, 36)


@pytest.mark.parametrize("old", ["penalty_default_months", "penalty_max_months"])
def test_an_old_setting_says_what_replaced_it(tmp_path, old):
    settings, problems, path = load(tmp_path, f"publicity:\n  {old}: 36\n  publish_minor: false\n")
    assert settings is None and len(problems) == 1
    assert problems[0].startswith(f"{path}:{line_of(path, old)}: error:")
    assert "classes: <失信程度>: max_months" in problems[0] and "docs/publicity.md" in problems[0]


@pytest.mark.parametrize(
    ("block", "offending", "message"),
    [
        ("  publish_minr: true\n", "publish_minr", "您是否指 publish_minor"),
        ("  publish_minor: 是\n", "publish_minor", "应为 true 或 false"),
        ("  classes:\n    一般: {min_months: 3, max_months: 一年}\n", "一般", "应为 0 至 1200 之间的整数"),
        ("  classes:\n    一般:\n      min_months: -1\n", "min_months", "应为 0 至 1200 之间的整数"),
        (
            "  classes:\n    一般: {min_months: 13, max_months: 12}\n",
            "一般",
            "最短公示期 13 个月长于最长公示期 12 个月",
        ),
        ("  classes:\n    较重: {max_months: 12}\n", "较重", "classes 下的未知设置 较重"),
        ("  default_class: 较重\n", "default_class", "default_class 应为 轻微、一般、严重 之一"),
        ("  withdrawal_retention_months: 2.5\n", "withdrawal_retention_months", "应为 0 至 1200"),
        ("  rules:\n    - class: 严重\n", "class: 严重", "没有任何条件"),
        ("  rules:\n    - keywords: [吊销]\n", "keywords", "缺少 class"),
        ("  rules:\n    - class: 严重\n      keywords: []\n", "keywords: []", "应为非空的文字列表"),
        (
            "  rules:\n    - class: 严重\n      amount_yuan_at_least: {organisation: 一百万}\n",
            "amount_yuan_at_least",
            "缺少 natural_person",
        ),
        ("  rules:\n    - class: 严重\n      amount_yuan_at_least: -5\n", "amount_yuan_at_least", "非负数"),
        ("  rules: 吊销\n", "rules: 吊销", "rules 应为列表"),
        (
            "  rules:\n    - {name: a, class: 严重, keywords: [吊销]}\n    - {name: a, class: 轻微, only_types: [警告]}\n",
            "name: a, class: 轻微",
            "名称「a」重复",
        ),
        ("  - 36\n", "- 36", "publicity 应为键值对"),
    ],
)
def test_every_problem_is_reported_at_the_line_of_its_key(tmp_path, block, offending, message):
    settings, problems, path = load(tmp_path, "publicity:\n" + block)
    assert settings is None
    found = [p for p in problems if message in p]
    assert found, problems
    assert found[0].startswith(f"{path}:{line_of(path, offending)}: error:"), found


def test_a_wrong_rule_keeps_the_build_from_running_with_a_guess(tmp_path):
    block = "publicity:\n  rules:\n    - class: 严重\n      keywordz: [吊销]\n"
    settings, problems, path = load(tmp_path, block)
    assert settings is None and f"{path}:{line_of(path, 'keywordz')}: error:" in problems[0]


# SAMR Order 45: the same code, another settings file --------------------------------------------
SAMR = ROOT / "docs/examples/site-samr-order-45.yaml"


@pytest.fixture(scope="module")
def samr():
    problems = Problems()
    settings = load_settings(SAMR, problems)
    assert problems.errors == [] and settings is not None
    return settings


def outcome(record, settings, as_of):
    shown, withheld = publish_penalties([record], settings, as_of)
    return "shown" if shown else withheld[0].reason


DECIDED = date(2026, 5, 6)  # after Order 36 came into force: only the settings differ
THREE_MONTHS, THREE_YEARS = date(2026, 8, 6), date(2029, 5, 6)
NO_AMOUNT = {"fine_yuan": None, "confiscated_yuan": None, "publicity_end": None, "decision_date": DECIDED}


@pytest.mark.parametrize(
    ("fields", "last_day"),
    [
        ({"penalty_categories": ("通报批评",), **NO_AMOUNT}, THREE_MONTHS),
        ({**NO_AMOUNT, "penalty_categories": ("罚款",), "fine_yuan": Decimal(49_999)}, THREE_MONTHS),
        ({**NO_AMOUNT, "penalty_categories": ("罚款",), "fine_yuan": Decimal(50_000)}, THREE_YEARS),
        (
            {**NO_AMOUNT, "penalty_categories": ("罚款", "没收违法所得"), "fine_yuan": Decimal(5_000)},
            THREE_YEARS,
        ),
        ({**NO_AMOUNT, "penalty_categories": ("罚款",), "fine_yuan": Decimal(1_000_000)}, THREE_YEARS),
    ],
)
def test_under_samr_order_45_small_penalties_are_shown_three_months_and_others_three_years(
    samr, fields, last_day
):
    record = penalty(1, **fields)
    assert outcome(record, samr, last_day) == "shown"
    assert outcome(record, samr, date.fromordinal(last_day.toordinal() + 1)) is WithholdReason.EXPIRED


@pytest.mark.parametrize("fields", [{"penalty_categories": ("警告",)}, {"procedure": "简易程序"}])
def test_under_samr_order_45_warnings_and_summary_procedures_are_not_published(samr, fields):
    record = penalty(1, **{**NO_AMOUNT, "fine_yuan": Decimal(200), **fields})
    assert outcome(record, samr, DECIDED) is WithholdReason.MINOR_CLASS


def test_the_samr_file_differs_from_the_sample_site_in_its_publicity_block_only():
    samr = SAMR.read_text(encoding="utf-8")
    without = [
        text[text.index("\nname:") : text.index("\npublicity:\n")] + text[text.index("\nmasking:") :]
        for text in (SITE, samr)
    ]
    assert without[0] == without[1]


# Hostile settings: whatever the publicity block holds, a Publicity or path:line errors ------------
SCALARS = st.one_of(
    hostile.SCALARS, st.sampled_from(["轻微", "一般", "严重", "警告", "吊销", "12", "-1", "1e999"])
)
KEYS = st.sampled_from([
    "classes", "rules", "default_class", "publish_minor", "dishonesty_default_months",
    "withdrawal_retention_months", "轻微", "一般", "严重", "min_months", "max_months", "class", "name",
    "only_types", "keywords", "procedures", "amount_yuan_at_least", "amount_yuan_below",
    "organisation", "natural_person", "penalty_max_months", "x",
])  # fmt: skip
VALUES = hostile.yaml_values(KEYS, SCALARS, width=4, max_leaves=12)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(block=VALUES)
@example(block={"rules": [{"classes": None, "only_types": 1.0}]})  # a number for a word list
def test_any_publicity_block_gives_settings_or_located_errors_never_a_traceback(tmp_path, block):
    settings, problems, path = load(tmp_path, yaml.safe_dump({"publicity": block}, allow_unicode=True))
    assert all(p.startswith(f"{path}:") and ": error: " in p for p in problems), problems
    if settings is None:
        assert problems
    else:
        publicity = settings.publicity
        assert all(0 <= p.min_months <= p.max_months <= 1200 for _, p in publicity.periods)
        assert {c for c, _ in publicity.periods} == set(PublicityClass)


@pytest.mark.parametrize("key", ["only_types", "keywords", "procedures"])
@pytest.mark.parametrize("value", ["1.0", "5", "true", "~", "{a: b}", "[1, 警告]", "['  ']", "[[警告]]"])
def test_a_rule_word_list_that_is_not_words_is_an_error_at_its_line(tmp_path, key, value):
    """Each word list of a rule takes a word or a list of words; a number, a yes, nothing, a
    mapping or a nested list is an error at the key's line, never a traceback."""
    text = f"publicity:\n  rules:\n    - name: r\n      class: 严重\n      {key}: {value}\n"
    settings, problems, path = load(tmp_path, text)
    assert settings is None
    line = path.read_text(encoding="utf-8").splitlines().index(f"      {key}: {value}") + 1
    assert [p for p in problems if p.startswith(f"{path}:{line}: error:") and "应为非空的文字列表" in p], (
        problems
    )


@pytest.mark.parametrize("value", ["警告", "[警告, 通报批评]", "[' 警告 ']"])
def test_a_rule_word_list_takes_a_word_or_words(tmp_path, value):
    settings, problems, _path = load(
        tmp_path, f"publicity:\n  rules:\n    - name: r\n      class: 轻微\n      only_types: {value}\n"
    )
    assert problems == [] and settings is not None
    assert settings.publicity.rules[0].only_types in (("警告",), ("警告", "通报批评"))
