"""Weight sensitivity: how scores, bands and ranks move when the rubric's weights are uncertain.

The weights of several years are assumptions (2025's inner weights above all). Each draw
gives the varied nodes new weights and scores every unit and entity again under the rubric's
own renormalisation, reporting scale, rounding, roll-up and bands; the result says how often
each lands in each band, where each entity ranks, and — through Sobol indices — which weight
the scores and ranks depend on most.

**Factors.** By default the top-level nodes (the dimensions); ``groups`` names groups whose
children are varied too, at any level. ``weights="dirichlet"`` draws each sibling set from a
Dirichlet centred on the rubric's shares (``concentration`` × share): each factor is an
independent Gamma weight, which the scorer's own renormalisation among siblings turns into a
Dirichlet, so the factors are independent as the Sobol estimators need. ``weights={node:
(low, high)}`` draws each named node's weight uniformly in that range instead (its siblings
keep theirs). A factor that cannot change any score — an only child, a node no unit has a
score for, or one no sibling of which has a score beside it — is reported with a
:class:`SensitivityWarning` and marked ``varied=False``, never dropped silently.

**Draws.** ``draws`` base samples ``A`` and ``B`` and, for the Sobol indices, one matrix
``AB_i`` per factor (``A`` with column ``i`` from ``B``): ``draws × (factors + 2)`` weight
vectors are scored, and every one of them is a draw from the same distribution, so all of
them make the score, band and rank distributions. Every scored weight vector is returned
(:attr:`Sensitivity.weights`). Draws are generated per base sample from
``SeedSequence(seed, spawn_key=(n,))``: the chunk size changes no number.

**Scoring.** The leaves' scores do not depend on the weights, so only the varied groups and
their ancestors are aggregated again, with the scorer's formulas (masked weighted means; the
top level through normalised shares): a draw at the rubric's own weights gives the published
scores exactly. Units given as dimension figures keep their figures; only the levels above
the figures are weighted again. Entities are rolled up by the rubric's own roll-up, called
once per chunk over (draw, entity) groups. Ranks are competition ranks ("1224") among the
entities scored in that draw, highest score first.

**Sobol indices** of each factor on the entity scores and on the entity ranks: first order
by Saltelli (2010), total order by Jansen (1999), each over entities weighted by the
variance of their output (a scalar index per factor), with percentile bootstrap confidence
intervals over the base samples (``bootstrap`` resamples, seeded).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._model import FrozenModel
from ._version import __version__
from .errors import InvalidInputError, Problem
from .registry import resolve_rubric
from .results import RoundColumns
from .round import Round
from .rounding import to_scaled_int
from .rubric import Group, Rubric
from .sampling_uncertainty import BandInfo, _band_infos, _Histograms
from .scoring import score
from .vocab import Zone

__all__ = [
    "Factor",
    "RankSpread",
    "Sensitivity",
    "SensitivityParams",
    "SensitivityWarning",
    "SobolIndices",
    "WeightSpread",
    "sensitivity",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
DEFAULT_CHUNK = 512
_ROOT = ""
_Values = list[float | None]
_Intervals = list[tuple[float, float] | None]


class SensitivityWarning(UserWarning):
    """A requested factor cannot change any score (an only child, a node no unit has a score
    for, or one whose siblings have none beside it); it is kept in the result with
    ``varied=False``."""


# The result ------------------------------------------------------------------------------------


class SensitivityParams(FrozenModel):
    """Every argument that changes a number, and the chunk size, which does not."""

    draws: int
    seed: int
    level: float
    weights: Literal["dirichlet", "ranges"]
    concentration: float | None
    ranges: dict[str, tuple[float, float]] | None
    groups: tuple[str, ...]
    sobol: bool
    bootstrap: int
    borderline: float
    chunk_size: int
    rubric: str
    rubric_version: str


class Factor(FrozenModel):
    """One varied weight: a node, its parent group (``""`` for the top level), the rubric's
    weight and how it is drawn."""

    node: str
    parent: str
    weight: float = Field(description="the rubric's weight")
    share: float = Field(description="the rubric's share among its siblings")
    low: float | None = Field(default=None, description="range drawn from (ranges)")
    high: float | None = None
    shape: float | None = Field(default=None, description="Gamma shape (dirichlet)")
    varied: bool = Field(description="False if no draw of it can change a score")


class WeightSpread(FrozenModel):
    """Per unit (or entity), as columns: the published score and the spread over the draws
    (quantiles by the inverted empirical distribution; ``band_counts[i][b]`` draws of row
    ``i`` in band ``b``)."""

    codes: tuple[str, ...]
    published: tuple[Decimal | None, ...]
    published_band: tuple[int | None, ...]
    lower: tuple[Decimal | None, ...]
    median: tuple[Decimal | None, ...]
    upper: tuple[Decimal | None, ...]
    band_counts: tuple[tuple[int, ...], ...]
    likely_band: tuple[int | None, ...]
    borderline: tuple[bool, ...]


class RankSpread(FrozenModel):
    """Per entity: its published rank and the median and ``level`` interval of its rank."""

    published: tuple[int | None, ...]
    lower: tuple[int | None, ...] = Field(description="best rank of the interval")
    median: tuple[int | None, ...]
    upper: tuple[int | None, ...] = Field(description="worst rank of the interval")


class SobolIndices(FrozenModel):
    """First- and total-order indices per factor (in :attr:`Sensitivity.factors` order) on the
    entity scores and ranks, variance-weighted over entities, with bootstrap intervals."""

    first_score: tuple[float | None, ...]
    total_score: tuple[float | None, ...]
    first_score_ci: tuple[tuple[float, float] | None, ...]
    total_score_ci: tuple[tuple[float, float] | None, ...]
    first_rank: tuple[float | None, ...]
    total_rank: tuple[float | None, ...]
    first_rank_ci: tuple[tuple[float, float] | None, ...]
    total_rank_ci: tuple[tuple[float, float] | None, ...]


class Sensitivity(FrozenModel):
    """Weight sensitivity of a round (:func:`sensitivity`); round-trips through JSON."""

    generator: str = f"kepatuhan {__version__}"
    params: SensitivityParams
    precision: int
    bands: tuple[BandInfo, ...]
    zones: tuple[Zone, ...]
    factors: tuple[Factor, ...]
    evaluations: int = Field(description="weight vectors scored: draws × (factors + 2) with Sobol")
    weights: tuple[tuple[float, ...], ...] = Field(
        description="every scored weight vector, one value per factor (A, then B, then AB_i)"
    )
    units: WeightSpread
    entities: WeightSpread
    ranks: RankSpread
    sobol: SobolIndices | None

    def to_json(self, *, indent: int | None = None) -> str:
        """The whole result as JSON (deterministic)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Sensitivity:
        """Read a result written by :meth:`to_json`."""
        return cls.model_validate_json(data)

    def zone_probability(self, level: Literal["units", "entities"] = "entities") -> FloatArray:
        """Rows × zones (as :attr:`zones`): the share of scored draws in each zone."""
        bands = self.band_probability(level)
        out = np.zeros((bands.shape[0], len(self.zones)))
        for b, band in enumerate(self.bands):
            if band.zone is not None:
                out[:, self.zones.index(band.zone)] += bands[:, b]
        return out

    def band_probability(self, level: Literal["units", "entities"] = "entities") -> FloatArray:
        """Rows × bands: the share of scored draws in each band (NaN for a row never scored)."""
        spread = self.units if level == "units" else self.entities
        counts = np.array(spread.band_counts, dtype=np.float64).reshape(-1, len(self.bands))
        total = counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            out: FloatArray = np.where(total > 0, counts / total, np.nan)
        return out


