"""The rapor of a round's entity or unit (kepatuhan.rapor_render), with the plan to a
target when one is asked for."""

from __future__ import annotations

from typing import Literal

from ..catalog import Language
from ..errors import InvalidInputError
from ..round import Round
from ..rubric import Rubric

__all__ = ["rapor_bytes"]


def rapor_bytes(
    round_: Round,
    rubric: Rubric | None,
    *,
    entity: str | None,
    unit: str | None,
    fmt: Literal["html", "pdf"],
    lang: Language,
    target: str | None = None,
    plan_if_possible: bool = False,
) -> bytes:
    """The rapor's bytes. ``target`` adds the plan to it (its problems are the request's);
    ``plan_if_possible`` adds the plan to hijau where the rubric can plan one (the pages'
    rapor), and leaves it out otherwise."""
    from ..planning import plan
    from ..rapor_render import rapor
    from ..scoring import score

    result = score(round_, rubric)
    worklist = None
    if target is not None:
        worklist = plan(round_, target=target, entity=entity, unit=unit, rubric=rubric)
    elif plan_if_possible:
        try:
            worklist = plan(round_, target="hijau", entity=entity, unit=unit, rubric=rubric)
        except InvalidInputError:
            worklist = None
    return rapor(result, entity=entity, unit=unit, lang=lang, format=fmt, plan=worklist)
