"""Sampling uncertainty of respondent-based scores (:func:`uncertainty`).

A unit's score rests on a few interviewed people per indicator: 4 officials, 30 service users,
2 complaint officers. Another sample of the same size could have answered otherwise. Each draw
resamples the respondents of every respondent-based cell (unit × indicator) and scores the
round again under the rubric's own reduction, N/A renormalisation, reporting scale, rounding,
entity roll-up and bands; the result says how often each unit and entity lands in each band.

Which cells are resampled: those of indicators whose respondent role is not ``observasi``
(people interviewed: pelaksana, pengguna layanan, pengelola pengaduan) with at least two
different answers. An observation is the evaluator's own finding, not a sample of people; a
cell whose respondents all gave one answer resamples to itself. Observation indicators,
dimension figures (units given as rapor figures) and cells without answers stay fixed. There
is no error model for them (yet): they are exactly as published in every draw.

How the draws are scored, without :func:`~kepatuhan.score` per draw: the set of assessed
cells is the same in every draw (a resample has as many respondents as the sample), so the
N/A renormalisation is too, and a unit's 0–100 total is a fixed linear form in its cells'
reduced answers: each cell's share of the unit's 100 points (the compiled weights after
renormalisation) times its normalised value. Each draw's reduced answers (one row of
cells; under the bootstrap, while the row is still in cache) are turned into unit totals by
that sparse product (a segmented sum per unit, the same arithmetic for every row, so the
chunk size cannot change a bit); a chunk of draws × units totals is then put on the
reporting scale, rounded half-up with :func:`~kepatuhan.rounding.to_scaled_int` (the
pipeline's own rounding) and banded. The mean of the answers is linear in the answer counts;
any other respondent reduction is applied draw by draw with a :class:`SamplingFallbackWarning`.
The ``mean_of_units`` roll-up is vectorised; any other roll-up runs draw by draw, with the
same warning.

How a draw is drawn: the bootstrap of a cell reduced by the mean on a stepped scale draws
the sum of its answers at once, from its exact distribution (the n-fold convolution of the
observed shares over the steps; tails below 2**-53 left out) by one random 64-bit number per
cell, through an alias table shared by the cells with the same answers and counts; every
other cell, and every cell under the Dirichlet, draws its answer counts by conditional
binomials. Draw ``d`` uses its own generator, seeded by ``SeedSequence(seed,
spawn_key=(d,))``: the draws do not depend on the chunk size, and any one draw can be
rebuilt alone (:func:`resampled_changes`, which draws counts with the drawn sums from the
multinomial given the sum).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._frames import Backend, Column, ScoreForm, Table
from ._model import FrozenModel
from ._version import __version__
from .compile import ROLE_CODES
from .errors import InvalidInputError, Problem
from .responses import ANSWERED
from .round import Round
from .rounding import to_scaled_int
from .rubric import Rubric
from .scoring import score
from .strategies import BUILTINS, Reduction, mean_reduction, reduction_for, rollup_for
from .validation import check_round
from .vocab import RespondentRole, Zone
from .whatif import AnswerCount, SetDistribution

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = [
    "METHODS",
    "BandInfo",
    "DrawnMeans",
    "Method",
    "SamplingFallbackWarning",
    "ScoreSpread",
    "Uncertainty",
    "UncertaintyParams",
    "drawn_means",
    "resampled_changes",
    "uncertainty",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
U64Array = npt.NDArray[np.uint64]

Method = Literal["bootstrap", "dirichlet"]
METHODS: tuple[str, ...] = get_args(Method)
DEFAULT_CHUNK = 256
_OBSERVATION = ROLE_CODES[RespondentRole.OBSERVASI]


class SamplingFallbackWarning(UserWarning):
    """A step of the rubric that cannot go through the vectorised path (a respondent
    reduction other than the mean, an entity roll-up other than ``mean_of_units``) is run
    draw by draw: the result is the same, only slower."""


# The result ------------------------------------------------------------------------------------


class UncertaintyParams(FrozenModel):
    """What a result was computed with (every argument that changes a number, and the chunk
    size, which does not)."""

    draws: int
    seed: int
    level: float
    method: Method
    prior: float = Field(description="added to each observed answer's count (dirichlet)")
    chunk_size: int
    borderline: float
    rubric: str
    rubric_version: str


class BandInfo(FrozenModel):
    """One band of the rubric's zoning, as the probability columns name it."""

    name: str = Field(description="grade if every band has a distinct one, else the label")
    lower: Decimal
    upper: Decimal
    zone: Zone | None
    grade: str | None
    label: str


class ScoreSpread(FrozenModel):
    """Per unit (or entity), as columns: the published score and the spread of the draws.

    Scores are on the published grid (rounded half-up). ``lower``/``upper`` bound the central
    ``level`` interval and ``median`` is the middle, all as quantiles of the draws by the
    inverted empirical distribution (numpy's ``method="inverted_cdf"``). ``band_counts[i][b]``
    is how many draws put row ``i`` in band ``b``. Rows without a score hold ``None`` and
    zero counts.
    """

    codes: tuple[str, ...]
    entity: tuple[str, ...] = Field(description="entity code of each row (itself for entities)")
    published: tuple[Decimal | None, ...]
    published_band: tuple[int | None, ...]
    lower: tuple[Decimal | None, ...]
    median: tuple[Decimal | None, ...]
    upper: tuple[Decimal | None, ...]
    mean: tuple[float | None, ...]
    band_counts: tuple[tuple[int, ...], ...]
    likely_band: tuple[int | None, ...] = Field(
        description="band most draws fall in (the lower band on a tie)"
    )
    borderline: tuple[bool, ...] = Field(
        description="the most likely band has a probability below the borderline threshold"
    )
    resampled_cells: tuple[int, ...] = Field(
        description="cells whose respondents were resampled (an entity: over its units)"
    )


