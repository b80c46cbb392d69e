"""Agency YAML (site.yaml, authorities.yaml, front matter), read with the line of every key.

Agency YAML is untrusted, so it is read with :class:`AgencyLoader`, which
refuses what agencies never need and an attacker would: anchors and aliases
(a "billion laughs" alias bomb expands exponentially the moment anything
walks the value), explicit tags (``!!float x`` makes PyYAML raise a bare
``ValueError``), nesting deeper than any real file (the composer recurses),
integers too long to convert, and control characters such as NUL. Dates stay
text, for the checks to parse and range-check (PyYAML's own timestamps raise
on 2025-13-45). Each refusal is reported as ``path:line`` before a single
object is constructed; nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipcredit.problems import Problems, bilingual
from ipcredit.sources.text import control_character_message, read_text

MAX_DEPTH = 20  # front matter and settings nest two or three levels
MAX_INT_DIGITS = 30  # longer integers are never a real value and may exceed int()'s digit limit
# Characters YAML does not accept (YAML 1.1 "printable"); reported at their line, not as a position.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class RefusedYaml(yaml.MarkedYAMLError):
    """Something agency YAML may not contain, with the Chinese message to report."""

    def __init__(self, zh: str, en: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, en, mark)
        self.zh = zh


class AgencyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases, anchors, explicit tags and deep nesting while composing,
    i.e. before any object exists, and leaves dates as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise RefusedYaml(
                "不允许使用锚点和别名（&名称、*名称），请直接写出每个值",
                "anchors and aliases (&name, *name) are not allowed; write each value out",
                event.start_mark,
            )
        if getattr(event, "tag", None) not in (None, "!"):
            raise RefusedYaml(
                f"不允许使用类型标记 {event.tag}，请删除",
                f"explicit tags ({event.tag}) are not allowed",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise RefusedYaml(
                    f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH} levels", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_INT_DIGITS:
            raise RefusedYaml(
                f"数字超过 {MAX_INT_DIGITS} 位",
                f"a number longer than {MAX_INT_DIGITS} digits",
                node.start_mark,
            )
        return super().construct_yaml_int(node)


AgencyLoader.add_constructor("tag:yaml.org,2002:int", AgencyLoader.construct_yaml_int)
AgencyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document: its value, and its node tree for the lines of keys."""

    data: Any
    node: yaml.Node | None
    first_line: int  # file line of the document's first line

    def line_of(self, *keys: str) -> int:
        """The line of the deepest of ``keys`` (a path into nested mappings) that exists."""
        node, line = self.node, self.first_line
        for key in keys:
            found = _key_node(node, key)
            if found is None:
                break
            line = found[0].start_mark.line + self.first_line
            node = found[1]
        return line

    def node_at(self, *keys: str) -> yaml.Node | None:
        """The value node at ``keys`` (a path into nested mappings), None when absent."""
        node = self.node
        for key in keys:
            found = _key_node(node, key)
            if found is None:
                return None
            node = found[1]
        return node

    def keys_of(self, *keys: str) -> list[tuple[str, int]]:
        """The keys of the mapping at ``keys`` with their lines (for unknown-key warnings)."""
        node = self.node
        for key in keys:
            found = _key_node(node, key)
            node = found[1] if found else None
        if not isinstance(node, yaml.MappingNode):
            return []
        return [(str(k.value), k.start_mark.line + self.first_line) for k, _ in node.value]


def _key_node(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in node.value if str(k.value) == key), None)


def parse_yaml(text: str, path: Path, problems: Problems, first_line: int = 1) -> YamlDoc | None:
    """Parse agency YAML; None (with the problem reported at its line) when it cannot be used."""
    if bad := _UNPRINTABLE.search(text):
        line = text.count("\n", 0, bad.start()) + first_line
        problems.error(path, line, control_character_message(bad.group()))
        return None
    loader = AgencyLoader(text)
    try:
        node = loader.get_single_node()
        _check_duplicate_keys(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        zh = getattr(exc, "zh", "YAML 格式错误，请检查本行及上一行的缩进、冒号和引号")
        problems.error(path, line, bilingual(zh, f"invalid YAML: {reason}"))
        return None
    finally:
        loader.dispose()
    return YamlDoc(data, node, first_line)


def _check_duplicate_keys(node: yaml.Node | None) -> None:
    """A key written twice would silently win over the first; refuse it (iteratively: no recursion)."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                name = str(key.value)
                if isinstance(key, yaml.ScalarNode) and name in seen:
                    raise RefusedYaml(
                        f"{name} 写了两次，请只保留一个", f"the key {name} is written twice", key.start_mark
                    )
                seen.add(name)
                pending.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)


def read_yaml(path: Path, problems: Problems) -> YamlDoc | None:
    """A YAML file; None (with the problem reported) when it is missing or unusable."""
    if not path.is_file():
        problems.error(path, 1, bilingual(f"找不到文件 {path.name}", f"{path.name} is missing"))
        return None
    text = read_text(path, problems)
    return None if text is None else parse_yaml(text, path, problems)


@dataclass(frozen=True)
class YamlItem:
    line: int  # line of the item's first key
    values: dict[str, Any]
    lines: dict[str, int]  # key → line


def read_yaml_list(path: Path, problems: Problems) -> list[YamlItem] | None:
    """The items of a YAML list of mappings; None (with the problem reported) when unusable."""
    doc = read_yaml(path, problems)
    if doc is None:
        return None
    if doc.node is None:
        return []
    if not isinstance(doc.node, yaml.SequenceNode):
        problems.error(path, 1, bilingual("文件应为列表（每项以 - 开头）", "the file must be a YAML list"))
        return None
    items = []
    for node, values in zip(doc.node.value, doc.data, strict=True):
        if not isinstance(node, yaml.MappingNode):
            problems.error(
                path, node.start_mark.line + 1, bilingual("列表项应为键值对", "each item must be a mapping")
            )
            continue
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
        items.append(YamlItem(node.start_mark.line + 1, {str(k): v for k, v in values.items()}, lines))
    return items
