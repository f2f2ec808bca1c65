"""kp.uncertainty: resampled respondents scored exactly as kp.score scores them, seeded draws,
interval and band probabilities from the draws, located argument errors."""

from __future__ import annotations

import itertools
import math
import warnings
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from builders import ASSUMED, BANDS_2, SOURCES, heavy, indicator, rapor_round
from kepatuhan import sampling_uncertainty
from kepatuhan.example import example_round
from kepatuhan.rounding import round_half_up, to_scaled_int
from kepatuhan.sampling_uncertainty import (
    SamplingFallbackWarning,
    Uncertainty,
    _Plan,
    _SumSampler,
    drawn_means,
    resampled_changes,
    uncertainty,
)
from kepatuhan.strategies import Strategy, StrategyTable, active_table
from kepatuhan.testing import rubric_and_round, rubrics
from kepatuhan.whatif import AnswerCount, SetAnswer, SetDistribution, apply_changes

METHODS = ("bootstrap", "dirichlet")


def _quiet(call: Any, *args: Any, **kw: Any) -> Any:
    """Call with the fallback warning silenced (generated rubrics use every reduction)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SamplingFallbackWarning)
        return call(*args, **kw)


def _draw_scores(
    round_: kp.Round, rubric: kp.Rubric | None, draw: int, seed: int, method: str, prior: float
) -> tuple[dict[str, int], list[int]]:
    """Draw ``draw`` as the vectorised path scores it: moving unit → scaled, entity scaled."""
    plan = _Plan(round_, rubric)
    moving, entities = plan.scores(draw, 1, seed, method, prior)
    codes = [round_.units[u].code for u in plan.moving.tolist()]
    return dict(zip(codes, moving[0].tolist(), strict=True)), entities[0].tolist()


def _rebuilt_scores(
    round_: kp.Round, rubric: kp.Rubric | None, draw: int, seed: int, method: str, prior: float
) -> tuple[kp.RoundResult, kp.RoundResult]:
    """Draw ``draw``'s answers written into the round and scored by kp.score."""
    changes = resampled_changes(round_, draw, seed=seed, method=method, prior=prior, rubric=rubric)  # type: ignore[arg-type]
    rebuilt = apply_changes(round_, changes, rubric=rubric)
    return kp.score(round_, rubric), kp.score(rebuilt, rubric)


def _assert_draw_matches(
    round_: kp.Round, rubric: kp.Rubric | None, draw: int, seed: int, method: str, prior: float
) -> None:
    units, entities = _draw_scores(round_, rubric, draw, seed, method, prior)
    before, after = _rebuilt_scores(round_, rubric, draw, seed, method, prior)
    cols = after.columns
    for i, unit in enumerate(round_.units):
        expected = int(cols.unit_scaled[i])
        if unit.code in units:
            assert units[unit.code] == expected, unit.code
        else:  # not resampled: the draw leaves it at its published score
            assert int(before.columns.unit_scaled[i]) == expected, unit.code
    for j in np.flatnonzero(cols.entity_has).tolist():
        assert entities[j] == int(cols.entity_scaled[j]), round_.entities[j].code


# A draw is what kp.score makes of the resampled answers -------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("draw", [0, 1, 17, 9_999])
def test_a_draw_equals_kp_score_of_the_rebuilt_round(method: str, draw: int) -> None:
    rnd = example_round()
    _assert_draw_matches(rnd, None, draw, 3, method, 0.5 if method == "dirichlet" else 0.0)
    changes = resampled_changes(rnd, draw, seed=3, method=method)  # type: ignore[arg-type]
    assert changes, "the example has respondents to resample"
    moved = kp.score(apply_changes(rnd, changes)).columns.unit_scaled
    assert not np.array_equal(moved, kp.score(rnd).columns.unit_scaled)


@heavy()
@given(
    pair=rubric_and_round(
        rubrics(reporting_scales=True, missing_policies=("exclude", "zero")),
        max_respondents=5,
        max_units=5,
    ),
    draw=st.integers(0, 50),
    seed=st.integers(0, 2**32),
    method=st.sampled_from(METHODS),
)
def test_property_draw_equals_kp_score(
    pair: tuple[kp.Rubric, kp.Round], draw: int, seed: int, method: str
) -> None:
    rubric, rnd = pair
    _quiet(_assert_draw_matches, rnd, rubric, draw, seed, method, 0.0)


