"""Derives next year's rubric from a built-in one inside its hook."""

from __future__ import annotations

from collections.abc import Sequence

import kepatuhan as kp


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    return [kp.get_rubric("ombudsman-2024").model_copy(update={"id": "turunan-2024"})]
