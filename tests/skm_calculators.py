"""Independent re-implementations of SKM calculators, for the differential tests.

Each is written from the formulas of issue 11 and the calculators it describes, in the
arithmetic the calculator itself uses (Python ``Fraction``, ``Decimal`` at its default
context, or binary doubles with PHP's ``round()``), and never calls the library. A survey is
``answers[r][k]``: respondent r's answer to unsur k, 1–4, or 0 for a blank. Every calculator
returns the printed converted value and the mutu letter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Answers = Sequence[Sequence[int]]
Table = Sequence[tuple[Decimal, str]]
Calculator = Callable[[Answers, Table], tuple[str, str]]

REGULATION_TABLE: Table = (
    (Decimal("88.31"), "A"),
    (Decimal("76.61"), "B"),
    (Decimal("65.00"), "C"),
)
"""PermenPAN-RB 14/2017, converted values at 2 dp (lower edges, highest first)."""
TABLE_2004: Table = ((Decimal("81.26"), "A"), (Decimal("62.51"), "B"), (Decimal("43.76"), "C"))
"""KEP/25/M.PAN/2/2004."""

# PHP's round() before 8.4 (ext/standard/math.c, _php_math_round, mode half up) ---------------

_POW10 = [10.0**i for i in range(23)]


def _intpow10(power: int) -> float:
    return 10.0**power if power < 0 or power > 22 else _POW10[power]


def _intlog10abs(value: float) -> int:
    return math.floor(math.log10(abs(value)))


def _helper(value: float) -> float:
    return float(math.floor(value + 0.5)) if value >= 0.0 else float(math.ceil(value - 0.5))


def php_round(value: float, places: int) -> float:
    """PHP 5.3–8.3 ``round($value, $places)``: pre-rounds to the 15 digits a double holds,
    computed in doubles as PHP does it."""
    if not math.isfinite(value) or value == 0.0:
        return value
    precision_places = 14 - _intlog10abs(value)
    f1 = _intpow10(abs(places))
    if precision_places > places and precision_places - 15 < places:
        basic = (
            value * _intpow10(precision_places)
            if precision_places >= 0
            else (value / _intpow10(-precision_places))
        )
        tmp = _helper(basic)
        tmp = tmp / _intpow10(abs(places - precision_places))
    else:
        tmp = value * f1 if places >= 0 else value / f1
        if abs(tmp) >= 1e15:
            return value
    tmp = _helper(tmp)
    return tmp / f1 if places > 0 else tmp * f1


def number_format(value: float, places: int) -> str:
    """PHP's ``number_format($value, $places, '.', '')``: round(), then fixed digits."""
    return f"{php_round(value, places):.{places}f}"


# Helpers -------------------------------------------------------------------------------------


def _half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _fraction_half_up(value: Fraction, places: int) -> Fraction:
    scaled = value * 10**places
    whole = math.floor(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 10**places)


def _columns(answers: Answers) -> list[list[int]]:
    return [list(col) for col in zip(*answers, strict=True)]


def _grade(value: Decimal, table: Table) -> str:
    """A converted table on a value printed at 2 dp."""
    for edge, letter in table:
        if value >= edge:
            return letter
    return "D"


def _grade_float(value: float, table: Table) -> str:
    """``if ($ikm >= 88.31) … elseif ($ikm >= 76.61) …`` on the unrounded double."""
    for edge, letter in table:
        if value >= float(edge):
            return letter
    return "D"


# The calculators -----------------------------------------------------------------------------


