"""The scoring pipeline: normalise → reduce respondents → aggregate → round → zone, after
the checks of :mod:`kepatuhan.validation`.

Everything is vectorised over responses and units; Python loops run only over rubric
levels, strategies and problems found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .checks import Figures
from .compile import CompiledRubric
from .responses import ANSWERED
from .results import ResultMeta, RoundColumns, RoundResult
from .round import Round
from .rounding import to_scaled_int
from .rubric import MissingPolicy, Rubric
from .strategies import mean_reduction, reduction_for, rollup_for
from .validation import applicable_cells, check_round, refuse_missing, validate

__all__ = ["score", "validate"]  # validate: re-exported from .validation, its home

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


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
    checked, rows = check_round(round_, rubric)
    rub = checked.rub
    policy = missing or rub.missing_policy
    c = rub.compiled
    n_units, n_ind = len(round_.units), c.n_indicators
    unit_entity, figures = checked.unit_entity, checked.figures
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
    applicable, dim_level = applicable_cells(round_, checked, rows, assessed)
    missing_cells = applicable & ~assessed
    if missing_cells.any() or figures.missing.any():
        refuse_missing(round_, checked, policy, missing_cells)
        if policy == "zero":
            leaf = np.where(missing_cells, 0.0, leaf)

    # Aggregate level by level as masked weighted means ----------------------------------------
    node_score = np.full((n_units, c.n_nodes), np.nan)
    node_score[:, c.indicator_node] = leaf * 100.0
    # Units given as rapor figures: each figure fixes its node, whatever the level; a part no
    # figure covers is left out (exclude) or counts 0 (zero), as an unanswered indicator.
    fixed = figures.scores
    if figures.units.size and policy == "zero":
        fixed = np.where(figures.missing, 0.0, fixed)
    if figures.units.size:
        node_score[figures.units] = fixed
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
        if figures.units.size:
            at = np.ix_(figures.units, level.parents)
            given = fixed[:, level.parents]
            node_score[at] = np.where(np.isnan(given), node_score[at], given)

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
            top=_reported(c),
            top_share=c.top_share,
            dimensions=c.dimensions,
            figure_nodes=_figure_nodes(figures, policy, n_units, c.n_nodes),
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


def _reported(c: CompiledRubric) -> IntArray:
    """The nodes results report a score and contribution for: the parts of the total (when
    the rubric has a ``bagian`` group) and the dimensions, in tree order."""
    return np.union1d(c.parts, c.dimensions).astype(np.int64)


def _figure_nodes(figures: Figures, policy: MissingPolicy, n_units: int, n_nodes: int) -> BoolArray:
    """(units × nodes) the nodes a unit given as rapor figures reports points lost at: its
    figures, and the parts no figure covers when they count 0."""
    mask = np.zeros((n_units, n_nodes), dtype=bool)
    given = ~np.isnan(figures.scores)
    if policy == "zero":
        given |= figures.missing
    mask[figures.units] = given
    return mask


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
