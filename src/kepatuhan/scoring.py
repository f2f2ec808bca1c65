"""The scoring pipeline: validate → normalise → reduce respondents → aggregate → round → zone.

Everything is vectorised over responses and units; Python loops run only over rubric
levels, strategies and problems found.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from ._rows import row_problems
from .compile import UNIT_TYPE_CODES, CompiledRubric
from .errors import IncompleteDataError, InvalidRoundError, Problem
from .registry import get_rubric
from .responses import ANSWERED, STATUS_CODES, ResponseTable
from .results import RoundColumns, RoundResult
from .round import Round
from .rounding import to_scaled_int
from .rubric import MissingPolicy, Rubric
from .strategies import ENTITY_ROLLUPS, RESPONDENT_REDUCTIONS
from .vocab import InputLevel, ResponseStatus

__all__ = ["score"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NOT_APPLICABLE = STATUS_CODES[ResponseStatus.NOT_APPLICABLE]
# A published contribution is rounded to 2 decimals, so it may exceed weight × 100 by 0.005.
_CONTRIBUTION_SLACK = 0.005 + 1e-9


def score(
    round_: Round,
    rubric: Rubric | str | None = None,
    *,
    missing: MissingPolicy | None = None,
) -> RoundResult:
    """Score a round with its rubric (or ``rubric``, given as an object or an id).

    ``missing`` overrides the rubric's missing-data policy. Raises
    :class:`~kepatuhan.InvalidRoundError` listing every problem if the round does not fit
    the rubric, and :class:`~kepatuhan.IncompleteDataError` under the ``strict`` policy.
    """
    if rubric is None:
        rubric = round_.rubric
    rub = get_rubric(rubric) if isinstance(rubric, str) else rubric
    policy: MissingPolicy = missing or rub.missing_policy
    c = rub.compiled
    n_units, n_ind = len(round_.units), c.n_indicators

    unit_type = np.array([UNIT_TYPE_CODES[u.unit_type] for u in round_.units], dtype=np.int64)
    table = round_.responses
    unit_pos = {u.code: i for i, u in enumerate(round_.units)}
    row_unit = (
        np.array([unit_pos.get(code, -1) for code in table.unit_codes], dtype=np.int64)[table.unit]
        if len(table)
        else np.zeros(0, dtype=np.int64)
    )
    cat_ind = np.array(
        [c.indicator_index.get(code, -1) for code in table.indicator_codes], dtype=np.int64
    )
    row_ind = cat_ind[table.indicator] if len(table) else np.zeros(0, dtype=np.int64)

    problems = _response_problems(rub, c, table, row_unit, row_ind, unit_type)
    dim_units, dim_scores, dim_problems = _dimension_inputs(rub, c, round_, unit_pos, row_unit)
    problems += dim_problems
    if problems:
        raise InvalidRoundError(sorted(problems, key=_location_key))

    # Normalise and reduce respondents per (unit, indicator) ---------------------------------
    answered = table.status == ANSWERED
    cell = row_unit * n_ind + row_ind
    n_cells = n_units * n_ind
    leaf_flat = np.full(n_cells, np.nan)
    a_cell = cell[answered]
    a_ind = row_ind[answered]
    a_norm = c.normalise(a_ind, table.value[answered])
    for name in sorted(set(c.reduction)):
        uses = np.array([r == name for r in c.reduction], dtype=bool)
        rows = uses[a_ind]
        reduced = RESPONDENT_REDUCTIONS[name](a_cell[rows], a_norm[rows], n_cells)
        leaf_flat = np.where(np.isnan(leaf_flat), reduced, leaf_flat)
    assessed = (np.bincount(a_cell, minlength=n_cells) > 0).reshape(n_units, n_ind)
    marked_na = (np.bincount(cell[table.status == NOT_APPLICABLE], minlength=n_cells) > 0).reshape(
        n_units, n_ind
    )
    applicable = c.applies[:, unit_type].T & (assessed | ~marked_na)
    leaf = leaf_flat.reshape(n_units, n_ind)

    dim_level = np.zeros(n_units, dtype=bool)
    dim_level[dim_units] = True
    applicable[dim_level] = False  # their indicators are not part of this round's data
    missing_cells = applicable & ~assessed
    if missing_cells.any():
        if policy == "strict":
            raise IncompleteDataError(_missing_problems(round_, c, missing_cells))
        if policy == "zero":
            leaf = np.where(missing_cells, 0.0, leaf)

    # Aggregate level by level as masked weighted means ----------------------------------------
    node_score = np.full((n_units, c.n_nodes), np.nan)
    node_score[:, c.indicator_node] = leaf * 100.0
    dens = []
    for level in c.levels:
        x = node_score[:, level.children]
        present = ~np.isnan(x)
        num = np.where(present, x, 0.0) @ level.member
        den = present.astype(np.float64) @ level.member
        dens.append(den)
        with np.errstate(invalid="ignore", divide="ignore"):
            node_score[:, level.parents] = np.where(den > 0, num / den, np.nan)
    if dim_units.size:
        node_score[dim_units] = np.nan
        node_score[np.ix_(dim_units, c.top)] = dim_scores

    top = node_score[:, c.top]
    top_present = ~np.isnan(top)
    top_w = np.where(top_present, c.top_share, 0.0)
    top_den = top_w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_raw = np.where(
            top_den > 0, (np.where(top_present, top, 0.0) * top_w).sum(axis=1) / top_den, np.nan
        )

    # Each node's share of the unit's 100 points (for points lost) ---------------------------
    share = np.zeros((n_units, c.n_nodes))
    with np.errstate(invalid="ignore", divide="ignore"):
        share[:, c.top] = np.where(top_den[:, None] > 0, top_w / top_den[:, None], 0.0)
        for level, den in zip(reversed(c.levels), reversed(dens), strict=True):
            parent_col = np.searchsorted(level.parents, c.parent[level.children])
            w = c.weight[level.children]
            present = ~np.isnan(node_score[:, level.children])
            d = den[:, parent_col]
            share[:, level.children] = np.where(
                present & (d > 0), share[:, c.parent[level.children]] * w / d, 0.0
            )

    # Round, zone, roll up --------------------------------------------------------------------
    unit_has = ~np.isnan(unit_raw)
    unit_scaled = to_scaled_int(unit_raw, rub.precision)
    unit_band = rub.zoning.band_indices(unit_scaled)
    entity_pos = {e.code: j for j, e in enumerate(round_.entities)}
    unit_entity = np.array([entity_pos[u.entity] for u in round_.units], dtype=np.int64)
    rollup = ENTITY_ROLLUPS[rub.entity_rollup]
    n_ent = len(round_.entities)
    entity_scaled, entity_has = rollup(unit_entity, unit_scaled, unit_has, n_ent)
    entity_units_scored = np.bincount(unit_entity[unit_has], minlength=n_ent).astype(np.int64)

    return RoundResult(
        columns=RoundColumns(
            rubric=rub.info,
            precision=rub.precision,
            missing_policy=policy,
            entity_rollup=rub.entity_rollup,
            round_title=round_.title,
            synthetic=round_.synthetic,
            assumptions=rub.assumptions(),
            bands=rub.zoning.bands,
            node_ids=c.node_ids,
            node_names=c.node_names,
            top=c.top,
            top_share=c.top_share,
            indicator_ids=c.indicator_ids,
            indicator_node=c.indicator_node,
            units=round_.units,
            entities=round_.entities,
            unit_entity=unit_entity,
            input_level=tuple(
                InputLevel.DIMENSION if d else InputLevel.INDICATOR for d in dim_level
            ),
            node_score=node_score,
            node_share=share,
            unit_raw=unit_raw,
            unit_scaled=unit_scaled,
            unit_has=unit_has,
            unit_band=unit_band,
            applicable=applicable,
            assessed=assessed,
            entity_scaled=entity_scaled,
            entity_has=entity_has,
            entity_band=rub.zoning.band_indices(entity_scaled),
            entity_units_scored=entity_units_scored,
        )
    )


def _response_problems(
    rub: Rubric,
    c: CompiledRubric,
    table: ResponseTable,
    row_unit: IntArray,
    row_ind: IntArray,
    unit_type: IntArray,
) -> list[Problem]:
    problems: list[Problem] = []
    known = row_ind >= 0
    problems += row_problems(
        ~known,
        "unknown_indicator",
        "indicator",
        lambda r: {"code": table.indicator_codes[table.indicator[r]], "rubric": rub.id},
    )
    ind = np.where(known, row_ind, 0)
    answered = (table.status == ANSWERED) & known
    value = table.value
    lo, hi = c.scale_min[ind], c.scale_max[ind]
    with np.errstate(invalid="ignore"):
        out = answered & ((value < lo) | (value > hi))
        step = c.scale_step[ind]
        k = (value - lo) / np.where(np.isnan(step), 1.0, step)
        off = answered & ~out & ~np.isnan(step) & (np.abs(k - np.round(k)) > 1e-9)

    def scale_params(r: int) -> dict[str, object]:
        indicator = rub.node(c.indicator_ids[ind[r]])
        return {"value": _num(value[r]), "indicator": indicator.id, "scale": str(indicator.scale)}  # type: ignore[union-attr]

    problems += row_problems(out, "out_of_scale", "value", scale_params)
    problems += row_problems(off, "off_step", "value", scale_params)
    role = table.role
    mismatch = known & (role >= 0) & (role != c.role[ind])
    roles = list(_role_names())
    problems += row_problems(
        mismatch,
        "role_mismatch",
        "role",
        lambda r: {
            "role": roles[role[r]],
            "indicator": c.indicator_ids[ind[r]],
            "expected": roles[c.role[ind[r]]],
        },
    )
    type_names = list(UNIT_TYPE_CODES)
    not_for_type = known & (table.status != NOT_APPLICABLE) & ~c.applies[ind, unit_type[row_unit]]
    problems += row_problems(
        not_for_type,
        "not_applicable_unit_type",
        "indicator",
        lambda r: {
            "indicator": c.indicator_ids[ind[r]],
            "unit_type": type_names[unit_type[row_unit[r]]].value,
            "unit": table.unit_codes[table.unit[r]],
        },
    )
    problems += _duplicate_answers(c, table, row_unit, ind, known)
    return problems


def _duplicate_answers(
    c: CompiledRubric, table: ResponseTable, row_unit: IntArray, ind: IntArray, known: BoolArray
) -> list[Problem]:
    named = known & (table.respondent >= 0)
    if not named.any():
        return []
    n_resp = max(len(table.respondent_codes), 1)
    key = (row_unit * c.n_indicators + ind) * n_resp + table.respondent
    key = np.where(named, key, -1)
    space = int(key.max()) + 1
    if space <= 50_000_000:
        counts = np.bincount(key[named], minlength=space)
        dup = named & (counts[np.where(named, key, 0)] > 1)
    else:
        order = np.argsort(key[named], kind="stable")
        sk = key[named][order]
        repeated = np.zeros(sk.size, dtype=bool)
        same = sk[1:] == sk[:-1]
        repeated[1:] |= same
        repeated[:-1] |= same
        dup = np.zeros(key.size, dtype=bool)
        dup[np.flatnonzero(named)[order[repeated]]] = True
    if not dup.any():
        return []
    # Report the second and later occurrences; the first stands.
    rows = np.flatnonzero(dup)
    order = np.argsort(key[rows], kind="stable")
    rows_sorted = rows[order]
    later = np.r_[False, key[rows_sorted][1:] == key[rows_sorted][:-1]]
    mask = np.zeros(key.size, dtype=bool)
    mask[rows_sorted[later]] = True
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


def _dimension_inputs(
    rub: Rubric,
    c: CompiledRubric,
    round_: Round,
    unit_pos: dict[str, int],
    row_unit: IntArray,
) -> tuple[IntArray, FloatArray, list[Problem]]:
    """Units scored from published dimension figures, and their top-level scores (0–100)."""
    problems: list[Problem] = []
    if not round_.dimension_scores:
        return np.zeros(0, dtype=np.int64), np.zeros((0, c.top.size)), problems
    top_ids = [c.node_ids[n] for n in c.top]
    top_col = {nid: k for k, nid in enumerate(top_ids)}
    units = sorted({unit_pos[d.unit] for d in round_.dimension_scores})
    row_of = {u: r for r, u in enumerate(units)}
    scores = np.full((len(units), c.top.size), np.nan)
    with_answers = set(np.unique(row_unit[row_unit >= 0]).tolist())
    for i, ds in enumerate(round_.dimension_scores):
        where = f"dimension_scores[{i}]"
        if ds.dimension not in top_col:
            problems.append(
                Problem(
                    f"{where}.dimension", "unknown_node", {"code": ds.dimension, "rubric": rub.id}
                )
            )
            continue
        col = top_col[ds.dimension]
        if ds.form == "percentage":
            if not 0.0 <= ds.value <= 100.0:
                problems.append(
                    Problem(
                        f"{where}.value",
                        "out_of_scale",
                        {"value": _num(ds.value), "scale": "0–100", "indicator": ds.dimension},
                    )
                )
                continue
            pct = ds.value
        else:
            maximum = float(c.top_share[col]) * 100.0
            if ds.value < 0:
                problems.append(
                    Problem(
                        f"{where}.value",
                        "out_of_scale",
                        {
                            "value": _num(ds.value),
                            "scale": f"0–{maximum:g}",
                            "indicator": ds.dimension,
                        },
                    )
                )
                continue
            if ds.value > maximum + _CONTRIBUTION_SLACK:
                problems.append(
                    Problem(
                        f"{where}.value",
                        "contribution_too_large",
                        {
                            "value": _num(ds.value),
                            "dimension": ds.dimension,
                            "maximum": round(maximum, 6),
                        },
                    )
                )
                continue
            pct = min(ds.value / maximum * 100.0, 100.0)
        scores[row_of[unit_pos[ds.unit]], col] = pct
    for u in units:
        if u in with_answers:
            problems.append(
                Problem(f"units[{u}]", "mixed_input_levels", {"unit": round_.units[u].code})
            )
    return np.array(units, dtype=np.int64), scores, problems


def _missing_problems(round_: Round, c: CompiledRubric, missing: BoolArray) -> list[Problem]:
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


def _location_key(problem: Problem) -> tuple[tuple[int, int | str], ...]:
    """Order problems as the input is ordered: ``responses[2]`` before ``responses[10]``."""
    parts = re.split(r"[\[\].]+", problem.location)
    key = tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
    return (*key, (2, ""))  # a summary ("responses") comes after its rows


def _role_names() -> list[str]:
    from .vocab import RespondentRole

    return [r.value for r in RespondentRole]


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)
