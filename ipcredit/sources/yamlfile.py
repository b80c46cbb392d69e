"""YAML registers (authorities.yaml): a list of mappings, each value with its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.text import read_text


@dataclass(frozen=True)
class YamlItem:
    line: int  # line of the item's first key
    values: dict[str, Any]
    lines: dict[str, int]  # key → line


def read_yaml_list(path: Path, problems: Problems) -> list[YamlItem] | None:
    """The items of a YAML list of mappings; None (with the problem reported) when unusable."""
    if not path.is_file():
        problems.error(path, 1, bilingual(f"找不到文件 {path.name}", f"{path.name} is missing"))
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "invalid YAML"
        problems.error(
            path, mark.line + 1 if mark else 1, bilingual(f"YAML 无法解析：{reason}", "invalid YAML")
        )
        return None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        problems.error(path, 1, bilingual("文件应为列表（每项以 - 开头）", "the file must be a YAML list"))
        return None
    items = []
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            problems.error(
                path, node.start_mark.line + 1, bilingual("列表项应为键值对", "each item must be a mapping")
            )
            continue
        values = {str(k.value): yaml.safe_load(yaml.serialize(v)) for k, v in node.value}
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
        items.append(YamlItem(node.start_mark.line + 1, values, lines))
    return items
