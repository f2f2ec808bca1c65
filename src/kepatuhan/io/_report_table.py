"""One report table as data, and its two layouts: a CSV table and a printable workbook.

What kepatuhan decides (texts, values, number formats, the lines above the table, the zone
column) is data (:class:`ReportTable`); :func:`table_csv` and :func:`table_xlsx` only lay it
out, with the defences every writer has (:mod:`kepatuhan.io._safe_text`): a CSV field that
starts like a formula gets a leading apostrophe, a workbook cell holds text, never a formula;
the workbook bytes are reproducible (fixed times).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..report_view import ZONE_COLOURS
from ..vocab import Zone
from ._excel import require_openpyxl, workbook_bytes
from ._print import printable_table
from ._safe_text import csv_quote, needs_quoting, text_cell, xlsx_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["ReportTable", "table_csv", "table_xlsx"]


@dataclass(frozen=True)
class ReportTable:
    """One report table as data: what kepatuhan decides (texts, values, formats); the CSV
    and the workbook writers only lay it out."""

    sheet: str
    head: list[str]  # lines above the table in the workbook
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int]
    formats: dict[int, str]  # column (0-based) → number format
    bold_rows: frozenset[int] = frozenset()
    zone_col: int | None = None


# CSV ------------------------------------------------------------------------------------------


def _field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | Decimal):  # a figure of ours: "-0.14" is a number, not a formula
        return str(value)
    return csv_quote(str(value))


def table_csv(table: ReportTable) -> bytes:
    """One table: the header row, then the rows. Text a spreadsheet would run as a formula
    gets a leading apostrophe (OWASP); a row holding a CR is quoted whole."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in [table.headers, *table.rows]:
        fields = [_field(v) for v in row]
        (quoted if needs_quoting(fields) else plain).writerow(fields)
    return buffer.getvalue().encode("utf-8", "backslashreplace")


# Workbook -------------------------------------------------------------------------------------

_HEADER_FILL = "D9D9D9"


def table_xlsx(table: ReportTable) -> bytes:
    """A workbook to print: the lines above the table, one header row (repeated on every
    printed page), the rows, as the results workbook of :func:`kepatuhan.io.export_result`."""
    openpyxl = require_openpyxl()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = xlsx_text(table.sheet)
    _write(ws, table)
    wb.properties.title = table.head[0]
    wb.properties.creator = "kepatuhan"
    wb.properties.lastModifiedBy = None
    return workbook_bytes(wb)


def _write(ws: Worksheet, table: ReportTable) -> None:
    from openpyxl.styles import Font, PatternFill

    for r, line in enumerate(table.head, start=1):
        text_cell(ws.cell(row=r, column=1, value=xlsx_text(line)))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    header_row = len(table.head) + 2
    for col, text in enumerate(table.headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for k, row in enumerate(table.rows):
        r = header_row + 1 + k
        for col, value in enumerate(row):
            cell = ws.cell(row=r, column=col + 1, value=_cell(value))
            text_cell(cell)
            if col in table.formats and isinstance(value, int | float | Decimal):
                cell.number_format = table.formats[col]
            if k in table.bold_rows:
                cell.font = Font(bold=True)
        if table.zone_col is not None and row[table.zone_col]:
            style = ZONE_COLOURS.get(Zone(row[table.zone_col]))
            if style is not None:
                zone = ws.cell(row=r, column=table.zone_col + 1)
                zone.fill = PatternFill("solid", fgColor=style.fill)
                zone.font = Font(bold=True, color=style.font)
    printable_table(ws, header_row, header_row + len(table.rows), table.widths)


def _cell(value: object) -> Any:
    return xlsx_text(value) if isinstance(value, str) else value
