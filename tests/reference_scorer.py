"""A plain-Python reference scorer: one obvious loop per unit, no numpy, no pipeline code.

It reads the pydantic models of a round and a rubric and nothing else of kepatuhan, so the
differential tests compare the vectorised pipeline with an independent reading of the
method:

* an answer is normalised to [0, 1] by its indicator's scale (1 best) and the answers of one
  unit and indicator are reduced by the indicator's respondent reduction;
* an indicator is not applicable to a unit when the unit's type is not in ``applies_to``, or
  when it has responses for the unit, none answered, all ``NOT_APPLICABLE``; it is not
  assessed when it applies and has no answered response (``zero`` counts those as 0);
* a group is the weighted mean of its children that have a score, a unit the weighted mean
  of its top-level nodes, ×100; no score anywhere below means no score (None), never 0;
* points lost by an indicator = its share of the unit's 100 points × (100 − its score);
* published scores are fixed to 9 decimals and rounded half-up at the rubric's precision; an
  entity is the mean of its units' published scores, rounded half-up again (exactly, in
  ``decimal``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kepatuhan.entities import ServiceUnit
from kepatuhan.responses import Response
from kepatuhan.round import Round
from kepatuhan.rubric import Group, Indicator, Rubric
from kepatuhan.vocab import ResponseStatus

__all__ = [
    "GUARD",
    "ReferenceResult",
    "ReferenceUnit",
    "ambiguous",
    "close",
    "half_up",
    "near_tie",
    "published",
    "score_reference",
]

NodeT = Group | Indicator


GUARD = 9
"""Decimals a float is fixed to before publication (absorbs binary noise, as documented)."""


def half_up(value: float | Decimal, precision: int) -> Decimal:
    """``value`` rounded half-up to ``precision`` decimals (floats via their repr)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else value
    return exact.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def published(value: float, precision: int) -> Decimal:
    """A raw score as published: fixed to ``GUARD`` decimals, then rounded half-up."""
    return half_up(half_up(value, GUARD), precision)


def near_tie(value: float, precision: int, tolerance: float = 1e-7) -> bool:
    """Whether ``value`` lies within ``tolerance`` of a half-way point at ``precision``."""
    scaled = Decimal(repr(value)).scaleb(precision)
    fraction = scaled - scaled.to_integral_value(rounding="ROUND_FLOOR")
    return abs(fraction - Decimal("0.5")) <= Decimal(repr(tolerance)).scaleb(precision)


def ambiguous(value: float) -> bool:
    """Whether float noise (~1e-13) may move ``value`` across a half-way point at ``GUARD``.

    Two computations of the same score then may publish different values; elsewhere the
    guard absorbs the noise, so published values must agree exactly, true ties included.
    """
    return near_tie(value, GUARD, 1e-11)


@dataclass(frozen=True)
class ReferenceUnit:
    """Everything the reference computes for one unit."""

    code: str
    entity: str
    nodes: dict[str, float | None]
    total: float | None
    points_lost: dict[str, float]
    not_applicable: frozenset[str]
    missing: frozenset[str]


@dataclass(frozen=True)
class ReferenceResult:
    """Units by code and entities' rounded scores by code."""

    precision: int
    units: dict[str, ReferenceUnit]
    entities: dict[str, Decimal | None]

    def rounded(self, unit: str) -> Decimal | None:
        """A unit's published (rounded) total."""
        total = self.units[unit].total
        return None if total is None else published(total, self.precision)


