"""Rubric plugin for the Opini Ombudsman RI method of PO 61/2025: ``ombudsman-2025``."""

from __future__ import annotations

from collections.abc import Sequence

from ..crosswalk import Crosswalk
from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin, load_builtin_crosswalk

__all__ = ["kepatuhan_crosswalks", "kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """``data/opini-ombudsman-2025.toml``: four dimensions 70 %, public trust 30 %, opinion."""
    return list(load_builtin("opini-ombudsman-2025.toml"))


@hookimpl
def kepatuhan_crosswalks() -> Sequence[Crosswalk]:
    """The crosswalk from the Opini Pengawasan of 2024 to 2025."""
    return [load_builtin_crosswalk(name) for name in ("ombudsman-2024-2025.toml",)]
