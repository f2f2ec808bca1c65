"""Small builders shared by the example-based tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import settings

import kepatuhan as kp

ASSUMED = {"source": "M", "confidence": "assumed", "note": "test"}
SOURCES = {"M": {"title": "test source"}}
BANDS_2 = [
    {"lower": "0.00", "upper": "49.99", "zone": "merah", "label": "Rendah"},
    {"lower": "50.00", "upper": "100.00", "zone": "hijau", "label": "Tinggi"},
]


def indicator(ident: str, weight: float = 1.0, **kw: Any) -> dict[str, Any]:
    """An indicator on the 0–3 scale answered by pelaksana."""
    data: dict[str, Any] = {
        "id": ident,
        "name": f"Indikator {ident}",
        "weight": weight,
        "weight_provenance": ASSUMED,
        "scale": {"kind": "interval", "minimum": 0, "maximum": 3, "step": 1},
        "role": "pelaksana",
    }
    data.update(kw)
    return data


def group(ident: str, children: list[dict[str, Any]], weight: float = 1.0) -> dict[str, Any]:
    return {
        "id": ident,
        "name": f"Kelompok {ident}",
        "weight": weight,
        "weight_provenance": ASSUMED,
        "children": children,
    }


def rubric(nodes: list[dict[str, Any]], **kw: Any) -> kp.Rubric:
    """A small valid rubric around ``nodes``."""
    data: dict[str, Any] = {
        "id": "uji",
        "title": "Rubrik uji",
        "nodes": nodes,
        "zoning": {"bands": BANDS_2},
        "provenance": ASSUMED,
        "sources": SOURCES,
    }
    data.update(kw)
    return kp.Rubric.model_validate(data)


def round_(
    responses: list[dict[str, Any]],
    units: list[tuple[str, str]] | None = None,
    rubric_id: str = "uji",
    **kw: Any,
) -> kp.Round:
    """A round with one entity ``e1`` and the given (unit code, unit type) pairs."""
    units = units or [("u1", "opd")]
    return kp.Round(
        rubric=rubric_id,
        entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
        units=[{"code": c, "name": f"Unit {c}", "entity": "e1", "unit_type": t} for c, t in units],
        responses=responses,
        **kw,
    )


def answer(unit: str, ind: str, value: float | None, **kw: Any) -> dict[str, Any]:
    return {"unit": unit, "indicator": ind, "value": value, **kw}


def rapor_round(
    rubric_id: str, percentages: dict[str, float], oversight: Sequence[Any] | None = None
) -> kp.Round:
    """One unit ``u-<code>`` per entity ``<code>``, scored from rapor percentages: every
    top-level dimension of the rubric gets the entity's percentage."""
    dimensions = [node.id for node in kp.get_rubric(rubric_id).nodes]
    return kp.Round(
        rubric=rubric_id,
        entities=[
            kp.Entity(code=code, name=f"Pemerintah {code}", kind="pemkab") for code in percentages
        ],
        units=[
            kp.ServiceUnit(code=f"u-{code}", name=f"Dinas {code}", entity=code, unit_type="opd")
            for code in percentages
        ],
        dimension_scores=[
            kp.DimensionScore(unit=f"u-{code}", dimension=d, value=pct)
            for code, pct in percentages.items()
            for d in dimensions
        ],
        oversight_products=oversight,
    )


def heavy() -> settings:
    """Settings for a property that generates a whole rubric and round per example: a third
    of the profile's examples (100 under CI), never fewer than the default profile's 60."""
    return settings(max_examples=max(60, settings().max_examples // 3))