# Arguments --------------------------------------------------------------------------------------


def _check(
    draws: object,
    seed: object,
    level: object,
    concentration: object,
    bootstrap: object,
    borderline: object,
    chunk_size: object,
) -> None:
    problems = []

    def whole(value: object, minimum: int) -> bool:
        return bool(
            isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= minimum
        )

    def between(value: object, low: float, high: float) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and low < value < high

    for name, value, minimum in (
        ("draws", draws, 2),
        ("seed", seed, 0),
        ("bootstrap", bootstrap, 0),
        ("chunk_size", chunk_size, 1),
    ):
        if not whole(value, minimum):
            params = {"name": name, "value": value, "minimum": minimum}
            problems.append(Problem(name, "sensitivity_whole", params))
    for name, value in (("level", level), ("borderline", borderline)):
        if not between(value, 0.0, 1.0):
            problems.append(Problem(name, "sensitivity_fraction", {"name": name, "value": value}))
    if concentration is not None and not (
        isinstance(concentration, int | float)
        and math.isfinite(concentration)
        and concentration > 0
    ):
        problems.append(
            Problem("concentration", "out_of_bounds", {"value": concentration, "bound": "> 0"})
        )
    if problems:
        raise InvalidInputError(problems)


# The compiled tree of what moves ---------------------------------------------------------------