class Uncertainty(FrozenModel):
    """Sampling uncertainty of every unit and entity of a round (:func:`uncertainty`).

    Columnar: ``units`` and ``entities`` hold one tuple per column. ``to_json()`` is
    deterministic (same round and parameters, same bytes) and :meth:`from_json` reads it
    back; :meth:`to_frame` gives one probability column per band and per zone.
    """

    generator: str = f"kepatuhan {__version__}"
    params: UncertaintyParams
    precision: int
    bands: tuple[BandInfo, ...]
    zones: tuple[Zone, ...] = Field(description="the zones of the bands, lowest band first")
    fallbacks: tuple[str, ...] = Field(
        default=(), description="strategies that were run draw by draw (each also warned)"
    )
    units: ScoreSpread
    entities: ScoreSpread

    def to_json(self, *, indent: int | None = None) -> str:
        """The whole result as JSON (deterministic)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Uncertainty:
        """Read a result written by :meth:`to_json`."""
        return cls.model_validate_json(data)

    def _spread(self, level: str) -> ScoreSpread:
        if level == "units":
            return self.units
        if level == "entities":
            return self.entities
        raise ValueError(f"level must be 'units' or 'entities', not {level!r}")

    def band_probability(self, level: Literal["units", "entities"] = "units") -> FloatArray:
        """Rows × bands: the share of draws in each band (NaN for rows without a score)."""
        counts = np.array(self._spread(level).band_counts, dtype=np.float64)
        counts = counts.reshape(-1, len(self.bands))
        with np.errstate(invalid="ignore"):
            out: FloatArray = np.where(
                counts.sum(axis=1, keepdims=True) > 0, counts / self.params.draws, np.nan
            )
        return out

    def zone_probability(self, level: Literal["units", "entities"] = "units") -> FloatArray:
        """Rows × zones (as :attr:`zones`): the share of draws in each zone."""
        bands = self.band_probability(level)
        out = np.zeros((bands.shape[0], len(self.zones)))
        for b, band in enumerate(self.bands):
            if band.zone is not None:
                out[:, self.zones.index(band.zone)] += bands[:, b]
        return out

    @overload
    def to_frame(
        self, level: Literal["units", "entities"] = ..., *, backend: Literal["pandas"] = ...,
        scores: ScoreForm = ...,
    ) -> pandas.DataFrame: ...  # fmt: skip
    @overload
    def to_frame(
        self, level: Literal["units", "entities"] = ..., *, backend: Literal["polars"],
        scores: ScoreForm = ...,
    ) -> polars.DataFrame: ...  # fmt: skip
    @overload
    def to_frame(
        self, level: Literal["units", "entities"] = ..., *, backend: Literal["pyarrow"],
        scores: ScoreForm = ...,
    ) -> pyarrow.Table: ...  # fmt: skip
    @overload
    def to_frame(
        self, level: Literal["units", "entities"] = ..., *, backend: Literal["numpy"],
        scores: ScoreForm = ...,
    ) -> dict[str, npt.NDArray[Any]]: ...  # fmt: skip
    def to_frame(
        self,
        level: Literal["units", "entities"] = "units",
        *,
        backend: Backend = "pandas",
        scores: ScoreForm = "float",
    ) -> Any:
        """One row per unit (or entity): published score and band, the interval, the median,
        the mean, ``p_band_<name>`` per band, ``p_zone_<zone>`` per zone, the most likely band
        and its probability, the borderline flag and the resampled cells.

        ``backend`` and ``scores`` as for :meth:`kepatuhan.RoundResult.to_frame`.
        """
        return self._table(level).convert(backend, scores=scores)

    def _table(self, level: str) -> Table:
        s = self._spread(level)
        names = tuple(b.name for b in self.bands)
        key = "unit" if level == "units" else "entity"
        columns = [_category(key, s.codes)]
        if level == "units":
            columns.append(_category("entity", s.entity))
        columns += [
            self._score("published", s.published),
            _band_column("published_band", s.published_band, names),
            self._score("lower", s.lower),
            self._score("median", s.median),
            self._score("upper", s.upper),
            Column("mean", "float", np.array([np.nan if m is None else m for m in s.mean])),
        ]
        bands = self.band_probability(level)  # type: ignore[arg-type]
        columns += [Column(f"p_band_{n}", "float", bands[:, b]) for b, n in enumerate(names)]
        zones = self.zone_probability(level)  # type: ignore[arg-type]
        zones = np.where(np.isnan(bands[:, :1]), np.nan, zones)
        columns += [
            Column(f"p_zone_{z.value}", "float", zones[:, k]) for k, z in enumerate(self.zones)
        ]
        likely = np.array([-1 if b is None else b for b in s.likely_band], dtype=np.int64)
        top = np.where(likely >= 0, bands[np.arange(likely.size), np.maximum(likely, 0)], np.nan)
        columns += [
            _band_column("likely_band", s.likely_band, names),
            Column("likely_probability", "float", top),
            Column("borderline", "bool", np.array(s.borderline, dtype=bool)),
            Column("resampled_cells", "int", np.array(s.resampled_cells, dtype=np.int64)),
        ]
        return Table(tuple(columns))

    def _score(self, name: str, values: tuple[Decimal | None, ...]) -> Column:
        null = np.array([v is None for v in values], dtype=bool)
        scaled = np.array(
            [0 if v is None else int(v.scaleb(self.precision)) for v in values], dtype=np.int64
        )
        return Column(name, "score", scaled, null=null, precision=self.precision)


def _category(name: str, values: Sequence[str]) -> Column:
    cats = tuple(sorted(set(values)))
    index = {c: k for k, c in enumerate(cats)}
    return Column(name, "category", np.array([index[v] for v in values], dtype=np.int32), cats)


def _band_column(name: str, values: Sequence[int | None], names: tuple[str, ...]) -> Column:
    codes = np.array([-1 if v is None else v for v in values], dtype=np.int32)
    return Column(name, "category", codes, names)


# Arguments --------------------------------------------------------------------------------------


def _whole(value: object, minimum: int) -> bool:
    """A whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        return False
    return int(value) >= minimum


def _between(value: object, low: float, high: float, *, open_: bool) -> bool:
    """A finite number (not a bool) in [low, high], or in (low, high) when ``open_``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        return False
    x = float(value)
    if not math.isfinite(x):
        return False
    return low < x < high if open_ else low <= x <= high


def _check_arguments(
    *,
    draws: object,
    seed: object,
    level: object,
    method: object,
    prior: object,
    chunk_size: object,
    borderline: object,
) -> None:
    """Every bad argument at once, each located by its name."""
    problems: list[Problem] = []
    if not _whole(draws, 1):
        problems.append(Problem("draws", "uncertainty_draws", {"value": draws}))
    if not _whole(seed, 0):
        problems.append(Problem("seed", "uncertainty_seed", {"value": seed}))
    if not _between(level, 0.0, 1.0, open_=True):
        problems.append(Problem("level", "uncertainty_level", {"value": level}))
    if method not in METHODS:
        params = {"value": method, "known": ", ".join(METHODS)}
        problems.append(Problem("method", "uncertainty_method", params))
    if not _between(prior, 0.0, math.inf, open_=False):
        problems.append(Problem("prior", "uncertainty_prior", {"value": prior}))
    elif method == "bootstrap" and prior != 0:
        problems.append(Problem("prior", "uncertainty_prior_unused", {"value": prior}))
    if chunk_size is not None and not _whole(chunk_size, 1):
        problems.append(Problem("chunk_size", "uncertainty_chunk_size", {"value": chunk_size}))
    if not _between(borderline, 0.0, 1.0, open_=False):
        problems.append(Problem("borderline", "uncertainty_borderline", {"value": borderline}))
    if problems:
        raise InvalidInputError(problems)


# The plan: what is resampled and how a draw becomes scores -------------------------------------


_SUM_COST = 200_000  # the most work (n · steps · sums) spent on one cell's sum distribution
_EPS = 2.0**-53  # below the resolution of a uniform double: never drawn
_MASS_BITS = 62  # a sum distribution as whole masses adding up to 2**62 (finer than a double)
_MASS = float(1 << _MASS_BITS)
_TILE = 1 << 16  # cells worked on per pass (work arrays that stay in cache)


def _generator(seed: int, *key: int) -> np.random.Generator:
    """The generator of draw ``key[0]`` (and of its parts, ``key[1:]``)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


