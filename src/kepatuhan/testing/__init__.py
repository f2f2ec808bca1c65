"""Test helpers for kepatuhan and for code built on it.

* The conformance suite for rubric plugins — :func:`check_rubric`, :func:`check_registered`,
  :class:`ConformanceError` (see :mod:`kepatuhan.testing.conformance`) — needs only the
  library itself.
* Hypothesis strategies (:mod:`kepatuhan.testing.strategies`) need the optional ``test``
  extra (``pip install kepatuhan[test]``); they are imported on first use, so this package
  imports without hypothesis.
* A pytest plugin (:mod:`kepatuhan.testing.pytest_plugin`) that turns the conformance suite
  into test items for the rubrics of the plugins a project names in its configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .conformance import (
    CROSSWALK_PROPERTIES,
    PROPERTIES,
    ConformanceError,
    check_crosswalk,
    check_registered,
    check_rubric,
)

if TYPE_CHECKING:
    from .strategies import (
        best_value,
        crosswalk_pairs,
        plan_requests,
        round_changes,
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
    "CROSSWALK_PROPERTIES",
    "PROPERTIES",
    "ConformanceError",
    "best_value",
    "check_crosswalk",
    "check_registered",
    "check_rubric",
    "crosswalk_pairs",
    "plan_requests",
    "round_changes",
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

# The names of __all__ not defined above live in .strategies (imported on first use).
_STRATEGIES = frozenset(__all__) - set(globals())


def __getattr__(name: str) -> Any:
    """Import the hypothesis strategies on first use (PEP 562)."""
    if name in _STRATEGIES:
        from . import strategies

        return getattr(strategies, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
