"""The SKM / IKM calculator: per-unsur NRR, the 1–4 index, the converted index and mutu.

Agencies publish whatever their tool prints, and the tools differ: the weight of each unsur
(exact ``1/n``, or the printed ``0.111`` / ``0.11`` / ``0.071``) and whether the NRR, the
index or the converted index is rounded on the way. :func:`skm_index` makes each of these an
explicit option and states in every result which one it used. The arithmetic is decimal, so a
perfect survey gives exactly 100.00 under the exact convention.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

import numpy as np
from pydantic import Field

from ._model import FrozenModel
from .catalog import Language, Message
from .errors import InvalidRoundError, InvalidRubricError, Problem
from .registry import resolve_rubric
from .responses import ANSWERED
from .round import Round
from .rubric import Indicator, Rubric, RubricInfo
from .validation import checked_rows
from .zoning import Band

__all__ = [
    "SkmConvention",
    "SkmGrading",
    "SkmResult",
    "SkmUnitResult",
    "UnsurScore",
    "skm_index",
]

INDEX_DISPLAY_DECIMALS = 4

SkmGrading = Literal["converted", "index", "index-2dp"]
"""Which table grades an NRR or an index (both are printed in the regulations):

* ``converted`` — the value ×25, rounded half-up to 2 dp, on the converted table
  (65.00 / 76.61 / 88.31 in 2017): edges at 64.995 / 76.605 / 88.305;
* ``index`` — the value itself on the 1–4 table, whose lower edges are the converted ones
  ÷25 (2.60 / 3.0644 / 3.5324), each band up to the next edge;
* ``index-2dp`` — the value rounded half-up to 2 dp on the 1–4 table as agencies print it,
  lower edges rounded up to 2 dp (2.60 / 3.07 / 3.54).

