"""Rich tables of an SKM result: one row per unit, then each unit's NRR per unsur."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.text import Text

from ..errors import Language
from ..skm import SkmResult
from ..skm_sample import SampleReport
from .messages import count, text
from .output import safe
from .render import plain_table

if TYPE_CHECKING:
    from ..io.skm_export import SkmBreakdownLike

__all__ = ["sample_view", "skm_view"]

_FOUR = Decimal("0.0001")


def skm_view(
    result: SkmResult,
    lang: Language,
    sample: SampleReport | None = None,
    breakdowns: Sequence[SkmBreakdownLike] = (),
) -> RenderableType:
    """Units with their index, converted index and mutu, the convention stated above them;
    then the index per profile value of each breakdown, and, when populations were given,
    the respondents against the required sample."""
    convention = result.convention_in(lang)
    parts: list[RenderableType] = [
        Text(safe(f"{result.rubric.title} ({result.rubric.id})"), style="bold"),
        Text(safe(f"{text('skm.convention', lang)}: {convention}")),
    ]
    if result.synthetic:
        parts.append(Text(text("synthetic", lang), style="bold red"))
    units = plain_table()
    for key in ("unit", "skm.respondents", "skm.index", "skm.converted", "skm.mutu", "skm.kinerja"):
        justify: Literal["left", "right"] = "left" if key in ("unit", "skm.kinerja") else "right"
        units.add_column(text(key, lang), justify=justify)
    for u in result.units:
        units.add_row(u.name, str(u.respondents), str(u.index), str(u.converted), u.grade, u.label)
    parts.append(units)
    for u in result.units:
        unsur = plain_table(text("skm.unsur", lang, unit=u.name))
        for key in ("skm.name", "skm.respondents", "skm.nrr", "skm.converted", "skm.mutu"):
            unsur.add_column(text(key, lang), justify="left" if key == "skm.name" else "right")
        for s in u.unsur:
            nrr = _nrr(s.nrr, result.convention.nrr_decimals)
            unsur.add_row(s.name, str(s.respondents), nrr, str(s.converted), s.grade)
        parts.append(unsur)
    parts += [_breakdown_table(b, result, lang) for b in breakdowns]
    if sample is not None:
        parts.append(sample_view(sample, lang))
    return Stack(*parts)


def _breakdown_table(b: SkmBreakdownLike, result: SkmResult, lang: Language) -> RenderableType:
    """One row per unit and profile value: respondents, index, IKM, mutu, kinerja."""
    names = {u.code: u.name for u in result.units}
    table = plain_table(safe(text("skm.breakdown", lang, column=b.column)))
    keys = ("unit", "skm.profile_value", "skm.respondents", "skm.index", "skm.converted",
            "skm.mutu", "skm.kinerja")  # fmt: skip
    for key in keys:
        right = key in ("skm.respondents", "skm.index", "skm.converted", "skm.mutu")
        table.add_column(text(key, lang), justify="right" if right else "left")
    for r in b.rows:
        value = r.value if r.value is not None else text("skm.blank", lang)
        index = "" if r.index is None else str(r.index.quantize(_FOUR, rounding=ROUND_HALF_UP))
        converted = "" if r.converted is None else str(r.converted)
        table.add_row(names.get(r.unit, r.unit), value, str(r.respondents), index, converted,
                      r.grade or "", r.label or "")  # fmt: skip
    return table


def sample_view(sample: SampleReport, lang: Language) -> RenderableType:
    """The sample-size method, then a warning and a table of the units with fewer
    respondents than their population requires (or a line saying every unit has enough)."""
    parts: list[RenderableType] = [
        Text(safe(text("skm.sample", lang, method=sample.describe(lang))))
    ]
    short = sample.short
    if not short:
        parts.append(Text(text("skm.sample_enough", lang), style="green"))
        return Stack(*parts)
    parts.append(
        Text(text("skm.sample_short", lang, units=count(len(short), lang)), style="yellow")
    )
    table = plain_table()
    for key in ("unit", "skm.population", "skm.respondents", "skm.required", "skm.shortfall"):
        table.add_column(text(key, lang), justify="left" if key == "unit" else "right")
    for s in short:
        numbers = (s.population, s.respondents, s.required, s.shortfall)
        table.add_row(s.name, *(count(n, lang) for n in numbers))
    parts.append(table)
    return Stack(*parts)


def _nrr(value: Decimal, decimals: int | None) -> str:
    """An NRR at one number of decimals for the whole column (3.40 and 3.09, never 3.4): the
    convention's NRR decimals when it rounds the NRR (the value is already rounded there),
    else 4, half-up (10/3 is 3.3333)."""
    places = _FOUR if decimals is None else Decimal(1).scaleb(-decimals)
    return str(value.quantize(places, rounding=ROUND_HALF_UP))
