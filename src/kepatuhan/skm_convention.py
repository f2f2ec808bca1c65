"""The SKM convention: a calculator's whole pipeline as data, and the named presets.

Agencies publish whatever their calculator prints, and calculators differ in the unsur
weight, which steps they round (and how), how they treat blanks, how many decimals they
print and which grade table they use. :class:`SkmConvention` states each of these, so that
:func:`kepatuhan.skm_index` reproduces a given calculator exactly; :func:`skm_conventions`
names the forms found in use (docs/skm.md documents each with a worked example).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Literal

from pydantic import Field

from ._model import FrozenModel
from .catalog import Language, Message
from .errors import Problem
from .skm_arith import SkmRounding

__all__ = [
    "SkmBlanks",
    "SkmConvention",
    "SkmGrading",
    "SkmRounding",
    "skm_conventions",
]

SkmGrading = Literal["converted", "index", "index-2dp", "edges"]
"""Which table grades an NRR or an index:

* ``converted`` — the value ×25, rounded to 2 dp, on the regulation's converted table
  (65.00 / 76.61 / 88.31 in 2017): edges at 64.995 / 76.605 / 88.305;
* ``index`` — the value itself on the 1–4 table, whose lower edges are the converted ones
  ÷25 (2.60 / 3.0644 / 3.5324), each band up to the next edge;
* ``index-2dp`` — the agencies' 2-dp table: the value rounded to 2 dp on the 1–4 table,
  lower edges rounded up to 2 dp (2.60 / 3.07 / 3.54);
* ``edges`` — a custom table: the converted value as computed (every rounding step of the
  convention applied, not the final printing) against ``SkmConvention.edges``, the lower
  edges of the bands above the lowest, with no rounding (``value >= edge``), as a
  calculator that writes ``if ($ikm >= 65.00)`` grades.

They disagree only near an edge: 3.0643 is B converted (76.61) but C on the 1–4 table; 3.534
is A converted and on the 1–4 table but B at 2 dp (3.53)."""

SkmBlanks = Literal["answered", "zero", "listwise"]
"""What a blank answer (``belum_dinilai``, or no row for a respondent) does:

* ``answered`` — each unsur's NRR is over the respondents who answered it;
* ``zero`` — a blank counts as 0: each NRR is the unsur's total over every respondent of the
  unit (so values below 25.00 are possible, and are graded D);
* ``listwise`` — respondents with any blank are dropped before anything is computed.

