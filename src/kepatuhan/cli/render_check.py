"""The report of ``kepatuhan check``: is the file valid, and which units are incomplete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group as Stack
from rich.console import JustifyMethod, RenderableType
from rich.text import Text

from ..errors import Language, Problem
from ..round import Round
from ..rubric import MissingPolicy, Rubric
from .messages import count, text
from .output import safe
from .render import plain_table

__all__ = ["CheckReport", "check_view"]

_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("unit", "left"),
    ("check.code", "left"),
    ("check.count", "right"),
    ("check.indicators", "left"),
)


@dataclass(frozen=True)
class CheckReport:
    """A round that passed every check, and the units with applicable indicators unanswered.

    ``incomplete`` holds the ``missing_data`` problems of ``kp.validate(..., missing="strict")``;
    ``policy`` is the missing-data policy in force, which decides whether they are refused.
    """

    name: str
    round: Round
    rubric: Rubric
    incomplete: Sequence[Problem]
    policy: MissingPolicy

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
    parts += _oversight(round_, rubric, lang)
    return Stack(*parts)


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
    for problem in report.incomplete:
        code, n = str(problem.params["unit"]), problem.params["count"]
        table.add_row(
            names[code],
            code,
            count(n, lang) if isinstance(n, int) else str(n),
            str(problem.params["indicators"]),
        )
    parts.append(table)
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
