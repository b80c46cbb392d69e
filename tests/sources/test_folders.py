"""The source folders' layout: every file read or reported, attachments left alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ipcredit.cli import main
from ipcredit.problems import Problems
from ipcredit.sources.folders import survey
from tests.sources.books import Sheet, write_book

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("csv", "xlsx", "xls")


def register(path: Path) -> Path:
    """A small register file of the suffix's kind (its content does not matter to the survey)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        path.write_text("行政相对人名称\n甲公司\n", encoding="utf-8")
        return path
    return write_book(path, [Sheet("处罚", [["行政相对人名称"], ["甲公司"]])])


def surveyed(tmp_path: Path) -> list[tuple[str, str, str]]:
    problems = Problems()
    survey(tmp_path / "content", tmp_path / "cases_data", problems)
    return [
        (Path(p.path).relative_to(tmp_path).as_posix(), p.level.value, p.message) for p in problems.sorted()
    ]


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "cases_data").mkdir()
    return tmp_path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("folder", ["penalty", "Penalties", "penalites", "dishonest", "Dishonesty"])
def test_a_register_in_a_near_miss_folder_is_an_error_with_did_you_mean(folders, kind, folder):
    register(folders / "cases_data" / folder / f"2026.{kind}")
    [(path, level, message)] = surveyed(folders)
    meant = "penalties" if folder.lower().startswith("pen") else "dishonesty"
    assert (path, level) == (f"cases_data/{folder}", "error") and f"did you mean {meant}/?" in message


@pytest.mark.parametrize("kind", KINDS)
def test_a_register_in_a_subfolder_is_an_error_naming_the_file(folders, kind):
    register(folders / "cases_data/penalties/2025" / f"a.{kind}")
    [(path, level, message)] = surveyed(folders)
    assert (path, level) == (f"cases_data/penalties/2025/a.{kind}", "error") and "subfolder" in message


@pytest.mark.parametrize("kind", KINDS)
def test_a_register_with_an_upper_case_extension_is_an_error_saying_to_rename_it(folders, kind):
    register(folders / "cases_data/dishonesty" / f"a.{kind.upper()}")
    [(path, level, message)] = surveyed(folders)
    assert (path, level) == (f"cases_data/dishonesty/a.{kind.upper()}", "error")
    assert f"rename it to a.{kind}" in message


@pytest.mark.parametrize("kind", KINDS)
def test_a_register_at_the_top_of_cases_data_is_an_error(folders, kind):
    register(folders / "cases_data" / f"a.{kind}")
    [(path, level, message)] = surveyed(folders)
    assert (path, level) == (f"cases_data/a.{kind}", "error") and "penalties/" in message


@pytest.mark.parametrize("name", ["notice.MD", "notice.markdown", "notice.Md", "notice.en.MD"])
def test_a_notice_not_named_dot_md_is_an_error_saying_to_rename_it(folders, name):
    path = folders / "content/notices" / name
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    [(shown, level, message)] = surveyed(folders)
    stem = name[: name.rindex(".")]
    assert (shown, level) == (f"content/notices/{name}", "error") and f"rename it to {stem}.md" in message


def test_a_document_in_a_subfolder_is_an_error(folders):
    path = folders / "cases_data/typical/2025/case.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\n---\n", encoding="utf-8")
    [(shown, level, _)] = surveyed(folders)
    assert (shown, level) == ("cases_data/typical/2025/case.md", "error")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("folder", ["key-trademarks", "risk-points"])
def test_the_protection_lists_are_registers_read_not_reported(folders, kind, folder):
    register(folders / "cases_data" / folder / f"2026.{kind}")
    assert surveyed(folders) == []  # checks/protection.py reads it


@pytest.mark.parametrize("folder", ["key-trademark", "Risk-Points", "risk_points"])
def test_a_protection_list_in_a_near_miss_folder_is_an_error_with_did_you_mean(folders, folder):
    register(folders / "cases_data" / folder / "2026.csv")
    [(path, level, message)] = surveyed(folders)
    meant = "key-trademarks" if folder.lower().startswith("key") else "risk-points"
    assert (path, level) == (f"cases_data/{folder}", "error") and f"did you mean {meant}/?" in message