class _Multinomial:
    """Conditional binomials for some varying cells of a plan: the count of each answer given
    the counts of the answers before it. Cells with the most distinct answers come first, so
    that answer ``j`` touches a prefix of them."""

    def __init__(self, plan: _Plan, cells: IntArray) -> None:
        perm = np.argsort(-plan.k[cells], kind="stable")
        self.order = cells[perm]
        self.k = plan.k[self.order]
        kmax = plan.counts.shape[1]
        self.active = [int(np.count_nonzero(self.k > j + 1)) for j in range(kmax - 1)]
        self.n = plan.n[self.order]
        observed = plan.counts[self.order]
        self.alpha = observed.astype(np.float64)
        self.p = observed / np.maximum(self.n, 1)[:, None]
        self.inverse = np.argsort(perm, kind="stable")

    def draw(self, rng: np.random.Generator, prior: float | None) -> IntArray:
        """Counts (cells × K, in the order of the cells given); ``prior`` draws the shares
        from the Dirichlet(counts + prior) first, None keeps the observed shares."""
        p = self.p
        if prior is not None:
            g = rng.standard_gamma(np.where(self.alpha > 0, self.alpha + prior, 0.0))
            p = g / g.sum(axis=1, keepdims=True)
        counts = np.zeros(p.shape, dtype=np.int64)
        remaining = self.n.copy()
        rest = np.ones(self.k.size)
        for j, a in enumerate(self.active):
            if a == 0:
                break
            with np.errstate(invalid="ignore", divide="ignore"):
                q = np.clip(np.where(rest[:a] > 0, p[:a, j] / rest[:a], 1.0), 0.0, 1.0)
            got = rng.binomial(remaining[:a], q)
            counts[:a, j] = got
            remaining[:a] -= got
            rest[:a] -= p[:a, j]
        counts[np.arange(self.k.size), self.k - 1] += remaining
        out: IntArray = counts[self.inverse]
        return out


class _SumSampler:
    """The exact bootstrap of a mean: the sum of ``n`` answers drawn with replacement from
    the ``n`` observed ones, drawn at once from its distribution (the ``n``-fold convolution
    of the observed shares over the scale's steps) by one random 64-bit number per cell,
    through an alias table (Walker's method).

    Cells with the same respondents, answers and counts share one distribution and table.
    A distribution keeps the sums a double resolves (tails below 2**-53 are never drawn), as
    whole masses adding up to 2**62, spread over K = 2**b buckets of 2**(62 - b) each:
    bucket ``i`` holds ``own[i]`` of its sum ``i`` and the rest of its sum ``alias[i]``. A
    number ``r`` picks bucket ``r >> (64 - b)`` (its top ``b`` bits) and takes the alias
    when its other bits are at least ``4 · own[i]``, so each sum is drawn with probability
    its mass / 2**62 exactly: one shift, two gathers and a comparison per cell-draw, whatever
    the number of sums (a search of the distribution function needed ~7 rounds of passes)."""

    def __init__(self, plan: _Plan, cells: IntArray, steps: IntArray, step: FloatArray) -> None:
        self.cells = cells
        self.n = plan.n[cells]
        self.first = plan.values[cells, 0]  # the lowest answer: step 0
        self.step = step[cells]
        self.sign = plan.sign[cells]
        steps = steps[cells]  # cells × K: the step of each answer (-1: no answer)
        kmax = self.kmax = steps.shape[1]
        self.width = steps.max(axis=1, initial=0)
        # q[i, s]: the observed share of step s at cell i; value_of: the answer's column.
        self.q = np.zeros((cells.size, int(self.width.max(initial=0)) + 1))
        self.value_of = np.full(self.q.shape, -1, dtype=np.int64)
        rows = np.repeat(np.arange(cells.size), kmax)
        flat = steps.reshape(-1)
        keep = flat >= 0
        shares = plan.counts[cells] / np.maximum(self.n, 1)[:, None]
        self.q[rows[keep], flat[keep]] = shares.reshape(-1)[keep]
        self.value_of[rows[keep], flat[keep]] = np.tile(np.arange(kmax), cells.size)[keep]

        # One distribution per distinct (answers, counts, orientation, step) of the cells.
        keys = (self.sign, self.step, *plan.values[cells].T, *plan.counts[cells].T)
        order = np.lexsort(keys)
        new = np.zeros(cells.size, dtype=bool)
        new[:1] = True
        for key in keys:
            ordered = key[order]
            new[1:] |= ordered[1:] != ordered[:-1]
        self.dist = np.empty(cells.size, dtype=np.int64)
        self.dist[order] = np.cumsum(new) - 1
        rep = order[new]  # one cell of each distribution

        # The sums each distribution can draw (lead … lead + size - 1) and their masses.
        lead = np.zeros(rep.size, dtype=np.int64)
        bits = np.zeros(rep.size, dtype=np.int64)
        masses: dict[int, list[tuple[IntArray, IntArray]]] = {}
        n_rep, w_rep = self.n[rep], self.width[rep]
        for n, w in sorted(set(zip(n_rep.tolist(), w_rep.tolist(), strict=True))):
            group = np.flatnonzero((n_rep == n) & (w_rep == w))
            cdf = np.cumsum(_sum_distribution(self.q[rep[group], : w + 1], n), axis=1)
            cdf /= cdf[:, -1:]
            low = (cdf < _EPS).sum(axis=1)
            top = (cdf < 1.0 - _EPS).sum(axis=1)  # the last sum drawn (with the tail above)
            size = top - low + 1
            lead[group] = low
            b = np.maximum(1, np.ceil(np.log2(size)).astype(np.int64))
            b += (1 << b) < size  # in case log2 rounded down
            bits[group] = b
            for b_ in np.unique(b).tolist():
                sub = np.flatnonzero(b == b_)
                k = np.arange(1 << b_)
                take = np.minimum(low[sub, None] + k, cdf.shape[1] - 1)
                inside = k < (size[sub, None] - 1)
                # whole distribution function on the buckets: floor(cdf · 2**62), 2**62 at top
                whole = np.where(
                    inside, np.floor(np.take_along_axis(cdf[sub], take, axis=1) * _MASS), _MASS
                ).astype(np.int64)
                mass = np.diff(whole, axis=1, prepend=0)
                masses.setdefault(b_, []).append((group[sub], mass))

        # Alias tables, bucket by bucket: the bound a number must reach to take the alias,
        # and the sum (and oriented mean) each side of it gives, at 2 · bucket + 0 or 1.
        size_of = 1 << bits
        base = np.r_[0, np.cumsum(size_of)[:-1]].astype(np.int64)
        total = int(size_of.sum())
        self.bound = np.zeros(total, dtype=np.uint64)
        self.sum_of = np.zeros(2 * total, dtype=np.int64)
        for b_, parts in sorted(masses.items()):
            dists = np.concatenate([d for d, _ in parts])
            own, alias = _alias(np.concatenate([m for _, m in parts]), b_)
            k = np.arange(1 << b_)
            at = (base[dists, None] + k).reshape(-1)
            shifted = (k.astype(np.uint64) << np.uint64(64 - b_))[None, :]
            self.bound[at] = (shifted + (own.astype(np.uint64) << np.uint64(2))).reshape(-1)
            start = lead[dists, None]
            self.sum_of[2 * at] = (start + np.where(own > 0, k, alias)).reshape(-1)
            self.sum_of[2 * at + 1] = (start + alias).reshape(-1)
        owner = np.repeat(rep, 2 * size_of)  # the cell whose parameters give each mean
        self.mean_of = _mean(
            self.n[owner], self.first[owner], self.step[owner], self.sign[owner], self.sum_of
        )
        self.shift = (64 - bits[self.dist]).astype(np.uint64)
        self.base = base[self.dist].astype(np.uint64)

    def _index(self, raw: U64Array, part: slice, at: U64Array, bound: U64Array,
               alias: BoolArray) -> IntArray:  # fmt: skip
        """The slots in ``sum_of``/``mean_of`` that the numbers ``raw`` (of the cells
        ``part``) pick; the work arrays ``at``, ``bound``, ``alias`` as long as ``raw``."""
        np.right_shift(raw, self.shift[part], out=at)
        at += self.base[part]  # the bucket
        index = at.view(np.int64)
        np.take(self.bound, index, out=bound, mode="wrap")
        np.greater_equal(raw, bound, out=alias)
        at <<= np.uint64(1)
        np.add(at, alias, out=at, casting="unsafe")
        return index

    def draw(self, rng: np.random.Generator) -> IntArray:
        """The slots (in ``sum_of``, ``mean_of``) of every cell's resampled sum."""
        raw = rng.bit_generator.random_raw(self.cells.size)
        size = raw.size
        work = np.empty(size, np.uint64), np.empty(size, np.uint64), np.empty(size, bool)
        return self._index(raw, slice(None), *work).copy()

    def means_into(self, raw: U64Array, out: FloatArray) -> None:
        """``out``: the (oriented) mean answer of each cell that the numbers ``raw`` (one
        per cell) pick, worked out in slices that stay in cache."""
        size = min(raw.size, _TILE)
        at, bound = np.empty(size, np.uint64), np.empty(size, np.uint64)
        alias = np.empty(size, bool)
        for start in range(0, raw.size, _TILE):
            part = slice(start, start + _TILE)
            r = raw[part]
            c = r.size
            index = self._index(r, part, at[:c], bound[:c], alias[:c])
            np.take(self.mean_of, index, out=out[part], mode="wrap")

    def counts_given(self, steps: IntArray, rng: np.random.Generator) -> IntArray:
        """Answer counts (cells × K) with the given sums of steps, drawn respondent by
        respondent from the multinomial given the sum."""
        out = np.zeros((self.cells.size, self.kmax), dtype=np.int64)
        for i in range(self.cells.size):
            n, w = int(self.n[i]), int(self.width[i])
            q = self.q[i, : w + 1]
            tables = [np.ones(1)]
            for _ in range(n):
                tables.append(np.convolve(tables[-1], q))
            left = int(steps[i])
            for m in range(n - 1, -1, -1):
                ways = np.zeros(w + 1)
                s = np.arange(w + 1)
                ok = (left - s >= 0) & (left - s < tables[m].size)
                ways[ok] = q[ok] * tables[m][left - s[ok]]
                pick = int(rng.choice(w + 1, p=ways / ways.sum()))
                out[i, self.value_of[i, pick]] += 1
                left -= pick
        return out


