"""Results of a scored round: columnar arrays, with light per-unit and per-entity views."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from pydantic import Field

from ._frames import Backend, ScoreForm
from ._model import FrozenModel
from ._version import __version__
from .entities import Entity, ServiceUnit
from .provenance import Assumption
from .result_columns import RoundColumns
from .rubric import MissingPolicy, RubricInfo
from .vocab import EntityKind, InputLevel, RespondentRole, UnitType, Zone

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas
    import polars
    import pyarrow

    from .tables import Level

__all__ = [
    "Completeness",
    "EntityResult",
    "RespondentCount",
    "ResultMeta",
    "RoundColumns",
    "RoundResult",
    "UnitResult",
]


class RespondentCount(FrozenModel):
    """Respondents of one role at a unit: how many the rubric asks, how many answered.

    ``collected`` is the most answers any one of the role's applicable indicators received
    at the unit (each respondent answers an indicator once); ``required`` the largest
    number of respondents the rubric asks for those indicators.
    """

    role: RespondentRole
    required: int = Field(ge=1, description="respondents the rubric asks per unit")
    collected: int = Field(ge=0, description="respondents who answered")

    @property
    def short(self) -> bool:
        """Fewer respondents than the rubric asks."""
        return self.collected < self.required


class Completeness(FrozenModel):
    """How much of what applies to a unit was actually assessed."""

    applicable: int = Field(description="indicators that apply to the unit")
    assessed: int = Field(description="applicable indicators with at least one answer")
    missing: tuple[str, ...] = Field(description="applicable indicators not assessed")
    not_applicable: tuple[str, ...] = Field(description="indicators left out as not applicable")
    respondents: tuple[RespondentCount, ...] = Field(
        default=(),
        description="per respondent role the rubric asks a number of: required and collected",
    )

    @property
    def ratio(self) -> float:
        """Share of applicable indicators assessed (1.0 when nothing applies)."""
        return 1.0 if self.applicable == 0 else self.assessed / self.applicable

    @property
    def complete(self) -> bool:
        """Every applicable indicator assessed (respondent counts aside: see
        :attr:`respondents_short`)."""
        return not self.missing

    @property
    def respondents_short(self) -> tuple[RespondentCount, ...]:
        """The roles with fewer respondents than the rubric asks."""
        return tuple(r for r in self.respondents if r.short)


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
        description="dimension id (and part id, e.g. 2025's dimensi) → rounded 0–100 score"
    )
    contributions: dict[str, Decimal | None] = Field(
        description="dimension id (and part id: 2025's dimensi on 0–70) → rounded weighted "
        "contribution to the total; the dimensions alone add up to it (above "
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
    dimensions: dict[str, Decimal | None] = Field(
        default_factory=dict,
        description="top-level node id → the rubric's roll-up of the units' rounded 0–100 "
        "dimension scores (over the units that have the dimension)",
    )
    contributions: dict[str, Decimal | None] = Field(
        default_factory=dict,
        description="top-level node id → the roll-up of the units' rounded contributions (a "
        "unit without the dimension counts 0)",
    )
    points_lost: dict[str, Decimal] = Field(
        default_factory=dict,
        description="node id → the roll-up of the units' rounded points lost at it, largest "
        "first (indicators; dimensions for units given as dimension scores)",
    )


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


T = TypeVar("T")


class _LazyViews(Sequence[T], Generic[T]):
    """A sequence whose items are built on first access and then kept."""

    def __init__(self, count: int, build: Callable[[int], T]) -> None:
        self._count = count
        self._build = build
        self._cache: list[T | None] = [None] * count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if not isinstance(index, int) or not 0 <= index < self._count:
            index = range(self._count)[index]
        item = self._cache[index]
        if item is None:
            item = self._cache[index] = self._build(index)
        return item

    def __iter__(self) -> Iterator[T]:
        cache, build = self._cache, self._build
        for i in range(self._count):
            item = cache[i]
            if item is None:
                item = cache[i] = build(i)
            yield item

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
            from .result_views import EntityViews, UnitViews

            assert columns is not None
            self.units = _LazyViews(len(columns.units), UnitViews(columns))
            self.entities = _LazyViews(len(columns.entities), EntityViews(columns))

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
        """Deterministic JSON of the whole result: the JSON of :meth:`model`, written
        straight from the arrays (no per-unit objects) unless ``indent`` is given."""
        if indent is None and self._columns is not None and self._model is None:
            from .result_json import round_json

            return round_json(self._columns)
        return self.model().model_dump_json(indent=indent)

    @overload
    def to_frame(
        self, level: Level = ..., *, backend: Literal["pandas"] = ..., scores: ScoreForm = ...
    ) -> pandas.DataFrame: ...
    @overload
    def to_frame(
        self, level: Level = ..., *, backend: Literal["polars"], scores: ScoreForm = ...
    ) -> polars.DataFrame: ...
    @overload
    def to_frame(
        self, level: Level = ..., *, backend: Literal["pyarrow"], scores: ScoreForm = ...
    ) -> pyarrow.Table: ...
    @overload
    def to_frame(
        self, level: Level = ..., *, backend: Literal["numpy"], scores: ScoreForm = ...
    ) -> dict[str, npt.NDArray[Any]]: ...
    def to_frame(
        self, level: Level = "units", *, backend: Backend = "pandas", scores: ScoreForm = "float"
    ) -> Any:
        """One table of the result, built straight from its arrays.

        ``level``: ``units``, ``entities``, ``dimensions`` (unit × dimension),
        ``entity_dimensions``, ``indicators`` (unit × indicator) or ``completeness``.
        ``backend``: ``pandas``, ``polars``, ``pyarrow`` (an Arrow table, which any Arrow
        reader takes without a copy) or ``numpy`` (a dict of arrays). Codes are categorical;
        published figures are floats holding the exact rounded value, or ``Decimal`` objects
        or strings with ``scores="decimal"`` / ``"string"``. The columns are listed in
        docs/dataframes.md. Needs the backend's library (``pip install
        "kepatuhan[frames]"``), except for ``numpy``.
        """
        from .tables import round_table

        return round_table(self._arrays("tables"), level).convert(backend, scores=scores)

    def summary(
        self,
        *,
        by: str | Sequence[str] | None = "entity_kind",
        level: Literal["entities", "units"] = "entities",
        count: Literal["grade", "zone", "label", "quality"] = "grade",
        backend: Backend = "pandas",
    ) -> Any:
        """How many entities (or units) got each grade (or zone, label, quality) per group.

        ``by`` names category columns of the ``entities`` (or ``units``) table:
        ``entity_kind`` (default), ``province``, both as a list, or ``None`` for the whole
        round. One row per group and category (zero counts included), with ``count`` and
        ``share``: the percentage of the group at two decimals, adding up to exactly 100.00.
        Members without a score are counted in a null category row. ``backend`` as for
        :meth:`to_frame`.
        """
        from .summaries import summary_table

        table = summary_table(self._arrays("summaries"), by=by, level=level, count=count)
        return table.convert(backend)

    def ranking(
        self,
        *,
        by: str | Sequence[str] | None = "entity_kind",
        level: Literal["entities", "units"] = "entities",
        backend: Backend = "pandas",
        scores: ScoreForm = "float",
    ) -> Any:
        """Entities (or units) ranked by published score within each ``by`` group.

        Highest score first; equal published scores share a rank and the next rank skips
        (1, 2, 2, 4); ties are listed by code. Members without a score come last with no
        rank. So the first ``n`` ranks of a group are exactly its members in the top band
        when ``n`` is that band's count in :meth:`summary`.
        """
        from .summaries import ranking_table

        table = ranking_table(self._arrays("rankings"), by=by, level=level)
        return table.convert(backend, scores=scores)

    def _arrays(self, what: str) -> RoundColumns:
        if self._columns is None:
            raise ValueError(
                f"a result read from JSON holds no arrays for {what}; score the round again"
            )
        return self._columns

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
