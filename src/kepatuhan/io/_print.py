"""Rows that print whole: wrapped text and a row height for the lines it takes.

Neither Excel nor LibreOffice grows a row on opening a file because its text wraps, so a
printed sheet would cut long names and headers. The height is estimated from the column
width (in widths of a "0"): plain text fits a little more than one character per unit,
bold or larger text less; erring on the long side leaves a blank line, never cut text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["PLAIN", "fit_rows"]

PLAIN = 1.1
"""Characters of plain 11-point text per unit of column width."""
BOLD = 0.95
"""The same for bold 11-point text (table headers)."""


def fit_rows(
    ws: Worksheet,
    rows: Iterable[int],
    widths: Sequence[float],
    *,
    chars_per_unit: float = PLAIN,
    line_height: float = 15.0,
) -> None:
    """Wrap every cell of ``rows`` (columns 1… as many as ``widths``) at the top, and set a
    row's height to ``line_height`` × its longest cell's lines when that is more than one."""
    from openpyxl.styles import Alignment

    for r in rows:
        lines = 1
        for col, width in enumerate(widths, start=1):
            cell = ws.cell(row=r, column=col)
            if isinstance(cell.value, str):
                chars = max(int(width * chars_per_unit), 4)
                lines = max(lines, sum(len(textwrap.wrap(p, chars) or [""])
                                       for p in cell.value.split("\n")))  # fmt: skip
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if lines > 1:
            ws.row_dimensions[r].height = line_height * lines
