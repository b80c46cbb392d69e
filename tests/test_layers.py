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

import pytest

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


@pytest.mark.parametrize(
    ("module", "line", "message"),
    [
        (  # an upward import
            "ipcredit/rules/masking.py",
            "from ipcredit.catalogue import Catalogue  # noqa",
            "ipcredit.rules is not allowed to import ipcredit.catalogue",
        ),
        (  # search may not import the site
            "search/tokenizer.py",
            "import ipcredit.records  # noqa",
            "search is not allowed to import ipcredit",
        ),
        (  # only the web app imports a view
            "ipcredit/outputs/guard.py",
            "import ipcredit.web.views.search  # noqa",
            "ipcredit.outputs is not allowed to import ipcredit.web.views",
        ),
    ],
    ids=["upward-import", "search-imports-the-site", "outputs-imports-a-view"],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, message):
    root = copy_of_the_package(tmp_path)
    add_import(root / module, line)
    result = lint(root)
    assert result.returncode == 1
    assert message in result.stdout
