"""Named strategies a rubric selects: how respondents reduce, how units roll up to entities, and
how oversight products decide an entity's opinion qualifier.

Year differences are data or a strategy name, never ``if year == …`` in the pipeline. Each
reduction and roll-up is vectorised over all groups at once.

Strategies live in tables (:class:`StrategyTable`): the built-in ones; those registered
process-wide with :func:`register_strategy`; and each :class:`~kepatuhan.RubricRegistry`'s own,
which its plugins provided and which go away with it. A rubric a registry accepted finds its
strategies in that registry's table; any other rubric in the table in use (:func:`active_table`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast, get_args

import numpy as np
import numpy.typing as npt

from ._cache import cached, peek
from .errors import PluginError, Problem, UnknownStrategyError
from .oversight import all_followed_up

if TYPE_CHECKING:
    from .oversight import EntityOpinion, OversightProduct

__all__ = [
    "BUILTIN_OWNER",
    "ENTITY_ROLLUPS",
    "OPINION_RULES",
    "RESPONDENT_REDUCTIONS",
    "EntityRollup",
    "OpinionDecision",
    "Reduction",
    "Strategy",
    "StrategyKind",
    "StrategyTable",
    "active_table",
    "bind",
    "mean_reduction",
    "opinion_rule_for",
    "reduction_for",
    "register_strategy",
    "rollup_for",
    "strategy_owner",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Reduction = Callable[[IntArray, FloatArray, int], FloatArray]
"""``(group, value, n_groups) -> reduced`` — reduce normalised answers per group; NaN if empty."""

EntityRollup = Callable[
    [IntArray, IntArray, npt.NDArray[np.bool_], int], tuple[IntArray, npt.NDArray[np.bool_]]
]
"""``(entity, unit_score_scaled, unit_has_score, n_entities) -> (scaled, has_score)``.

Unit scores arrive already rounded to the published precision, as integers in units of
10**-precision; the roll-up returns entity scores in the same units, rounded half-up.
"""

OpinionDecision = Callable[[tuple["OversightProduct", ...]], "EntityOpinion"]
"""``(products issued to one entity) -> EntityOpinion`` — the qualifier decision of one entity
of a round that records oversight products (an entity may have received none)."""


def mean_reduction(group: IntArray, value: FloatArray, n: int) -> FloatArray:
    """The built-in ``mean``: the arithmetic mean per group (the pipeline recognises it and
    reuses the answer counts its checks already made)."""
    total = np.bincount(group, weights=value, minlength=n)
    count = np.bincount(group, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _sorted_reduce(
    kind: str,
) -> Reduction:
    def reduce(group: IntArray, value: FloatArray, n: int) -> FloatArray:
        out = np.full(n, np.nan)
        if group.size == 0:
            return out
        order = np.lexsort((value, group))
        g, v = group[order], value[order]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        ends = np.r_[starts[1:], g.size]
        if kind == "min":
            out[g[starts]] = v[starts]
        elif kind == "max":
            out[g[starts]] = v[ends - 1]
        else:  # median: mean of the middle one or two values
            lo = starts + (ends - starts - 1) // 2
            hi = starts + (ends - starts) // 2
            out[g[starts]] = (v[lo] + v[hi]) / 2.0
        return out

    return reduce


def _mean_of_units(
    entity: IntArray, scaled: IntArray, has: npt.NDArray[np.bool_], n: int
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Plain mean of the units' published (rounded) scores, rounded half-up.

    Integer arithmetic keeps it exact: half-up of total / count = ⌊(2·total + count) / (2·count)⌋.
    """
    total = np.bincount(entity[has], weights=scaled[has], minlength=n).astype(np.int64)
    count = np.bincount(entity[has], minlength=n).astype(np.int64)
    safe = np.maximum(count, 1)
    mean = (2 * total + safe) // (2 * safe)
    return mean, count > 0


# Tables -------------------------------------------------------------------------------------

