"""Rubric plugin ``ombudsman-2023``: Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik 2023."""

from __future__ import annotations

from collections.abc import Sequence

from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin

__all__ = ["kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """The 2023 rubric, read from ``data/ombudsman-2023.toml``."""
    return [load_builtin("ombudsman-2023.toml")]
