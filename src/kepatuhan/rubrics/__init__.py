"""Built-in rubric plugins. Each is an ordinary plugin module, registered like an external one."""

from __future__ import annotations

from importlib.resources import as_file, files

from ..rubric import Rubric
from ..rubric_file import load_rubrics

__all__ = ["load_builtin"]


def load_builtin(name: str) -> tuple[Rubric, ...]:
    """Every rubric (edition) of a data file shipped in ``kepatuhan/rubrics/data``."""
    resource = files(__package__).joinpath("data", name)
    with as_file(resource) as path:
        return load_rubrics(path)
