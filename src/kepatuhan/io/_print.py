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

__all__ = ["PLAIN", "fit_rows", "printable_table"]

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


def printable_table(ws: Worksheet, header_row: int, last_row: int, widths: Sequence[float]) -> None:
    """A table sheet that prints: column widths, the header frozen and repeated on every
    page, A4 landscape fitted to the page width, grid lines, and rows as tall as their
    wrapped text."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    from ._cells import column_letter

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    fit_rows(ws, [header_row], widths, chars_per_unit=BOLD)
    fit_rows(ws, range(header_row + 1, last_row + 1), widths)
