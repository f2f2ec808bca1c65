"""Test helpers for kepatuhan and for code built on it: hypothesis strategies.

Needs the optional ``test`` extra (``pip install kepatuhan[test]``) for hypothesis; the
rest of the package never imports this module. See :mod:`kepatuhan.testing.strategies`.
"""

from __future__ import annotations

from .strategies import (
    best_value,
    rounds,
    rubric_and_round,
    rubrics,
    scale_steps,
    scale_values,
    scales,
    sibling_weights,
    worst_value,
    zoning_rules,
)

__all__ = [
    "best_value",
    "rounds",
    "rubric_and_round",
    "rubrics",
    "scale_steps",
    "scale_values",
    "scales",
    "sibling_weights",
    "worst_value",
    "zoning_rules",
]
