"""Re-scoring: last year's answers under this year's rubric, through the registered crosswalks.

The answers that a crosswalk lets carry are moved column-wise (renamed, copied to each part
of a split, averaged into a merge, mapped onto the new scale) into a new round of the later
rubric, which :func:`kepatuhan.score` then scores: nothing here re-implements scoring.
Everything that cannot be carried is listed with the mapping's reason, never dropped
silently: new indicators (no earlier answers), dropped ones, mappings that refuse to carry,
answers for a unit type the later indicator does not apply to, and dimension figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._model import FrozenModel
from .crosswalk import Crosswalk, IndicatorMapping, MappingKind
from .errors import Language
from .provenance import pick_text
from .registry import current_registry, resolve_rubric
from .responses import STATUS_CODES, DimensionScore, ResponseTable
from .results import RoundResult
from .round import Round
from .rounding import quantize
from .rubric import Indicator, Rubric
from .scoring import score
from .vocab import Confidence, RespondentRole, ResponseStatus

__all__ = ["FigureOutcome", "MappingOutcome", "Rescore", "RescoreReport", "RescoreStep", "rescore"]

_ANSWERED = STATUS_CODES[ResponseStatus.ANSWERED]
_NOT_APPLICABLE = STATUS_CODES[ResponseStatus.NOT_APPLICABLE]
_NOT_ASSESSED = STATUS_CODES[ResponseStatus.NOT_ASSESSED]
_ROLES = tuple(RespondentRole)
IntArray = npt.NDArray[np.int64]
_T = TypeVar("_T")


class MappingOutcome(FrozenModel):
    """What one crosswalk mapping did to a round: how many answers it found and carried."""

    kind: MappingKind
    before: tuple[str, ...]
    after: tuple[str, ...]
    carried: bool = Field(description="whether the mapping carries answers at all")
    answers: int = Field(description="rows of the earlier round under the earlier ids")
    carried_answers: int = Field(description="rows written under the later ids")
    units: int = Field(description="units with a row under the earlier ids")
    not_applicable_unit_type: int = Field(
        default=0, description="carried rows left out: the later indicator excludes the unit type"
    )
    confidence: Confidence
    reason: str | None = None
    reason_id: str | None = Field(default=None, description="``reason`` in Bahasa Indonesia")

    @property
    def lost(self) -> bool:
        """True when earlier answers, or a later indicator's answers, are missing after it."""
        return (
            not self.carried
            or self.kind is MappingKind.NEW
            or self.not_applicable_unit_type > 0
            or (self.answers > 0 and self.carried_answers == 0)
        )

    def reason_in(self, lang: Language) -> str | None:
        """The mapping's reason in ``lang`` (English if it has no Indonesian form)."""
        return None if self.reason is None else pick_text(self.reason, self.reason_id, lang)


class FigureOutcome(FrozenModel):
    """A dimension whose reported figures (rapor input) were, or were not, carried."""

    dimension: str
    carried: bool
    units: int


class RescoreStep(FrozenModel):
    """One crosswalk applied: rubric ``before`` → ``after``."""

    before: str
    after: str
    mappings: tuple[MappingOutcome, ...]
    figures: tuple[FigureOutcome, ...] = ()

    def not_carried(self) -> tuple[MappingOutcome, ...]:
        """The mappings that left answers behind or left later indicators without answers."""
        return tuple(m for m in self.mappings if m.lost)


class RescoreReport(FrozenModel):
    """Every step of a re-score and what each carried; round-trips through JSON."""

    before: str
    after: str
    steps: tuple[RescoreStep, ...]

    def not_carried(self) -> tuple[MappingOutcome, ...]:
        """What could not be carried, over every step, in crosswalk order."""
        return tuple(m for step in self.steps for m in step.not_carried())

    def figures_not_carried(self) -> tuple[FigureOutcome, ...]:
        """The dimension figures left behind, over every step."""
        return tuple(f for step in self.steps for f in step.figures if not f.carried)


class Rescore:
    """A round re-scored under a later rubric: the new round, its result, and the report."""

    __slots__ = ("report", "result", "round")

    def __init__(self, round_: Round, result: RoundResult, report: RescoreReport) -> None:
        self.round = round_
        self.result = result
        self.report = report

    def __repr__(self) -> str:
        lost = len(self.report.not_carried())
        return f"Rescore({self.report.before} → {self.report.after}, {lost} mappings not carried)"