@heavy()
@given(pair=rubric_and_round(rubrics(reporting_scales=True), max_respondents=4, max_units=4))
def test_property_observed_counts_give_the_published_scores(
    pair: tuple[kp.Rubric, kp.Round],
) -> None:
    """The linear form the draws go through reproduces the published score of every moving
    unit from the observed answers (the N/A renormalisation, orientation, reporting scale
    and rounding all in it)."""
    rubric, rnd = pair
    plan = _quiet(_Plan, rnd, rubric)
    if not plan.moving.size:
        return
    got = plan.unit_scores(plan.reduce(plan.counts, np.zeros(0, np.int64))[None, :])[0]
    assert got.tolist() == plan.unit_scaled[plan.moving].tolist()


# Collapse, probabilities, intervals ---------------------------------------------------------------


def _all_agree(rnd: kp.Round) -> kp.Round:
    """Every respondent of every cell gives the cell's first answer."""
    first: dict[tuple[str, str], float] = {}
    for r in rnd.responses:
        if r.value is not None:
            first.setdefault((r.unit, r.indicator), r.value)
    changes = [SetAnswer(unit=u, indicator=i, value=v) for (u, i), v in first.items()]
    return apply_changes(rnd, changes)


@pytest.mark.parametrize("method", METHODS)
def test_all_equal_answers_collapse_to_the_published_score(method: str) -> None:
    rnd = _all_agree(example_round())
    res = uncertainty(rnd, draws=50, method=method)  # type: ignore[arg-type]
    published = kp.score(rnd)
    grades = [b.grade for b in res.bands]
    pairs = (
        (res.units, [(u.score, u.grade) for u in published.units]),
        (res.entities, [(e.score, e.grade) for e in published.entities]),
    )
    for spread, results in pairs:
        assert spread.published == tuple(score for score, _ in results)
        assert spread.lower == spread.median == spread.upper == spread.published
        assert spread.resampled_cells == (0,) * len(results)
        for row, (_, grade) in zip(spread.band_counts, results, strict=True):
            assert row[grades.index(grade)] == 50 == sum(row)
        assert not any(spread.borderline)


def test_the_published_scores_are_kp_scores() -> None:
    rnd = example_round()
    res = uncertainty(rnd, draws=20)
    published = kp.score(rnd)
    assert res.units.published == tuple(u.score for u in published.units)
    assert res.entities.published == tuple(e.score for e in published.entities)
    grades = [b.grade for b in res.bands]
    assert [grades[b] for b in res.units.published_band if b is not None] == [
        u.grade for u in published.units
    ]


@settings(max_examples=25)
@given(
    pair=rubric_and_round(rubrics(), max_respondents=5, max_units=5),
    seed=st.integers(0, 1000),
    level=st.floats(0.05, 0.99),
    draws=st.integers(1, 60),
)
def test_property_probabilities_sum_to_one_and_the_interval_holds_the_median(
    pair: tuple[kp.Rubric, kp.Round], seed: int, level: float, draws: int
) -> None:
    rubric, rnd = pair
    res: Uncertainty = _quiet(uncertainty, rnd, draws=draws, seed=seed, level=level, rubric=rubric)
    for level_name in ("units", "entities"):
        spread = res.units if level_name == "units" else res.entities
        p = res.band_probability(level_name)
        for i, published in enumerate(spread.published):
            if published is None:
                assert np.isnan(p[i]).all() and spread.likely_band[i] is None
                continue
            assert sum(spread.band_counts[i]) == draws
            assert p[i].sum() == pytest.approx(1.0)
            lower, median, upper = spread.lower[i], spread.median[i], spread.upper[i]
            assert lower is not None and median is not None and upper is not None
            assert lower <= median <= upper
            if res.zones:
                assert res.zone_probability(level_name)[i].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("level", [0.5, 0.9, 0.95])
