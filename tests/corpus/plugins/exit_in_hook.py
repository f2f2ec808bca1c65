"""Calls ``sys.exit`` in its hook."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import kepatuhan as kp


@kp.hookimpl
def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
    sys.exit("selesai")
