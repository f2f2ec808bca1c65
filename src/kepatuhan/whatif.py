"""What-if: edit a round's answers or dimension figures and see the new result and its deltas.

The edited round is built column-wise (:meth:`ResponseTable.from_columns`, no per-answer
objects) and scored with :func:`kepatuhan.score`, so a what-if result is exactly the result of
scoring the edited round: nothing here re-implements scoring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._model import FrozenModel
from .catalog import Message
from .codes import Suggester
from .entities import Code, ServiceUnit
from .errors import InvalidRoundError, Problem
from .registry import resolve_rubric
from .responses import STATUS_CODES, DimensionScore, ResponseTable
from .results import EntityResult, RoundResult, UnitResult
from .round import Round
from .rubric import Group, Indicator, Rubric
from .scoring import score
from .vocab import RespondentRole, ResponseStatus, Zone

__all__ = [
    "AnswerCount",
    "Change",
    "DimensionDelta",
    "EntityDelta",
    "MarkNotApplicable",
    "SetAnswer",
    "SetDimension",
    "SetDistribution",
    "UnitDelta",
    "WhatIf",
    "WhatIfDeltas",
    "apply_changes",
    "what_if",
]

_ANSWERED = STATUS_CODES[ResponseStatus.ANSWERED]
_NOT_APPLICABLE = STATUS_CODES[ResponseStatus.NOT_APPLICABLE]
_CELL = Message(en="change of unit and indicator", id="perubahan unit dan indikator")
_ROLE_ORDER = tuple(RespondentRole)
_DIMENSION_CELL = Message(en="change of unit and dimension", id="perubahan unit dan dimensi")


class SetAnswer(FrozenModel):
    """Every respondent of ``indicator`` at ``unit`` answers ``value`` (one anonymous answer
    if the unit has no row for it yet)."""

    kind: Literal["answer"] = "answer"
    unit: Code
    indicator: Code
    value: float


class AnswerCount(FrozenModel):
    """``count`` respondents answering ``value``."""

    value: float
    count: int = Field(ge=1)


class SetDistribution(FrozenModel):
    """The answers of ``indicator`` at ``unit`` become anonymous answers in these counts
    (replacing the rows the unit had for it)."""

    kind: Literal["distribution"] = "distribution"
    unit: Code
    indicator: Code
    answers: tuple[AnswerCount, ...] = Field(min_length=1)


class MarkNotApplicable(FrozenModel):
    """``indicator`` is ``tidak_berlaku`` at ``unit``: its rows become one not-applicable row."""

    kind: Literal["tidak_berlaku"] = "tidak_berlaku"
    unit: Code
    indicator: Code


class SetDimension(FrozenModel):
    """A unit given as dimension figures (rapor input) gets this figure for ``dimension``."""

    kind: Literal["dimension"] = "dimension"
    unit: Code
    dimension: Code
    value: float
    form: Literal["percentage", "contribution"] = "percentage"


Change = Annotated[
    SetAnswer | SetDistribution | MarkNotApplicable | SetDimension, Field(discriminator="kind")
]
"""One edit of a round; a tagged union (``kind``) that round-trips through JSON."""


class DimensionDelta(FrozenModel):
    """A top-level dimension's published figure before and after."""

    dimension: str
    before: Decimal | None
    after: Decimal | None
    delta: Decimal | None


class UnitDelta(FrozenModel):
    """A unit whose published score, zone, grade or a dimension changed."""

    unit: str
    entity: str
    before: Decimal | None
    after: Decimal | None
    delta: Decimal | None
    zone_before: Zone | None
    zone_after: Zone | None
    grade_before: str | None
    grade_after: str | None
    dimensions: tuple[DimensionDelta, ...] = Field(description="only the dimensions that moved")


class EntityDelta(FrozenModel):
    """An entity whose rolled-up score, zone, grade or a dimension changed."""

    entity: str
    before: Decimal | None
    after: Decimal | None
    delta: Decimal | None
    zone_before: Zone | None
    zone_after: Zone | None
    grade_before: str | None
    grade_after: str | None
    dimensions: tuple[DimensionDelta, ...]


class WhatIfDeltas(FrozenModel):
    """The changes applied and what moved: units and entities in round order."""

    changes: tuple[Change, ...]
    units: tuple[UnitDelta, ...]
    entities: tuple[EntityDelta, ...]


class WhatIf:
    """The edited round, its result, the result before, and the deltas between them."""

    __slots__ = ("before", "deltas", "result", "round")

    def __init__(
        self, round_: Round, result: RoundResult, before: RoundResult, deltas: WhatIfDeltas
    ) -> None:
        self.round = round_
        self.result = result
        self.before = before
        self.deltas = deltas

    def __repr__(self) -> str:
        return (
            f"WhatIf({len(self.deltas.changes)} changes, {len(self.deltas.units)} units and "
            f"{len(self.deltas.entities)} entities moved)"
        )