@pytest.mark.parametrize("folder", ["key-trademarks", "risk-points"])
def test_a_protection_list_in_a_subfolder_or_with_an_upper_case_suffix_is_an_error(folders, folder):
    register(folders / "cases_data" / folder / "2025" / "a.csv")
    register(folders / "cases_data" / folder / "b.XLSX")
    found = surveyed(folders)
    assert [(path, level) for path, level, _ in found] == [
        (f"cases_data/{folder}/2025/a.csv", "error"),
        (f"cases_data/{folder}/b.XLSX", "error"),
    ]
    assert "subfolder" in found[0][2] and "rename it to b.xlsx" in found[1][2]


def test_unknown_files_and_folders_are_warnings(folders):
    for name in (
        "content/drafts/a.txt",
        "cases_data/old/b.pdf",
        "content/notes.txt",
        "cases_data/penalties/x.txt",
    ):
        (folders / name).parent.mkdir(parents=True, exist_ok=True)
        (folders / name).write_text("x")
    found = [(path, level) for path, level, _ in surveyed(folders)]
    assert found == [
        ("cases_data/old", "warning"),
        ("cases_data/penalties/x.txt", "warning"),
        ("content/drafts", "warning"),
        ("content/notes.txt", "warning"),
    ]


def test_attachments_beside_documents_and_system_files_are_not_reported(folders):
    for name in (
        "content/white-papers/files/2024.pdf",
        "content/notices/scan.pdf",
        "content/files/logo.png",
        "content/pages/img/map.png",
        "cases_data/files/cases/a.pdf",
        "cases_data/typical/photo.jpg",
        "cases_data/top-ten/2025/files/judgment.pdf",
        "cases_data/penalties/.gitkeep",
        "cases_data/penalties/~$a.xlsx",
        "content/.DS_Store",
        "content/notices/Thumbs.db",
    ):
        (folders / name).parent.mkdir(parents=True, exist_ok=True)
        (folders / name).write_text("x")
    (folders / "content/empty-folder").mkdir()
    assert surveyed(folders) == []


def test_the_sample_folders_have_nothing_to_report():
    problems = Problems()
    survey(ROOT / "content", ROOT / "cases_data", problems)
    assert [str(p) for p in problems] == []


def test_check_fails_on_a_misplaced_register(tmp_path, capsys):
    content, data = tmp_path / "content", tmp_path / "cases_data"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "cases_data", data)
    shutil.move(data / "penalties", data / "Penalties")
    assert main(["check", "--content", str(content), "--data", str(data), "--as-of", "2026-11-24"]) == 1
    assert "did you mean penalties/?" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "meant"),
    [("content/site.yml", "site.yaml"), ("cases_data/Authorities.yaml", "authorities.yaml")],
)
def test_a_near_miss_settings_file_is_an_error_with_did_you_mean(folders, name, meant):
    (folders / name).write_text("x")
    [(path, level, message)] = surveyed(folders)
    assert (path, level) == (name, "error") and f"did you mean {meant}?" in message


def test_a_near_miss_document_folder_is_an_error(folders):
    (folders / "content/notice").mkdir()
    (folders / "content/notice/a.md").write_text("---\n---\n")
    [(path, level, message)] = surveyed(folders)
    assert (path, level) == ("content/notice", "error") and "did you mean notices/?" in message


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("content/penalties/a.csv", "cases_data/penalties/"),
        ("content/typical/a.md", "cases_data/typical/"),
        ("cases_data/notices/a.md", "content/notices/"),
        ("cases_data/site.yaml", "content/site.yaml"),
        ("content/authorities.yaml", "cases_data/authorities.yaml"),
    ],
)
def test_something_in_the_other_source_folder_is_an_error_saying_where_it_belongs(folders, name, meant):
    (folders / name).parent.mkdir(parents=True, exist_ok=True)
    (folders / name).write_text("x")
    [(_, level, message)] = surveyed(folders)
    assert level == "error" and f"did you mean {meant}?" in message
