"""Where an entity's points went: its score as an exact sum of unit × dimension contributions.

Only the built-in ``mean_of_units`` roll-up decomposes: the entity's unrounded score is then
the bottom of the scale plus the sum, over its scored units ``u`` and their dimensions ``d``,
of ``score[u, d] · share[u, d] · scale / n``. The parts are summed as exact fractions of the
pipeline's unrounded floats, so they add up to the unrounded entity score with no drift; the
published score differs from it by the units' rounding and the roll-up's final rounding, both
reported. Any other roll-up (a plugin's, even if it is a mean) is refused with a located error:
its arithmetic is not known here.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import Field

from ._frames import Backend, Column, Table
from ._model import FrozenModel
from .errors import InvalidInputError, Problem
from .result_columns import RoundColumns
from .results import RoundResult
from .strategies import BUILTINS

__all__ = [
    "DimensionAttribution",
    "EntityAttribution",
    "UnitAttribution",
    "WeakestUnit",
    "attribution",
]

IntArray = npt.NDArray[np.int64]

DECOMPOSABLE_ROLLUPS = ("mean_of_units",)
"""The roll-ups whose entity score is an exact sum of unit × dimension parts."""


class UnitAttribution(FrozenModel):
    """What one scored unit adds to its entity's unrounded score, and what it costs it."""

    unit: str
    score: Decimal = Field(description="the unit's published score")
    unrounded: float = Field(description="the unit's unrounded score on the reporting scale")
    contributions: dict[str, float] = Field(
        description="dimension id → points the unit adds to the entity's unrounded score "
        "above the bottom of the scale (0 where the dimension does not apply to it)"
    )
    costs: dict[str, float] = Field(
        description="dimension id → points the unit's shortfall at the dimension costs the "
        "entity against a perfect score"
    )
    contribution: float = Field(description="sum of ``contributions``")
    cost: float = Field(description="sum of ``costs``")
    reaches_next_band: bool | None = Field(
        description="whether recovering ``cost`` alone lifts the entity's unrounded score to "
        "the next band's lower edge; None in the top band"
    )


class DimensionAttribution(FrozenModel):
    """What one dimension adds to the entity's unrounded score over all its units."""

    dimension: str
    name: str
    contribution: float
    cost: float
    reaches_next_band: bool | None = Field(
        description="whether recovering ``cost`` alone lifts the entity's unrounded score to "
        "the next band's lower edge; None in the top band"
    )


class WeakestUnit(FrozenModel):
    """The unit that pulled the entity down most, against the entity's median unit.

    The median unit is the middle unit by published score (ties by code); with an even
    number of units, the upper of the two middle ones.
    """

    unit: str
    score: Decimal
    median_unit: str
    median_score: Decimal
    lift: float = Field(
        description="rise of the entity's unrounded score if the unit's figures were the "
        "median unit's: (median unrounded − unit unrounded) / units scored"
    )
    score_after: Decimal = Field(
        description="the entity's published score with the unit's published score replaced "
        "by the median unit's, through the roll-up"
    )
    published_lift: Decimal = Field(description="``score_after`` − the published score")


