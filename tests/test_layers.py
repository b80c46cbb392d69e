"""The package's layers (docs/architecture.md): imports only run downwards.

The contracts live in pyproject.toml ([tool.importlinter]); import-linter checks them on the
real import graph, indirect imports included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_import_runs_down_the_layers():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    for name in ("ipcredit", "search"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_an_upward_import_breaks_the_layers(tmp_path):
    root = copy_of_the_package(tmp_path)
    add_import(root / "ipcredit/rules/masking.py", "from ipcredit.catalogue import Catalogue  # noqa")
    result = lint(root)
    assert result.returncode == 1
    assert "ipcredit.rules is not allowed to import ipcredit.catalogue" in result.stdout


def test_search_may_not_import_the_site(tmp_path):
    root = copy_of_the_package(tmp_path)
    add_import(root / "search/tokenizer.py", "import ipcredit.records  # noqa")
    result = lint(root)
    assert result.returncode == 1
    assert "search is not allowed to import ipcredit" in result.stdout


def test_only_the_web_app_imports_a_view(tmp_path):
    root = copy_of_the_package(tmp_path)
    add_import(root / "ipcredit/outputs/guard.py", "import ipcredit.web.views.search  # noqa")
    result = lint(root)
    assert result.returncode == 1
    assert "ipcredit.outputs is not allowed to import ipcredit.web.views" in result.stdout
