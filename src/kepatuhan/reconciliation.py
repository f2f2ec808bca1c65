"""Reconciliation: where a self-assessment disagrees with the official result, and what each
disagreement is worth ("catatan kekurangan").

Both sides are rounds of the same rubric; units pair by code. Each (unit, indicator) cell is
in one of three states on each side: ``answered`` (scored), ``tidak_berlaku`` (not
applicable) or ``missing`` (applicable, no answer). A disagreement is classified as:

* ``over_claimed`` — both answered, the self-assessed indicator score is higher, and at
  least one answered self-assessment row of the cell carries an evidence link;
* ``missing_evidence`` — both answered, the self-assessed score is higher, and no answered
  self-assessment row of the cell carries an evidence link (``Response.evidence`` is
  ``None`` or blank on all of them): a claim the Ombudsman could not verify;
* ``under_claimed`` — both answered, the self-assessed score is lower;
* ``na_disagreement`` — one side ``tidak_berlaku``, the other answered;
* ``unanswered`` — one side missing, the other answered or ``tidak_berlaku``.

The points at stake of a disagreement are found by re-scoring: the official answers of the
unit with that one indicator's rows replaced by the self-assessment's rows, scored with the
same rubric and missing-data policy. ``unit_points`` is the change of the unit's unrounded
score on the reporting scale (positive: the official score would rise), ``unit_change`` the
change of its published (rounded) score, ``entity_change`` the change of the entity's
published score under the rubric's roll-up, the entity's other units as officially scored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._frames import Backend, Column, ScoreForm, Table
from ._model import FrozenModel
from .catalog import Message
from .entities import ServiceUnit
from .errors import InvalidInputError, InvalidRoundError, Problem
from .registry import resolve_rubric
from .responses import ANSWERED, ResponseTable
from .results import RoundResult
from .round import Round
from .rubric import Rubric
from .scoring import score
from .vocab import RespondentRole, ResponseStatus

__all__ = [
    "CellState",
    "Disagreement",
    "DisagreementKind",
    "EntityReconciliation",
    "Reconciliation",
    "UnitReconciliation",
    "reconcile",
]

_TOLERANCE = 1e-9  # indicator scores (0–100) closer than this agree


class DisagreementKind(StrEnum):
    """How a self-assessment and the official result disagree on one indicator of a unit."""

    OVER_CLAIMED = "over_claimed"
    MISSING_EVIDENCE = "missing_evidence"
    UNDER_CLAIMED = "under_claimed"
    NA_DISAGREEMENT = "na_disagreement"
    UNANSWERED = "unanswered"


class CellState(StrEnum):
    """One side's state of a (unit, indicator) cell."""

    ANSWERED = "answered"
    NOT_APPLICABLE = "tidak_berlaku"
    MISSING = "missing"


TEXTS: Mapping[str, Message] = {
    "over_claimed": Message(en="over-claimed", id="klaim berlebih"),
    "missing_evidence": Message(en="missing evidence", id="bukti dukung tidak ada"),
    "under_claimed": Message(en="under-claimed", id="klaim kurang"),
    "na_disagreement": Message(en="N/A disagreement", id="beda tidak berlaku"),
    "unanswered": Message(en="answered on one side only", id="hanya dijawab satu pihak"),
    "worklist": Message(en="reconciliation worklist", id="catatan kekurangan"),
}
"""Bilingual names of the disagreement kinds and of the worklist (catalog ``reconcile``)."""

_SWAPPED = {
    DisagreementKind.OVER_CLAIMED: DisagreementKind.UNDER_CLAIMED,
    DisagreementKind.MISSING_EVIDENCE: DisagreementKind.UNDER_CLAIMED,
    DisagreementKind.UNDER_CLAIMED: DisagreementKind.OVER_CLAIMED,
}


class Disagreement(FrozenModel):
    """One indicator of one unit on which the two sides disagree, with its points at stake."""

    unit: str
    entity: str
    indicator: str
    indicator_name: str
    kind: DisagreementKind
    self_state: CellState
    official_state: CellState
    self_score: float | None = Field(description="self-assessed 0–100 indicator score")
    official_score: float | None = Field(description="official 0–100 indicator score")
    self_evidence: bool = Field(description="an answered self-assessment row has evidence")
    unit_points: float | None = Field(
        description="change of the unit's unrounded score if the official answer took the "
        "self-assessed one; None if the unit would then have no score"
    )
    unit_change: Decimal | None = Field(description="change of the unit's published score")
    entity_change: Decimal | None = Field(description="change of the entity's published score")


