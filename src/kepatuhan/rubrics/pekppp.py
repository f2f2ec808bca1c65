"""Rubric plugin for KemenPAN-RB's PEKPPP evaluation: ``pekppp-2022`` (IPP on 0–5)."""

from __future__ import annotations

from collections.abc import Sequence

from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin

__all__ = ["kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """``data/pekppp-2022.toml``: six aspects, indicators 0–5, Indeks Pelayanan Publik 0–5."""
    return list(load_builtin("pekppp-2022.toml"))