def test_interval_band_counts_and_mean_are_those_of_the_draws(level: float) -> None:
    """The histograms give what numpy gives on the explicit draws (inverted CDF quantiles)."""
    rnd = example_round()
    draws = 301
    res = uncertainty(rnd, draws=draws, seed=5, level=level, chunk_size=64)
    plan = _Plan(rnd, None)
    moving, entities = plan.scores(0, draws, 5, "bootstrap", 0.0)
    lowers = np.array([int(b.lower.scaleb(2)) for b in res.bands])
    for spread, sample in ((res.units, moving), (res.entities, entities)):
        tail = (1 - level) / 2
        for i in range(sample.shape[1]):
            x = np.sort(sample[:, i])
            q = np.quantile(x, [tail, 0.5, 1 - tail], method="inverted_cdf")
            got = [spread.lower[i], spread.median[i], spread.upper[i]]
            assert [int(g.scaleb(2)) for g in got if g is not None] == q.astype(int).tolist()
            bands = np.searchsorted(lowers, x, side="right") - 1
            assert list(spread.band_counts[i]) == np.bincount(bands, minlength=5).tolist()
            assert spread.mean[i] == pytest.approx(x.mean() / 100, abs=1e-9)


def test_bootstrap_mean_is_the_observed_score_within_monte_carlo_error() -> None:
    rnd = example_round()
    res = uncertainty(rnd, draws=4000, seed=11)
    for published, mean, lower, upper in zip(
        res.units.published, res.units.mean, res.units.lower, res.units.upper, strict=True
    ):
        assert published is not None and mean is not None and lower is not None
        assert upper is not None
        sd = float(upper - lower) / (2 * 1.645)  # the 90 % interval of a near-normal spread
        assert abs(mean - float(published)) < 4 * sd / np.sqrt(4000) + 0.005


def _borderline_round(ones: int, twos: int) -> tuple[kp.Rubric, kp.Round]:
    """One unit whose score is 99 % an observation (fixed) and 1 % 25 service users."""
    rubric = kp.Rubric.model_validate(
        {
            "id": "uji-batas",
            "title": "Rubrik uji batas",
            "nodes": [
                indicator(
                    "obs",
                    99.0,
                    role="observasi",
                    scale={"kind": "percentage", "minimum": 0, "maximum": 100},
                ),
                indicator("users", 1.0, role="pengguna_layanan"),
            ],
            "zoning": {
                "bands": [
                    {"lower": "0.00", "upper": "77.99", "zone": "kuning", "grade": "C",
                     "label": "Sedang"},
                    {"lower": "78.00", "upper": "100.00", "zone": "hijau", "grade": "B",
                     "label": "Tinggi"},
                ]
            },
            "provenance": ASSUMED,
            "sources": SOURCES,
        }
    )  # fmt: skip
    answers = [{"unit": "u1", "indicator": "obs", "value": 78.0}]
    answers += [
        {"unit": "u1", "indicator": "users", "value": v, "respondent": f"r{k}"}
        for k, v in enumerate([3.0] * ones + [2.0] * twos)
    ]
    rnd = kp.Round(
        rubric="uji-batas",
        entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
        units=[{"code": "u1", "name": "Unit u1", "entity": "e1", "unit_type": "opd"}],
        responses=answers,
    )
    return rubric, rnd


def test_an_entity_at_77_9x_with_a_small_spread_is_borderline() -> None:
    rubric, rnd = _borderline_round(7, 18)  # 0.99·78 + 0.01·100·(57/25)/3 = 77.98
    res = uncertainty(rnd, draws=2000, rubric=rubric)
    (published,) = res.entities.published
    assert published == Decimal("77.98")
    (lower,), (upper,) = res.entities.lower, res.entities.upper
    assert lower is not None and upper is not None and upper - lower <= Decimal("0.20")
    assert res.entities.borderline == (True,)
    p_c, p_b = res.band_probability("entities")[0]
    assert 0.05 < p_b < 0.5 < p_c
    assert res.entities.likely_band == (0,)  # C, the published band, still most likely
    # With a threshold below the likely band's probability it is not flagged.
    far = uncertainty(rnd, draws=2000, rubric=rubric, borderline=0.5)
    assert far.entities.borderline == (False,)


def _users_round(n: int) -> tuple[kp.Rubric, kp.Round]:
    """One unit scored by one indicator that ``n`` service users answered 0, 1, 2, 3 in turn."""
    rubric = kp.Rubric.model_validate(
        {
            "id": "uji-n",
            "title": "Rubrik uji n",
            "nodes": [indicator("users", 1.0, role="pengguna_layanan")],
            "zoning": {"bands": BANDS_2},
            "provenance": ASSUMED,
            "sources": SOURCES,
        }
    )
    rnd = kp.Round(
        rubric="uji-n",
        entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
        units=[{"code": "u1", "name": "Unit u1", "entity": "e1", "unit_type": "opd"}],
        responses=[
            {"unit": "u1", "indicator": "users", "value": float(k % 4), "respondent": f"r{k}"}
            for k in range(n)
        ],
    )
    return rubric, rnd


