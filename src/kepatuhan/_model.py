"""Base model: frozen, no extra fields, and pydantic errors re-raised as kepatuhan errors."""

from __future__ import annotations

from typing import Any, ClassVar, Self

import pydantic
from pydantic import BaseModel, ConfigDict

from .errors import InvalidInputError, Problem

__all__ = ["FrozenModel", "location_of", "problems_from_pydantic"]


def location_of(loc: tuple[int | str, ...], root: str = "") -> str:
    """Render a pydantic location tuple as a field path: ``units[3].code``."""
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def problems_from_pydantic(error: pydantic.ValidationError, root: str = "") -> list[Problem]:
    """One :class:`Problem` per pydantic line error, located by field path."""
    problems = []
    for item in error.errors(include_url=False):
        # Tagged unions add the tag name to the location; it is noise for a reader.
        loc = tuple(p for p in item["loc"] if p not in ("indicator", "group"))
        problems.append(Problem(location_of(loc, root), "invalid_field", {"detail": item["msg"]}))
    return problems


class FrozenModel(BaseModel):
    """Immutable, strict about unknown fields; raises :class:`InvalidInputError` subclasses."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)
    error_class: ClassVar[type[InvalidInputError]] = InvalidInputError
    error_root: ClassVar[str] = ""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise self.error_class(problems_from_pydantic(exc, self.error_root)) from None
        self._check()

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        try:
            result = super().model_validate(
                obj,
                strict=strict,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except pydantic.ValidationError as exc:
            raise cls.error_class(problems_from_pydantic(exc, cls.error_root)) from None
        result._check()
        return result

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        try:
            result = super().model_validate_json(
                json_data, strict=strict, context=context, by_alias=by_alias, by_name=by_name
            )
        except pydantic.ValidationError as exc:
            raise cls.error_class(problems_from_pydantic(exc, cls.error_root)) from None
        result._check()
        return result

    def _check(self) -> None:
        """Whole-object consistency checks that need every field; raise with all problems."""
        problems = self._problems()
        if problems:
            raise self.error_class(problems)

    def _problems(self) -> list[Problem]:
        return []
