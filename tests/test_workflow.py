"""The nightly workflow's build step, run as GitHub Actions would run it (bash, the step's
environment), with a stand-in `python` that records its arguments: after a cache miss the
build continues the change log from the live site (``--previous URL``); after a hit it
reads the restored output's own state. And the GitHub Pages target's size check: a site
over the 1 GB limit is still deployed, then the run fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/nightly.yml"
SITE = "https://credit.example.gov.cn/"


def job(name: str) -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"][name]


def step(name: str) -> dict:
    """A step of the build job, by its name."""
    return next(s for s in job("build")["steps"] if s.get("name") == name)


def run_build_step(tmp_path: Path, restored: str) -> list[str]:
    build = step("Build")
    outputs = {
        "steps.asof.outputs.date": "2026-11-25",
        "steps.asof.outputs.base_url_args": f"--base-url {SITE}",
    }
    env_values = {
        "steps.previous.outputs.cache-matched-key": restored,
        "steps.asof.outputs.url": SITE,
    }

    def expand(text: str, values: dict[str, str]) -> str:
        return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: values[m.group(1)], text)

    env = {k: expand(v, env_values) for k, v in build["env"].items()}
    script = expand(build["run"], outputs)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done > "$ARGS_FILE"\n')
    (fake / "python").chmod(0o755)
    args_file = tmp_path / "args"
    environment = {**os.environ, **env, "PATH": f"{fake}:{os.environ['PATH']}", "ARGS_FILE": str(args_file)}
    subprocess.run(["bash", "-e", "-c", script], env=environment, check=True, capture_output=True)
    return args_file.read_text().splitlines()


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's steps run in bash")
def test_a_lost_cache_continues_from_the_live_site(tmp_path):
    args = run_build_step(tmp_path, restored="")
    assert args[:3] == ["build.py", "--as-of", "2026-11-25"]
    assert args[args.index("--previous") + 1] == SITE


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's steps run in bash")
def test_a_restored_build_is_its_own_previous(tmp_path):
    args = run_build_step(tmp_path, restored="site-pages-123")
    assert "--previous" not in args and args[args.index("--base-url") + 1] == SITE


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflow's steps run in bash")
def test_a_site_over_github_pages_limit_is_still_deployed_then_the_night_fails(tmp_path):
    build = job("build")
    names = [s.get("name") for s in build["steps"]]
    check = step("Check the site fits GitHub Pages")
    # The check comes before the upload, but its failure does not stop it: records that left the
    # site today must leave the live one too, even from a site GitHub may refuse.
    assert names.index(check["name"]) < names.index("Package for GitHub Pages")
    assert check["continue-on-error"] is True and check["id"] == "fit"
    assert check["if"] == step("Package for GitHub Pages")["if"] == "env.TARGET == 'pages'"
    assert build["outputs"]["pages_fit"] == "${{ steps.fit.outcome }}"
    deploy, fail = job("pages")["steps"]
    assert deploy["uses"].startswith("actions/deploy-pages@")
    assert fail["if"] == "needs.build.outputs.pages_fit == 'failure'"  # after the deploy, not instead
    done = subprocess.run(["bash", "-e", "-c", fail["run"]], capture_output=True, text=True)
    assert done.returncode != 0 and done.stdout.startswith("::error title=GitHub Pages::")
    # The check's own command, on a small built site: it fits, and says so.
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "index.html").write_text("<!doctype html><title>x</title>")
    command = check["run"].replace("python ", f"{sys.executable} ", 1)
    done = subprocess.run(["bash", "-e", "-c", command], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.returncode == 0 and "the site fits GitHub Pages" in done.stdout