def _reduce(name: str, values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if name == "mean":
        return sum(values) / n
    if name == "median":
        return (ordered[(n - 1) // 2] + ordered[n // 2]) / 2.0
    if name == "min":
        return ordered[0]
    if name == "max":
        return ordered[-1]
    raise ValueError(f"the reference knows no reduction {name!r}")


def _normalise(indicator: Indicator, value: float) -> float:
    scale = indicator.scale
    share = (value - scale.minimum) / (scale.maximum - scale.minimum)
    return share if scale.higher_is_better else 1.0 - share


def _weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean of (weight, score) pairs; None if there are none."""
    if not pairs:
        return None
    return sum(w * s for w, s in pairs) / sum(w for w, _ in pairs)


def score_reference(rubric: Rubric, round_: Round, missing: str = "exclude") -> ReferenceResult:
    """Score ``round_`` with ``rubric`` under the ``exclude`` or ``zero`` missing policy."""
    if missing not in ("exclude", "zero"):
        raise ValueError(f"the reference supports exclude and zero, not {missing!r}")
    cells: dict[tuple[str, str], list[Response]] = defaultdict(list)
    for response in round_.responses:
        cells[response.unit, response.indicator].append(response)

    units = {u.code: _score_unit(rubric, u, cells, missing) for u in round_.units}

    precision = rubric.zoning.precision
    entities: dict[str, Decimal | None] = {}
    for entity in round_.entities:
        scores = [
            published(u.total, precision)
            for u in units.values()
            if u.entity == entity.code and u.total is not None
        ]
        if scores:
            entities[entity.code] = half_up(sum(scores) / len(scores), precision)
        else:
            entities[entity.code] = None
    return ReferenceResult(precision=precision, units=units, entities=entities)


def _score_unit(
    rubric: Rubric,
    unit: ServiceUnit,
    cells: dict[tuple[str, str], list[Response]],
    missing: str,
) -> ReferenceUnit:
    """Every node score, the total and the points lost of one unit."""
    leaf: dict[str, float | None] = {}
    not_applicable: set[str] = set()
    not_assessed: set[str] = set()
    for ind in rubric.indicators():
        rows = cells.get((unit.code, ind.id), [])
        answers = [r.value for r in rows if r.status is ResponseStatus.ANSWERED]
        by_type = ind.applies_to is None or unit.unit_type in ind.applies_to
        marked = bool(rows) and all(r.status is ResponseStatus.NOT_APPLICABLE for r in rows)
        if not by_type or (not answers and marked):
            not_applicable.add(ind.id)
            leaf[ind.id] = None
        elif not answers:
            not_assessed.add(ind.id)
            leaf[ind.id] = 0.0 if missing == "zero" else None
        else:
            reduction = ind.reduction or rubric.respondent_reduction
            values = [_normalise(ind, v) for v in answers if v is not None]
            leaf[ind.id] = 100.0 * _reduce(reduction, values)

    scores: dict[str, float | None] = {}

    def visit(node: NodeT) -> float | None:
        if isinstance(node, Indicator):
            value = leaf[node.id]
        else:
            pairs = []
            for child in node.children:
                s = visit(child)
                if s is not None:
                    pairs.append((child.weight, s))
            value = _weighted_mean(pairs)
        scores[node.id] = value
        return value

    top = []
    for node in rubric.nodes:
        s = visit(node)
        if s is not None:
            top.append((node.weight, s))

    lost: dict[str, float] = {}

    def spread(nodes: Sequence[NodeT], share: float) -> None:
        present = [n for n in nodes if scores[n.id] is not None]
        weight = sum(n.weight for n in present)
        for n in present:
            part = share * n.weight / weight
            if isinstance(n, Group):
                spread(n.children, part)
            else:
                lost[n.id] = part * (100.0 - (scores[n.id] or 0.0))

    # The total is reported on the zoning range: 0–100 mapped linearly onto [low, high].
    low, high = float(rubric.zoning.minimum), float(rubric.zoning.maximum)
    span = (high - low) / 100.0
    total = _weighted_mean(top)
    spread(rubric.nodes, span)
    return ReferenceUnit(
        code=unit.code,
        entity=unit.entity,
        nodes=scores,
        total=None if total is None else low + total * span,
        points_lost=lost,
        not_applicable=frozenset(not_applicable),
        missing=frozenset(not_assessed),
    )


def close(a: float | None, b: float | None, tolerance: float = 1e-9) -> bool:
    """Both None, or both numbers within ``tolerance``."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0.0, abs_tol=tolerance)
