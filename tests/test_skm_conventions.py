"""SKM conventions: exact arithmetic, presets, and differential tests against independent
re-implementations of the calculators agencies run (tests/skm_calculators.py)."""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.skm_arith import php_round, round_fraction
from kepatuhan.skm_convention import SkmConvention, skm_conventions
from skm_calculators import (
    AGENCY_TABLE,
    CALCULATORS,
    REGULATION_TABLE,
    TABLE_2004,
    Table,
    fraction_reference,
)
from skm_calculators import php_round as php_round_reference

SKM_2017 = kp.get_rubric("skm-2017")
SKM_2004 = kp.get_rubric("skm-2004")
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "ci" or os.environ.get("CI") == "true"
SURVEYS = 6000 if THOROUGH else 2100


# Building rounds of many one-unit surveys ----------------------------------------------------


def many(surveys: list[npt.NDArray[np.int64]], rubric: kp.Rubric = SKM_2017) -> kp.Round:
    """One unit per survey; ``survey[r, k]`` is respondent r's answer to unsur k, 0 = blank
    (a ``belum_dinilai`` row)."""
    k = len(rubric.indicators())
    units, unit, indicator, value, respondent, status = [], [], [], [], [], []
    for i, answers in enumerate(surveys):
        n = answers.shape[0]
        assert answers.shape[1] == k
        units.append({"code": f"u{i}", "name": f"Unit {i}", "entity": "e", "unit_type": "opd"})
        flat = answers.reshape(-1)
        unit.append(np.full(n * k, i, dtype=np.int64))
        indicator.append(np.tile(np.arange(k, dtype=np.int64), n))
        respondent.append(np.repeat(np.arange(n, dtype=np.int64), k))
        value.append(np.where(flat > 0, flat, np.nan))
        status.append(np.where(flat > 0, 0, 1).astype(np.int64))
    most = max(s.shape[0] for s in surveys)
    return kp.Round.from_columns(
        rubric=rubric.id,
        entities=[{"code": "e", "name": "Pemerintah Kabupaten Uji", "kind": "pemkab"}],
        units=units,
        unit=np.concatenate(unit),
        indicator=np.concatenate(indicator),
        indicator_codes=rubric.indicator_ids(),
        value=np.concatenate(value),
        respondent=np.concatenate(respondent),
        respondent_codes=[f"r{i:04d}" for i in range(most)],
        status=np.concatenate(status),
        status_codes=["answered", "belum_dinilai"],
    )


