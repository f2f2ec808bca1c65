"""The planner: the least-cost set of indicator improvements that reaches a target.

Given the applicable indicators, a unit's score is linear in each indicator's (reduced) answer:
its leaf share of the unit's 100 points, times the reporting scale. Raising indicator ``i`` at
unit ``u`` to the answer ``v`` (every respondent answering ``v``, a :class:`SetAnswer`) is one
binary choice per ``(u, i, v)`` with a known gain and cost. The published (rounded) score
enters exactly through one integer per unit (its scaled, half-up rounded score) and the
rubric's entity roll-up through its weights; the mixed-integer programme is solved with
SciPy's HiGHS (:func:`scipy.optimize.milp`). The plan is then re-scored with
:func:`kepatuhan.what_if`; should floating point let the published score miss, the threshold
is tightened and the programme solved again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._csv_table import read_csv_table
from ._model import FrozenModel
from .catalog import Message
from .codes import Suggester
from .errors import InvalidFileError, InvalidInputError, Problem
from .registry import resolve_rubric
from .responses import ResponseTable
from .result_columns import RoundColumns
from .round import Round
from .rubric import Indicator, Rubric
from .scoring import score
from .vocab import Zone
from .whatif import SetAnswer, apply_changes

__all__ = ["Plan", "PlanStep", "plan", "read_costs"]

FloatArray = npt.NDArray[np.float64]

_CONTINUOUS_STEPS = 10  # a continuous scale is planned in tenths of its span
_MAX_ROUNDS = 20  # tightenings of the threshold before giving up (never seen needed twice)


class PlanStep(FrozenModel):
    """One line of the worklist: raise ``indicator`` at ``unit`` from ``before`` to ``after``."""

    unit: str
    indicator: str
    name: str = Field(description="official Indonesian name of the indicator")
    name_en: str | None = None
    before: float = Field(description="the indicator's current (reduced) answer at the unit")
    after: float = Field(description="the answer every respondent gives after the step")
    steps: int = Field(description="steps of the answer scale climbed")
    points: Decimal = Field(description="points the unit's unrounded score gains, rounded")
    cost: float
    cumulative: Decimal | None = Field(
        description="the target's published score after this and every earlier step"
    )


class Plan(FrozenModel):
    """The cheapest worklist reaching ``target`` for a unit or an entity, or why none does."""

    target: str
    threshold: Decimal = Field(description="the published score the target needs")
    scope: Literal["unit", "entity"]
    code: str
    reachable: bool
    before: Decimal | None
    after: Decimal | None = Field(description="published score after the plan (re-scored)")
    maximum: Decimal | None = Field(
        description="the highest published score any plan reaches (every allowed indicator "
        "at its best answer, or the best max_changes of them)"
    )
    zone: Zone | None = Field(description="zone reached after the plan")
    grade: str | None
    label: str | None
    total_cost: float
    steps: tuple[PlanStep, ...]
    figure_units: tuple[str, ...] = Field(
        default=(),
        description="units in scope given as dimension figures: no indicator of theirs can be "
        "planned (their figures stay as given)",
    )
    unanswered: tuple[tuple[str, str], ...] = Field(
        default=(),
        description="(unit, indicator) cells in scope with no answer: left out of the plan, "
        "because answering one changes its group's renormalisation",
    )

    @property
    def changes(self) -> tuple[SetAnswer, ...]:
        """The plan as :func:`kepatuhan.what_if` changes."""
        return tuple(
            SetAnswer(unit=s.unit, indicator=s.indicator, value=s.after) for s in self.steps
        )


class _Option:
    """One candidate: answer ``value`` for (unit ``u``, indicator ``i``)."""

    __slots__ = ("before", "cost", "gain", "i", "steps", "u", "value")

    def __init__(
        self, u: int, i: int, before: float, value: float, steps: int, gain: float, cost: float
    ) -> None:
        self.u, self.i, self.before, self.value = u, i, before, value
        self.steps, self.gain, self.cost = steps, gain, cost


def plan(
    round_: Round,
    *,
    target: str | float | Decimal,
    entity: str | None = None,
    unit: str | None = None,
    cost: Mapping[str, float | Sequence[float]] | None = None,
    fixed: Sequence[str] = (),
    max_changes: int | None = None,
    rubric: Rubric | str | None = None,
) -> Plan:
    """The least-cost plan whose re-scored published score reaches ``target``.

    ``target``: a band label, grade or zone of the rubric (``"hijau"``: the lowest band of
    that zone) or a score. ``unit`` plans for one unit; ``entity`` (or the round's only
    entity) for an entity through the rubric's roll-up; ``unit`` wins when both are given.
    ``cost`` maps an indicator id to its cost per step of its answer scale, or to the costs
    of its successive steps, the last repeating (default: one per step); ``fixed``
    indicators are left as they are; ``max_changes`` caps the number of (unit, indicator)
    changes. Unreachable targets give ``reachable=False`` with the maximum.
    """
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    problems: list[Problem] = []
    threshold = _threshold(target, rub, problems)
    units_planned, scope, code = _scope(round_, entity, unit, problems)
    indicators = {ind.id: ind for ind in rub.indicators()}
    costs = _costs(cost, indicators, rub.id, problems)
    suggest = Suggester(indicators)
    for k, ident in enumerate(fixed):
        if ident not in indicators:
            params: dict[str, object] = {"code": ident, "rubric": rub.id}
            if (s := suggest(ident)) is not None:
                params["suggestion"] = s
            problems.append(Problem(f"fixed[{k}]", "unknown_indicator", params))
    if max_changes is not None and max_changes < 0:
        problems.append(
            Problem("max_changes", "out_of_bounds", {"value": max_changes, "bound": ">= 0"})
        )
    if problems:
        raise InvalidInputError(problems)
    assert threshold is not None

    round_, units_planned = _restricted(round_, units_planned)
    result = score(round_, rub)
    c = result.columns
    options = _options(c, rub, units_planned, costs, set(fixed))
    left_out = _left_out(c, units_planned)
    scores = c.unit_scores if scope == "unit" else c.entity_scores
    index = units_planned[0] if scope == "unit" else _entity_index(round_, code)
    before: Decimal | None = scores[index]
    everything = _best_per_cell(options)
    if max_changes is not None and max_changes < len(everything):
        everything = _maximise(c, options, units_planned, scope, max_changes)
    maximum = _published(round_, rub, c, everything, scope, code)

    need = threshold
    chosen: list[_Option] | None = None
    reached: Decimal | None = None
    if before is not None and before >= threshold:
        chosen, reached = [], before
    elif maximum is not None and maximum >= threshold:
        for _ in range(_MAX_ROUNDS):
            chosen = _solve(c, options, units_planned, scope, need, max_changes)
            if chosen is None:
                break
            reached = _published(round_, rub, c, chosen, scope, code)
            if reached is not None and reached >= threshold:
                break
            need += Decimal(1).scaleb(-c.precision)  # floating point missed: one notch up
            chosen = None
    if chosen is None:
        return Plan(
            target=str(target),
            threshold=threshold,
            scope=scope,
            code=code,
            reachable=False,
            before=before,
            after=None,
            maximum=maximum,
            zone=None,
            grade=None,
            label=None,
            total_cost=0.0,
            steps=(),
            **left_out,
        )
    steps = _worklist(round_, rub, c, chosen, scope, code)
    band = rub.zoning.band_of(reached) if reached is not None else None
    return Plan(
        target=str(target),
        threshold=threshold,
        scope=scope,
        code=code,
        reachable=True,
        before=before,
        after=reached,
        maximum=maximum,
        zone=None if band is None else band.zone,
        grade=None if band is None else band.grade,
        label=None if band is None else band.label,
        total_cost=float(sum(s.cost for s in steps)),
        steps=steps,
        **left_out,
    )


# Inputs ---------------------------------------------------------------------------------------


def _restricted(round_: Round, units: Sequence[int]) -> tuple[Round, list[int]]:
    """The round cut down to the planned units and their entities: what a plan changes and
    re-scores (a unit's score and its entity's roll-up depend on nothing else), so that
    re-scoring a national round for each step costs what scoring one entity does."""
    keep_units = [round_.units[k] for k in units]
    if len(keep_units) == len(round_.units):
        return round_, list(units)
    codes = {u.code for u in keep_units}
    entities = {u.entity for u in keep_units}
    table = round_.responses
    kept_codes = np.array([code in codes for code in table.unit_codes], dtype=bool)
    rows = kept_codes[table.unit] if len(table) else np.zeros(0, dtype=bool)
    position = np.cumsum(kept_codes) - 1  # old code position → new one, for the kept codes
    sub = ResponseTable(
        unit_codes=tuple(c for c, k in zip(table.unit_codes, kept_codes, strict=True) if k),
        unit=position[table.unit[rows]].astype(np.int64),
        indicator_codes=table.indicator_codes,
        indicator=table.indicator[rows],
        respondent_codes=table.respondent_codes,
        respondent=table.respondent[rows],
        role=table.role[rows],
        value=table.value[rows],
        status=table.status[rows],
        evidence=None
        if table.evidence is None
        else tuple(e for e, k in zip(table.evidence, rows.tolist(), strict=True) if k),
        collected=None
        if table.collected is None
        else tuple(d for d, k in zip(table.collected, rows.tolist(), strict=True) if k),
    )
    fields = {name: getattr(round_, name) for name in Round.model_fields}
    fields.update(
        entities=tuple(e for e in round_.entities if e.code in entities),
        units=tuple(keep_units),
        responses=sub,
        dimension_scores=tuple(d for d in round_.dimension_scores if d.unit in codes),
    )
    if round_.oversight_products is not None:
        fields["oversight_products"] = tuple(
            p for p in round_.oversight_products if p.entity in entities
        )
    return Round.model_construct(**fields), list(range(len(keep_units)))


def _threshold(
    target: str | float | Decimal, rub: Rubric, problems: list[Problem]
) -> Decimal | None:
    """The published score the target needs."""
    zoning = rub.zoning
    if isinstance(target, str):
        wanted = target.strip()
        lows = [
            b.lower
            for b in zoning.bands
            if wanted in {b.label, b.grade, b.zone.value if b.zone is not None else None}
        ]
        if lows:
            return min(lows)
        try:
            value = Decimal(wanted)
        except ArithmeticError:
            words = sorted(
                {b.label for b in zoning.bands}
                | {b.grade for b in zoning.bands if b.grade}
                | {b.zone.value for b in zoning.bands if b.zone is not None}
            )
            params: dict[str, object] = {
                "target": target,
                "rubric": rub.id,
                "allowed": ", ".join(words),
            }
            if (s := Suggester(words)(wanted)) is not None:
                params["suggestion"] = s
            problems.append(Problem("target", "plan_unknown_target", params))
            return None
    else:
        value = Decimal(repr(target)) if isinstance(target, float) else Decimal(target)
    if not value.is_finite() or not zoning.minimum <= value <= zoning.maximum:
        params = {"value": target, "minimum": zoning.minimum, "maximum": zoning.maximum}
        problems.append(Problem("target", "score_range", params))
        return None
    return value


def _scope(
    round_: Round, entity: str | None, unit: str | None, problems: list[Problem]
) -> tuple[list[int], Literal["unit", "entity"], str]:
    """The units planned (positions), the scope and its code."""
    if unit is not None:
        codes = [u.code for u in round_.units]
        if unit not in codes:
            params: dict[str, object] = {"code": unit}
            if (s := Suggester(codes)(unit)) is not None:
                params["suggestion"] = s
            problems.append(Problem("unit", "unknown_unit", params))
            return [], "unit", unit
        return [codes.index(unit)], "unit", unit
    entities = [e.code for e in round_.entities]
    if entity is None:
        if len(entities) != 1:
            problems.append(Problem("entity", "plan_scope", {"count": len(entities)}))
            return [], "entity", ""
        entity = entities[0]
    if entity not in entities:
        params = {"code": entity}
        if (s := Suggester(entities)(entity)) is not None:
            params["suggestion"] = s
        problems.append(Problem("entity", "plan_unknown_entity", params))
        return [], "entity", entity
    members = [k for k, u in enumerate(round_.units) if u.entity == entity]
    return members, "entity", entity


def _costs(
    cost: Mapping[str, float | Sequence[float]] | None,
    indicators: Mapping[str, Indicator],
    rubric_id: str,
    problems: list[Problem],
) -> dict[str, tuple[float, ...] | float]:
    out: dict[str, tuple[float, ...] | float] = {}
    suggest = Suggester(indicators)
    for ident, given in (cost or {}).items():
        at = f"cost[{ident!r}]"
        if ident not in indicators:
            params: dict[str, object] = {
                "code": ident,
                "rubric": rubric_id,
                "suggestion": suggest(ident),
            }
            params = {k: v for k, v in params.items() if v is not None}
            problems.append(Problem(at, "unknown_indicator", params))
            continue
        values = [float(given)] if isinstance(given, int | float) else [float(x) for x in given]
        bad = [x for x in values if not np.isfinite(x) or x < 0]
        if bad:
            problems.append(Problem(at, "negative_cost", {"value": bad[0]}))
            continue
        out[ident] = float(given) if isinstance(given, int | float) else tuple(values)
    return out


# The options and the programme ----------------------------------------------------------------


def _answers(ind: Indicator) -> list[float]:
    scale = ind.scale
    allowed = scale.steps()
    if allowed is None:
        span = scale.maximum - scale.minimum
        inner = (scale.minimum + span * k / _CONTINUOUS_STEPS for k in range(_CONTINUOUS_STEPS))
        allowed = (*inner, scale.maximum)  # the top exactly: a float sum may pass it
    return list(allowed) if scale.higher_is_better else list(reversed(allowed))


def _options(
    c: RoundColumns,
    rub: Rubric,
    units: Sequence[int],
    costs: Mapping[str, tuple[float, ...] | float],
    fixed: set[str],
) -> list[_Option]:
    """Every (unit, indicator, better answer) choice, with its gain on the reporting scale."""
    node_of = dict(zip(c.indicator_ids, c.indicator_node.tolist(), strict=True))
    indicators = {ind.id: ind for ind in rub.indicators()}
    share = c.node_share
    out: list[_Option] = []
    for u in units:
        if c.dimension_input[u]:
            continue
        for i, ident in enumerate(c.indicator_ids):
            node = node_of[ident]
            leaf = c.node_score[u, node]
            if ident in fixed or np.isnan(leaf) or not c.applicable[u, i]:
                continue
            ind = indicators[ident]
            scale = ind.scale
            now = scale.minimum + (scale.maximum - scale.minimum) * (
                leaf / 100.0 if scale.higher_is_better else 1.0 - leaf / 100.0
            )
            per = costs.get(ident, 1.0)
            climbed = 0
            spent = 0.0
            for value in _answers(ind):
                new_leaf = 100.0 * float(scale.normalise(value))
                if new_leaf <= leaf + 1e-9:
                    continue
                climbed += 1
                step_cost = per if isinstance(per, float) else per[min(climbed, len(per)) - 1]
                spent += step_cost
                gain = float(share[u, node]) * c.scale_factor * (new_leaf - leaf)
                out.append(_Option(u, i, now, value, climbed, gain, spent))
    return out


def _left_out(c: RoundColumns, units: Sequence[int]) -> dict[str, Any]:
    """What the plan cannot touch: units given as figures, and unanswered applicable cells."""
    figure_units = tuple(c.units[u].code for u in units if c.dimension_input[u])
    cells = []
    for u in units:
        if c.dimension_input[u]:
            continue
        for i in np.flatnonzero(c.applicable[u] & ~c.assessed[u]).tolist():
            cells.append((c.units[u].code, c.indicator_ids[i]))
    return {"figure_units": figure_units, "unanswered": tuple(cells)}


def _best_per_cell(options: Sequence[_Option]) -> list[_Option]:
    best: dict[tuple[int, int], _Option] = {}
    for o in options:
        if (o.u, o.i) not in best or o.gain > best[(o.u, o.i)].gain:
            best[(o.u, o.i)] = o
    return list(best.values())


def _solve(
    c: RoundColumns,
    options: Sequence[_Option],
    units: Sequence[int],
    scope: Literal["unit", "entity"],
    need: Decimal,
    max_changes: int | None,
) -> list[_Option] | None:
    """The least-cost options whose rounded scores reach ``need``; None if infeasible.

    Two programmes: the least cost, proven optimal (no relative gap); then, among the plans
    of that cost, the one whose options come first in (unit, indicator, answer) order. Ties
    folded into the first objective as tiny costs would make HiGHS prove optimality among
    thousands of equal plans: seconds to minutes instead of a tenth of a second.
    """
    n_opt = len(options)
    weights = _rollup_weights(c, units)[0] if scope == "entity" else np.ones(1)
    target = float(need) * 10.0**c.precision
    # an entity's roll-up of rounded unit scores is itself rounded: half a notch below counts
    reach = (weights, target - 0.5 if scope == "entity" else target)
    cost = np.array([o.cost for o in options] + [0.0] * len(units))
    x = _programme(c, options, units, cost, max_changes, reach, exact=True)
    if x is None:
        return None
    best = float(cost[:n_opt] @ x)
    order = np.zeros(n_opt + len(units))
    order[:n_opt] = np.arange(1, n_opt + 1) / max(n_opt, 1)
    budget = (cost, best + 1e-9 * max(1.0, abs(best)))
    tied = _programme(c, options, units, order, max_changes, reach, budget=budget)
    chosen = tied if tied is not None else x  # the tie-break keeps the first plan feasible
    return [o for o, take in zip(options, chosen, strict=True) if take]


def _maximise(
    c: RoundColumns,
    options: Sequence[_Option],
    units: Sequence[int],
    scope: Literal["unit", "entity"],
    max_changes: int,
) -> list[_Option]:
    """The at most ``max_changes`` options that raise the rounded unit score (or the entity's
    roll-up of them) the most, fewest options first among equals."""
    n_opt = len(options)
    weights = _rollup_weights(c, units)[0] if scope == "entity" else np.ones(1)
    cost = np.zeros(n_opt + len(units))
    cost[n_opt:] = -np.where(c.unit_has[list(units)], weights, 0.0)
    cost[:n_opt] = 1e-9 * np.arange(1, n_opt + 1) / max(n_opt, 1)
    chosen = _programme(c, options, units, cost, max_changes, None)
    if chosen is None:  # cannot happen: choosing nothing is always feasible
        return []
    return [o for o, take in zip(options, chosen, strict=True) if take]


def _programme(
    c: RoundColumns,
    options: Sequence[_Option],
    units: Sequence[int],
    cost: FloatArray,
    max_changes: int | None,
    reach: tuple[FloatArray, float] | None,
    *,
    budget: tuple[FloatArray, float] | None = None,
    exact: bool = False,
) -> npt.NDArray[np.bool_] | None:
    """Solve the planning MILP: one binary per option (at most one per cell), one integer per
    unit for its scaled rounded score (``r_u ≤ raw_u·10^p + 0.5 + Σ gain·x·10^p``), at most
    ``max_changes`` options, with ``reach = (w, t)`` the constraint ``Σ w_u·r_u ≥ t`` and with
    ``budget = (k, b)`` the constraint ``Σ k·x ≤ b``; minimising ``cost`` (options, then unit
    scores), to proven optimality when ``exact``. The options taken, or None if infeasible."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    scale = 10.0**c.precision
    n_opt, n_units = len(options), len(units)
    n = n_opt + n_units
    cells: dict[tuple[int, int], list[int]] = {}
    for k, o in enumerate(options):
        cells.setdefault((o.u, o.i), []).append(k)
    rows = len(cells) + n_units + (reach is not None) + (max_changes is not None)
    rows += budget is not None
    a = lil_matrix((rows, n))
    lo = np.full(rows, -np.inf)
    hi = np.full(rows, np.inf)
    r = 0
    for ks in cells.values():  # one answer per cell
        for k in ks:
            a[r, k] = 1.0
        hi[r] = 1.0
        r += 1
    raw = np.nan_to_num(c.unit_raw, nan=0.0)
    for pos, u in enumerate(units):
        a[r, n_opt + pos] = 1.0
        for k, o in enumerate(options):
            if o.u == u:
                a[r, k] = -o.gain * scale
        hi[r] = raw[u] * scale + 0.5
        r += 1
    if reach is not None:
        weights, target = reach
        for pos in range(n_units):
            a[r, n_opt + pos] = weights[pos]
        lo[r] = target
        r += 1
    if max_changes is not None:
        for k in range(n_opt):
            a[r, k] = 1.0
        hi[r] = max_changes
        r += 1
    if budget is not None:
        spend, limit = budget
        for k in range(n_opt):
            a[r, k] = spend[k]
        hi[r] = limit
    scored = c.unit_has[list(units)]
    lower = np.zeros(n)
    upper = np.ones(n)
    lower[n_opt:] = np.where(scored, -1e12, 0.0)
    upper[n_opt:] = np.where(scored, 1e12, 0.0)
    res = milp(
        cost,
        constraints=LinearConstraint(a.tocsr(), lo, hi),
        integrality=np.ones(n),
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0.0} if exact else None,
    )
    if res.x is None or not res.success:
        return None
    taken: npt.NDArray[np.bool_] = np.round(res.x[:n_opt]).astype(bool)
    return taken


