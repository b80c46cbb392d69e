"""The command line end to end on small source trees: exit codes, problems, the built site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from ipcredit.cli import main, today_in_shanghai
from tests.conftest import document
from tests.trees import tree_digest


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def args(content: Path, data: Path, *more: str) -> list[str]:
    return ["--content", str(content), "--data", str(data), *more]


WHITE_PAPER = document(
    """
    title: 2024年测试白皮书
    year: 2024
    publisher: 测试局
    published: 2025-04-22
    summary: 摘要。
    attachments: [files/report.pdf]
    """,
    "## 一、总体情况\n\n正文[^1]。\n\n[^1]: 注释。\n",
)


def test_check_passes_on_a_valid_tree(source_tree, capsys):
    content, data = source_tree(
        {"white-papers/2024-paper.md": WHITE_PAPER, "white-papers/files/report.pdf": "%PDF"}
    )
    code, out, _ = run(capsys, "check", *args(content, data, "--as-of", "2026-01-01"))
    assert code == 0
    assert "OK" in out


def test_usage_errors_exit_2(source_tree, capsys, tmp_path):
    content, data = source_tree()
    assert run(capsys, "build", *args(content, data, "--as-of", "2026-02-30"))[0] == 2
    assert run(capsys, "publish")[0] == 2
    assert run(capsys, "check", *args(tmp_path / "missing", data))[0] == 2
    assert run(capsys, "build", *args(content, data, "--base-url", "example.org"))[0] == 2


def test_every_problem_is_reported_with_path_and_line_and_nothing_is_written(source_tree, capsys, tmp_path):
    content, data = source_tree(
        {
            # line 4: publisher missing is reported at the front matter start; line 5 has a bad date
            "white-papers/2024-paper.md": "---\ntitle: 白皮书\nyear: 2024\nsummary: 摘要\npublished: 2025-13-45\n---\n正文\n",
            "notices/escape.md": document(
                "title: 通知\npublished: 2026-01-05\npublisher: 测试局", "见[附件](../../secret.txt)。\n"
            ),
            "pages/broken.md": "---\ntitle: [未闭合\n---\n",
        }
    )
    (content / "notices" / "bad-encoding.md").write_bytes(b"---\ntitle: \xff\xff\n---\n")
    out_dir = tmp_path / "public"
    out_dir.mkdir()
    (out_dir / "index.html").write_text("previous build", encoding="utf-8")
    (tmp_path / ".public.build.json").write_text("{}", encoding="utf-8")  # an earlier build's record
    before = tree_digest(out_dir)

    code, _, err = run(capsys, "build", *args(content, data, "--out", str(out_dir)))

    assert code == 1
    lines = err.splitlines()
    paper = f"{content.name}/white-papers/2024-paper.md"  # relative to the folder given, wherever it is
    assert any(line.startswith(f"{paper}:1: error: publisher:") for line in lines), err
    assert any(line.startswith(f"{paper}:5: error: published:") for line in lines), err
    assert any(
        line.startswith(f"{content.name}/notices/escape.md:6: error:") and "../../secret.txt" in line
        for line in lines
    ), err
    assert any(line.startswith(f"{content.name}/pages/broken.md:") and "YAML" in line for line in lines), err
    assert any(
        line.startswith(f"{content.name}/notices/bad-encoding.md:2: error:") and "GB18030" in line
        for line in lines
    ), err
    assert lines[-1] == (
        "共 5 个错误、0 个警告；未写入任何文件，请按以上各行改正后重新运行 "
        "(5 error(s), 0 warning(s); nothing was written: fix the lines above and run again)"
    )
    assert tree_digest(out_dir) == before
    beside = {p.name for p in tmp_path.iterdir() if p.name.startswith(".public")}
    assert beside == {".public.build.json", ".public.lock"}  # no staging folder, no state


def test_build_writes_both_languages_and_the_summary(source_tree, capsys, tmp_path):
    content, data = source_tree(
        {"white-papers/2024-paper.md": WHITE_PAPER, "white-papers/files/report.pdf": "%PDF"}
    )
    out_dir = tmp_path / "public"
    code, out, _ = run(capsys, *args(content, data, "--as-of", "2026-01-01", "--out", str(out_dir)))
    assert code == 0
    for page in (
        "index.html",
        "en/index.html",
        "white-papers/2024-paper/index.html",
        "404.html",
        "about/index.html",
    ):
        assert (out_dir / page).is_file(), page
    assert (out_dir / "files/white-papers/files/report.pdf").read_text() == "%PDF"
    assert "white-papers   published      1" in out
    assert "time:" in out
    assert (
        f"构建完成：{out_dir}，数据截至 2026-01-01" in out
        and f"(Built {out_dir} as of 2026-01-01 for " in out
    )


def test_base_url_option_sets_canonical_links_and_paths(source_tree, capsys, tmp_path):
    content, data = source_tree()
    out_dir = tmp_path / "public"
    options = ("--as-of", "2026-01-01", "--out", str(out_dir), "--base-url", "https://ip.example.cn/gs")
    assert run(capsys, *args(content, data, *options))[0] == 0
    page = etree.HTML((out_dir / "about" / "index.html").read_bytes())
    links = {link.get("rel"): link.get("href") for link in page.iter("link")}
    assert links["canonical"] == "https://ip.example.cn/gs/about/"
    assert "/gs/static/css/site.css" in [link.get("href") for link in page.iter("link")]


def test_stale_files_do_not_survive_a_rebuild(source_tree, capsys, tmp_path):
    content, data = source_tree(
        {"notices/old.md": document("title: 旧通知\npublished: 2026-01-05\npublisher: 测试局")}
    )
    out_dir = tmp_path / "public"
    assert run(capsys, *args(content, data, "--as-of", "2026-02-01", "--out", str(out_dir)))[0] == 0
    assert (out_dir / "notices/old/index.html").exists()
    (content / "notices" / "old.md").unlink()
    assert run(capsys, *args(content, data, "--as-of", "2026-02-01", "--out", str(out_dir)))[0] == 0
    assert not (out_dir / "notices/old").exists()


def test_two_builds_with_the_same_as_of_date_are_identical(source_tree, capsys, tmp_path):
    content, data = source_tree(
        {"white-papers/2024-paper.md": WHITE_PAPER, "white-papers/files/report.pdf": "%PDF"}
    )
    first, second = tmp_path / "one", tmp_path / "two"
    assert run(capsys, *args(content, data, "--as-of", "2026-03-01", "--out", str(first)))[0] == 0
    assert run(capsys, *args(content, data, "--as-of", "2026-03-01", "--out", str(second)))[0] == 0
    assert tree_digest(first) == tree_digest(second)


def test_default_as_of_is_today_in_shanghai(monkeypatch):
    import datetime as dt

    class Fixed(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            # 2026-11-24 20:00 UTC is already 2026-11-25 in Shanghai.
            return dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC).astimezone(tz)

    monkeypatch.setattr("ipcredit.cli.datetime", Fixed)
    assert today_in_shanghai() == dt.date(2026, 11, 25)


def test_an_expired_notice_appears_nowhere_in_the_output(source_tree, capsys, tmp_path):
    front = "title: 春季征集通知\npublished: 2026-03-02\npublisher: 测试局\nexpires: 2026-06-30"
    content, data = source_tree(
        {
            "notices/spring-call.md": document(front, "征集说明。"),
            "notices/current.md": document("title: 现行通知\npublished: 2026-05-01\npublisher: 测试局"),
        }
    )
    on_last_day, after = tmp_path / "on", tmp_path / "after"
    assert run(capsys, *args(content, data, "--as-of", "2026-06-30", "--out", str(on_last_day)))[0] == 0
    code, out, _ = run(capsys, *args(content, data, "--as-of", "2026-07-01", "--out", str(after)))
    assert code == 0
    assert "notices        published      1; withheld: expired 1" in out
    assert (on_last_day / "notices/spring-call/index.html").exists()
    for path in after.rglob("*"):
        if path.is_file():
            data_bytes = path.read_bytes()
            assert "春季征集".encode() not in data_bytes and b"spring-call" not in data_bytes, path
    assert "现行通知" in (after / "notices/index.html").read_text(encoding="utf-8")


def test_the_summary_counts_minor_class_withholdings_and_declared_and_derived_classes(tmp_path):
    from datetime import date

    from ipcredit.catalogue import publish
    from ipcredit.cli import summary
    from ipcredit.records import PublicityClass, SourceSet
    from tests.factories import penalty, settings

    records = (
        penalty(1, penalty_categories=("警告",), fine_yuan=None, confiscated_yuan=None),
        penalty(2, declared_class=PublicityClass.SERIOUS),
        penalty(3),
    )
    catalogue = publish(SourceSet(penalties=records), settings(), date(2025, 4, 1))
    out = summary(catalogue, tmp_path, {}, 0.0)
    assert "penalties      published      2; withheld: minor_class 1" in out
    assert (
        "penalty classes: declared 1 (严重 1), derived 2 (仅警告或通报批评 → 轻微 1; default → 一般 1)" in out
    )


MARKS_CSV = (
    "商标名称,商标注册号,核定使用类别,商标权利人,列入日期,有效期至,列入机关\n"
    "汇通,12345678,7；35,江海汇通机械有限公司,2025-01-01,2026-06-30,江海市知识产权局\n"
    "ACME,87654321,46,Acme Inc.,2025-01-01,2027-12-31,江海市知识产权局\n"
)
PLACES_CSV = (
    "名录,名称,类型,涉及知识产权类型,列入日期,移出日期,列入机关\n"
    "侵权易发风险点,江海小商品城,专业市场,商标,2025-01-01,,江海市知识产权局\n"
    "重点关注市场,江海电子城,电商,商标,2025-01-01,2026-03-01,江海市知识产权局\n"
)


def test_check_reads_the_protection_lists_and_reports_their_problems(source_tree, capsys):
    content, data = source_tree(
        {"cases_data/key-trademarks/2026.csv": MARKS_CSV, "cases_data/risk-points/2026.csv": PLACES_CSV}
    )
    code, _, err = run(capsys, "check", *args(content, data, "--as-of", "2026-01-01"))
    assert code == 1
    assert "cases_data/key-trademarks/2026.csv:3: error: 核定使用类别 (列 C): 「46」" in err
    assert "cases_data/risk-points/2026.csv:3: error: 类型 (列 C): 类型「电商」" in err
    assert "not yet published" not in err


def test_the_build_summary_counts_the_protection_lists_published_and_withheld(tmp_path):
    from datetime import date

    from ipcredit.catalogue import publish
    from ipcredit.cli import summary
    from ipcredit.records import SourceSet
    from tests.factories import key_trademark, risk_point, settings

    sources = SourceSet(
        key_trademarks=(key_trademark(1), key_trademark(2, valid_until=date(2026, 6, 30)), key_trademark(3)),
        risk_points=(risk_point(1), risk_point(2, removed_on=date(2026, 3, 1))),
    )
    out = summary(publish(sources, settings(), date(2026, 7, 1)), tmp_path, {}, 0.0)
    assert "key-trademarks published      2; withheld: expired 1" in out
    assert "risk-points    published      1; withheld: removed 1" in out


ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("argv", "code", "stream", "text"),
    [
        (["check", "--content", "content", "--data", "cases_data"], 0, "stdout", "OK: no errors"),
        (["check", "--content", "content", "--data", "no-such-folder"], 2, "stderr", "folder not found"),
    ],
    ids=["valid", "usage error"],
)
def test_build_py_ends_with_the_commands_code_and_all_it_printed(argv, code, stream, text):
    # build.py ends its process without Python's teardown (cli.leave): what it printed into a
    # pipe must still all arrive, and its code be the command's.
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    command = [sys.executable, "build.py", *argv]
    done = subprocess.run(command, cwd=ROOT, env=buffered, capture_output=True, text=True)
    assert done.returncode == code
    assert text in getattr(done, stream)
