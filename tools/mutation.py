"""Mutation testing of the rules: run mutmut, print the score per module, fail below the target.

    python tools/mutation.py            # run, print scores and surviving mutants, exit 1 below target
    python tools/mutation.py --report   # scores of the last run only (no new run)
    python tools/mutation.py --if-changed   # CI: run only when the rules or their tests changed

A run that meets the target records a fingerprint of the mutated modules and their tests in
tools/mutation-fingerprint.txt; ``--if-changed`` compares against it, so CI spends the minutes
only when ``rules/`` or the code validators (or their tests) changed since the last passing run.

What is mutated and which tests run is configured under ``[tool.mutmut]`` in pyproject.toml. A
surviving mutant is either a missing test (write it, stated as a person would state the rule) or
equivalent to the original (no input can tell them apart); equivalent ones are listed, with the
reason, in ``EQUIVALENT`` below and in docs/mutation.md, and do not count against the score.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.98
KILLED = {"killed", "timeout"}  # a mutant that makes the tests hang is caught too
_LINE = re.compile(r"^\s*(?P<key>[\w.]+__mutmut_\d+): (?P<status>.+)$")

FINGERPRINT = ROOT / "tools" / "mutation-fingerprint.txt"

# Mutants that no input can tell from the original, by mutmut's key; the reason is in docs/mutation.md.
EQUIVALENT: dict[str, str] = {
    "ipcredit.rules.masking.x__name_regex__mutmut_10": "a one-character name masks to itself",
    "ipcredit.rules.masking.x_mask_fields__mutmut_4": "the joined text only decides which steps run per field",
}


def fingerprint() -> str:
    """SHA-256 over the mutated modules, the tests that judge them and this configuration."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    files: set[Path] = {Path(__file__).resolve(), ROOT / "pyproject.toml"}
    for pattern in config["only_mutate"]:
        files.update(ROOT.glob(pattern if pattern.endswith(".py") else pattern + ".py"))
    for folder in config["pytest_add_cli_args_test_selection"]:
        files.update((ROOT / folder).rglob("*.py"))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def module_of(key: str) -> str:
    """ipcredit.rules.cases.x_case_order__mutmut_7 → ipcredit.rules.cases"""
    return key.split(".x_", 1)[0]


def results() -> dict[str, str]:
    """Every mutant of the last run and its status (killed, survived, no tests, timeout, …)."""
    out = subprocess.run(
        ["mutmut", "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for line in out.splitlines():
        if match := _LINE.match(line):
            found[match["key"]] = match["status"].strip()
    return found


def scores(statuses: dict[str, str]) -> dict[str, tuple[int, int, list[str]]]:
    """Per module: (mutants counted, killed, surviving keys); equivalent mutants are not counted."""
    counted: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    surviving: dict[str, list[str]] = defaultdict(list)
    for key, status in sorted(statuses.items()):
        if key in EQUIVALENT:
            continue
        module = module_of(key)
        counted[module] += 1
        if status in KILLED:
            killed[module] += 1
        else:
            surviving[module].append(key)
    return {m: (counted[m], killed[m], surviving[m]) for m in sorted(counted)}


def report(statuses: dict[str, str]) -> bool:
    """Print the table and the survivors; True when every module meets the target."""
    table = scores(statuses)
    ok = True
    print(f"{'module':40} {'mutants':>8} {'killed':>8} {'score':>7}")
    for module, (total, dead, _) in table.items():
        score = dead / total if total else 1.0
        ok &= score >= TARGET
        print(f"{module:40} {total:8} {dead:8} {score:7.1%}{'' if score >= TARGET else '  < target'}")
    print(f"equivalent mutants not counted: {sum(1 for k in statuses if k in EQUIVALENT)}")
    for _module, (_, _, keys) in table.items():
        for key in keys:
            print(f"\nsurvived ({statuses[key]}): {key}")
            diff = subprocess.run(["mutmut", "show", key], cwd=ROOT, capture_output=True, text=True).stdout
            print(
                "\n".join(line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---")
            )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--report", action="store_true", help="report the last run without running again")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run at once")
    parser.add_argument(
        "--if-changed", action="store_true", help="run only if the rules or their tests changed since"
    )
    args = parser.parse_args(argv)
    if args.if_changed and FINGERPRINT.exists() and FINGERPRINT.read_text().strip() == fingerprint():
        print("mutation testing: rules and their tests unchanged since the last passing run (README)")
        return 0
    if not args.report:
        # mutmut copies the project into mutants/; a stale copy would test yesterday's code.
        subprocess.run(["rm", "-rf", str(ROOT / "mutants")], check=True)
        run = subprocess.run(
            ["mutmut", "run", "--max-children", str(args.jobs)], cwd=ROOT, stdout=subprocess.DEVNULL
        )
        if run.returncode != 0:
            print("mutmut run failed (see `mutmut run` output)", file=sys.stderr)
            return 2
    if not report(results()):
        return 1
    FINGERPRINT.write_text(fingerprint() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
