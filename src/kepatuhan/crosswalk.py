"""Crosswalks: how one rubric's indicators map to the next one's, each mapping with its source.

A methodology change renames, splits, merges, adds and drops indicators. A crosswalk says
which, per indicator, so that last year's answers can be re-scored under this year's rubric
(:func:`kepatuhan.rescore`) and a year-over-year comparison can tell method change from real
change (:func:`kepatuhan.compare`). Rubric plugins ship crosswalks through the
``kepatuhan_crosswalks`` hook; every mapping that is not published is labelled ``assumed``
with its reason, like every other unpublished number.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

import numpy as np
from pydantic import Field

from ._model import FrozenModel
from .entities import Code
from .errors import InvalidRubricError, Problem
from .provenance import Provenance, Source
from .rubric import Indicator, Rubric
from .scales import Scale

__all__ = ["Crosswalk", "IndicatorMapping", "MappingKind", "crosswalk_problems"]


class MappingKind(StrEnum):
    """How indicators of the earlier rubric relate to those of the later one."""

    SAME = "same"
    """One indicator, the same id and content in both rubrics."""
    RENAMED = "renamed"
    """One indicator whose id or wording changed, its content kept."""
    SPLIT = "split"
    """One earlier indicator became several; each part starts from the whole's answers."""
    MERGED = "merged"
    """Several earlier indicators became one."""
    NEW = "new"
    """An indicator with no earlier counterpart: nothing can be carried to it."""
    DROPPED = "dropped"
    """An earlier indicator with no later counterpart: its answers are left behind."""


_ARITY: dict[MappingKind, tuple[str, str]] = {
    # (before, after): "1" exactly one, "2+" two or more, "1+" at least one, "0" none
    MappingKind.SAME: ("1", "1"),
    MappingKind.RENAMED: ("1", "1"),
    MappingKind.SPLIT: ("1", "2+"),
    MappingKind.MERGED: ("2+", "1"),
    MappingKind.NEW: ("0", "1+"),
    MappingKind.DROPPED: ("1+", "0"),
}


def _count_ok(rule: str, n: int) -> bool:
    return {"0": n == 0, "1": n == 1, "1+": n >= 1, "2+": n >= 2}[rule]


class IndicatorMapping(FrozenModel):
    """One mapping of a crosswalk: earlier indicator ids → later ones, with its provenance.

    ``carry`` says whether answers move along (only for same, renamed, split and merged; a
    mapping whose content changed too much says ``false`` and its note says why).
    ``values`` maps earlier answers to later ones when the scales differ, as
    ``[[earlier, later], …]`` covering every step of the earlier scale. A merged indicator
    takes, per unit, the mean of its parts' answers, rounded half-up to the later scale's
    step: the crosswalk's note should say so when that is an assumption.
    """

    kind: MappingKind
    before: tuple[Code, ...] = ()
    after: tuple[Code, ...] = ()
    carry: bool = True
    values: tuple[tuple[float, float], ...] | None = None
    provenance: Provenance

    def _problems(self) -> list[Problem]:
        problems = []
        rule_before, rule_after = _ARITY[self.kind]
        for name, rule, ids in (
            ("before", rule_before, self.before),
            ("after", rule_after, self.after),
        ):
            if not _count_ok(rule, len(ids)):
                params = {"kind": self.kind.value, "rule": rule, "count": len(ids)}
                problems.append(Problem(name, "crosswalk_arity", params))
        if self.kind is MappingKind.SAME and self.before != self.after:
            params = {"before": ", ".join(self.before), "after": ", ".join(self.after)}
            problems.append(Problem("after", "crosswalk_same_differs", params))
        if self.carry and self.kind in (MappingKind.NEW, MappingKind.DROPPED):
            problems.append(Problem("carry", "crosswalk_cannot_carry", {"kind": self.kind.value}))
        if self.values is not None:
            if not self.carry:
                problems.append(Problem("values", "crosswalk_values_unused", {}))
            earlier = [a for a, _ in self.values]
            for value, n in Counter(earlier).items():
                if n > 1:
                    problems.append(Problem("values", "crosswalk_value_twice", {"value": value}))
            if not all(np.isfinite(x) for pair in self.values for x in pair):
                problems.append(Problem("values", "crosswalk_value_not_finite", {}))
        if self.provenance.is_assumed and not self.provenance.note:
            problems.append(Problem("provenance.note", "crosswalk_assumed_without_reason", {}))
        return problems

    @property
    def carries(self) -> bool:
        """Whether answers move along this mapping."""
        return self.carry and self.kind not in (MappingKind.NEW, MappingKind.DROPPED)


class Crosswalk(FrozenModel):
    """Every indicator of ``before`` mapped to ``after``'s, with sources.

    Each indicator of either rubric appears in exactly one mapping (checked against the
    rubrics when a registry loads the crosswalk, and by :func:`crosswalk_problems`), so that a
    re-score can list everything it could not carry. ``figures`` names the top-level nodes
    whose reported figures (rapor input) mean the same in both rubrics and so carry as they
    are; ``figures_provenance`` says why.
    """

    error_class = InvalidRubricError

    before: str = Field(min_length=1, description="id of the earlier rubric")
    after: str = Field(min_length=1, description="id of the later rubric")
    title: str | None = None
    title_id: str | None = Field(default=None, description="``title`` in Bahasa Indonesia")
    provenance: Provenance
    mappings: tuple[IndicatorMapping, ...] = Field(min_length=1)
    figures: tuple[Code, ...] = ()
    figures_provenance: Provenance | None = None
    sources: dict[str, Source] = Field(default_factory=dict)

    def _problems(self) -> list[Problem]:
        problems = []
        if self.before == self.after:
            problems.append(Problem("after", "crosswalk_to_itself", {"id": self.before}))
        cited = [("provenance", self.provenance)]
        cited += [(f"mappings[{i}].provenance", m.provenance) for i, m in enumerate(self.mappings)]
        if self.figures_provenance is not None:
            cited.append(("figures_provenance", self.figures_provenance))
        elif self.figures:
            problems.append(Problem("figures_provenance", "field_required", {}))
        for where, prov in cited:
            if prov.source not in self.sources:
                params = {"source": prov.source, "known": ", ".join(sorted(self.sources))}
                problems.append(Problem(f"{where}.source", "crosswalk_unknown_source", params))
        return problems

    @property
    def key(self) -> tuple[str, str]:
        """``(before, after)``: the rubric ids this crosswalk joins."""
        return (self.before, self.after)

    def assumed(self) -> tuple[IndicatorMapping, ...]:
        """The mappings that are assumptions (not published)."""
        return tuple(m for m in self.mappings if m.provenance.is_assumed)


