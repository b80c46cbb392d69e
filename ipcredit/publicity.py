"""The ``publicity:`` block of site.yaml: publicity classes, their periods and derivation rules.

NDRC Order 36 (《信用修复管理办法》, in force 2026-04-01) classes every penalty as
轻微, 一般 or 严重 and gives each class a minimum and a maximum publicity period.
Rules change and other regimes exist (SAMR Order 45: 3 months / 3 years), so
every period, threshold and keyword is a setting here, never a constant in the
rules. The block is read from the YAML node tree so that each problem names the
line of the offending key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ipcredit.problems import Problems, bilingual
from ipcredit.records import PublicityClass

_CLASSES = {c.value: c for c in PublicityClass}


@dataclass(frozen=True)
class ClassPeriod:
    min_months: int  # credit repair may be applied for from decision date + this
    max_months: int  # never shown after decision date + this


@dataclass(frozen=True)
class Thresholds:
    """An amount in yuan for each kind of party (docs/publicity.md: individual businesses count as organisations)."""

    organisation: Decimal
    natural_person: Decimal


@dataclass(frozen=True)
class ClassRule:
    """One derivation rule: when every criterion it gives holds, the penalty has its class."""

    publicity_class: PublicityClass
    name: str  # shown in the build summary ("derived by rule …")
    only_types: tuple[str, ...] = ()  # every 处罚类别 is one of these
    keywords: tuple[str, ...] = ()  # one appears in 处罚类别, 处罚内容 or 暂扣或吊销证照名称及编号
    procedures: tuple[str, ...] = ()  # 程序类型 is one of these, or one appears in 处罚类别/处罚内容
    amount_yuan_at_least: Thresholds | None = None  # fine + confiscation ≥ the party's threshold
    amount_yuan_below: Thresholds | None = None  # fine + confiscation < the party's threshold


@dataclass(frozen=True)
class Publicity:
    periods: tuple[tuple[PublicityClass, ClassPeriod], ...]
    rules: tuple[ClassRule, ...]  # tried in order when 失信程度 is empty; the first match wins
    default_class: PublicityClass  # when no rule matches
    publish_minor: bool = False  # Order 36: 轻微 is in principle not published
    dishonesty_default_months: int = 36  # 届满移出 when the register leaves it empty
    dishonesty_early_removal_months: int = 12  # SAMR Order 44: early removal after one year
    withdrawal_retention_months: int = 24  # how long a withdrawal stays in the withdrawals list

    def period(self, publicity_class: PublicityClass) -> ClassPeriod:
        return next(period for found, period in self.periods if found is publicity_class)


NDRC_ORDER_36_PERIODS = (
    (PublicityClass.MINOR, ClassPeriod(0, 3)),
    (PublicityClass.GENERAL, ClassPeriod(3, 12)),
    (PublicityClass.SERIOUS, ClassPeriod(12, 36)),
)
SERIOUS_KEYWORDS = ("吊销", "责令关闭", "限制从业", "限制开展生产经营活动", "责令停产停业")
DEFAULT_RULES = (
    ClassRule(
        PublicityClass.SERIOUS, "吊销证照、责令关闭、限制从业或责令停产停业", keywords=SERIOUS_KEYWORDS
    ),
    ClassRule(
        PublicityClass.SERIOUS,
        "罚没金额达到严重档",
        amount_yuan_at_least=Thresholds(Decimal(1_000_000), Decimal(100_000)),
    ),
    ClassRule(PublicityClass.MINOR, "仅警告或通报批评", only_types=("警告", "通报批评")),
    ClassRule(PublicityClass.MINOR, "简易程序", procedures=("简易程序",)),
)
DEFAULT_PUBLICITY = Publicity(NDRC_ORDER_36_PERIODS, DEFAULT_RULES, PublicityClass.GENERAL)

# Settings of earlier versions, and what replaced them (a clear error, never a silent ignore).
_REPLACED = {
    "penalty_default_months": "classes: <失信程度>: max_months",
    "penalty_max_months": "classes: <失信程度>: max_months",
}
_TOP_KEYS = (
    "classes", "rules", "default_class", "publish_minor", "dishonesty_default_months",
    "dishonesty_early_removal_months", "withdrawal_retention_months",
)  # fmt: skip
_RULE_KEYS = (
    "class",
    "name",
    "only_types",
    "keywords",
    "procedures",
    "amount_yuan_at_least",
    "amount_yuan_below",
)
_MONTHS_LIMIT = 1200  # a century: beyond it a period is a typo, and dates would leave the calendar


class _Reader:
    """Typed values from YAML nodes; every problem at the line of its key."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path, self.problems, self.ok = path, problems, True

    def error(self, node: yaml.Node, zh: str, en: str) -> None:
        self.ok = False
        self.problems.error(self.path, node.start_mark.line + 1, bilingual(zh, en))

    def mapping(
        self, node: yaml.Node, where: str, known: tuple[str, ...]
    ) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """(key, key node, value node) of a mapping; unknown and replaced keys are errors."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} 应为键值对", f"{where} must be a mapping")
            return []
        items = []
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in _REPLACED and where == "publicity":
                self.error(
                    key_node,
                    f"设置 {key} 已停用：公示期按失信程度设置，请改用 publicity: {_REPLACED[key]}（见 docs/publicity.md）",
                    f"{key} was replaced by publicity: {_REPLACED[key]} (see docs/publicity.md)",
                )
            elif key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"；您是否指 {close[0]}？" if close else f"；可用的设置：{'、'.join(known)}"
                self.error(
                    key_node, f"{where} 下的未知设置 {key}{hint}", f"unknown setting {key} under {where}"
                )
            else:
                items.append((key, key_node, value_node))
        return items

    def scalar(self, node: yaml.Node) -> Any:
        return yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.ScalarNode) else node

    def months(self, node: yaml.Node, key: str) -> int | None:
        value = self.scalar(node)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MONTHS_LIMIT:
            self.error(
                node,
                f"{key} 应为 0 至 {_MONTHS_LIMIT} 之间的整数（月数），实为「{_shown(value)}」",
                f"{key} must be a whole number of months, 0..{_MONTHS_LIMIT}",
            )
            return None
        return value

    def flag(self, node: yaml.Node, key: str) -> bool | None:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.error(
                node, f"{key} 应为 true 或 false，实为「{_shown(value)}」", f"{key} must be true or false"
            )
            return None
        return value

    def publicity_class(self, node: yaml.Node, key: str) -> PublicityClass | None:
        value = self.scalar(node)
        found = _CLASSES.get(value) if isinstance(value, str) else None
        if found is None:
            self.error(
                node,
                f"{key} 应为 {'、'.join(_CLASSES)} 之一，实为「{_shown(value)}」",
                f"{key} must be one of 轻微, 一般, 严重",
            )
        return found

    def words(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        # One word or a list of them; anything else (a number, a mapping) is refused below.
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        value = [self.scalar(item) for item in items]
        if not value or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(
                node, f"{key} 应为非空的文字列表，如 [警告, 通报批评]", f"{key} must be a list of words"
            )
            return ()
        return tuple(v.strip() for v in value)

    def thresholds(self, node: yaml.Node, key: str) -> Thresholds | None:
        """One amount for every party, or {organisation: …, natural_person: …}."""
        if isinstance(node, yaml.ScalarNode):
            amount = self.amount(node, key)
            return Thresholds(amount, amount) if amount is not None else None
        found = {k: self.amount(v, f"{key}: {k}") for k, _kn, v in self.mapping(node, key, _PARTIES)}
        missing = [k for k in _PARTIES if k not in found]
        if missing:
            self.error(node, f"{key} 缺少 {'、'.join(missing)}", f"{key} needs {', '.join(missing)}")
        if missing or None in found.values():
            return None
        return Thresholds(found["organisation"], found["natural_person"])  # type: ignore[arg-type]

    def amount(self, node: yaml.Node, key: str) -> Decimal | None:
        value = self.scalar(node)
        try:
            number = (
                Decimal(str(value))
                if isinstance(value, int | float) and not isinstance(value, bool)
                else None
            )
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            self.error(
                node, f"{key} 应为以元计的非负数，实为「{_shown(value)}」", f"{key} must be an amount in yuan"
            )
            return None
        return number


_PARTIES = ("organisation", "natural_person")


def _shown(value: Any) -> str:
    text = (
        value
        if isinstance(value, str)
        else type(value).__name__
        if isinstance(value, yaml.Node)
        else repr(value)
    )
    return text[:40]


def read_publicity(node: yaml.Node | None, path: Path, problems: Problems) -> Publicity | None:
    """The ``publicity:`` node (None when absent: the defaults) → Publicity, or None after errors."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return DEFAULT_PUBLICITY
    reader = _Reader(path, problems)
    values: dict[str, Any] = {}
    parse: dict[str, Callable[[yaml.Node, str], Any]] = {
        "classes": lambda n, _k: _classes(reader, n),
        "rules": lambda n, _k: _rules(reader, n),
        "default_class": reader.publicity_class,
        "publish_minor": reader.flag,
        "dishonesty_default_months": reader.months,
        "dishonesty_early_removal_months": reader.months,
        "withdrawal_retention_months": reader.months,
    }
    for key, _key_node, value_node in reader.mapping(node, "publicity", _TOP_KEYS):
        values[key] = parse[key](value_node, key)
    if not reader.ok:
        return None
    defaults = DEFAULT_PUBLICITY
    return Publicity(
        periods=values.get("classes", defaults.periods),
        rules=values.get("rules", defaults.rules),
        default_class=values.get("default_class", defaults.default_class),
        publish_minor=values.get("publish_minor", defaults.publish_minor),
        dishonesty_default_months=values.get("dishonesty_default_months", defaults.dishonesty_default_months),
        dishonesty_early_removal_months=values.get(
            "dishonesty_early_removal_months", defaults.dishonesty_early_removal_months
        ),
        withdrawal_retention_months=values.get(
            "withdrawal_retention_months", defaults.withdrawal_retention_months
        ),
    )


