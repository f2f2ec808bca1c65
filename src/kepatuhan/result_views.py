"""Per-unit and per-entity views of a scored round, cheap to create and filled lazily.

A view is a real :class:`~kepatuhan.UnitResult` / :class:`~kepatuhan.EntityResult` (same
fields, ``isinstance`` holds, equal to the model with the same values). Creating one sets
only its cheap fields (codes, score, zone, grade, labels), read from per-round arrays. The
other fields (dimensions, nodes, points lost, completeness, members) are computed from the
round's arrays when first read, one field at a time. Anything that reads the instance
dictionary — serialisation, equality, ``repr``, copies, pickling — first completes the
view, so no one ever sees a view with a field missing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from pydantic import BaseModel

from .result_columns import RoundColumns
from .results import Completeness, EntityResult, RespondentCount, UnitResult
from .vocab import InputLevel
from .zoning import Band

__all__ = ["EntityViews", "UnitViews"]

_DICT = BaseModel.__dict__["__dict__"]  # the instance-dictionary slot of pydantic models
_set = object.__setattr__


class _Lazy:
    """What the two view classes share: lazy fields and a self-completing ``__dict__``."""

    __slots__ = ()
    _lazy_fields: ClassVar[frozenset[str]]
    _order: ClassVar[tuple[str, ...]]
    _public: ClassVar[type[BaseModel]]
    _source: _Source
    _index: int

    def __getattr__(self, name: str) -> Any:
        if name in type(self)._lazy_fields:
            try:
                source, index = self._source, self._index
            except AttributeError:
                source = None
            if source is not None:
                value = source.field(name, index)
                _DICT.__get__(self)[name] = value
                return value
        return object.__getattribute__(self, name)

    def _instance_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = _DICT.__get__(self)
        if len(d) == len(self._order):
            return d
        try:
            source, index = self._source, self._index
        except AttributeError:  # a copy made while filling; nothing to add
            return d
        full = {k: d[k] if k in d else source.field(k, index) for k in self._order}
        _DICT.__set__(self, full)
        return full

    def _set_instance_dict(self, value: dict[str, Any]) -> None:
        _DICT.__set__(self, value)

    def __repr_name__(self) -> str:
        return self._public.__name__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseModel):
            return NotImplemented
        return isinstance(other, self._public) and self._instance_dict() == other.__dict__

    __hash__ = None  # type: ignore[assignment]


class _Source:
    """Computes the lazy fields of the views of one round."""

    def field(self, name: str, index: int) -> Any:
        compute: Callable[[int], Any] = getattr(self, f"_{name}")
        return compute(index)


def _plain(cls: type[Any], values: dict[str, Any]) -> Any:
    """A model from values known to be valid (as ``model_construct``, without its checks
    of defaults and aliases: every field is given)."""
    made = object.__new__(cls)
    _DICT.__set__(made, values)
    _set(made, "__pydantic_fields_set__", set(values))
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


def _new(cls: type[Any], values: dict[str, Any], source: _Source, index: int) -> Any:
    view = object.__new__(cls)
    _DICT.__set__(view, values)
    _set(view, "__pydantic_fields_set__", cls._fields_set)
    _set(view, "__pydantic_extra__", None)
    _set(view, "__pydantic_private__", None)
    _set(view, "_source", source)
    _set(view, "_index", index)
    return view


class _UnitView(_Lazy, UnitResult):
    __slots__ = ("_index", "_source")
    __dict__ = property(_Lazy._instance_dict, _Lazy._set_instance_dict)
    _lazy_fields = frozenset({"dimensions", "contributions", "nodes", "points_lost",
                              "completeness"})  # fmt: skip
    _order = tuple(UnitResult.model_fields)
    _public = UnitResult
    _fields_set: ClassVar[set[str]] = set(UnitResult.model_fields)


class _EntityView(_Lazy, EntityResult):
    __slots__ = ("_index", "_source")
    __dict__ = property(_Lazy._instance_dict, _Lazy._set_instance_dict)
    _lazy_fields = frozenset({"units", "dimensions", "contributions", "points_lost"})
    _order = tuple(EntityResult.model_fields)
    _public = EntityResult
    _fields_set: ClassVar[set[str]] = set(EntityResult.model_fields)


_NO_BAND = (None, None, None, None)


def _bands_of(
    bands: tuple[Band, ...], band: list[int], has: list[bool]
) -> list[tuple[Any, str | None, str | None, str | None]]:
    """Zone, grade, label and quality of each row's band (``None`` without a score)."""
    per_band = [(b.zone, b.grade, b.label, b.quality) for b in bands]
    return [per_band[k] if h else _NO_BAND for k, h in zip(band, has, strict=True)]


