"""Several assessment rounds joined into one: an Ombudsman perwakilan's workbook per Pemda,
or a Pemda's units spread over several workbooks, scored as one round.

The joined round is in a canonical order that does not depend on the order of the parts:

* entities sorted by code;
* units sorted by (their entity's position, unit code);
* responses grouped by unit in that order, each unit's rows in their original relative order
  (a unit's rows all come from one part, since unit codes are unique across the parts);
* dimension scores sorted by (unit position, dimension id);
* oversight products sorted by (entity position, reference).

So a round split into parts and joined again scores byte for byte like the whole round put in
that order, and joining a round that is already in canonical order gives it back unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any

import numpy as np
import numpy.typing as npt

from .entities import Entity, ServiceUnit
from .errors import InvalidRoundError, Problem
from .oversight import OversightProduct
from .responses import ResponseTable
from .round import Round

__all__ = ["concat_rounds"]

IntArray = npt.NDArray[np.int64]
_Named = tuple[str, Round]


def concat_rounds(
    rounds: Sequence[Round] | Mapping[str, Round], *, title: str | None = None
) -> Round:
    """One round from several rounds of the same rubric, in canonical order (module docs).

    ``rounds`` is a sequence of rounds or a mapping ``{source name: round}``; the source
    names (usually file names, else ``rounds[0]``, ``rounds[1]``…) locate every problem,
    e.g. ``b.xlsx: units[3].code``. An entity may appear in several parts only with the
    identical record (it is kept once), likewise an oversight product; a unit code may appear
    in one part only. Every clash names both parts; all problems are raised at once as
    :class:`~kepatuhan.InvalidRoundError`.

    ``title`` is the joined round's title; by default the parts' title when they all share
    one, else None. The round is ``synthetic`` if any part is; its ``note`` is the parts'
    distinct notes, in source order (names sorted for a mapping, positions for a sequence),
    separated by a blank line. Oversight products are recorded if every part records them
    (a part that does not, beside one that does, is a problem: it would read as "none issued").
    The answers are joined as columns, evidence links and collection dates included.
    """
    sources = _sources(rounds)
    if not sources:
        raise InvalidRoundError([Problem("rounds", "concat_empty", {})])
    problems = _rubric_problems(sources)
    entities, found = _entities(sources)
    problems += found
    units, found = _units(sources)
    problems += found
    products, found = _oversight(sources)
    problems += found
    if problems:
        raise InvalidRoundError(problems)

    entity_order = sorted(entities, key=lambda e: e.code)
    entity_pos = {e.code: i for i, e in enumerate(entity_order)}
    unit_order = sorted(units, key=lambda u: (entity_pos[u.entity], u.code))
    unit_pos = {u.code: i for i, u in enumerate(unit_order)}
    scores = sorted(
        (ds for _, r in sources for ds in r.dimension_scores),
        key=lambda ds: (unit_pos[ds.unit], ds.dimension),
    )
    if products is not None:
        products = sorted(products, key=lambda p: (entity_pos[p.entity], p.reference))
    titles = {r.title for _, r in sources}
    notes = [r.note for _, r in sources if r.note is not None]
    return Round(
        rubric=sources[0][1].rubric,
        title=title if title is not None else (titles.pop() if len(titles) == 1 else None),
        synthetic=any(r.synthetic for _, r in sources),
        note="\n\n".join(dict.fromkeys(notes)) or None,
        entities=tuple(entity_order),
        units=tuple(unit_order),
        responses=_responses([r.responses for _, r in sources], unit_pos),
        dimension_scores=tuple(scores),
        oversight_products=None if products is None else tuple(products),
    )


def _sources(rounds: Sequence[Round] | Mapping[str, Round]) -> list[_Named]:
    """(name, round) pairs in source order: names sorted for a mapping, positions otherwise."""
    if isinstance(rounds, Round):
        raise TypeError("concat_rounds takes a sequence or a mapping of rounds, not one Round")
    if isinstance(rounds, Mapping):
        pairs = sorted(rounds.items(), key=lambda item: item[0])
    else:
        pairs = [(f"rounds[{i}]", r) for i, r in enumerate(rounds)]
    for name, r in pairs:
        if not isinstance(r, Round):
            raise TypeError(f"{name} is a {type(r).__name__}, not a Round")
    return pairs


def _rubric_problems(sources: list[_Named]) -> list[Problem]:
    """A problem for every part whose rubric is not the one most parts name (ties: the
    first part's)."""
    counts = Counter(r.rubric for _, r in sources)
    expected = max(counts, key=lambda rubric: counts[rubric])  # first of the most common
    other = next(name for name, r in sources if r.rubric == expected)
    return [
        Problem(
            f"{name}: rubric",
            "concat_rubric_mismatch",
            {"found": r.rubric, "expected": expected, "other": other},
        )
        for name, r in sources
        if r.rubric != expected
    ]


def _shown(value: object) -> object:
    """A field value as a message shows it: enum members by value, dates in ISO form."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _differences(
    name: str, where: str, record: Any, first: tuple[str, int, Any], code: str, key: str
) -> list[Problem]:
    """A problem per field in which ``record`` differs from the first record under its key."""
    other, index, seen = first
    root = where.split("[", 1)[0]
    return [
        Problem(
            f"{name}: {where}.{field}",
            code,
            {
                "code": key,
                "other": other,
                "first": f"{root}[{index}]",
                "field": field,
                "value": _shown(getattr(record, field)),
                "first_value": _shown(getattr(seen, field)),
            },
        )
        for field in type(record).model_fields
        if getattr(record, field) != getattr(seen, field)
    ]


def _entities(sources: list[_Named]) -> tuple[list[Entity], list[Problem]]:
    """Each entity once; a code under two different records is a clash per differing field."""
    first: dict[str, tuple[str, int, Entity]] = {}
    problems: list[Problem] = []
    for name, r in sources:
        for i, entity in enumerate(r.entities):
            seen = first.get(entity.code)
            if seen is None:
                first[entity.code] = (name, i, entity)
            elif seen[2] != entity:
                where = f"entities[{i}]"
                problems += _differences(
                    name, where, entity, seen, "concat_entity_clash", entity.code
                )
    return [seen[2] for seen in first.values()], problems


def _units(sources: list[_Named]) -> tuple[list[ServiceUnit], list[Problem]]:
    """Every unit; a unit code in two parts is a clash, even with the identical record
    (its answers would be counted twice)."""
    first: dict[str, tuple[str, int]] = {}
    units: list[ServiceUnit] = []
    problems: list[Problem] = []
    for name, r in sources:
        for i, unit in enumerate(r.units):
            seen = first.get(unit.code)
            if seen is None:
                first[unit.code] = (name, i)
                units.append(unit)
            else:
                params = {"code": unit.code, "other": seen[0], "first": f"units[{seen[1]}]"}
                problems.append(Problem(f"{name}: units[{i}].code", "concat_unit_clash", params))
    return units, problems


def _oversight(sources: list[_Named]) -> tuple[list[OversightProduct] | None, list[Problem]]:
    """The products of every part (each once), None if no part records them; a part that does
    not record them beside one that does, or one reference under two records, is a problem."""
    recorded = [name for name, r in sources if r.oversight_products is not None]
    if not recorded:
        return None, []
    problems = [
        Problem(
            f"{name}: oversight_products", "concat_oversight_unrecorded", {"other": recorded[0]}
        )
        for name, r in sources
        if r.oversight_products is None
    ]
    first: dict[tuple[str, str], tuple[str, int, OversightProduct]] = {}
    for name, r in sources:
        for i, product in enumerate(r.oversight_products or ()):
            key = (product.entity, product.reference)
            seen = first.get(key)
            if seen is None:
                first[key] = (name, i, product)
            elif seen[2] != product:
                where = f"oversight_products[{i}]"
                problems += _differences(
                    name, where, product, seen, "concat_product_clash", product.reference
                )
    return [seen[2] for seen in first.values()], problems


def _merged_codes(
    codes: Sequence[tuple[str, ...]], index: Sequence[IntArray]
) -> tuple[tuple[str, ...], IntArray]:
    """The sorted union of the tables' categories and every row's index into it (-1 stays)."""
    merged = tuple(sorted(set().union(*codes)))
    position = {code: i for i, code in enumerate(merged)}
    parts = []
    for table_codes, idx in zip(codes, index, strict=True):
        if not table_codes:
            parts.append(np.full(idx.size, -1, dtype=np.int64))
            continue
        lookup = np.array([position[c] for c in table_codes], dtype=np.int64)
        parts.append(np.where(idx >= 0, lookup[np.maximum(idx, 0)], -1))
    return merged, _joined(parts)


def _joined(parts: Sequence[npt.NDArray[Any]], dtype: type = np.int64) -> npt.NDArray[Any]:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _objects(
    columns: Sequence[tuple[object, ...] | None], sizes: Sequence[int], order: IntArray
) -> tuple[Any, ...] | None:
    """An optional per-row column (evidence, dates) joined and put in ``order``; None when no
    table carries it."""
    if all(c is None for c in columns):
        return None
    joined = np.empty(sum(sizes), dtype=object)
    start = 0
    for column, size in zip(columns, sizes, strict=True):
        if column is not None:
            joined[start : start + size] = column
        start += size
    return tuple(joined[order].tolist())


def _responses(tables: Sequence[ResponseTable], unit_pos: Mapping[str, int]) -> ResponseTable:
    """The tables' columns joined, codes remapped onto merged categories, rows grouped by the
    new unit order (a stable sort keeps each unit's rows in their original order)."""
    row_unit = _joined(
        [
            np.array([unit_pos[c] for c in t.unit_codes], dtype=np.int64)[t.unit]
            if t.unit_codes
            else np.zeros(len(t), dtype=np.int64)
            for t in tables
        ]
    )
    order = np.argsort(row_unit, kind="stable")
    units, unit = _merged_codes([t.unit_codes for t in tables], [t.unit for t in tables])
    inds, indicator = _merged_codes(
        [t.indicator_codes for t in tables], [t.indicator for t in tables]
    )
    resps, respondent = _merged_codes(
        [t.respondent_codes for t in tables], [t.respondent for t in tables]
    )
    sizes = [len(t) for t in tables]
    return ResponseTable(
        unit_codes=units,
        unit=unit[order],
        indicator_codes=inds,
        indicator=indicator[order],
        respondent_codes=resps,
        respondent=respondent[order],
        role=_joined([t.role for t in tables])[order],
        value=_joined([t.value for t in tables], np.float64)[order],
        status=_joined([t.status for t in tables])[order],
        evidence=_objects([t.evidence for t in tables], sizes, order),
        collected=_objects([t.collected for t in tables], sizes, order),
    )
