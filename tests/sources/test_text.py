"""Source files that are not regular files are reported, never read (no crash, no hang, no leak)."""

from __future__ import annotations

import os

import pytest

from ipcredit.problems import Problems
from ipcredit.sources.documents import read_documents


@pytest.mark.parametrize("kind", ["folder", "broken link", "pipe", "link out of the folder"])
def test_a_document_that_is_not_a_regular_file_is_an_error_at_line_1(tmp_path, kind):
    folder = tmp_path / "notices"
    folder.mkdir()
    target = folder / "x.md"
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 机密\n---\n机密内容\n", encoding="utf-8")
    if kind == "folder":
        target.mkdir()
    elif kind == "broken link":
        os.symlink(tmp_path / "missing.md", target)
    elif kind == "pipe":
        os.mkfifo(target)  # opening it would block the build forever
    else:
        os.symlink(secret, target)
    problems = Problems()
    assert read_documents(folder, problems) == []
    assert [(p.path.endswith("notices/x.md"), p.line, p.level.value) for p in problems] == [
        (True, 1, "error")
    ]


def test_a_link_inside_the_same_folder_is_read(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "real.txt").write_text("---\ntitle: 通知\n---\n正文\n", encoding="utf-8")
    os.symlink(folder / "real.txt", folder / "x.md")
    problems = Problems()
    (pair,) = read_documents(folder, problems)
    assert pair.zh.meta == {"title": "通知"} and len(problems) == 0
