"""What a report of random draws shows (sampling uncertainty, weight sensitivity), decided
once for the terminal, CSV, workbook and the rapor: the columns, and the plain-language line
per entity ("Peluang zona hijau 64 % (batas: 78,00)").

The chance said is that of the zona hijau, the goal of every Pemda, with its lower edge;
for a rubric without a hijau zone it is that of the most likely band, with its range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from .catalog import Language, Message
from .report_view import ZONE_COLOURS, decimal_text
from .vocab import Zone

__all__ = ["TEXTS", "band_chart", "chance_line", "percent_text", "rank_chart"]

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"

TEXTS: Mapping[str, Message] = {
    "chance_zone": Message(
        en="Chance of zona {zone} {percent} (edge: {edge})",
        id="Peluang zona {zone} {percent} (batas: {edge})",
    ),
    "chance_band": Message(
        en="Chance of {band} {percent} (range: {low}–{high})",
        id="Peluang {band} {percent} (rentang: {low}–{high})",
    ),
    "no_score": Message(en="no score in any draw", id="tidak bernilai pada satu pun tarikan"),
    "level_entity": Message(en="entity", id="instansi"),
    "level_unit": Message(en="unit", id="unit"),
    "col_level": Message(en="level", id="tingkat"),
    "col_code": Message(en="code", id="kode"),
    "col_name": Message(en="name", id="nama"),
    "col_published": Message(en="published score", id="nilai terbit"),
    "col_band": Message(en="published band", id="kategori terbit"),
    "col_lower": Message(en="lower ({level})", id="batas bawah ({level})"),
    "col_median": Message(en="median", id="median"),
    "col_upper": Message(en="upper ({level})", id="batas atas ({level})"),
    "col_p_band": Message(en="P(band {band})", id="P(kategori {band})"),
    "col_p_zone": Message(en="P(zone {zone})", id="P(zona {zone})"),
    "col_likely": Message(en="most likely band", id="kategori paling mungkin"),
    "col_borderline": Message(en="borderline", id="di perbatasan"),
    "col_rank": Message(en="published rank", id="peringkat terbit"),
    "col_rank_median": Message(en="median rank", id="median peringkat"),
    "col_rank_lower": Message(en="best rank ({level})", id="peringkat terbaik ({level})"),
    "col_rank_upper": Message(en="worst rank ({level})", id="peringkat terburuk ({level})"),
    "col_line": Message(en="in words", id="dalam kata"),
    "title_uncertainty": Message(
        en="Sampling uncertainty: {draws} draws, seed {seed}, {method}",
        id="Ketidakpastian sampel: {draws} tarikan, seed {seed}, {method}",
    ),
    "title_sensitivity": Message(
        en="Weight sensitivity: {evaluations} weightings ({draws} draws), seed {seed}",
        id="Sensitivitas bobot: {evaluations} pembobotan ({draws} tarikan), seed {seed}",
    ),
    "sobol_head": Message(
        en="Sobol indices (first / total order) of each weight, on the entity scores and ranks:",
        id="Indeks Sobol (orde pertama / total) setiap bobot, pada nilai dan peringkat instansi:",
    ),
    "sobol_line": Message(
        en="{node}: scores {first} / {total}, ranks {first_rank} / {total_rank}",
        id="{node}: nilai {first} / {total}, peringkat {first_rank} / {total_rank}",
    ),
    "chart_band_title": Message(
        en="Chance of each band ({count} draws)", id="Peluang setiap kategori ({count} tarikan)"
    ),
    "chart_rank_title": Message(
        en="Rank of each entity: median and {level} interval",
        id="Peringkat setiap instansi: median dan rentang {level}",
    ),
    "chart_probability": Message(en="probability", id="peluang"),
    "chart_band": Message(en="band", id="kategori"),
    "chart_rank": Message(en="rank (1 = highest score)", id="peringkat (1 = nilai tertinggi)"),
    "chart_entity": Message(en="entity", id="instansi"),
    "sobol_fixed": Message(
        en="{node}: cannot change any score (not varied)",
        id="{node}: tidak dapat mengubah nilai apa pun (tidak divariasikan)",
    ),
}
"""Texts of the draw reports (the "draws" namespace of kepatuhan.catalog)."""


class BandLike(Protocol):
    """What a line needs of a band: its bounds, zone and display name."""

    @property
    def lower(self) -> Decimal: ...
    @property
    def upper(self) -> Decimal: ...
    @property
    def zone(self) -> Zone | None: ...
    @property
    def name(self) -> str: ...


def percent_text(p: float, lang: Language) -> str:
    """A probability as a whole percent, ``64 %`` (``< 1 %`` and ``> 99 %`` near the ends, so
    that a rare event is not shown as impossible or certain)."""
    if not np.isfinite(p):
        return "–"
    if 0 < p < 0.005:
        return "< 1 %"
    if 0.995 < p < 1:
        return "> 99 %"
    return f"{round(p * 100):d} %"


def chance_line(
    bands: Sequence[BandLike], probabilities: npt.NDArray[np.float64], lang: Language
) -> str:
    """The plain-language line of one row: the chance of zona hijau and its edge, or (without
    a hijau zone) the chance of the most likely band and its range."""
    if not np.all(np.isfinite(probabilities)):
        return TEXTS["no_score"].text(lang)
    green = [k for k, b in enumerate(bands) if b.zone is Zone.HIJAU]
    if green:
        p = float(sum(probabilities[k] for k in green))
        edge = min(bands[k].lower for k in green)
        return TEXTS["chance_zone"].text(
            lang,
            zone=Zone.HIJAU.value,
            percent=percent_text(p, lang),
            edge=decimal_text(edge, lang),
        )
    k = int(np.argmax(probabilities))
    return TEXTS["chance_band"].text(
        lang,
        band=bands[k].name,
        percent=percent_text(float(probabilities[k]), lang),
        low=decimal_text(bands[k].lower, lang),
        high=decimal_text(bands[k].upper, lang),
    )


class DrawResult(Protocol):
    """What a band chart needs of a result of draws (uncertainty or sensitivity)."""

    @property
    def bands(self) -> Sequence[Any]: ...
    @property
    def entities(self) -> Any: ...
    @property
    def units(self) -> Any: ...
    def band_probability(self, level: Literal["units", "entities"] = ...) -> Any: ...


def band_chart(
    result: DrawResult,
    lang: Language = "id",
    *,
    level: Literal["units", "entities"] = "entities",
    names: Mapping[str, str] | None = None,
    draws: int | None = None,
) -> dict[str, Any]:
    """A Vega-Lite spec: one horizontal bar per entity (or unit), split by the chance of each
    band, in the zone colours, lowest band first; ``names`` labels the rows (codes else)."""
    spread = result.entities if level == "entities" else result.units
    probs = np.asarray(result.band_probability(level))
    bands = list(result.bands)
    rows = []
    for i, code in enumerate(spread.codes):
        label = (names or {}).get(code, code)
        for b, band in enumerate(bands):
            p = float(probs[i, b]) if np.isfinite(probs[i, b]) else 0.0
            rows.append({"row": label, "band": band.name, "order": b, "p": round(p, 6)})
    colours = [ZONE_COLOURS[b.zone].fill if b.zone is not None else "BFBFBF" for b in bands]
    t = TEXTS
    return {
        "$schema": VEGA_LITE,
        "title": t["chart_band_title"].text(lang, count=draws if draws is not None else "…"),
        "data": {"values": rows},
        "mark": {"type": "bar", "stroke": "#000000", "strokeWidth": 0.3},
        "encoding": {
            "y": {"field": "row", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "p",
                "type": "quantitative",
                "stack": "zero",
                "axis": {"format": "%"},
                "scale": {"domain": [0, 1]},
                "title": t["chart_probability"].text(lang),
            },
            "color": {
                "field": "band",
                "type": "nominal",
                "sort": [b.name for b in bands],
                "scale": {"domain": [b.name for b in bands], "range": [f"#{c}" for c in colours]},
                "title": t["chart_band"].text(lang),
            },
            "order": {"field": "order", "type": "quantitative"},
        },
        "config": {"font": "DejaVu Sans"},
    }


def rank_chart(
    ranks: Any, codes: Sequence[str], lang: Language = "id", *, level: float = 0.9,
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A Vega-Lite spec: per entity, its rank interval as a line and its median rank as a
    point (rank 1 at the top), from a :class:`~kepatuhan.weight_sensitivity.RankSpread`."""
    rows = [
        {
            "entity": (names or {}).get(code, code),
            "median": ranks.median[i],
            "best": ranks.lower[i],
            "worst": ranks.upper[i],
        }
        for i, code in enumerate(codes)
        if ranks.median[i] is not None
    ]
    t = TEXTS
    y = {"field": "entity", "type": "nominal", "sort": None, "title": t["chart_entity"].text(lang)}
    x_title = t["chart_rank"].text(lang)
    return {
        "$schema": VEGA_LITE,
        "title": t["chart_rank_title"].text(lang, level=f"{round(level * 100):d} %"),
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#404040"},
                "encoding": {
                    "y": y,
                    "x": {"field": "best", "type": "quantitative", "title": x_title},
                    "x2": {"field": "worst"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "color": "#000000"},
                "encoding": {
                    "y": y,
                    "x": {"field": "median", "type": "quantitative", "title": x_title},
                },
            },
        ],
        "config": {"font": "DejaVu Sans"},
    }
