"""Tailoring: derive a rubric from another without touching the library or the parent.

A derived rubric selects or drops indicators, re-weights nodes (for example with the
official weights a user holds), or changes which unit types an indicator applies to. It is
validated like any other rubric, has its own id, and keeps ``parent`` pointing at the
rubric it came from; every number it changes carries the provenance the user gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import InvalidRubricError, Problem
from .provenance import Provenance, Source
from .rubric_nodes import Group, Indicator
from .vocab import Confidence, UnitType

if TYPE_CHECKING:
    from .rubric import Rubric

__all__ = ["derive_rubric"]


def derive_rubric(
    parent: Rubric,
    id: str,
    *,
    reason: str,
    title: str | None = None,
    year: int | None = None,
    drop: Iterable[str] = (),
    keep: Iterable[str] | None = None,
    weights: Mapping[str, float] | None = None,
    applies_to: Mapping[str, Iterable[UnitType | str] | None] | None = None,
    source: Source | None = None,
    confidence: Confidence | str = Confidence.ASSUMED,
    reason_id: str | None = None,
) -> Rubric:
    """A new rubric derived from ``parent``; see :meth:`kepatuhan.Rubric.derive`."""
    weights = dict(weights or {})
    applies = dict(applies_to or {})
    dropped = set(drop)
    kept = None if keep is None else set(keep)
    node_ids = {node.id for _, node in parent.walk()}
    indicator_ids = set(parent.indicator_ids())
    problems: list[Problem] = []
    for where, ids, known in (
        ("drop", dropped, indicator_ids),
        ("keep", kept or set(), indicator_ids),
        ("weights", set(weights), node_ids),
        ("applies_to", set(applies), indicator_ids),
    ):
        for unknown in sorted(ids - known):
            location = f"{where}[{unknown!r}]"
            params = {"code": unknown, "rubric": parent.id}
            code = "unknown_node_id" if where == "weights" else "unknown_indicator"
            problems.append(Problem(location, code, params))
    if problems:
        raise InvalidRubricError(problems)

    source_key = f"tailoring:{id}"
    provenance = Provenance(
        source=source_key, confidence=Confidence(confidence), note=reason, note_id=reason_id
    )

    def tailor(node: Group | Indicator) -> dict[str, Any] | None:
        data = node.model_dump(mode="python", exclude={"children"})
        if node.id in weights:
            data["weight"] = weights[node.id]
            data["weight_provenance"] = provenance
        if isinstance(node, Indicator):
            if node.id in dropped or (kept is not None and node.id not in kept):
                return None
            if node.id in applies:
                targets = applies[node.id]
                data["applies_to"] = None if targets is None else frozenset(targets)
            return data
        children = [c for c in (tailor(child) for child in node.children) if c is not None]
        if not children:
            return None  # a group left empty by the selection goes too
        data["children"] = children
        return data

    nodes = [n for n in (tailor(node) for node in parent.nodes) if n is not None]
    data = parent.model_dump(mode="python", exclude={"nodes"})
    data.update(
        id=id,
        parent=parent.id,
        nodes=nodes,
        title=title or f"{parent.title} (disesuaikan: {id})",
        year=parent.year if year is None else year,
        description=f"Diturunkan dari {parent.id}: {reason_id or reason}",
        sources={
            **parent.sources,
            source_key: source
            or Source(
                title=f"tailoring of {parent.id}: {reason}",
                title_id=f"penyesuaian dari {parent.id}: {reason_id or reason}",
            ),
        },
    )
    return type(parent).model_validate(data)