class EntityAttribution(FrozenModel):
    """An entity's score split into unit × dimension parts (see the module docstring).

    Identities (exact before conversion to float; the floats agree to 1e-9):
    ``unrounded = bottom + Σ units' contribution``, ``cost = perfect − unrounded``,
    ``score = unrounded + unit_rounding + final_rounding``.
    """

    entity: str
    rubric: str
    entity_rollup: str
    precision: int
    units_scored: int
    score: Decimal = Field(description="the entity's published score")
    bottom: Decimal = Field(description="the bottom of the reporting scale")
    perfect: Decimal = Field(description="the top of the reporting scale")
    unrounded: float = Field(description="mean of the units' unrounded scores")
    unit_rounding: float = Field(
        description="mean of the units' published scores − ``unrounded``: what rounding each "
        "unit to the published precision moved"
    )
    final_rounding: float = Field(
        description="``score`` − mean of the units' published scores: the roll-up's rounding"
    )
    cost: float = Field(description="``perfect`` − ``unrounded``")
    band: str = Field(description="label of the entity's band")
    next_band: str | None = Field(description="label of the band above; None in the top band")
    next_band_lower: Decimal | None
    to_next_band: float | None = Field(
        description="``next_band_lower`` − ``unrounded``: points short of the next band"
    )
    dimensions: tuple[DimensionAttribution, ...]
    units: tuple[UnitAttribution, ...] = Field(description="scored units, in the round's order")
    weakest: WeakestUnit

    def to_json(self, *, indent: int | None = None) -> str:
        """Deterministic JSON (same attribution, same bytes)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> EntityAttribution:
        """Read what :meth:`to_json` wrote."""
        return cls.model_validate_json(data)

    def to_frame(self, *, backend: Backend = "pandas") -> Any:
        """The unit × dimension parts as a table: one row per scored unit and dimension (in
        the round's and the rubric's order) with ``unit``, ``dimension``, ``contribution``
        and ``cost`` (unrounded points of the entity's score). ``backend`` as for
        :meth:`RoundResult.to_frame <kepatuhan.RoundResult.to_frame>`."""
        dims = [d.dimension for d in self.dimensions]
        units = [u.unit for u in self.units]
        n, k = len(units), len(dims)
        gain = [u.contributions[d] for u in self.units for d in dims]
        loss = [u.costs[d] for u in self.units for d in dims]
        table = Table(
            (
                Column(
                    "unit", "category", np.repeat(np.arange(n, dtype=np.int32), k), tuple(units)
                ),
                Column(
                    "dimension", "category", np.tile(np.arange(k, dtype=np.int32), n), tuple(dims)
                ),
                Column("contribution", "float", np.array(gain, dtype=np.float64)),
                Column("cost", "float", np.array(loss, dtype=np.float64)),
            )
        )
        return table.convert(backend)


def _refuse(location: str, problem: str, /, **params: object) -> InvalidInputError:
    return InvalidInputError([Problem(location, problem, params)])


def _columns(result: RoundResult, entity: str) -> tuple[RoundColumns, int]:
    try:
        c = result.columns
    except AttributeError:
        raise _refuse("result", "attribution_no_arrays") from None
    name = c.meta.entity_rollup
    rollup = c.rollup_function
    if name not in DECOMPOSABLE_ROLLUPS or rollup is not BUILTINS.find("entity_rollup", name):
        raise _refuse(
            "entity_rollup",
            "attribution_rollup",
            name=name,
            known=", ".join(DECOMPOSABLE_ROLLUPS),
        )
    codes = [e.code for e in c.entities]
    if entity not in codes:
        raise _refuse("entity", "attribution_unknown_entity", code=entity)
    e = codes.index(entity)
    if not c.entity_has[e]:
        raise _refuse(f"entities[{e}]", "attribution_no_score", code=entity)
    return c, e


def attribution(result: RoundResult, *, entity: str) -> EntityAttribution:
    """Where the points of ``entity`` (a code) went in a scored ``result``.

    Needs the result's arrays (a result from :func:`~kepatuhan.score`, not one read from
    JSON) and the ``mean_of_units`` roll-up; raises :class:`~kepatuhan.InvalidInputError`
    otherwise, for an unknown entity code, for an entity without a score and for a unit
    given a rapor figure for a part above the dimensions (2025's ``dimensi``).
    """
    c, e = _columns(result, entity)
    members = np.flatnonzero((c.unit_entity == e) & c.unit_has)
    n = len(members)
    low, high = c.meta.score_range
    scale = Fraction(high - low) / 100
    top = c.top if c.dimensions is None else c.dimensions  # dimensions add up to the total
    parts = np.setdiff1d(c.top, top)  # parts of the total above the dimensions (2025's dimensi)
    if c.figure_nodes is not None and parts.size:  # a unit given a part has no split
        beside = c.figure_nodes[np.ix_(members, parts)]
        for row in np.flatnonzero(beside.any(axis=1)).tolist():
            m = int(members[row])
            nodes = ", ".join(c.node_ids[int(k)] for k in parts[beside[row]].tolist())
            raise _refuse(
                f"units[{m}]",
                "attribution_group_figures",
                unit=c.units[m].code,
                code=entity,
                nodes=nodes,
            )
    dims = [c.node_ids[int(t)] for t in top.tolist()]
    scores = c.node_score[np.ix_(members, top)]
    shares = c.node_share[np.ix_(members, top)]

    unit_parts: list[tuple[list[Fraction], list[Fraction]]] = []
    for i in range(n):
        gains, losses = [], []
        for d in range(len(dims)):
            s, w = float(scores[i, d]), float(shares[i, d])
            if np.isnan(s) or w == 0.0:
                gains.append(Fraction(0))
                losses.append(Fraction(0))
                continue
            weight = Fraction(w) * scale / n
            gains.append(Fraction(s) * weight)
            losses.append((100 - Fraction(s)) * weight)
        unit_parts.append((gains, losses))

    unrounded = Fraction(low) + sum((sum(g, Fraction(0)) for g, _ in unit_parts), Fraction(0))
    scaled = c.unit_scaled[members]
    step = Fraction(1, 10**c.precision)
    mean_rounded = Fraction(int(scaled.sum())) * step / n
    score = Fraction(int(c.entity_scaled[e])) * step
    band_index = int(c.entity_band[e])
    nxt = c.bands[band_index + 1] if band_index + 1 < len(c.bands) else None
    gap = None if nxt is None else Fraction(nxt.lower) - unrounded

    def reaches(cost: Fraction) -> bool | None:
        return None if gap is None else cost >= gap

    units = []
    for i, m in enumerate(members.tolist()):
        gains, losses = unit_parts[i]
        cost = sum(losses, Fraction(0))
        units.append(
            UnitAttribution(
                unit=c.units[m].code,
                score=c.decimal(int(c.unit_scaled[m])),
                unrounded=float(c.unit_raw[m]),
                contributions={d: float(g) for d, g in zip(dims, gains, strict=True)},
                costs={d: float(x) for d, x in zip(dims, losses, strict=True)},
                contribution=float(sum(gains, Fraction(0))),
                cost=float(cost),
                reaches_next_band=reaches(cost),
            )
        )
    dimensions = []
    for d, dim in enumerate(dims):
        gain = sum((p[0][d] for p in unit_parts), Fraction(0))
        loss = sum((p[1][d] for p in unit_parts), Fraction(0))
        dimensions.append(
            DimensionAttribution(
                dimension=dim,
                name=c.node_names[int(top[d])],
                contribution=float(gain),
                cost=float(loss),
                reaches_next_band=reaches(loss),
            )
        )
    return EntityAttribution(
        entity=entity,
        rubric=c.meta.rubric.id,
        entity_rollup=c.meta.entity_rollup,
        precision=c.precision,
        units_scored=n,
        score=c.decimal(int(c.entity_scaled[e])),
        bottom=low,
        perfect=high,
        unrounded=float(unrounded),
        unit_rounding=float(mean_rounded - unrounded),
        final_rounding=float(score - mean_rounded),
        cost=float(Fraction(high) - unrounded),
        band=c.bands[band_index].label,
        next_band=None if nxt is None else nxt.label,
        next_band_lower=None if nxt is None else nxt.lower,
        to_next_band=None if gap is None else float(gap),
        dimensions=tuple(dimensions),
        units=tuple(units),
        weakest=_weakest(c, e, members),
    )


def _weakest(c: RoundColumns, e: int, members: IntArray) -> WeakestUnit:
    """The lowest unit by unrounded score (ties by code) against the median unit."""
    codes = [c.units[m].code for m in members.tolist()]
    raw = c.unit_raw[members].tolist()
    scaled = c.unit_scaled[members]
    weak = min(range(len(codes)), key=lambda i: (raw[i], codes[i]))
    by_score = sorted(range(len(codes)), key=lambda i: (int(scaled[i]), codes[i]))
    mid = by_score[len(codes) // 2]
    replaced = scaled.copy()
    replaced[weak] = scaled[mid]
    group = np.zeros(len(codes), dtype=np.int64)
    after, _ = c.rollup_function(group, replaced, np.ones(len(codes), dtype=bool), 1)
    score_after = c.decimal(int(after[0]))
    return WeakestUnit(
        unit=codes[weak],
        score=c.decimal(int(scaled[weak])),
        median_unit=codes[mid],
        median_score=c.decimal(int(scaled[mid])),
        lift=float((Fraction(raw[mid]) - Fraction(raw[weak])) / len(codes)),
        score_after=score_after,
        published_lift=score_after - c.decimal(int(c.entity_scaled[e])),
    )
