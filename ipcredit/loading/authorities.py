"""cases_data/authorities.yaml → the register of publishing authorities.

Penalties, dishonesty listings and cases must name an authority in this
register, and a register's authority code must match the one here. Each
item needs ``name``, ``uscc`` (a valid 统一社会信用代码) and ``name_en``;
``district`` is optional. Names and codes are unique.
"""

from __future__ import annotations

from pathlib import Path

from ipcredit.checks.codes import check_uscc
from ipcredit.problems import Problems, bilingual
from ipcredit.records import Authority, Origin
from ipcredit.sources.yamlfile import YamlItem, read_yaml_list

REQUIRED = ("name", "uscc", "name_en")
KNOWN = (*REQUIRED, "district")


def load_authorities(path: Path, problems: Problems) -> tuple[Authority, ...]:
    """The valid authorities in file order; every problem reported at its line and key."""
    by_name: dict[str, Authority] = {}
    by_code: dict[str, Authority] = {}
    for item in read_yaml_list(path, problems) or []:
        authority = _authority(path, item, problems)
        if authority is None:
            continue
        for seen, key, value in ((by_name, "name", authority.name), (by_code, "uscc", authority.uscc)):
            if value in seen:
                first = seen[value].origin.line
                problems.error(
                    path,
                    item.lines[key],
                    bilingual(
                        f"「{value}」重复，首次出现在第 {first} 行", f"duplicate {key}; first at line {first}"
                    ),
                    column=key,
                )
                authority = None
                break
        if authority is not None:
            by_name[authority.name] = by_code[authority.uscc] = authority
    return tuple(by_name.values())


def _authority(path: Path, item: YamlItem, problems: Problems) -> Authority | None:
    ok = True
    for key in REQUIRED:
        if not str(item.values.get(key) or "").strip():
            problems.error(
                path, item.line, bilingual(f"缺少必填字段 {key}", f"{key} is required"), column=key
            )
            ok = False
    for key in KNOWN:
        value = item.values.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            problems.error(
                path,
                item.lines[key],
                bilingual(f"字段 {key} 应为一段文字", f"{key} must be text"),
                column=key,
            )
            ok = False
    for key in item.values:
        if key not in KNOWN:
            problems.warning(
                path,
                item.lines[key],
                bilingual(f"未知字段 {key}，已忽略", f"unknown field {key}"),
                column=key,
            )
    if not ok:
        return None
    code = str(item.values["uscc"]).strip()
    if problem := check_uscc(code):
        problems.error(path, item.lines["uscc"], problem, column="uscc")
        return None
    district = item.values.get("district")
    return Authority(
        name=str(item.values["name"]).strip(),
        uscc=code,
        name_en=str(item.values["name_en"]).strip(),
        district=str(district).strip() if district else None,
        origin=Origin(str(path), item.line),
    )
