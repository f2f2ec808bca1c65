"""SKM sample size: the Krejcie–Morgan table PermenPAN-RB 14/2017 cites, and Slovin."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.skm_sample import (
    SampleReport,
    check_sample,
    required_respondents,
    round_respondents,
    skm_sample,
)

# The published Krejcie–Morgan table (N → S), as two independent copies print it.
PUBLISHED = """
10 10 15 14 20 19 25 24 30 28 35 32 40 36 45 40 50 44 55 48 60 52 65 56 70 59 75 63 80 66
85 70 90 73 95 76 100 80 110 86 120 92 130 97 140 103 150 108 160 113 170 118 180 123
190 127 200 132 210 136 220 140 230 144 240 148 250 152 260 155 270 159 280 162 290 165
300 169 320 175 340 181 360 186 380 191 400 196 420 201 440 205 460 210 480 214 500 217
550 226 600 234 650 242 700 248 750 254 800 260 850 265 900 269 950 274 1000 278 1100 285
1200 291 1300 297 1400 302 1500 306 1600 310 1700 313 1800 317 1900 320 2000 322 2200 327
2400 331 2600 335 2800 338 3000 341 3500 346 4000 351 4500 354 5000 357 6000 361 7000 364
8000 367 9000 368 10000 370 15000 375 20000 377 30000 379 40000 380 50000 381 75000 382
1000000 384
"""
_numbers = [int(x) for x in PUBLISHED.split()]
TABLE = list(zip(_numbers[::2], _numbers[1::2], strict=True))


def test_every_published_pair() -> None:
    assert len(TABLE) == 90
    for population, size in TABLE:
        assert required_respondents(population) == size, population


@given(st.integers(min_value=1, max_value=10**9))
def test_krejcie_morgan_is_the_integer_formula(population: int) -> None:
    # With X² = 3841/1000, P(1−P) = 1/4, d² = 1/400: s = 3841·N / (10·N + 3831), half-up.
    numerator, denominator = 3841 * population, 10 * population + 3831
    half_up = (2 * numerator + denominator) // (2 * denominator)
    assert required_respondents(population) == min(population, half_up)


@given(st.integers(min_value=1, max_value=10**7))
def test_slovin_rounds_up_and_never_exceeds_the_population(population: int) -> None:
    # e = 0.05: n = N / (1 + N/400) = 400·N / (400 + N), rounded up.
    expected = -(-400 * population // (400 + population))
    assert required_respondents(population, method="slovin") == min(population, expected)


def test_slovin_examples_and_margin() -> None:
    assert required_respondents(300, method="slovin") == 172  # 171.43 → 172
    assert required_respondents(10_000, method="slovin") == 385
    assert required_respondents(10_000, method="slovin", margin="0.1") == 100  # 99.01 → 100
    assert required_respondents(10_000, margin="0.1") < required_respondents(10_000)


def test_bad_population_margin_and_method_are_problems() -> None:
    with pytest.raises(kp.InvalidInputError) as caught:
        required_respondents(0, method="cochran", margin="1.5")  # type: ignore[arg-type]
    codes = [(p.location, p.code) for p in caught.value.problems]
    assert codes == [
        ("population", "skm_population"),
        ("method", "skm_sample_method"),
        ("margin", "skm_margin"),
    ]
    for bad in (True, 2.5, -3):
        with pytest.raises(kp.InvalidInputError):
            required_respondents(bad)  # type: ignore[arg-type]


def _round(per_unit: list[int]) -> kp.Round:
    """Units u0, u1, … of skm-2017 with ``per_unit[i]`` respondents answering every unsur."""
    rubric = kp.get_rubric("skm-2017")
    k = len(rubric.indicators())
    unit, respondent = [], []
    for i, n in enumerate(per_unit):
        unit += [i] * (n * k)
        respondent += [i * 1000 + r for r in range(n) for _ in range(k)]
    codes = sorted(set(respondent))
    index = {c: j for j, c in enumerate(codes)}
    total = sum(per_unit) * k
    return kp.Round.from_columns(
        rubric=rubric.id,
        entities=[{"code": "e", "name": "Pemerintah Kabupaten Uji", "kind": "pemkab"}],
        units=[
            {"code": f"u{i}", "name": f"Unit {i}", "entity": "e", "unit_type": "opd"}
            for i in range(len(per_unit))
        ],
        unit=np.asarray(unit, dtype=np.int64),
        indicator=np.tile(np.arange(k), total // k),
        indicator_codes=rubric.indicator_ids(),
        value=np.full(total, 3.0),
        respondent=np.asarray([index[c] for c in respondent], dtype=np.int64),
        respondent_codes=[f"r{c}" for c in codes],
    )


def test_skm_sample_reports_the_shortfall_of_each_unit_given() -> None:
    round_ = _round([80, 79, 10])
    result = kp.skm_index(round_, "skm-2017")
    report = skm_sample(result, {"u0": 100, "u1": 100})
    assert [(u.code, u.respondents, u.required, u.shortfall) for u in report.units] == [
        ("u0", 80, 80, 0),
        ("u1", 79, 80, 1),
    ]
    assert [u.code for u in report.short] == ["u1"]
    assert report.units[0].name == "Unit 0"
    every = skm_sample(result, 10, method="slovin")
    assert [u.required for u in every.units] == [10, 10, 10]
    assert every.short == ()
    assert "Slovin" in every.describe("en") and "dibulatkan" in every.describe("id")
    assert SampleReport.model_validate_json(report.model_dump_json()) == report


def test_round_respondents_counts_who_answered() -> None:
    round_ = _round([3, 5])
    assert round_respondents(round_) == {"u0": 3, "u1": 5}


def test_unknown_unit_and_bad_populations_all_at_once() -> None:
    with pytest.raises(kp.InvalidInputError) as caught:
        check_sample({"a": 3}, {"a": 0, "zz": 5}, margin="x")
    found = sorted((p.location, p.code) for p in caught.value.problems)
    assert found == [
        ("margin", "skm_margin"),
        ("populations['a']", "skm_population"),
        ("populations['zz']", "skm_population_unit"),
    ]
