"""The terminal view of ``kepatuhan rencana``: the worklist, then what it reaches."""

from __future__ import annotations

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.text import Text

from ..errors import Language
from ..planning import Plan
from .messages import text, zone_name
from .render import plain_table

__all__ = ["plan_view"]


def _answer(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def plan_view(plan: Plan, lang: Language) -> RenderableType:
    """The worklist (unit, indicator, from → to, points, cost, score so far) and the result."""
    before = "–" if plan.before is None else str(plan.before)
    title = text(
        "plan.title",
        lang,
        code=plan.code,
        before=before,
        target=plan.target,
        threshold=plan.threshold,
    )
    if not plan.reachable:
        maximum = "–" if plan.maximum is None else str(plan.maximum)
        return Stack(
            Text(title),
            Text(text("plan.unreachable", lang, maximum=maximum, threshold=plan.threshold)),
        )
    if not plan.steps:
        return Stack(
            Text(title), Text(text("plan.already", lang, score=before, threshold=plan.threshold))
        )
    table = plain_table(title)
    for key in ("plan.unit", "plan.indicator", "plan.from_to"):
        table.add_column(text(key, lang))
    for key in ("plan.points", "plan.cost", "plan.cumulative"):
        table.add_column(text(key, lang), justify="right")
    for s in plan.steps:
        name = s.name_en if lang == "en" and s.name_en else s.name
        table.add_row(
            s.unit,
            f"{s.indicator} {name}",
            f"{_answer(s.before)} → {_answer(s.after)}",
            f"+{s.points}",
            _answer(s.cost),
            "–" if s.cumulative is None else str(s.cumulative),
        )
    label = " · ".join(
        part
        for part in (zone_name(plan.zone, lang) if plan.zone else None, plan.grade, plan.label)
        if part
    )
    done = text(
        "plan.reached",
        lang,
        score=plan.after,
        label=label,
        cost=_answer(plan.total_cost),
        count=len(plan.steps),
    )
    return Stack(table, Text(done))