def _mean(n: IntArray, first: FloatArray, step: FloatArray, sign: FloatArray,
          steps: IntArray) -> FloatArray:  # fmt: skip
    """The oriented mean of ``n`` answers whose steps above ``first`` add up to ``steps``."""
    out: FloatArray = sign * (n * first + step * steps) / n
    return out


def _alias(mass: IntArray, bits: int) -> tuple[IntArray, IntArray]:
    """Walker's alias tables of the rows of ``mass`` (rows × 2**bits whole masses, each row
    adding up to 2**62): bucket ``i`` keeps ``own[i]`` of its 2**(62 - bits) for sum ``i``
    and gives the rest to ``alias[i]`` (a full bucket is its own alias, ``own`` 0). Built
    Robin Hood style, all rows at once: the emptiest open bucket is filled from the fullest,
    then closed; whole numbers, so every sum keeps exactly its mass."""
    rows, k = mass.shape
    cap = 1 << (_MASS_BITS - bits)
    left = mass.copy()
    own = np.zeros_like(left)
    alias = np.tile(np.arange(k, dtype=np.int64), (rows, 1))
    open_ = np.ones((rows, k), dtype=bool)
    r = np.arange(rows)
    most = np.iinfo(np.int64).max
    for _ in range(k - 1):
        low = np.argmin(np.where(open_, left, most), axis=1)
        high = np.argmax(np.where(open_, left, -1), axis=1)
        short = left[r, low]
        lacks = short < cap  # else every open bucket is full: each its own alias
        own[r, low] = np.where(lacks, short, 0)
        alias[r, low] = np.where(lacks, high, low)
        left[r, high] -= np.where(lacks, cap - short, 0)
        open_[r, low] = False
    return own, alias


def _sum_distribution(q: FloatArray, n: int) -> FloatArray:
    """Rows × (n·w + 1): the distribution of the sum of ``n`` independent draws from each
    row's distribution ``q`` over 0 … w (exact zeros stay zeros)."""
    w = q.shape[1] - 1
    size = n * w + 1
    p = np.zeros((q.shape[0], size))
    p[:, 0] = 1.0
    for _ in range(n):
        nxt = np.zeros_like(p)
        for s in range(w + 1):
            nxt[:, s:] += q[:, s : s + 1] * p[:, : size - s]
        p = nxt
    return p