class _Tree:
    """The groups to aggregate again per draw (the varied ones and their ancestors), deepest
    first, each with its children and where each child's weight comes from."""

    def __init__(self, rub: Rubric, c: RoundColumns, factors: Sequence[Factor]) -> None:
        self.index = {node: k for k, node in enumerate(c.node_ids)}
        parent_of: dict[str, str] = {}
        children: dict[str, list[str]] = {_ROOT: [n.id for n in rub.nodes]}
        weight: dict[str, float] = {}
        depth: dict[str, int] = {_ROOT: -1}
        for _path, node in rub.walk():
            weight[node.id] = node.weight
            if isinstance(node, Group):
                children[node.id] = [ch.id for ch in node.children]
                for ch in node.children:
                    parent_of[ch.id] = node.id
        for node in rub.nodes:
            parent_of[node.id] = _ROOT

        def level(node: str) -> int:
            if node not in depth:
                depth[node] = level(parent_of[node]) + 1
            return depth[node]

        moving: set[str] = set()
        for f in factors:
            group = f.parent
            while True:
                moving.add(group)
                if group == _ROOT:
                    break
                group = parent_of[group]
        self.groups = sorted(moving, key=lambda g: (-level(g), g))
        self.children = {g: children[g] for g in self.groups}
        self.weight = weight
        self.factor_of = {f.node: k for k, f in enumerate(factors)}


def _factors(
    rub: Rubric,
    c: RoundColumns,
    weights: str | Mapping[str, tuple[float, float]],
    groups: Sequence[str],
    concentration: float,
) -> list[Factor]:
    problems: list[Problem] = []
    by_id = {node.id: node for _, node in rub.walk()}
    siblings: dict[str, list[str]] = {_ROOT: [n.id for n in rub.nodes]}
    parent_of = {n.id: _ROOT for n in rub.nodes}
    for _, item in rub.walk():
        if isinstance(item, Group):
            siblings[item.id] = [ch.id for ch in item.children]
            for ch in item.children:
                parent_of[ch.id] = item.id
    chosen: list[tuple[str, float | None, float | None]] = []
    if isinstance(weights, str):
        if weights != "dirichlet":
            allowed = "dirichlet, {node: (low, high)}"
            problems.append(
                Problem("weights", "invalid_choice", {"value": weights, "allowed": allowed})
            )
        for k, g in enumerate(groups):
            if g not in by_id or not isinstance(by_id[g], Group):
                problems.append(
                    Problem(f"groups[{k}]", "unknown_node", {"code": g, "rubric": rub.id})
                )
        if problems:
            raise InvalidInputError(problems)
        for g in (_ROOT, *groups):
            chosen += [(node, None, None) for node in siblings[g]]
    else:
        for node, bounds in weights.items():
            at = f"weights[{node!r}]"
            if node not in by_id:
                problems.append(Problem(at, "unknown_node", {"code": node, "rubric": rub.id}))
                continue
            try:
                lo, hi = (float(x) for x in bounds)
            except (TypeError, ValueError):
                problems.append(Problem(at, "sensitivity_range", {"value": repr(bounds)}))
                continue
            if not (math.isfinite(lo) and math.isfinite(hi) and 0 <= lo <= hi and hi > 0):
                problems.append(Problem(at, "sensitivity_range", {"value": repr(bounds)}))
                continue
            chosen.append((node, lo, hi))
        if problems:
            raise InvalidInputError(problems)
    node_score = c.node_score
    out = []
    for node, low, high in chosen:
        parent = parent_of[node]
        sibs = siblings[parent]
        total = sum(by_id[s].weight for s in sibs)
        share = by_id[node].weight / total
        has = ~np.isnan(node_score[:, c.node_ids.index(node)])
        others = [~np.isnan(node_score[:, c.node_ids.index(x)]) for x in sibs if x != node]
        # a weight moves a score only where a sibling has a score beside it
        beside = bool(np.any(has & np.logical_or.reduce(others))) if others else False
        varied = len(sibs) > 1 and beside
        if not varied:
            if len(sibs) == 1:
                why = "it is an only child"
            elif not has.any():
                why = "no unit has a score for it"
            else:
                why = "no unit has a score for any of its siblings"
            warnings.warn(
                f"weight of {node!r} cannot change any score ({why}); kept, marked varied=False",
                SensitivityWarning,
                stacklevel=3,
            )
        out.append(
            Factor(
                node=node,
                parent=parent,
                weight=by_id[node].weight,
                share=share,
                low=low,
                high=high,
                shape=None if low is not None else concentration * share,
                varied=varied,
            )
        )
    return out


