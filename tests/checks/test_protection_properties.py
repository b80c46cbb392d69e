"""No input makes the protection lists' loaders raise: every row is a valid record or is named.

Rows are drawn from good values, near misses, placeholders, junk (control characters,
formula starts, full-width and other-script digits, huge numbers) in every column, written as
UTF-8 CSV, GB18030 CSV or XLSX. Whatever is drawn, loading returns records that satisfy the
lists' rules, and each row that is not a record has an error at its line (or the file one at
its header).
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcredit.checks.columns import is_placeholder
from ipcredit.loading.protection import load_protection_lists
from ipcredit.problems import Problems
from ipcredit.records import IP_TYPES
from ipcredit.regions import REGIONS
from tests.checks.test_protection import AUTHORITY, MARK, PLACE
from tests.hostile import write_table

JUNK = st.sampled_from(
    ["", " ", "— —", "/", "无", "=1+1", "@SUM(A1)", "\x00", "\u200b", "٣", "１２", "9" * 30, "-1", "NaN", "1e9",
     "2026/2/30", "9999-12-31", "0000-01-01", "第类", "；；", "、", "G", "美囯", "Taiwan", "版权", "名录", "😀"]
)  # fmt: skip
# No line breaks: a row's line is then its position (a quoted break moves the next row's line).
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    max_size=12,
)
GOOD = {
    "核定使用类别": st.sampled_from(["25", "第9类、第42类", "0", "46", "1；45", "9-11", "２５"]),
    "商标注册号": st.sampled_from(["12345678", "12345678", "G1234567", "第1号", "12 34", "x"]),
    "权利人国家或地区": st.sampled_from(["", "美国", "香港", "US", "火星"]),
    "权利人统一社会信用代码": st.sampled_from(["", "91350100M000100Y43", "91350100M000100Y44", "123"]),
    "列入日期": st.sampled_from(["2025-06-10", "2026-01-01", "2025年6月10日", "2200-12-31"]),
    "有效期至": st.sampled_from(["2025-06-09", "2025-06-10", "2027/12/31"]),
    "移出日期": st.sampled_from(["", "2025-06-10", "2026-03-01", "2024-01-01"]),
    "名录": st.sampled_from(["侵权易发风险点", "重点关注市场名录", "黑名单"]),
    "类型": st.sampled_from(["专业市场", "电商", "展会", "其他"]),
    "涉及知识产权类型": st.sampled_from(["商标", "商标；著作权", "版权", "专利、其他"]),
    "名称": st.sampled_from(["江海小商品城", "江海 小商品城", "ＡＢＣ市场", "abc市场"]),
}


def cell(header: str, good: str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(good), GOOD.get(header, st.just(good)), JUNK, TEXT)


def rows(template: dict[str, str]) -> st.SearchStrategy[list[dict[str, str]]]:
    row = st.fixed_dictionaries({h: cell(h, v) for h, v in template.items()})
    return st.lists(row, min_size=1, max_size=4)


def write(path: Path, table: list[dict[str, str]], file_format: str) -> Path:
    return write_table(path, list(table[0]), table, file_format)


def text_values(record: object) -> list[str]:
    found: list[str] = []
    for value in asdict(record).values():
        found += (
            [value]
            if isinstance(value, str)
            else [v for v in value if isinstance(v, str)]
            if isinstance(value, tuple)
            else []
        )
    return found


def named(problems: Problems, path: Path, line: int) -> bool:
    return any(
        Path(p.path) == path and p.level.value == "error" and (p.line == line or p.line == 1)
        for p in problems
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(MARK), rows({**PLACE, "移出日期": ""}), st.sampled_from(["csv", "gb18030", "xlsx"]))
def test_no_input_makes_the_loaders_raise_and_every_row_is_a_record_or_named(marks, places, file_format):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        mark_file = write(root / "key-trademarks" / "a", marks, file_format)
        place_file = write(root / "risk-points" / "b", places, file_format)
        problems = Problems()
        found_marks, found_places = load_protection_lists(root, (AUTHORITY,), problems)
        for number, path, found in (
            (len(marks), mark_file, found_marks),
            (len(places), place_file, found_places),
        ):
            lines = {r.origin.line for r in found}
            for line in range(2, number + 2):
                assert line in lines or named(problems, path, line), (line, [str(p) for p in problems])
    for mark in found_marks:
        assert mark.nice_classes and all(1 <= c <= 45 for c in mark.nice_classes)
        assert mark.listed_on <= mark.valid_until and mark.holder_country in REGIONS
        assert (
            mark.registration_number.lstrip("G").isascii() and mark.registration_number.lstrip("G").isdigit()
        )
        assert not any(is_placeholder(v) for v in text_values(mark))
    assert len({m.registration_number for m in found_marks}) == len(found_marks)
    for place in found_places:
        assert place.ip_types and set(place.ip_types) <= set(IP_TYPES)
        assert place.removed_on is None or place.removed_on > place.listed_on
        assert not any(is_placeholder(v) for v in text_values(place))
    assert len({p.id for p in found_places}) == len(found_places)
