"""Case files: every rule reports its problem at the right file and line, valid files become records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipcredit.checks.attachments import AttachmentResolver
from ipcredit.loading.cases import load_cases
from ipcredit.loading.texts import TextRenderer
from ipcredit.problems import Level, Problem, Problems
from ipcredit.records import Authority, Case, CaseKind, Origin

COURT = Authority(
    "江海知识产权法院", "11319901MB0000003X", "Jianghai Intellectual Property Court", None, Origin("a", 1)
)
AUTHORITIES = (COURT,)
BODY = "## 基本案情\n\n原告起诉。\n\n## 裁判结果\n\n判决赔偿。\n\n## 典型意义\n\n意义重大。\n"
EN_BODY = "## Facts\n\nThe claimant sued.\n\n## Judgment\n\nDamages.\n\n## Significance\n\nImportant.\n"


def front(top_ten: bool = True, **fields: object) -> dict[str, object]:
    """Front matter as YAML snippets in file order; None drops a key, new keys go last."""
    base: dict[str, object] = {
        "title": "某科技公司诉某电子公司侵害发明专利权纠纷案",
        "year": 2025,
        "rank": 1,
        "case_numbers": '["（2025）江73知民初123号", "（2026）江民终45号"]',
        "authority": COURT.name,
        "procedure": "民事",
        "ip_types": "[专利, 不正当竞争]",
        "published": "2026-04-26",
        "summary": "一段摘要。",
        "tags": "[展会, 惩罚性赔偿]",
    }
    if not top_ten:
        del base["year"], base["rank"]
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def case_file(meta: dict[str, object], body: str = BODY) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n" + body


def line_of(meta: dict[str, object], key: str) -> int:
    return 2 + list(meta).index(key)  # the opening --- is line 1


def load(
    root: Path, files: dict[str, str], authorities: tuple[Authority, ...] = AUTHORITIES
) -> tuple[list[Case], Problems]:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    problems = Problems()
    renderer = TextRenderer(AttachmentResolver(root, "files/cases", problems), problems)
    return load_cases(root, authorities, renderer, problems), problems


def only(problems: Problems, level: Level = Level.ERROR) -> Problem:
    found = [p for p in problems if p.level is level]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_a_valid_top_ten_case_becomes_a_record_with_every_field(tmp_path):
    en = case_file({"title": "Tech v Electronics (patent)", "summary": "A summary."}, EN_BODY)
    cases, problems = load(
        tmp_path,
        {"top-ten/2025/01-chip-patent.md": case_file(front()), "top-ten/2025/01-chip-patent.en.md": en},
    )
    assert list(problems) == []
    (case,) = cases
    assert (case.slug, case.kind, case.year, case.rank) == ("2025-01-chip-patent", CaseKind.TOP_TEN, 2025, 1)
    assert case.case_numbers == ("（2025）江73知民初123号", "（2026）江民终45号")
    assert (case.authority, case.procedure, case.ip_types) == (COURT.name, "民事", ("专利", "不正当竞争"))
    assert (case.published, case.tags) == (date(2026, 4, 26), ("展会", "惩罚性赔偿"))
    assert case.zh.title == "某科技公司诉某电子公司侵害发明专利权纠纷案" and case.zh.summary == "一段摘要。"
    assert [h.text for h in case.zh.toc] == ["基本案情", "裁判结果", "典型意义"]
    assert case.en is not None and case.en.title == "Tech v Electronics (patent)"
    assert [h.text for h in case.en.toc] == ["Facts", "Judgment", "Significance"]
    assert case.origin.path.endswith("01-chip-patent.md")


def test_a_typical_case_takes_its_file_name_as_slug_and_its_published_year(tmp_path):
    meta = front(top_ten=False, published="2026-03-15")
    cases, problems = load(tmp_path, {"typical/trade-secret-theft.md": case_file(meta)})
    assert list(problems) == []
    assert [(c.slug, c.kind, c.year, c.rank) for c in cases] == [
        ("trade-secret-theft", CaseKind.TYPICAL, 2026, None)
    ]
    meta = front(top_ten=False, year=2024)
    cases, _ = load(tmp_path, {"typical/trade-secret-theft.md": case_file(meta)})
    assert cases[0].year == 2024


@pytest.mark.parametrize(
    "key", ["title", "authority", "procedure", "ip_types", "published", "summary", "year", "rank"]
)
def test_each_required_field_is_an_error_when_missing(tmp_path, key):
    cases, problems = load(tmp_path, {"top-ten/2025/01-a.md": case_file(front(**{key: None}))})
    problem = only(problems)
    assert cases == []
    assert (problem.line, problem.column) == (1, key)
    assert problem.path.endswith("top-ten/2025/01-a.md")
    assert f"缺少必填字段 {key}" in problem.message and f"required field {key} is missing" in problem.message


def test_year_and_rank_are_not_required_for_typical_cases(tmp_path):
    cases, problems = load(tmp_path, {"typical/a.md": case_file(front(top_ten=False))})
    assert len(cases) == 1 and list(problems) == []


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("procedure", "调解", "不在允许范围内：民事、刑事、行政诉讼、行政执法、仲裁调解"),
        ("ip_types", "[专利, 外观]", "ip_types 中的「外观」不在允许范围内"),
        ("ip_types", "[]", "ip_types 至少需要一个知识产权类型"),
        ("published", "去年四月", "published 的日期「去年四月」无法识别"),
        ("rank", 0, "rank 0 超出范围，应为 1 至 10"),
        ("rank", 11, "rank 11 超出范围，应为 1 至 10"),
        ("year", 2024, "year 2024 与所在文件夹 2025 不一致"),
        ("authority", "江海知识产权法庭", "不在 authorities.yaml 登记册中；您是否指「江海知识产权法院」？"),
        ("authority", "某某委员会", "不在 authorities.yaml 登记册中；请先在 authorities.yaml 中登记"),
    ],
)
def test_bad_values_are_errors_at_their_line(tmp_path, key, value, expected):
    meta = front(**{key: value})
    cases, problems = load(tmp_path, {"top-ten/2025/01-a.md": case_file(meta)})
    problem = only(problems)
    assert cases == []
    assert (problem.line, problem.column) == (line_of(meta, key), key)
    assert expected in problem.message


def test_a_repeated_rank_is_reported_in_both_files(tmp_path):
    meta = front(rank=3)
    files = {"top-ten/2025/03-a.md": case_file(meta), "top-ten/2025/03-b.md": case_file(meta)}
    _, problems = load(tmp_path, files)
    reported = sorted((Path(p.path).name, p.line, p.message) for p in problems.errors)
    rank_line = line_of(meta, "rank")
    assert [(name, line) for name, line, _ in reported] == [("03-a.md", rank_line), ("03-b.md", rank_line)]
    assert "rank 3 与 03-b.md 重复" in reported[0][2] and "rank 3 与 03-a.md 重复" in reported[1][2]


def test_the_same_rank_in_different_years_is_fine(tmp_path):
    files = {
        "top-ten/2025/01-a.md": case_file(front()),
        "top-ten/2024/01-a.md": case_file(front(year=2024)),
    }
    cases, problems = load(tmp_path, files)
    assert list(problems) == []
    assert sorted(c.slug for c in cases) == ["2024-01-a", "2025-01-a"]


def test_more_than_ten_cases_in_a_year_reports_the_extra_files(tmp_path):
    files = {f"top-ten/2025/{n:02d}-case.md": case_file(front(rank=min(n, 10))) for n in range(1, 12)}
    _, problems = load(tmp_path, files)
    too_many = [p for p in problems.errors if "超出十大案例的数量上限" in p.message]
    assert [(Path(p.path).name, p.line) for p in too_many] == [("11-case.md", 1)]
    assert "2025年度已有十个案例" in too_many[0].message


def test_the_file_number_must_match_the_rank(tmp_path):
    meta = front(rank=4)
    _, problems = load(tmp_path, {"top-ten/2025/03-a.md": case_file(meta)})
    problem = only(problems)
    assert (problem.line, problem.column) == (line_of(meta, "rank"), "rank")
    assert "文件名编号 03 与 rank 4 不一致，请把文件名改为 04-…" in problem.message


def test_a_top_ten_file_name_must_start_with_its_rank(tmp_path):
    _, problems = load(tmp_path, {"top-ten/2025/chip.md": case_file(front())})
    problem = only(problems)
    assert problem.line == 1 and "应以两位排名开头" in problem.message


def test_top_ten_files_must_sit_in_a_year_folder(tmp_path):
    files = {"top-ten/01-a.md": case_file(front()), "top-ten/latest/01-a.md": case_file(front())}
    cases, problems = load(tmp_path, files)
    assert cases == []
    messages = sorted((Path(p.path).name, p.line, p.message) for p in problems.errors)
    assert [(name, line) for name, line, _ in messages] == [("01-a.md", 1), ("latest", 1)]
    assert "应放在年度文件夹中" in messages[0][2] and "应为四位年份" in messages[1][2]


def test_unknown_keys_are_warnings_at_their_line_and_rank_belongs_to_top_ten_only(tmp_path):
    top = front(court="某法院")
    typical = front(top_ten=False, rank=2)
    cases, problems = load(
        tmp_path, {"top-ten/2025/01-a.md": case_file(top), "typical/b.md": case_file(typical)}
    )
    assert len(cases) == 2 and not problems.errors
    found = sorted((Path(p.path).name, p.line, p.column, p.message) for p in problems.warnings)
    assert [f[:3] for f in found] == [
        ("01-a.md", line_of(top, "court"), "court"),
        ("b.md", line_of(typical, "rank"), "rank"),
    ]
    assert "未知字段 court" in found[0][3]


def test_file_names_must_be_url_safe(tmp_path):
    cases, problems = load(tmp_path, {"typical/Trade Secret.md": case_file(front(top_ten=False))})
    assert cases == []
    assert "不能用作网址" in only(problems).message


def test_a_typical_slug_equal_to_a_top_ten_slug_is_reported_in_both_files(tmp_path):
    files = {
        "top-ten/2025/01-a.md": case_file(front()),
        "typical/2025-01-a.md": case_file(front(top_ten=False)),
    }
    cases, problems = load(tmp_path, files)
    assert cases == []
    names = sorted(Path(p.path).name for p in problems.errors)
    assert names == ["01-a.md", "2025-01-a.md"]
    assert all("案例网址「2025-01-a」" in p.message for p in problems.errors)


def test_missing_body_sections_are_warnings_naming_the_heading(tmp_path):
    body = "## 基本案情\n\n事实。\n"
    cases, problems = load(tmp_path, {"typical/a.md": case_file(front(top_ten=False), body)})
    assert len(cases) == 1 and not problems.errors
    messages = [p.message for p in problems.warnings]
    assert len(messages) == 2
    assert "正文缺少「## 裁判结果 / ## 处理结果」一节" in messages[0]
    assert "正文缺少「## 典型意义」一节" in messages[1]
    meta = front(top_ten=False)
    assert all(p.line == len(meta) + 3 for p in problems.warnings)  # the first line of the body


def test_agency_cases_may_use_处理结果_and_numbered_headings(tmp_path):
    body = "## 一、基本案情\n\n事实。\n\n## 二、处理结果\n\n罚款。\n\n## 三、典型意义\n\n意义。\n"
    _, problems = load(tmp_path, {"typical/a.md": case_file(front(top_ten=False), body)})
    assert list(problems) == []


def test_an_english_twin_missing_a_section_is_a_warning_on_the_english_file(tmp_path):
    en = case_file({"title": "A case"}, "## Facts\n\nx\n\n## Judgment\n\ny\n")
    files = {"typical/a.md": case_file(front(top_ten=False)), "typical/a.en.md": en}
    cases, problems = load(tmp_path, files)
    warning = only(problems, Level.WARNING)
    assert warning.path.endswith("typical/a.en.md") and "## Significance" in warning.message
    assert cases[0].en is not None and cases[0].en.summary == "x"  # summary falls back to the first paragraph


def test_attachments_in_the_body_are_served_under_files_cases(tmp_path):
    (tmp_path / "typical" / "files").mkdir(parents=True)
    (tmp_path / "typical" / "files" / "judgment.pdf").write_bytes(b"%PDF-1.4")
    body = BODY + "\n[判决书](files/judgment.pdf)\n"
    cases, problems = load(tmp_path, {"typical/a.md": case_file(front(top_ten=False), body)})
    assert list(problems) == []
    assert [a.url_path for a in cases[0].attachments] == ["files/cases/typical/files/judgment.pdf"]
    assert 'href="/files/cases/typical/files/judgment.pdf"' in cases[0].zh.body_html


def test_a_missing_attachment_is_an_error_at_its_body_line(tmp_path):
    body = BODY + "\n[判决书](files/missing.pdf)\n"
    meta = front(top_ten=False)
    _, problems = load(tmp_path, {"typical/a.md": case_file(meta, body)})
    problem = only(problems)
    first_body_line = len(meta) + 3
    assert "files/missing.pdf" in problem.message
    assert problem.line == first_body_line + BODY.count("\n") + 1
