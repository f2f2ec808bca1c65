"""Every number of a scored round as arrays, and the published (rounded) forms derived from
them once per round, vectorised, when first asked for.

The per-unit and per-entity views, the tables (``to_frame``), JSON and the exports all read
the same derived arrays, so a figure is rounded once and the same way wherever it appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._frames import decimals
from .entities import Entity, ServiceUnit
from .opinion import OpinionRule
from .oversight import EntityOpinion
from .rounding import to_scaled_int
from .strategies import EntityRollup, rollup_for
from .vocab import RespondentRole
from .zoning import Band

__all__ = ["RoundColumns"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

_ROLES = tuple(RespondentRole)  # in the order of the role codes

if TYPE_CHECKING:
    from .results import ResultMeta


@dataclass(frozen=True)
class RoundColumns:
    """Every number of a scored round as arrays; rows follow the round's units and entities.

    The fields are what scoring computed. The properties below them are derived on first
    use and kept: rounded dimension scores, contributions and points lost per unit, their
    roll-up to entities, and completeness counts.
    """

    meta: ResultMeta
    bands: tuple[Band, ...]
    node_ids: tuple[str, ...]
    node_names: tuple[str, ...]
    node_parent: IntArray  # parent node position of each node, -1 at the top
    top: IntArray  # the nodes reported as dimensions: the parts of the total and the dimensions
    top_share: FloatArray  # normalised weights of the top-level nodes
    indicator_ids: tuple[str, ...]
    indicator_node: IntArray
    units: tuple[ServiceUnit, ...]
    entities: tuple[Entity, ...]
    unit_entity: IntArray  # entity index of each unit
    dimension_input: BoolArray  # units given as published dimension scores
    node_score: FloatArray  # (units × nodes), 0–100, NaN = missing / not applicable
    unit_raw: FloatArray  # unrounded totals on the reporting scale, NaN = no score
    unit_scaled: IntArray  # rounded totals in units of 10**-precision
    unit_has: BoolArray
    unit_band: npt.NDArray[np.intp]
    applicable: BoolArray  # (units × indicators)
    assessed: BoolArray  # (units × indicators)
    answer_counts: IntArray  # (units × indicators) answered rows
    indicator_role: npt.NDArray[np.int8]  # role code of each indicator
    indicator_respondents: IntArray  # respondents the rubric asks per unit (0: none said)
    entity_scaled: IntArray
    entity_has: BoolArray
    entity_band: npt.NDArray[np.intp]
    entity_units_scored: IntArray
    share_of: Callable[[], FloatArray] = field(repr=False, compare=False)
    rollup: EntityRollup | None = field(default=None, repr=False, compare=False)
    opinion: OpinionRule | None = None
    entity_opinion: tuple[EntityOpinion, ...] | None = None  # per entity, with ``opinion``
    dimensions: IntArray | None = None  # the dimensions alone (they add up to the total)
    figure_nodes: BoolArray | None = None  # (units × nodes) the figures of figure-given units

    def decimal(self, scaled: int) -> Decimal:
        return Decimal(int(scaled)).scaleb(-self.meta.precision)

    # Shares and scale ------------------------------------------------------------------------

    @cached_property
    def node_share(self) -> FloatArray:
        """(units × nodes) share of the unit's 100 points each node carries."""
        return self.share_of()

    @cached_property
    def scale_factor(self) -> float:
        """Reporting-scale points per point of a 0–100 share (1.0 on a 0–100 scale)."""
        low, high = self.meta.score_range
        return float(high - low) / 100.0

    @property
    def precision(self) -> int:
        return self.meta.precision

    # Units: rounded figures ------------------------------------------------------------------

    @cached_property
    def unit_scores(self) -> ObjectArray:
        """Each unit's published score as a ``Decimal``, ``None`` where it has none."""
        out = decimals(self.unit_scaled, self.precision)
        out[~self.unit_has] = None
        return out

    @cached_property
    def dimension_has(self) -> BoolArray:
        """(units × reported nodes: parts and dimensions) where the unit has a score."""
        return ~np.isnan(self.node_score[:, self.top])

    @cached_property
    def dimension_scaled(self) -> IntArray:
        """(units × reported nodes) rounded 0–100 scores (0 where missing)."""
        return to_scaled_int(self.node_score[:, self.top], self.precision)

    @cached_property
    def contribution_scaled(self) -> IntArray:
        """(units × reported nodes) rounded contribution of each part or dimension to the total,
        on the reporting scale above its bottom (0 where missing)."""
        top = self.top
        points = self.node_score[:, top] * (self.node_share[:, top] * self.scale_factor)
        return to_scaled_int(points, self.precision)

    def _decimals(self, scaled: IntArray, has: BoolArray) -> ObjectArray:
        """``Decimal`` objects of a scaled-integer matrix, ``None`` where ``has`` is false."""
        out = decimals(scaled.reshape(-1), self.precision).reshape(scaled.shape)
        out[~has] = None
        return out

    @cached_property
    def dimension_decimals(self) -> ObjectArray:
        return self._decimals(self.dimension_scaled, self.dimension_has)

    @cached_property
    def contribution_decimals(self) -> ObjectArray:
        return self._decimals(self.contribution_scaled, self.dimension_has)

    def _rows(
        self, scaled: IntArray, order: IntArray, counts: list[int]
    ) -> list[tuple[list[str], list[Decimal]]]:
        """Per row, the ids and ``Decimal`` values of its first ``count`` nodes in ``order``
        (the nodes it reports, largest loss first) as plain lists: one conversion per round,
        so that a view's mapping is a slice and a ``dict``. The integers are put in order
        before they become objects."""
        ids = np.array(self.node_ids, dtype=object)[order].tolist()
        ordered = decimals(np.take_along_axis(scaled, order, axis=1), self.precision)
        values = ordered.reshape(order.shape).tolist()
        return [(i[:n], v[:n]) for i, v, n in zip(ids, values, counts, strict=True)]

    @cached_property
    def lost_rows(self) -> list[tuple[list[str], list[Decimal]]]:
        """Per unit, the ids and points lost it reports, largest first."""
        return self._rows(self.lost_scaled, self.lost_order, self.lost_counts)

    @cached_property
    def lost_nodes(self) -> BoolArray:
        """(units × nodes) the nodes whose lost points a unit reports: its indicators, or its
        dimensions when it was given as dimension scores; only where it has a score."""
        mask = np.zeros(self.node_score.shape, dtype=bool)
        mask[:, self.indicator_node] = ~self.dimension_input[:, None]
        if self.figure_nodes is not None:
            mask |= self.figure_nodes
        else:
            mask[np.ix_(self.dimension_input, self.top)] = True
        return mask & ~np.isnan(self.node_score)

    @cached_property
    def lost_raw(self) -> FloatArray:
        """(units × nodes) unrounded points lost on the reporting scale (0 where not
        reported)."""
        with np.errstate(invalid="ignore"):
            raw = self.node_share * self.scale_factor * (100.0 - self.node_score)
        return np.where(self.lost_nodes, raw, 0.0)

    @cached_property
    def lost_scaled(self) -> IntArray:
        """(units × nodes) rounded points lost (0 where not reported)."""
        return to_scaled_int(self.lost_raw, self.precision)

    @cached_property
    def nodes_by_id(self) -> IntArray:
        """Node positions in the order of their ids (ties in points lost go by id)."""
        by_id: IntArray = np.argsort(np.array(self.node_ids, dtype=object), kind="stable")
        return by_id

    def _order(self, lost: FloatArray | IntArray, reported: BoolArray) -> IntArray:
        """Per row, the reported nodes by decreasing loss (ties by id), then the others."""
        by_id = self.nodes_by_id
        key = np.where(reported, -lost.astype(np.float64), np.inf)[:, by_id]
        order: IntArray = by_id[np.argsort(key, axis=1, kind="stable")]
        return order

    @cached_property
    def lost_counts(self) -> list[int]:
        """How many nodes each unit reports points lost at."""
        counts: list[int] = self.lost_nodes.sum(axis=1).tolist()
        return counts

    @cached_property
    def lost_order(self) -> IntArray:
        """(units × nodes) node positions of each unit, largest unrounded loss first, ties
        by node id; the reported nodes of a unit come first."""
        return self._order(self.lost_raw, self.lost_nodes)

    @cached_property
    def applicable_count(self) -> IntArray:
        counts: IntArray = self.applicable.sum(axis=1, dtype=np.int64)
        return counts

    @cached_property
    def completeness_ratio(self) -> FloatArray:
        """Share of each unit's applicable indicators assessed (1.0 when none applies), as
        :attr:`Completeness.ratio <kepatuhan.Completeness.ratio>`."""
        applicable, assessed = self.applicable_count, self.assessed_count
        ratio: FloatArray = np.where(applicable > 0, assessed / np.maximum(applicable, 1), 1.0)
        return ratio

    @cached_property
    def assessed_count(self) -> IntArray:
        counts: IntArray = (self.applicable & self.assessed).sum(axis=1, dtype=np.int64)
        return counts

    # Respondents collected against required -------------------------------------------------

    @cached_property
    def respondent_counts(self) -> tuple[IntArray, IntArray]:
        """(units × roles) respondents required and collected.

        Per role, over the unit's applicable indicators of that role for which the rubric
        says how many respondents it needs: required is the largest number asked, collected
        the most answers any one of those indicators received (each respondent answers an
        indicator once). Required is 0 where the rubric asks no number of the role.
        """
        n_units, n_roles = len(self.units), len(_ROLES)
        required = np.zeros((n_units, n_roles), dtype=np.int64)
        collected = np.zeros((n_units, n_roles), dtype=np.int64)
        asked = self.indicator_respondents
        for r in range(n_roles):
            cols = np.flatnonzero((self.indicator_role == r) & (asked > 0))
            if cols.size == 0:
                continue
            asks = self.applicable[:, cols]
            required[:, r] = np.where(asks, asked[cols], 0).max(axis=1)
            collected[:, r] = np.where(asks, self.answer_counts[:, cols], 0).max(axis=1)
        return required, collected

    @cached_property
    def respondents_short(self) -> BoolArray:
        """Per unit, whether some role has fewer respondents than the rubric asks."""
        required, collected = self.respondent_counts
        short: BoolArray = np.any(collected < required, axis=1)
        return short

    @cached_property
    def respondent_rows(self) -> list[list[tuple[RespondentRole, int, int]]]:
        """Per unit, (role, required, collected) of each role the rubric asks a number of."""
        required, collected = self.respondent_counts
        out: list[list[tuple[RespondentRole, int, int]]] = [[] for _ in self.units]
        units, roles = np.nonzero(required > 0)
        for i, r, need, got in zip(
            units.tolist(),
            roles.tolist(),
            required[units, roles].tolist(),
            collected[units, roles].tolist(),
            strict=True,
        ):
            out[i].append((_ROLES[r], need, got))
        return out

    # Entities: the rubric's roll-up of the units' rounded figures ----------------------------

    @property
    def rollup_function(self) -> EntityRollup:
        """The roll-up the scorer used; by name (in the registry in use) only if it kept none."""
        if self.rollup is not None:
            return self.rollup
        return rollup_for(None, self.meta.entity_rollup)

    def _roll_up(self, scaled: IntArray, has: BoolArray) -> tuple[IntArray, BoolArray]:
        """Each column of a (units × k) array rolled up to (entities × k).

        One call of the roll-up, whose groups are the (entity, column) pairs: a roll-up
        reduces each group on its own, so this is the same as one call per column.
        """
        n_ent, k = len(self.entities), scaled.shape[1]
        group = (self.unit_entity[:, None] * k + np.arange(k)).reshape(-1)
        out, out_has = self.rollup_function(
            group, np.ascontiguousarray(scaled).reshape(-1), np.asarray(has).reshape(-1), n_ent * k
        )
        return out.reshape(n_ent, k), out_has.reshape(n_ent, k)

    @cached_property
    def entity_members(self) -> tuple[tuple[str, ...], ...]:
        """Unit codes of each entity, in the round's order."""
        members: list[list[str]] = [[] for _ in self.entities]
        for unit, e in zip(self.units, self.unit_entity.tolist(), strict=True):
            members[e].append(unit.code)
        return tuple(tuple(m) for m in members)

    @cached_property
    def entity_opinion_fields(
        self,
    ) -> list[tuple[bool | None, tuple[str, ...], str | None, bool | None]]:
        """Qualifier (Tanpa Maladministrasi), outstanding products, opinion label and award
        of each entity: ``(None, (), None, None)`` without an opinion rule; opinion and
        award are ``None`` for an entity without a score."""
        rule = self.opinion
        if rule is None or self.entity_opinion is None:
            return [(None, (), None, None)] * len(self.entities)
        out = []
        for decided, has, band in zip(
            self.entity_opinion, self.entity_has.tolist(), self.entity_band.tolist(), strict=True
        ):
            qualified = decided.without_maladministration
            b = self.bands[band] if has else None
            out.append(
                (
                    qualified,
                    decided.outstanding,
                    None if b is None else rule.label(b.label, qualified),
                    None if b is None else b.grade in rule.awarded_grades,
                )
            )
        return out

    @cached_property
    def entity_scores(self) -> ObjectArray:
        out = decimals(self.entity_scaled, self.precision)
        out[~self.entity_has] = None
        return out

    @cached_property
    def entity_dimensions(self) -> tuple[IntArray, BoolArray]:
        """(entities × top-level nodes) dimension scores: the roll-up of the units' rounded
        dimension scores, over the units that have one."""
        return self._roll_up(self.dimension_scaled, self.dimension_has & self.unit_has[:, None])

    @cached_property
    def entity_contributions(self) -> tuple[IntArray, BoolArray]:
        """(entities × top-level nodes) contributions: the roll-up over the scored units, a
        unit without the dimension counting 0, so that they add up like the units' do."""
        values = np.where(self.dimension_has, self.contribution_scaled, 0)
        has = np.broadcast_to(self.unit_has[:, None], values.shape)
        return self._roll_up(values, has)

    @cached_property
    def entity_lost(self) -> tuple[IntArray, BoolArray]:
        """(entities × nodes) points lost: the roll-up over the scored units of each node's
        rounded points lost (0 for a unit that does not report the node); ``has`` marks the
        nodes some unit of the entity reports."""
        n_ent, n_nodes = len(self.entities), len(self.node_ids)
        shown = self.lost_nodes & self.unit_has[:, None]
        cols = np.flatnonzero(shown.any(axis=0))  # nodes no unit reports stay 0 and unset
        scaled = np.zeros((n_ent, n_nodes), dtype=np.int64)
        reported = np.zeros((n_ent, n_nodes), dtype=bool)
        if cols.size:
            has_unit = np.broadcast_to(self.unit_has[:, None], (len(self.units), cols.size))
            part, rolled = self._roll_up(self.lost_scaled[:, cols], has_unit)
            cells = self.unit_entity[:, None] * cols.size + np.arange(cols.size)
            counted = np.bincount(cells[shown[:, cols]], minlength=n_ent * cols.size)
            scaled[:, cols] = part
            reported[:, cols] = rolled & (counted.reshape(n_ent, cols.size) > 0)
        return scaled, reported

    @cached_property
    def entity_dimension_decimals(self) -> ObjectArray:
        return self._decimals(*self.entity_dimensions)

    @cached_property
    def entity_contribution_decimals(self) -> ObjectArray:
        return self._decimals(*self.entity_contributions)

    @cached_property
    def entity_lost_rows(self) -> list[tuple[list[str], list[Decimal]]]:
        """Per entity, the ids and points lost it reports, largest first."""
        return self._rows(self.entity_lost[0], self.entity_lost_order, self.entity_lost_counts)

    @cached_property
    def entity_lost_counts(self) -> list[int]:
        counts: list[int] = self.entity_lost[1].sum(axis=1).tolist()
        return counts

    @cached_property
    def entity_lost_order(self) -> IntArray:
        """(entities × nodes) node positions of each entity, largest (rounded) loss first,
        ties by node id; the reported nodes come first."""
        scaled, has = self.entity_lost
        return self._order(scaled, has)

    @cached_property
    def missing_ids(self) -> list[tuple[str, ...]]:
        """Per unit, the applicable indicators nobody answered."""
        return self._ids_where(self.applicable & ~self.assessed)

    @cached_property
    def not_applicable_ids(self) -> list[tuple[str, ...]]:
        """Per unit, the indicators that do not count for it."""
        return self._ids_where(~self.applicable)

    def _ids_where(self, mask: BoolArray) -> list[tuple[str, ...]]:
        rows, cols = np.nonzero(mask)
        out: list[tuple[str, ...]] = [()] * mask.shape[0]
        if rows.size:
            ids = self.indicator_ids
            bounds = np.flatnonzero(np.diff(rows)) + 1
            for group in np.split(np.arange(rows.size), bounds):
                out[int(rows[group[0]])] = tuple(ids[k] for k in cols[group].tolist())
        return out