def what_if(
    round_: Round, changes: Sequence[Change], *, rubric: Rubric | str | None = None
) -> WhatIf:
    """Apply ``changes`` to ``round_``, score the edited round and compare with the original.

    Raises :class:`~kepatuhan.InvalidRoundError` listing every bad change at
    ``changes[i].field`` (unknown unit, indicator or dimension with a likely code, a value off
    the indicator's scale, an answer for a unit given as dimension figures, two changes of one
    cell), or any problem scoring finds in the edited round.
    """
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    before = score(round_, rub)
    changes = tuple(changes)
    _check(round_, changes, rub)
    edited, origin = _edited(round_, changes, rub)
    try:
        after = score(edited, rub)
    except InvalidRoundError as exc:  # a dimension figure the rubric refuses: at its change
        raise InvalidRoundError([_relocated(p, origin) for p in exc.problems]) from None
    return WhatIf(edited, after, before, _deltas(changes, before, after))


def _relocated(problem: Problem, origin: Mapping[int, int]) -> Problem:
    """A problem at ``dimension_scores[k]…`` moved to the change that set that figure."""
    head, dot, rest = problem.location.partition("]")
    if head.startswith("dimension_scores[") and dot:
        k = int(head.removeprefix("dimension_scores["))
        if k in origin:
            return Problem(f"changes[{origin[k]}]{rest}", problem.code, problem.params)
    return problem


def apply_changes(
    round_: Round, changes: Sequence[Change], *, rubric: Rubric | str | None = None
) -> Round:
    """The round with ``changes`` applied (checked as :func:`what_if` checks them)."""
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    changes = tuple(changes)
    _check(round_, changes, rub)
    return _edited(round_, changes, rub)[0]


# Checks ---------------------------------------------------------------------------------------


def _check(round_: Round, changes: tuple[Change, ...], rub: Rubric) -> None:
    problems: list[Problem] = []
    units = {u.code: u for u in round_.units}
    by_dimension = {ds.unit for ds in round_.dimension_scores}
    answered_units = set(round_.responses.unit_codes)
    indicators = {ind.id: ind for ind in rub.indicators()}
    # A figure may name a dimension or any group (the part dimensi of 2025, a variable…).
    groups = [node.id for _, node in rub.walk() if isinstance(node, Group)]
    dimensions = [node.id for node in rub.dimensions()]
    dimensions += [g for g in groups if g not in dimensions]
    suggest_unit = Suggester(units)
    suggest_ind = Suggester(indicators)
    suggest_dim = Suggester(dimensions)
    seen: dict[tuple[str, str, str], int] = {}
    for i, change in enumerate(changes):
        at = f"changes[{i}]"
        unit = units.get(change.unit)
        if unit is None:
            problems.append(_unknown(f"{at}.unit", "unknown_unit", change.unit, suggest_unit, {}))
        if isinstance(change, SetDimension):
            key = ("dimension", change.unit, change.dimension)
            if change.dimension not in dimensions:
                params = {"rubric": rub.id}
                problems.append(
                    _unknown(
                        f"{at}.dimension", "unknown_node", change.dimension, suggest_dim, params
                    )
                )
            if unit is not None and change.unit in answered_units:
                problems.append(
                    Problem(f"{at}.dimension", "mixed_input_levels", {"unit": unit.code})
                )
            if not np.isfinite(change.value):
                problems.append(Problem(f"{at}.value", "not_finite", {"value": change.value}))
        else:
            key = ("indicator", change.unit, change.indicator)
            ind = indicators.get(change.indicator)
            if ind is None:
                params = {"rubric": rub.id}
                problems.append(
                    _unknown(
                        f"{at}.indicator",
                        "unknown_indicator",
                        change.indicator,
                        suggest_ind,
                        params,
                    )
                )
            if unit is not None and unit.code in by_dimension:
                problems.append(
                    Problem(f"{at}.indicator", "mixed_input_levels", {"unit": unit.code})
                )
            if ind is not None:
                if unit is not None and not _applies(ind, unit):
                    params = {
                        "indicator": ind.id,
                        "unit_type": unit.unit_type.value,
                        "unit": unit.code,
                    }
                    problems.append(Problem(f"{at}.indicator", "not_applicable_unit_type", params))
                problems += _value_problems(at, change, ind)
        if key in seen:
            what = _CELL if key[0] == "indicator" else _DIMENSION_CELL
            twice: dict[str, object] = {
                "what": what,
                "code": f"{key[1]}/{key[2]}",
                "first": f"changes[{seen[key]}]",
            }
            problems.append(Problem(at, "duplicate_code", twice))
        else:
            seen[key] = i
    if problems:
        raise InvalidRoundError(problems)


