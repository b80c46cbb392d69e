"""cases_data/authorities.yaml → the register of publishing authorities.

Penalties, dishonesty listings and cases must name an authority in this
register, and a register's authority code must match the one here.
"""

from __future__ import annotations

from pathlib import Path

from ipcredit.checks.codes import check_uscc
from ipcredit.problems import Problems, bilingual
from ipcredit.records import Authority, Origin
from ipcredit.sources.yamlfile import read_yaml_list

REQUIRED = ("name", "uscc", "name_en")
KNOWN = (*REQUIRED, "district")


def load_authorities(path: Path, problems: Problems) -> tuple[Authority, ...]:
    items = read_yaml_list(path, problems)
    authorities: dict[str, Authority] = {}
    for item in items or []:
        ok = True
        for key in REQUIRED:
            if not str(item.values.get(key) or "").strip():
                problems.error(
                    path, item.line, bilingual(f"缺少必填字段 {key}", f"{key} is required"), column=key
                )
                ok = False
        for key in item.values:
            if key not in KNOWN:
                problems.warning(
                    path, item.lines[key], bilingual(f"未知字段 {key}", f"unknown field {key}"), column=key
                )
        if not ok:
            continue
        name, code = str(item.values["name"]).strip(), str(item.values["uscc"]).strip()
        problem = check_uscc(code)
        if problem:
            problems.error(path, item.lines["uscc"], problem, column="uscc")
            continue
        if name in authorities:
            first = authorities[name].origin
            problems.error(
                path,
                item.lines["name"],
                bilingual(f"机关「{name}」重复，首次出现在第 {first.line} 行", "duplicate authority"),
                column="name",
            )
            continue
        district = item.values.get("district")
        authorities[name] = Authority(
            name,
            code,
            str(item.values["name_en"]).strip(),
            str(district) if district else None,
            Origin(str(path), item.line),
        )
    return tuple(authorities.values())
