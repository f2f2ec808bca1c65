"""Named strategies a rubric selects: how respondents reduce and how units roll up to entities.

Year differences are data or a strategy name, never ``if year == …`` in the pipeline.
Each strategy is vectorised over all groups at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
import numpy.typing as npt

from .errors import PluginError

__all__ = [
    "BUILTIN_OWNER",
    "ENTITY_ROLLUPS",
    "RESPONDENT_REDUCTIONS",
    "EntityRollup",
    "Reduction",
    "Strategy",
    "StrategyKind",
    "mean_reduction",
    "register_strategy",
    "strategy_owner",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Reduction = Callable[[IntArray, FloatArray, int], FloatArray]
"""``(group, value, n_groups) -> reduced`` — reduce normalised answers per group; NaN if empty."""

EntityRollup = Callable[
    [IntArray, IntArray, npt.NDArray[np.bool_], int], tuple[IntArray, npt.NDArray[np.bool_]]
]
"""``(entity, unit_score_scaled, unit_has_score, n_entities) -> (scaled, has_score)``.

Unit scores arrive already rounded to the published precision, as integers in units of
10**-precision; the roll-up returns entity scores in the same units, rounded half-up.
"""


def mean_reduction(group: IntArray, value: FloatArray, n: int) -> FloatArray:
    """The built-in ``mean``: the arithmetic mean per group (the pipeline recognises it and
    reuses the answer counts its checks already made)."""
    total = np.bincount(group, weights=value, minlength=n)
    count = np.bincount(group, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _sorted_reduce(
    kind: str,
) -> Reduction:
    def reduce(group: IntArray, value: FloatArray, n: int) -> FloatArray:
        out = np.full(n, np.nan)
        if group.size == 0:
            return out
        order = np.lexsort((value, group))
        g, v = group[order], value[order]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        ends = np.r_[starts[1:], g.size]
        if kind == "min":
            out[g[starts]] = v[starts]
        elif kind == "max":
            out[g[starts]] = v[ends - 1]
        else:  # median: mean of the middle one or two values
            lo = starts + (ends - starts - 1) // 2
            hi = starts + (ends - starts) // 2
            out[g[starts]] = (v[lo] + v[hi]) / 2.0
        return out

    return reduce


_REDUCTIONS: dict[str, Reduction] = {
    "mean": mean_reduction,
    "median": _sorted_reduce("median"),
    "min": _sorted_reduce("min"),
    "max": _sorted_reduce("max"),
}
RESPONDENT_REDUCTIONS: Mapping[str, Reduction] = MappingProxyType(_REDUCTIONS)
"""Respondent reductions by name: the built-in ones and those plugins registered (live)."""


def _mean_of_units(
    entity: IntArray, scaled: IntArray, has: npt.NDArray[np.bool_], n: int
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Plain mean of the units' published (rounded) scores, rounded half-up.

    Integer arithmetic keeps it exact: half-up of total / count = ⌊(2·total + count) / (2·count)⌋.
    """
    total = np.bincount(entity[has], weights=scaled[has], minlength=n).astype(np.int64)
    count = np.bincount(entity[has], minlength=n).astype(np.int64)
    safe = np.maximum(count, 1)
    mean = (2 * total + safe) // (2 * safe)
    return mean, count > 0


_ROLLUPS: dict[str, EntityRollup] = {"mean_of_units": _mean_of_units}
ENTITY_ROLLUPS: Mapping[str, EntityRollup] = MappingProxyType(_ROLLUPS)
"""Entity roll-ups by name: the built-in ones and those plugins registered (live)."""

# Plugins' strategies -------------------------------------------------------------------------

StrategyKind = Literal["respondent_reduction", "entity_rollup"]
BUILTIN_OWNER = "kepatuhan"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TABLES: dict[str, dict[str, Reduction] | dict[str, EntityRollup]] = {
    "respondent_reduction": _REDUCTIONS,
    "entity_rollup": _ROLLUPS,
}
_OWNERS: dict[tuple[str, str], str] = {
    (kind, name): BUILTIN_OWNER for kind, table in _TABLES.items() for name in table
}


@dataclass(frozen=True)
class Strategy:
    """A named strategy a plugin provides through the ``kepatuhan_strategies`` hook.

    ``function`` follows :data:`Reduction` (kind ``respondent_reduction``) or
    :data:`EntityRollup` (kind ``entity_rollup``); a rubric selects it by ``name``.
    """

    kind: StrategyKind
    name: str
    function: Reduction | EntityRollup
    description: str = ""


def register_strategy(strategy: Strategy, owner: str) -> None:
    """Make ``strategy`` selectable by name in every rubric, process-wide.

    Registering the same function again is a no-op; another function under a name already
    taken raises :class:`~kepatuhan.PluginError` naming both owners.
    """
    table = _TABLES.get(strategy.kind)
    if table is None:
        raise PluginError(f"unknown strategy kind {strategy.kind!r} (known: {', '.join(_TABLES)})")
    if not _NAME.match(strategy.name):
        raise PluginError(
            f"strategy name {strategy.name!r} must be lower-case letters, digits and '_'"
        )
    if not callable(strategy.function):
        raise PluginError(f"strategy {strategy.name!r} has no callable function")
    existing = table.get(strategy.name)
    if existing is strategy.function:
        return
    if existing is not None:
        first = _OWNERS[strategy.kind, strategy.name]
        raise PluginError(
            f"{strategy.kind} strategy {strategy.name!r} is already registered by {first!r}"
        )
    table[strategy.name] = strategy.function  # type: ignore[assignment]
    _OWNERS[strategy.kind, strategy.name] = owner


def strategy_owner(kind: StrategyKind, name: str) -> str:
    """Who registered a strategy (``kepatuhan`` for the built-in ones); KeyError if none."""
    return _OWNERS[kind, name]
