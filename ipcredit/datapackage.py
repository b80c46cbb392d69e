"""``/data/datapackage.json``: the datasets as a Frictionless Data Package (v2).

The descriptor is built from the data dictionary and the measured files, so
every field's type, Chinese title and description, every file's size and
sha256 hash, the licence and the as-of date agree with what was written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipcredit.catalogue import Catalogue
from ipcredit.datadict import DATASETS, Dataset, dataset

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PACKAGE_FILE = "datapackage.json"
STATE_FILE = "published.json"  # the published state: read back by the next build
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class DataFile:
    """One written file under /data/, as measured after writing."""

    dataset: str  # dataset name, or "" for datapackage.json itself
    format: str  # csv, json, xlsx
    name: str  # file name inside /data/
    bytes: int
    sha256: str
    rows: int  # data rows (records), 0 for datapackage.json

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


def measure(path: Path, dataset_name: str, fmt: str, rows: int) -> DataFile:
    """Size and sha256 of a finished file, read back in chunks (files may be large)."""
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return DataFile(dataset_name, fmt, path.name, path.stat().st_size, digest, rows)


def table_schema(ds: Dataset, *, chinese_headers: bool = False) -> dict[str, Any]:
    """A Table Schema for one dataset; XLSX files have the Chinese titles as their header."""
    fields = []
    for f in ds.fields:
        field: dict[str, Any] = {
            "name": f.title if chinese_headers else f.name,
            "type": f.type,
            "title": f.title,
            "description": f.description,
            "example": f.example,
        }
        if f.format:
            field["format"] = f.format
        constraints: dict[str, Any] = {}
        if f.required:
            constraints["required"] = True
        if f.enum:
            constraints["enum"] = list(f.enum)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    keys = [f for name in ds.key_fields for f in ds.fields if f.name == name]
    return {
        "fields": fields,
        "primaryKey": [key.title if chinese_headers else key.name for key in keys],
        "missingValues": [""],
    }


def _resource(file: DataFile) -> dict[str, Any]:
    ds = dataset(file.dataset)
    resource: dict[str, Any] = {
        "name": f"{ds.name}-{file.format}",
        # frictionless reads tabular JSON through ijson, bypassing its byte counter, so it could
        # not check `bytes`; as a JSON resource it parses the file and checks bytes and hash.
        # The schema still documents every key.
        "type": "json" if file.format == "json" else "table",
        "path": file.name,
        "title": f"{ds.title}（{file.format.upper()}）",
        "description": ds.description,
        "format": file.format,
        "mediatype": file.media_type,
    }
    if file.format != "xlsx":
        resource["encoding"] = "utf-8"  # the CSV starts with a BOM so Excel reads it as UTF-8
    resource["bytes"] = file.bytes
    resource["hash"] = f"sha256:{file.sha256}"
    resource["schema"] = table_schema(ds, chinese_headers=file.format == "xlsx")
    return resource


def _state_resource(file: DataFile) -> dict[str, Any]:
    return {
        "name": "published-state",
        "type": "json",
        "path": file.name,
        "title": "公示状态（供下一次构建比对）",
        "description": "本次构建公示的每条记录的栏目、编号、所显示内容的散列值和首次公示日期，以及变更记录"
        "和撤下记录清单；下一次构建据此计算变更。不含名称、文号或代码。",
        "format": "json",
        "mediatype": MEDIA_TYPES["json"],
        "encoding": "utf-8",
        "bytes": file.bytes,
        "hash": f"sha256:{file.sha256}",
    }


def descriptor(
    catalogue: Catalogue, files: Sequence[DataFile], state: DataFile | None = None
) -> dict[str, Any]:
    settings = catalogue.settings
    as_of = catalogue.as_of.isoformat()
    order = {d.name: i for i, d in enumerate(DATASETS)}
    ordered = sorted(files, key=lambda f: (order[f.dataset], f.format))
    return {
        "$schema": PROFILE,
        "name": "ip-credit-open-data",
        "title": f"{settings.name.zh}开放数据",
        "description": f"{settings.publisher.zh}公示的知识产权信用信息，数据截至 {as_of}。"
        f"内容与本站公示的记录完全一致（自然人信息已按规定脱敏）。",
        "homepage": settings.base_url + "data/",
        "created": f"{as_of}T00:00:00+08:00",  # the as-of date, never the wall clock
        "as_of": as_of,
        "licenses": [
            {"name": settings.licence.name, "path": settings.licence.url, "title": settings.licence.title.zh}
        ],
        "contributors": [
            {
                "title": settings.publisher.zh,
                "roles": ["publisher"],
                "email": settings.contact_email,
                "path": settings.base_url,
            }
        ],
        "keywords": ["知识产权", "信用信息", "行政处罚", "严重违法失信名单", "案例"],
        "resources": [_resource(f) for f in ordered] + ([_state_resource(state)] if state else []),
    }


def write_package(
    catalogue: Catalogue, folder: Path, files: Sequence[DataFile], state: DataFile | None = None
) -> DataFile:
    path = folder / PACKAGE_FILE
    text = json.dumps(descriptor(catalogue, files, state), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    return measure(path, "", "json", 0)