def rescore(round_: Round, to_rubric: Rubric | str) -> Rescore:
    """Re-score ``round_`` under ``to_rubric`` through the registered crosswalks.

    The round's own rubric and ``to_rubric`` are joined by the shortest chain of crosswalks
    (2023 → 2025 goes through 2024); :class:`~kepatuhan.UnknownCrosswalkError` if none. The
    result is :func:`kepatuhan.score` of the carried round; the report lists, per step, what
    each mapping carried and what it could not.
    """
    target = resolve_rubric(to_rubric)
    registry = current_registry()
    chain = registry.crosswalk_path(round_.rubric, target.id)
    current = round_
    steps: list[RescoreStep] = []
    for crosswalk in chain:
        later = target if crosswalk.after == target.id else registry.get(crosswalk.after)
        current, step = carry(current, crosswalk, registry.get(crosswalk.before), later)
        steps.append(step)
    report = RescoreReport(before=round_.rubric, after=target.id, steps=tuple(steps))
    return Rescore(current, score(current, target), report)


def carry(
    round_: Round, crosswalk: Crosswalk, before: Rubric, after: Rubric
) -> tuple[Round, RescoreStep]:
    """One step: ``round_`` (of ``before``) as a round of ``after``, and what was carried."""
    table = round_.responses
    codes = {code: k for k, code in enumerate(table.indicator_codes)}
    later = {ind.id: ind for ind in after.indicators()}
    after_ids = list(after.indicator_ids())
    after_pos = {ident: k for k, ident in enumerate(after_ids)}
    unit_types = np.array([u.unit_type for u in round_.units], dtype=object)
    unit_pos = {u.code: k for k, u in enumerate(round_.units)}
    row_unit = (
        np.array([unit_pos[c] for c in table.unit_codes], dtype=np.int64)[table.unit]
        if len(table)
        else np.zeros(0, dtype=np.int64)
    )
    parts = _Parts()
    outcomes = []
    for m in crosswalk.mappings:
        positions = [codes[i] for i in m.before if i in codes]
        rows = np.flatnonzero(np.isin(table.indicator, positions)) if positions else _NO_ROWS
        units = len(np.unique(row_unit[rows]))
        written = excluded = 0
        if m.carries and rows.size:
            for ident in m.after:
                ind = later[ident]
                if m.kind is MappingKind.MERGED:
                    block = _merged(table, rows, row_unit, m, ind)
                else:
                    block = _copied(table, rows, row_unit, m)
                keep = _applies(ind, unit_types[block.unit])
                excluded += int((~keep).sum())
                block = block.take(np.flatnonzero(keep), after_pos[ident])
                written += block.size
                parts.add(block)
        outcomes.append(_outcome(m, rows.size, written, units, excluded))
    figures, kept_figures = _figures(round_, crosswalk, after)
    responses = parts.table(round_, table, after_ids)
    fields = {name: getattr(round_, name) for name in Round.model_fields}
    fields.update(rubric=after.id, responses=responses, dimension_scores=kept_figures)
    step = RescoreStep(before=before.id, after=after.id, mappings=tuple(outcomes), figures=figures)
    return Round(**fields), step


_NO_ROWS: IntArray = np.zeros(0, dtype=np.int64)


def _outcome(
    m: IndicatorMapping, answers: int, written: int, units: int, excluded: int
) -> MappingOutcome:
    return MappingOutcome(
        kind=m.kind,
        before=m.before,
        after=m.after,
        carried=m.carries,
        answers=answers,
        carried_answers=written,
        units=units,
        not_applicable_unit_type=excluded,
        confidence=m.provenance.confidence,
        reason=m.provenance.note,
        reason_id=m.provenance.note_id,
    )


