"""Explicit, reproducible rounding: half-up at the published precision.

Floats computed by the pipeline carry binary noise (86.625 may arrive as 86.62499999999999).
A float is therefore first fixed to 9 decimals (``GUARD_DIGITS``), which absorbs that noise,
and then rounded half-up to the published precision. Exact inputs (``str``, ``Decimal``,
``int``) are rounded half-up directly. Scalars and arrays share one implementation, so a
score rounds the same way wherever it is computed.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import numpy.typing as npt

__all__ = ["GUARD_DIGITS", "quantize", "round_half_up", "to_scaled_int"]

GUARD_DIGITS = 9

IntArray = npt.NDArray[np.int64]


def to_scaled_int(values: npt.ArrayLike, precision: int) -> IntArray:
    """Round floats half-up to ``precision`` decimals, as integers in units of 10**-precision.

    NaN maps to 0; callers keep their own missing mask.
    """
    if not 0 <= precision <= GUARD_DIGITS:
        raise ValueError(f"precision must be between 0 and {GUARD_DIGITS}")
    x = np.asarray(values, dtype=np.float64)
    x = np.where(np.isfinite(x), x, 0.0)
    nano = np.rint(x * 10.0**GUARD_DIGITS).astype(np.int64)
    step = 10 ** (GUARD_DIGITS - precision)
    magnitude = (np.abs(nano) + step // 2) // step
    signed: IntArray = np.where(nano < 0, -magnitude, magnitude).astype(np.int64)
    return signed


def quantize(value: float | int | str | Decimal, precision: int) -> Decimal:
    """One value rounded half-up to ``precision`` decimals, as a ``Decimal``.

    Raises ``ValueError`` for text that is not a number and for NaN or infinity.
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not a score")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        scaled = int(to_scaled_int(np.array([value]), precision)[0])
        return Decimal(scaled).scaleb(-precision)
    try:
        exact = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not exact.is_finite():
        raise ValueError(f"{value} is not a finite number")
    try:
        return exact.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for the context (1e30 at 2 decimals)
        raise ValueError(f"{value!r} is too large to round") from None


def round_half_up(value: float | int | str | Decimal, precision: int = 2) -> Decimal:
    """Public alias of :func:`quantize` with the usual two-decimal default."""
    return quantize(value, precision)