They disagree only near an edge: 3.0643 is B converted (76.61) but C on the 1–4 table; 3.534
is A converted and on the 1–4 table but B at 2 dp (3.53)."""


class SkmConvention(FrozenModel):
    """How an SKM index is computed: the unsur weight and any rounding before conversion.

    ``weight`` is ``"exact"`` (each of the n unsur weighs 1/n, Permenpan-RB 14/2017) or the
    decimal printed by a tool, such as ``"0.111"`` or ``"0.11"`` (2017) and ``"0.071"``
    (2004); with a printed weight the index is Σ NRR × weight, so a perfect survey scores
    less than 100. ``nrr_decimals`` rounds each unsur's NRR, ``index_decimals`` the 1–4
    index and ``converted_decimals`` the converted index (half-up) before the next step.
    ``grading`` says which table gives the mutu of each unsur and of the unit
    (:data:`SkmGrading`).
    """

    weight: str = "exact"
    nrr_decimals: int | None = Field(default=None, ge=0, le=8)
    index_decimals: int | None = Field(default=None, ge=0, le=8)
    converted_decimals: int | None = Field(default=None, ge=2, le=8)
    grading: SkmGrading = "converted"

    def _problems(self) -> list[Problem]:
        if self.weight == "exact":
            return []
        value = _decimal(self.weight)
        if value is None or not (0 < value <= 1):
            return [Problem("weight", "skm_weight", {"weight": self.weight})]
        return []

    def weight_value(self) -> Decimal | None:
        """The printed weight, or None for the exact 1/n convention."""
        return None if self.weight == "exact" else _decimal(self.weight)

    def describe(self, n_unsur: int, lang: Language = "id") -> str:
        """One line saying what was used, for every printed result."""
        if self.weight == "exact":
            weight = TEXTS["weight_exact"].text(lang, n=n_unsur)
        else:
            weight = TEXTS["weight_printed"].text(lang, weight=self.weight)
        parts = [
            weight,
            _rounded("nrr", self.nrr_decimals, lang),
            _rounded("index", self.index_decimals, lang),
            _rounded("converted", self.converted_decimals, lang),
            TEXTS[f"grading.{self.grading}"].template(lang),
        ]
        return "; ".join(parts)


class UnsurScore(FrozenModel):
    """One unsur at one unit: its answers, NRR and mutu."""

    id: str
    name: str
    respondents: int = Field(description="answers given to this unsur")
    total: Decimal = Field(description="sum of the answers")
    nrr: Decimal = Field(
        description="nilai rata-rata (1–4) as used, rounded if the convention says"
    )
    converted: Decimal = Field(description="NRR converted (×25), rounded half-up to 2 dp")
    grade: str | None
    label: str


class SkmUnitResult(FrozenModel):
    """The SKM of one service unit."""

    code: str
    name: str
    entity: str
    respondents: int = Field(description="most answers given to any unsur")
    unsur: tuple[UnsurScore, ...]
    index: Decimal = Field(description="IKM on the 1–4 scale (shown to 4 dp unless rounded)")
    converted: Decimal = Field(description="IKM converted (×25), rounded half-up to 2 dp")
    grade: str | None = Field(description="mutu pelayanan (A–D)")
    label: str = Field(description="kinerja unit pelayanan (Sangat Baik … Tidak Baik)")


class SkmResult(FrozenModel):
    """An SKM computed for every unit of a round, with the convention it used."""

    rubric: RubricInfo
    convention: SkmConvention
    convention_text: str = Field(description="the convention in Bahasa Indonesia")
    convention_text_en: str
    conversion_factor: Decimal = Field(description="1–4 index → converted index (25)")
    round_title: str | None
    synthetic: bool
    units: tuple[SkmUnitResult, ...]

    def unit(self, code: str) -> SkmUnitResult:
        """The result of the unit with this code (``KeyError`` if none)."""
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    def to_json(self, *, indent: int | None = None) -> str:
        """Deterministic JSON of the whole result."""
        return self.model_dump_json(indent=indent)


def skm_index(
    round_: Round,
    rubric: Rubric | str | None = None,
    *,
    weight: str = "exact",
    nrr_decimals: int | None = None,
    index_decimals: int | None = None,
    converted_decimals: int | None = None,
    grading: SkmGrading = "converted",
) -> SkmResult:
    """The SKM of every unit of ``round_`` under ``rubric`` (``skm-2017``, ``skm-2004`` or one
    derived from them), computed with the stated convention.

    The round is validated exactly as :func:`kepatuhan.score` does (every problem at once,
    located; an unsur nobody answered at a unit is refused). Under the exact convention with
    no rounding, ``converted`` equals the unit score ``kepatuhan.score`` gives.
    """
    convention = SkmConvention(
        weight=weight,
        nrr_decimals=nrr_decimals,
        index_decimals=index_decimals,
        converted_decimals=converted_decimals,
        grading=grading,
    )
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    factor = _conversion_factor(rub)
    grade = _grader(rub, factor, grading)
    # Every problem at once, as kp.score reports them; every unsur is needed. The rows say
    # which (unit, unsur) cell each answer belongs to, in the order of rub.indicators().
    rows = checked_rows(round_, rub, missing="strict")

    indicators = rub.indicators()
    table = round_.responses
    answered = table.status == ANSWERED
    cells = rows.cell[answered]
    size = len(round_.units) * len(indicators)
    sums = np.bincount(cells, weights=table.value[answered], minlength=size)
    counts = np.bincount(cells, minlength=size)

    printed = convention.weight_value()
    units = []
    empty: list[Problem] = []
    for i, unit in enumerate(round_.units):
        applicable = [
            (k, ind)
            for k, ind in enumerate(indicators)
            if ind.applies_to is None or unit.unit_type in ind.applies_to
        ]
        unsur = []
        for k, ind in applicable:
            cell = i * len(indicators) + k
            n = int(counts[cell])
            if n == 0:  # marked tidak_berlaku: the unsur drops out of this unit's index
                continue
            total = Decimal(round(float(sums[cell])))
            nrr = _half_up(total / n, convention.nrr_decimals)
            converted = _half_up(nrr * factor, rub.precision)
            band = grade(nrr, converted)
            unsur.append(
                UnsurScore(
                    id=ind.id,
                    name=ind.name,
                    respondents=n,
                    total=total,
                    nrr=nrr,
                    converted=converted,
                    grade=band.grade,
                    label=band.label,
                )
            )
        nrrs = [u.nrr for u in unsur]
        if not nrrs:
            empty.append(Problem(f"units[{i}]", "skm_no_unsur", {"code": unit.code}))
            continue
        raw_index = (
            sum(nrrs, Decimal(0)) / len(nrrs)
            if printed is None
            else sum((v * printed for v in nrrs), Decimal(0))
        )
        index = _half_up(raw_index, convention.index_decimals)
        converted = _half_up(_half_up(index * factor, convention.converted_decimals), rub.precision)
        shown = index if convention.index_decimals is not None else _half_up(index, 4)
        band = grade(index, converted)
        units.append(
            SkmUnitResult(
                code=unit.code,
                name=unit.name,
                entity=unit.entity,
                respondents=max((u.respondents for u in unsur), default=0),
                unsur=tuple(unsur),
                index=shown,
                converted=converted,
                grade=band.grade,
                label=band.label,
            )
        )
    if empty:
        raise InvalidRoundError(empty)
    n_unsur = len(indicators)
    return SkmResult(
        rubric=rub.info,
        convention=convention,
        convention_text=convention.describe(n_unsur, "id"),
        convention_text_en=convention.describe(n_unsur, "en"),
        conversion_factor=factor,
        round_title=round_.title,
        synthetic=round_.synthetic,
        units=tuple(units),
    )


def _conversion_factor(rub: Rubric) -> Decimal:
    """``zoning.maximum / scale maximum`` (100 / 4 = 25), checked against every unsur."""
    problems = []
    maxima = set()
    for path, node in rub.walk():
        if not isinstance(node, Indicator):
            continue
        scale = node.scale
        whole = all(float(x).is_integer() for x in (scale.minimum, scale.maximum))
        if not (whole and scale.step == 1 and scale.higher_is_better and scale.minimum > 0):
            problems.append(Problem(f"{path}.scale", "skm_scale", {"scale": scale.label()}))
        maxima.add((scale.minimum, scale.maximum))
    if len(maxima) > 1:
        scales = ", ".join(f"{_number(low)}–{_number(high)}" for low, high in sorted(maxima))
        problems.append(Problem("nodes", "skm_mixed_scales", {"scales": scales}))
    if not problems and maxima:
        ((low, high),) = maxima
        factor = rub.zoning.maximum / Decimal(int(high))
        if rub.zoning.minimum != factor * Decimal(int(low)):
            params = {
                "minimum": str(factor * Decimal(int(low))),
                "maximum": str(rub.zoning.maximum),
                "factor": str(factor),
            }
            problems.append(Problem("zoning.minimum", "skm_zoning", params))
        if not problems:
            return factor
    if not maxima:
        problems.append(Problem("nodes", "skm_no_unsur_nodes"))
    raise _NotSkmRubricError(problems, subject=rub.id)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


class _NotSkmRubricError(InvalidRubricError):
    """A rubric that cannot give an SKM index: the headline says so after its id."""

    def subject_in(self, lang: Language = "en") -> str | None:
        said = Problem("", "not_skm_rubric").text(lang)
        return f"{self.subject} ({said})"


TEXTS: Mapping[str, Message] = {
    "weight_exact": Message(en="weight 1/{n} (exact)", id="bobot 1/{n} (tepat)"),
    "weight_printed": Message(en="weight {weight} per unsur", id="bobot {weight} per unsur"),
    "nrr": Message(en="NRR", id="NRR"),
    "index": Message(en="index", id="indeks"),
    "converted": Message(en="converted index", id="nilai konversi"),
    "not_rounded": Message(en="{what} not rounded", id="{what} tidak dibulatkan"),
    "rounded": Message(
        en="{what} rounded to {decimals} dp", id="{what} dibulatkan {decimals} desimal"
    ),
    "grading.converted": Message(en="mutu from the converted value", id="mutu dari nilai konversi"),
    "grading.index": Message(en="mutu from the 1–4 value", id="mutu dari nilai 1–4"),
    "grading.index-2dp": Message(
        en="mutu from the 1–4 value rounded to 2 dp",
        id="mutu dari nilai 1–4 dibulatkan 2 desimal",
    ),
}
"""The convention line of an SKM result (the "skm" namespace of kepatuhan.catalog)."""


def _grader(rub: Rubric, factor: Decimal, grading: str) -> Callable[[Decimal, Decimal], Band]:
    """``band(value, converted)`` of an NRR or index (``value``, on the answer scale) under
    ``grading``; the 1–4 edges are derived once from the rubric's converted table."""
    bands = rub.zoning.bands
    if grading == "converted":
        return lambda value, converted: rub.zoning.band_of(converted)
    if grading == "index-2dp":
        cent = Decimal("0.01")
        edges = [(b.lower / factor).quantize(cent, rounding=ROUND_CEILING) for b in bands]
        places: int | None = 2
    else:
        edges = [b.lower / factor for b in bands]
        places = None

    def band(value: Decimal, converted: Decimal) -> Band:
        value = _half_up(value, places)
        chosen = bands[0]
        for candidate, edge in zip(bands, edges, strict=True):
            if value >= edge:
                chosen = candidate
        return chosen

    return band


def _half_up(value: Decimal, decimals: int | None) -> Decimal:
    if decimals is None:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _rounded(what: str, decimals: int | None, lang: Language) -> str:
    name = TEXTS[what].template(lang)
    if decimals is None:
        return TEXTS["not_rounded"].text(lang, what=name)
    return TEXTS["rounded"].text(lang, what=name, decimals=decimals)