def crosswalk_problems(crosswalk: Crosswalk, before: Rubric, after: Rubric) -> list[Problem]:
    """Everything wrong with ``crosswalk`` against the two rubrics it joins, located.

    Every id must exist in its rubric and every indicator of both rubrics must be mapped
    exactly once; a carrying mapping needs the same respondent role on both sides, and equal
    scales or a ``values`` map from every step of the earlier scale onto the later one.
    """
    problems: list[Problem] = []
    for side, rubric in (("before", before), ("after", after)):
        if getattr(crosswalk, side) != rubric.id:
            params = {"expected": getattr(crosswalk, side), "given": rubric.id}
            problems.append(Problem(side, "crosswalk_rubric_mismatch", params))
    if problems:
        return problems
    old = {ind.id: ind for ind in before.indicators()}
    new = {ind.id: ind for ind in after.indicators()}
    seen_before: dict[str, int] = {}
    seen_after: dict[str, int] = {}
    for i, m in enumerate(crosswalk.mappings):
        at = f"mappings[{i}]"
        for side, ids, known, seen, rubric in (
            ("before", m.before, old, seen_before, before),
            ("after", m.after, new, seen_after, after),
        ):
            for j, ident in enumerate(ids):
                where = f"{at}.{side}[{j}]"
                if ident not in known:
                    params = {"code": ident, "rubric": rubric.id}
                    problems.append(Problem(where, "crosswalk_unknown_indicator", params))
                elif ident in seen:
                    params = {"code": ident, "first": f"mappings[{seen[ident]}]"}
                    problems.append(Problem(where, "crosswalk_mapped_twice", params))
                else:
                    seen[ident] = i
        if m.carries and all(x in old for x in m.before) and all(x in new for x in m.after):
            problems += _carry_problems(
                at, m, [old[x] for x in m.before], [new[x] for x in m.after]
            )
    for side, known, seen, rubric in (
        ("before", old, seen_before, before),
        ("after", new, seen_after, after),
    ):
        missing = [ident for ident in known if ident not in seen]
        if missing:
            params = {"ids": ", ".join(missing), "rubric": rubric.id, "side": side}
            problems.append(Problem("mappings", "crosswalk_unmapped", params))
    top_before = {n.id for n in before.dimensions()}
    top_after = {n.id for n in after.dimensions()}
    for k, ident in enumerate(crosswalk.figures):
        if ident not in top_before or ident not in top_after:
            params = {"code": ident, "before": before.id, "after": after.id}
            problems.append(Problem(f"figures[{k}]", "crosswalk_unknown_figure", params))
    return problems


def same_scale_key(scale: Scale) -> tuple[object, ...]:
    """What makes two scales the same for carrying answers: everything but provenance."""
    return (scale.kind, scale.minimum, scale.maximum, scale.step, scale.higher_is_better)


def _carry_problems(
    at: str, m: IndicatorMapping, old: list[Indicator], new: list[Indicator]
) -> list[Problem]:
    problems = []
    roles = {ind.role for ind in old} | {ind.role for ind in new}
    if len(roles) > 1:
        params = {"roles": ", ".join(sorted(r.value for r in roles))}
        problems.append(Problem(f"{at}.carry", "crosswalk_role_differs", params))
    if len({same_scale_key(ind.scale) for ind in old}) > 1:
        problems.append(Problem(f"{at}.before", "crosswalk_parts_differ", {}))
        return problems
    src = old[0].scale
    for ind in new:
        if m.values is None:
            if same_scale_key(ind.scale) != same_scale_key(src):
                params = {"before": str(src), "after": str(ind.scale), "indicator": ind.id}
                problems.append(Problem(f"{at}.values", "crosswalk_scale_differs", params))
            continue
        problems += _value_map_problems(f"{at}.values", m.values, src, ind.scale)
    return problems


def _value_map_problems(
    at: str, values: tuple[tuple[float, float], ...], src: Scale, dst: Scale
) -> list[Problem]:
    problems = []
    steps = src.steps()
    if steps is None:
        return [Problem(at, "crosswalk_values_continuous", {"scale": str(src)})]
    given = {a for a, _ in values}
    missing = [s for s in steps if s not in given]
    if missing:
        params: dict[str, object] = {
            "values": ", ".join(f"{s:g}" for s in missing),
            "scale": str(src),
        }
        problems.append(Problem(at, "crosswalk_values_incomplete", params))
    for k, pair in enumerate(values):
        for side, (value, scale) in enumerate(zip(pair, (src, dst), strict=True)):
            arr = np.array([value], dtype=np.float64)
            if not (bool(scale.in_range(arr)[0]) and bool(scale.on_step(arr)[0])):
                where = f"{at}[{k}][{side}]"
                params = {"value": value, "scale": str(scale)}
                problems.append(Problem(where, "crosswalk_value_off_scale", params))
    return problems