class _Plan:
    """What one round and rubric need for any number of draws, built once.

    Varying cells (resampled, with two answers or more) are kept in unit order; their answers
    as a padded (cells × K) table of distinct values, sorted, with their observed counts.
    """

    def __init__(self, round_: Round, rubric: Rubric | str | None) -> None:
        result = score(round_, rubric)
        checked, rows = check_round(round_, rubric)
        rub = checked.rub
        c = rub.compiled
        cols = result.columns
        self.rub, self.result, self.cols = rub, result, cols
        n_units, n_ind = len(round_.units), c.n_indicators
        self.n_units, self.n_ent = n_units, len(round_.entities)
        self.precision = rub.precision
        self.low, self.high = float(rub.zoning.minimum), float(rub.zoning.maximum)

        # Distinct answers per cell, among the answered rows of respondent-based indicators.
        table = round_.responses
        answered = table.status == ANSWERED
        cell = rows.cell[answered]
        raw = table.value[answered]
        ind = rows.indicator[answered]
        people = c.role[ind] != _OBSERVATION
        cell, raw = cell[people], raw[people]
        order = np.lexsort((raw, cell))
        cs, vs = cell[order], raw[order]
        new = np.ones(cs.size, dtype=bool)
        new[1:] = (cs[1:] != cs[:-1]) | (vs[1:] != vs[:-1])
        starts = np.flatnonzero(new)
        pair_cell, pair_value = cs[starts], vs[starts]
        pair_count = np.diff(np.r_[starts, cs.size]).astype(np.int64)
        distinct = np.bincount(pair_cell, minlength=n_units * n_ind)
        varying = np.flatnonzero(distinct >= 2)  # ascending: unit order, then indicator
        keep = np.isin(pair_cell, varying)
        pair_cell, pair_value, pair_count = pair_cell[keep], pair_value[keep], pair_count[keep]
        self.cell_unit = varying // n_ind
        self.cell_ind = varying % n_ind
        v = varying.size
        k = distinct[varying]
        self.k = k
        kmax = int(k.max(initial=1))
        first = np.searchsorted(pair_cell, varying)
        slot = np.arange(pair_cell.size) - np.repeat(first, k)
        row = np.repeat(np.arange(v), k)
        self.values = np.zeros((v, kmax))
        self.counts = np.zeros((v, kmax), dtype=np.int64)
        self.values[row, slot] = pair_value
        self.counts[row, slot] = pair_count
        self.n = self.counts.sum(axis=1)
        hib = c.higher_is_better[self.cell_ind]
        self.sign = np.where(hib, 1.0, -1.0)
        self.oriented = np.where(hib[:, None], self.values, -self.values)
        self.lo = np.where(hib, c.scale_min[self.cell_ind], -c.scale_max[self.cell_ind])
        self.span = (c.scale_max - c.scale_min)[self.cell_ind]

        # Respondent reductions: the mean goes through the counts; others draw by draw.
        self.fallbacks: list[str] = []
        linear = np.ones(v, dtype=bool)
        self.reduced_by: list[tuple[Reduction, IntArray]] = []
        names = np.array(c.reduction, dtype=object)[self.cell_ind] if v else np.zeros(0, object)
        for name in sorted(set(names.tolist())):
            fn = reduction_for(rub, name)
            if fn is mean_reduction:
                continue
            where = np.flatnonzero(names == name)
            linear[where] = False
            self.reduced_by.append((fn, where))
            self.fallbacks.append(f"respondent_reduction:{name}")
        self.linear = linear

        # How the counts are drawn: the bootstrap of a mean-reduced cell on a stepped scale
        # draws the sum of its answers at once (_SumSampler); every other cell, and every
        # cell under the Dirichlet, draws its counts by conditional binomials (_Multinomial).
        step = c.scale_step[self.cell_ind]
        with np.errstate(invalid="ignore"):
            index = (self.values - self.values[:, :1]) / step[:, None]
        whole = np.nan_to_num(np.rint(index), nan=-1.0, posinf=-1.0, neginf=-1.0)
        used = np.arange(kmax) < k[:, None]
        on_grid = np.asarray(np.where(used, np.abs(index - whole) <= 1e-9, True).all(axis=1))
        steps = np.where(used & on_grid[:, None], whole, -1).astype(np.int64)
        width = steps.max(axis=1, initial=0)
        cost = self.n * (width + 1) * (self.n * width + 1)  # building the sum's distribution
        fast = linear & np.isfinite(step) & on_grid & (cost <= _SUM_COST)
        self.fast = np.flatnonzero(fast)
        self.slow = np.flatnonzero(~fast)
        self.sums = _SumSampler(self, self.fast, steps, step)
        self.all_cells = _Multinomial(self, np.arange(v))
        self.no_counts = np.zeros(self.counts.shape, dtype=np.int64)
        self.no_counts.flags.writeable = False
        self.slow_cells = _Multinomial(self, self.slow)

        # Each varying cell's share of its unit's points; the rest of each moving unit.
        share = cols.share_of()[:, c.indicator_node]  # (units × indicators)
        leaf100 = cols.node_score[:, c.indicator_node]
        self.share = share[self.cell_unit, self.cell_ind]
        fixed = np.where(share > 0, share * np.nan_to_num(leaf100), 0.0)
        fixed[self.cell_unit, self.cell_ind] = 0.0
        self.moving = np.unique(self.cell_unit)
        self.unit_starts = np.searchsorted(self.cell_unit, self.moving)
        self.base = fixed[self.moving].sum(axis=1)
        # A unit's total = offset + Σ coef · reduced answer over its resampled cells (the
        # cell's share of the unit's 100 points × its answer normalised to 0–1).
        self.coef = self.share * 100.0 / self.span
        below = -self.lo * self.coef
        self.offset = self.base + (
            np.add.reduceat(below, self.unit_starts) if below.size else np.zeros(0)
        )
        self.unit_resampled = np.bincount(self.cell_unit, minlength=n_units).astype(np.int64)

        # Entity roll-up.
        self.unit_entity = cols.unit_entity
        self.unit_scaled = cols.unit_scaled
        self.unit_has = cols.unit_has
        self.rollup = rollup_for(rub, rub.entity_rollup)
        self.linear_rollup = self.rollup is BUILTINS.find("entity_rollup", "mean_of_units")
        if not self.linear_rollup:
            self.fallbacks.append(f"entity_rollup:{rub.entity_rollup}")
        has = self.unit_has
        moving_mask = np.zeros(n_units, dtype=bool)
        moving_mask[self.moving] = True
        still = has & ~moving_mask
        self.fixed_total = np.bincount(
            self.unit_entity[still], weights=self.unit_scaled[still], minlength=self.n_ent
        ).astype(np.int64)
        self.ent_count = np.bincount(self.unit_entity[has], minlength=self.n_ent).astype(np.int64)
        ent_of_moving = self.unit_entity[self.moving]
        self.moving_by_entity = np.argsort(ent_of_moving, kind="stable")
        self.moving_entities, self.entity_starts = np.unique(
            ent_of_moving[self.moving_by_entity], return_index=True
        )

    # One draw ---------------------------------------------------------------------------------

    def draw(self, d: int, seed: int, method: str, prior: float) -> tuple[IntArray, IntArray]:
        """Draw ``d``: the resampled counts (cells × K; zero rows for the cells whose sum is
        drawn instead) and, for those cells (``self.fast``), where their resampled sums are
        in the sampler's tables (``sums.sum_of``, ``sums.mean_of``)."""
        rng = _generator(seed, d)
        if method == "dirichlet":
            return self.all_cells.draw(rng, prior), np.zeros(0, dtype=np.int64)
        picked = self.sums.draw(rng)
        if not self.slow.size:
            return self.no_counts, picked  # read-only zeros: nothing to count
        counts = np.zeros(self.counts.shape, dtype=np.int64)
        counts[self.slow] = self.slow_cells.draw(rng, None)
        return counts, picked

    def reduce(self, counts: IntArray, picked: IntArray) -> FloatArray:
        """Each varying cell's reduced (oriented) answer in one draw."""
        x = np.empty(self.k.size)
        if picked.size:  # the bootstrap: the sums of the fast cells, counts of the others
            x[self.fast] = self.sums.mean_of[picked]
            self._reduce_counts(counts, x, self.slow)
        else:
            self._reduce_counts(counts, x, None)
        return x

    def _reduce_counts(self, counts: IntArray, x: FloatArray, cells: IntArray | None) -> None:
        """Fill ``x`` at ``cells`` (None: all) from the answer counts of one draw."""
        if cells is None:
            x[:] = (counts * self.oriented).sum(axis=1) / self.n
        elif cells.size:
            x[cells] = (counts[cells] * self.oriented[cells]).sum(axis=1) / self.n[cells]
        for fn, where in self.reduced_by:
            sub = counts[where]
            group = np.repeat(np.repeat(np.arange(where.size), sub.shape[1]), sub.reshape(-1))
            values = np.repeat(self.oriented[where].reshape(-1), sub.reshape(-1))
            x[where] = fn(group, values, where.size)

    def counts_of(self, d: int, seed: int, method: str, prior: float) -> IntArray:
        """The resampled answer counts of draw ``d`` for every varying cell (cells × K): for
        the cells whose sum was drawn, counts with that sum, drawn from the multinomial
        given the sum (a generator of their own, so the draw's scores are untouched)."""
        drawn, picked = self.draw(d, seed, method, prior)
        counts = drawn.copy()
        if picked.size:
            steps = self.sums.sum_of[picked]
            counts[self.fast] = self.sums.counts_given(steps, _generator(seed, d, 1))
        return counts

    # Scores of many draws ----------------------------------------------------------------------

    def unit_scores(self, x: FloatArray, *, overwrite: bool = False) -> IntArray:
        """Draws × moving units: the published (scaled) totals from reduced answers
        (``overwrite``: ``x`` may be used as work space)."""
        terms = np.multiply(x, self.coef, out=x if overwrite else None)
        return self._published(np.add.reduceat(terms, self.unit_starts, axis=1))

    def _published(self, raw: FloatArray) -> IntArray:
        """Draws × moving units: the published (scaled) totals from the weighted sums of
        the units' reduced answers (``raw`` is used as work space)."""
        raw += self.offset
        np.clip(raw, 0.0, 100.0, out=raw)
        if (self.low, self.high) != (0.0, 100.0):
            raw = self.low + raw * ((self.high - self.low) / 100.0)
        return to_scaled_int(raw, self.precision)

    def entity_scores(self, moving_scaled: IntArray) -> IntArray:
        """Draws × entities: the roll-up of every unit's scaled score in each draw."""
        count = moving_scaled.shape[0]
        if self.linear_rollup:
            total = np.broadcast_to(self.fixed_total, (count, self.n_ent)).copy()
            if self.moving.size:
                part = np.add.reduceat(
                    moving_scaled[:, self.moving_by_entity], self.entity_starts, axis=1
                )
                total[:, self.moving_entities] += part
            safe = np.maximum(self.ent_count, 1)
            out: IntArray = (2 * total + safe) // (2 * safe)
            return out
        full = np.broadcast_to(self.unit_scaled, (count, self.n_units)).copy()
        full[:, self.moving] = moving_scaled
        rows = [self.rollup(self.unit_entity, full[j], self.unit_has, self.n_ent)[0] for j in
                range(count)]  # fmt: skip
        return np.array(rows, dtype=np.int64).reshape(count, self.n_ent)

    def scores(
        self, first: int, count: int, seed: int, method: str, prior: float
    ) -> tuple[IntArray, IntArray]:
        """Draws ``first`` … ``first + count - 1``: (draws × moving units, draws × entities)."""
        if not self.moving.size:
            moving = np.zeros((count, 0), np.int64)
        elif method == "dirichlet" or not self.fast.size:
            moving = self.unit_scores(self.means(first, count, seed, method, prior), overwrite=True)
        else:  # each draw weighted and summed per unit while it is in cache
            x, row = np.empty(self.k.size), self._fast_row()
            sums = np.empty((count, self.moving.size))
            for j in range(count):
                self._fast_draw(first + j, seed, x, row)
                x *= self.coef
                np.add.reduceat(x, self.unit_starts, out=sums[j])
            moving = self._published(sums)
        return moving, self.entity_scores(moving)

    def means(self, first: int, count: int, seed: int, method: str, prior: float) -> FloatArray:
        """Draws × varying cells: the reduced (oriented) answers of those draws."""
        x = np.empty((count, self.k.size))
        if method == "dirichlet" or not self.fast.size:
            for j in range(count):
                x[j] = self.reduce(*self.draw(first + j, seed, method, prior))
        else:
            row = self._fast_row()
            for j in range(count):
                self._fast_draw(first + j, seed, x[j], row)
        return x

    def _fast_row(self) -> FloatArray | None:
        """Work space for the fast cells' means, None when every cell is fast."""
        return None if self.fast.size == self.k.size else np.empty(self.fast.size)

    def _fast_draw(self, d: int, seed: int, out: FloatArray, row: FloatArray | None) -> None:
        """Draw ``d`` of the bootstrap as :meth:`draw` and :meth:`reduce` make it, into
        ``out`` (every varying cell), with the fast cells' means picked while their random
        numbers are in cache (``row``: from :meth:`_fast_row`)."""
        rng = _generator(seed, d)
        raw = rng.bit_generator.random_raw(self.fast.size)
        if self.slow.size:
            counts = np.zeros(self.counts.shape, dtype=np.int64)
            counts[self.slow] = self.slow_cells.draw(rng, None)
            self._reduce_counts(counts, out, self.slow)
        if row is None:
            self.sums.means_into(raw, out)
        else:
            self.sums.means_into(raw, row)
            out[self.fast] = row