def _applies(ind: Indicator, unit: ServiceUnit) -> bool:
    return ind.applies_to is None or unit.unit_type in ind.applies_to


def _unknown(
    location: str, code: str, given: str, suggest: Suggester, extra: Mapping[str, object]
) -> Problem:
    params: dict[str, object] = {"code": given, **extra}
    suggestion = suggest(given)
    if suggestion is not None:
        params["suggestion"] = suggestion
    return Problem(location, code, params)


def _value_problems(at: str, change: Change, ind: Indicator) -> list[Problem]:
    """A value that is not finite, outside the indicator's scale or between its steps."""
    if isinstance(change, SetAnswer):
        located = [(f"{at}.value", change.value)]
    elif isinstance(change, SetDistribution):
        located = [(f"{at}.answers[{k}].value", a.value) for k, a in enumerate(change.answers)]
    else:
        return []
    scale = ind.scale
    problems = []
    for location, value in located:
        arr = np.array([value], dtype=np.float64)
        params: dict[str, object] = {"value": value, "scale": str(scale), "indicator": ind.id}
        if not np.isfinite(value):
            problems.append(Problem(location, "not_finite", {"value": value}))
        elif not bool(scale.in_range(arr)[0]):
            problems.append(Problem(location, "out_of_scale", params))
        elif not bool(scale.on_step(arr)[0]):
            problems.append(Problem(location, "off_step", params))
    return problems


# The edited round -----------------------------------------------------------------------------


def _edited(
    round_: Round, changes: tuple[Change, ...], rub: Rubric
) -> tuple[Round, dict[int, int]]:
    """The round with the (checked) changes applied, its answers built column-wise, and
    which change set each dimension figure (its index → the change's)."""
    table = round_.responses
    cell_changes = [c for c in changes if not isinstance(c, SetDimension)]
    dimension_changes = [(i, c) for i, c in enumerate(changes) if isinstance(c, SetDimension)]
    responses = _edited_table(round_, table, cell_changes, rub) if cell_changes else table
    scores = list(round_.dimension_scores)
    where = {(ds.unit, ds.dimension): k for k, ds in enumerate(scores)}
    origin: dict[int, int] = {}
    for i, change in dimension_changes:
        figure = DimensionScore(
            unit=change.unit, dimension=change.dimension, value=change.value, form=change.form
        )
        k = where.get((change.unit, change.dimension))
        if k is None:
            k = where[(change.unit, change.dimension)] = len(scores)
            scores.append(figure)
        else:
            scores[k] = figure
        origin[k] = i
    fields = {name: getattr(round_, name) for name in Round.model_fields}
    fields.update(responses=responses, dimension_scores=tuple(scores))
    return Round(**fields), origin


