"""Hook specifications: the contract between kepatuhan and its rubric plugins.

A plugin is a module or object with functions marked ``@kepatuhan.hookimpl``, registered
through the entry-point group ``kepatuhan``::

    [project.entry-points.kepatuhan]
    rubrik_2026 = "kepatuhan_rubrik_2026.plugin"
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .crosswalk import Crosswalk
    from .registry import RubricRegistry
    from .rubric import Rubric
    from .strategies import Strategy

__all__ = [
    "HOOK_API_VERSION",
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "kepatuhan_crosswalks",
    "kepatuhan_rubrics",
    "kepatuhan_strategies",
]

PROJECT_NAME = "kepatuhan"
HOOK_API_VERSION = 1
"""Raised only when a hook changes incompatibly; hooks gain arguments additively.

The registry calls every hook through pluggy with all of its arguments; an implementation
names only the ones it uses (none at all is fine)."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def kepatuhan_rubrics(registry: RubricRegistry) -> Sequence[Rubric]:  # type: ignore[empty-body]
    """Return the rubrics this plugin provides.

    Called once per plugin when ``registry`` loads (an implementation may leave the argument
    out). Return a sequence of :class:`kepatuhan.Rubric` objects (validated models),
    possibly empty. Each rubric id must be unique across all plugins: a second rubric with
    the same id is rejected with an error naming both plugins. A hook that raises (an exit
    or interrupt too), or returns anything other than rubrics, is reported and skipped (an
    error in strict mode); the other plugins still load.

    A rubric may be derived from another: ``registry.get(id)`` (or ``kp.get_rubric(id)``,
    which answers from the registry being loaded) returns a rubric of a plugin loaded
    earlier, or runs the hook of the plugin that provides it first; two plugins that wait
    for each other fail with a :class:`~kepatuhan.PluginError`.
    """


@hookspec
def kepatuhan_strategies() -> Sequence[Strategy]:  # type: ignore[empty-body]
    """Return the named strategies this plugin provides (respondent reductions, entity roll-ups).

    Called once per plugin when the registry loads, for every plugin before any
    ``kepatuhan_rubrics``, so a plugin's rubrics may name its own strategies. Return a
    sequence of :class:`kepatuhan.Strategy` (kinds ``respondent_reduction``,
    ``entity_rollup``, ``opinion_rule``), possibly empty. Strategies belong to the registry
    that loaded the plugin (its rubrics find them; other registries do not): a name taken by
    another function (built-in, process-wide or another plugin's) is rejected with an error
    naming both owners; returning the same function again is harmless. A hook that raises
    or returns anything else is reported and skipped (an error in strict mode).
    """


@hookspec
def kepatuhan_crosswalks(registry: RubricRegistry) -> Sequence[Crosswalk]:  # type: ignore[empty-body]
    """Return the crosswalks this plugin provides: how an earlier rubric's indicators map to a
    later one's (:class:`kepatuhan.Crosswalk`), possibly empty.

    Called once per plugin after every plugin's rubrics are loaded (an implementation may
    leave the argument out). Each crosswalk is checked against both rubrics
    (:func:`kepatuhan.crosswalk.crosswalk_problems`: every id exists, every indicator is
    mapped once, carried answers keep their role and scale); one that fails, names a rubric
    no plugin provides, or joins two rubrics another plugin's crosswalk already joins, is
    reported and skipped (an error in strict mode). Usually the plugin of the later rubric
    ships the crosswalk from the year before.
    """
