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
    from .rubric import Rubric
    from .strategies import Strategy

__all__ = [
    "HOOK_API_VERSION",
    "PROJECT_NAME",
    "hookimpl",
    "hookspec",
    "kepatuhan_rubrics",
    "kepatuhan_strategies",
]

PROJECT_NAME = "kepatuhan"
HOOK_API_VERSION = 1
"""Raised only when a hook changes incompatibly; hooks gain arguments additively."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def kepatuhan_rubrics() -> Sequence[Rubric]:  # type: ignore[empty-body]
    """Return the rubrics this plugin provides.

    Called once per plugin when the registry loads. Return a sequence of
    :class:`kepatuhan.Rubric` objects (validated models), possibly empty. Each rubric id
    must be unique across all plugins: a second rubric with the same id is rejected with
    an error naming both plugins. A hook that raises, or returns anything other than
    rubrics, is reported and skipped (an error in strict mode); the other plugins still load.
    """


@hookspec
def kepatuhan_strategies() -> Sequence[Strategy]:  # type: ignore[empty-body]
    """Return the named strategies this plugin provides (respondent reductions, entity roll-ups).

    Called once per plugin when the registry loads, for every plugin before any
    ``kepatuhan_rubrics``, so a plugin's rubrics may name its own strategies. Return a
    sequence of :class:`kepatuhan.Strategy`, possibly empty. Strategies are process-wide:
    a name taken by another function (built-in or another plugin's) is rejected with an
    error naming both owners; returning the same function again is harmless. A hook that
    raises or returns anything else is reported and skipped (an error in strict mode).
    """
