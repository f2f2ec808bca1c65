"""Asks for a rubric no plugin provides."""

from __future__ import annotations

from collections.abc import Sequence

import kepatuhan as kp


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    return [kp.get_rubric("ombudsman-1999")]
