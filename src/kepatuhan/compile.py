"""A rubric compiled to numpy arrays: what the vectorised pipeline needs, built once."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .rubric_nodes import Group, Indicator
from .vocab import RespondentRole, UnitType

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .rubric import Rubric

__all__ = ["ROLE_CODES", "UNIT_TYPE_CODES", "CompiledRubric", "Level", "compile_rubric"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ROLE_CODES: Mapping[RespondentRole, int] = MappingProxyType(
    {role: i for i, role in enumerate(RespondentRole)}
)
UNIT_TYPE_CODES: Mapping[UnitType, int] = MappingProxyType({t: i for i, t in enumerate(UnitType)})


@dataclass(frozen=True)
class Level:
    """One aggregation step: ``children`` (node indices) feed ``parents`` (node indices).

    ``member[c, p]`` is the weight of child ``c`` in parent ``p`` (0 if not its child). In
    pre-order the children of one parent are consecutive: ``starts[p]`` is where the block of
    parent ``p`` begins in ``children`` and ``child_weight`` the weight of each child, so a
    weighted sum per parent is one ``np.add.reduceat`` (no matrix product, no BLAS threads).
    """

    children: IntArray
    parents: IntArray
    member: FloatArray
    starts: IntArray
    child_weight: FloatArray

    def weighted_sum(self, x: FloatArray) -> FloatArray:
        """Per parent, the sum over its children of weight × ``x`` (units × children)."""
        summed: FloatArray = np.add.reduceat(x * self.child_weight, self.starts, axis=1)
        return summed


@dataclass(frozen=True)
class CompiledRubric:
    """Arrays over the nodes (pre-order) and the indicators (tree order) of a rubric."""

    rubric_id: str
    node_ids: tuple[str, ...]
    node_names: tuple[str, ...]
    parent: IntArray  # parent node index, -1 for top-level nodes
    depth: IntArray
    weight: FloatArray
    top: IntArray  # node indices of top-level nodes
    top_share: FloatArray  # normalised weights of top-level nodes
    indicator_ids: tuple[str, ...]
    indicator_node: IntArray  # node index of each indicator
    indicator_index: Mapping[str, int]
    scale_min: FloatArray
    scale_max: FloatArray
    scale_step: FloatArray  # NaN where continuous
    higher_is_better: BoolArray
    uniform_scale: tuple[float, float, float] | None  # (min, max, step or NaN) if all share one
    role: npt.NDArray[np.int8]  # ROLE_CODES of each indicator
    respondents: IntArray  # respondents required per unit (0: the rubric says none)
    applies: BoolArray  # (indicators × unit types)
    reduction: tuple[str, ...]  # strategy name per indicator
    levels: tuple[Level, ...]  # deepest first; the last feeds the top-level nodes
    dimensions: IntArray  # node indices of Rubric.dimensions() (top-level, parts looked through)
    parts: IntArray  # node indices of Rubric.parts() (the top-level nodes, or none)
    is_group: BoolArray  # per node: a group (not an indicator)
    full_share: FloatArray  # per node: its share of the total when every node applies

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_indicators(self) -> int:
        return len(self.indicator_ids)


def compile_rubric(rubric: Rubric) -> CompiledRubric:
    """Flatten the rubric tree into arrays."""
    ids: list[str] = []
    names: list[str] = []
    parent: list[int] = []
    depth: list[int] = []
    weight: list[float] = []
    indicators: list[Indicator] = []
    indicator_node: list[int] = []

    def visit(nodes: tuple[Group | Indicator, ...], parent_index: int, d: int) -> None:
        for node in nodes:
            index = len(ids)
            ids.append(node.id)
            names.append(node.name)
            parent.append(parent_index)
            depth.append(d)
            weight.append(node.weight)
            if isinstance(node, Group):
                visit(node.children, index, d + 1)
            else:
                indicators.append(node)
                indicator_node.append(index)

    visit(rubric.nodes, -1, 0)
    parent_a = np.array(parent, dtype=np.int64)
    depth_a = np.array(depth, dtype=np.int64)
    weight_a = np.array(weight, dtype=np.float64)
    top = np.flatnonzero(parent_a == -1)

    levels = []
    for d in range(int(depth_a.max()), 0, -1):
        children = np.flatnonzero(depth_a == d)
        parents = np.unique(parent_a[children])
        column = np.searchsorted(parents, parent_a[children])
        member = np.zeros((children.size, parents.size))
        member[np.arange(children.size), column] = weight_a[children]
        if np.any(np.diff(column) < 0):  # pre-order keeps siblings together
            raise AssertionError("children of a parent are not consecutive")
        starts = np.searchsorted(column, np.arange(parents.size))
        levels.append(
            Level(
                children=children,
                parents=parents,
                member=member,
                starts=starts,
                child_weight=weight_a[children],
            )
        )

    applies = np.ones((len(indicators), len(UNIT_TYPE_CODES)), dtype=bool)
    for k, ind in enumerate(indicators):
        if ind.applies_to is not None:
            applies[k] = [t in ind.applies_to for t in UNIT_TYPE_CODES]

    bounds = {(i.scale.minimum, i.scale.maximum, i.scale.step) for i in indicators}
    uniform = None
    if len(bounds) == 1:
        lo, hi, step = bounds.pop()
        uniform = (float(lo), float(hi), float("nan") if step is None else float(step))

    position = {node_id: k for k, node_id in reversed(list(enumerate(ids)))}
    full_share = np.zeros(len(ids))
    full_share[top] = weight_a[top] / weight_a[top].sum()
    inner = parent_a >= 0
    sibling_sum = np.bincount(parent_a[inner], weights=weight_a[inner], minlength=len(ids))
    for k in np.flatnonzero(inner).tolist():  # pre-order: parents come before children
        p = parent[k]
        full_share[k] = full_share[p] * weight_a[k] / sibling_sum[p]
    is_group = np.ones(len(ids), dtype=bool)
    is_group[indicator_node] = False

    return CompiledRubric(
        rubric_id=rubric.id,
        node_ids=tuple(ids),
        node_names=tuple(names),
        parent=parent_a,
        depth=depth_a,
        weight=weight_a,
        top=top,
        top_share=weight_a[top] / weight_a[top].sum(),
        indicator_ids=tuple(i.id for i in indicators),
        indicator_node=np.array(indicator_node, dtype=np.int64),
        indicator_index=MappingProxyType({ind.id: k for k, ind in enumerate(indicators)}),
        scale_min=np.array([i.scale.minimum for i in indicators], dtype=np.float64),
        scale_max=np.array([i.scale.maximum for i in indicators], dtype=np.float64),
        scale_step=np.array([np.nan if i.scale.step is None else i.scale.step for i in indicators]),
        higher_is_better=np.array([i.scale.higher_is_better for i in indicators], dtype=bool),
        uniform_scale=uniform,
        role=np.array([ROLE_CODES[i.role] for i in indicators], dtype=np.int8),
        respondents=np.array([i.respondents or 0 for i in indicators], dtype=np.int64),
        applies=applies,
        reduction=tuple(i.reduction or rubric.respondent_reduction for i in indicators),
        levels=tuple(levels),
        dimensions=np.array([position[n.id] for n in rubric.dimensions()], dtype=np.int64),
        parts=np.array([position[n.id] for n in rubric.parts()], dtype=np.int64),
        is_group=is_group,
        full_share=full_share,
    )
