"""Prints to stdout when imported and in its hook (would corrupt ``--format json``)."""

from __future__ import annotations

from collections.abc import Sequence

import kepatuhan as kp

print("halo dari plugin (impor)")


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    print("halo dari plugin (hook)")
    return []
