"""SKM sample size: how many respondents a unit needs for its population of service users.

PermenPAN-RB 14/2017 takes the sample size from the Krejcie–Morgan table,
``s = X²·N·P(1−P) ÷ (d²(N−1) + X²·P(1−P))`` with X² = 3.841, P = 0.5 and d = 0.05, rounded
half-up to a whole respondent (every printed pair, 10→10 … 1,000,000→384, is this formula).
Slovin's ``n = N ÷ (1 + N·e²)``, rounded up, is offered as the other method agencies use.
The arithmetic is exact (fractions), so a value on a .5 never depends on binary floats.

A unit with fewer respondents than required is a warning, not an error: the index is still
computed (answering is voluntary; some units cannot reach the table).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal, get_args

import numpy as np
from pydantic import Field

from ._model import FrozenModel
from .catalog import Language, Message
from .errors import InvalidInputError, Problem
from .report_view import decimal_text
from .responses import ANSWERED
from .round import Round
from .skm import SkmResult

__all__ = [
    "SAMPLE_METHODS",
    "SampleCheck",
    "SampleMethod",
    "SampleReport",
    "check_sample",
    "required_respondents",
    "round_respondents",
    "skm_sample",
]

SampleMethod = Literal["krejcie-morgan", "slovin"]
"""``krejcie-morgan`` (the table PermenPAN-RB 14/2017 cites) or ``slovin``."""
SAMPLE_METHODS: tuple[str, ...] = get_args(SampleMethod)

DEFAULT_MARGIN = "0.05"
_CHI_SQUARE = Fraction(3841, 1000)  # X² for 1 degree of freedom at 95 %
_P = Fraction(1, 2)


def required_respondents(
    population: int, *, method: SampleMethod = "krejcie-morgan", margin: str = DEFAULT_MARGIN
) -> int:
    """The respondents a population of ``population`` service users needs under ``method``,
    with the margin of error ``margin`` (d for Krejcie–Morgan, e for Slovin), never more than
    the population. A population that is not a whole number ≥ 1, or a margin not in (0, 1),
    raises :class:`~kepatuhan.InvalidInputError`."""
    n, d = _checked(population, method, margin)
    if method == "slovin":
        return min(n, math.ceil(Fraction(n) / (1 + n * d * d)))
    pq = _P * (1 - _P)
    s = _CHI_SQUARE * n * pq / (d * d * (n - 1) + _CHI_SQUARE * pq)
    return min(n, math.floor(s + Fraction(1, 2)))


class SampleCheck(FrozenModel):
    """One unit's respondents against the sample its population requires."""

    code: str
    name: str
    population: int
    respondents: int
    required: int
    shortfall: int = Field(description="required − respondents, 0 when enough")


class SampleReport(FrozenModel):
    """The sample-size check of the units a population was given for."""

    method: SampleMethod
    margin: str
    units: tuple[SampleCheck, ...]

    @property
    def short(self) -> tuple[SampleCheck, ...]:
        """The units with fewer respondents than required."""
        return tuple(u for u in self.units if u.shortfall > 0)

    def describe(self, lang: Language = "id") -> str:
        """The method as one line, for every printed report."""
        margin = decimal_text(Decimal(self.margin), lang)
        return TEXTS[f"method.{self.method}"].text(lang, margin=margin)


TEXTS: Mapping[str, Message] = {
    "method.krejcie-morgan": Message(
        en="Krejcie–Morgan (PermenPAN-RB 14/2017), X² = 3.841, P = 0.5, d = {margin}",
        id="Krejcie–Morgan (PermenPAN-RB 14/2017), X² = 3,841, P = 0,5, d = {margin}",
    ),
    "method.slovin": Message(
        en="Slovin, n = N / (1 + N·e²), e = {margin}, rounded up",
        id="Slovin, n = N / (1 + N·e²), e = {margin}, dibulatkan ke atas",
    ),
}
"""The sample-size method line (the "skm_sample" namespace of kepatuhan.catalog)."""