# Histograms: the draws of each row, counted on the published grid --------------------------------


class _Histograms:
    """Counts of each row's draws per score on the published grid, rows of different widths
    side by side. Each row covers the scores its draws reached so far (it grows when a chunk
    reaches further), so memory follows the spread of the draws, not their number."""

    def __init__(self, start: IntArray) -> None:
        self.lo = start.astype(np.int64)
        self.width = np.ones(start.size, dtype=np.int64)
        self.offset = np.arange(start.size, dtype=np.int64)
        self.counts = np.zeros(start.size, dtype=np.int64)
        self.sums = np.zeros(start.size, dtype=np.int64)  # exact: scores are integers

    def _cover(self, rows: IntArray, low: IntArray, high: IntArray) -> None:
        """Widen ``rows`` to hold [low, high] each, moving the counts kept so far."""
        lo = self.lo.copy()
        hi = self.lo + self.width - 1
        np.minimum.at(lo, rows, low)
        np.maximum.at(hi, rows, high)
        if np.array_equal(lo, self.lo) and np.array_equal(hi, self.lo + self.width - 1):
            return
        width = hi - lo + 1
        offset = np.r_[0, np.cumsum(width)[:-1]].astype(np.int64)
        counts = np.zeros(int(width.sum()), dtype=np.int64)
        shift = np.repeat(offset - self.offset + (self.lo - lo), self.width)
        counts[np.arange(self.counts.size) + shift] = self.counts
        self.lo, self.width, self.offset, self.counts = lo, width, offset, counts

    def add(self, rows: IntArray, scaled: IntArray) -> None:
        """Count the draws × ``rows`` scores ``scaled``."""
        if not scaled.size:
            return
        self._cover(rows, scaled.min(axis=0), scaled.max(axis=0))
        index = (scaled - self.lo[rows] + self.offset[rows]).reshape(-1)
        self.counts += np.bincount(index, minlength=self.counts.size)
        self.sums[rows] += scaled.sum(axis=0)

    def fix(self, rows: IntArray, scaled: IntArray, draws: int) -> None:
        """Rows whose every draw is ``scaled`` (not resampled)."""
        self._cover(rows, scaled, scaled)
        self.counts[self.offset[rows] + scaled - self.lo[rows]] += draws
        self.sums[rows] += scaled * draws

    def _cumulative(self) -> tuple[IntArray, IntArray]:
        g = np.cumsum(self.counts)
        before = np.where(self.offset > 0, g[np.maximum(self.offset - 1, 0)], 0)
        return g, before

    def below_or_at(self, values: IntArray) -> IntArray:
        """Rows × len(values): how many draws of each row are at most each value."""
        g, before = self._cumulative()
        at = np.clip(values[None, :] - self.lo[:, None], -1, self.width[:, None] - 1)
        upto = np.where(at >= 0, g[self.offset[:, None] + np.maximum(at, 0)], before[:, None])
        out: IntArray = upto - before[:, None]
        return out

    def quantiles(self, ranks: Sequence[int]) -> list[IntArray]:
        """Per rank and row, the smallest score with at least ``rank`` draws at or below it
        (rows without draws give their starting score)."""
        g, before = self._cumulative()
        out = []
        for rank in ranks:
            found = np.searchsorted(g, before + rank, side="left")
            found = np.minimum(found, self.offset + self.width - 1)
            out.append(found - self.offset + self.lo)
        return out


