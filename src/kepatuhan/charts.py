"""Charts drawn from Vega-Lite specs (:mod:`kepatuhan.draw_view` makes them) by
``vl-convert-python``, which installs with pip alone (no browser, no system library): the
``rapor`` extra, ``pip install 'kepatuhan[rapor]'``.

SVG for HTML rapors (self-contained, inline), PNG for the rest. The same spec gives the same
bytes: the fonts are the renderer's own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._frames import MissingBackendError

__all__ = ["chart_png", "chart_svg"]


def _renderer() -> Any:
    try:
        import vl_convert
    except ImportError as exc:
        raise MissingBackendError(
            "vl-convert-python is not installed; install it with: pip install 'kepatuhan[rapor]'"
        ) from exc
    return vl_convert


def chart_svg(spec: Mapping[str, Any]) -> str:
    """The chart as an SVG document."""
    svg: str = _renderer().vegalite_to_svg(json.loads(json.dumps(spec)))
    return svg


def chart_png(spec: Mapping[str, Any], *, scale: float = 2.0) -> bytes:
    """The chart as a PNG image, ``scale`` times its nominal size (2: sharp in print)."""
    png: bytes = _renderer().vegalite_to_png(json.loads(json.dumps(spec)), scale=scale)
    return png