class UnitReconciliation(FrozenModel):
    """The disagreements of one paired unit, counted by kind, and their points."""

    unit: str
    entity: str
    self_score: Decimal | None
    official_score: Decimal | None
    disagreements: int
    by_kind: dict[DisagreementKind, int]
    points_over: float = Field(description="sum of the positive unit_points (claimed above)")
    points_under: float = Field(description="sum of the negative unit_points (below)")
    dimension_input: bool = Field(
        description="a side gives the unit as dimension scores: its indicators are not compared"
    )


class EntityReconciliation(FrozenModel):
    """The totals of an entity's paired units."""

    entity: str
    self_score: Decimal | None
    official_score: Decimal | None
    disagreements: int
    by_kind: dict[DisagreementKind, int]
    points_over: float
    points_under: float


class Reconciliation(FrozenModel):
    """The worklist (largest points at stake first) and the totals per unit and entity."""

    rubric: str
    precision: int = Field(description="decimals of the rubric's published scores")
    worklist: tuple[Disagreement, ...]
    units: tuple[UnitReconciliation, ...]
    entities: tuple[EntityReconciliation, ...]
    only_self: tuple[str, ...] = Field(description="unit codes only the self-assessment has")
    only_official: tuple[str, ...] = Field(description="unit codes only the official round has")

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Reconciliation:
        return cls.model_validate_json(data)

    def to_frame(self, backend: Backend = "pandas", *, scores: ScoreForm = "float") -> Any:
        """The worklist as a table, one row per disagreement in worklist order (pandas,
        polars, pyarrow, or ``"numpy"``: a dict of arrays); the published changes
        (``unit_change``, ``entity_change``) as ``scores`` says, as in ``RoundResult``."""
        rows = self.worklist

        def text(name: str, values: list[str]) -> Column:
            return Column(name, "string", np.array(values, dtype=object))

        def category(name: str, values: list[str], categories: tuple[str, ...]) -> Column:
            codes = np.array([categories.index(v) for v in values], dtype=np.int32)
            return Column(name, "category", codes, categories=categories)

        def floats(name: str, values: list[float | None]) -> Column:
            data = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
            return Column(name, "float", data)

        def score(name: str, values: list[Decimal | None]) -> Column:
            null = np.array([v is None for v in values], dtype=bool)
            data = np.array(
                [0 if v is None else int(v.scaleb(self.precision)) for v in values],
                dtype=np.int64,
            )
            return Column(name, "score", data, null=null, precision=self.precision)

        kinds = tuple(k.value for k in DisagreementKind)
        states = tuple(c.value for c in CellState)
        columns = [
            text("unit", [d.unit for d in rows]),
            text("entity", [d.entity for d in rows]),
            text("indicator", [d.indicator for d in rows]),
            text("indicator_name", [d.indicator_name for d in rows]),
            category("kind", [d.kind.value for d in rows], kinds),
            category("self_state", [d.self_state.value for d in rows], states),
            category("official_state", [d.official_state.value for d in rows], states),
            floats("self_score", [d.self_score for d in rows]),
            floats("official_score", [d.official_score for d in rows]),
            Column("self_evidence", "bool", np.array([d.self_evidence for d in rows], bool)),
            floats("unit_points", [d.unit_points for d in rows]),
            score("unit_change", [d.unit_change for d in rows]),
            score("entity_change", [d.entity_change for d in rows]),
        ]
        return Table(tuple(columns)).convert(backend, scores=scores)

    def swapped_kind(self, kind: DisagreementKind) -> DisagreementKind:
        """The kind a disagreement has with the sides swapped (over ↔ under; a missing
        evidence claim becomes under-claimed from the other side)."""
        return _SWAPPED.get(kind, kind)


def reconcile(
    self_assessment: Round, official: Round, *, rubric: Rubric | str | None = None
) -> Reconciliation:
    """Compare a self-assessment with the official round indicator by indicator.

    Raises :class:`~kepatuhan.InvalidRoundError` (every problem at once) if the rounds name
    different rubrics (and ``rubric`` is not given) or a paired unit belongs to different
    entities; scoring problems of either round are raised as :func:`kepatuhan.score` does,
    located in ``self_assessment.`` or ``official.``.
    """
    problems: list[Problem] = []
    if rubric is None and self_assessment.rubric != official.rubric:
        params = {"self_rubric": self_assessment.rubric, "official_rubric": official.rubric}
        problems.append(Problem("self_assessment.rubric", "reconcile_rubric_mismatch", params))
    official_at = {u.code: i for i, u in enumerate(official.units)}
    for i, u in enumerate(self_assessment.units):
        j = official_at.get(u.code)
        if j is not None and official.units[j].entity != u.entity:
            params = {"unit": u.code, "self_entity": u.entity, "official": official.units[j].entity}
            where = f"self_assessment.units[{i}].entity"
            problems.append(Problem(where, "reconcile_entity_mismatch", params))
    if problems:
        raise InvalidRoundError(problems)
    rub = resolve_rubric(rubric if rubric is not None else official.rubric)
    return _Reconciler(self_assessment, official, rub).run()


