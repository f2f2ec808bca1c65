"""The nodes of a rubric tree: indicators (leaves) and groups (dimensions, variables…).

Kept apart from :mod:`kepatuhan.rubric` so that the compiler and the tailoring of rubrics
can use the node types without importing the rubric model that uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from ._model import FrozenModel
from .errors import Problem
from .provenance import Provenance
from .scales import Scale
from .vocab import RespondentRole, UnitType

__all__ = ["ID_PATTERN", "Group", "GroupKind", "Indicator", "Node", "Text", "Weight"]

ID_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"
"""Ids of rubrics and nodes: lower-case letters, digits, ``_``, ``.`` and ``-``."""

Weight = Annotated[float, Field(gt=0, le=1e12, allow_inf_nan=False)]
"""Relative to siblings; bounded so that sums of weights cannot overflow."""
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
"""A name or label: must contain something other than blanks."""


class GroupKind(StrEnum):
    """Level name of an inner node of the rubric tree."""

    PART = "bagian"
    """A part of the total that gathers dimensions (2025: the four dimensions as one 70 %
    "nilai dimensi"); :meth:`~kepatuhan.Rubric.dimensions` looks through it."""
    DIMENSION = "dimensi"
    VARIABLE = "variabel"
    ASPECT = "aspek"
    ELEMENT = "elemen"


class Indicator(FrozenModel):
    """A leaf of the rubric: one question answered on a scale by one respondent role."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text = Field(description="official Indonesian name")
    name_en: str | None = None
    weight: Weight = 1.0
    weight_provenance: Provenance
    scale: Scale
    role: RespondentRole
    respondents: int | None = Field(default=None, ge=1, description="respondents per unit")
    reduction: str | None = Field(
        default=None, description="respondent reduction strategy; the rubric's default if None"
    )
    applies_to: frozenset[UnitType] | None = Field(
        default=None, description="unit types the indicator applies to; all if None"
    )
    description: str | None = None
    provenance: Provenance | None = Field(
        default=None, description="source of the indicator itself (its existence and wording)"
    )


class Group(FrozenModel):
    """An inner node (dimension, variable, aspect): the weighted mean of its children."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    name_en: str | None = None
    kind: GroupKind = GroupKind.DIMENSION
    weight: Weight = 1.0
    weight_provenance: Provenance
    children: tuple[Node, ...]
    description: str | None = None
    provenance: Provenance | None = Field(
        default=None, description="source of the node itself (its existence and wording)"
    )

    def _problems(self) -> list[Problem]:
        if not self.children:
            return [Problem("children", "group_no_children")]
        return []


def _node_tag(value: Any) -> str:
    if isinstance(value, Group):
        return "group"
    if isinstance(value, Indicator):
        return "indicator"
    if isinstance(value, Mapping) and "children" in value:
        return "group"
    return "indicator"


Node = Annotated[
    Annotated[Group, Tag("group")] | Annotated[Indicator, Tag("indicator")],
    Discriminator(_node_tag),
]


Group.model_rebuild()