# Draws ------------------------------------------------------------------------------------------


def _base_samples(factors: Sequence[Factor], n: int, seed: int) -> tuple[FloatArray, FloatArray]:
    """``A`` and ``B`` (n × factors): each base sample from its own generator."""
    k = len(factors)
    a = np.empty((n, k))
    b = np.empty((n, k))
    for row in range(n):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(row,)))
        for j, f in enumerate(factors):
            a[row, j], b[row, j] = _draw(f, rng, 2)
    return a, b


def _draw(f: Factor, rng: np.random.Generator, size: int) -> FloatArray:
    if f.low is not None and f.high is not None:
        out: FloatArray = rng.uniform(f.low, f.high, size)
    else:
        out = rng.gamma(f.shape or 1.0, 1.0, size)
    return out


# Scoring a chunk of weight vectors -------------------------------------------------------------


def _unit_scores(
    tree: _Tree, c: RoundColumns, w: FloatArray, precision: int, low: float, high: float
) -> tuple[IntArray, BoolArray]:
    """(draws × units) published unit scores for the weight vectors ``w`` (draws × factors)."""
    base = c.node_score
    figures = c.dimension_input
    moving: dict[str, FloatArray] = {}
    d = w.shape[0]
    total: FloatArray = np.full((d, base.shape[0]), np.nan)
    for g in tree.groups:
        kids = tree.children[g]
        raw = [
            w[:, tree.factor_of[kid]] if kid in tree.factor_of else np.full(d, tree.weight[kid])
            for kid in kids
        ]
        if g == _ROOT:
            # the scorer's top_share: each weight over their sum, added in tree order
            summed = raw[0]
            for r in raw[1:]:
                summed = summed + r
            raw = [r / summed for r in raw]
        # child by child, in tree order, as the scorer adds them: sum of value × weight over
        # the children with a value, and sum of their weights
        num: FloatArray = np.zeros((d, 1))
        den: FloatArray = np.zeros((d, 1))
        for kid, v in zip(kids, raw, strict=True):
            x = moving.get(kid)
            if x is None:
                x = base[:, tree.index[kid]]
            present = ~np.isnan(x)
            vj = v[:, None]
            if present.all():
                num = num + x * vj
                den = den + vj
            else:
                num = num + np.where(present, x, 0.0) * vj
                den = den + np.where(present, vj, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(den > 0, np.clip(num / den, 0.0, 100.0), np.nan)
        mean = np.broadcast_to(mean, (d, base.shape[0]))
        if g == _ROOT:
            total = mean
        else:
            given = base[:, tree.index[g]]
            # a unit given as figures keeps a figure it gave for this group
            keep = figures & ~np.isnan(given)
            moving[g] = np.where(keep[None, :], given[None, :], mean) if keep.any() else mean
    if (low, high) != (0.0, 100.0):
        total = low + total * ((high - low) / 100.0)
    has = ~np.isnan(total)
    return to_scaled_int(total, precision), has


def _entity_scores(c: RoundColumns, scaled: IntArray, has: BoolArray) -> tuple[IntArray, BoolArray]:
    """(draws × entities): the rubric's roll-up, one call over (draw, entity) groups."""
    d = scaled.shape[0]
    n_ent = len(c.entities)
    group = (np.arange(d)[:, None] * n_ent + c.unit_entity[None, :]).reshape(-1)
    out, out_has = c.rollup_function(group, scaled.reshape(-1), has.reshape(-1), d * n_ent)
    return out.reshape(d, n_ent), out_has.reshape(d, n_ent)


def _ranks(scaled: IntArray, has: BoolArray) -> IntArray:
    """Competition ranks (1 = highest) per draw among the scored entities; 0 where unscored."""
    d, n = scaled.shape
    if n == 0:
        return np.zeros((d, 0), dtype=np.int64)
    span = int(scaled.max() - scaled.min()) + 2
    key = np.where(has, -(scaled - scaled.min()), span)  # in [-span, span]; unscored last
    flat = (key + np.arange(d)[:, None] * (2 * span + 1)).reshape(-1)  # rows apart
    order = np.sort(flat)
    pos = np.searchsorted(order, flat, side="left").reshape(d, n)
    rank = pos - np.arange(d)[:, None] * n + 1
    return np.where(has, rank, 0).astype(np.int64)


# Sobol -----------------------------------------------------------------------------------------


class _RowTerms:
    """The Sobol estimators as sums over the base samples, so that the indices and every
    bootstrap resample of them come from per-sample terms, not from the draws × outputs
    arrays again.

    With the outputs ``f`` (draws × outputs) of ``A``, ``B`` and each ``AB_i`` centred by
    their mean over ``A`` and ``B`` (the first-order estimator's error grows with the mean):
    ``first[i, j] = Σ_o fB[j, o] · (fAB_i[j, o] − fA[j, o])``, ``total[i, j] = Σ_o
    (fA[j, o] − fAB_i[j, o])²``, ``square[j] = Σ_o fA[j, o]² + fB[j, o]²`` and ``level[j] =
    fA[j] + fB[j]`` (for the variance's mean part). Pooled over outputs by their variance:
    ``S_i = mean_j first[i, j] / V`` (Saltelli 2010), ``ST_i = mean_j total[i, j] / (2V)``
    (Jansen 1999), ``V = Σ_o var_o`` over the ``2n`` rows of ``A`` and ``B``."""

    def __init__(self, values: npt.NDArray[np.float32], n: int, k: int) -> None:
        block = 1024
        rows = values[: 2 * n]
        centre = np.zeros(values.shape[1])
        for s in range(0, 2 * n, block):
            centre += np.nan_to_num(rows[s : s + block].astype(np.float64)).sum(axis=0)
        centre /= 2 * n

        def part(r: int, s: int, e: int) -> FloatArray:
            out: FloatArray = np.nan_to_num(values[r * n + s : r * n + e].astype(np.float64))
            return out - centre

        self.first = np.zeros((k, n))
        self.total = np.zeros((k, n))
        self.square = np.zeros(n)
        self.level = np.zeros((n, values.shape[1]))
        for s in range(0, n, block):
            e = min(n, s + block)
            fa, fb = part(0, s, e), part(1, s, e)
            self.square[s:e] = (fa * fa).sum(axis=1) + (fb * fb).sum(axis=1)
            self.level[s:e] = fa + fb
            for i in range(k):
                diff = part(2 + i, s, e) - fa
                self.first[i, s:e] = (fb * diff).sum(axis=1)
                self.total[i, s:e] = (diff * diff).sum(axis=1)

    def indices(
        self, count: npt.NDArray[np.float64] | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """First and total indices per factor; ``count`` weights the base samples (how many
        times a bootstrap resample holds each), every sample once by default."""
        n = self.square.size
        c = np.ones(n) if count is None else count
        mean = (c @ self.level) / (2 * n)  # per output, over A and B
        variance = float(c @ self.square) / (2 * n) - float(mean @ mean)
        if not variance > 0:
            nan = np.full(self.first.shape[0], np.nan)
            return nan, nan.copy()
        first: FloatArray = (self.first @ c) / n / variance
        total: FloatArray = 0.5 * (self.total @ c) / n / variance
        return first, total


def _sobol(
    values: npt.NDArray[np.float32],
    n: int,
    factors: Sequence[Factor],
    bootstrap: int,
    seed: int,
    level: float,
) -> tuple[_Values, _Values, _Intervals, _Intervals]:
    terms = _RowTerms(values, n, len(factors))
    first, total = terms.indices()
    tail = (1 - level) / 2
    cis_f: list[tuple[float, float] | None] = []
    cis_t: list[tuple[float, float] | None] = []
    if bootstrap:
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2**31,)))
        boot_f = np.empty((bootstrap, len(factors)))
        boot_t = np.empty((bootstrap, len(factors)))
        for r in range(bootstrap):
            count = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
            boot_f[r], boot_t[r] = terms.indices(count)
        for k in range(len(factors)):
            for boot, out in ((boot_f, cis_f), (boot_t, cis_t)):
                col = boot[:, k][np.isfinite(boot[:, k])]
                if col.size and factors[k].varied:
                    lo, hi = np.quantile(col, [tail, 1 - tail], method="inverted_cdf")
                    out.append((float(lo), float(hi)))
                else:
                    out.append(None)
    else:
        cis_f = [None] * len(factors)
        cis_t = [None] * len(factors)

    def clean(values: FloatArray) -> list[float | None]:
        return [
            float(v) if np.isfinite(v) and f.varied else None
            for v, f in zip(values.tolist(), factors, strict=True)
        ]

    return clean(first), clean(total), cis_f, cis_t


