"""Checks of a round against its rubric, vectorised: detect on aggregates, locate on failure.

Each check first asks a cheap question of the whole round (are the keys in order, does any
(indicator, role) pair disagree, does any cell fall outside its unit type); only when the
answer is yes does it go back to the rows to name every offending one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._rows import row_problems
from .codes import Suggester, grouped_unknown, rows_by_value
from .compile import UNIT_TYPE_CODES, CompiledRubric
from .errors import Problem
from .responses import STATUS_CODES, ResponseTable
from .round import Round
from .rubric import Rubric
from .scales import STEP_TOLERANCE
from .vocab import RespondentRole, ResponseStatus

__all__ = [
    "Figures",
    "Rows",
    "dimension_inputs",
    "figure_missing_problems",
    "location_key",
    "missing_problems",
    "node_applies",
    "response_problems",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NOT_APPLICABLE = STATUS_CODES[ResponseStatus.NOT_APPLICABLE]
_ROLES = [r.value for r in RespondentRole]
_UNIT_TYPES = [t.value for t in UNIT_TYPE_CODES]
# A published contribution is rounded to 2 decimals, so it may exceed weight × 100 by 0.005.
_CONTRIBUTION_SLACK = 0.005 + 1e-9
_BINCOUNT_LIMIT = 50_000_000


@dataclass(frozen=True)
class Rows:
    """Each response located in the round and the rubric."""

    unit: IntArray  # unit position
    indicator: IntArray  # indicator position, -1 if unknown
    unit_type: IntArray  # UNIT_TYPE_CODES of each unit (per unit, not per row)
    cell: IntArray  # unit · n_indicators + indicator (0 where the indicator is unknown)
    all_answered: bool  # every response has a value (no tidak_berlaku / belum_dinilai)


def response_problems(
    rub: Rubric, c: CompiledRubric, table: ResponseTable, rows: Rows
) -> list[Problem]:
    """Every response that does not fit the rubric, located by row."""
    problems: list[Problem] = []
    unknown = rows.indicator < 0
    any_unknown = bool(unknown.any())
    if any_unknown:  # one problem per unknown indicator id, with its rows and a likely id
        groups = rows_by_value(table.indicator, unknown)
        occurrences = {table.indicator_codes[table.indicator[g[0]]]: g for g in groups}
        found = grouped_unknown(
            occurrences,
            "unknown_indicator",
            lambda r: (f"responses[{r}].indicator", r),
            c.indicator_ids,
            extra={"rubric": rub.id},
            summary=("responses", None),
        )
        problems += [p for _, p in found]
    ind = np.where(unknown, 0, rows.indicator) if any_unknown else rows.indicator
    problems += _scale_problems(rub, c, table, rows, ind, unknown if any_unknown else None)
    known = ~unknown if any_unknown else None
    problems += _role_problems(c, table, ind, known)
    problems += _unit_type_problems(c, table, rows, ind, known)
    problems += _duplicate_answers(c, table, rows, ind, known)
    return problems


def _scale_problems(
    rub: Rubric,
    c: CompiledRubric,
    table: ResponseTable,
    rows: Rows,
    ind: IntArray,
    unknown: BoolArray | None,
) -> list[Problem]:
    # Values of unanswered rows are NaN, and NaN fails every comparison: no status mask needed.
    value = table.value
    if c.uniform_scale is not None and unknown is None:
        lo, hi, step = c.uniform_scale
        # Cheap whole-column questions first; rows are only located if one fails.
        if rows.all_answered:
            if value.size == 0:
                return []
            inside = lo <= value.min() and value.max() <= hi
        else:
            if np.isnan(value).all():
                return []
            inside = lo <= np.nanmin(value) and np.nanmax(value) <= hi
        if inside and step != step:  # continuous scale (step NaN)
            return []
        if inside and step == 1.0 and float(lo).is_integer():
            # Within the bounds, a value is whole iff it survives a cast to a small integer
            # type: a narrow temporary instead of a full float copy (NaN casts to anything
            # and is caught by the NaN test below).
            small = np.min_scalar_type(-max(abs(int(lo)), abs(int(hi))) - 1)
            with np.errstate(invalid="ignore"):
                whole = value.astype(small) == value
            if bool(whole.all()) or (
                not rows.all_answered and bool((whole | np.isnan(value)).all())
            ):
                return []  # every answer is a whole number within the bounds
    lo_a, hi_a, step_a = c.scale_min[ind], c.scale_max[ind], c.scale_step[ind]
    out = (value < lo_a) | (value > hi_a)
    with np.errstate(invalid="ignore"):
        k = (value - lo_a) / np.where(np.isnan(step_a), 1.0, step_a)
        off = ~np.isnan(step_a) & (np.abs(k - np.rint(k)) > STEP_TOLERANCE) & ~out
    if unknown is not None:
        out &= ~unknown
        off &= ~unknown
    if not (out.any() or off.any()):
        return []

    def params(r: int) -> dict[str, object]:
        indicator = rub.indicators()[ind[r]]
        return {"value": _num(value[r]), "indicator": indicator.id, "scale": str(indicator.scale)}

    return row_problems(out, "out_of_scale", "value", params) + row_problems(
        off, "off_step", "value", params
    )


def _role_problems(
    c: CompiledRubric, table: ResponseTable, ind: IntArray, known: BoolArray | None
) -> list[Problem]:
    role = table.role
    expected = c.role[ind]
    if known is None and int(role.min(initial=0)) >= 0:
        if not bool((role != expected).any()):
            return []
        mismatch = role != expected
    else:
        mismatch = (role >= 0) & (role != expected)
        if known is not None:
            mismatch &= known
    return row_problems(
        mismatch,
        "role_mismatch",
        "role",
        lambda r: {
            "role": _ROLES[role[r]],
            "indicator": c.indicator_ids[ind[r]],
            "expected": _ROLES[c.role[ind[r]]],
        },
    )


def _unit_type_problems(
    c: CompiledRubric, table: ResponseTable, rows: Rows, ind: IntArray, known: BoolArray | None
) -> list[Problem]:
    if c.applies.all():
        return []
    not_na = table.status != NOT_APPLICABLE
    counted = not_na if known is None else not_na & known
    n_units = rows.unit_type.size
    counts = np.bincount(rows.cell[counted], minlength=n_units * c.n_indicators)
    outside = ~c.applies[:, rows.unit_type].T
    if not (counts.reshape(n_units, c.n_indicators)[outside] > 0).any():
        return []
    bad = counted & ~c.applies[ind, rows.unit_type[rows.unit]]
    return row_problems(
        bad,
        "not_applicable_unit_type",
        "indicator",
        lambda r: {
            "indicator": c.indicator_ids[ind[r]],
            "unit_type": _UNIT_TYPES[rows.unit_type[rows.unit[r]]],
            "unit": table.unit_codes[table.unit[r]],
        },
    )


def _duplicate_answers(
    c: CompiledRubric, table: ResponseTable, rows: Rows, ind: IntArray, known: BoolArray | None
) -> list[Problem]:
    respondent = table.respondent
    n_resp = max(len(table.respondent_codes), 1)
    if known is None and int(respondent.min(initial=0)) >= 0:
        if _strictly_increasing(rows.cell, respondent):
            return []  # ordered by (cell, respondent): no pair twice (the common case)
        named = np.ones(respondent.size, dtype=bool)
        key = rows.cell * n_resp
        key += respondent
    else:
        named = respondent >= 0
        if known is not None:
            named &= known
        if not named.any():
            return []
        key = rows.cell[named] * n_resp
        key += respondent[named]
    if key.size < 2 or bool(np.all(key[1:] > key[:-1])):
        return []  # strictly increasing: no key twice (the common, ordered case)
    space = int(key.max()) + 1
    if space <= _BINCOUNT_LIMIT:
        if int(np.bincount(key, minlength=space).max()) <= 1:
            return []
        order = np.argsort(key, kind="stable")
    else:
        order = np.argsort(key, kind="stable")
        if not bool(np.any(key[order][1:] == key[order][:-1])):
            return []
    # Report the second and later occurrences of a key; the first stands.
    sorted_key = key[order]
    later = np.r_[False, sorted_key[1:] == sorted_key[:-1]]
    mask = np.zeros(table.value.size, dtype=bool)
    mask[np.flatnonzero(named)[order[later]]] = True
    return row_problems(
        mask,
        "duplicate_answer",
        "respondent",
        lambda r: {
            "respondent": table.respondent_codes[table.respondent[r]],
            "indicator": c.indicator_ids[ind[r]],
            "unit": table.unit_codes[table.unit[r]],
        },
    )


def _strictly_increasing(cell: IntArray, respondent: IntArray) -> bool:
    """Whether the (cell, respondent) pairs strictly increase row by row, asked with
    one-byte temporaries only (a combined int64 key would be as large as the column)."""
    if cell.size < 2:
        return True
    c0, c1, r0, r1 = cell[:-1], cell[1:], respondent[:-1], respondent[1:]
    ahead = c1 > c0
    ahead |= (c1 == c0) & (r1 > r0)
    return bool(ahead.all())


@dataclass(frozen=True)
class Figures:
    """Units scored from published rapor figures (:class:`~kepatuhan.DimensionScore`).

    ``scores`` holds each figure as a 0–100 score at its node (NaN where none was given);
    ``missing`` marks, per unit, the largest applicable nodes that no figure covers (the
    missing-data policy decides what they count); rows follow ``units``.
    """

    units: IntArray
    scores: FloatArray  # (figure units × nodes)
    missing: BoolArray  # (figure units × nodes)

    @classmethod
    def none(cls, n_nodes: int) -> Figures:
        return cls(
            units=np.zeros(0, dtype=np.int64),
            scores=np.zeros((0, n_nodes)),
            missing=np.zeros((0, n_nodes), dtype=bool),
        )


def node_applies(c: CompiledRubric) -> BoolArray:
    """(nodes × unit types): a node applies to a unit type when any indicator under it does."""
    applies = np.zeros((c.n_nodes, c.applies.shape[1]), dtype=bool)
    applies[c.indicator_node] = c.applies
    for level in c.levels:  # deepest first: a parent after all of its children
        applies[level.parents] = np.logical_or.reduceat(
            applies[level.children], level.starts, axis=0
        )
    return applies


def dimension_inputs(
    rub: Rubric,
    c: CompiledRubric,
    round_: Round,
    unit_pos: dict[str, int],
    row_unit: IntArray,
    unit_type: IntArray,
) -> tuple[Figures, list[Problem]]:
    """Units scored from published figures at any group of the tree, their 0–100 scores and
    missing parts, and every problem: a node that is not a group, a value out of range, a
    unit given a group and a node inside it, a unit with answers too."""
    problems: list[Problem] = []
    if not round_.dimension_scores:
        return Figures.none(c.n_nodes), problems
    node_pos = {nid: k for k, nid in reversed(list(enumerate(c.node_ids)))}
    # Any group, and any dimension (a rubric's top-level indicator counts as one).
    allowed = c.is_group.copy()
    allowed[c.dimensions] = True
    suggest = Suggester([nid for k, nid in enumerate(c.node_ids) if allowed[k]])
    low, high = float(rub.zoning.minimum), float(rub.zoning.maximum)
    units = sorted({unit_pos[d.unit] for d in round_.dimension_scores})
    row_of = {u: r for r, u in enumerate(units)}
    scores = np.full((len(units), c.n_nodes), np.nan)
    given_at: dict[tuple[int, int], int] = {}  # (unit row, node) → index of the figure
    with_answers = set(np.flatnonzero(np.bincount(row_unit, minlength=len(round_.units))).tolist())
    for i, ds in enumerate(round_.dimension_scores):
        where = f"dimension_scores[{i}]"
        node = node_pos.get(ds.dimension)
        if node is None or not allowed[node]:
            params: dict[str, object] = {"code": ds.dimension, "rubric": rub.id}
            if node is not None:
                problems.append(Problem(f"{where}.dimension", "figure_not_group", params))
                continue
            if (suggestion := suggest(ds.dimension)) is not None:
                params["suggestion"] = suggestion
            problems.append(Problem(f"{where}.dimension", "unknown_node", params))
            continue
        if ds.form == "percentage":
            maximum, scale = 100.0, "0–100"
        else:
            maximum = float(c.full_share[node]) * (high - low)
            scale = f"0–{maximum:g}"
        if ds.value < 0 or (ds.form == "percentage" and ds.value > 100.0):
            params = {"value": _num(ds.value), "scale": scale, "dimension": ds.dimension}
            problems.append(Problem(f"{where}.value", "dimension_out_of_range", params))
            continue
        if ds.form == "contribution" and ds.value > maximum + _CONTRIBUTION_SLACK:
            params = {
                "value": _num(ds.value),
                "dimension": ds.dimension,
                "maximum": round(maximum, 6),
            }
            problems.append(Problem(f"{where}.value", "contribution_too_large", params))
            continue
        pct = ds.value if ds.form == "percentage" else min(ds.value / maximum * 100.0, 100.0)
        row = row_of[unit_pos[ds.unit]]
        scores[row, node] = pct
        given_at[row, node] = i
    problems += _overlaps(c, round_, units, given_at)
    for u in units:
        if u in with_answers:
            problems.append(
                Problem(f"units[{u}]", "mixed_input_levels", {"unit": round_.units[u].code})
            )
    missing = _uncovered(c, scores, node_applies(c)[:, unit_type[units]].T)
    return Figures(np.array(units, dtype=np.int64), scores, missing), problems


def _overlaps(
    c: CompiledRubric, round_: Round, units: list[int], given_at: dict[tuple[int, int], int]
) -> list[Problem]:
    """A figure for a node inside a group that has a figure of the same unit too."""
    problems = []
    for (row, node), i in given_at.items():
        up = int(c.parent[node])
        while up >= 0:
            if (row, up) in given_at:
                params = {
                    "unit": round_.units[units[row]].code,
                    "group": c.node_ids[up],
                    "node": c.node_ids[node],
                    "other": f"dimension_scores[{given_at[row, up]}]",
                }
                problems.append(
                    Problem(f"dimension_scores[{i}].dimension", "figure_overlap", params)
                )
                break
            up = int(c.parent[up])
    return problems


def _uncovered(c: CompiledRubric, scores: FloatArray, applies: BoolArray) -> BoolArray:
    """(figure units × nodes): the largest applicable nodes that no figure covers — with no
    figure at them, above them or below them."""
    given = ~np.isnan(scores)
    below = given.copy()  # a figure at the node or under it
    for level in c.levels:
        below[:, level.parents] |= np.logical_or.reduceat(
            below[:, level.children], level.starts, axis=1
        )
    covered = given.copy()  # a figure at the node or above it
    for k in np.flatnonzero(c.parent >= 0).tolist():  # pre-order: parents first
        covered[:, k] |= covered[:, int(c.parent[k])]
    free = applies & ~below & ~covered  # nothing given in, at or above it
    parent_free = np.zeros_like(free)
    inner = c.parent >= 0
    parent_free[:, inner] = free[:, c.parent[inner]]
    return free & ~parent_free


def figure_missing_problems(round_: Round, c: CompiledRubric, figures: Figures) -> list[Problem]:
    """One problem per unit given as rapor figures with a part that no figure covers."""
    problems = []
    for row in np.flatnonzero(figures.missing.any(axis=1)).tolist():
        u = int(figures.units[row])
        ids = [c.node_ids[k] for k in np.flatnonzero(figures.missing[row]).tolist()]
        params = {"count": len(ids), "unit": round_.units[u].code, "nodes": ", ".join(ids)}
        problems.append(Problem(f"units[{u}]", "missing_figures", params))
    return problems


def missing_problems(round_: Round, c: CompiledRubric, missing: BoolArray) -> list[Problem]:
    problems = []
    for u in np.flatnonzero(missing.any(axis=1)):
        ids = [c.indicator_ids[k] for k in np.flatnonzero(missing[u])]
        problems.append(
            Problem(
                f"units[{u}]",
                "missing_data",
                {"count": len(ids), "unit": round_.units[u].code, "indicators": ", ".join(ids)},
            )
        )
    return problems


def location_key(problem: Problem) -> tuple[tuple[int, int | str], ...]:
    """Order problems as the input is ordered: ``responses[2]`` before ``responses[10]``."""
    parts = re.split(r"[\[\].]+", problem.location)
    key = tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
    return (*key, (2, ""))  # a summary ("responses") comes after its rows


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)
