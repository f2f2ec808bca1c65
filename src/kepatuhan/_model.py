"""Base model: frozen, no extra fields, and pydantic errors re-raised as kepatuhan errors."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import pydantic
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import ErrorDetails

from .codes import Suggester
from .errors import TERMS, InvalidInputError, Problem

__all__ = ["FrozenModel", "location_of", "problems_from_pydantic", "shown"]


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
    """One :class:`Problem` per pydantic line error, located by field path.

    Nested models raise :class:`InvalidInputError` from their own checks; pydantic wraps
    those as value errors, so they are unwrapped here with the location prefixed.
    """
    problems = []
    for item in error.errors(include_url=False):
        where = location_of(_without_union_tags(tuple(item["loc"])), root)
        nested = item.get("ctx", {}).get("error")
        if isinstance(nested, InvalidInputError):
            problems += [
                Problem(_join(where, p.location), p.code, p.params) for p in nested.problems
            ]
            continue
        code, params = _coded(item)
        problems.append(Problem(where, code, params))
    return problems


# pydantic's error types → (problem code, the noun a type error expects).
_EXPECTED = {
    "string": "text",
    "float": "number",
    "decimal": "number",
    "int": "whole_number",
    "bool": "true_or_false",
    "date": "date",
    "datetime": "date",
    "dict": "object",
    "model": "object",
    "model_attributes": "object",
    "list": "list",
    "tuple": "list",
    "iterable": "list",
}
_BOUNDS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤"}
_CHOICE = re.compile(r"'([^']*)'")


def shown(value: object) -> str:
    """A value as a message quotes it: text as it is, anything else by its repr, cut short."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _coded(item: ErrorDetails) -> tuple[str, dict[str, object]]:
    """The problem code and params of one pydantic line error, so that it reads in either
    language; an error of a kind not mapped here keeps pydantic's English as ``detail``."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing":
        return "field_required", {}
    if kind == "extra_forbidden":
        return "field_not_allowed", {}
    if kind in ("enum", "literal_error"):
        allowed = _CHOICE.findall(str(ctx.get("expected", "")))
        params: dict[str, object] = {"value": shown(value), "allowed": ", ".join(allowed)}
        suggestion = Suggester(allowed)(value) if isinstance(value, str) else None
        if suggestion is not None:
            params["suggestion"] = suggestion
        return "invalid_choice", params
    if kind in ("string_too_long", "string_too_short"):
        if kind == "string_too_long":
            return "text_too_long", {"maximum": ctx.get("max_length")}
        return "text_too_short", {"minimum": ctx.get("min_length")}
    if kind in ("too_short", "too_long"):
        actual = ctx.get("actual_length")
        if kind == "too_short":
            return "too_few_items", {"minimum": ctx.get("min_length"), "actual": actual}
        return "too_many_items", {"maximum": ctx.get("max_length"), "actual": actual}
    bound = next((k for k in _BOUNDS if k in ctx), None)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal") and bound:
        return "out_of_bounds", {"value": shown(value), "bound": f"{_BOUNDS[bound]} {ctx[bound]}"}
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == r"\S":  # a name or text of blanks only
            return "text_blank", {}
        return "pattern_mismatch", {"value": shown(value), "pattern": ctx.get("pattern")}
    base = kind.split("_", 1)[0] if not kind.startswith("model_attributes") else "model_attributes"
    if kind.startswith("date_from_datetime"):
        base = "date"
    expected = _EXPECTED.get(base)
    if expected is not None and (kind.endswith(("_type", "_parsing")) or base == "date"):
        return "wrong_type", {"value": shown(value), "expected": TERMS[expected]}
    return "invalid_field", {"detail": item["msg"].removeprefix("Value error, ")}


_UNION_TAGS = frozenset({"group", "indicator"})
_TREE_FIELDS = frozenset({"nodes", "children"})


def _run_checks(self: FrozenModel) -> FrozenModel:
    self._check()
    return self


def _without_union_tags(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the tag pydantic adds after ``nodes[i]`` / ``children[i]`` in the rubric tree."""
    out: list[int | str] = []
    for part in loc:
        if (
            part in _UNION_TAGS
            and len(out) >= 2
            and isinstance(out[-1], int)
            and out[-2] in _TREE_FIELDS
        ):
            continue
        out.append(part)
    return tuple(out)


def _join(prefix: str, location: str) -> str:
    if not prefix:
        return location
    if not location:
        return prefix
    return prefix + (location if location.startswith("[") else f".{location}")


def _given(**options: Any) -> dict[str, Any]:
    """The validation options a caller set. Options left at None are not passed on, so the
    pydantic releases before 2.11 (no ``by_alias``/``by_name``) and 2.12 (no ``extra``) work."""
    return {name: value for name, value in options.items() if value is not None}


class FrozenModel(BaseModel):
    """Immutable, strict about unknown fields; raises :class:`InvalidInputError` subclasses.

    The whole-object checks (:meth:`_problems`) run as an after-validator, so they run for a
    model nested in another one too; ``__init__`` only turns pydantic's error into ours.
    It is marked as pydantic's own ``__init__`` so that nested models are built by pydantic
    directly, without a Python call per item (a round's units, a JSON file's answers).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)
    error_class: ClassVar[type[InvalidInputError]] = InvalidInputError
    error_root: ClassVar[str] = ""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise self.error_class(problems_from_pydantic(exc, self.error_root)) from None

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Only a model with checks of its own gets the after-validator: pydantic runs it
        # for every instance met, even one that passes through unvalidated (a round's
        # thousands of units), so a no-op one would still cost a call each.
        super().__init_subclass__(**kwargs)
        if "_problems" in vars(cls):
            cls._after_validation = model_validator(mode="after")(_run_checks)  # type: ignore[attr-defined]

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
        options = _given(
            strict=strict,
            extra=extra,
            from_attributes=from_attributes,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )
        try:
            result = super().model_validate(obj, **options)
        except pydantic.ValidationError as exc:
            raise cls.error_class(problems_from_pydantic(exc, cls.error_root)) from None
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
        options = _given(
            strict=strict, extra=extra, context=context, by_alias=by_alias, by_name=by_name
        )
        try:
            result = super().model_validate_json(json_data, **options)
        except pydantic.ValidationError as exc:
            raise cls.error_class(problems_from_pydantic(exc, cls.error_root)) from None
        return result

    def _check(self) -> None:
        """Whole-object consistency checks that need every field; raise with all problems."""
        problems = self._problems()
        if problems:
            raise self.error_class(problems)

    def _problems(self) -> list[Problem]:
        return []
