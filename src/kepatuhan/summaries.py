"""National summaries and rankings of a scored round: the tables Ombudsman publishes.

* :func:`summary_table` — how many entities (or units) got each grade or zone, by entity kind,
  province or any other category column, with shares that add up to exactly 100;
* :func:`ranking_table` — entities (or units) ranked by published score within each group.

Both count the published (rounded) scores and bands, so a ranking and a summary of the same
result always agree: in a ranking, the rows of the top band are exactly the first ``n``
ranks, ``n`` being that band's count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from ._frames import Column, Table
from .result_columns import RoundColumns
from .tables import round_table

__all__ = ["COUNTABLE", "SHARE_DECIMALS", "Countable", "ranking_table", "summary_table"]

Countable = Literal["grade", "zone", "label", "quality"]
COUNTABLE: tuple[str, ...] = get_args(Countable)
SHARE_DECIMALS = 2
"""Shares are percentages at two decimals, rounded so that each group adds up to 100.00."""

IntArray = npt.NDArray[np.int64]


def _levels_table(c: RoundColumns, level: str) -> Table:
    if level not in ("entities", "units"):
        raise ValueError(f"level must be 'entities' or 'units', not {level!r}")
    return round_table(c, level)


def _group_columns(table: Table, by: str | Sequence[str] | None, level: str) -> list[Column]:
    names = [] if by is None else [by] if isinstance(by, str) else list(by)
    columns = {c.name: c for c in table.columns}
    groups = []
    for name in names:
        col = columns.get(name)
        if col is None or col.kind != "category":
            usable = ", ".join(c.name for c in table.columns if c.kind == "category")
            raise ValueError(f"cannot group {level} by {name!r}; use one of: {usable}")
        groups.append(col)
    return groups


def _group_keys(groups: list[Column], n: int) -> tuple[IntArray, list[tuple[int, ...]]]:
    """A group number per row (groups in category order; null sorts last) and each group's
    code tuple. Groups with no row are left out."""
    if not groups:
        return np.zeros(n, dtype=np.int64), [()]
    shifted = [np.where(g.values < 0, len(g.categories), g.values).astype(np.int64) for g in groups]
    dims = tuple(len(g.categories) + 1 for g in groups)
    flat = np.ravel_multi_index(tuple(shifted), dims)
    present, key = np.unique(flat, return_inverse=True)
    codes = [
        tuple(int(k) if k < len(g.categories) else -1 for k, g in zip(combo, groups, strict=True))
        for combo in zip(*np.unravel_index(present, dims), strict=True)
    ]
    return key.reshape(-1).astype(np.int64), codes


def _shares(counts: IntArray, decimals: int) -> IntArray:
    """Percentages of each row of ``counts`` in units of 10**-decimals, adding up to exactly
    100 per row (largest remainder; ties go to the earlier column)."""
    total = counts.sum(axis=1, keepdims=True)
    unit = 100 * 10**decimals
    exact = counts * unit  # numerators over ``total``
    safe = np.maximum(total, 1)
    floor = exact // safe
    remainder = exact - floor * safe
    short = np.where(total[:, 0] > 0, unit - floor.sum(axis=1), 0)
    order = np.lexsort((np.arange(counts.shape[1])[None, :].repeat(len(counts), 0), -remainder))
    bonus = np.zeros_like(floor)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(counts.shape[1])[None, :], axis=1)
    bonus[ranks < short[:, None]] = 1
    shares: IntArray = floor + bonus
    return shares


def summary_table(
    c: RoundColumns,
    *,
    by: str | Sequence[str] | None = "entity_kind",
    level: str = "entities",
    count: str = "grade",
) -> Table:
    """Counts and shares of each ``count`` category (grade, zone, label, quality) per group.

    One row per group and category, every category of the rubric listed (zero counts too),
    in the categories' order (best first); a ``null`` category row counts the members
    without a score or without that category, when there are any. ``share`` is the
    percentage of the group, two decimals, adding up to exactly 100.00 per group.
    """
    if count not in COUNTABLE:
        raise ValueError(f"count must be one of {', '.join(COUNTABLE)}, not {count!r}")
    table = _levels_table(c, level)
    groups = _group_columns(table, by, level)
    counted = next(col for col in table.columns if col.name == count)
    n_cat = len(counted.categories)
    key, codes = _group_keys(groups, len(table))
    cat = np.where(counted.values < 0, n_cat, counted.values).astype(np.int64)
    counts = np.bincount(key * (n_cat + 1) + cat, minlength=len(codes) * (n_cat + 1))
    counts = counts.reshape(len(codes), n_cat + 1)
    shares = _shares(counts, SHARE_DECIMALS)
    with_null = bool(counts[:, n_cat].any())
    width = n_cat + 1 if with_null else n_cat
    rows_group = np.repeat(np.arange(len(codes)), width)
    rows_cat = np.tile(np.arange(width), len(codes))
    columns = [
        Column(
            g.name,
            "category",
            np.array([codes[r][i] for r in rows_group.tolist()], dtype=np.int32),
            g.categories,
        )
        for i, g in enumerate(groups)
    ]
    columns += [
        Column(
            count,
            "category",
            np.where(rows_cat < n_cat, rows_cat, -1).astype(np.int32),
            counted.categories,
        ),
        Column("count", "int", counts[:, :width].reshape(-1).astype(np.int64)),
        Column(
            "share",
            "score",
            shares[:, :width].reshape(-1).astype(np.int64),
            null=np.zeros(rows_cat.size, dtype=bool),
            precision=SHARE_DECIMALS,
        ),
    ]
    return Table(tuple(columns))


def ranking_table(
    c: RoundColumns, *, by: str | Sequence[str] | None = "entity_kind", level: str = "entities"
) -> Table:
    """Members ranked by published score within each group, best first.

    Rows are ordered by group, then score (highest first), then code. Equal published
    scores share a rank, and the next rank skips (1, 2, 2, 4: "competition" ranking), so
    the members of the top ``n`` ranks are exactly those scoring at least the ``n``-th.
    Members without a score come last in their group, with no rank.
    """
    table = _levels_table(c, level)
    groups = _group_columns(table, by, level)
    key, _ = _group_keys(groups, len(table))
    if level == "entities":
        scaled, has, name = c.entity_scaled, c.entity_has, "entity"
        codes = [e.code for e in c.entities]
    else:
        scaled, has, name = c.unit_scaled, c.unit_has, "unit"
        codes = [u.code for u in c.units]
    code_rank = np.argsort(np.argsort(np.array(codes, dtype=object), kind="stable"))
    order = np.lexsort((code_rank, -np.where(has, scaled, np.iinfo(np.int64).min // 2), ~has, key))
    k, s, h = key[order], scaled[order], has[order]
    position = np.arange(order.size)
    group_start = np.r_[0, np.flatnonzero(k[1:] != k[:-1]) + 1]
    start_of = np.repeat(group_start, np.diff(np.r_[group_start, order.size]))
    new_score = np.r_[True, (k[1:] != k[:-1]) | (s[1:] != s[:-1]) | (h[1:] != h[:-1])]
    first = np.maximum.accumulate(np.where(new_score, position, 0))
    rank = first - start_of + 1
    wanted = {col.name: col for col in table.columns}
    keep = [g.name for g in groups] + [
        n
        for n in (
            name,
            f"{name}_name",
            "entity_kind",
            "province",
            "score",
            "grade",
            "zone",
            "label",
        )
        if n not in {g.name for g in groups}
    ]
    columns = [Column("rank", "int", rank.astype(np.int64), null=~h)]
    for n in keep:
        col = wanted[n]
        columns.append(
            Column(
                col.name,
                col.kind,
                col.values[order],
                col.categories,
                None if col.null is None else col.null[order],
                col.precision,
            )
        )
    return Table(tuple(columns))