def _scored(round_: Round, rub: Rubric, side: str) -> RoundResult:
    """``score(round_, rub)``; its problems, if any, located in ``side``
    (``self_assessment.units[2]``), so that the user knows which round they are in."""
    try:
        return score(round_, rub)
    except InvalidInputError as exc:
        if type(exc).__init__ is not InvalidInputError.__init__:
            raise
        moved = [
            Problem(f"{side}.{p.location}" if p.location else side, p.code, p.params)
            for p in exc.problems
        ]
        raise type(exc)(moved, subject=exc.subject) from None


def _evidence_cells(round_: Round) -> set[tuple[str, str]]:
    """(unit, indicator) cells with an answered row that carries an evidence link."""
    table = round_.responses
    if table.evidence is None:
        return set()
    status = table.status.tolist()
    units, inds = table.unit.tolist(), table.indicator.tolist()
    return {
        (table.unit_codes[units[i]], table.indicator_codes[inds[i]])
        for i, link in enumerate(table.evidence)
        if link is not None and link.strip() and status[i] == ANSWERED
    }


def _rows_by_unit(round_: Round) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    table = round_.responses
    for row, u in enumerate(table.unit.tolist()):
        out.setdefault(table.unit_codes[u], []).append(row)
    return out


def _states(res: RoundResult, u: int) -> list[CellState]:
    c = res.columns
    applicable, assessed = c.applicable[u].tolist(), c.assessed[u].tolist()
    return [
        CellState.ANSWERED if s else (CellState.MISSING if a else CellState.NOT_APPLICABLE)
        for a, s in zip(applicable, assessed, strict=True)
    ]


def _kind(
    s: CellState, o: CellState, ds: float, do: float, evidence: bool
) -> DisagreementKind | None:
    answered = CellState.ANSWERED
    if s == answered and o == answered:
        if ds > do + _TOLERANCE:
            return DisagreementKind.OVER_CLAIMED if evidence else DisagreementKind.MISSING_EVIDENCE
        if ds < do - _TOLERANCE:
            return DisagreementKind.UNDER_CLAIMED
        return None
    if s == o:
        return None
    if CellState.MISSING in (s, o):
        return DisagreementKind.UNANSWERED
    return DisagreementKind.NA_DISAGREEMENT


