"""Rubric plugin for the Opini Pengawasan method: ``ombudsman-2022``, ``-2023``, ``-2024``."""

from __future__ import annotations

from collections.abc import Sequence

from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin

__all__ = ["kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """The editions of ``data/opini-pengawasan-2022-2024.toml``: one definition, three years."""
    return list(load_builtin("opini-pengawasan-2022-2024.toml"))
