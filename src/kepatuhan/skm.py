"""The SKM / IKM calculator: per-unsur NRR, the 1–4 index, the converted index and mutu.

Agencies publish whatever their tool prints, and the tools differ: the unsur weight, which
steps are rounded and how, what a blank answer does, how many decimals are printed and which
grade table is used. :class:`SkmConvention` (kepatuhan.skm_convention) states all of these;
:func:`skm_index` applies one and states it in every result. The arithmetic is exact
(fractions, rounded only where the convention says), so a perfect survey gives exactly
100.00 and a tie such as 40.625 prints 40.63; the ``float`` mode reproduces a calculator
that computes in binary doubles.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._model import FrozenModel
from .catalog import Language
from .checks import Rows
from .errors import InvalidInputError, InvalidRoundError, InvalidRubricError, Problem
from .registry import resolve_rubric
from .responses import ANSWERED
from .round import Round
from .rubric import Indicator, Rubric, RubricInfo
from .skm_arith import Number, at_least, round_step, to_decimal
from .skm_convention import TEXTS, SkmConvention, SkmGrading, skm_conventions
from .validation import checked_rows
from .zoning import Band

__all__ = [
    "TEXTS",
    "SkmConvention",
    "SkmGrading",
    "SkmResult",
    "SkmUnitResult",
    "UnsurScore",
    "skm_index",
]

INDEX_DISPLAY_DECIMALS = 4


class UnsurScore(FrozenModel):
    """One unsur at one unit: its answers, NRR and mutu."""

    id: str
    name: str
    respondents: int = Field(description="answers given to this unsur")
    total: Decimal = Field(description="sum of the answers")
    nrr: Decimal = Field(
        description="nilai rata-rata (1–4) as used, rounded if the convention says"
    )
    converted: Decimal = Field(description="NRR converted (×25), at the output decimals")
    grade: str | None
    label: str
    weighted: Decimal | None = Field(
        default=None,
        description="NRR tertimbang: NRR × weight as used (rounded if so; a printed weight "
        "with a tidak_berlaku unsur is scaled by n/m in the index, not here)",
    )


class SkmUnitResult(FrozenModel):
    """The SKM of one service unit."""

    code: str
    name: str
    entity: str
    respondents: int = Field(
        description="respondents counted: most answers given to any unsur; every respondent "
        "of the unit when blanks count as 0; those kept when blanks are listwise"
    )
    unsur: tuple[UnsurScore, ...]
    index: Decimal = Field(description="IKM on the 1–4 scale (shown to 4 dp unless rounded)")
    converted: Decimal = Field(description="IKM converted (×25), at the output decimals")
    grade: str | None = Field(description="mutu pelayanan (A–D)")
    label: str = Field(description="kinerja unit pelayanan (Sangat Baik … Tidak Baik)")
    dropped: int = Field(default=0, description="respondents left out (listwise blanks)")


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

    def convention_in(self, lang: Language = "id") -> str:
        """The convention line in ``lang`` (``convention_text`` or ``convention_text_en``)."""
        return self.convention_text if lang == "id" else self.convention_text_en

    def unit(self, code: str) -> SkmUnitResult:
        """The result of the unit with this code (``KeyError`` if none)."""
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    def to_json(self, *, indent: int | None = None) -> str:
        """Deterministic JSON of the whole result."""
        return self.model_dump_json(indent=indent)


_SHORTHANDS = ("weight", "nrr_decimals", "index_decimals", "converted_decimals", "grading")


def skm_index(
    round_: Round,
    rubric: Rubric | str | None = None,
    *,
    convention: SkmConvention | str | None = None,
    weight: str | None = None,
    nrr_decimals: int | None = None,
    index_decimals: int | None = None,
    converted_decimals: int | None = None,
    grading: SkmGrading | None = None,
) -> SkmResult:
    """The SKM of every unit of ``round_`` under ``rubric`` (``skm-2017``, ``skm-2004`` or one
    derived from them), computed with the stated convention.

    ``convention`` is a :class:`SkmConvention` or the name of a preset
    (:func:`kepatuhan.skm_conventions`); the keyword options are shorthands for its fields
    and, given with a convention, must agree with it. The round is validated exactly as
    :func:`kepatuhan.score` does (every problem at once, located; an unsur nobody answered at
    a unit is refused). Under the exact convention with no rounding, ``converted`` equals the
    unit score ``kepatuhan.score`` gives.
    """
    given = {
        "weight": weight,
        "nrr_decimals": nrr_decimals,
        "index_decimals": index_decimals,
        "converted_decimals": converted_decimals,
        "grading": grading,
    }
    conv = _convention(convention, {k: v for k, v in given.items() if v is not None})
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    factor = _conversion_factor(rub)
    bands = rub.zoning.bands
    if conv.edges is not None and len(conv.edges) != len(bands) - 1:
        params = {"bands": len(bands), "expected": len(bands) - 1, "count": len(conv.edges)}
        raise InvalidInputError([Problem("edges", "skm_edges_count", params)])
    grade = _grader(rub, factor, conv)
    # Every problem at once, as kp.score reports them; every unsur is needed. The rows say
    # which (unit, unsur) cell each answer belongs to, in the order of rub.indicators().
    rows = checked_rows(round_, rub, missing="strict")
    indicators = rub.indicators()
    counted = _Counts(round_, rows, rub, conv)

    use_float = conv.rounding == "float"
    mode = conv.rounding
    form = conv.weight_form()
    printed = conv.weight_value()
    units = []
    problems: list[Problem] = []
    for i, unit in enumerate(round_.units):
        applicable = counted.applicable_of(i)
        present = [(k, ind) for k, ind in applicable if counted.present[i, k]]
        if not present:
            problems.append(Problem(f"units[{i}]", "skm_no_unsur", {"code": unit.code}))
            continue
        if conv.blanks == "listwise" and counted.kept[i] == 0:
            problems.append(
                Problem(f"units[{i}]", "skm_no_complete_respondent", {"code": unit.code})
            )
            continue
        m = len(present)
        w: Number
        scale: Fraction | None = None
        if form == "printed":
            assert printed is not None
            w = float(printed) if use_float else Fraction(printed)
            if m < len(applicable):
                scale = Fraction(len(applicable), m)
        else:
            w = 1.0 / m if use_float else Fraction(1, m)
            if form == "rounded":
                w = round_step(w, conv.weight_decimals, mode)
        unsur = []
        total_weighted: Number = 0.0 if use_float else Fraction(0)
        for k, ind in present:
            cell = i * len(indicators) + k
            total = counted.total(cell)
            denominator = counted.denominator(i, cell)
            raw: Number = total / denominator if use_float else Fraction(total, denominator)
            nrr = round_step(raw, conv.nrr_decimals, mode)
            weighted = round_step(nrr * w, conv.weighted_decimals, mode)
            total_weighted += weighted
            own = nrr * (25.0 if use_float else Fraction(factor))
            band = grade(nrr, round_step(own, conv.converted_decimals, mode))
            unsur.append(
                UnsurScore(
                    id=ind.id,
                    name=ind.name,
                    respondents=int(counted.counts[cell]),
                    total=Decimal(total),
                    nrr=to_decimal(nrr, conv.nrr_decimals),
                    converted=to_decimal(
                        round_step(own, conv.output_decimals, mode), conv.output_decimals
                    ),
                    grade=band.grade,
                    label=band.label,
                    weighted=to_decimal(weighted, conv.weighted_decimals),
                )
            )
        if scale is not None:
            if isinstance(total_weighted, float):
                total_weighted = total_weighted * scale.numerator / scale.denominator
            else:
                total_weighted *= scale
        index = round_step(total_weighted, conv.index_decimals, mode)
        times = index * (float(factor) if use_float else Fraction(factor))
        converted = round_step(times, conv.converted_decimals, mode)
        shown = (
            to_decimal(index, conv.index_decimals)
            if conv.index_decimals is not None
            else to_decimal(round_step(index, INDEX_DISPLAY_DECIMALS, mode), 4)
        )
        band = grade(index, converted)
        units.append(
            SkmUnitResult(
                code=unit.code,
                name=unit.name,
                entity=unit.entity,
                respondents=counted.respondents_of(i, [u.respondents for u in unsur]),
                unsur=tuple(unsur),
                index=shown,
                converted=to_decimal(
                    round_step(converted, conv.output_decimals, mode), conv.output_decimals
                ),
                grade=band.grade,
                label=band.label,
                dropped=counted.dropped_of(i),
            )
        )
    if problems:
        raise InvalidRoundError(problems)
    n_unsur = len(indicators)
    return SkmResult(
        rubric=rub.info,
        convention=conv,
        convention_text=conv.describe(n_unsur, "id"),
        convention_text_en=conv.describe(n_unsur, "en"),
        conversion_factor=factor,
        round_title=round_.title,
        synthetic=round_.synthetic,
        units=tuple(units),
    )


def _convention(convention: SkmConvention | str | None, given: dict[str, object]) -> SkmConvention:
    """The convention to apply: ``convention`` (a preset by name) with the shorthands checked
    against it, or the shorthands alone."""
    if convention is None:
        return SkmConvention.model_validate(given)
    if isinstance(convention, str):
        presets = skm_conventions()
        if convention not in presets:
            unknown = {"name": convention, "known": ", ".join(presets)}
            raise InvalidInputError([Problem("convention", "skm_convention_unknown", unknown)])
        conv = presets[convention]
    else:
        conv = convention
    problems = []
    for option in _SHORTHANDS:
        if option not in given:
            continue
        has, value = getattr(conv, option), given[option]
        if option == "weight" and has != "exact" and value != "exact":
            try:
                same = Decimal(str(value)) == Decimal(has)
            except ArithmeticError:
                same = False
        else:
            same = has == value
        if not same:
            params: dict[str, object] = {
                "option": option,
                "given": value,
                "has": has,
                "name": conv.name or "-",
            }
            problems.append(Problem(option, "skm_convention_conflict", params))
    if problems:
        raise InvalidInputError(problems)
    return conv


class _Counts:
    """What each (unit, unsur) cell sums and divides by under the convention's blanks."""

    def __init__(self, round_: Round, rows: Rows, rub: Rubric, conv: SkmConvention) -> None:
        indicators = rub.indicators()
        n_ind = len(indicators)
        n_units = len(round_.units)
        size = n_units * n_ind
        table = round_.responses
        cell, unit_of = rows.cell, rows.unit
        answered = table.status == ANSWERED
        self.blanks = conv.blanks
        self.indicators = indicators
        self.types = [u.unit_type for u in round_.units]
        first = np.bincount(cell[answered], minlength=size)
        self.present = (first > 0).reshape(n_units, n_ind)
        keep = answered
        self.everyone = np.zeros(n_units, dtype=np.int64)
        self.kept = np.zeros(n_units, dtype=np.int64)
        if conv.blanks != "answered":
            anonymous = table.respondent < 0
            if anonymous.any():
                raise InvalidRoundError(
                    Problem(f"units[{u}]", "skm_anonymous_blanks", {"code": round_.units[u].code})
                    for u in np.unique(unit_of[anonymous]).tolist()
                )
            n_codes = max(len(table.respondent_codes), 1)
            keys, key_of = np.unique(unit_of * n_codes + table.respondent, return_inverse=True)
            key_unit = keys // n_codes
            self.everyone = np.bincount(key_unit, minlength=n_units)
            if conv.blanks == "listwise":
                in_form = self.present & self._applicable_mask(n_units)
                counted_row = answered & in_form.reshape(-1)[cell]
                per_key = np.bincount(key_of[counted_row], minlength=len(keys))
                needed = in_form.sum(axis=1)
                complete = per_key == needed[key_unit]
                self.kept = np.bincount(key_unit[complete], minlength=n_units)
                keep = answered & complete[key_of]
        self.sums = np.bincount(cell[keep], weights=table.value[keep], minlength=size)
        self.counts = np.bincount(cell[keep], minlength=size)

    def _applicable_mask(self, n_units: int) -> npt.NDArray[np.bool_]:
        mask = np.ones((n_units, len(self.indicators)), dtype=np.bool_)
        for k, ind in enumerate(self.indicators):
            if ind.applies_to is not None:
                mask[:, k] = [t in ind.applies_to for t in self.types]
        return mask

    def applicable_of(self, i: int) -> list[tuple[int, Indicator]]:
        """The unsur of the form for unit ``i`` (by its unit type), with their positions."""
        unit_type = self.types[i]
        return [
            (k, ind)
            for k, ind in enumerate(self.indicators)
            if ind.applies_to is None or unit_type in ind.applies_to
        ]

    def total(self, cell: int) -> int:
        return round(float(self.sums[cell]))

    def denominator(self, i: int, cell: int) -> int:
        if self.blanks == "zero":
            return int(self.everyone[i])
        return int(self.counts[cell])

    def respondents_of(self, i: int, per_unsur: Sequence[int]) -> int:
        if self.blanks == "zero":
            return int(self.everyone[i])
        if self.blanks == "listwise":
            return int(self.kept[i])
        return max(per_unsur, default=0)

    def dropped_of(self, i: int) -> int:
        return int(self.everyone[i] - self.kept[i]) if self.blanks == "listwise" else 0


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


