"""A penalty's publicity class (轻微 / 一般 / 严重, NDRC Order 36) and the periods it gives.

The register's 失信程度 is the deciding authority's own classification and wins
in both directions. Otherwise the site's derivation rules (settings, see
:mod:`ipcredit.publicity`) are tried in order and the first that matches gives
the class; when none does, the default class. No rule is written here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ipcredit.publicity import ClassRule, Publicity, Thresholds
from ipcredit.records import PartyType, Penalty, PublicityClass
from ipcredit.rules.periods import add_months

DECLARED = "declared"  # the basis of a class taken from 失信程度
DEFAULT = "default"  # the basis of a class no rule matched
# The national category name 暂扣或者吊销许可证、暂扣或者吊销执照 says "suspend OR revoke":
# it alone does not mean a revocation, so texts are cut at the phrase before looking for 吊销.
_EITHER_OR = re.compile("暂扣或者?吊销")
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Classified:
    publicity_class: PublicityClass
    basis: str  # DECLARED, DEFAULT or the name of the rule that matched


@dataclass(frozen=True)
class Window:
    """The dates one penalty's class gives it."""

    publicity_class: PublicityClass
    basis: str
    end: date  # last day shown: 公示截止期 when given, capped at decision date + class maximum
    cap: date  # decision date + class maximum
    repair_from: date  # decision date + class minimum: credit repair may be applied for from here


def classify(penalty: Penalty, publicity: Publicity) -> Classified:
    if penalty.declared_class is not None:
        return Classified(penalty.declared_class, DECLARED)
    for rule in publicity.rules:
        if matches(rule, penalty):
            return Classified(rule.publicity_class, rule.name)
    return Classified(publicity.default_class, DEFAULT)


def window(penalty: Penalty, publicity: Publicity) -> Window:
    found = classify(penalty, publicity)
    period = publicity.period(found.publicity_class)
    cap = add_months(penalty.decision_date, period.max_months)
    end = min(penalty.publicity_end, cap) if penalty.publicity_end else cap
    return Window(
        found.publicity_class, found.basis, end, cap, add_months(penalty.decision_date, period.min_months)
    )


def matches(rule: ClassRule, penalty: Penalty) -> bool:
    """Every criterion the rule gives holds for the penalty (each computed only when asked for)."""
    if rule.only_types and not (
        penalty.penalty_categories and all(c in rule.only_types for c in penalty.penalty_categories)
    ):
        return False
    if rule.keywords and not any(k in piece for piece in _keyword_texts(penalty) for k in rule.keywords):
        return False
    if rule.procedures and not _by_procedure(rule.procedures, penalty):
        return False
    if rule.amount_yuan_at_least is None and rule.amount_yuan_below is None:
        return True
    amount = (penalty.fine_yuan or _ZERO) + (penalty.confiscated_yuan or _ZERO)
    if rule.amount_yuan_at_least and amount < _threshold(rule.amount_yuan_at_least, penalty):
        return False
    return not (rule.amount_yuan_below and amount >= _threshold(rule.amount_yuan_below, penalty))


def _keyword_texts(penalty: Penalty) -> list[str]:
    """处罚类别, 处罚内容 and 暂扣或吊销证照名称及编号, each cut where 暂扣或(者)吊销 stood: a keyword
    is looked for within one field, never across two or across the dropped phrase."""
    fields = (*penalty.penalty_categories, penalty.content, penalty.licence_action)
    return [piece for field in fields if field for piece in _EITHER_OR.split(field)]


def _by_procedure(procedures: tuple[str, ...], penalty: Penalty) -> bool:
    if penalty.procedure in procedures:
        return True
    return any(p in text for text in (*penalty.penalty_categories, penalty.content) for p in procedures)


def _threshold(thresholds: Thresholds, penalty: Penalty) -> Decimal:
    """Natural persons have their own threshold; individual businesses count as organisations."""
    if penalty.party_type is PartyType.PERSON:
        return thresholds.natural_person
    return thresholds.organisation


def class_tally(penalties: Iterable[Penalty], publicity: Publicity) -> tuple[tuple[str, str, int], ...]:
    """(basis, class, count) over ``penalties``, for the build summary: how many classes were
    declared in 失信程度 and how many each derivation rule (or the default) gave."""
    found = (classify(p, publicity) for p in penalties)
    return ordered_tally(Counter((f.basis, f.publicity_class.value) for f in found), publicity)


def ordered_tally(counts: Counter[tuple[str, str]], publicity: Publicity) -> tuple[tuple[str, str, int], ...]:
    """(basis, class) counts as rows: declared first, then the rules in their order, then the default."""
    # Rule names are unique and never DECLARED or DEFAULT (settings refuse them), so every basis is here.
    bases = (DECLARED, *(rule.name for rule in publicity.rules), DEFAULT)
    order = {basis: i for i, basis in enumerate(bases)}
    rows = sorted(counts.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
    return tuple((basis, cls, n) for (basis, cls), n in rows)
