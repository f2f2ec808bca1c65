"""Rubric plugin for the Opini Pengawasan method: ``ombudsman-2022``, ``-2023``, ``-2024``."""

from __future__ import annotations

from collections.abc import Sequence

from ..crosswalk import Crosswalk
from ..hookspecs import hookimpl
from ..rubric import Rubric
from . import load_builtin, load_builtin_crosswalk

__all__ = ["kepatuhan_crosswalks", "kepatuhan_rubrics"]


@hookimpl
def kepatuhan_rubrics() -> Sequence[Rubric]:
    """The editions of ``data/opini-pengawasan-2022-2024.toml``: one definition, three years."""
    return list(load_builtin("opini-pengawasan-2022-2024.toml"))


@hookimpl
def kepatuhan_crosswalks() -> Sequence[Crosswalk]:
    """The crosswalks into these years: 2021 → 2022, 2022 → 2023, 2023 → 2024."""
    return [
        load_builtin_crosswalk(name)
        for name in (
            "ombudsman-2021-2022.toml",
            "ombudsman-2022-2023.toml",
            "ombudsman-2023-2024.toml",
        )
    ]