Under ``zero`` and ``listwise`` a respondent is a respondent code with any row at the unit (an
answer without a code is refused), and one respondent's ``tidak_berlaku`` row is a blank; an
unsur marked ``tidak_berlaku`` by every respondent drops out of the unit as always.
"""

WeightForm = Literal["exact", "rounded", "printed"]


class SkmConvention(FrozenModel):
    """How an SKM index is computed, step by step (PermenPAN-RB 14/2017 and the calculators
    agencies run).

    For each unit, with m unsur answered (of the form's n):

    1. ``NRR = total ÷ respondents`` per unsur (``blanks`` says which respondents), rounded
       to ``nrr_decimals``;
    2. the weight ``w``: ``"exact"`` is 1/m, or round(1/m, ``weight_decimals``) if that is
       set; a printed decimal such as ``"0.111"``, ``"0.11"`` (2017) or ``"0.071"`` (2004) is
       used as printed, and when an unsur is tidak_berlaku the weighted sum is scaled by n/m
       (the regulation's weights sum to one; a printed weight keeps its shortfall, so a
       perfect unit scores 99.00 under 0.11 with or without a tidak_berlaku unsur);
    3. ``NRR × w`` per unsur, rounded to ``weighted_decimals``;
    4. the index ``Σ NRR × w``, rounded to ``index_decimals``;
    5. the converted value ``index × 25``, rounded to ``converted_decimals`` and then
       printed at ``output_decimals`` (2 or 3);
    6. the mutu by ``grading`` (:data:`SkmGrading`).

    ``rounding`` says how each step rounds (:data:`~kepatuhan.skm_arith.SkmRounding`); in
    the ``float`` mode every step is a binary double in the calculator's order (NRR × w
    summed unsur by unsur) and each rounding is PHP's ``round()``. ``name`` is the preset's
    name when the convention is one of :func:`skm_conventions`.
    """

    name: str | None = None
    weight: str = "exact"
    weight_decimals: int | None = Field(default=None, ge=1, le=8)
    nrr_decimals: int | None = Field(default=None, ge=0, le=8)
    weighted_decimals: int | None = Field(default=None, ge=0, le=8)
    index_decimals: int | None = Field(default=None, ge=0, le=8)
    converted_decimals: int | None = Field(default=None, ge=2, le=8)
    output_decimals: int = Field(default=2, ge=2, le=3)
    rounding: SkmRounding = "half-up"
    blanks: SkmBlanks = "answered"
    grading: SkmGrading = "converted"
    edges: tuple[Decimal, ...] | None = None

    def _problems(self) -> list[Problem]:
        problems = []
        if self.weight != "exact":
            value = _decimal(self.weight)
            if value is None or not (0 < value <= 1):
                problems.append(Problem("weight", "skm_weight", {"weight": self.weight}))
            elif self.weight_decimals is not None:
                params = {"weight": self.weight}
                problems.append(Problem("weight_decimals", "skm_weight_decimals", params))
        edges = self.edges
        if (self.grading == "edges") != (edges is not None):
            problems.append(Problem("edges", "skm_edges_grading", {"grading": self.grading}))
        elif edges is not None and (
            not edges or any(not e.is_finite() for e in edges) or list(edges) != sorted(set(edges))
        ):
            shown = ", ".join(str(e) for e in edges)
            problems.append(Problem("edges", "skm_edges", {"edges": shown}))
        return problems

    def weight_form(self) -> WeightForm:
        """``exact`` (1/m), ``rounded`` (round(1/m, d)) or ``printed`` (a fixed decimal)."""
        if self.weight != "exact":
            return "printed"
        return "exact" if self.weight_decimals is None else "rounded"

    def weight_value(self) -> Decimal | None:
        """The printed weight, or None for the exact 1/n convention."""
        return None if self.weight == "exact" else _decimal(self.weight)

    def describe(self, n_unsur: int, lang: Language = "id") -> str:
        """One line saying what was used, for every printed result; what differs from the
        regulation's defaults is named, the rest is as before."""
        form = self.weight_form()
        if form == "exact":
            weight = TEXTS["weight_exact"].text(lang, n=n_unsur)
        elif form == "rounded":
            weight = TEXTS["weight_rounded"].text(lang, n=n_unsur, decimals=self.weight_decimals)
        else:
            weight = TEXTS["weight_printed"].text(lang, weight=self.weight)
        parts = [weight, _rounded("nrr", self.nrr_decimals, lang)]
        if self.weighted_decimals is not None:
            parts.append(_rounded("weighted", self.weighted_decimals, lang))
        parts += [
            _rounded("index", self.index_decimals, lang),
            _rounded("converted", self.converted_decimals, lang),
        ]
        if self.output_decimals != 2:
            parts.append(TEXTS["output"].text(lang, decimals=self.output_decimals))
        if self.rounding != "half-up":
            parts.append(TEXTS[f"rounding.{self.rounding}"].template(lang))
        if self.blanks != "answered":
            parts.append(TEXTS[f"blanks.{self.blanks}"].template(lang))
        if self.grading == "edges":
            edges = " / ".join(str(e) for e in self.edges or ())
            parts.append(TEXTS["grading.edges"].text(lang, edges=edges))
        else:
            parts.append(TEXTS[f"grading.{self.grading}"].template(lang))
        line = "; ".join(parts)
        if self.name is not None:
            line = TEXTS["preset"].text(lang, name=self.name, line=line)
        return line


