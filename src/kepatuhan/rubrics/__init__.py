"""Built-in rubric plugins. Each is an ordinary plugin module, registered like an external one."""

from __future__ import annotations

from importlib.resources import as_file, files

from ..crosswalk import Crosswalk
from ..crosswalk_file import load_crosswalk
from ..rubric import Rubric
from ..rubric_file import load_rubrics

__all__ = ["load_builtin", "load_builtin_crosswalk"]


def load_builtin(name: str) -> tuple[Rubric, ...]:
    """Every rubric (edition) of a data file shipped in ``kepatuhan/rubrics/data``."""
    resource = files(__package__).joinpath("data", name)
    with as_file(resource) as path:
        return load_rubrics(path)


def load_builtin_crosswalk(name: str) -> Crosswalk:
    """A crosswalk shipped in ``kepatuhan/rubrics/data/crosswalks``."""
    resource = files(__package__).joinpath("data", "crosswalks", name)
    with as_file(resource) as path:
        return load_crosswalk(path)
