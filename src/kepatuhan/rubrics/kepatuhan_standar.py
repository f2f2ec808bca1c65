"""Rubric plugin for the survei kepatuhan method: ``ombudsman-2015`` to ``-2019`` and ``-2021``."""

from __future__ import annotations

from collections.abc import Sequence

from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin

__all__ = ["kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """The editions of ``data/kepatuhan-standar-2015-2021.toml``: one definition, six years."""
    return list(load_builtin("kepatuhan-standar-2015-2021.toml"))
