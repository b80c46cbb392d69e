"""Untrusted Markdown and pasted HTML come out inert (docs/build-safety.md, "What the sources may not contain")."""

from __future__ import annotations

import time

import pytest

from ipcredit.markup import MarkdownRenderer, TooComplex, first_paragraph, strip_tags

HOSTILE = """\
## 标题

<script>alert("x")</script>
<img src="x.png" onerror="alert(1)">
<a href="javascript:alert(1)">点我</a>
<a href="data:text/html;base64,PHNjcmlwdD4=">数据</a>
<iframe src="https://evil.example/"></iframe>
<p style="color:red" onclick="alert(1)">请注意</p>
<form action="https://evil.example/"><input name="q"></form>
<style>body{display:none}</style>
[链接](javascript:alert(2))
"""


def test_raw_html_is_sanitised_to_inert_markup():
    html = MarkdownRenderer().render(HOSTILE).html.lower()
    for forbidden in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "data:text",
        "<iframe",
        "<form",
        "<input",
        "<style",
        "style=",
    ):
        assert forbidden not in html, forbidden
    assert "请注意" in html  # the text itself is kept


def test_safe_markup_survives():
    body = "## 一、概况\n\n| 指标 | 数值 |\n|---|---|\n| 专利 | 1 |\n\n正文[^1] [外链](https://example.org/)\n\n[^1]: 注释。\n"
    rendered = MarkdownRenderer().render(body)
    assert '<a href="https://example.org/">外链</a>' in rendered.html
    assert "<table>" in rendered.html and "<th>指标</th>" in rendered.html
    assert 'class="footnote"' in rendered.html and 'href="#fn:1"' in rendered.html
    assert rendered.toc[0].text == "一、概况" and f'id="{rendered.toc[0].anchor}"' in rendered.html


def test_local_links_go_through_the_resolver():
    seen = []

    def resolve(target: str, image: bool) -> str | None:
        seen.append((target, image))
        return "/files/a.pdf" if target == "a.pdf" else None

    html = (
        MarkdownRenderer()
        .render("[附件](a.pdf) [坏](../x.pdf) [站外](https://e.org/) [锚](#x)", resolve)
        .html
    )
    assert seen == [("a.pdf", False), ("../x.pdf", False)]
    assert 'href="/files/a.pdf"' in html and 'href="#refused-' in html


def test_raw_html_links_and_images_go_through_the_resolver_too():
    seen = []

    def resolve(target: str, image: bool) -> str | None:
        seen.append((target, image))
        return None

    html = MarkdownRenderer().render('<a href="../penalties/x.csv">表</a>\n\n<img src="p.png">', resolve).html
    assert seen == [("../penalties/x.csv", False), ("p.png", True)]
    assert "penalties" not in html and "p.png" not in html


def test_every_image_is_resolved_and_images_without_alt_text_are_named():
    seen = []

    def resolve(target: str, image: bool) -> str | None:
        seen.append(target)
        return "/files/ok.png" if target == "ok.png" else None

    rendered = MarkdownRenderer().render(
        '![](ok.png) ![图](https://e.org/x.png) <img src="raw.png" alt=" "> ![说明](ok.png)', resolve
    )
    assert seen == ["ok.png", "https://e.org/x.png", "ok.png", "raw.png"]  # external images too
    assert rendered.missing_alt == ("ok.png", "raw.png")


def test_summaries_are_plain_text():
    assert strip_tags("<p>甲 &amp; <b>乙</b></p>") == "甲 & 乙"
    assert first_paragraph("<p>" + "字" * 200 + "</p>", limit=10) == "字" * 9 + "…"


def test_bodies_the_parser_cannot_take_raise_too_complex_at_their_paragraph():
    """Unclosed brackets cost python-markdown quadratic time; deep lists exhaust its recursion."""
    started = time.monotonic()
    with pytest.raises(TooComplex) as raised:
        MarkdownRenderer().render("引言。\n\n" + "[甲 " * 5000)
    assert raised.value.line == 2 and time.monotonic() - started < 1
    with pytest.raises(TooComplex):
        MarkdownRenderer().render("\n".join("  " * depth + "- 项" for depth in range(600)))
    assert "<a" in MarkdownRenderer().render("[链接](https://e.org/) " * 3000).html  # closed ones are fine
