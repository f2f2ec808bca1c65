"""Named strategies a rubric selects: how respondents reduce and how units roll up to entities.

Year differences are data or a strategy name, never ``if year == …`` in the pipeline.
Each strategy is vectorised over all groups at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

__all__ = ["ENTITY_ROLLUPS", "RESPONDENT_REDUCTIONS", "EntityRollup", "Reduction"]

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


def _mean(group: IntArray, value: FloatArray, n: int) -> FloatArray:
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


RESPONDENT_REDUCTIONS: Mapping[str, Reduction] = MappingProxyType(
    {
        "mean": _mean,
        "median": _sorted_reduce("median"),
        "min": _sorted_reduce("min"),
        "max": _sorted_reduce("max"),
    }
)


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


ENTITY_ROLLUPS: Mapping[str, EntityRollup] = MappingProxyType({"mean_of_units": _mean_of_units})