def with_totals(n: int, totals: list[int], rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """n respondents whose answers to unsur k add up to ``totals[k]`` (shuffled)."""
    cols = []
    for total in totals:
        base, extra = divmod(total, n)
        col = np.full(n, base, dtype=np.int64)
        col[:extra] += 1
        rng.shuffle(col)
        cols.append(col)
    return np.stack(cols, axis=1)


def spread(total: int, n: int, k: int, rng: np.random.Generator) -> list[int]:
    """``total`` split over k unsur totals, each within [n, 4n]."""
    extra = np.zeros(k, dtype=np.int64)
    rest = total - n * k
    while rest > 0:
        room = 3 * n - extra
        add = np.minimum(rng.multinomial(rest, room / room.sum()), room)
        extra += add
        rest -= int(add.sum())
    return (extra + n).tolist()


def random_survey(rng: np.random.Generator, k: int) -> npt.NDArray[np.int64]:
    n = int(rng.choice([1, 2, 3, 8, 16, 40, 80, 200, int(rng.integers(1, 120))]))
    p = rng.dirichlet(np.ones(4))
    return rng.choice(np.arange(1, 5), size=(n, k), p=p).astype(np.int64)


def near_edge(rng: np.random.Generator, k: int, weight: Fraction) -> npt.NDArray[np.int64]:
    """A survey whose Σ NRR × weight × 25 lies within a few steps of a grade edge."""
    n = int(rng.integers(5, 400))
    edges = ["65.00", "76.61", "88.31", "64.995", "76.605", "88.305", "64.56", "76.66", "88.76"]
    edge = Fraction(str(rng.choice(edges)))
    centre = round(edge / 25 / weight * n)
    total = min(max(centre + int(rng.integers(-3, 4)), n * k), 4 * n * k)
    return with_totals(n, spread(total, n, k, rng), rng)


def tie(rng: np.random.Generator, k: int, weight: Fraction) -> npt.NDArray[np.int64]:
    """A survey whose converted value Σ NRR × weight × 25 is exactly x.xx5: with
    5000 × weight ÷ n = a/b, the total T gives 2 × 2500 × T × weight ÷ n odd exactly when
    T is b times an odd number and a is odd."""
    while True:
        n = int(rng.integers(1, 400))
        step = Fraction(5000) * weight / n
        low, high = -(-n * k // step.denominator), 4 * n * k // step.denominator
        odd = [j for j in range(low, high + 1) if j % 2 == 1]
        if step.numerator % 2 == 1 and odd:
            total = step.denominator * int(rng.choice(odd))
            return with_totals(n, spread(total, n, k, rng), rng)


def with_blanks(rng: np.random.Generator, k: int) -> npt.NDArray[np.int64]:
    """A random survey with blanks, every unsur answered at least once, one full row."""
    answers = random_survey(rng, k)
    n = answers.shape[0]
    answers = np.vstack([answers, rng.integers(1, 5, size=(1, k))])
    blank = rng.random((n, k)) < rng.uniform(0.02, 0.3)
    answers[:n][blank] = 0
    return answers


def surveys_for(
    seed: int, k: int, weight: Fraction, count: int, blanks: bool
) -> list[npt.NDArray[np.int64]]:
    rng = np.random.default_rng(seed)
    kinds = [random_survey, near_edge, tie]
    out = []
    for i in range(count):
        kind = i % (4 if blanks else 3)
        if kind == 3:
            out.append(with_blanks(rng, k))
        elif kind == 0:
            out.append(random_survey(rng, k))
        else:
            out.append(kinds[kind](rng, k, weight))  # type: ignore[operator]
    return out


# The tie cases of the issue ------------------------------------------------------------------


def test_the_tie_40_625_prints_40_63() -> None:
    rng = np.random.default_rng(1)
    answers = with_totals(24, [39, 39, 41, 48, 39, 37, 38, 29, 41], rng)
    unit = kp.skm_index(many([answers])).units[0]
    assert unit.converted == Decimal("40.63")
    assert fraction_reference(answers.tolist())[0] == "40.63"


def test_the_tie_69_375_with_weight_0111_prints_69_38() -> None:
    rng = np.random.default_rng(2)
    totals = [919, 1255, 837, 1207, 933, 464, 1093, 1234, 1133]
    unit = kp.skm_index(many([with_totals(363, totals, rng)]), weight="0.111").units[0]
    assert (unit.index, unit.converted) == (Decimal("2.7750"), Decimal("69.38"))
    half_even = SkmConvention(weight="0.111", rounding="half-even")
    assert kp.skm_index(many([with_totals(363, totals, rng)]), convention=half_even).units[
        0
    ].converted == Decimal("69.38")  # 6937.5 → the even 6938


# Exact arithmetic against a Fraction reference -----------------------------------------------


@st.composite
def surveys(draw: st.DrawFn) -> npt.NDArray[np.int64]:
    n = draw(st.integers(1, 60))
    tied = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if tied:
        return tie(rng, 9, Fraction(1, 9))
    return rng.integers(1, 5, size=(n, 9)).astype(np.int64)


@settings(max_examples=60)
@given(st.lists(surveys(), min_size=1, max_size=12))
def test_exact_arithmetic_equals_the_fraction_reference(
    batch: list[npt.NDArray[np.int64]],
) -> None:
    result = kp.skm_index(many(batch))
    for unit, answers in zip(result.units, batch, strict=True):
        assert (str(unit.converted), unit.grade) == fraction_reference(answers.tolist())


@given(st.fractions(min_value=0, max_value=200), st.integers(0, 4))
def test_round_fraction_is_half_up_and_half_even(value: Fraction, places: int) -> None:
    scaled = value * 10**places
    up = round_fraction(value, places, "half-up") * 10**places
    even = round_fraction(value, places, "half-even") * 10**places
    assert up.denominator == 1 and even.denominator == 1
    assert abs(up - scaled) <= Fraction(1, 2) and abs(even - scaled) <= Fraction(1, 2)
    if scaled - int(scaled) == Fraction(1, 2):
        assert up == int(scaled) + 1 and int(even) % 2 == 0
    assert even == round(scaled)  # Python's round() is half-even on Fractions


@given(st.floats(min_value=0.001, max_value=1000, allow_nan=False), st.integers(0, 4))
def test_php_round_matches_php_algorithm(value: float, places: int) -> None:
    assert php_round(value, places) == php_round_reference(value, places)


@given(st.integers(0, 99_999), st.integers(1, 4))
def test_php_round_on_decimal_ties_matches_php_algorithm(digits: int, places: int) -> None:
    value = float(f"{digits}5e-{places + 1}")  # x.xx5: the double is just above or below
    assert php_round(value, places) == php_round_reference(value, places)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(1.005, 2, 1.01), (2.675, 2, 2.68), (5.055, 2, 5.06), (0.285, 2, 0.29)],
)
def test_php_round_pre_rounds_to_15_digits(value: float, places: int, expected: float) -> None:
    assert round(value, places) != expected  # Python rounds the double itself
    assert php_round(value, places) == expected


# Differential tests --------------------------------------------------------------------------


def _table(rubric: kp.Rubric, preset: str) -> Table:
    """The grade table the calculator reads: its own edges, or the rubric's regulation."""
    own = {"tabel-instansi": AGENCY_TABLE, "float-php": REGULATION_TABLE}
    return own.get(preset) or (TABLE_2004 if rubric.id == "skm-2004" else REGULATION_TABLE)


@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_calculator_is_reproduced_exactly_by_its_preset(name: str) -> None:
    preset, calculator = CALCULATORS[name]
    convention = skm_conventions()[preset]
    blanks = name in {"fraction_reference", "exact_weight_float_php", "zero_blanks_php",
                      "listwise_decimal"}  # fmt: skip
    weight = Fraction(convention.weight) if convention.weight != "exact" else None
    seed = sum(map(ord, name))
    fourteen = SURVEYS // 6
    for rubric, count in ((SKM_2017, SURVEYS - fourteen), (SKM_2004, fourteen)):
        k = len(rubric.indicators())
        batch = surveys_for(seed, k, weight or Fraction(1, k), count, blanks)
        result = kp.skm_index(many(batch, rubric), rubric, convention=preset)
        table = _table(rubric, preset)
        mismatches = []
        for i, (unit, answers) in enumerate(zip(result.units, batch, strict=True)):
            expected = calculator(answers.tolist(), table)
            if (str(unit.converted), unit.grade) != expected:
                mismatches.append((i, (str(unit.converted), unit.grade), expected))
        assert mismatches == [], f"{name} vs {preset} on {rubric.id}: {mismatches[:5]}"
