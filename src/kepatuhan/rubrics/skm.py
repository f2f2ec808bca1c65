"""Rubric plugin for the public satisfaction survey: ``skm-2017`` and ``skm-2004``."""

from __future__ import annotations

from collections.abc import Sequence

from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin

__all__ = ["kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """``skm-2017.toml`` (Permenpan-RB 14/2017) and ``skm-2004.toml`` (Kepmenpan 25/2004)."""
    return [*load_builtin("skm-2017.toml"), *load_builtin("skm-2004.toml")]