def _applies(ind: Indicator, types: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    if ind.applies_to is None:
        return np.ones(types.size, dtype=bool)
    return np.array([t in ind.applies_to for t in types], dtype=bool)


class _Block:
    """Rows to write under one later indicator (its position is set by :meth:`take`)."""

    def __init__(
        self,
        unit: IntArray,
        value: npt.NDArray[np.float64],
        status: IntArray,
        respondent: IntArray,
        role: IntArray,
        source: IntArray | None,
    ) -> None:
        self.unit, self.value, self.status = unit, value, status
        self.respondent, self.role, self.source = respondent, role, source
        self.indicator = np.zeros(0, dtype=np.int64)

    @property
    def size(self) -> int:
        return int(self.unit.size)

    def take(self, keep: IntArray, indicator: int) -> _Block:
        out = _Block(
            self.unit[keep],
            self.value[keep],
            self.status[keep],
            self.respondent[keep],
            self.role[keep],
            None if self.source is None else self.source[keep],
        )
        out.indicator = np.full(keep.size, indicator, dtype=np.int64)
        return out


def _role_positions(role: npt.NDArray[np.int8]) -> IntArray:
    """Role codes (-1 = none) as positions into ``[*roles, None]``."""
    out = role.astype(np.int64)
    out[out < 0] = len(_ROLES)
    return out


def _copied(
    table: ResponseTable, rows: IntArray, row_unit: IntArray, m: IndicatorMapping
) -> _Block:
    """The rows as they are (same, renamed, each part of a split), values mapped if asked."""
    value = table.value[rows].copy()
    if m.values is not None:
        mapped = value.copy()
        for a, b in m.values:
            mapped[value == a] = b
        value = mapped
    return _Block(
        row_unit[rows],
        value,
        table.status[rows].astype(np.int64),
        table.respondent[rows].astype(np.int64),
        _role_positions(table.role[rows]),
        rows,
    )


def _merged(
    table: ResponseTable, rows: IntArray, row_unit: IntArray, m: IndicatorMapping, ind: Indicator
) -> _Block:
    """One row per unit: the mean of the parts' mean answers, half-up to the scale's step."""
    units = np.unique(row_unit[rows])
    values, statuses = [], []
    indicator = table.indicator[rows]
    for u in units.tolist():
        mine = rows[row_unit[rows] == u]
        means = []
        for part in np.unique(indicator[row_unit[rows] == u]).tolist():
            cell = mine[table.indicator[mine] == part]
            answered = cell[table.status[cell] == _ANSWERED]
            if answered.size:
                means.append(float(np.mean(table.value[answered])))
        status = table.status[mine]
        if means:
            values.append(_on_step(float(np.mean(means)), ind))
            statuses.append(_ANSWERED)
        else:
            values.append(float("nan"))
            statuses.append(_NOT_APPLICABLE if (status == _NOT_APPLICABLE).all() else _NOT_ASSESSED)
    n = units.size
    role = _ROLES.index(ind.role)
    return _Block(
        units.astype(np.int64),
        np.array(values, dtype=np.float64),
        np.array(statuses, dtype=np.int64),
        np.full(n, -1, dtype=np.int64),
        np.full(n, role, dtype=np.int64),
        None,
    )


def _on_step(value: float, ind: Indicator) -> float:
    """``value`` rounded half-up to the indicator's scale step (as it is on a continuous one)."""
    step = ind.scale.step
    if step is None:
        return value
    base = Decimal(repr(ind.scale.minimum))
    steps = quantize((Decimal(repr(value)) - base) / Decimal(repr(step)), 0)
    return float(base + steps * Decimal(repr(step)))


class _Parts:
    """The carried blocks, assembled into one response table."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []

    def _per_row(self, column: Sequence[_T | None]) -> list[_T | None]:
        """A per-row column of the earlier table (evidence, dates) for the carried rows; a
        merged row, which has no one source row, gets ``None``."""
        out: list[_T | None] = []
        for b in self.blocks:
            if b.source is None:
                out += [None] * b.size
            else:
                out += [column[i] for i in b.source.tolist()]
        return out

    def add(self, block: _Block) -> None:
        if block.size:
            self.blocks.append(block)

    def table(self, round_: Round, old: ResponseTable, after_ids: Sequence[str]) -> ResponseTable:
        blocks = self.blocks

        def cat(name: str, dtype: type[np.generic]) -> npt.NDArray[np.generic]:
            if not blocks:
                return np.zeros(0, dtype=dtype)
            return np.concatenate([getattr(b, name) for b in blocks]).astype(dtype)

        table, problems = ResponseTable.from_columns(
            unit=cat("unit", np.int64),
            indicator=cat("indicator", np.int64),
            value=cat("value", np.float64),
            respondent=cat("respondent", np.int64),
            role=cat("role", np.int64),
            status=cat("status", np.int64),
            unit_codes=[u.code for u in round_.units],
            indicator_codes=list(after_ids),
            respondent_codes=old.respondent_codes,
            evidence=None if old.evidence is None else self._per_row(old.evidence),
            role_codes=[*(r.value for r in _ROLES), None],
            status_codes=[s.value for s in ResponseStatus],
        )
        if problems:  # built from a valid round and a checked crosswalk: a bug, not bad input
            raise AssertionError(problems)
        if old.collected is not None:  # from_columns takes no dates: carry them over
            table.collected = tuple(self._per_row(old.collected))
        return table


def _figures(
    round_: Round, crosswalk: Crosswalk, after: Rubric
) -> tuple[tuple[FigureOutcome, ...], tuple[DimensionScore, ...]]:
    """The dimension figures kept (their dimension is in the crosswalk's ``figures``), and an
    outcome per dimension that had any."""
    carried = set(crosswalk.figures)
    counts: dict[str, int] = {}
    for ds in round_.dimension_scores:
        counts[ds.dimension] = counts.get(ds.dimension, 0) + 1
    outcomes = tuple(
        FigureOutcome(dimension=d, carried=d in carried, units=n) for d, n in counts.items()
    )
    kept = tuple(ds for ds in round_.dimension_scores if ds.dimension in carried)
    return outcomes, kept