def _rollup_weights(c: RoundColumns, units: Sequence[int]) -> tuple[FloatArray, float]:
    """The entity roll-up as ``Σ w_u·r_u + offset`` over the entity's scored units, in
    scaled integers: its weights found by raising one unit at a time (exact for the mean)."""
    members = np.array(units, dtype=np.int64)
    values = c.unit_scaled[members].astype(np.int64)
    has = c.unit_has[members]
    group = np.zeros(members.size, dtype=np.int64)
    rollup = c.rollup_function
    probe = 10**9
    weights = np.zeros(members.size)
    for k in range(members.size):
        if not has[k]:
            continue
        moved = values.copy()
        moved[k] += probe
        up, _ = rollup(group, moved, has, 1)
        base, _ = rollup(group, values, has, 1)
        weights[k] = (float(up[0]) - float(base[0])) / probe
    return weights, 0.0  # a roll-up is a mean: no offset (a non-linear one is caught re-scored)


# Re-scoring -----------------------------------------------------------------------------------


def _changes(options: Sequence[_Option], c: RoundColumns) -> list[SetAnswer]:
    return [
        SetAnswer(unit=c.units[o.u].code, indicator=c.indicator_ids[o.i], value=o.value)
        for o in options
    ]


def _entity_index(round_: Round, code: str) -> int:
    return [e.code for e in round_.entities].index(code)