StrategyKind = Literal["respondent_reduction", "entity_rollup", "opinion_rule"]
KINDS: tuple[StrategyKind, ...] = get_args(StrategyKind)
BUILTIN_OWNER = "kepatuhan"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Strategy:
    """A named strategy a plugin provides through the ``kepatuhan_strategies`` hook.

    ``function`` follows :data:`Reduction` (kind ``respondent_reduction``),
    :data:`EntityRollup` (kind ``entity_rollup``) or :data:`OpinionDecision` (kind
    ``opinion_rule``); a rubric selects it by ``name``.
    """

    kind: StrategyKind
    name: str
    function: Reduction | EntityRollup | OpinionDecision
    description: str = ""


class StrategyRejectedError(PluginError):
    """A strategy that cannot be registered; ``code`` and ``params`` say why (errors.MESSAGES)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        super().__init__(Problem("", code, params).text("en"))


class StrategyTable:
    """Strategies by kind and name, on top of a ``parent`` table whose names it cannot take.

    A registry owns one (on top of the process-wide table): its plugins' strategies are found
    through it and nowhere else.
    """

    def __init__(self, parent: StrategyTable | None = None) -> None:
        self.parent = parent
        self._functions: dict[tuple[str, str], Callable[..., object]] = {}
        self._owners: dict[tuple[str, str], str] = {}

    def add(self, strategy: Strategy, owner: str) -> None:
        """Make ``strategy`` selectable by name through this table.

        Registering the same function again is a no-op; another function under a name already
        taken here or in a parent table raises :class:`StrategyRejectedError` naming both owners.
        """
        if strategy.kind not in KINDS:
            raise StrategyRejectedError(
                "strategy_unknown_kind", kind=strategy.kind, known=", ".join(KINDS)
            )
        if not isinstance(strategy.name, str) or not _NAME.match(strategy.name):
            raise StrategyRejectedError("strategy_bad_name", name=strategy.name)
        if not callable(strategy.function):
            raise StrategyRejectedError("strategy_not_callable", name=strategy.name)
        existing = self.find(strategy.kind, strategy.name)
        if existing is strategy.function:
            return
        if existing is not None:
            first = self.owner(strategy.kind, strategy.name)
            raise StrategyRejectedError(
                "strategy_taken", kind=strategy.kind, name=strategy.name, owner=first
            )
        key = (strategy.kind, strategy.name)
        self._functions[key] = strategy.function
        self._owners[key] = owner

    def find(self, kind: str, name: str) -> Callable[..., object] | None:
        """The function registered under ``name`` here or in a parent table; None if none."""
        table: StrategyTable | None = self
        while table is not None:
            found = table._functions.get((kind, name))
            if found is not None:
                return found
            table = table.parent
        return None

    def owner(self, kind: str, name: str) -> str:
        """Who registered a strategy (``kepatuhan`` for the built-in ones); KeyError if none."""
        table: StrategyTable | None = self
        while table is not None:
            if (kind, name) in table._owners:
                return table._owners[kind, name]
            table = table.parent
        raise KeyError((kind, name))

    def names(self, kind: str) -> list[str]:
        """Every name of that kind, sorted."""
        found: set[str] = set()
        table: StrategyTable | None = self
        while table is not None:
            found.update(n for k, n in table._functions if k == kind)
            table = table.parent
        return sorted(found)

    def own(self) -> list[tuple[str, str, str]]:
        """``(kind, name, owner)`` of the strategies added to this table itself, sorted."""
        return sorted((k, n, o) for (k, n), o in self._owners.items())

    @contextmanager
    def use(self) -> Iterator[StrategyTable]:
        """Make this the table in use (:func:`active_table`) in this context."""
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)


BUILTINS = StrategyTable()
for _kind, _name, _builtin in (
    ("respondent_reduction", "mean", mean_reduction),
    ("respondent_reduction", "median", _sorted_reduce("median")),
    ("respondent_reduction", "min", _sorted_reduce("min")),
    ("respondent_reduction", "max", _sorted_reduce("max")),
    ("entity_rollup", "mean_of_units", _mean_of_units),
    ("opinion_rule", "all_followed_up", all_followed_up),
):
    BUILTINS.add(Strategy(_kind, _name, _builtin), BUILTIN_OWNER)  # type: ignore[arg-type]
PROCESS = StrategyTable(BUILTINS)
"""The built-in strategies and those registered with :func:`register_strategy`."""

_active: ContextVar[StrategyTable | None] = ContextVar("kepatuhan_strategies", default=None)
_default: list[StrategyTable] = []  # the process-wide registry's table, once loaded


def set_default_table(table: StrategyTable) -> None:
    """The process-wide registry's table (the registry calls this when it is (re)loaded)."""
    _default[:] = [table]


