"""The rapor as PDF, typeset by Typst (the ``typst`` package: pip alone, no system library).

The content model goes to Typst as JSON in a private temporary directory, beside the
package's own template (``templates/rapor/rapor.typ``) and the charts as SVG files; Typst
reads it with ``json(...)``, so no user text is ever spliced into Typst markup. Only the fonts
built into Typst are used (``ignore_system_fonts``) and the document carries no date, so the
same content gives the same bytes on every machine.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from ._frames import MissingBackendError
from .charts import chart_svg
from .rapor_content import Rapor
from .rapor_texts import t

__all__ = ["render_pdf"]

TEMPLATE = "rapor.typ"


def _typst() -> Any:
    try:
        import typst
    except ImportError as exc:
        raise MissingBackendError(
            'typst is not installed; install it with: pip install "kepatuhan[rapor]"'
        ) from exc
    return typst


_SHORT = 18  # a text column no longer than this is as wide as its content, never wrapped


def _widths(table: dict[str, Any]) -> list[int]:
    """Each column's share of the width: 0 (as wide as its content) for figures and short
    texts (a zone, a grade, a unit type), else its longest text, capped, so that long reasons
    wrap in a wide column, not word by word."""
    columns, rows, numeric = table["columns"], table["rows"], table["numeric"]
    out = []
    for i in range(len(columns)):
        longest = max([len(columns[i]), *(len(row[i]["text"]) for row in rows)])
        out.append(0 if numeric[i] or longest <= _SHORT else min(longest, 60))
    return out


def _with_widths(value: Any) -> Any:
    """The content as JSON data, each table (a dict with columns, rows and numeric) given
    the widths of its columns."""
    if isinstance(value, dict):
        out = {k: _with_widths(v) for k, v in value.items()}
        if {"columns", "rows", "numeric"} <= value.keys():
            out["widths"] = _widths(value)
        return out
    if isinstance(value, list | tuple):
        return [_with_widths(v) for v in value]
    return value


def render_pdf(rapor: Rapor) -> bytes:
    """The rapor as PDF bytes (A4; each page of the content starts a new sheet)."""
    typst = _typst()
    data = _with_widths(dataclasses.asdict(rapor))
    data["page_word"] = t("page_of", rapor.lang)
    with tempfile.TemporaryDirectory(prefix="kepatuhan-rapor-") as tmp:
        root = Path(tmp)
        charts: list[list[str | None]] = []
        for i, page in enumerate(rapor.pages):
            names: list[str | None] = []
            for j, section in enumerate(page.sections):
                if section.chart is None:
                    names.append(None)
                    continue
                name = f"chart-{i}-{j}.svg"
                (root / name).write_text(chart_svg(section.chart), encoding="utf-8")
                names.append(name)
            charts.append(names)
        data["charts"] = charts
        (root / "content.json").write_text(
            json.dumps(data, ensure_ascii=False, sort_keys=True, default=str), encoding="utf-8"
        )
        template = resources.files("kepatuhan").joinpath("templates", "rapor", TEMPLATE)
        (root / TEMPLATE).write_bytes(template.read_bytes())
        pdf: bytes = typst.compile(
            str(root / TEMPLATE),
            root=str(root),
            ignore_system_fonts=True,
            sys_inputs={"content": "content.json"},
        )
    return pdf
