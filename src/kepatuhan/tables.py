"""The tables of a scored round (``RoundResult.to_frame``), built from its arrays.

Every level is built column by column from :class:`~kepatuhan.result_columns.RoundColumns`,
with no per-unit Python objects; the published figures come from the same rounded arrays the
views and the JSON use. Column names are stable and English; docs/dataframes.md lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from ._frames import Column, Table
from .result_columns import RoundColumns
from .rounding import to_scaled_int
from .vocab import EntityKind, InputLevel, RespondentRole, UnitType, Zone
from .zoning import Band

__all__ = ["INDICATOR_STATUSES", "LEVELS", "Level", "round_table"]

Level = Literal[
    "units",
    "entities",
    "dimensions",
    "entity_dimensions",
    "indicators",
    "completeness",
    "respondents",
]
LEVELS: tuple[str, ...] = get_args(Level)
INDICATOR_STATUSES = ("assessed", "missing", "not_applicable", "dimension_input")
"""Status of a (unit, indicator) row in the ``indicators`` table."""

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def round_table(c: RoundColumns, level: str) -> Table:
    """The table of ``level`` (one of :data:`LEVELS`)."""
    builders: dict[str, Callable[[RoundColumns], Table]] = {
        "units": _units,
        "entities": _entities,
        "dimensions": _dimensions,
        "entity_dimensions": _entity_dimensions,
        "indicators": _indicators,
        "completeness": _completeness,
        "respondents": _respondents,
    }
    if level not in builders:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return builders[level](c)


# Building blocks -------------------------------------------------------------------------


def _category(name: str, codes: IntArray, categories: Sequence[str]) -> Column:
    return Column(name, "category", codes.astype(np.int32, copy=False), tuple(categories))


def _labels(name: str, which: IntArray, labels: Sequence[str]) -> Column:
    """A category column of per-position labels (which may repeat), one position per row."""
    categories = list(dict.fromkeys(labels))
    index = {v: k for k, v in enumerate(categories)}
    per_position = np.array([index[v] for v in labels] or [0], dtype=np.int64)
    return _category(name, per_position[which], categories)


def _coded(name: str, values: Sequence[str | None], categories: Sequence[str]) -> Column:
    """A category column from one value per row (``None`` = null)."""
    index = {c: k for k, c in enumerate(categories)}
    codes = np.array([-1 if v is None else index[v] for v in values], dtype=np.int32)
    return Column(name, "category", codes, tuple(categories))


def _strings(name: str, values: Sequence[str | None]) -> Column:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return Column(name, "string", arr)


def _score(name: str, scaled: IntArray, has: BoolArray, precision: int) -> Column:
    return Column(name, "score", scaled, null=~has, precision=precision)


def _int(name: str, values: npt.ArrayLike) -> Column:
    return Column(name, "int", np.asarray(values, dtype=np.int64))


def _present(values: Sequence[str | None]) -> list[str]:
    return sorted({v for v in values if v is not None})


def _band_values(band: Band) -> dict[str, str | None]:
    zone = None if band.zone is None else band.zone.value
    return {"grade": band.grade, "zone": zone, "label": band.label, "quality": band.quality}


def _band_columns(c: RoundColumns, band: npt.NDArray[np.intp], has: BoolArray) -> list[Column]:
    """grade, zone, label and quality of each row's band (null without a score or value)."""
    per_band = [_band_values(b) for b in c.bands]
    columns = []
    for name in ("grade", "zone", "label", "quality"):
        values = [v[name] for v in per_band]
        if name == "zone":
            categories = [z.value for z in Zone]
        else:  # best first, as the tables are printed
            categories = list(dict.fromkeys(v for v in reversed(values) if v is not None))
        index = {v: k for k, v in enumerate(categories)}
        codes_of_band = np.array([-1 if v is None else index[v] for v in values], dtype=np.int32)
        codes = np.where(has, codes_of_band[np.where(has, band, 0)], -1)
        columns.append(_category(name, codes, categories))
    return columns