def test_the_interval_shrinks_as_one_over_root_n() -> None:
    widths = {}
    for n in (16, 64):
        rubric, rnd = _users_round(n)
        res = uncertainty(rnd, draws=4000, seed=1, rubric=rubric)
        (lower,), (upper,) = res.units.lower, res.units.upper
        assert lower is not None and upper is not None
        widths[n] = float(upper - lower)
    assert 1.6 < widths[16] / widths[64] < 2.5  # √(64/16) = 2


def test_units_given_as_rapor_figures_stay_fixed() -> None:
    rnd = rapor_round("ombudsman-2024", {"e1": 77.96, "e2": 91.0})
    res = uncertainty(rnd, draws=30)
    assert res.units.resampled_cells == (0, 0)
    assert res.units.lower == res.units.upper == res.units.published
    assert res.entities.borderline == (False, False)


def test_an_skm_round_on_its_own_scale_without_zones() -> None:
    """SKM: 9 unsur answered 1–4 by 60 users, reported on 25–100, bands without zones."""
    rng = np.random.default_rng(3)
    rnd = kp.Round(
        rubric="skm-2017",
        entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
        units=[{"code": "u1", "name": "Unit u1", "entity": "e1", "unit_type": "opd"}],
        responses=[
            {"unit": "u1", "indicator": f"u{k}", "value": float(v), "respondent": f"r{r}"}
            for k in range(1, 10)
            for r, v in enumerate(rng.integers(2, 5, size=60).tolist())
        ],
    )
    res = uncertainty(rnd, draws=500, seed=1)
    assert res.zones == ()
    (published,), (lower,), (upper,) = res.units.published, res.units.lower, res.units.upper
    assert published == kp.score(rnd).units[0].score
    assert lower is not None and upper is not None and published is not None
    assert lower < published < upper
    assert Decimal(25) <= lower and upper <= Decimal(100)
    frame = res.to_frame("units")
    assert not [c for c in frame.columns if str(c).startswith("p_zone_")]
    assert float(frame[[f"p_band_{b.name}" for b in res.bands]].sum(axis=1)[0]) == 1.0
    _assert_draw_matches(rnd, None, 4, 1, "bootstrap", 0.0)


# Differential: exact enumeration of every resample ------------------------------------------------

_CELLS = {("u1", "a"): [0.0, 2.0, 3.0], ("u1", "b"): [1.0, 1.0, 3.0], ("u2", "a"): [3.0, 0.0]}
_CELLS[("u2", "b")] = [2.0, 0.0, 3.0]


def _small_round() -> tuple[kp.Rubric, kp.Round]:
    bands = [
        ("0.00", "39.99", "merah", "D"),
        ("40.00", "59.99", "kuning", "C"),
        ("60.00", "79.99", "kuning", "B"),
        ("80.00", "100.00", "hijau", "A"),
    ]
    rubric = kp.Rubric.model_validate(
        {
            "id": "uji-kecil",
            "title": "Rubrik uji kecil",
            "nodes": [indicator("a", 1.0), indicator("b", 2.0)],
            "zoning": {
                "bands": [
                    {"lower": lo, "upper": hi, "zone": z, "grade": g, "label": f"Mutu {g}"}
                    for lo, hi, z, g in bands
                ]
            },
            "provenance": ASSUMED,
            "sources": SOURCES,
        }
    )
    answers = [
        {"unit": u, "indicator": i, "value": v, "respondent": f"r{k}"}
        for (u, i), values in _CELLS.items()
        for k, v in enumerate(values)
    ]
    rnd = kp.Round(
        rubric="uji-kecil",
        entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
        units=[
            {"code": c, "name": f"Unit {c}", "entity": "e1", "unit_type": "opd"}
            for c in ("u1", "u2")
        ],
        responses=answers,
    )
    return rubric, rnd


def _compositions(n: int, k: int) -> list[tuple[int, ...]]:
    if k == 1:
        return [(n,)]
    return [(m, *rest) for m in range(n + 1) for rest in _compositions(n - m, k - 1)]


