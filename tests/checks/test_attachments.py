"""Attachments are only a document's own files, of an allowed type, whatever the link says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ipcredit.checks.attachments import AttachmentResolver
from ipcredit.cli import main
from ipcredit.problems import Problems
from ipcredit.sources.documents import parse_document
from tests.conftest import document

HEADER = (
    "行政相对人名称,行政相对人类别,证件号码,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,"
    "处罚内容,处罚决定日期,处罚机关,处罚机关统一社会信用代码,撤下日期\n"
)
# A register with a minor's ID number and a withdrawn record: it must never be published as a file.
REGISTER = HEADER + (
    "张小明,自然人,110101201001010014,江罚〔2025〕1号,类型,事实,依据,警告,内容,2025-03-01,"
    "江海市知识产权局,91110000101623741K,2025-04-01\n"
)
CASE_FRONT = """
title: 某案
authority: 江海市知识产权局
procedure: 民事
ip_types: [专利]
published: 2025-04-26
summary: 摘要。
"""
SECTIONS = "\n\n## 基本案情\n\n案情。\n\n## 裁判结果\n\n结果。\n\n## 典型意义\n\n意义。\n"


def typical(body: str, front: str = CASE_FRONT) -> str:
    return document(front, body + SECTIONS)


def run(capsys, content: Path, data: Path, command: str, out: Path | None = None) -> tuple[int, str]:
    argv = [command, "--content", str(content), "--data", str(data), "--as-of", "2026-01-01"]
    code = main([*argv, "--out", str(out)] if out else argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "link",
    [
        "[登记表](../penalties/x.csv)",
        "[登记表](%2e%2e/penalties/x.csv)",
        "[登记表](files/../../penalties/x.csv)",
        "[登记表](../PENALTIES/x.csv)",
        "[登记表](..\\penalties\\x.csv)",
        "[登记表](../authorities.yaml)",
        '<a href="../penalties/x.csv">登记表</a>',
        "![登记表](../penalties/x.csv)",
        "[另一案](../top-ten/2025/files/a.pdf)",
        "[伪装](files/报告\u202efdp.pdf)",  # a bidirectional control disguising the name
    ],
)
def test_a_link_out_of_the_document_folder_is_an_error_and_nothing_is_published(
    source_tree, capsys, tmp_path, link
):
    content, data = source_tree(
        {
            "cases_data/penalties/x.csv": REGISTER,
            "cases_data/typical/leak.md": typical(f"见{link}。"),
            "cases_data/top-ten/2025/files/a.pdf": "%PDF",
        }
    )
    code, err = run(capsys, content, data, "check")
    assert code == 1
    assert f"typical/leak.md:{len(CASE_FRONT.strip().splitlines()) + 3}: error: " in err, err
    out = tmp_path / "public"
    assert run(capsys, content, data, "build", out)[0] == 1
    assert not out.exists()


def test_a_symbolic_link_to_a_register_is_refused(source_tree, capsys):
    content, data = source_tree(
        {
            "cases_data/penalties/x.csv": REGISTER,
            "cases_data/typical/leak.md": typical("见[表](files/x.pdf)。"),
        }
    )
    (data / "typical" / "files").mkdir()
    os.symlink(data / "penalties" / "x.csv", data / "typical" / "files" / "x.pdf")
    code, err = run(capsys, content, data, "check")
    assert code == 1 and "leaves the document's folder" in err


def test_front_matter_attachments_are_held_to_the_same_rules(source_tree, capsys):
    front = CASE_FRONT + "attachments: [../penalties/x.csv, /etc/passwd, files/data.csv, files/a.svg]\n"
    content, data = source_tree(
        {
            "cases_data/penalties/x.csv": REGISTER,
            "cases_data/typical/leak.md": typical("正文。", front),
            "cases_data/typical/files/data.csv": "a,b\n",
            "cases_data/typical/files/a.svg": "<svg onload='alert(1)'/>",
        }
    )
    code, err = run(capsys, content, data, "check")
    assert code == 1
    line = len(front.strip().splitlines()) + 1
    assert err.count(f"typical/leak.md:{line}: error: ") == 4, err


def test_a_register_folder_is_never_an_attachment_source(tmp_path):
    """Even when a register folder sits inside a document's folder (overlapping --content/--data)."""
    (tmp_path / "notices" / "penalties").mkdir(parents=True)
    (tmp_path / "notices" / "penalties" / "x.xlsx").write_bytes(b"PK")
    problems = Problems()
    doc = parse_document(tmp_path / "notices" / "n.md", "---\ntitle: t\n---\n", problems)
    resolver = AttachmentResolver(tmp_path, "files", problems, [tmp_path / "notices" / "Penalties"])
    assert resolver.resolve(doc, "penalties/x.xlsx", 4) is None
    assert "a register is never an attachment" in str(next(iter(problems)))


@pytest.mark.parametrize("name", ["a.ofd", "a.PDF", "报告 2025.docx", "a.wps", "a.et", "a.webp"])
def test_allowed_types_pass_check_and_build_alike(source_tree, capsys, tmp_path, name):
    content, data = source_tree(
        {
            "notices/n.md": document(
                "title: 通知\npublished: 2025-01-05\npublisher: 测试局", f"见[附件](<files/{name}>)。\n"
            ),
            f"notices/files/{name}": "x",
        }
    )
    assert run(capsys, content, data, "check")[0] == 0
    out = tmp_path / "public"
    code, err = run(capsys, content, data, "build", out)
    assert code == 0, err
    assert (out / "files" / "notices" / "files" / name).read_text() == "x"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("![封面](files/cover.svg)", "SVG"),
        ("![封面](files/cover.pdf)", "images must be"),
        ("![封面](files/missing.png)", "file does not exist"),
        ("![封面](https://evil.example/track.png)", "an image must be a file beside the document"),
        ('<img src="files/missing.png" alt="x">', "file does not exist"),
        ("[另一篇](other.md)", "attachments must be one of"),
        ("[文件夹](files/)", "attachments must be one of"),
    ],
)
def test_images_and_links_to_non_attachments_are_errors_at_their_line(source_tree, capsys, body, expected):
    content, data = source_tree(
        {
            "notices/n.md": document("title: 通知\npublished: 2025-01-05\npublisher: 测试局", f"\n{body}\n"),
            "notices/files/cover.svg": "<svg/>",
            "notices/files/cover.pdf": "%PDF",
        }
    )
    code, err = run(capsys, content, data, "check")
    assert code == 1
    assert "notices/n.md:7: error: " in err and expected in err, err


def test_an_image_without_alt_text_is_a_warning_at_its_line(source_tree, capsys, tmp_path):
    content, data = source_tree(
        {
            "notices/n.md": document(
                "title: 通知\npublished: 2025-01-05\npublisher: 测试局",
                '\n![](files/a.png)\n\n<img src="files/a.png">\n',
            ),
            "notices/files/a.png": "png",
        }
    )
    code, err = run(capsys, content, data, "check")
    assert code == 0
    assert "notices/n.md:7: warning: " in err and "alternative text" in err, err