def _classes(reader: _Reader, node: yaml.Node) -> tuple[tuple[PublicityClass, ClassPeriod], ...]:
    """classes: {轻微: {min_months, max_months}, …}; a class left out keeps its default period."""
    periods = dict(DEFAULT_PUBLICITY.periods)
    for name, key_node, value_node in reader.mapping(node, "classes", tuple(_CLASSES)):
        found = _CLASSES[name]
        months = {
            k: reader.months(v, f"{name}: {k}")
            for k, _kn, v in reader.mapping(value_node, f"classes: {name}", ("min_months", "max_months"))
        }
        low = months.get("min_months", periods[found].min_months)
        high = months.get("max_months", periods[found].max_months)
        if low is not None and high is not None:
            if low > high:
                reader.error(
                    key_node,
                    f"{name} 的最短公示期 {low} 个月长于最长公示期 {high} 个月",
                    f"{name}: min_months is greater than max_months",
                )
            periods[found] = ClassPeriod(low, high)
    return tuple((c, periods[c]) for c in PublicityClass)


def _rules(reader: _Reader, node: yaml.Node) -> tuple[ClassRule, ...]:
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "rules 应为列表（每条规则以 - 开头）", "rules must be a list")
        return ()
    rules: list[ClassRule] = []
    names = {"declared", "default"}  # the build summary's other two bases
    for number, item in enumerate(node.value, 1):
        rule = _rule(reader, item, number)
        if rule is not None and rule.name in names:
            reader.error(
                item,
                f"rules 第 {number} 条的名称「{rule.name}」重复或为保留字，请另取一个名称",
                f"rule {number}: the name is used twice or reserved",
            )
        elif rule is not None:
            names.add(rule.name)
            rules.append(rule)
    return tuple(rules)


