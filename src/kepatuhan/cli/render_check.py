"""The report of ``kepatuhan check``: is the file valid, and which units are incomplete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.console import Group as Stack
from rich.console import JustifyMethod, RenderableType
from rich.text import Text

from ..errors import Language, Problem
from ..round import Round
from ..rubric import MissingPolicy, Rubric
from ..scoring import score
from ..vocab import RespondentRole
from .messages import count, role_name, text
from .output import safe
from .render import plain_table

__all__ = ["ROW_LIMIT", "CheckReport", "ShortUnit", "check_view", "short_units"]

_SHORT_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("unit", "left"),
    ("check.code", "left"),
    ("check.role", "left"),
    ("check.respondents", "right"),
)
_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("unit", "left"),
    ("check.code", "left"),
    ("check.count", "right"),
    ("check.indicators", "left"),
)


ROW_LIMIT = 200
"""Rows shown per table; the rest are counted (a national round can list thousands)."""


@dataclass(frozen=True)
class ShortUnit:
    """A unit and role with fewer respondents than the rubric asks."""

    unit: str
    role: RespondentRole
    collected: int
    required: int


@dataclass(frozen=True)
class CheckReport:
    """A round that passed every check, and the units with applicable indicators unanswered.

    ``incomplete`` holds the ``missing_data`` and ``missing_figures`` problems of
    ``kp.validate(..., missing="strict")``;
    ``policy`` is the missing-data policy in force, which decides whether they are refused;
    ``short`` the units and roles with fewer respondents than the rubric asks.
    """

    name: str
    round: Round
    rubric: Rubric
    incomplete: Sequence[Problem]
    policy: MissingPolicy
    short: Sequence[ShortUnit] = ()

    @property
    def refused(self) -> bool:
        return self.policy == "strict" and bool(self.incomplete)


def check_view(report: CheckReport, lang: Language) -> RenderableType:
    """A summary line, counts, one row per incomplete unit with what it lacks, and for a
    rubric with an opinion rule what stands between each entity and its qualifier."""
    round_, rubric = report.round, report.rubric
    parts: list[RenderableType] = [
        Text(
            safe(text("check.valid", lang, name=report.name, id=rubric.id, title=rubric.title)),
            style="bold",
        ),
        Text(
            text(
                "check.counts",
                lang,
                entities=count(len(round_.entities), lang),
                units=count(len(round_.units), lang),
                answers=count(len(round_.responses), lang),
            )
        ),
    ]
    if round_.synthetic:
        parts.append(Text(text("synthetic", lang), style="bold red"))
    if not report.incomplete:
        parts.append(Text(text("check.complete", lang), style="green"))
    else:
        parts += _incomplete(report, lang)
    parts += _short(report, lang)
    parts += _oversight(round_, rubric, lang)
    return Stack(*parts)


def _more(shown: int, total: int, lang: Language) -> list[RenderableType]:
    if total <= shown:
        return []
    more = text("check.more_rows", lang, count=count(total - shown, lang), total=count(total, lang))
    return [Text(more)]


def _short(report: CheckReport, lang: Language) -> list[RenderableType]:
    """Each unit and role with fewer respondents than the rubric asks."""
    if not report.short:
        return []
    names = {u.code: u.name for u in report.round.units}
    units = len({s.unit for s in report.short})
    parts: list[RenderableType] = [
        Text(text("check.respondents_short", lang, units=count(units, lang)), style="yellow")
    ]
    table = plain_table()
    for key, justify in _SHORT_COLUMNS:
        table.add_column(text(key, lang), justify=justify)
    for s in report.short[:ROW_LIMIT]:
        got = f"{count(s.collected, lang)} / {count(s.required, lang)}"
        table.add_row(names[s.unit], s.unit, role_name(s.role, lang), got)
    parts.append(table)
    return parts + _more(min(len(report.short), ROW_LIMIT), len(report.short), lang)


def _incomplete(report: CheckReport, lang: Language) -> list[RenderableType]:
    round_ = report.round
    parts: list[RenderableType] = []
    complete = len(round_.units) - len(report.incomplete)
    parts.append(
        Text(
            text("check.incomplete", lang, complete=complete, units=len(round_.units)),
            style="bold red" if report.refused else "yellow",
        )
    )
    names = {u.code: u.name for u in round_.units}
    table = plain_table()
    for key, justify in _COLUMNS:
        table.add_column(text(key, lang), justify=justify)
    for problem in report.incomplete[:ROW_LIMIT]:
        code, n = str(problem.params["unit"]), problem.params["count"]
        table.add_row(
            names[code],
            code,
            count(n, lang) if isinstance(n, int) else str(n),
            # missing_data lists indicators; missing_figures (a unit given rapor figures for
            # only some parts) lists the nodes no figure covers.
            str(problem.params.get("indicators", problem.params.get("nodes", ""))),
        )
    parts.append(table)
    parts += _more(min(len(report.incomplete), ROW_LIMIT), len(report.incomplete), lang)
    policy_key = "check.refused" if report.refused else "check.allowed"
    parts.append(Text(text(policy_key, lang, policy=report.policy)))
    return parts


def _oversight(round_: Round, rubric: Rubric, lang: Language) -> list[RenderableType]:
    """Under an opinion rule: whether the products are recorded, and which entities have
    products not followed up (the qualifier is withheld from them)."""
    rule = rubric.opinion
    if rule is None:
        return []
    qualifier = rule.qualifier if lang == "id" else rule.qualifier_en
    if round_.oversight_products is None:
        return [Text(text("check.not_recorded", lang, qualifier=qualifier), style="yellow")]
    lines: list[RenderableType] = []
    for entity, decided in zip(round_.entities, round_.entity_opinions(rule), strict=True):
        outstanding = decided.outstanding
        if outstanding:
            refs = ", ".join(outstanding)
            message = text("check.outstanding", lang, entity=entity.name,
                           count=len(outstanding), refs=refs, qualifier=qualifier)  # fmt: skip
            lines.append(Text(safe(message), style="yellow"))
    return lines or [Text(text("check.followed_up", lang, qualifier=qualifier), style="green")]


def short_units(round_: Round, rubric: Rubric) -> tuple[ShortUnit, ...]:
    """The units and roles of a valid round with fewer respondents than the rubric asks."""
    table = score(round_, rubric, missing="exclude").to_frame("respondents", backend="numpy")
    rows = np.flatnonzero(table["short"])
    roles = tuple(RespondentRole)
    role_values = [r.value for r in roles]
    return tuple(
        ShortUnit(str(unit), roles[role_values.index(str(role))], int(got), int(need))
        for unit, role, got, need in zip(
            table["unit"][rows].tolist(),
            table["role"][rows].tolist(),
            table["collected"][rows].tolist(),
            table["required"][rows].tolist(),
            strict=True,
        )
    )
