"""The scoring pipeline: validate → normalise → reduce respondents → aggregate → round → zone.

Everything is vectorised over responses and units; Python loops run only over rubric
levels, strategies and problems found.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from ._cache import cached
from .checks import Rows, dimension_inputs, location_key, missing_problems, response_problems
from .compile import UNIT_TYPE_CODES, CompiledRubric
from .errors import IncompleteDataError, InvalidRoundError
from .registry import resolve_rubric
from .responses import ANSWERED, STATUS_CODES, ResponseTable
from .results import ResultMeta, RoundColumns, RoundResult
from .round import Round
from .rounding import to_scaled_int
from .rubric import MissingPolicy, Rubric
from .strategies import mean_reduction, reduction_for, rollup_for
from .vocab import ResponseStatus

__all__ = ["score", "validate"]

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
class _Checked:
    """What the rubric checks of a round found, kept for every later score of it: only
    facts per unit and per cell, nothing per answer (a kept copy of a column would hold
    memory for as long as the round lives)."""

    rub: Rubric
    unit_entity: IntArray
    dim_units: IntArray
    dim_scores: FloatArray
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
    checked, rows = _check(round_, rubric)
    policy = missing or checked.rub.missing_policy
    if policy == "strict":
        assessed = (checked.counts > 0).reshape(-1, checked.rub.compiled.n_indicators)
        applicable, _ = _applicable(round_, checked, rows, assessed)
        _refuse_missing(round_, checked, policy, applicable & ~assessed)
    return rows


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
    checked, rows = _check(round_, rubric)
    rub = checked.rub
    policy = missing or rub.missing_policy
    c = rub.compiled
    n_units, n_ind = len(round_.units), c.n_indicators
    unit_entity, dim_units, dim_scores = checked.unit_entity, checked.dim_units, checked.dim_scores
    table = round_.responses

    # Reduce respondents per (unit, indicator), then normalise each cell ------------------------
    n_cells = n_units * n_ind
    answered = None if rows.all_answered else table.status == ANSWERED
    cell = rows.cell if answered is None else rows.cell[answered]
    raw = table.value if answered is None else table.value[answered]
    strategies = sorted(set(c.reduction))
    ind: IntArray | None = None
    if not c.higher_is_better.all():
        # Orient every answer so that higher is better: reductions commute with that map.
        ind = rows.indicator if answered is None else rows.indicator[answered]
        raw = np.where(c.higher_is_better[ind], raw, -raw)
    if strategies == ["mean"] and reduction_for(rub, "mean") is mean_reduction:
        # The answers per cell are known from the checks: one weighted bincount is left.
        sums = np.bincount(cell, weights=raw, minlength=n_cells)
        with np.errstate(invalid="ignore", divide="ignore"):
            reduced = np.where(checked.counts > 0, sums / checked.counts, np.nan)
    else:
        reduced = np.full(n_cells, np.nan)
        for name in strategies:
            if len(strategies) == 1:
                part = reduction_for(rub, name)(cell, raw, n_cells)
            else:
                if ind is None:
                    ind = rows.indicator if answered is None else rows.indicator[answered]
                uses = np.array([r == name for r in c.reduction], dtype=bool)[ind]
                part = reduction_for(rub, name)(cell[uses], raw[uses], n_cells)
            reduced = np.where(np.isnan(reduced), part, reduced)
    oriented = reduced.reshape(n_units, n_ind)
    span = c.scale_max - c.scale_min
    leaf = np.where(
        c.higher_is_better, (oriented - c.scale_min) / span, (oriented + c.scale_max) / span
    )
    assessed = ~np.isnan(leaf)
    applicable, dim_level = _applicable(round_, checked, rows, assessed)
    missing_cells = applicable & ~assessed
    if missing_cells.any():
        _refuse_missing(round_, checked, policy, missing_cells)
        if policy == "zero":
            leaf = np.where(missing_cells, 0.0, leaf)

    # Aggregate level by level as masked weighted means ----------------------------------------
    node_score = np.full((n_units, c.n_nodes), np.nan)
    node_score[:, c.indicator_node] = leaf * 100.0
    dens = []
    for level in c.levels:
        x = node_score[:, level.children]
        present = ~np.isnan(x)
        num = level.weighted_sum(np.where(present, x, 0.0))
        den = level.weighted_sum(present.astype(np.float64))
        dens.append(den)
        with np.errstate(invalid="ignore", divide="ignore"):
            # A weighted mean of values in [0, 100] may overshoot by an ulp: clip it back.
            mean = np.clip(num / den, 0.0, 100.0)
            node_score[:, level.parents] = np.where(den > 0, mean, np.nan)
    if dim_units.size:
        node_score[dim_units] = np.nan
        node_score[np.ix_(dim_units, c.top)] = dim_scores

    top = node_score[:, c.top]
    top_present = ~np.isnan(top)
    top_w = np.where(top_present, c.top_share, 0.0)
    top_den = top_w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = (np.where(top_present, top, 0.0) * top_w).sum(axis=1) / top_den
        unit_raw = np.where(top_den > 0, np.clip(total, 0.0, 100.0), np.nan)

    # Onto the reporting scale, round, zone, roll up -------------------------------------------
    low, high = float(rub.zoning.minimum), float(rub.zoning.maximum)
    if (low, high) != (0.0, 100.0):
        unit_raw = low + unit_raw * ((high - low) / 100.0)
    unit_has = ~np.isnan(unit_raw)
    unit_scaled = to_scaled_int(unit_raw, rub.precision)
    unit_band = rub.zoning.band_indices(unit_scaled)
    rollup = rollup_for(rub, rub.entity_rollup)
    n_ent = len(round_.entities)
    entity_scaled, entity_has = rollup(unit_entity, unit_scaled, unit_has, n_ent)
    entity_units_scored = np.bincount(unit_entity[unit_has], minlength=n_ent).astype(np.int64)

    return RoundResult(
        columns=RoundColumns(
            meta=ResultMeta.model_construct(  # from validated parts
                rubric=rub.info,
                precision=rub.precision,
                score_range=(rub.zoning.minimum, rub.zoning.maximum),
                missing_policy=policy,
                entity_rollup=rub.entity_rollup,
                round_title=round_.title,
                synthetic=round_.synthetic,
                assumptions=rub.assumptions(),
            ),
            bands=rub.zoning.bands,
            node_ids=c.node_ids,
            node_names=c.node_names,
            node_parent=c.parent,
            top=c.top,
            top_share=c.top_share,
            indicator_ids=c.indicator_ids,
            indicator_node=c.indicator_node,
            units=round_.units,
            entities=round_.entities,
            unit_entity=unit_entity,
            dimension_input=dim_level,
            node_score=node_score,
            share_of=_Shares(c, node_score, top_w, top_den, tuple(dens)),
            unit_raw=unit_raw,
            unit_scaled=unit_scaled,
            unit_has=unit_has,
            unit_band=unit_band,
            applicable=applicable,
            assessed=assessed,
            answer_counts=checked.counts.reshape(n_units, n_ind),
            indicator_role=c.role,
            indicator_respondents=c.respondents,
            entity_scaled=entity_scaled,
            entity_has=entity_has,
            entity_band=rub.zoning.band_indices(entity_scaled),
            entity_units_scored=entity_units_scored,
            rollup=rollup,
            opinion=rub.opinion,
            entity_opinion=None if rub.opinion is None else round_.entity_opinions(rub.opinion),
        )
    )


@dataclass(frozen=True)
class _Shares:
    """Each node's share of its unit's 100 points, computed when first asked for (points lost
    and contributions need it; the scores do not). Not-applicable nodes carry none; their
    siblings' shares grow as their weights renormalise."""

    compiled: CompiledRubric
    node_score: FloatArray
    top_w: FloatArray
    top_den: FloatArray
    dens: tuple[FloatArray, ...]  # per level (as compiled.levels): present weight per parent

    def __call__(self) -> FloatArray:
        c, node_score, top_den = self.compiled, self.node_score, self.top_den
        share = np.zeros(node_score.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            share[:, c.top] = np.where(top_den[:, None] > 0, self.top_w / top_den[:, None], 0.0)
            for level, den in zip(reversed(c.levels), reversed(self.dens), strict=True):
                parent_col = np.searchsorted(level.parents, c.parent[level.children])
                w = c.weight[level.children]
                present = ~np.isnan(node_score[:, level.children])
                d = den[:, parent_col]
                share[:, level.children] = np.where(
                    present & (d > 0), share[:, c.parent[level.children]] * w / d, 0.0
                )
        return share


def _check(round_: Round, rubric: Rubric | str | None) -> tuple[_Checked, Rows]:
    """The rubric checks of a round: every problem at once, or what scoring needs, with
    where each answer sits.

    The checks run once per (round, rubric): both are immutable, so a later call reuses
    what they found and only locates the answers again.
    """
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    kept: dict[int, _Checked] = cached(round_, "checked", dict)
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


def _run_checks(round_: Round, rub: Rubric) -> tuple[_Checked, Rows]:
    c = rub.compiled
    unit_pos, _, unit_entity, _ = _unit_arrays(round_)
    table = round_.responses
    rows = _rows(round_, rub)

    problems = response_problems(rub, c, table, rows)
    dim_units, dim_scores, dim_problems = dimension_inputs(rub, c, round_, unit_pos, rows.unit)
    problems += dim_problems
    if problems:
        raise InvalidRoundError(sorted(problems, key=location_key))
    n_cells = len(round_.units) * c.n_indicators
    cell = rows.cell if rows.all_answered else rows.cell[table.status == ANSWERED]
    checked = _Checked(
        rub=rub,
        unit_entity=unit_entity,
        dim_units=dim_units,
        dim_scores=dim_scores,
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


def _applicable(
    round_: Round, checked: _Checked, rows: Rows, assessed: BoolArray
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
    dim_level[checked.dim_units] = True
    applicable[dim_level] = False
    return applicable, dim_level


def _refuse_missing(
    round_: Round, checked: _Checked, policy: MissingPolicy, missing_cells: BoolArray
) -> None:
    """Under the strict policy, every applicable cell nobody answered is an error."""
    if policy == "strict" and missing_cells.any():
        raise IncompleteDataError(missing_problems(round_, checked.rub.compiled, missing_cells))


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
