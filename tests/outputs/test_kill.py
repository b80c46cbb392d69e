"""``kill -9`` of a real build at random instants: the served folder is always a whole site.

The sample sources are built, then one register line is toggled between two
versions and the build is started and killed again and again, each time at a
random instant of its run, without cleaning up in between; after every kill
the output must be one of the two sites, and a last build, left to finish,
must give exactly the site of its sources. "One of the two" is byte for byte
outside the search export; an update patches the search export (its night
dictionary), so that is compared by what it holds: the same terms, postings
and result rows as the clean build's (docs/search.md).
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.search.equivalence import EXPORT_PATH, contents, outside_export
from tests.trees import site_digest

ROOT = Path(__file__).resolve().parents[2]
REGISTER = "penalties/2026-qu-ji-zhifa-wanyuan.csv"
# One record's facts, edited to a text of the same length (the first count not ending in 9, plus one).
COUNT = re.compile(r"共计(\d*[0-8])件")


def version_of(out: Path, references: list[Path]) -> int | None:
    """Which reference site ``out`` is (see the module's docstring), or None: no site or a mixture."""
    served = site_digest(out)
    if served is None:
        return None
    for version, reference in enumerate(references):
        if outside_export(served) == outside_export(site_digest(reference)):
            return version if contents(out / EXPORT_PATH) == contents(reference / EXPORT_PATH) else None
    return None


class Sources:
    def __init__(self, root: Path) -> None:
        self.content, self.data = root / "content", root / "cases_data"
        shutil.copytree(ROOT / "content", self.content)
        shutil.copytree(ROOT / "cases_data", self.data)
        self.original = (self.data / REGISTER).read_text(encoding="utf-8")
        found = COUNT.search(self.original)
        assert found, "the sample register has no 共计N件 to edit"
        self.before = found.group(0)
        self.after = f"共计{int(found.group(1)) + 1}件"

    def use(self, version: int) -> None:
        text = self.original if version == 0 else self.original.replace(self.before, self.after, 1)
        (self.data / REGISTER).write_text(text, encoding="utf-8")

    def command(self, out: Path, *more: str) -> list[str]:
        return [
            sys.executable, str(ROOT / "build.py"), "--content", str(self.content), "--data", str(self.data),
            "--out", str(out), "--as-of", "2026-11-24", *more,
            # Every build against no previous state: the change log of a build that follows the
            # other version would differ from the reference sites (which is right, but not tested here).
            "--previous", str(self.content.parent / "no-previous-build"),
        ]  # fmt: skip


def build(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The two sites, each built by itself: the same for both parameters, so built once."""
    root = tmp_path_factory.mktemp("kill-references")
    sources = Sources(root)
    sites = [root / f"site{version}" for version in (0, 1)]
    for version, site in enumerate(sites):
        sources.use(version)
        build(sources.command(site))
    assert site_digest(sites[0]) != site_digest(sites[1])
    return sites


@pytest.mark.slow
@pytest.mark.parametrize("flags", [(), ("--clean",)], ids=["update", "clean"])
def test_kill_9_at_random_instants_never_leaves_a_mixture(tmp_path, references, flags):
    sources = Sources(tmp_path)
    out = tmp_path / "public"
    sources.use(0)
    duration = build(sources.command(out, *flags))
    served_version, chance = 0, random.Random(12)
    for _round in range(8):
        target = 1 - served_version
        sources.use(target)
        process = subprocess.Popen(
            sources.command(out, *flags), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(chance.uniform(0.2, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        served_version = version_of(out, references)
        assert served_version is not None, "the output is neither site"
    # --wait: a killed build's forked writers may still hold the lock for a moment.
    build(sources.command(out, *flags, "--wait"))
    assert version_of(out, references) == target
    assert not (tmp_path / ".public.new").exists()
