"""Derives from a rubric another plugin (``derive_in_hook``) provides, whatever the order."""

from __future__ import annotations

from collections.abc import Sequence

import kepatuhan as kp


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    return [kp.get_rubric("turunan-2024").model_copy(update={"id": "turunan-kedua"})]