class _Reconciler:
    """Pairs the units, classifies the cells and re-scores each disagreement."""

    def __init__(self, mine: Round, official: Round, rub: Rubric) -> None:
        self.mine, self.official, self.rub = mine, official, rub
        self.mine_res = _scored(mine, rub, "self_assessment")
        self.off_res = _scored(official, rub, "official")
        self.policy = self.off_res.columns.meta.missing_policy
        self.mine_rows = _rows_by_unit(mine)
        self.off_rows = _rows_by_unit(official)
        self.evidence = _evidence_cells(mine)
        self.entities = {e.code: e for e in official.entities}
        self.cache: dict[tuple[str, str | None], tuple[float, int, bool]] = {}

    def run(self) -> Reconciliation:
        mine_at = {u.code: i for i, u in enumerate(self.mine.units)}
        official_at = {u.code for u in self.official.units}
        oc, mc = self.off_res.columns, self.mine_res.columns
        ids = oc.indicator_ids
        found: list[tuple[int, int, Disagreement]] = []
        unit_rows: list[UnitReconciliation] = []
        tasks: list[tuple[ServiceUnit, str | None]] = []
        for ou, unit in enumerate(self.official.units):
            mu = mine_at.get(unit.code)
            if mu is not None and not (oc.dimension_input[ou] or mc.dimension_input[mu]):
                differ = [ids[k] for k, _, _ in self._cells(ou, mu, unit)]
                tasks += [(unit, None)] * bool(differ) + [(unit, ind) for ind in differ]
        self._prefetch(tasks)
        for ou, unit in enumerate(self.official.units):
            mu = mine_at.get(unit.code)
            if mu is None:
                continue
            dim = bool(oc.dimension_input[ou] or mc.dimension_input[mu])
            cells: list[Disagreement] = []
            if not dim:
                cells = self._unit(ou, mu, unit)
                found += [(ou, ids.index(d.indicator), d) for d in cells]
            unit_rows.append(
                UnitReconciliation(
                    unit=unit.code,
                    entity=unit.entity,
                    self_score=mc.unit_scores[mu],
                    official_score=oc.unit_scores[ou],
                    disagreements=len(cells),
                    by_kind=_count(cells),
                    points_over=_points(cells, 1),
                    points_under=_points(cells, -1),
                    dimension_input=dim,
                )
            )
        found.sort(key=lambda t: (_order_key(t[2]), t[0], t[1]))
        return Reconciliation(
            rubric=self.rub.id,
            precision=oc.precision,
            worklist=tuple(d for _, _, d in found),
            units=tuple(unit_rows),
            entities=self._entities(unit_rows, [d for _, _, d in found]),
            only_self=tuple(u.code for u in self.mine.units if u.code not in official_at),
            only_official=tuple(u.code for u in self.official.units if u.code not in mine_at),
        )

    def _cells(
        self, ou: int, mu: int, unit: ServiceUnit
    ) -> list[tuple[int, DisagreementKind, bool]]:
        """(indicator position, kind, self evidence) of each disagreement of a paired unit."""
        oc, mc = self.off_res.columns, self.mine_res.columns
        nodes = oc.indicator_node
        o_states, m_states = _states(self.off_res, ou), _states(self.mine_res, mu)
        o_scores = oc.node_score[ou, nodes].tolist()
        m_scores = mc.node_score[mu, nodes].tolist()
        out = []
        for k, ind in enumerate(oc.indicator_ids):
            evidence = (unit.code, ind) in self.evidence
            kind = _kind(m_states[k], o_states[k], m_scores[k], o_scores[k], evidence)
            if kind is not None:
                out.append((k, kind, evidence))
        return out

    def _unit(self, ou: int, mu: int, unit: ServiceUnit) -> list[Disagreement]:
        oc, mc = self.off_res.columns, self.mine_res.columns
        nodes = oc.indicator_node
        o_states, m_states = _states(self.off_res, ou), _states(self.mine_res, mu)
        o_scores = oc.node_score[ou, nodes].tolist()
        m_scores = mc.node_score[mu, nodes].tolist()
        out: list[Disagreement] = []
        cells = self._cells(ou, mu, unit)
        if not cells:
            return out
        base = self.cache[(unit.code, None)]
        for k, kind, evidence in cells:
            ind = oc.indicator_ids[k]
            new = self.cache[(unit.code, ind)]
            out.append(
                self._disagreement(
                    ou, unit, k, kind, evidence, base, new, m_states, o_states, m_scores, o_scores
                )
            )
        return out

    def _disagreement(
        self,
        ou: int,
        unit: ServiceUnit,
        k: int,
        kind: DisagreementKind,
        evidence: bool,
        base: tuple[float, int, bool],
        new: tuple[float, int, bool],
        m_states: list[CellState],
        o_states: list[CellState],
        m_scores: list[float],
        o_scores: list[float],
    ) -> Disagreement:
        oc = self.off_res.columns
        points: float | None = None
        unit_change: Decimal | None = None
        entity_change: Decimal | None = None
        if new[2] and base[2]:
            points = new[0] - base[0]
            unit_change = oc.decimal(new[1] - base[1])
            entity_change = self._entity_change(ou, new[1])
        ind = oc.indicator_ids[k]
        return Disagreement(
            unit=unit.code,
            entity=unit.entity,
            indicator=ind,
            indicator_name=oc.node_names[int(oc.indicator_node[k])],
            kind=kind,
            self_state=m_states[k],
            official_state=o_states[k],
            self_score=_score(m_scores[k]),
            official_score=_score(o_scores[k]),
            self_evidence=evidence,
            unit_points=points,
            unit_change=unit_change,
            entity_change=entity_change,
        )

    def _prefetch(self, tasks: Sequence[tuple[ServiceUnit, str | None]]) -> None:
        """Re-score every task at once: one round holding a copy of the unit per task (each
        unit is scored on its own row, so this is the same as one round per task). A task is
        a unit with the official answers, the rows of one indicator (None: none) taken from
        the self-assessment. No copy can be refused as incomplete: the rows swapped in are
        answered or tidak_berlaku on a side that scored under the same policy."""
        if not tasks:
            return
        off, mine = self.official.responses, self.mine.responses
        unit_col: list[str] = []
        ind_col: list[str] = []
        value_col: list[float] = []
        resp_col: list[str | None] = []
        role_col: list[RespondentRole | None] = []
        status_col: list[ResponseStatus] = []
        units = []
        columns = {id(off): _decode(off), id(mine): _decode(mine)}
        for n, (unit, indicator) in enumerate(tasks):
            code = f"r{n}"
            units.append(unit.model_copy(update={"code": code}))
            picked = [
                (off, i)
                for i in self.off_rows.get(unit.code, [])
                if indicator is None or off.indicator_codes[int(off.indicator[i])] != indicator
            ]
            if indicator is not None:
                picked += [
                    (mine, i)
                    for i in self.mine_rows.get(unit.code, [])
                    if mine.indicator_codes[int(mine.indicator[i])] == indicator
                ]
            for table, i in picked:
                ind, value, respondent, role, status = columns[id(table)]
                unit_col.append(code)
                ind_col.append(ind[i])
                value_col.append(value[i])
                resp_col.append(respondent[i])
                role_col.append(role[i])
                status_col.append(status[i])
        entities = {u.entity: self.entities[u.entity] for u, _ in tasks}
        batch = Round.from_columns(
            rubric=self.official.rubric,
            entities=list(entities.values()),
            units=units,
            unit=np.array(unit_col, dtype=object),
            indicator=np.array(ind_col, dtype=object),
            value=np.array(value_col, dtype=np.float64),
            respondent=np.array(resp_col, dtype=object),
            role=role_col,
            status=status_col,
        )
        c = score(batch, self.rub, missing=self.policy).columns
        raw, scaled, has = c.unit_raw.tolist(), c.unit_scaled.tolist(), c.unit_has.tolist()
        for n, (unit, indicator) in enumerate(tasks):
            self.cache[(unit.code, indicator)] = (raw[n], scaled[n], has[n])

    def _entity_change(self, ou: int, new_scaled: int) -> Decimal | None:
        oc = self.off_res.columns
        e = int(oc.unit_entity[ou])
        members = np.flatnonzero(oc.unit_entity == e)
        scaled = oc.unit_scaled[members].copy()
        has = oc.unit_has[members].copy()
        at = int(np.flatnonzero(members == ou)[0])
        scaled[at], has[at] = new_scaled, True
        group: npt.NDArray[np.int64] = np.zeros(members.size, dtype=np.int64)
        out, out_has = oc.rollup_function(group, scaled, has, 1)
        if not (bool(out_has[0]) and bool(oc.entity_has[e])):
            return None
        return oc.decimal(int(out[0]) - int(oc.entity_scaled[e]))

    def _entities(
        self, units: Sequence[UnitReconciliation], found: Sequence[Disagreement]
    ) -> tuple[EntityReconciliation, ...]:
        oc, mc = self.off_res.columns, self.mine_res.columns
        mine_at = {e.code: i for i, e in enumerate(self.mine.entities)}
        out = []
        for e, entity in enumerate(self.official.entities):
            mine_units = [u for u in units if u.entity == entity.code]
            if not mine_units:
                continue
            cells = [d for d in found if d.entity == entity.code]
            m = mine_at.get(entity.code)
            out.append(
                EntityReconciliation(
                    entity=entity.code,
                    self_score=None if m is None else mc.entity_scores[m],
                    official_score=oc.entity_scores[e],
                    disagreements=len(cells),
                    by_kind=_count(cells),
                    points_over=_points(cells, 1),
                    points_under=_points(cells, -1),
                )
            )
        return tuple(out)


