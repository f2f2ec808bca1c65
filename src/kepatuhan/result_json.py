"""The JSON of a scored round, written straight from its arrays.

``RoundResult.to_json()`` is the result's pydantic model dumped as JSON. Building every unit's
model first costs far more than the scoring itself, so the text is assembled here from the
per-round arrays instead: every figure is formatted once per distinct value, each unit's
objects are filled into fixed templates, and strings, floats and the round's metadata are
encoded by pydantic's own serialiser. The bytes are the model's, byte for byte (a test
compares them on generated rounds); an indented dump still goes through the model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum
from operator import add
from typing import Any

import numpy as np
import numpy.typing as npt
import pydantic_core

from ._frames import decimals, distinct
from .result_columns import RoundColumns
from .results import EntityResult, UnitResult

__all__ = ["round_json"]

ObjectArray = npt.NDArray[np.object_]


def _text(value: Any) -> str:
    """One value as pydantic writes it in JSON (a float that is not finite as null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "null"
    return pydantic_core.to_json(value).decode()


def _key(name: str) -> str:
    """``"name":`` for a template, with ``%`` escaped for %-formatting."""
    return _text(name).replace("%", "%%") + ":"


def _template(fields: Sequence[str]) -> str:
    return "{" + ",".join(_key(f) + "%s" for f in fields) + "}"


def _decimal_texts(
    scaled: npt.NDArray[np.int64], has: npt.NDArray[np.bool_], precision: int
) -> ObjectArray:
    """``"12.34"`` (quoted, as pydantic writes a Decimal) for each scaled integer, ``null``
    where ``has`` is false; one string per distinct value."""
    uniq, inverse = distinct(scaled.reshape(-1))
    made = np.empty(uniq.size + 1, dtype=object)
    made[:-1] = [f'"{text}"' for text in decimals(uniq, precision, text=True).tolist()]
    made[-1] = "null"
    out: ObjectArray = made[np.where(has.reshape(-1), inverse, uniq.size).reshape(scaled.shape)]
    return out


def _optional(values: Sequence[Any]) -> list[str]:
    """JSON of each value (enum members by value), cached by value."""
    seen: dict[Any, str] = {}
    out = []
    for v in values:
        key = v.value if isinstance(v, Enum) else v
        text = seen.get(key)
        if text is None:
            text = seen[key] = _text(key)
        out.append(text)
    return out


def _float_rows(matrix: npt.NDArray[np.float64]) -> list[list[str]]:
    """Each row's floats as pydantic writes them (NaN as null), from one serialiser call."""
    if matrix.shape[1] == 0:
        return [[] for _ in range(matrix.shape[0])]
    text = pydantic_core.to_json(matrix.tolist(), inf_nan_mode="null").decode()
    if "N" in text or "I" in text:  # pydantic-core before 2.2x writes NaN despite the mode
        text = text.replace("-Infinity", "null").replace("Infinity", "null").replace("NaN", "null")
    return [row.split(",") for row in text[2:-2].split("],[")] if matrix.shape[0] else []


def _list_texts(ids_per_row: Sequence[tuple[str, ...]]) -> list[str]:
    """``["a","b"]`` of each row's ids (each id encoded once)."""
    encoded: dict[str, str] = {}
    out = []
    for ids in ids_per_row:
        if not ids:
            out.append("[]")
            continue
        for i in ids:
            if i not in encoded:
                encoded[i] = _text(i)
        out.append("[" + ",".join(encoded[i] for i in ids) + "]")
    return out


def _ordered_objects(
    keys: Sequence[str],
    texts: ObjectArray,
    order: npt.NDArray[np.intp],
    counts: Sequence[int],
) -> list[str]:
    """Per row, ``{"k":v,…}`` over the first ``counts[i]`` positions of ``order[i]``."""
    if texts.shape[1] == 0:
        return ["{}"] * texts.shape[0]
    key_texts = np.empty(len(keys), dtype=object)
    key_texts[:] = [_text(k) + ":" for k in keys]
    rows = np.arange(texts.shape[0])[:, None]
    pairs = np.frompyfunc(add, 2, 1)(key_texts[order], texts[rows, order])
    return [
        "{" + ",".join(pair_row[:n]) + "}"
        for pair_row, n in zip(pairs.tolist(), counts, strict=True)
    ]


def _fixed_objects(keys: Sequence[str], texts: ObjectArray) -> list[str]:
    """Per row, ``{"k1":v1,"k2":v2,…}`` with the keys in their order."""
    template = _template(keys)
    return [template % tuple(row) for row in texts.tolist()]


def round_json(c: RoundColumns) -> str:
    """The whole result as JSON, the same text as ``RoundResultModel.model_dump_json()``."""
    meta = c.meta.model_dump_json()
    units = _units_json(c)
    entities = _entities_json(c)
    return f'{meta[:-1]},"units":[{",".join(units)}],"entities":[{",".join(entities)}]}}'


def _units_json(c: RoundColumns) -> list[str]:
    n = len(c.units)
    if n == 0:
        return []
    p = c.precision
    top_ids = [c.node_ids[k] for k in c.top.tolist()]
    bands = [_optional([b.zone, b.grade, b.label, b.quality]) for b in c.bands]
    no_band = ["null"] * 4
    band_of = [bands[b] if h else no_band for b, h in zip(c.unit_band.tolist(),
               c.unit_has.tolist(), strict=True)]  # fmt: skip
    score = _decimal_texts(c.unit_scaled, c.unit_has, p).tolist()
    dims = _fixed_objects(top_ids, _decimal_texts(c.dimension_scaled, c.dimension_has, p))
    contribs = _fixed_objects(top_ids, _decimal_texts(c.contribution_scaled, c.dimension_has, p))
    node_template = _template(c.node_ids)
    nodes = [node_template % tuple(row) for row in _float_rows(c.node_score)]
    lost_counts = c.lost_nodes.sum(axis=1).tolist()
    lost = _ordered_objects(
        c.node_ids, _decimal_texts(c.lost_scaled, c.lost_nodes, p), c.lost_order, lost_counts
    )
    missing = _list_texts(c.missing_ids)
    not_applicable = _list_texts(c.not_applicable_ids)
    completeness_template = _template(
        ["applicable", "assessed", "missing", "not_applicable", "respondents"]
    )
    respondent_template = _template(["role", "required", "collected"])
    respondents = [
        "[" + ",".join(respondent_template % (_text(r.value), n, k) for r, n, k in row) + "]"
        for row in c.respondent_rows
    ]
    unit_template = _template(list(UnitResult.model_fields))
    entity_text = _optional([e.code for e in c.entities])
    kinds = {v: _text(v.value) for v in {u.unit_type for u in c.units}}
    levels = ['"indicator"', '"dimension"']
    out = []
    for i, unit in enumerate(c.units):
        completeness = completeness_template % (
            c.applicable_count[i],
            c.assessed_count[i],
            missing[i],
            not_applicable[i],
            respondents[i],
        )
        out.append(
            unit_template
            % (
                _text(unit.code),
                _text(unit.name),
                entity_text[c.unit_entity[i]],
                kinds[unit.unit_type],
                levels[int(c.dimension_input[i])],
                score[i],
                *band_of[i],
                dims[i],
                contribs[i],
                nodes[i],
                lost[i],
                completeness,
            )
        )
    return out


def _entities_json(c: RoundColumns) -> list[str]:
    n = len(c.entities)
    if n == 0:
        return []
    p = c.precision
    top_ids = [c.node_ids[k] for k in c.top.tolist()]
    score = _decimal_texts(c.entity_scaled, c.entity_has, p).tolist()
    bands = [_optional([b.zone, b.grade, b.label, b.quality]) for b in c.bands]
    dims = _fixed_objects(top_ids, _decimal_texts(*c.entity_dimensions, p))
    contribs = _fixed_objects(top_ids, _decimal_texts(*c.entity_contributions, p))
    lost_scaled, lost_has = c.entity_lost
    lost = _ordered_objects(
        c.node_ids,
        _decimal_texts(lost_scaled, lost_has, p),
        c.entity_lost_order,
        lost_has.sum(axis=1).tolist(),
    )
    kinds = {v: _text(v.value) for v in {e.kind for e in c.entities}}
    template = _template(list(EntityResult.model_fields))
    out = []
    for j, entity in enumerate(c.entities):
        has = bool(c.entity_has[j])
        opinion = [_text(value) for value in c.entity_opinion_fields[j]]
        out.append(
            template
            % (
                _text(entity.code),
                _text(entity.name),
                kinds[entity.kind],
                _text(entity.province),
                score[j],
                *(bands[c.entity_band[j]] if has else ("null",) * 4),
                *opinion,
                _text(c.entity_members[j]),
                c.entity_units_scored[j],
                dims[j],
                contribs[j],
                lost[j],
            )
        )
    return out