# The public function ---------------------------------------------------------------------------


def sensitivity(
    round_: Round,
    *,
    weights: Literal["dirichlet"] | Mapping[str, tuple[float, float]] = "dirichlet",
    groups: Sequence[str] = (),
    concentration: float = 50.0,
    draws: int = 1_000,
    seed: int = 0,
    level: float = 0.9,
    sobol: bool = True,
    bootstrap: int = 200,
    borderline: float = 0.8,
    chunk_size: int = DEFAULT_CHUNK,
    rubric: Rubric | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Sensitivity:
    """Score ``round_`` under ``draws`` random weightings of the rubric (see the module
    docstring): score and band distributions per unit and entity, rank distributions per
    entity, and Sobol indices of each weight on the entity scores and ranks.

    Bad arguments raise :class:`~kepatuhan.InvalidInputError`, all at once, each located (an
    unknown node at ``weights['id']`` or ``groups[k]``, a bad range, ``draws`` < 2…).
    ``progress(done, total)`` is called after each chunk with the weight vectors scored.
    """
    _check(draws, seed, level, concentration, bootstrap, borderline, chunk_size)
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    result = score(round_, rub)
    c = result.columns
    factors = _factors(rub, c, weights, groups, float(concentration))
    tree = _Tree(rub, c, factors)
    n, k = int(draws), len(factors)
    a, b = _base_samples(factors, n, int(seed))
    blocks = [a, b]
    if sobol:
        for j in range(k):
            ab = a.copy()
            ab[:, j] = b[:, j]
            blocks.append(ab)
    w_all = np.concatenate(blocks)
    precision = rub.precision
    low, high = float(rub.zoning.minimum), float(rub.zoning.maximum)
    unit_hist = _Histograms(c.unit_scaled)
    ent_hist = _Histograms(c.entity_scaled)
    n_ent = len(c.entities)
    rank_counts = np.zeros((n_ent, n_ent + 1), dtype=np.int64)
    # every draw's entity scores and ranks, for the Sobol indices (exact in float32)
    ent_values = np.empty((w_all.shape[0], n_ent), dtype=np.float32)
    rank_values = np.empty((w_all.shape[0], n_ent), dtype=np.float32)
    unit_scored = np.zeros(len(c.units), dtype=np.int64)
    ent_scored = np.zeros(n_ent, dtype=np.int64)
    for start in range(0, w_all.shape[0], int(chunk_size)):
        w = w_all[start : start + int(chunk_size)]
        u_scaled, u_has = _unit_scores(tree, c, w, precision, low, high)
        e_scaled, e_has = _entity_scores(c, u_scaled, u_has)
        _count(unit_hist, u_scaled, u_has, unit_scored)
        _count(ent_hist, e_scaled, e_has, ent_scored)
        ranks = _ranks(e_scaled, e_has)
        flat = (np.arange(n_ent)[None, :] * (n_ent + 1) + ranks).reshape(-1)
        rank_counts += np.bincount(flat, minlength=rank_counts.size).reshape(rank_counts.shape)
        ent_values[start : start + w.shape[0]] = np.where(e_has, e_scaled, np.nan)
        rank_values[start : start + w.shape[0]] = np.where(e_has, ranks, np.nan)
        if progress is not None:
            progress(start + w.shape[0], w_all.shape[0])
    params = SensitivityParams(
        draws=n,
        seed=int(seed),
        level=float(level),
        weights="dirichlet" if isinstance(weights, str) else "ranges",
        concentration=float(concentration) if isinstance(weights, str) else None,
        ranges=None
        if isinstance(weights, str)
        else {kk: (float(v[0]), float(v[1])) for kk, v in weights.items()},
        groups=tuple(groups),
        sobol=bool(sobol),
        bootstrap=int(bootstrap),
        borderline=float(borderline),
        chunk_size=int(chunk_size),
        rubric=rub.id,
        rubric_version=rub.version,
    )
    sobol_out = None
    if sobol and k:
        fs, ts, fsc, tsc = _sobol(ent_values, n, factors, int(bootstrap), int(seed), float(level))
        fr, tr, frc, trc = _sobol(
            rank_values, n, factors, int(bootstrap), int(seed) + 1, float(level)
        )
        sobol_out = SobolIndices(
            first_score=tuple(fs),
            total_score=tuple(ts),
            first_score_ci=tuple(fsc),
            total_score_ci=tuple(tsc),
            first_rank=tuple(fr),
            total_rank=tuple(tr),
            first_rank_ci=tuple(frc),
            total_rank_ci=tuple(trc),
        )
    bands = _band_infos(rub)
    zones = tuple(dict.fromkeys(b.zone for b in rub.zoning.bands if b.zone is not None))
    published_ranks = _ranks(c.entity_scaled[None, :], c.entity_has[None, :])[0]
    return Sensitivity(
        params=params,
        precision=precision,
        bands=bands,
        zones=zones,
        factors=tuple(factors),
        evaluations=int(w_all.shape[0]),
        weights=tuple(tuple(float(x) for x in row) for row in w_all.tolist()),
        units=_spread(
            unit_hist,
            unit_scored,
            rub,
            precision,
            level,
            borderline,
            codes=tuple(u.code for u in c.units),
            published=c.unit_scaled,
            has=c.unit_has,
        ),
        entities=_spread(
            ent_hist,
            ent_scored,
            rub,
            precision,
            level,
            borderline,
            codes=tuple(e.code for e in c.entities),
            published=c.entity_scaled,
            has=c.entity_has,
        ),
        ranks=_rank_spread(rank_counts, published_ranks, c.entity_has, level),
        sobol=sobol_out,
    )


def _count(hist: _Histograms, scaled: IntArray, has: BoolArray, scored: IntArray) -> None:
    """Add the scored draws of each row (a row unscored in a draw is not counted)."""
    if has.all():
        hist.add(np.arange(scaled.shape[1], dtype=np.int64), scaled)
    else:  # rare: a row scored in some draws only (its window grows as the draws reach out)
        for r in range(scaled.shape[0]):
            keep = np.flatnonzero(has[r])
            if keep.size:
                hist.add(keep, scaled[r : r + 1, keep])
    scored += has.sum(axis=0)


def _spread(
    hist: _Histograms,
    scored: IntArray,
    rub: Rubric,
    p: int,
    level: float,
    borderline: float,
    *,
    codes: tuple[str, ...],
    published: IntArray,
    has: BoolArray,
) -> WeightSpread:
    tail = (1 - Decimal(repr(level))) / 2
    lowers = np.array([int(b.lower.scaleb(p)) for b in rub.zoning.bands], dtype=np.int64)
    uppers = np.r_[lowers[1:] - 1, np.iinfo(np.int64).max // 4]
    upto = hist.below_or_at(uppers)
    counts = np.diff(np.c_[np.zeros(len(codes), np.int64), upto], axis=1)
    counts = np.where((scored > 0)[:, None], counts, 0)
    likely = np.argmax(counts, axis=1)
    top = counts[np.arange(len(codes)), likely]
    m = scored.astype(object)  # exact ranks: ceil of Decimal products, per row
    ranks = [
        np.array([max(1, math.ceil(q * int(k))) for k in m.tolist()], dtype=np.int64)
        for q in (tail, Decimal("0.5"), 1 - tail)
    ]
    lowest, middle, highest = (_row_quantiles(hist, r) for r in ranks)

    def dec(values: IntArray) -> tuple[Decimal | None, ...]:
        return tuple(
            Decimal(int(v)).scaleb(-p) if k else None
            for v, k in zip(values.tolist(), scored.tolist(), strict=True)
        )

    lower, median, upper = dec(lowest), dec(middle), dec(highest)
    return WeightSpread(
        codes=codes,
        published=tuple(
            Decimal(int(v)).scaleb(-p) if h else None
            for v, h in zip(published.tolist(), has.tolist(), strict=True)
        ),
        published_band=tuple(
            int(b) if h else None
            for b, h in zip(rub.zoning.band_indices(published).tolist(), has.tolist(), strict=True)
        ),
        lower=lower,
        median=median,
        upper=upper,
        band_counts=tuple(tuple(int(x) for x in row) for row in counts.tolist()),
        likely_band=tuple(
            int(b) if m else None for b, m in zip(likely.tolist(), scored.tolist(), strict=True)
        ),
        borderline=tuple(
            bool(m and Decimal(int(t)) < Decimal(repr(borderline)) * m)
            for t, m in zip(top.tolist(), scored.tolist(), strict=True)
        ),
    )


def _row_quantiles(hist: _Histograms, ranks: IntArray) -> IntArray:
    """Per row, the smallest score with at least ``ranks[row]`` of its draws at or below it."""
    g = np.cumsum(hist.counts)
    before = np.where(hist.offset > 0, g[np.maximum(hist.offset - 1, 0)], 0)
    found = np.searchsorted(g, before + ranks, side="left")
    found = np.minimum(found, hist.offset + hist.width - 1)
    out: IntArray = found - hist.offset + hist.lo
    return out


def _rank_spread(counts: IntArray, published: IntArray, has: BoolArray, level: float) -> RankSpread:
    tail = (1 - Decimal(repr(level))) / 2
    lower: list[int | None] = []
    median: list[int | None] = []
    upper: list[int | None] = []
    for row in counts.tolist():
        ranked = row[1:]  # rank 0 = not scored in that draw
        m = sum(ranked)
        if m == 0:
            lower.append(None)
            median.append(None)
            upper.append(None)
            continue
        cum = np.cumsum(ranked)
        at = [
            max(1, math.ceil(tail * m)),
            max(1, math.ceil(Decimal(m) / 2)),
            max(1, math.ceil((1 - tail) * m)),
        ]
        found = [int(np.searchsorted(cum, r, side="left")) + 1 for r in at]
        lower.append(found[0])
        median.append(found[1])
        upper.append(found[2])
    return RankSpread(
        published=tuple(
            int(r) if h else None for r, h in zip(published.tolist(), has.tolist(), strict=True)
        ),
        lower=tuple(lower),
        median=tuple(median),
        upper=tuple(upper),
    )
