"""The terminal view of ``kepatuhan banding``: entities, then units, then what did not carry."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ..comparison import Comparison, EntityComparison, Standing, UnitComparison
from ..errors import Language
from ..report_view import decimal_text
from .messages import text, zone_name
from .render import plain_table

__all__ = ["compare_view"]

_NOT_CARRIED_SHOWN = 30


def _score(value: Decimal | None, lang: Language) -> str:
    return "–" if value is None else decimal_text(value, lang)


def _change(value: Decimal | None, lang: Language) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else ""
    return sign + decimal_text(value, lang)


def _standing(s: Standing | None, lang: Language) -> str:
    if s is None or s.score is None:
        return "–"
    parts = [decimal_text(s.score, lang)]
    if s.grade:
        parts.append(s.grade)
    if s.zone is not None:
        parts.append(zone_name(s.zone, lang))
    return " ".join(parts)


def _table(
    title: str, first: str, rows: Sequence[UnitComparison | EntityComparison], lang: Language
) -> Table:
    table = plain_table(title)
    table.add_column(text(first, lang))
    for key in ("compare.before", "compare.rescored", "compare.after"):
        table.add_column(text(key, lang))
    for key in ("compare.method", "compare.real", "compare.total"):
        table.add_column(text(key, lang), justify="right")
    for row in rows:
        code = row.unit if isinstance(row, UnitComparison) else row.entity
        shown = code if row.before_code == code else f"{row.before_code} → {code}"
        table.add_row(
            shown,
            _standing(row.before, lang),
            _standing(row.rescored, lang),
            _standing(row.after, lang),
            _change(row.method_change, lang),
            _change(row.real_change, lang),
            _change(row.total_change, lang),
        )
    return table


def compare_view(c: Comparison, lang: Language) -> RenderableType:
    """Entity and unit tables (before, re-scored, after; method, real and total change), the
    units that entered or left, and what the re-score could not carry."""
    head = text(
        f"compare.separation.{c.separation}", lang, before=c.before_rubric, after=c.after_rubric
    )
    parts: list[RenderableType] = [Text(head)]
    if c.synthetic:
        parts.append(Text(text("synthetic", lang), style="bold magenta"))
    parts.append(_table(text("compare.entities", lang), "compare.entity", c.entities, lang))
    parts.append(_table(text("compare.units", lang), "compare.unit", c.units, lang))
    for key, codes in (("compare.entered", c.units_entered), ("compare.left", c.units_left)):
        if codes:
            parts.append(Text(text(key, lang, codes=", ".join(codes))))
    if c.rescore is not None:
        lost = c.rescore.not_carried()
        if lost:
            table = plain_table(text("compare.not_carried", lang, count=len(lost)))
            for key in ("compare.step", "compare.mapping", "compare.reason"):
                table.add_column(text(key, lang))
            shown = 0
            for step in c.rescore.steps:
                for m in step.not_carried():
                    if shown == _NOT_CARRIED_SHOWN:
                        break
                    shown += 1
                    mapping = f"{m.kind.value}: {', '.join(m.before) or '–'} → "
                    mapping += ", ".join(m.after) or "–"
                    table.add_row(f"{step.before} → {step.after}", mapping, m.reason_in(lang) or "")
            parts.append(table)
            if shown < len(lost):
                more = text("compare.more", lang, count=len(lost) - shown)
                parts.append(Text(more))
        figures = c.rescore.figures_not_carried()
        if figures:
            names = ", ".join(f.dimension for f in figures)
            parts.append(Text(text("compare.figures_not_carried", lang, dimensions=names)))
    return Stack(*parts)
