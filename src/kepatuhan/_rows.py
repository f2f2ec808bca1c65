"""Problems found by vectorised row checks: one per offending row, up to a limit, then a count."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

from .errors import Problem

__all__ = ["ROW_LIMIT", "row_problems"]

ROW_LIMIT = 200


def row_problems(
    mask: npt.NDArray[np.bool_],
    code: str,
    field: str,
    params: Callable[[int], Mapping[str, object]],
    root: str = "responses",
    limit: int = ROW_LIMIT,
) -> list[Problem]:
    """``root[row].field: message`` for the first ``limit`` rows, then one summary problem."""
    rows = np.flatnonzero(mask)
    problems = [Problem(f"{root}[{row}].{field}", code, params(int(row))) for row in rows[:limit]]
    if rows.size > limit:
        problems.append(Problem(root, "more_problems", {"count": rows.size - limit, "code": code}))
    return problems