TEXTS: Mapping[str, Message] = {
    "preset": Message(en="{name}: {line}", id="{name}: {line}"),
    "weight_exact": Message(en="weight 1/{n} (exact)", id="bobot 1/{n} (tepat)"),
    "weight_rounded": Message(
        en="weight 1/{n} rounded to {decimals} dp", id="bobot 1/{n} dibulatkan {decimals} desimal"
    ),
    "weight_printed": Message(en="weight {weight} per unsur", id="bobot {weight} per unsur"),
    "nrr": Message(en="NRR", id="NRR"),
    "weighted": Message(en="weighted NRR", id="NRR tertimbang"),
    "index": Message(en="index", id="indeks"),
    "converted": Message(en="converted index", id="nilai konversi"),
    "not_rounded": Message(en="{what} not rounded", id="{what} tidak dibulatkan"),
    "rounded": Message(
        en="{what} rounded to {decimals} dp", id="{what} dibulatkan {decimals} desimal"
    ),
    "output": Message(
        en="converted index printed to {decimals} dp",
        id="nilai konversi ditulis {decimals} desimal",
    ),
    "rounding.half-even": Message(
        en="ties rounded to even", id="nilai tengah dibulatkan ke angka genap"
    ),
    "rounding.float": Message(
        en="binary floating point with PHP round()",
        id="bilangan titik mengambang biner dengan round() PHP",
    ),
    "blanks.zero": Message(
        en="a blank answer counts as 0 against every respondent",
        id="jawaban kosong dihitung 0 terhadap semua responden",
    ),
    "blanks.listwise": Message(
        en="respondents with a blank answer left out",
        id="responden dengan jawaban kosong tidak diikutkan",
    ),
    "grading.converted": Message(en="mutu from the converted value", id="mutu dari nilai konversi"),
    "grading.index": Message(en="mutu from the 1–4 value", id="mutu dari nilai 1–4"),
    "grading.index-2dp": Message(
        en="mutu from the 1–4 value rounded to 2 dp",
        id="mutu dari nilai 1–4 dibulatkan 2 desimal",
    ),
    "grading.edges": Message(
        en="mutu from the converted value with lower edges {edges}",
        id="mutu dari nilai konversi dengan batas bawah {edges}",
    ),
}
"""The convention line of an SKM result (the "skm" namespace of kepatuhan.catalog)."""


def skm_conventions() -> Mapping[str, SkmConvention]:
    """The named SKM conventions (presets), by name; each reproduces one calculator's
    arithmetic (docs/skm.md). ``kepatuhan.skm_index(…, convention=NAME)`` applies one."""
    return PRESETS


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


def _preset(name: str, **fields: object) -> SkmConvention:
    return SkmConvention.model_validate({"name": name, **fields})


_AGENCY_EDGES = (Decimal("65.00"), Decimal("76.61"), Decimal("88.31"))

_PRESETS = (
    # PermenPAN-RB 14/2017 read exactly: weight 1/n, nothing rounded before ×25.
    _preset("permenpan-2017"),
    # The commonest agency form: NRR to 2 dp, each NRR/n to 2 dp, summed, ×25 to 2 dp.
    _preset("nrr-2dp-tertimbang-2dp", nrr_decimals=2, weighted_decimals=2),
    # NRR to 2 dp, the mean of the rounded NRRs to 2 dp before ×25 (the index moves in
    # steps of 0.25).
    _preset("nrr-2dp-indeks-2dp", nrr_decimals=2, index_decimals=2),
    # The printed weight 0.111: NRR, NRR × 0.111, the sum and index to 3 dp, ×25 to 2 dp.
    _preset(
        "bobot-0.111-3dp",
        weight="0.111",
        nrr_decimals=3,
        weighted_decimals=3,
        index_decimals=3,
    ),
    # The printed weight 0.111, nothing rounded (perfect unit: 99.90).
    _preset("bobot-0.111", weight="0.111"),
    # The printed weight 0.11, nothing rounded (perfect unit: 99.00).
    _preset("bobot-0.11", weight="0.11"),
    # 0.11, the converted value rounded to 4 dp before printing at 2.
    _preset("bobot-0.11-konversi-4dp", weight="0.11", converted_decimals=4),
    # The weight computed and rounded: round(1/n, 3) (0.111 for 9 unsur, 0.071 for 14).
    _preset("bobot-1/n-3dp", weight_decimals=3),
    # KEP/25/M.PAN/2/2004: 14 unsur, the printed weight 0.071.
    _preset("kepmenpan-2004", weight="0.071"),
    # The converted value printed at 3 decimals.
    _preset("konversi-3dp", output_decimals=3),
    # A blank counts as 0 against every respondent of the unit.
    _preset("kosong-nol", blanks="zero"),
    # Respondents with any blank dropped first.
    _preset("listwise", blanks="listwise"),
    # A PHP calculator in doubles: NRR × (1/n) summed, ×25, graded `>= 65.00` on the
    # unrounded double and printed with number_format (round to 2 dp).
    _preset("float-php", rounding="float", grading="edges", edges=_AGENCY_EDGES),
    # An agency grade table other than the regulation's (C ≥ 64.56, B ≥ 76.66, A ≥ 88.76).
    _preset(
        "tabel-instansi",
        grading="edges",
        edges=(Decimal("64.56"), Decimal("76.66"), Decimal("88.76")),
    ),
)

PRESETS: Mapping[str, SkmConvention] = MappingProxyType({p.name or "": p for p in _PRESETS})