class UnitViews(_Source):
    """Builds the :class:`UnitResult` view of row ``i`` (the ``units`` sequence calls it)."""

    def __init__(self, columns: RoundColumns) -> None:
        # Built with every result: per-unit lists are made on the first view (below).
        self.c = columns
        self._top_ids = [columns.node_ids[n] for n in columns.top.tolist()]

    @cached_property
    def _dim_level(self) -> list[bool]:
        levels: list[bool] = self.c.dimension_input.tolist()
        return levels

    @cached_property
    def _scores(self) -> list[Decimal | None]:
        scores: list[Decimal | None] = self.c.unit_scores.tolist()
        return scores

    @cached_property
    def _band_of(self) -> list[tuple[Any, str | None, str | None, str | None]]:
        c = self.c
        return _bands_of(c.bands, c.unit_band.tolist(), c.unit_has.tolist())

    def __call__(self, i: int) -> UnitResult:
        unit = self.c.units[i]
        zone, grade, label, quality = self._band_of[i]
        values = {
            "code": unit.code,
            "name": unit.name,
            "entity": unit.entity,
            "unit_type": unit.unit_type,
            "input_level": InputLevel.DIMENSION if self._dim_level[i] else InputLevel.INDICATOR,
            "score": self._scores[i],
            "zone": zone,
            "grade": grade,
            "label": label,
            "quality": quality,
        }
        view: UnitResult = _new(_UnitView, values, self, i)
        return view

    def _dimensions(self, i: int) -> dict[str, Decimal | None]:
        return dict(zip(self._top_ids, self.c.dimension_decimals[i].tolist(), strict=True))

    def _contributions(self, i: int) -> dict[str, Decimal | None]:
        return dict(zip(self._top_ids, self.c.contribution_decimals[i].tolist(), strict=True))

    def _nodes(self, i: int) -> dict[str, float | None]:
        row = self.c.node_score[i].tolist()
        return {nid: None if v != v else v for nid, v in zip(self.c.node_ids, row, strict=True)}

    def _points_lost(self, i: int) -> dict[str, Decimal]:
        ids, values = self.c.lost_rows[i]
        return dict(zip(ids, values, strict=True))

    def _completeness(self, i: int) -> Completeness:
        c = self.c
        made: Completeness = _plain(
            Completeness,
            {
                "applicable": int(c.applicable_count[i]),
                "assessed": int(c.assessed_count[i]),
                "missing": c.missing_ids[i],
                "not_applicable": c.not_applicable_ids[i],
                "respondents": tuple(
                    _plain(RespondentCount, {"role": r, "required": n, "collected": k})
                    for r, n, k in c.respondent_rows[i]
                ),
            },
        )
        return made


class EntityViews(_Source):
    """Builds the :class:`EntityResult` view of row ``j``."""

    def __init__(self, columns: RoundColumns) -> None:
        # Built with every result: per-entity lists are made on the first view (below).
        self.c = columns
        self._top_ids = [columns.node_ids[n] for n in columns.top.tolist()]

    @cached_property
    def _has(self) -> list[bool]:
        has: list[bool] = self.c.entity_has.tolist()
        return has

    @cached_property
    def _band(self) -> list[int]:
        band: list[int] = self.c.entity_band.tolist()
        return band

    @cached_property
    def _scored(self) -> list[int]:
        scored: list[int] = self.c.entity_units_scored.tolist()
        return scored

    @cached_property
    def _scores(self) -> list[Decimal | None]:
        scores: list[Decimal | None] = self.c.entity_scores.tolist()
        return scores

    @cached_property
    def _band_of(self) -> list[tuple[Any, str | None, str | None, str | None]]:
        return _bands_of(self.c.bands, self._band, self._has)

    def __call__(self, j: int) -> EntityResult:
        entity = self.c.entities[j]
        zone, grade, label, quality = self._band_of[j]
        qualifier, outstanding, opinion, awarded = self.c.entity_opinion_fields[j]
        values = {
            "code": entity.code,
            "name": entity.name,
            "kind": entity.kind,
            "province": entity.province,
            "score": self._scores[j],
            "zone": zone,
            "grade": grade,
            "label": label,
            "quality": quality,
            "without_maladministration": qualifier,
            "outstanding_products": outstanding,
            "opinion": opinion,
            "awarded": awarded,
            "units_scored": self._scored[j],
        }
        view: EntityResult = _new(_EntityView, values, self, j)
        return view

    def _units(self, j: int) -> tuple[str, ...]:
        return self.c.entity_members[j]

    def _dimensions(self, j: int) -> dict[str, Decimal | None]:
        values = self.c.entity_dimension_decimals[j].tolist()
        return dict(zip(self._top_ids, values, strict=True))

    def _contributions(self, j: int) -> dict[str, Decimal | None]:
        values = self.c.entity_contribution_decimals[j].tolist()
        return dict(zip(self._top_ids, values, strict=True))

    def _points_lost(self, j: int) -> dict[str, Decimal]:
        ids, values = self.c.entity_lost_rows[j]
        return dict(zip(ids, values, strict=True))
