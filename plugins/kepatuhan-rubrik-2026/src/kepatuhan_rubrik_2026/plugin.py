"""The plugin: one hook that returns the rubric read from the package's data file."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import as_file, files

import kepatuhan as kp

RUBRIC_FILE = "ombudsman-2026-draft.toml"


def load() -> kp.Rubric:
    """Read and validate the draft 2026 rubric."""
    with as_file(files(__package__).joinpath("data", RUBRIC_FILE)) as path:
        return kp.load_rubric(path)


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    """Register ``ombudsman-2026-draft``."""
    return [load()]
