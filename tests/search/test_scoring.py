"""Quantised weights: the same order as Whoosh's scores wherever they differ by more than a level."""

from __future__ import annotations

from itertools import pairwise

from search.scoring import LEVELS, Q_MIN, Q_STEP, level


def test_levels_are_increasing_integers():
    assert all(isinstance(v, int) for v in LEVELS)
    assert all(a < b for a, b in pairwise(LEVELS))
    assert len(LEVELS) == 256


def test_a_weight_gets_its_nearest_level():
    for i in (0, 1, 17, 128, 254, 255):
        weight = Q_MIN * Q_STEP**i
        assert level(weight) == i
        assert level(weight * Q_STEP**0.49) == i
        assert level(weight / Q_STEP**0.49) == i


def test_quantising_keeps_the_order_of_weights():
    weights = [0.01, 0.08, 0.3, 1.0, 2.5, 7.0, 20.0, 95.0, 400.0, 5000.0]
    quantised = [level(w) for w in weights]
    assert quantised == sorted(quantised)
    assert level(0.0) == 0 and level(1e9) == 255
    assert len(set(quantised[1:-1])) == len(weights) - 2  # distinct weights stay distinct
