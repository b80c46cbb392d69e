"""Shared fixtures: a small source tree written fresh for each test."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SITE_YAML = """\
name: {zh: 测试站点, en: Test site}
base_url: https://example.org/site/
publisher: {zh: 测试局, en: Test Office}
contact: {email: test@example.org, phone: "000", address: {zh: 测试地址, en: Test address}}
licence: {name: CC-BY-4.0, title: {zh: 署名 4.0, en: Attribution 4.0}, url: "https://creativecommons.org/licenses/by/4.0/"}
sample_data: true
"""

AUTHORITIES_YAML = """\
- name: 江海市知识产权局
  uscc: 91110000101623741K
  name_en: Jianghai Municipal Intellectual Property Administration
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def document(front: str, body: str = "正文。") -> str:
    return f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body)}"


@pytest.fixture
def source_tree(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    """Write a minimal valid content/ and cases_data/ pair; extra files as {relative path: text}."""

    def make(files: dict[str, str] | None = None) -> tuple[Path, Path]:
        content, data = tmp_path / "content", tmp_path / "cases_data"
        write(content, "site.yaml", SITE_YAML)
        write(data, "authorities.yaml", AUTHORITIES_YAML)
        write(
            content,
            "pages/about.md",
            document("title: 关于本站\norder: 1", "## 本站\n\n介绍。"),
        )
        for relative, text in (files or {}).items():
            target_root = data if relative.startswith("cases_data/") else content
            write(target_root, relative.removeprefix("cases_data/").removeprefix("content/"), text)
        return content, data

    return make


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test (Playwright allows one sync driver at a time)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session", autouse=True)
def compiled_templates():
    """Every app this test process makes takes its templates' compiled code from one in-memory
    cache (tests/templates.py says why that changes nothing a test checks)."""
    from flask import Flask

    from tests.templates import CompiledTemplates

    saved = Flask.jinja_options
    Flask.jinja_options = {**saved, "bytecode_cache": CompiledTemplates()}
    yield
    Flask.jinja_options = saved
