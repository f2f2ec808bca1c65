"""The rubric checks of a round: what :func:`~kepatuhan.validate` and :func:`~kepatuhan.score`
run before any arithmetic, kept per (round, rubric) so that a round is checked once.

Readers call :func:`validate` to locate problems at cells; the scorer takes what the checks
found (:class:`Checked`) and where each answer sits (:class:`~kepatuhan.checks.Rows`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from ._cache import cached
from .checks import (
    Figures,
    Rows,
    dimension_inputs,
    figure_missing_problems,
    location_key,
    missing_problems,
    response_problems,
)
from .compile import UNIT_TYPE_CODES, CompiledRubric
from .errors import IncompleteDataError, InvalidRoundError
from .registry import resolve_rubric
from .responses import ANSWERED, STATUS_CODES, ResponseTable
from .round import Round
from .rubric import MissingPolicy, Rubric
from .vocab import ResponseStatus

__all__ = [
    "Checked",
    "applicable_cells",
    "check_round",
    "checked_rows",
    "refuse_missing",
    "validate",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NOT_APPLICABLE = STATUS_CODES[ResponseStatus.NOT_APPLICABLE]
NOT_ASSESSED = STATUS_CODES[ResponseStatus.NOT_ASSESSED]


# A round is immutable, so what its checks find against a rubric holds for every later score
# of it with that rubric. Kept per round for the few rubrics last used with it.
_CHECKED_KEEP = 4
_checked_lock = threading.Lock()


@dataclass(frozen=True)
class Checked:
    """What the rubric checks of a round found, kept for every later score of it: only
    facts per unit and per cell, nothing per answer (a kept copy of a column would hold
    memory for as long as the round lives)."""

    rub: Rubric
    unit_entity: IntArray
    figures: Figures  # units given as rapor figures, their node scores and missing parts
    counts: IntArray  # answered rows per (unit, indicator) cell
    marked_na: BoolArray | None  # (units × indicators) marked tidak_berlaku; None if none


def validate(
    round_: Round,
    rubric: Rubric | str | None = None,
    *,
    missing: MissingPolicy | None = None,
) -> None:
    """Check a round against its rubric (or ``rubric``) exactly as :func:`score` does,
    without scoring it.

    Raises :class:`~kepatuhan.InvalidRoundError` listing every problem, and under the
    ``strict`` missing-data policy (the rubric's, or ``missing``)
    :class:`~kepatuhan.IncompleteDataError` listing every applicable indicator nobody
    answered. Returns ``None`` for a round that :func:`score` accepts.
    """
    checked_rows(round_, rubric, missing=missing)


def checked_rows(
    round_: Round, rubric: Rubric | str | None = None, *, missing: MissingPolicy | None = None
) -> Rows:
    """:func:`validate`, returning where each response sits (unit, indicator, cell) for a
    caller that goes on to compute from the answers, such as the SKM calculator."""
    checked, rows = check_round(round_, rubric)
    policy = missing or checked.rub.missing_policy
    if policy == "strict":
        assessed = (checked.counts > 0).reshape(-1, checked.rub.compiled.n_indicators)
        applicable, _ = applicable_cells(round_, checked, rows, assessed)
        refuse_missing(round_, checked, policy, applicable & ~assessed)
    return rows


def check_round(round_: Round, rubric: Rubric | str | None) -> tuple[Checked, Rows]:
    """The rubric checks of a round: every problem at once, or what scoring needs, with
    where each answer sits.

    The checks run once per (round, rubric): both are immutable, so a later call reuses
    what they found and only locates the answers again.
    """
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    kept: dict[int, Checked] = cached(round_, "checked", dict)
    with _checked_lock:
        found = kept.get(id(rub))  # the entry holds ``rub``: its id cannot be reused
    if found is not None:
        return found, _rows(round_, rub)
    checked, rows = _run_checks(round_, rub)
    with _checked_lock:
        kept[id(rub)] = checked
        while len(kept) > _CHECKED_KEEP:
            del kept[next(iter(kept))]
    return checked, rows


def _rows(round_: Round, rub: Rubric) -> Rows:
    _, unit_type, _, unit_map = _unit_arrays(round_)
    return _locate(rub.compiled, round_.responses, unit_map, unit_type)


def _run_checks(round_: Round, rub: Rubric) -> tuple[Checked, Rows]:
    c = rub.compiled
    unit_pos, _, unit_entity, _ = _unit_arrays(round_)
    table = round_.responses
    rows = _rows(round_, rub)

    problems = response_problems(rub, c, table, rows)
    figures, dim_problems = dimension_inputs(rub, c, round_, unit_pos, rows.unit, rows.unit_type)
    problems += dim_problems
    if problems:
        raise InvalidRoundError(sorted(problems, key=location_key))
    n_cells = len(round_.units) * c.n_indicators
    cell = rows.cell if rows.all_answered else rows.cell[table.status == ANSWERED]
    checked = Checked(
        rub=rub,
        unit_entity=unit_entity,
        figures=figures,
        counts=np.bincount(cell, minlength=n_cells),
        marked_na=_marked_not_applicable(round_, rows, c.n_indicators),
    )
    return checked, rows


def _marked_not_applicable(round_: Round, rows: Rows, n_ind: int) -> BoolArray | None:
    """Cells marked tidak_berlaku with no belum_dinilai beside them (None if there are none)."""
    status = round_.responses.status
    if rows.all_answered or not (status == NOT_APPLICABLE).any():
        return None
    n_cells = len(round_.units) * n_ind
    na = np.bincount(rows.cell[status == NOT_APPLICABLE], minlength=n_cells) > 0
    pending = np.bincount(rows.cell[status == NOT_ASSESSED], minlength=n_cells) > 0
    return (na & ~pending).reshape(len(round_.units), n_ind)


def applicable_cells(
    round_: Round, checked: Checked, rows: Rows, assessed: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """Which (unit, indicator) cells count, and which units came as dimension scores.

    A cell counts where the indicator applies to the unit's type, unless it was marked
    tidak_berlaku with no answer and no belum_dinilai beside it; a unit given as dimension
    scores has no cells in this round's data.
    """
    c = checked.rub.compiled
    applicable = c.applies[:, rows.unit_type].T
    if checked.marked_na is not None:
        applicable = applicable & (assessed | ~checked.marked_na)
    else:
        applicable = applicable.copy()
    dim_level = np.zeros(len(round_.units), dtype=bool)
    dim_level[checked.figures.units] = True
    applicable[dim_level] = False
    return applicable, dim_level


def refuse_missing(
    round_: Round, checked: Checked, policy: MissingPolicy, missing_cells: BoolArray
) -> None:
    """Under the strict policy, every applicable cell nobody answered is an error, and every
    part of a unit given as rapor figures that no figure covers."""
    figures = checked.figures
    if policy == "strict" and (missing_cells.any() or figures.missing.any()):
        c = checked.rub.compiled
        problems = missing_problems(round_, c, missing_cells)
        problems += figure_missing_problems(round_, c, figures)
        raise IncompleteDataError(sorted(problems, key=location_key))


def _locate(
    c: CompiledRubric, table: ResponseTable, unit_map: IntArray, unit_type: IntArray
) -> Rows:
    """Unit and indicator position of every response (one gather each, via the categories)."""
    if not len(table):
        empty = np.zeros(0, dtype=np.int64)
        return Rows(unit=empty, indicator=empty, unit_type=unit_type, cell=empty, all_answered=True)

    ind_map = np.array(
        [c.indicator_index.get(code, -1) for code in table.indicator_codes], dtype=np.int64
    )
    identity_units = bool(np.array_equal(unit_map, np.arange(unit_map.size)))
    identity_inds = bool(np.array_equal(ind_map, np.arange(ind_map.size)))
    row_unit = table.unit if identity_units else unit_map[table.unit]
    row_ind = table.indicator if identity_inds else ind_map[table.indicator]
    cell = row_unit * c.n_indicators
    cell += np.maximum(row_ind, 0) if int(ind_map.min(initial=0)) < 0 else row_ind
    all_answered = bool((table.status == ANSWERED).all())
    return Rows(
        unit=row_unit, indicator=row_ind, unit_type=unit_type, cell=cell, all_answered=all_answered
    )


def _unit_arrays(round_: Round) -> tuple[dict[str, int], IntArray, IntArray, IntArray]:
    """Per round (cached): position of each unit code, each unit's type code and entity
    position, and the unit position of each unit category of the response table."""

    def build() -> tuple[dict[str, int], IntArray, IntArray, IntArray]:
        units = round_.units
        entity_codes = map(attrgetter("code"), round_.entities)
        entity_pos = {code: j for j, code in enumerate(entity_codes)}
        unit_codes = tuple(map(attrgetter("code"), units))
        unit_pos = {code: i for i, code in enumerate(unit_codes)}
        table_codes = round_.responses.unit_codes
        if table_codes == unit_codes:  # the usual order: answers coded by unit position
            unit_map = np.arange(len(unit_codes), dtype=np.int64)
        else:
            unit_map = np.fromiter((unit_pos.get(c, -1) for c in table_codes), np.int64)
        types = map(UNIT_TYPE_CODES.__getitem__, map(attrgetter("unit_type"), units))
        owners = map(entity_pos.__getitem__, map(attrgetter("entity"), units))
        return (
            unit_pos,
            np.fromiter(types, dtype=np.int64, count=len(units)),
            np.fromiter(owners, dtype=np.int64, count=len(units)),
            unit_map,
        )

    return cached(round_, "unit_arrays", build)
