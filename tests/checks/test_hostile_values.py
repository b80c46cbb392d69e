"""Values that used to crash the build (huge amounts, far dates) are path:line errors, in check and build."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from ipcredit.checks.codes import check_resident_id, resident_id_check_character
from ipcredit.checks.dates import parse_date
from ipcredit.cli import main
from ipcredit.rules.masking import is_minor
from tests.conftest import document

PENALTY_HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,"
    "处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,公示截止期,处罚机关,处罚机关统一社会信用代码\n"
)
DISHONESTY_HEADER = "主体名称,主体类别,统一社会信用代码,列入决定书文号,失信行为,列入依据,列入机关,列入日期\n"
AUTHORITY = "江海市知识产权局,91110000101623741K"


def penalty(amount: str = "5", decided: str = "2025-03-01", end: str = "") -> str:
    return PENALTY_HEADER + (
        f'某公司,法人及非法人组织,91110000101623741K,江罚〔2025〕1号,类型,事实,依据,罚款,内容,"{amount}",'
        f"{decided},{end},{AUTHORITY}\n"
    )


def both(capsys, content: Path, data: Path, out: Path) -> tuple[int, int, str]:
    argv = ["--content", str(content), "--data", str(data), "--as-of", "2026-01-01"]
    checked = main(["check", *argv])
    built = main(["build", *argv, "--out", str(out)])
    return checked, built, capsys.readouterr().err


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1e28", "not a number"),
        ("1E5", "not a number"),
        ("NaN", "not a number"),
        ("sNaN", "not a number"),
        ("Infinity", "not a number"),
        ("-Infinity", "not a number"),
        ("-5", "not a number"),
        ("0x10", "not a number"),
        ("9" * 40, "not a number"),
        ("100000001", "exceeds"),  # 万元: over a trillion yuan
    ],
)
def test_an_amount_that_is_not_a_plain_sane_number_is_an_error(
    source_tree, capsys, tmp_path, amount, expected
):
    content, data = source_tree({"cases_data/penalties/a.csv": penalty(amount)})
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1)
    assert "penalties/a.csv:2: error: 罚款金额（万元） (列 " in err and expected in err, err


def test_a_large_but_possible_amount_with_separators_is_accepted(source_tree, capsys, tmp_path):
    content, data = source_tree({"cases_data/penalties/a.csv": penalty("1,820,000")})  # 182 亿元
    assert both(capsys, content, data, tmp_path / "out")[:2] == (0, 0)


@pytest.mark.parametrize(
    ("decided", "end", "column"),
    [
        ("9999-01-01", "", "处罚决定日期"),
        ("9999-12-31", "", "处罚决定日期"),
        ("0001-01-01", "", "处罚决定日期"),
        ("1900-01-01", "", "处罚决定日期"),
        ("2025-03-01", "9999-12-31", "公示截止期"),
        ("2201-01-01", "", "处罚决定日期"),
    ],
)
def test_a_date_outside_1949_to_2200_is_an_error_that_says_so(
    source_tree, capsys, tmp_path, decided, end, column
):
    content, data = source_tree({"cases_data/penalties/a.csv": penalty(decided=decided, end=end)})
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1)
    assert f"penalties/a.csv:2: error: {column} (列 " in err and "1949..2200" in err, err


def test_a_listing_date_whose_default_removal_would_overflow_is_an_error(source_tree, capsys, tmp_path):
    register = (
        DISHONESTY_HEADER
        + f"某公司,法人及非法人组织,91110000101623741K,江失〔2025〕1号,行为,依据,{AUTHORITY.split(',')[0]},9999-06-01\n"
    )
    content, data = source_tree({"cases_data/dishonesty/a.csv": register})
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1) and "dishonesty/a.csv:2: error: 列入日期 (列 " in err, err


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("title: 通知\npublisher: 局\npublished: 9999-12-31", 4),
        ("title: 通知\npublisher: 局\npublished: 2025-01-01\nexpires: 10000-01-01", 5),
    ],
)
def test_far_dates_in_front_matter_are_errors_at_their_key(source_tree, capsys, tmp_path, front, line):
    content, data = source_tree({"notices/n.md": document(front)})
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1) and f"notices/n.md:{line}: error: " in err, err


def test_a_white_paper_year_out_of_range_is_an_error(source_tree, capsys, tmp_path):
    front = "title: 白皮书\nyear: 99999999999999999999\npublisher: 局\npublished: 2025-04-01\nsummary: 摘要"
    content, data = source_tree({"white-papers/w.md": document(front)})
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1) and "white-papers/w.md:3: error: year: " in err, err


def test_date_cells_are_range_checked_like_text():
    assert parse_date(date(9999, 12, 31)) is None and parse_date(date(2200, 12, 31)) == date(2200, 12, 31)
    assert parse_date("1949/1/1") == date(1949, 1, 1) and parse_date(["2025-01-01"]) is None


def test_a_resident_id_born_in_year_9999_is_an_error_not_a_crash():
    first17 = "11010199991231001"
    number = first17 + resident_id_check_character(first17)
    assert "出生日期" in (check_resident_id(number) or "")
    assert is_minor(number, date(2026, 1, 1)) is False  # no overflow computing the 18th birthday


def test_a_body_too_complex_for_the_markdown_parser_is_an_error_at_its_paragraph(
    source_tree, capsys, tmp_path
):
    body = "引言。\n\n" + "[甲 " * 500
    content, data = source_tree(
        {"notices/n.md": document("title: 通知\npublisher: 局\npublished: 2025-01-01", body)}
    )
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1) and "notices/n.md:8: error: " in err, err


def test_a_nul_byte_in_a_register_cell_is_an_error_at_its_row_and_column(source_tree, capsys, tmp_path):
    register = penalty().replace(",事实,", ",事\x00实,")
    content, data = source_tree({"cases_data/penalties/a.csv": register})
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1) and "penalties/a.csv:2: error: 违法事实 (列 " in err, err
    assert not (tmp_path / "out").exists()


def test_an_alias_bomb_in_a_date_is_an_error_before_it_expands(source_tree, capsys, tmp_path):
    """The issue's example: ``published: *lol9`` over nine levels of anchors (9**9 strings)."""
    levels = ['lol0: &lol0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"lol{n}: &lol{n} [" + ",".join([f"*lol{n - 1}"] * 9) + "]" for n in range(1, 10)]
    front = "title: 通知\npublisher: 局\n" + "\n".join(levels) + "\npublished: *lol9"
    content, data = source_tree({"notices/n.md": document(front)})
    started = time.monotonic()
    checked, built, err = both(capsys, content, data, tmp_path / "out")
    assert (checked, built) == (1, 1) and "notices/n.md:4: error: " in err and "别名" in err, err
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_an_as_of_date_outside_the_sources_range_is_a_usage_error(source_tree, capsys, as_of):
    content, data = source_tree()
    assert main(["check", "--content", str(content), "--data", str(data), "--as-of", as_of]) == 2
    assert "1949-01-01" in capsys.readouterr().err