def fraction_reference(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """PermenPAN-RB 14/2017 in exact fractions: NRR over the answers given, weight 1/n,
    ×25, half-up to 2 dp, the regulation's table."""
    nrrs = []
    for col in _columns(answers):
        given = [a for a in col if a]
        nrrs.append(Fraction(sum(given), len(given)))
    converted = _fraction_half_up(sum(nrrs, Fraction(0)) / len(nrrs) * 25, 2)
    value = Decimal(converted.numerator) / Decimal(converted.denominator)
    value = value.quantize(Decimal("0.01"))
    return str(value), _grade(value, table)


def common_2dp_php(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Issue 11 (a) as a PHP app computes it: ``$nrr = round($sum / $n, 2)``,
    ``$t = round($nrr / 9, 2)``, ``$ikm = round(array_sum($t) * 25, 2)``; no blanks."""
    cols = _columns(answers)
    weighted = []
    for col in cols:
        nrr = php_round(sum(col) / len(col), 2)
        weighted.append(php_round(nrr / len(cols), 2))
    total = 0.0
    for t in weighted:
        total += t
    ikm = php_round(total * 25, 2)
    return number_format(ikm, 2), _grade(Decimal(number_format(ikm, 2)), table)


def weight_0111_3dp_decimal(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Issue 11 (b) with Python's Decimal: weight 0.111; NRR, NRR × 0.111, the sum and the
    index each rounded half-up to 3 dp; ×25 half-up to 2 dp."""
    weight = Decimal("0.111")
    total = Decimal(0)
    for col in _columns(answers):
        nrr = _half_up(Decimal(sum(col)) / Decimal(len(col)), 3)
        total += _half_up(nrr * weight, 3)
    index = _half_up(_half_up(total, 3), 3)
    value = _half_up(index * 25, 2)
    return str(value), _grade(value, table)


def exact_weight_float_php(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """A PHP app in doubles (defect h): ``$bobot = 1 / $jumlahUnsur``; NRR = sum / count of
    answers; ``$ikm += $nrr * $bobot``; ``$konversi = $ikm * 25``; graded with
    ``>= 88.31`` … on the unrounded double; printed with number_format(…, 2)."""
    cols = _columns(answers)
    bobot = 1 / len(cols)
    ikm = 0.0
    for col in cols:
        given = [a for a in col if a]
        nrr = sum(given) / len(given)
        ikm += nrr * bobot
    konversi = ikm * 25
    return number_format(konversi, 2), _grade_float(konversi, table)


def mean_2dp_php(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """The mean of the NRRs each rounded to 2 dp, itself rounded to 2 dp, ×25 (PHP)."""
    cols = _columns(answers)
    nrrs = [php_round(sum(col) / len(col), 2) for col in cols]
    mean = php_round(sum(nrrs) / len(nrrs), 2)
    value = mean * 25
    return number_format(value, 2), _grade(Decimal(number_format(value, 2)), table)


def weight_011_float(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Weight 0.11 in doubles: Σ (sum / n) × 0.11, ×25, printed with number_format."""
    ikm = 0.0
    for col in _columns(answers):
        ikm += sum(col) / len(col) * 0.11
    printed = number_format(ikm * 25, 2)
    return printed, _grade(Decimal(printed), table)


def zero_blanks_php(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Issue 11 (d) in PHP doubles: a blank is 0 and every NRR is over all respondents
    (``$nrr = $sum / $jumlahResponden``), ``$ikm += $nrr * (1 / $jumlahUnsur)``, ×25,
    printed with number_format (below 25.00 possible, graded D)."""
    cols = _columns(answers)
    bobot = 1 / len(cols)
    ikm = 0.0
    for col in cols:
        ikm += sum(col) / len(answers) * bobot
    printed = number_format(ikm * 25, 2)
    return printed, _grade(Decimal(printed), table)


def listwise_decimal(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Issue 11 (e): respondents with any blank dropped, then the exact 1/n mean."""
    kept = [row for row in answers if all(row)]
    return fraction_reference(kept, table)


def converted_3dp_fraction(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Issue 11 (c): the exact konversi printed half-up at 3 decimals; the mutu from the
    regulation's table read at 2 dp."""
    nrrs = [Fraction(sum(col), len(col)) for col in _columns(answers)]
    exact = sum(nrrs, Fraction(0)) / len(nrrs) * 25
    three = _fraction_half_up(exact, 3)
    two = _fraction_half_up(exact, 2)
    printed = Decimal(three.numerator) / Decimal(three.denominator)
    graded = Decimal(two.numerator) / Decimal(two.denominator)
    return str(printed.quantize(Decimal("0.001"))), _grade(graded, table)


AGENCY_TABLE: Table = ((Decimal("88.76"), "A"), (Decimal("76.66"), "B"), (Decimal("64.56"), "C"))
"""Issue 11 (f): an agency's own table (lower edges, highest first)."""


def agency_table_fraction(answers: Answers, table: Table = AGENCY_TABLE) -> tuple[str, str]:
    """Issue 11 (f): the exact konversi, graded ``>=`` the agency's edges before printing."""
    nrrs = [Fraction(sum(col), len(col)) for col in _columns(answers)]
    exact = sum(nrrs, Fraction(0)) / len(nrrs) * 25
    letter = next((g for edge, g in table if exact >= Fraction(edge)), "D")
    two = _fraction_half_up(exact, 2)
    printed = (Decimal(two.numerator) / Decimal(two.denominator)).quantize(Decimal("0.01"))
    return str(printed), letter


def weight_011_4dp_php(answers: Answers, table: Table = REGULATION_TABLE) -> tuple[str, str]:
    """Weight 0.11 in doubles with the konversi stored at 4 dp:
    ``round(Σ ($sum / $n * 0.11) * 25, 4)``, printed with number_format(…, 2)."""
    ikm = 0.0
    for col in _columns(answers):
        ikm += sum(col) / len(col) * 0.11
    printed = number_format(php_round(ikm * 25, 4), 2)
    return printed, _grade(Decimal(printed), table)


CALCULATORS: dict[str, tuple[str, Calculator]] = {
    "fraction_reference": ("permenpan-2017", fraction_reference),
    "common_2dp_php": ("nrr-2dp-tertimbang-2dp", common_2dp_php),
    "weight_0111_3dp_decimal": ("bobot-0.111-3dp", weight_0111_3dp_decimal),
    "exact_weight_float_php": ("float-php", exact_weight_float_php),
    "mean_2dp_php": ("nrr-2dp-indeks-2dp", mean_2dp_php),
    "weight_011_float": ("bobot-0.11", weight_011_float),
    "zero_blanks_php": ("kosong-nol", zero_blanks_php),
    "listwise_decimal": ("listwise", listwise_decimal),
    "converted_3dp_fraction": ("konversi-3dp", converted_3dp_fraction),
    "agency_table_fraction": ("tabel-instansi", agency_table_fraction),
    "weight_011_4dp_php": ("bobot-0.11-konversi-4dp", weight_011_4dp_php),
}
"""Each calculator with the preset that should reproduce it exactly."""