def _grader(rub: Rubric, factor: Decimal, conv: SkmConvention) -> Callable[[Number, Number], Band]:
    """``band(value, converted)`` of an NRR or index (``value``, on the answer scale; the
    ``converted`` value as computed, before printing) under the convention's grading; the
    1–4 edges are derived once from the rubric's converted table."""
    bands = rub.zoning.bands
    precision = rub.zoning.precision
    mode = conv.rounding
    if conv.grading == "converted":
        lowers = [int(b.lower.scaleb(precision)) for b in bands[1:]]

        def by_table(value: Number, converted: Number) -> Band:
            rounded = round_step(converted, precision, mode)
            if isinstance(rounded, float):
                scaled = int(to_decimal(rounded, precision).scaleb(precision))
            else:
                scaled = int(rounded * 10**precision)
            return bands[bisect_right(lowers, scaled)]

        return by_table
    places: int | None = None
    if conv.grading == "edges":
        edges = [Decimal(-1), *(conv.edges or ())]
    elif conv.grading == "index-2dp":
        cent = Decimal("0.01")
        edges = [(b.lower / factor).quantize(cent, rounding=ROUND_CEILING) for b in bands]
        places = 2
    else:
        edges = [b.lower / factor for b in bands]
    on_converted = conv.grading == "edges"

    def band(value: Number, converted: Number) -> Band:
        graded = round_step(converted if on_converted else value, places, mode)
        chosen = bands[0]
        for candidate, edge in zip(bands, edges, strict=True):
            if at_least(graded, edge):
                chosen = candidate
        return chosen

    return band