def _pmf(counts: tuple[int, ...], observed: list[int], method: str, prior: float) -> float:
    """Probability of resampled ``counts`` given the ``observed`` counts of each answer."""
    n = sum(observed)
    log = math.lgamma(n + 1) - sum(math.lgamma(m + 1) for m in counts)
    if method == "bootstrap":
        return math.exp(
            log + sum(m * math.log(c / n) for m, c in zip(counts, observed, strict=True) if m)
        )
    alpha = [c + prior for c in observed]
    log += math.lgamma(sum(alpha)) - math.lgamma(n + sum(alpha))
    log += sum(math.lgamma(m + a) - math.lgamma(a) for m, a in zip(counts, alpha, strict=True))
    return math.exp(log)


@pytest.mark.parametrize(
    ("method", "prior"), [("bootstrap", 0.0), ("dirichlet", 0.0), ("dirichlet", 1.0)]
)
def test_band_probabilities_match_exact_enumeration(method: str, prior: float) -> None:
    """Every possible resample of every cell, weighted by its exact probability and scored by
    kp.score, against the Monte Carlo band probabilities."""
    rubric, rnd = _small_round()
    options = []
    for (unit, ind), values in _CELLS.items():
        distinct = sorted(set(values))
        observed = [values.count(v) for v in distinct]
        options.append(
            [
                (unit, ind, distinct, counts, _pmf(counts, observed, method, prior))
                for counts in _compositions(len(values), len(distinct))
            ]
        )
    exact = np.zeros((3, 4))  # u1, u2, e1 × bands D, C, B, A
    for combo in itertools.product(*options):
        changes = [
            SetDistribution(
                unit=unit,
                indicator=ind,
                answers=tuple(
                    AnswerCount(value=v, count=m)
                    for v, m in zip(distinct, counts, strict=True)
                    if m
                ),
            )
            for unit, ind, distinct, counts, _ in combo
        ]
        result = kp.score(apply_changes(rnd, changes, rubric=rubric), rubric)
        weight = math.prod(p for *_, p in combo)
        cols = result.columns
        for row, band in enumerate([*cols.unit_band.tolist(), *cols.entity_band.tolist()]):
            exact[row, band] += weight
    np.testing.assert_allclose(exact.sum(axis=1), 1.0)
    draws = 4000
    res = uncertainty(rnd, draws=draws, seed=9, method=method, prior=prior, rubric=rubric)  # type: ignore[arg-type]
    got = np.vstack([res.band_probability("units"), res.band_probability("entities")])
    tolerance = 4.5 * np.sqrt(exact * (1 - exact) / draws) + 1e-12
    assert (np.abs(got - exact) <= tolerance).all(), (got, exact)


# The alias tables of the resampled sums ---------------------------------------------------------


def _sampler(cells: list[tuple[list[int], float, float, float]]) -> Any:
    """A _SumSampler for cells given as (count of each step 0…w, first answer, step, sign)."""
    kmax = max(len(c) for c, *_ in cells)
    values = np.zeros((len(cells), kmax))
    counts = np.zeros((len(cells), kmax), dtype=np.int64)
    steps = np.full((len(cells), kmax), -1, dtype=np.int64)
    for i, (per_step, first, step, _) in enumerate(cells):
        seen = [s for s, m in enumerate(per_step) if m]
        values[i, : len(seen)] = [first + step * s for s in seen]
        counts[i, : len(seen)] = [per_step[s] for s in seen]
        steps[i, : len(seen)] = seen
    plan = type("FakePlan", (), {})()
    plan.n, plan.values, plan.counts = counts.sum(axis=1), values, counts
    plan.sign = np.array([sign for *_, sign in cells])
    sizes = np.array([size for _, _, size, _ in cells])
    return _SumSampler(plan, np.arange(len(cells)), steps, sizes)


def _exact_sum(per_step: list[int]) -> dict[int, Fraction]:
    """The exact distribution of the sum of steps of n answers resampled from ``per_step``."""
    n = sum(per_step)
    dist = {0: Fraction(1)}
    for _ in range(n):
        nxt: dict[int, Fraction] = {}
        for total, p in dist.items():
            for s, m in enumerate(per_step):
                if m:
                    nxt[total + s] = nxt.get(total + s, Fraction(0)) + p * Fraction(m, n)
        dist = nxt
    return dist


