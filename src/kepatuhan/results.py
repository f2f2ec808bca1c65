"""Results of a scored round: columnar arrays, with light per-unit and per-entity views."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._model import FrozenModel
from ._version import __version__
from .entities import Entity, ServiceUnit
from .oversight import EntityOpinion, OpinionRule
from .provenance import Assumption
from .rubric import MissingPolicy, RubricInfo
from .vocab import EntityKind, InputLevel, UnitType, Zone
from .zoning import Band

__all__ = [
    "Completeness",
    "EntityResult",
    "ResultMeta",
    "RoundColumns",
    "RoundResult",
    "UnitResult",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Completeness(FrozenModel):
    """How much of what applies to a unit was actually assessed."""

    applicable: int = Field(description="indicators that apply to the unit")
    assessed: int = Field(description="applicable indicators with at least one answer")
    missing: tuple[str, ...] = Field(description="applicable indicators not assessed")
    not_applicable: tuple[str, ...] = Field(description="indicators left out as not applicable")

    @property
    def ratio(self) -> float:
        """Share of applicable indicators assessed (1.0 when nothing applies)."""
        return 1.0 if self.applicable == 0 else self.assessed / self.applicable

    @property
    def complete(self) -> bool:
        return not self.missing


class UnitResult(FrozenModel):
    """Score of one service unit: every node, total, zone, grade and what lost points."""

    code: str
    name: str
    entity: str
    unit_type: UnitType
    input_level: InputLevel
    score: Decimal | None = Field(description="total, rounded half-up; None if nothing scored")
    zone: Zone | None
    grade: str | None
    label: str | None
    quality: str | None = Field(default=None, description="quality word of the band (2025)")
    dimensions: dict[str, Decimal | None] = Field(
        description="top-level node id → rounded 0–100 score of that dimension"
    )
    contributions: dict[str, Decimal | None] = Field(
        description="top-level node id → rounded weighted contribution to the total (above "
        "the bottom of the reporting scale)"
    )
    nodes: dict[str, float | None] = Field(description="every node id → unrounded 0–100 score")
    points_lost: dict[str, Decimal] = Field(
        description="indicator id (dimension id for dimension-level input) → points lost, "
        "largest first"
    )
    completeness: Completeness


class EntityResult(FrozenModel):
    """Score of one entity, rolled up from its units by the rubric's strategy."""

    code: str
    name: str
    kind: EntityKind
    province: str | None
    score: Decimal | None
    zone: Zone | None
    grade: str | None
    label: str | None
    quality: str | None = Field(default=None, description="quality word of the band (2025)")
    without_maladministration: bool | None = Field(
        default=None,
        description="Tanpa Maladministrasi qualifier (rubrics with an opinion rule); None if "
        "the rubric has none or the round records no oversight products",
    )
    outstanding_products: tuple[str, ...] = Field(
        default=(), description="oversight products not followed up (references)"
    )
    opinion: str | None = Field(
        default=None, description="full opinion label, e.g. Opini Kualitas Sedang Tanpa …"
    )
    awarded: bool | None = Field(
        default=None, description="formally awarded the Opini Ombudsman (top category)"
    )
    units: tuple[str, ...] = Field(description="codes of the entity's units")
    units_scored: int = Field(description="units with a score that entered the roll-up")


class ResultMeta(FrozenModel):
    """What a result was computed with: rubric, precision, policies, round title."""

    generator: str = f"kepatuhan {__version__}"
    rubric: RubricInfo
    precision: int
    score_range: tuple[Decimal, Decimal] = Field(
        default=(Decimal(0), Decimal(100)),
        description="reporting scale of totals, contributions and points lost (zoning range)",
    )
    missing_policy: MissingPolicy
    entity_rollup: str
    round_title: str | None
    synthetic: bool
    assumptions: tuple[Assumption, ...]


class RoundResultModel(ResultMeta):
    """Serialisable form of a :class:`RoundResult` (what ``to_json`` writes)."""

    units: tuple[UnitResult, ...]
    entities: tuple[EntityResult, ...]