def _unit_keys(c: RoundColumns, rows: IntArray) -> list[Column]:
    """unit and entity codes of the given unit positions."""
    return [
        _category("unit", rows, [u.code for u in c.units]),
        _category("entity", c.unit_entity[rows], [e.code for e in c.entities]),
    ]


def _top_ids(c: RoundColumns) -> tuple[list[str], list[str]]:
    top = c.top.tolist()
    return [c.node_ids[n] for n in top], [c.node_names[n] for n in top]


# Levels ------------------------------------------------------------------------------------


def _units(c: RoundColumns) -> Table:
    units = c.units
    n = len(units)
    entity = _entity_columns(c)  # one value per entity, gathered to the units below
    per_unit = c.unit_entity
    sectors = [u.sector for u in units]
    return Table(
        (
            *_unit_keys(c, np.arange(n, dtype=np.int64)),
            _strings("unit_name", [u.name for u in units]),
            Column("entity_name", "string", entity["entity_name"].values[per_unit]),
            *(
                Column(col.name, "category", col.values[per_unit], col.categories)
                for col in (entity["entity_kind"], entity["province"])
            ),
            _enum_codes("unit_type", [u.unit_type for u in units], UnitType),
            _coded("sector", sectors, _present(sectors)),
            _category(
                "input_level", c.dimension_input.astype(np.int64), [v.value for v in InputLevel]
            ),
            _score("score", c.unit_scaled, c.unit_has, c.precision),
            *_band_columns(c, c.unit_band, c.unit_has),
        )
    )


def _entity_columns(c: RoundColumns) -> dict[str, Column]:
    """Name, kind and province of each entity."""
    entities = c.entities
    provinces = [e.province for e in entities]
    return {
        "entity_name": _strings("entity_name", [e.name for e in entities]),
        "entity_kind": _enum_codes("entity_kind", [e.kind for e in entities], EntityKind),
        "province": _coded("province", provinces, _present(provinces)),
    }


def _enum_codes(name: str, members: Sequence[StrEnum], enum: type[StrEnum]) -> Column:
    """A category column of enum members, categories in the enum's order."""
    index = {member: k for k, member in enumerate(enum)}
    codes = np.fromiter(map(index.__getitem__, members), dtype=np.int32, count=len(members))
    return Column(name, "category", codes, tuple(m.value for m in enum))


def _entities(c: RoundColumns) -> Table:
    entities = c.entities
    has, band = c.entity_has, c.entity_band
    qualified, outstanding, opinions, awarded = zip(*c.entity_opinion_fields, strict=True)
    qualifier = np.array([q is True for q in qualified], dtype=bool)
    qualifier_null = np.array([q is None for q in qualified], dtype=bool)
    free = np.array([a is True for a in awarded], dtype=bool)
    awarded_null = np.array([a is None for a in awarded], dtype=bool)
    return Table(
        (
            _category(
                "entity", np.arange(len(entities), dtype=np.int64), [e.code for e in entities]
            ),
            *_entity_columns(c).values(),
            _score("score", c.entity_scaled, has, c.precision),
            *_band_columns(c, band, has),
            _int("units", [len(m) for m in c.entity_members]),
            _int("units_scored", c.entity_units_scored),
            Column("without_maladministration", "bool", qualifier, null=qualifier_null),
            _int("outstanding_products", [len(o) for o in outstanding]),
            _strings("opinion", list(opinions)),
            Column("awarded", "bool", free, null=awarded_null),
        )
    )


def _dimensions(c: RoundColumns) -> Table:
    n_units, k = c.dimension_scaled.shape
    ids, names = _top_ids(c)
    rows = np.repeat(np.arange(n_units, dtype=np.int64), k)
    which = np.tile(np.arange(k, dtype=np.int64), n_units)
    has = c.dimension_has.reshape(-1)
    with np.errstate(invalid="ignore"):
        top_lost = c.node_share[:, c.top] * c.scale_factor * (100.0 - c.node_score[:, c.top])

    return Table(
        (
            *_unit_keys(c, rows),
            _category("dimension", which, ids),
            _labels("dimension_name", which, names),
            _score("score", c.dimension_scaled.reshape(-1), has, c.precision),
            _score("contribution", c.contribution_scaled.reshape(-1), has, c.precision),
            _score(
                "points_lost", to_scaled_int(top_lost, c.precision).reshape(-1), has, c.precision
            ),
        )
    )