def _table_distribution(sampler: Any, cell: int) -> dict[int, Fraction]:
    """What the cell's alias table draws, read off its buckets: of the 2**64 numbers, bucket
    ``i`` gets those with top bits ``i``; those below its bound give its own slot, the rest
    its alias slot."""
    shift = int(sampler.shift[cell])
    base = int(sampler.base[cell])
    out: dict[int, Fraction] = {}
    for i in range(1 << (64 - shift)):
        own = int(sampler.bound[base + i]) - (i << shift)
        assert 0 <= own < 1 << shift
        for slot, numbers in ((2 * (base + i), own), (2 * (base + i) + 1, (1 << shift) - own)):
            total = int(sampler.sum_of[slot])
            out[total] = out.get(total, Fraction(0)) + Fraction(numbers, 1 << 64)
    return {k: p for k, p in out.items() if p}


_CELL = st.tuples(
    st.lists(st.integers(0, 9), min_size=2, max_size=5).filter(  # step 0: the lowest answer
        lambda c: c[0] > 0 and sum(1 for m in c if m) >= 2 and sum(c) <= 30
    ),
    st.sampled_from([0.0, 1.0, -2.5]),
    st.sampled_from([1.0, 0.5, 25.0]),
    st.sampled_from([1.0, -1.0]),
)


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(_CELL, min_size=1, max_size=4).map(lambda c: c + c[:1]))
def test_alias_tables_draw_each_sum_with_its_exact_probability(
    cells: list[tuple[list[int], float, float, float]],
) -> None:
    """Every sum of a cell's resampled answers is drawn with its exact probability, up to the
    tails a double cannot resolve (below 2**-53, given to the nearest sum kept); the table's
    probabilities add up to 1 exactly; each slot's mean is the mean its sum gives; cells
    with the same answers share a table (the last cell repeats the first)."""
    sampler = _sampler(cells)
    assert sampler.dist[-1] == sampler.dist[0]
    for i, (per_step, first, step, sign) in enumerate(cells):
        got = _table_distribution(sampler, i)
        assert sum(got.values()) == 1
        exact = _exact_sum(per_step)
        assert set(got) <= set(exact)
        for total, p in exact.items():
            assert abs(float(got.get(total, Fraction(0)) - p)) < 1e-12, (total, p)
        n = sum(per_step)
        slots = np.arange(2 * int(sampler.base[i]), 2 * int(sampler.base[i]) + 2)
        expected = sign * (n * first + step * sampler.sum_of[slots]) / n
        np.testing.assert_array_equal(sampler.mean_of[slots], expected)


@given(
    cells=st.lists(_CELL, min_size=1, max_size=4),
    raw=st.lists(st.integers(0, 2**64 - 1), min_size=4, max_size=4),
)
def test_a_number_takes_its_bucket_and_the_alias_from_the_bound_on(
    cells: list[tuple[list[int], float, float, float]], raw: list[int]
) -> None:
    """The vectorised pick reads a number as _table_distribution does: top bits the bucket,
    the alias slot from the bucket's bound on (checked at the bounds and around them)."""
    sampler = _sampler(cells)
    for cell in range(len(cells)):
        shift, base = int(sampler.shift[cell]), int(sampler.base[cell])
        numbers = list(raw)
        for i in range(1 << (64 - shift)):
            bound = int(sampler.bound[base + i])
            numbers += [i << shift, ((i + 1) << shift) - 1, bound, max(bound - 1, i << shift)]
        numbers = [min(x, 2**64 - 1) for x in numbers]
        every = np.array(numbers, dtype=np.uint64)
        mine = np.full(every.size, cell)
        work = (np.empty(every.size, np.uint64), np.empty(every.size, np.uint64),
                np.empty(every.size, bool))  # fmt: skip
        sampler.shift, shifts = sampler.shift[mine], sampler.shift
        sampler.base, bases = sampler.base[mine], sampler.base
        try:
            got = sampler._index(every, slice(None), *work).tolist()
        finally:
            sampler.shift, sampler.base = shifts, bases
        for x, slot in zip(numbers, got, strict=True):
            bucket = base + (x >> shift)
            assert slot == 2 * bucket + (x >= int(sampler.bound[bucket]))
        out = np.empty(every.size)
        sampler.shift, sampler.base = sampler.shift[mine], sampler.base[mine]
        try:
            sampler.means_into(every, out)
        finally:
            sampler.shift, sampler.base = shifts, bases
        np.testing.assert_array_equal(out, sampler.mean_of[got])


# Determinism --------------------------------------------------------------------------------------


