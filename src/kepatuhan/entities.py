"""Who is assessed: entities (instansi) and their service units (lokus)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from ._model import FrozenModel
from .codes import MAX_CODE, code_validator, multiline_text_validator, text_validator
from .vocab import EntityKind, UnitType

__all__ = ["Code", "Entity", "FreeText", "Name", "ServiceUnit"]

_CODE_PATTERN = r"^[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"

Code = Annotated[
    str,
    Field(min_length=1, max_length=MAX_CODE, json_schema_extra={"pattern": _CODE_PATTERN}),
    AfterValidator(code_validator),
]
"""An identifier: 1 to 200 characters, normalised to NFC; no control, invisible or
formatting characters, no blanks at either end, letters of one script (see
:mod:`kepatuhan.codes`)."""

Name = Annotated[str, AfterValidator(text_validator)]
"""A name or other one-line text: no control characters (tabs and line breaks included)."""

FreeText = Annotated[str, AfterValidator(multiline_text_validator)]
"""Free text (a note, an evidence link): tabs and line breaks, no other control character."""


class Entity(FrozenModel):
    """A government body assessed: kementerian, lembaga, pemprov, pemkab or pemkot."""

    code: Code
    name: Name = Field(min_length=1)
    kind: EntityKind
    province: Name | None = None


class ServiceUnit(FrozenModel):
    """A service unit (lokus) of an entity: a dinas/OPD, UPT, Puskesmas, RSUD, vertical office."""

    code: Code
    name: Name = Field(min_length=1)
    entity: Code = Field(description="code of the entity the unit belongs to")
    unit_type: UnitType
    sector: Name | None = None
