"""The terminal view of ``kepatuhan rencana``: the worklist, then what it reaches."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.text import Text

from ..errors import Language
from ..planning import Plan
from ..provenance import in_language
from ..report_view import decimal_text
from .messages import text, zone_name
from .render import plain_table

__all__ = ["plan_view"]


def _answer(value: float, lang: Language) -> str:
    return decimal_text(Decimal(f"{value:.2f}".rstrip("0").rstrip(".")), lang)


def _score(value: Decimal | None, lang: Language) -> str:
    return "–" if value is None else decimal_text(value, lang)


def _left_out(plan: Plan, lang: Language) -> list[Text]:
    """What the plan could not touch, said after it."""
    lines = []
    if plan.unanswered:
        shown = ", ".join(f"{u}/{i}" for u, i in plan.unanswered[:10])
        if len(plan.unanswered) > 10:
            shown += ", …"
        lines.append(Text(text("plan.unanswered", lang, count=len(plan.unanswered), cells=shown)))
    if plan.figure_units:
        units = ", ".join(plan.figure_units)
        lines.append(Text(text("plan.figure_units", lang, units=units)))
    return lines


def plan_view(plan: Plan, lang: Language) -> RenderableType:
    """The worklist (unit, indicator, from → to, points, cost, score so far) and the result."""
    before = _score(plan.before, lang)
    threshold = decimal_text(plan.threshold, lang)
    title = text(
        "plan.title",
        lang,
        code=plan.code,
        before=before,
        target=plan.target,
        threshold=threshold,
    )
    if not plan.reachable:
        maximum = _score(plan.maximum, lang)
        return Stack(
            Text(title),
            Text(text("plan.unreachable", lang, maximum=maximum, threshold=threshold)),
            *_left_out(plan, lang),
        )
    if not plan.steps:
        return Stack(
            Text(title), Text(text("plan.already", lang, score=before, threshold=threshold))
        )
    table = plain_table(title)
    for key in ("plan.unit", "plan.indicator", "plan.from_to"):
        table.add_column(text(key, lang))
    for key in ("plan.points", "plan.cost", "plan.cumulative"):
        table.add_column(text(key, lang), justify="right")
    for s in plan.steps:
        name = in_language(s.name, s.name_en, lang)
        table.add_row(
            s.unit,
            f"{s.indicator} {name}",
            f"{_answer(s.before, lang)} → {_answer(s.after, lang)}",
            "+" + decimal_text(s.points, lang),
            _answer(s.cost, lang),
            _score(s.cumulative, lang),
        )
    label = " · ".join(
        part
        for part in (zone_name(plan.zone, lang) if plan.zone else None, plan.grade, plan.label)
        if part
    )
    done = text(
        "plan.reached",
        lang,
        score=_score(plan.after, lang),
        label=label,
        cost=_answer(plan.total_cost, lang),
        count=len(plan.steps),
    )
    return Stack(table, Text(done), *_left_out(plan, lang))