def active_table() -> StrategyTable:
    """The table in use: one made current (a registry while it loads, ``registry.use()``,
    ``table.use()``), else the process-wide registry's once it is loaded, else the built-in
    and process-wide strategies."""
    current = _active.get()
    if current is not None:
        return current
    return _default[0] if _default else PROCESS


class _LiveView(Mapping[str, Callable[..., object]]):
    """The strategies of one kind in the table in use, by name (read at each access)."""

    def __init__(self, kind: StrategyKind) -> None:
        self.kind = kind

    def __getitem__(self, name: str) -> Callable[..., object]:
        found = active_table().find(self.kind, name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(active_table().names(self.kind))

    def __len__(self) -> int:
        return len(active_table().names(self.kind))

    def __repr__(self) -> str:
        return f"<{self.kind} strategies: {', '.join(self)}>"


RESPONDENT_REDUCTIONS = cast(Mapping[str, Reduction], _LiveView("respondent_reduction"))
"""Respondent reductions by name in the table in use (live)."""
ENTITY_ROLLUPS = cast(Mapping[str, EntityRollup], _LiveView("entity_rollup"))
"""Entity roll-ups by name in the table in use (live)."""
OPINION_RULES = cast(Mapping[str, OpinionDecision], _LiveView("opinion_rule"))
"""Opinion rules by name in the table in use (live)."""


# Rubrics and their tables ---------------------------------------------------------------------


def bind(owner: object, table: StrategyTable) -> None:
    """Let ``owner`` (a rubric, its opinion rule) find its strategies in ``table`` from now on.

    Kept outside the object: a copy is not bound and finds them in the table in use."""
    cached(owner, "strategies", lambda: table)


def _function(owner: object, kind: StrategyKind, name: str) -> Callable[..., object]:
    bound: StrategyTable | None = peek(owner, "strategies")
    table = bound if bound is not None else active_table()
    found = table.find(kind, name)
    if found is None:
        known = ", ".join(table.names(kind))
        params = {"kind": kind, "name": name, "known": known}
        raise UnknownStrategyError(problem=Problem("", "unknown_strategy", params))
    return found


def reduction_for(owner: object, name: str) -> Reduction:
    """The respondent reduction ``name`` as ``owner`` (a rubric) finds it."""
    return cast(Reduction, _function(owner, "respondent_reduction", name))


def rollup_for(owner: object, name: str) -> EntityRollup:
    """The entity roll-up ``name`` as ``owner`` (a rubric) finds it."""
    return cast(EntityRollup, _function(owner, "entity_rollup", name))


def opinion_rule_for(owner: object, name: str) -> OpinionDecision:
    """The opinion rule ``name`` as ``owner`` (an opinion rule) finds it."""
    return cast(OpinionDecision, _function(owner, "opinion_rule", name))


# Process-wide -----------------------------------------------------------------------------------


def register_strategy(strategy: Strategy, owner: str) -> None:
    """Make ``strategy`` selectable by name in every rubric, process-wide (every registry).

    A plugin returns its strategies from ``kepatuhan_strategies`` instead: those belong to the
    registry that loaded it. Registering the same function again is a no-op; another function
    under a name already taken raises :class:`~kepatuhan.PluginError` naming both owners.
    """
    PROCESS.add(strategy, owner)


def strategy_owner(kind: StrategyKind, name: str) -> str:
    """Who registered a strategy in the table in use (``kepatuhan`` for the built-in ones);
    KeyError if none."""
    return active_table().owner(kind, name)