def _published(
    round_: Round, rub: Rubric, c: RoundColumns, options: Sequence[_Option], scope: str, code: str
) -> Decimal | None:
    """The target's published score after the options, re-scored."""
    edited = apply_changes(round_, _changes(options, c), rubric=rub)
    result = score(edited, rub)
    return result.unit(code).score if scope == "unit" else result.entity(code).score


def _worklist(
    round_: Round,
    rub: Rubric,
    c: RoundColumns,
    chosen: Sequence[_Option],
    scope: str,
    code: str,
) -> tuple[PlanStep, ...]:
    """The chosen options as steps, most points first, each with the score reached so far."""
    indicators = {ind.id: ind for ind in rub.indicators()}
    order = sorted(chosen, key=lambda o: (-o.gain, c.units[o.u].code, c.indicator_ids[o.i]))
    steps = []
    for k, o in enumerate(order):
        ident = c.indicator_ids[o.i]
        ind = indicators[ident]
        steps.append(
            PlanStep(
                unit=c.units[o.u].code,
                indicator=ident,
                name=ind.name,
                name_en=ind.name_en,
                before=round(o.before, 6),
                after=o.value,
                steps=o.steps,
                points=c.decimal(int(np.floor(o.gain * 10**c.precision + 0.5))),
                cost=o.cost,
                cumulative=_published(round_, rub, c, order[: k + 1], scope, code),
            )
        )
    return tuple(steps)