_Decoded = tuple[
    list[str], list[float], list[str | None], list[RespondentRole | None], list[ResponseStatus]
]


def _decode(table: ResponseTable) -> _Decoded:
    """Indicator, value, respondent, role and status of every row, as Python lists."""
    roles, statuses = tuple(RespondentRole), tuple(ResponseStatus)
    codes = table.respondent_codes
    return (
        [table.indicator_codes[i] for i in table.indicator.tolist()],
        table.value.tolist(),
        [None if r < 0 else codes[r] for r in table.respondent.tolist()],
        [None if r < 0 else roles[r] for r in table.role.tolist()],
        [statuses[s] for s in table.status.tolist()],
    )


def _score(value: float) -> float | None:
    return None if math.isnan(value) else value


def _count(cells: Sequence[Disagreement]) -> dict[DisagreementKind, int]:
    return {k: n for k in DisagreementKind if (n := sum(1 for d in cells if d.kind == k))}


def _points(cells: Sequence[Disagreement], sign: int) -> float:
    return math.fsum(
        d.unit_points for d in cells if d.unit_points is not None and d.unit_points * sign > 0
    )


def _order_key(d: Disagreement) -> float:
    """Largest points at stake first; disagreements without points last."""
    return math.inf if d.unit_points is None else -abs(d.unit_points)