def check_sample(
    respondents: Mapping[str, int],
    populations: Mapping[str, int] | int,
    *,
    names: Mapping[str, str] | None = None,
    method: SampleMethod = "krejcie-morgan",
    margin: str = DEFAULT_MARGIN,
) -> SampleReport:
    """Each unit of ``respondents`` (unit code → respondents) that ``populations`` gives a
    population for (unit code → service users, or one number for every unit), in the order
    of ``respondents``. A code the units do not have, or a population that is not a whole
    number ≥ 1, is a problem; every problem is reported at once."""
    problems: list[Problem] = []
    problems += _method_problems(method)
    if isinstance(populations, Mapping):
        given: Mapping[str, object] = populations
        for code in populations:
            if code not in respondents:
                problems.append(
                    Problem(f"populations[{code!r}]", "skm_population_unit", {"code": code})
                )
    else:
        given = dict.fromkeys(respondents, populations)
    for code, value in given.items():
        if not _whole(value):
            where = f"populations[{code!r}]" if isinstance(populations, Mapping) else "populations"
            problems.append(Problem(where, "skm_population", {"value": str(value)}))
            if not isinstance(populations, Mapping):
                break
    if _fraction(margin) is None:
        problems.append(Problem("margin", "skm_margin", {"margin": str(margin)}))
    if problems:
        raise InvalidInputError(problems)
    units = []
    for code, got in respondents.items():
        if code not in given:
            continue
        population = int(given[code])  # type: ignore[call-overload]
        need = required_respondents(population, method=method, margin=margin)
        units.append(
            SampleCheck(
                code=code,
                name=(names or {}).get(code, code),
                population=population,
                respondents=got,
                required=need,
                shortfall=max(0, need - got),
            )
        )
    return SampleReport(method=method, margin=str(margin), units=tuple(units))


def skm_sample(
    result: SkmResult,
    populations: Mapping[str, int] | int,
    *,
    method: SampleMethod = "krejcie-morgan",
    margin: str = DEFAULT_MARGIN,
) -> SampleReport:
    """:func:`check_sample` of the units of an SKM result, with the respondents it counted."""
    respondents = {u.code: u.respondents for u in result.units}
    names = {u.code: u.name for u in result.units}
    return check_sample(respondents, populations, names=names, method=method, margin=margin)


def round_respondents(round_: Round) -> dict[str, int]:
    """Per unit of ``round_`` (in its order), the respondents who answered anything there:
    what ``kepatuhan check`` holds against the required sample before any index is computed."""
    table = round_.responses
    codes = [u.code for u in round_.units]
    answered = np.asarray(table.status == ANSWERED)
    unit_of = {code: k for k, code in enumerate(table.unit_codes)}
    counts = dict.fromkeys(codes, 0)
    if answered.any():
        pairs = np.unique(
            np.stack([np.asarray(table.unit)[answered], np.asarray(table.respondent)[answered]]),
            axis=1,
        )
        per_unit = np.bincount(pairs[0], minlength=len(table.unit_codes))
        for code in codes:
            k = unit_of.get(code)
            counts[code] = int(per_unit[k]) if k is not None else 0
    return counts


def _checked(population: int, method: str, margin: str) -> tuple[int, Fraction]:
    problems = []
    if not _whole(population):
        problems.append(Problem("population", "skm_population", {"value": str(population)}))
    problems += _method_problems(method)
    d = _fraction(margin)
    if d is None:
        problems.append(Problem("margin", "skm_margin", {"margin": str(margin)}))
    if problems:
        raise InvalidInputError(problems)
    assert d is not None
    return int(population), d


def _method_problems(method: str) -> list[Problem]:
    if method in SAMPLE_METHODS:
        return []
    return [
        Problem(
            "method", "skm_sample_method", {"method": method, "known": ", ".join(SAMPLE_METHODS)}
        )
    ]


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _fraction(margin: object) -> Fraction | None:
    """``margin`` (text or Decimal, as printed) as an exact fraction in (0, 1), else None."""
    if isinstance(margin, bool) or not isinstance(margin, str | Decimal):
        return None
    try:
        value = Decimal(margin)
    except InvalidOperation:
        return None
    if not value.is_finite() or not (0 < value < 1):
        return None
    return Fraction(value)