@dataclass(frozen=True)
class RoundColumns:
    """Every number of a scored round as arrays; rows follow the round's units and entities."""

    meta: ResultMeta
    bands: tuple[Band, ...]
    node_ids: tuple[str, ...]
    node_names: tuple[str, ...]
    top: IntArray
    top_share: FloatArray
    indicator_ids: tuple[str, ...]
    indicator_node: IntArray
    units: tuple[ServiceUnit, ...]
    entities: tuple[Entity, ...]
    unit_entity: IntArray  # entity index of each unit
    dimension_input: BoolArray  # units given as published dimension scores
    node_score: FloatArray  # (units × nodes), 0–100, NaN = missing / not applicable
    node_share: FloatArray  # (units × nodes) share of the unit's 100 points each node carries
    unit_raw: FloatArray  # unrounded totals, NaN = no score
    unit_scaled: IntArray  # rounded totals in units of 10**-precision
    unit_has: BoolArray
    unit_band: npt.NDArray[np.intp]
    applicable: BoolArray  # (units × indicators)
    assessed: BoolArray  # (units × indicators)
    entity_scaled: IntArray
    entity_has: BoolArray
    entity_band: npt.NDArray[np.intp]
    entity_units_scored: IntArray
    opinion: OpinionRule | None = None
    entity_opinion: tuple[EntityOpinion, ...] | None = None  # per entity, with ``opinion``

    def decimal(self, scaled: int) -> Decimal:
        return Decimal(int(scaled)).scaleb(-self.meta.precision)


T = TypeVar("T")


class _LazyViews(Sequence[T], Generic[T]):
    """A sequence whose items are built on first access and then kept."""

    def __init__(self, count: int, build: Callable[[int], T]) -> None:
        self._count = count
        self._build = build
        self._cache: dict[int, T] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        i = range(self._count)[index]
        if i not in self._cache:
            self._cache[i] = self._build(i)
        return self._cache[i]

    def __iter__(self) -> Iterator[T]:
        for i in range(self._count):
            yield self[i]

    def __repr__(self) -> str:
        return f"<{self._count} results>"


class RoundResult:
    """A scored round. ``units`` and ``entities`` are sequences of result views.

    The numbers live in :attr:`columns` (numpy arrays, one row per unit); ``units[i]`` builds
    a :class:`UnitResult` on first access. ``to_json()`` is deterministic: the same round and
    rubric give the same bytes.
    """

    def __init__(self, columns: RoundColumns | None = None, model: RoundResultModel | None = None):
        if (columns is None) == (model is None):
            raise ValueError("give exactly one of columns or model")
        self._columns = columns
        self._model = model
        self._unit_index: dict[str, int] | None = None
        self._entity_index: dict[str, int] | None = None
        if model is not None:
            self.units: Sequence[UnitResult] = model.units
            self.entities: Sequence[EntityResult] = model.entities
        else:
            assert columns is not None
            self.units = _LazyViews(len(columns.units), _UnitViews(columns))
            self.entities = _LazyViews(len(columns.entities), _EntityViews(columns))

    @property
    def columns(self) -> RoundColumns:
        """The arrays behind the result (not available on a result read back from JSON)."""
        if self._columns is None:
            raise AttributeError("a result read from JSON has no arrays; use .units and .entities")
        return self._columns

    @property
    def rubric(self) -> RubricInfo:
        return self._columns.meta.rubric if self._columns is not None else self.model().rubric

    def unit(self, code: str) -> UnitResult:
        """The result of the unit with this code (``KeyError`` if none)."""
        if self._unit_index is None:
            self._unit_index = {u.code: i for i, u in enumerate(self._unit_rows())}
        return self.units[self._unit_index[code]]

    def entity(self, code: str) -> EntityResult:
        """The result of the entity with this code (``KeyError`` if none)."""
        if self._entity_index is None:
            self._entity_index = {e.code: i for i, e in enumerate(self._entity_rows())}
        return self.entities[self._entity_index[code]]

    def _unit_rows(self) -> Sequence[ServiceUnit | UnitResult]:
        return self._columns.units if self._columns is not None else self.units

    def _entity_rows(self) -> Sequence[Entity | EntityResult]:
        return self._columns.entities if self._columns is not None else self.entities

    def model(self) -> RoundResultModel:
        """The whole result as one pydantic model (builds every view)."""
        if self._model is None:
            c = self.columns
            self._model = RoundResultModel(
                **dict(c.meta), units=tuple(self.units), entities=tuple(self.entities)
            )
        return self._model

    def to_json(self, *, indent: int | None = None) -> str:
        """Deterministic JSON of the whole result."""
        return self.model().model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> RoundResult:
        """Read a result written by :meth:`to_json`."""
        return cls(model=RoundResultModel.model_validate_json(data))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RoundResult):
            return NotImplemented
        return self.model() == other.model()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<RoundResult {self.rubric.id}: {len(self.units)} units, "
            f"{len(self.entities)} entities>"
        )


