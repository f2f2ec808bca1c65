"""Who is assessed: entities (instansi) and their service units (lokus)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._model import FrozenModel
from .vocab import EntityKind, UnitType

__all__ = ["Code", "Entity", "ServiceUnit"]

Code = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$",
    ),
]
"""An identifier: non-empty, no control characters, no leading or trailing blanks."""


class Entity(FrozenModel):
    """A government body assessed: kementerian, lembaga, pemprov, pemkab or pemkot."""

    code: Code
    name: str = Field(min_length=1)
    kind: EntityKind
    province: str | None = None


class ServiceUnit(FrozenModel):
    """A service unit (lokus) of an entity: a dinas/OPD, UPT, Puskesmas, RSUD, vertical office."""

    code: Code
    name: str = Field(min_length=1)
    entity: Code = Field(description="code of the entity the unit belongs to")
    unit_type: UnitType
    sector: str | None = None