# A cost table -----------------------------------------------------------------------------------

_COST_COLUMNS = {
    "indikator": "indicator",
    "indicator": "indicator",
    "biaya": "cost",
    "cost": "cost",
}
_COST_ROW = Message(en="indicator of the cost table", id="indikator tabel biaya")


def read_costs(path: str | Path, rubric: Rubric | str) -> dict[str, float]:
    """A cost per step for each indicator, from a UTF-8 CSV file with the columns
    ``indikator`` (or ``indicator``) and ``biaya`` (or ``cost``), for :func:`plan`'s ``cost``.

    Every problem is located at its cell (``biaya.csv!B3``): a missing column, an indicator
    the rubric does not have (with the id it likely means), one given twice, a cost that is
    not a number or is negative. Raises :class:`~kepatuhan.InvalidFileError`.
    """
    rub = resolve_rubric(rubric)
    required = (("indikator", "indicator"), ("biaya", "cost"))
    name, rows, at = read_csv_table(path, _COST_COLUMNS, required)
    at_id, at_cost = at["indicator"], at["cost"]
    problems: list[Problem] = []
    known = rub.indicator_ids()
    suggest = Suggester(known)
    costs: dict[str, float] = {}
    first: dict[str, str] = {}
    for r, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        ident = row[at_id].strip() if at_id < len(row) else ""
        text = row[at_cost].strip() if at_cost < len(row) else ""
        id_cell, cost_cell = f"{name}!{_column(at_id)}{r}", f"{name}!{_column(at_cost)}{r}"
        if ident not in known:
            params: dict[str, object] = {"code": ident, "rubric": rub.id}
            if (hint := suggest(ident)) is not None:
                params["suggestion"] = hint
            problems.append(Problem(id_cell, "unknown_indicator", params))
        elif ident in first:
            params = {"what": _COST_ROW, "code": ident, "first": first[ident]}
            problems.append(Problem(id_cell, "duplicate_code", params))
        else:
            first[ident] = id_cell
        try:
            value = float(text.replace(",", ".")) if text.count(",") <= 1 else float("nan")
        except ValueError:
            value = None
        if value is None or np.isnan(value):
            params = {"text": text, "allowed": "0, 1, 2.5"}
            problems.append(Problem(cost_cell, "not_a_number", params))
        elif not np.isfinite(value) or value < 0:
            problems.append(Problem(cost_cell, "negative_cost", {"value": text}))
        else:
            costs[ident] = value
    if problems:
        raise InvalidFileError(problems)
    return costs


def _column(k: int) -> str:
    """The spreadsheet letter of column ``k`` (0 → A)."""
    out = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