def _band(c: RoundColumns, has: bool, band: int) -> Band | None:
    return c.bands[band] if has else None


class _UnitViews:
    """Builds the :class:`UnitResult` of row ``i``."""

    def __init__(self, columns: RoundColumns) -> None:
        self.c = columns

    def __call__(self, i: int) -> UnitResult:
        c = self.c
        unit = c.units[i]
        has = bool(c.unit_has[i])
        band = _band(c, has, int(c.unit_band[i]))
        scores = c.node_score[i]
        low, high = c.meta.score_range
        # Shares of the reporting scale's span (the unit's 100 points on a 0–100 scale).
        shares = c.node_share[i] * (float(high - low) / 100.0)
        dims: dict[str, Decimal | None] = {}
        contrib: dict[str, Decimal | None] = {}
        for node in c.top:
            nid = c.node_ids[node]
            value = scores[node]
            if np.isnan(value):
                dims[nid] = contrib[nid] = None
            else:
                dims[nid] = _round(value, c.meta.precision)
                contrib[nid] = _round(value * shares[node], c.meta.precision)
        level = InputLevel.DIMENSION if c.dimension_input[i] else InputLevel.INDICATOR
        lost_nodes = c.indicator_node if level is InputLevel.INDICATOR else c.top
        lost = []
        for node in lost_nodes:
            value = scores[node]
            if not np.isnan(value):
                lost.append((shares[node] * (100.0 - value), c.node_ids[node]))
        lost.sort(key=lambda t: (-t[0], t[1]))
        applicable = c.applicable[i]
        assessed = c.assessed[i]
        ids = c.indicator_ids
        completeness = Completeness(
            applicable=int(applicable.sum()),
            assessed=int((applicable & assessed).sum()),
            missing=tuple(ids[k] for k in np.flatnonzero(applicable & ~assessed)),
            not_applicable=tuple(ids[k] for k in np.flatnonzero(~applicable)),
        )
        return UnitResult(
            code=unit.code,
            name=unit.name,
            entity=unit.entity,
            unit_type=unit.unit_type,
            input_level=level,
            score=c.decimal(c.unit_scaled[i]) if has else None,
            zone=band and band.zone,
            grade=band and band.grade,
            label=band and band.label,
            quality=band and band.quality,
            dimensions=dims,
            contributions=contrib,
            nodes={
                nid: None if np.isnan(v) else float(v)
                for nid, v in zip(c.node_ids, scores, strict=True)
            },
            points_lost={nid: _round(points, c.meta.precision) for points, nid in lost},
            completeness=completeness,
        )


class _EntityViews:
    """Builds the :class:`EntityResult` of row ``j``."""

    def __init__(self, columns: RoundColumns) -> None:
        self.c = columns
        self._members: list[list[str]] | None = None

    @property
    def members(self) -> list[list[str]]:
        """Unit codes of each entity, built on the first entity view."""
        if self._members is None:
            members: list[list[str]] = [[] for _ in self.c.entities]
            for unit, e in zip(self.c.units, self.c.unit_entity, strict=True):
                members[int(e)].append(unit.code)
            self._members = members
        return self._members

    def __call__(self, j: int) -> EntityResult:
        c = self.c
        entity = c.entities[j]
        has = bool(c.entity_has[j])
        band = _band(c, has, int(c.entity_band[j]))
        opinion: dict[str, object] = {}
        if c.opinion is not None and c.entity_opinion is not None:
            decided = c.entity_opinion[j]
            opinion = {
                "without_maladministration": decided.without_maladministration,
                "outstanding_products": decided.outstanding,
                "opinion": band and c.opinion.label(band.label, decided.without_maladministration),
                "awarded": band and band.grade in c.opinion.awarded_grades,
            }
        return EntityResult(
            code=entity.code,
            name=entity.name,
            kind=entity.kind,
            province=entity.province,
            score=c.decimal(c.entity_scaled[j]) if has else None,
            zone=band and band.zone,
            grade=band and band.grade,
            label=band and band.label,
            quality=band and band.quality,
            **opinion,
            units=tuple(self.members[j]),
            units_scored=int(c.entity_units_scored[j]),
        )


def _round(value: float, precision: int) -> Decimal:
    from .rounding import quantize

    return quantize(float(value), precision)