def _entity_dimensions(c: RoundColumns) -> Table:
    scaled, has = c.entity_dimensions
    contrib, contrib_has = c.entity_contributions
    n_ent, k = scaled.shape
    ids, _ = _top_ids(c)
    rows = np.repeat(np.arange(n_ent, dtype=np.int64), k)
    which = np.tile(np.arange(k, dtype=np.int64), n_ent)
    return Table(
        (
            _category("entity", rows, [e.code for e in c.entities]),
            _category("dimension", which, ids),
            _score("score", scaled.reshape(-1), has.reshape(-1), c.precision),
            _score("contribution", contrib.reshape(-1), contrib_has.reshape(-1), c.precision),
        )
    )


def _indicators(c: RoundColumns) -> Table:
    n_units, n_ind = c.applicable.shape
    rows = np.repeat(np.arange(n_units, dtype=np.int64), n_ind)
    which = np.tile(np.arange(n_ind, dtype=np.int64), n_units)
    # The dimension above each indicator (the top-level node, or below a part such as 2025's
    # dimensi the dimension inside it).
    is_dim = np.zeros(len(c.node_ids), dtype=bool)
    is_dim[c.top if c.dimensions is None else c.dimensions] = True
    top_of = np.arange(len(c.node_ids))
    parent = c.node_parent
    for _ in range(len(c.node_ids)):
        up = parent[top_of]
        climb = (up >= 0) & ~is_dim[top_of]
        if not climb.any():
            break
        top_of = np.where(climb, up, top_of)
    top_ids, _ = _top_ids(c)
    top_pos = {int(n): k for k, n in enumerate(c.top.tolist())}
    dimension = np.array([top_pos[int(top_of[n])] for n in c.indicator_node], dtype=np.int64)
    status = np.where(
        c.dimension_input[:, None],
        3,
        np.where(~c.applicable, 2, np.where(c.assessed, 0, 1)),
    ).reshape(-1)
    ind_nodes = c.indicator_node
    score = c.node_score[:, ind_nodes].reshape(-1)
    lost_has = c.lost_nodes[:, ind_nodes].reshape(-1)
    return Table(
        (
            *_unit_keys(c, rows),
            _category("indicator", which, list(c.indicator_ids)),
            _category("dimension", dimension[which], top_ids),
            Column("score", "float", score),
            _score("points_lost", c.lost_scaled[:, ind_nodes].reshape(-1), lost_has, c.precision),
            _category("status", status, INDICATOR_STATUSES),
        )
    )


def _completeness(c: RoundColumns) -> Table:
    n = len(c.units)
    applicable = c.applicable_count
    assessed = c.assessed_count
    missing = applicable - assessed
    return Table(
        (
            *_unit_keys(c, np.arange(n, dtype=np.int64)),
            _category(
                "input_level", c.dimension_input.astype(np.int64), [v.value for v in InputLevel]
            ),
            _int("applicable", applicable),
            _int("assessed", assessed),
            _int("missing", missing),
            _int("not_applicable", c.applicable.shape[1] - applicable),
            Column("ratio", "float", c.completeness_ratio),
            Column("complete", "bool", missing == 0),
            Column("respondents_short", "bool", c.respondents_short),
        )
    )


def _respondents(c: RoundColumns) -> Table:
    """One row per (unit, role) the rubric asks a number of respondents of."""
    required, collected = c.respondent_counts
    rows, roles = np.nonzero(required > 0)
    need, got = required[rows, roles], collected[rows, roles]
    return Table(
        (
            *_unit_keys(c, rows.astype(np.int64)),
            _category("role", roles.astype(np.int64), [r.value for r in RespondentRole]),
            _int("required", need),
            _int("collected", got),
            Column("short", "bool", got < need),
        )
    )