def _rule(reader: _Reader, node: yaml.Node, number: int) -> ClassRule | None:
    values: dict[str, Any] = {}
    for key, _key_node, value_node in reader.mapping(node, f"rules 第 {number} 条", _RULE_KEYS):
        if key == "class":
            values[key] = reader.publicity_class(value_node, key)
        elif key == "name":
            values[key] = str(reader.scalar(value_node))
        elif key.startswith("amount"):
            values[key] = reader.thresholds(value_node, key)
        else:
            values[key] = reader.words(value_node, key)
    if "class" not in values:
        reader.error(
            node, f"rules 第 {number} 条缺少 class（轻微、一般或严重）", f"rule {number} needs a class"
        )
        return None
    criteria = set(values) - {"class", "name"}
    if not criteria:
        reader.error(
            node,
            f"rules 第 {number} 条没有任何条件（only_types、keywords、procedures、amount_yuan_at_least、amount_yuan_below）",
            f"rule {number} has no criterion",
        )
        return None
    if values["class"] is None:
        return None
    return ClassRule(
        publicity_class=values["class"],
        name=values.get("name") or f"规则 {number}",
        only_types=values.get("only_types", ()),
        keywords=values.get("keywords", ()),
        procedures=values.get("procedures", ()),
        amount_yuan_at_least=values.get("amount_yuan_at_least"),
        amount_yuan_below=values.get("amount_yuan_below"),
    )
