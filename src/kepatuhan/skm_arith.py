"""The arithmetic of an SKM convention: exact fractions, or binary floats as PHP computes.

Every SKM quantity is a :class:`~fractions.Fraction` (exact) or, in the ``float`` mode, a
Python ``float`` computed in the order a PHP calculator computes it. Rounding happens only
where the convention says, in one of three modes:

* ``half-up`` — a tie goes away from zero (what the regulation's tables assume);
* ``half-even`` — a tie goes to the even last digit;
* ``float`` — PHP's ``round()`` before 8.4: the binary value is first rounded to 15
  significant digits, then half away from zero (so ``round(1.005, 2)`` is 1.01 even though
  the double is 1.00499…).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

SkmRounding = Literal["half-up", "half-even", "float"]
"""How a rounded SKM step rounds: see the module docstring."""

Number = Fraction | float


def round_fraction(value: Fraction, decimals: int, mode: SkmRounding = "half-up") -> Fraction:
    """``value`` rounded to ``decimals`` places exactly; a tie by ``mode``."""
    scale = 10**decimals
    numerator, denominator = value.numerator, value.denominator
    whole, rest = divmod(abs(numerator) * scale, denominator)
    twice = 2 * rest
    if twice > denominator or (twice == denominator and (mode != "half-even" or whole % 2 == 1)):
        whole += 1
    return Fraction(-whole if numerator < 0 else whole, scale)


def php_round(value: float, decimals: int) -> float:
    """PHP's ``round(value, decimals)`` before 8.4: pre-round the double to 15 significant
    digits, then round half away from zero."""
    if value == 0 or value != value or value in (float("inf"), float("-inf")):
        return value
    exact = Decimal(value)
    digits15 = exact.quantize(Decimal(1).scaleb(exact.adjusted() - 14), rounding=ROUND_HALF_UP)
    return float(digits15.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def round_step(value: Number, decimals: int | None, mode: SkmRounding) -> Number:
    """One rounding step of a convention (``None``: not rounded)."""
    if decimals is None:
        return value
    if isinstance(value, float):
        return php_round(value, decimals)
    return round_fraction(value, decimals, mode)


def to_decimal(value: Number, decimals: int | None = None) -> Decimal:
    """A computed value as the Decimal a result holds: at ``decimals`` places if given (the
    value is already rounded there), else exact to 28 digits (a float: its shortest repr)."""
    if isinstance(value, float):
        out = Decimal(repr(value))
    else:
        out = Decimal(value.numerator) / Decimal(value.denominator)
        if decimals is not None:
            out = Decimal(value.numerator * 10**decimals // value.denominator).scaleb(-decimals)
    if decimals is not None:
        out = out.quantize(Decimal(1).scaleb(-decimals))
    return out


def at_least(value: Number, edge: Decimal) -> bool:
    """``value >= edge`` as the calculator compares: exactly, or as two doubles."""
    if isinstance(value, float):
        return value >= float(edge)
    return value >= Fraction(edge)
