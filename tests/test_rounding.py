"""Half-up rounding: vectorised integers agree with ``decimal`` and with published figures."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.rounding import GUARD_DIGITS, quantize, to_scaled_int


def _reference(x: float, precision: int) -> Decimal:
    guarded = Decimal(x).quantize(Decimal(1).scaleb(-GUARD_DIGITS), rounding=ROUND_HALF_EVEN)
    return guarded.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("x", "expected"),
    [(86.625, "86.63"), (0.005, "0.01"), (0.004999, "0.00"), (99.995, "100.00"), (2.675, "2.68")],
)
def test_published_style_half_up(x: float, expected: str) -> None:
    assert kp.round_half_up(x) == Decimal(expected)


def test_float_noise_is_absorbed() -> None:
    noisy = 0.1 + 0.2 + 86.325 - 0.3  # 86.325 with binary noise
    assert quantize(noisy, 2) == Decimal("86.33")


@given(
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_vectorised_equals_decimal(x: float, precision: int) -> None:
    scaled = int(to_scaled_int(np.array([x]), precision)[0])
    ref = _reference(x, precision)
    # x*1e9 in float may land one nano-unit off the exact product only at a half-nano tie.
    if abs(Decimal(x) * Decimal(10) ** GUARD_DIGITS % 1 - Decimal("0.5")) > Decimal("1e-3"):
        assert Decimal(scaled).scaleb(-precision) == ref


@given(st.integers(min_value=0, max_value=10_000))
def test_two_decimal_values_round_to_themselves(hundredths: int) -> None:
    text = str(Decimal(hundredths).scaleb(-2))
    assert quantize(float(text), 2) == Decimal(text)
    assert quantize(text, 2) == Decimal(text)


def test_nan_maps_to_zero_in_arrays() -> None:
    assert to_scaled_int(np.array([np.nan, 1.005]), 2).tolist() == [0, 101]


def test_bad_precision() -> None:
    with pytest.raises(ValueError, match="precision"):
        to_scaled_int(np.array([1.0]), 12)