# The public functions ----------------------------------------------------------------------------


def uncertainty(
    round_: Round,
    *,
    draws: int = 10_000,
    seed: int = 0,
    level: float = 0.9,
    method: Method = "bootstrap",
    prior: float = 0.0,
    chunk_size: int | None = None,
    borderline: float = 0.8,
    rubric: Rubric | str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Uncertainty:
    """Sampling uncertainty of every unit and entity score of ``round_``.

    Each of ``draws`` draws resamples the respondents of every respondent-based cell (see the
    module docstring): ``method="bootstrap"`` draws the answers' counts from the multinomial
    over the observed answers, with as many respondents as observed; ``"dirichlet"`` first
    draws the answer shares from the posterior Dirichlet(observed counts + ``prior``) and
    then the counts from the multinomial with those shares (a Dirichlet–multinomial: the
    spread of another sample of the same size, given what this one says). Each draw is scored
    under the rubric's rules; the result gives per unit and entity the central ``level``
    interval, the median and mean, the probability of each band and zone, the most likely
    band and a ``borderline`` flag when its probability is below ``borderline``, beside the
    published score and band.

    ``chunk_size`` draws are held in memory at a time (default: 256); it changes nothing else.
    ``progress(done, total)`` is called after each chunk with the draws scored so far.
    Raises :class:`~kepatuhan.InvalidInputError` for bad arguments (every one, located by
    name) and the errors of :func:`~kepatuhan.score` for a round that cannot be scored.
    Warns :class:`SamplingFallbackWarning` when a strategy of the rubric runs draw by draw.
    """
    _check_arguments(
        draws=draws,
        seed=seed,
        level=level,
        method=method,
        prior=prior,
        chunk_size=chunk_size,
        borderline=borderline,
    )
    draws, seed, chunk = int(draws), int(seed), int(chunk_size or DEFAULT_CHUNK)
    plan = _Plan(round_, rubric)
    for name in plan.fallbacks:
        kind, strategy = name.split(":")
        of = "the answer counts" if kind == "respondent_reduction" else "the unit scores"
        warnings.warn(
            f"{kind.replace('_', ' ')} {strategy!r} of rubric {plan.rub.id!r} is not known to be "
            f"linear in {of}: it is applied draw by draw (same result, slower)",
            SamplingFallbackWarning,
            stacklevel=2,
        )

    cols = plan.cols
    units = _Histograms(cols.unit_scaled)
    entities = _Histograms(cols.entity_scaled)
    still = np.flatnonzero(cols.unit_has & (plan.unit_resampled == 0))
    units.fix(still, cols.unit_scaled[still], draws)
    scored = np.flatnonzero(cols.entity_has)
    for first in range(0, draws, chunk):
        count = min(chunk, draws - first)
        moving, ents = plan.scores(first, count, seed, method, float(prior))
        if plan.moving.size:
            units.add(plan.moving, moving)
        entities.add(scored, ents[:, scored])
        if progress is not None:
            progress(first + count, draws)

    zoning = plan.rub.zoning
    bands = _band_infos(plan.rub)
    zones: list[Zone] = []
    for band in zoning.bands:
        if band.zone is not None and band.zone not in zones:
            zones.append(band.zone)
    params = UncertaintyParams(
        draws=draws,
        seed=seed,
        level=float(level),
        method=method,
        prior=float(prior),
        chunk_size=chunk,
        borderline=float(borderline),
        rubric=plan.rub.id,
        rubric_version=plan.rub.info.version,
    )
    unit_codes = tuple(u.code for u in round_.units)
    ent_codes = tuple(e.code for e in round_.entities)
    ent_resampled = np.bincount(
        plan.unit_entity, weights=plan.unit_resampled, minlength=plan.n_ent
    ).astype(np.int64)
    return Uncertainty(
        params=params,
        precision=plan.precision,
        bands=bands,
        zones=tuple(zones),
        fallbacks=tuple(plan.fallbacks),
        units=_spread(
            units,
            params,
            plan,
            codes=unit_codes,
            entity=tuple(ent_codes[e] for e in plan.unit_entity.tolist()),
            published=cols.unit_scaled,
            has=cols.unit_has,
            band=cols.unit_band,
            resampled=plan.unit_resampled,
        ),
        entities=_spread(
            entities,
            params,
            plan,
            codes=ent_codes,
            entity=ent_codes,
            published=cols.entity_scaled,
            has=cols.entity_has,
            band=cols.entity_band,
            resampled=ent_resampled,
        ),
    )


@dataclass(frozen=True)
class DrawnMeans:
    """Draws ``first`` … ``first + count - 1`` of :func:`uncertainty` before they are scored,
    for a benchmark floor or an audit: the reduced answer of each resampled cell per draw,
    and the linear form that turns them into unit totals.

    A moving unit's 0–100 total in a draw is ``offset[m] + Σ weight[c] · means[d, c]`` over
    its cells ``c`` (``cell_unit[c] == units[m]``); it is then clipped to 0–100, put on the
    reporting scale, rounded half-up and banded. Units not in ``units`` keep their published
    score in every draw.
    """

    means: FloatArray  # draws × cells: each cell's reduced answer (oriented: higher is better)
    cell_unit: IntArray  # unit position of each cell (ascending)
    cell_indicator: IntArray  # indicator position (rubric order) of each cell
    weight: FloatArray  # points of the unit's 100 per unit of the cell's reduced answer
    units: IntArray  # positions of the units with resampled cells
    offset: FloatArray  # per unit of ``units``: the total when every reduced answer is 0


def drawn_means(
    round_: Round,
    count: int,
    *,
    first: int = 0,
    seed: int = 0,
    method: Method = "bootstrap",
    prior: float = 0.0,
    rubric: Rubric | str | None = None,
) -> DrawnMeans:
    """The resampled cell means of ``count`` draws of :func:`uncertainty`, starting at draw
    ``first`` (the same draws, whatever the chunking), with the weights that score them."""
    _check_arguments(
        draws=count, seed=seed, level=0.5, method=method, prior=prior, chunk_size=None,
        borderline=0,
    )  # fmt: skip
    if not _whole(first, 0):
        raise InvalidInputError([Problem("first", "uncertainty_draw", {"value": first})])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingFallbackWarning)
        plan = _Plan(round_, rubric)
    means = plan.means(int(first), int(count), int(seed), method, float(prior))
    return DrawnMeans(
        means=means,
        cell_unit=plan.cell_unit,
        cell_indicator=plan.cell_ind,
        weight=plan.coef,
        units=plan.moving,
        offset=plan.offset,
    )