def _edited_table(
    round_: Round,
    table: ResponseTable,
    changes: Sequence[SetAnswer | SetDistribution | MarkNotApplicable],
    rub: Rubric,
) -> ResponseTable:
    unit_pos = {u.code: k for k, u in enumerate(round_.units)}
    # Rows in the round's unit positions and in one indicator vocabulary: the table's codes,
    # then the rubric's ids it does not hold.
    ind_codes = list(table.indicator_codes)
    ind_pos = {code: k for k, code in enumerate(ind_codes)}
    for ident in rub.indicator_ids():
        if ident not in ind_pos:
            ind_pos[ident] = len(ind_codes)
            ind_codes.append(ident)
    n_ind = len(ind_codes)
    row_unit = (
        np.array([unit_pos[c] for c in table.unit_codes], dtype=np.int64)[table.unit]
        if len(table)
        else np.zeros(0, dtype=np.int64)
    )
    row_cell = row_unit * n_ind + table.indicator
    value = table.value.copy()
    status = table.status.copy()
    keep = np.ones(len(table), dtype=bool)
    roles = {ind.id: ind.role for ind in rub.indicators()}
    role_codes = [r.value for r in _ROLE_ORDER]
    new_unit: list[int] = []
    new_ind: list[int] = []
    new_value: list[float] = []
    new_status: list[int] = []
    new_role: list[int] = []
    for change in changes:
        u, i = unit_pos[change.unit], ind_pos[change.indicator]
        rows = np.flatnonzero(row_cell == u * n_ind + i)
        role = role_codes.index(roles[change.indicator].value)
        if isinstance(change, SetAnswer) and rows.size:
            value[rows] = change.value
            status[rows] = _ANSWERED
            continue
        keep[rows] = False
        if isinstance(change, SetAnswer):
            added = [(change.value, _ANSWERED)]
        elif isinstance(change, SetDistribution):
            added = [(a.value, _ANSWERED) for a in change.answers for _ in range(a.count)]
        else:
            added = [(float("nan"), _NOT_APPLICABLE)]
        for v, s in added:
            new_unit.append(u)
            new_ind.append(i)
            new_value.append(v)
            new_status.append(s)
            new_role.append(role)
    old_role = table.role
    edited, problems = ResponseTable.from_columns(
        unit=np.concatenate([row_unit[keep], np.array(new_unit, dtype=np.int64)]),
        indicator=np.concatenate([table.indicator[keep], np.array(new_ind, dtype=np.int64)]),
        value=np.concatenate([value[keep], np.array(new_value, dtype=np.float64)]),
        respondent=np.concatenate(
            [table.respondent[keep], np.full(len(new_unit), -1, dtype=np.int64)]
        ),
        role=np.concatenate([_role_positions(old_role[keep]), np.array(new_role, dtype=np.int64)]),
        status=np.concatenate(
            [status[keep].astype(np.int64), np.array(new_status, dtype=np.int64)]
        ),
        unit_codes=[u.code for u in round_.units],
        indicator_codes=ind_codes,
        respondent_codes=table.respondent_codes,
        evidence=None
        if table.evidence is None
        else [e for e, k in zip(table.evidence, keep, strict=True) if k] + [None] * len(new_unit),
        role_codes=[*role_codes, None],
        status_codes=[s.value for s in ResponseStatus],
    )
    if problems:  # the round and the changes were checked: this is a bug, never bad input
        raise InvalidRoundError(problems)
    if table.collected is not None:  # from_columns takes no dates: carry them over
        kept = [d for d, k in zip(table.collected, keep, strict=True) if k]
        edited.collected = (*kept, *[None] * len(new_unit))
    return edited


def _role_positions(role: npt.NDArray[np.int8]) -> npt.NDArray[np.int64]:
    """Role codes (-1 = none) as positions into ``[*roles, None]``."""
    out = role.astype(np.int64)
    out[out < 0] = len(_ROLE_ORDER)
    return out


# Deltas ---------------------------------------------------------------------------------------


def _minus(after: Decimal | None, before: Decimal | None) -> Decimal | None:
    return None if after is None or before is None else after - before


def _moved(
    top: list[str], before: Sequence[Decimal | None], after: Sequence[Decimal | None]
) -> tuple[DimensionDelta, ...]:
    """The dimensions whose published figure changed, with before, after and delta."""
    return tuple(
        DimensionDelta(dimension=name, before=b, after=a, delta=_minus(a, b))
        for name, b, a in zip(top, before, after, strict=True)
        if b != a
    )


def _change(
    old: UnitResult | EntityResult,
    new: UnitResult | EntityResult,
    moved: tuple[DimensionDelta, ...],
) -> dict[str, Any]:
    """The fields a unit's and an entity's delta share: score, zone, grade, dimensions."""
    return {
        "before": old.score,
        "after": new.score,
        "delta": _minus(new.score, old.score),
        "zone_before": old.zone,
        "zone_after": new.zone,
        "grade_before": old.grade,
        "grade_after": new.grade,
        "dimensions": moved,
    }


def _deltas(changes: tuple[Change, ...], before: RoundResult, after: RoundResult) -> WhatIfDeltas:
    b, a = before.columns, after.columns
    top = [b.node_ids[k] for k in b.top.tolist()]
    units = []
    b_dim, a_dim = b.dimension_decimals.tolist(), a.dimension_decimals.tolist()
    for k in range(len(b.units)):
        moved = _moved(top, b_dim[k], a_dim[k])
        same = b.unit_scores[k] == a.unit_scores[k] and b.unit_band[k] == a.unit_band[k]
        if same and not moved:
            continue
        ub, ua = before.units[k], after.units[k]
        units.append(UnitDelta(unit=ub.code, entity=ub.entity, **_change(ub, ua, moved)))
    entities = []
    be_dim, ae_dim = b.entity_dimension_decimals.tolist(), a.entity_dimension_decimals.tolist()
    for k in range(len(b.entities)):
        moved = _moved(top, be_dim[k], ae_dim[k])
        same = b.entity_scores[k] == a.entity_scores[k] and b.entity_band[k] == a.entity_band[k]
        if same and not moved:
            continue
        eb, ea = before.entities[k], after.entities[k]
        entities.append(EntityDelta(entity=eb.code, **_change(eb, ea, moved)))
    return WhatIfDeltas(changes=changes, units=tuple(units), entities=tuple(entities))
