"""The rapor as one self-contained HTML document: Jinja2 (autoescaped) over the content model,
inline CSS for screen and A4 print, and the charts as inline SVG (vl-convert).

Every text comes from :mod:`kepatuhan.rapor_content`; the template only lays it out.
Autoescaping is on for the whole template, so a name such as ``<script>`` is shown, not run;
the only markup inserted as is are the SVG charts, which vl-convert writes with their texts
escaped.
"""

from __future__ import annotations

from typing import Any

from ._frames import MissingBackendError
from .charts import chart_svg
from .rapor_content import Rapor

__all__ = ["render_html"]

INSTALL = 'install it with: pip install "kepatuhan[rapor]"'


def _environment() -> Any:
    try:
        import jinja2
    except ImportError as exc:
        raise MissingBackendError(f"Jinja2 is not installed; {INSTALL}") from exc
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kepatuhan", "templates/rapor"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def render_html(rapor: Rapor) -> bytes:
    """The rapor as UTF-8 HTML bytes (the same content gives the same bytes)."""
    env = _environment()
    from markupsafe import Markup

    charts = [
        [Markup(_svg_body(chart_svg(s.chart))) if s.chart is not None else None for s in p.sections]
        for p in rapor.pages
    ]
    html: str = env.get_template("rapor.html.j2").render(rapor=rapor, charts=charts)
    return html.encode("utf-8")


def _svg_body(svg: str) -> str:
    """The SVG element alone (vl-convert writes no XML prolog, but one would be dropped)."""
    start = svg.find("<svg")
    return svg[start:] if start > 0 else svg
