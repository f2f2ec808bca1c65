"""Vega-Lite specs of the rapor's charts (rendered by :mod:`kepatuhan.charts`): the dimension
scores against the band edges, and zone counts per group for the summary.

Figures shown as text are formatted here (decimal comma in Indonesian), not by Vega's own
number format, so the charts read as the tables do. Zone colours come from
:data:`kepatuhan.report_view.ZONE_COLOURS`; every bar also has a dark outline or a label, so a
greyscale print still reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .catalog import ZONE_NAMES, Language
from .rapor_texts import t
from .report_view import ZONE_COLOURS, decimal_text
from .vocab import Zone

if TYPE_CHECKING:
    from .rubric import Rubric

__all__ = ["dimension_chart", "zone_count_chart"]

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "DejaVu Sans"
BAR_COLOUR = "#404040"
WIDTH = 440


def _float(value: Decimal) -> float:
    return float(value)


def dimension_chart(
    dimensions: Sequence[tuple[str, Decimal | None]],
    score: Decimal | None,
    rubric: Rubric,
    lang: Language,
) -> dict[str, Any]:
    """One bar per dimension (its 0–100 score) over the rubric's bands as shaded ranges,
    with the band edges marked by their grade and the total score as a dashed line."""
    low, high = _float(rubric.zoning.minimum), _float(rubric.zoning.maximum)
    span = high - low if high > low else 1.0

    def on_100(value: Decimal) -> float:
        """A reporting-scale figure on the chart's 0–100 axis (the dimensions' scale)."""
        return round((_float(value) - low) * 100 / span, 4)

    bands: list[dict[str, Any]] = []
    for b in rubric.zoning.bands:
        fill = f"#{ZONE_COLOURS[b.zone].fill}" if b.zone is not None else "#EEEEEE"
        bands.append(
            {
                "from": on_100(b.lower),
                "to": on_100(b.upper) if b.upper < rubric.zoning.maximum else 100.0,
                "fill": fill,
                "edge": b.grade or b.label,
            }
        )
    bars = [
        {"name": name, "value": _float(v), "text": decimal_text(v, lang)}
        for name, v in dimensions
        if v is not None
    ]
    x = {
        "field": "value",
        "type": "quantitative",
        "scale": {"domain": [0, 100], "nice": False},
        "title": t("chart_score", lang),
    }
    y = {"field": "name", "type": "nominal", "sort": None, "title": None}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": bands},
            "mark": {"type": "rect", "opacity": 0.45},
            "encoding": {
                "x": {"field": "from", "type": "quantitative", "scale": {"domain": [0, 100]}},
                "x2": {"field": "to"},
                "color": {"field": "fill", "type": "nominal", "scale": None},
            },
        },
        {
            "data": {"values": [b for b in bands if b["from"] > 0]},
            "mark": {"type": "rule", "color": "#7F7F7F", "strokeWidth": 0.6},
            "encoding": {"x": {"field": "from", "type": "quantitative"}},
        },
        {
            "data": {"values": bands},
            "mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 9},
            "encoding": {
                "x": {"field": "from", "type": "quantitative"},
                "y": {"value": 0},
                "text": {"field": "edge", "type": "nominal"},
            },
        },
        {
            "data": {"values": bars},
            "mark": {"type": "bar", "color": BAR_COLOUR, "height": 14},
            "encoding": {"x": x, "y": y},
        },
        {
            "data": {"values": bars},
            "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
            "encoding": {"x": x, "y": y, "text": {"field": "text", "type": "nominal"}},
        },
    ]
    if score is not None:
        total = [
            {
                "value": on_100(score),
                "text": t("chart_total", lang, score=decimal_text(score, lang)),
            }
        ]
        layers += [
            {
                "data": {"values": total},
                "mark": {
                    "type": "rule",
                    "color": "#000000",
                    "strokeDash": [4, 3],
                    "strokeWidth": 1.5,
                },
                "encoding": {"x": {"field": "value", "type": "quantitative"}},
            },
            {
                "data": {"values": total},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dx": 3,
                    "dy": -13,
                    "fontSize": 9,
                    "fontWeight": "bold",
                },
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "text", "type": "nominal"},
                },
            },
        ]
    return {
        "$schema": VEGA_LITE,
        "title": {"text": t("chart_dimensions", lang), "offset": 16},
        "width": WIDTH,
        "height": {"step": 24},
        "layer": layers,
        "config": {"font": FONT, "view": {"stroke": "#7F7F7F"}},
    }


def zone_count_chart(
    counts: Sequence[tuple[str, Zone | None, int]], title: str, lang: Language
) -> dict[str, Any]:
    """Stacked horizontal bars: per group (entity kind or province), how many entities are
    in each zone, in the zone colours with a dark outline and the count written on each part."""
    zones = [z for z in Zone if any(zone is z for _, zone, _ in counts)]
    order = {z: k for k, z in enumerate((Zone.HITAM, Zone.MERAH, Zone.KUNING, Zone.HIJAU))}
    names = [ZONE_NAMES[z].text(lang) for z in sorted(zones, key=order.__getitem__)]
    colours = [f"#{ZONE_COLOURS[z].fill}" for z in sorted(zones, key=order.__getitem__)]
    rows = [
        {
            "group": group,
            "zone": ZONE_NAMES[zone].text(lang),
            "order": order[zone],
            "count": count,
        }
        for group, zone, count in counts
        if zone is not None and count > 0
    ]
    y = {"field": "group", "type": "nominal", "sort": None, "title": None}
    x = {
        "field": "count",
        "type": "quantitative",
        "stack": "zero",
        "title": t("chart_count", lang),
        "axis": {"tickMinStep": 1},
    }
    return {
        "$schema": VEGA_LITE,
        "title": title,
        "width": WIDTH,
        "height": {"step": 22},
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "bar", "stroke": "#000000", "strokeWidth": 0.6},
                "encoding": {
                    "x": x,
                    "color": {
                        "field": "zone",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": colours},
                        "title": t("zone", lang),
                    },
                    "order": {"field": "order", "type": "quantitative"},
                },
            },
            {
                "mark": {"type": "text", "fontSize": 9, "align": "right", "dx": -3},
                "encoding": {
                    "x": x,
                    "text": {"field": "count", "type": "quantitative"},
                    "order": {"field": "order", "type": "quantitative"},
                },
            },
        ],
        "config": {"font": FONT},
    }