def _without_chunk(res: Uncertainty) -> str:
    params = res.params.model_copy(update={"chunk_size": 0})
    return res.model_copy(update={"params": params}).to_json()


@pytest.mark.parametrize("method", METHODS)
def test_same_seed_same_bytes_and_chunk_size_changes_nothing(method: str) -> None:
    rnd = example_round()
    first = uncertainty(rnd, draws=90, seed=7, method=method)  # type: ignore[arg-type]
    again = uncertainty(rnd, draws=90, seed=7, method=method)  # type: ignore[arg-type]
    assert first.to_json() == again.to_json()
    seen: list[tuple[int, int]] = []
    uncertainty(rnd, draws=90, seed=7, chunk_size=40, progress=lambda *a: seen.append(a))
    assert seen == [(40, 90), (80, 90), (90, 90)]
    for chunk in (1, 7, 90, 1000):
        other = uncertainty(rnd, draws=90, seed=7, method=method, chunk_size=chunk)  # type: ignore[arg-type]
        assert other.params.chunk_size == chunk
        assert _without_chunk(other) == _without_chunk(first)


def test_the_cells_worked_on_per_pass_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sampler picks the means in slices of ``_TILE`` cells (a national round has one
    slice): slices of 5 cells give the same draws and the same result bytes."""
    rnd = example_round()
    whole = drawn_means(rnd, 30, seed=4)
    res = uncertainty(rnd, draws=30, seed=4)
    assert whole.means.shape[1] > 2 * 5
    monkeypatch.setattr(sampling_uncertainty, "_TILE", 5)
    np.testing.assert_array_equal(drawn_means(rnd, 30, seed=4).means, whole.means)
    assert uncertainty(rnd, draws=30, seed=4).to_json() == res.to_json()


def test_different_seeds_give_different_draws() -> None:
    rnd = example_round()
    a = resampled_changes(rnd, 0, seed=1)
    b = resampled_changes(rnd, 0, seed=2)
    assert a != b
    assert resampled_changes(rnd, 0, seed=1) == a
    assert resampled_changes(rnd, 1, seed=1) != a  # draws differ from each other too
    one = uncertainty(rnd, draws=200, seed=1)
    two = uncertainty(rnd, draws=200, seed=2)
    assert one.units.band_counts != two.units.band_counts or one.units.mean != two.units.mean


@pytest.mark.parametrize("method", METHODS)
def test_drawn_means_are_the_draws_and_score_through_their_weights(method: str) -> None:
    rnd = example_round()
    drawn = drawn_means(rnd, 40, first=10, seed=3, method=method)  # type: ignore[arg-type]
    again = drawn_means(rnd, 5, first=12, seed=3, method=method)  # type: ignore[arg-type]
    np.testing.assert_array_equal(again.means, drawn.means[2:7])
    raw = np.stack(
        [
            drawn.offset[m]
            + drawn.means[:, drawn.cell_unit == u] @ drawn.weight[drawn.cell_unit == u]
            for m, u in enumerate(drawn.units.tolist())
        ],
        axis=1,
    )
    scaled = to_scaled_int(np.clip(raw, 0.0, 100.0), 2)
    moving, _ = _Plan(rnd, None).scores(10, 40, 3, method, 0.0)
    np.testing.assert_array_equal(scaled, moving)


def test_json_round_trip_and_recorded_parameters() -> None:
    rnd = example_round()
    res = uncertainty(rnd, draws=30, seed=4, level=0.8, method="dirichlet", prior=0.5)
    back = Uncertainty.from_json(res.to_json())
    assert back == res
    assert back.to_json() == res.to_json()
    assert Uncertainty.model_validate(res.model_dump()) == res
    p = res.params
    assert (p.draws, p.seed, p.level, p.method, p.prior, p.chunk_size, p.rubric) == (
        30,
        4,
        0.8,
        "dirichlet",
        0.5,
        256,
        rnd.rubric,
    )


def test_frames_have_one_probability_column_per_band_and_zone() -> None:
    rnd = example_round()
    res = uncertainty(rnd, draws=40)
    units = res.to_frame("units")
    names = [str(c) for c in units.columns]
    assert [f"p_band_{b.grade}" for b in res.bands] == [c for c in names if c.startswith("p_b")]
    assert [f"p_zone_{z.value}" for z in res.zones] == [c for c in names if c.startswith("p_z")]
    assert units["unit"].tolist() == [u.code for u in rnd.units]
    assert units["published"].tolist() == [float(s) for s in res.units.published if s]
    bands = units[[f"p_band_{b.grade}" for b in res.bands]].to_numpy()
    np.testing.assert_allclose(bands.sum(axis=1), 1.0)
    entities = res.to_frame("entities", backend="polars")
    assert entities["entity"].to_list() == [e.code for e in rnd.entities]
    assert res.to_frame("units", backend="numpy", scores="string")["median"][0] == str(
        res.units.median[0]
    )


# Strategies that are not linear: warned, applied draw by draw, still exact ------------------------


def test_a_median_reduction_is_warned_and_still_exact() -> None:
    rnd = example_round()
    rub = kp.get_rubric(rnd.rubric).model_copy(update={"respondent_reduction": "median"})
    with pytest.warns(SamplingFallbackWarning, match="median"):
        res = uncertainty(rnd, draws=20, rubric=rub)
    assert res.fallbacks == ("respondent_reduction:median",)
    for draw in (0, 5):
        _quiet(_assert_draw_matches, rnd, rub, draw, 0, "bootstrap", 0.0)


def _plugin_mean(entity, scaled, has, n):  # type: ignore[no-untyped-def]
    total = np.bincount(entity[has], weights=scaled[has], minlength=n).astype(np.int64)
    count = np.bincount(entity[has], minlength=n).astype(np.int64)
    return (2 * total + np.maximum(count, 1)) // (2 * np.maximum(count, 1)), count > 0


def test_a_plugin_rollup_is_warned_and_gives_the_same_result() -> None:
    rnd = example_round()
    rub = kp.get_rubric(rnd.rubric).model_copy(update={"entity_rollup": "plugin_mean"})
    table = StrategyTable(active_table())
    table.add(Strategy("entity_rollup", "plugin_mean", _plugin_mean), "test")
    with table.use():
        with pytest.warns(SamplingFallbackWarning, match="plugin_mean"):
            res = uncertainty(rnd, draws=25, seed=2, rubric=rub)
        _quiet(_assert_draw_matches, rnd, rub, 3, 2, "bootstrap", 0.0)
    plain = uncertainty(rnd, draws=25, seed=2)
    assert res.fallbacks == ("entity_rollup:plugin_mean",)
    assert res.entities == plain.entities


# Arguments and rounding ---------------------------------------------------------------------------


def test_bad_arguments_are_all_located() -> None:
    with pytest.raises(kp.InvalidInputError) as caught:
        uncertainty(
            example_round(),
            draws=0,
            seed=-1,
            level=1.0,
            method="jackknife",  # type: ignore[arg-type]
            prior=-2.0,
            chunk_size=0,
            borderline=1.5,
        )
    found = {(p.location, p.code) for p in caught.value.problems}
    assert found == {
        ("draws", "uncertainty_draws"),
        ("seed", "uncertainty_seed"),
        ("level", "uncertainty_level"),
        ("method", "uncertainty_method"),
        ("prior", "uncertainty_prior"),
        ("chunk_size", "uncertainty_chunk_size"),
        ("borderline", "uncertainty_borderline"),
    }
    for problem in caught.value.problems:
        assert problem.text("id") != problem.text("en")
    with pytest.raises(kp.InvalidInputError) as caught:
        uncertainty(example_round(), prior=1.0, draws=True)
    assert {p.code for p in caught.value.problems} == {
        "uncertainty_prior_unused",
        "uncertainty_draws",
    }
    with pytest.raises(kp.InvalidInputError) as caught:
        resampled_changes(example_round(), -1)
    assert [(p.location, p.code) for p in caught.value.problems] == [("draw", "uncertainty_draw")]


@given(st.integers(-(10**7), 10**7), st.sampled_from([0, 1, 2, 3]))
def test_vectorised_rounding_is_half_up_on_the_grid(k: int, precision: int) -> None:
    """The draws are rounded with to_scaled_int: on every half-way point of the published
    grid (and its neighbours) it agrees with the Decimal half-up of the exact value."""
    for text in (f"{k}5e-{precision + 1}", f"{k}4e-{precision + 1}", f"{k}6e-{precision + 1}"):
        exact = round_half_up(Decimal(text), precision)
        assert int(to_scaled_int(np.array([float(Decimal(text))]), precision)[0]) == int(
            exact.scaleb(precision)
        )
