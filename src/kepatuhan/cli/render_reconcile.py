"""The terminal view of ``kepatuhan rekonsiliasi``: the worklist ("catatan kekurangan"),
the totals per unit, and the units only one side has."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.text import Text

from ..catalog import message
from ..errors import Language
from ..reconciliation import Reconciliation
from .messages import text
from .render import plain_table

__all__ = ["reconcile_view"]


def _points(value: float | None) -> str:
    if value is None:
        return "–"
    return "0.00" if value == 0 else f"{value:+.2f}"


def _change(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:+}"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def reconcile_view(rec: Reconciliation, lang: Language) -> RenderableType:
    """The worklist (largest points at stake first), the unit totals, and the unpaired units."""
    parts: list[RenderableType] = []
    worklist = plain_table(message("reconcile", "worklist", lang).capitalize())
    for key in ("rekon.unit", "rekon.indicator", "rekon.kind", "rekon.self", "rekon.official"):
        worklist.add_column(text(key, lang))
    for key in ("rekon.unit_points", "rekon.entity_change"):
        worklist.add_column(text(key, lang), justify="right")
    for d in rec.worklist:
        worklist.add_row(
            d.unit,
            f"{d.indicator} {d.indicator_name}",
            message("reconcile", d.kind.value, lang),
            _score(d.self_score) if d.self_score is not None else d.self_state.value,
            _score(d.official_score) if d.official_score is not None else d.official_state.value,
            _points(d.unit_points),
            _change(d.entity_change),
        )
    parts.append(worklist if rec.worklist else Text(text("rekon.none", lang)))
    units = plain_table(text("rekon.units", lang))
    units.add_column(text("rekon.unit", lang))
    for key in ("rekon.self", "rekon.official", "rekon.count", "rekon.over", "rekon.under"):
        units.add_column(text(key, lang), justify="right")
    for u in rec.units:
        units.add_row(
            u.unit,
            _change(u.self_score).lstrip("+") if u.self_score is not None else "–",
            _change(u.official_score).lstrip("+") if u.official_score is not None else "–",
            str(u.disagreements),
            _points(u.points_over),
            _points(u.points_under),
        )
    parts.append(units)
    if rec.only_self:
        parts.append(Text(text("rekon.only_self", lang, units=", ".join(rec.only_self))))
    if rec.only_official:
        parts.append(Text(text("rekon.only_official", lang, units=", ".join(rec.only_official))))
    return Stack(*parts)
