"""Asks for a built-in rubric when its module is imported."""

from __future__ import annotations

from collections.abc import Sequence

import kepatuhan as kp

BASE = kp.get_rubric("ombudsman-2024")


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    return [BASE.model_copy(update={"id": "impor-2024"})]