def resampled_changes(
    round_: Round,
    draw: int,
    *,
    seed: int = 0,
    method: Method = "bootstrap",
    prior: float = 0.0,
    rubric: Rubric | str | None = None,
) -> tuple[SetDistribution, ...]:
    """The answers draw ``draw`` of :func:`uncertainty` (same ``seed``, ``method`` and
    ``prior``) gives every resampled cell, as what-if changes.

    ``kepatuhan.score(kepatuhan.apply_changes(round_, changes))`` scores that draw exactly
    as :func:`uncertainty` did: each draw's parameters can be recovered and checked.
    """
    _check_arguments(
        draws=1, seed=seed, level=0.5, method=method, prior=prior, chunk_size=None, borderline=0
    )
    if not _whole(draw, 0):
        raise InvalidInputError([Problem("draw", "uncertainty_draw", {"value": draw})])
    plan = _Plan(round_, rubric)
    counts = plan.counts_of(int(draw), int(seed), method, float(prior))
    unit_codes = [u.code for u in round_.units]
    ind_ids = plan.rub.compiled.indicator_ids
    changes = []
    for i in range(counts.shape[0]):
        answers = tuple(
            AnswerCount(value=float(plan.values[i, j]), count=int(counts[i, j]))
            for j in range(int(plan.k[i]))
            if counts[i, j] > 0
        )
        changes.append(
            SetDistribution(
                unit=unit_codes[plan.cell_unit[i]],
                indicator=ind_ids[plan.cell_ind[i]],
                answers=answers,
            )
        )
    return tuple(changes)


# Helpers -----------------------------------------------------------------------------------------


def _band_infos(rub: Rubric) -> tuple[BandInfo, ...]:
    bands = rub.zoning.bands
    grades = [b.grade for b in bands]
    by_grade = all(g is not None for g in grades) and len(set(grades)) == len(grades)
    return tuple(
        BandInfo(
            name=str(b.grade) if by_grade else b.label,
            lower=b.lower,
            upper=b.upper,
            zone=b.zone,
            grade=b.grade,
            label=b.label,
        )
        for b in bands
    )


def _spread(
    hist: _Histograms,
    params: UncertaintyParams,
    plan: _Plan,
    *,
    codes: tuple[str, ...],
    entity: tuple[str, ...],
    published: IntArray,
    has: BoolArray,
    band: npt.NDArray[np.intp],
    resampled: IntArray,
) -> ScoreSpread:
    n = params.draws
    tail = (1 - Decimal(repr(params.level))) / 2
    ranks = [math.ceil(tail * n), math.ceil((1 - tail) * n), math.ceil(Decimal(n) / 2)]
    lower, upper, median = hist.quantiles([max(1, r) for r in ranks])
    p = plan.precision
    zoning = plan.rub.zoning
    lowers = np.array([int(b.lower.scaleb(p)) for b in zoning.bands], dtype=np.int64)
    uppers = np.r_[lowers[1:] - 1, np.iinfo(np.int64).max // 4]  # above the top: top band
    upto = hist.below_or_at(uppers)
    counts = np.diff(np.c_[np.zeros(len(codes), np.int64), upto], axis=1)
    counts = np.where(has[:, None], counts, 0)
    likely = np.argmax(counts, axis=1)
    threshold = Decimal(repr(params.borderline)) * n
    top = counts[np.arange(len(codes)), likely]
    mean = hist.sums / n / 10**p

    def dec(values: IntArray) -> tuple[Decimal | None, ...]:
        return tuple(
            Decimal(int(v)).scaleb(-p) if h else None
            for v, h in zip(values.tolist(), has.tolist(), strict=True)
        )

    return ScoreSpread(
        codes=codes,
        entity=entity,
        published=dec(published),
        published_band=tuple(
            int(b) if h else None for b, h in zip(band.tolist(), has.tolist(), strict=True)
        ),
        lower=dec(lower),
        median=dec(median),
        upper=dec(upper),
        mean=tuple(
            float(m) if h else None for m, h in zip(mean.tolist(), has.tolist(), strict=True)
        ),
        band_counts=tuple(tuple(int(x) for x in row) for row in counts.tolist()),
        likely_band=tuple(
            int(b) if h else None for b, h in zip(likely.tolist(), has.tolist(), strict=True)
        ),
        borderline=tuple(
            bool(h and Decimal(int(t)) < threshold)
            for t, h in zip(top.tolist(), has.tolist(), strict=True)
        ),
        resampled_cells=tuple(int(r) for r in resampled.tolist()),
    )
