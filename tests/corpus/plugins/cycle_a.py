"""Derives from ``cycle_b``'s rubric, which derives from this one's: a cycle."""

from __future__ import annotations

from collections.abc import Sequence

import kepatuhan as kp


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    return [kp.get_rubric("siklus-b").model_copy(update={"id": "siklus-a"})]
