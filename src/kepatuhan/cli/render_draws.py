"""The terminal views of ``kepatuhan ketidakpastian`` and ``kepatuhan sensitivitas``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from rich.console import Group as Stack
from rich.console import RenderableType
from rich.text import Text

from ..catalog import Language
from ..draw_view import TEXTS, chance_line, percent_text
from ..io.draws_export import sobol_lines
from ..report_view import decimal_text, yes_no
from ..sampling_uncertainty import Uncertainty
from ..weight_sensitivity import Sensitivity
from .messages import text, zone_name
from .render import plain_table

__all__ = ["sensitivity_view", "uncertainty_view"]

MAX_ROWS = 200
"""Rows shown per table; the files (-o) hold every row."""


def _score(value: Decimal | None, lang: Language) -> str:
    return "–" if value is None else decimal_text(value, lang)


def _tables(
    result: Uncertainty | Sensitivity, lang: Language, ranks: Sensitivity | None
) -> list[RenderableType]:
    pct = f"{round(result.params.level * 100):d} %"
    out: list[RenderableType] = []
    levels: tuple[tuple[Literal["entities", "units"], Any, str], ...] = (
        ("entities", result.entities, "draws.entities"),
        ("units", result.units, "draws.units"),
    )
    for key, spread, title in levels:
        probs = np.asarray(result.band_probability(key))
        zprobs = np.asarray(result.zone_probability(key))
        table = plain_table(text(title, lang))
        table.add_column(TEXTS["col_code"].text(lang))
        table.add_column(TEXTS["col_published"].text(lang), justify="right")
        table.add_column(text("draws.interval", lang, level=pct), justify="right")
        for z in result.zones:
            table.add_column(f"P({zone_name(z, lang)})", justify="right")
        table.add_column(TEXTS["col_borderline"].text(lang))
        if ranks is not None and key == "entities":
            table.add_column(text("draws.rank", lang, level=pct), justify="right")
        table.add_column(TEXTS["col_line"].text(lang))
        for i, code in enumerate(spread.codes[:MAX_ROWS]):
            band = spread.published_band[i]
            published = _score(spread.published[i], lang)
            if band is not None:
                published += f" {result.bands[band].name}"
            row = [
                code,
                published,
                f"{_score(spread.lower[i], lang)}–{_score(spread.upper[i], lang)}",
                *[percent_text(float(p), lang) for p in zprobs[i]],
                yes_no(True, lang) if spread.borderline[i] else "",
            ]
            if ranks is not None and key == "entities":
                r = ranks.ranks
                row.append(_rank(r.published[i], r.median[i], r.lower[i], r.upper[i]))
            row.append(chance_line(result.bands, probs[i], lang))
            table.add_row(*row)
        out.append(table)
        if len(spread.codes) > MAX_ROWS:
            out.append(Text(text("draws.more", lang, count=len(spread.codes) - MAX_ROWS)))
    return out


def _rank(published: int | None, median: int | None, best: int | None, worst: int | None) -> str:
    if published is None or median is None:
        return "–"
    return f"{published} ({median}; {best}–{worst})"


def uncertainty_view(result: Uncertainty, lang: Language) -> RenderableType:
    """Entities then units: the published score, the interval, the chance of each zone, the
    borderline flag and the line in words."""
    p = result.params
    head = TEXTS["title_uncertainty"].text(lang, draws=p.draws, seed=p.seed, method=p.method)
    parts: list[RenderableType] = [Text(head), *_tables(result, lang, None)]
    if result.fallbacks:
        parts.append(Text(text("draws.fallbacks", lang, names=", ".join(result.fallbacks))))
    return Stack(*parts)


def sensitivity_view(result: Sensitivity, lang: Language) -> RenderableType:
    """As :func:`uncertainty_view`, with each entity's rank (published, median and interval)
    and the Sobol indices of each weight."""
    p = result.params
    head = TEXTS["title_sensitivity"].text(
        lang, evaluations=result.evaluations, draws=p.draws, seed=p.seed
    )
    lines: Sequence[str] = sobol_lines(result, lang)
    return Stack(Text(head), *_tables(result, lang, result), *[Text(line) for line in lines])
