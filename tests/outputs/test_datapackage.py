"""datapackage.json: a Frictionless Data Package that the `frictionless` tool accepts."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ipcredit.datasets import write_all
from tests.factories import catalogue, sample_catalogue


def validate(package: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "frictionless", "validate", "--json", str(package)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_package_describes_every_file_field_licence_and_date(tmp_path: Path):
    write_all(sample_catalogue(), tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["as_of"] == "2026-11-24" and package["created"].startswith("2026-11-24")
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "署名 4.0"}
    ]
    files = {p.name for p in tmp_path.iterdir()} - {"datapackage.json"}
    assert {r["path"] for r in package["resources"]} == files
    for resource in package["resources"]:
        data = (tmp_path / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        if resource["name"] == "published-state":  # the next build's input, not a table
            continue
        schema = resource["schema"]
        assert schema["primaryKey"] and schema["primaryKey"][0] in {f["name"] for f in schema["fields"]}
        for field in schema["fields"]:
            assert (
                field["title"]
                and field["description"]
                and field["type"] in {"string", "integer", "number", "date"}
            )
    by_name = {r["name"]: r for r in package["resources"]}
    csv_fields = [f["name"] for f in by_name["penalties-csv"]["schema"]["fields"]]
    xlsx_fields = [f["name"] for f in by_name["penalties-xlsx"]["schema"]["fields"]]
    assert csv_fields[:3] == ["id", "url", "decision_number"]
    assert xlsx_fields[:3] == ["记录编号", "页面地址", "行政处罚决定书文号"]  # the XLSX header row
    assert "first_published" in csv_fields and "首次公示日期" in xlsx_fields
    assert [f["name"] for f in by_name["changes-csv"]["schema"]["fields"]] == [
        "date", "change", "section", "id", "url"
    ]  # fmt: skip
    assert by_name["withdrawn-csv"]["schema"]["primaryKey"] == ["section", "id"]
    assert {"changes-xlsx", "withdrawn-xlsx"}.isdisjoint(by_name)
    party = by_name["parties-csv"]["schema"]
    assert party["primaryKey"] == ["code"]
    assert [f["name"] for f in party["fields"]][:3] == ["code", "url", "name"]
    assert {f["name"]: f["type"] for f in party["fields"]}["penalties"] == "integer"


@pytest.mark.slow
def test_frictionless_validates_the_package_and_catches_a_changed_file(tmp_path: Path):
    full, empty = tmp_path / "full", tmp_path / "empty"
    write_all(sample_catalogue(), full)
    write_all(catalogue(), empty)
    for folder in (full, empty):
        result = validate(folder / "datapackage.json")
        report = json.loads(result.stdout)
        assert result.returncode == 0 and report["valid"], result.stdout[-3000:]
        # penalties, dishonesty, key trademarks, risk points, cases, parties (3 formats each);
        # changes, withdrawn (CSV, JSON); the state
        assert len(report["tasks"]) == 23
        assert {t["name"] for t in report["tasks"]} >= {"parties-csv", "parties-json", "parties-xlsx"}
    # The check has teeth: a file changed after the package was written fails it.
    with (full / "penalties.csv").open("a", encoding="utf-8") as handle:
        handle.write("extra,row\n")
    assert validate(full / "datapackage.json").returncode != 0
