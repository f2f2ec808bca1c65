"""Exporting a scored round: a printable workbook, one machine-readable CSV table, or JSON.

Every format is byte-reproducible: the same result gives the same file (no timestamps; the
workbook's document times are fixed).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..catalog import Language, Message
from ..errors import UnknownRubricError
from ..report_view import TOP_LOST, TOP_LOST_SHORT, ZONE_COLOURS, decimal_text, opinion_cells
from ..report_view import label as _t
from ..report_view import top_lost as _top_lost
from ..result_columns import RoundColumns
from ..results import RoundResult
from ..vocab import Zone
from ._excel import require_openpyxl, workbook_bytes
from ._print import printable_table
from ._safe_text import (
    FORMULA_START,
    csv_quote,
    needs_quoting,
    text_cell,
    xlsx_column,
    xlsx_rows,
    xlsx_text,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "CSV_FIXED_COLUMNS",
    "TOP_LOST",
    "Sheet",
    "csv_bytes",
    "json_bytes",
    "xlsx_bytes",
    "xlsx_sheets",
]

CSV_FIXED_COLUMNS = (
    "level", "code", "name", "entity", "kind", "unit_type", "input_level", "score", "zone",
    "grade", "label", "quality", "opinion", "without_maladministration", "awarded",
    "outstanding_products", "units_scored", "applicable", "assessed", "completeness",
    "missing", "not_applicable",
)  # fmt: skip
"""The CSV's first columns; then ``dimension.<id>`` and ``contribution.<id>`` per top-level
dimension, then ``lost_<k>`` and ``lost_<k>_points`` for k = 1…TOP_LOST."""

_HEADER_FILL = "D9D9D9"
_HEADER_ROW = 5  # title, rubric, synthetic-data warning (or blank), blank, header


@dataclass(frozen=True)
class _Meta:
    """What every export needs to know besides the rows."""

    dimensions: tuple[str, ...]
    names: dict[str, str]  # node id → name (ids themselves when the rubric is unknown)
    quality: bool  # bands carry a quality word (2025)
    opinion: bool  # the rubric writes an opinion with a qualifier (2025)


def _meta(result: RoundResult) -> _Meta:
    names: dict[str, str] = {}
    try:
        columns = result.columns
    except AttributeError:  # read back from JSON: names from the registered rubric, if any
        quality = any(u.quality is not None for u in result.units)
        quality = quality or any(e.quality is not None for e in result.entities)
        from ..registry import get_rubric

        opinion = any(
            e.opinion is not None or e.without_maladministration is not None or e.awarded
            for e in result.entities
        )
        try:
            rubric = get_rubric(result.rubric.id)
        except UnknownRubricError:
            pass
        else:
            names = {node.id: node.name for _, node in rubric.walk()}
            opinion = opinion or rubric.opinion is not None
        dims = tuple(result.units[0].dimensions) if result.units else ()
    else:
        used = {*columns.unit_band[columns.unit_has].tolist()}
        used |= {*columns.entity_band[columns.entity_has].tolist()}
        quality = any(columns.bands[b].quality is not None for b in used)
        names = dict(zip(columns.node_ids, columns.node_names, strict=True))
        dims = tuple(columns.node_ids[int(n)] for n in columns.top)
        opinion = columns.opinion is not None
    return _Meta(dims, names, quality, opinion)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))


# JSON ---------------------------------------------------------------------------------------


def json_bytes(result: RoundResult) -> bytes:
    """Exactly ``result.to_json()``, UTF-8. A lone surrogate in a name (which UTF-8 cannot
    encode) is written as its JSON escape ``\\ud800``, which reads back as the same text."""
    return result.to_json().encode("utf-8", "backslashreplace")


# CSV ----------------------------------------------------------------------------------------


def csv_bytes(result: RoundResult) -> bytes:
    """One table, entities first then units, with stable English column names.

    Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP; undone by
    ``kepatuhan.io._safe_text.csv_unquote``); a row holding a CR is quoted whole."""
    meta = _meta(result)
    header = list(CSV_FIXED_COLUMNS)
    header += [f"dimension.{d}" for d in meta.dimensions]
    header += [f"contribution.{d}" for d in meta.dimensions]
    for k in range(1, TOP_LOST + 1):
        header += [f"lost_{k}", f"lost_{k}_points"]
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def write(row: list[str]) -> None:
        row = [csv_quote(field) for field in row]
        (quoted if needs_quoting(row) else plain).writerow(row)

    plain.writerow(header)
    blank_dims = [""] * (2 * len(meta.dimensions) + 2 * TOP_LOST)
    for e in result.entities:
        fixed: dict[str, object] = {
            "level": "entity", "code": e.code, "name": e.name, "kind": e.kind,
            "score": e.score, "zone": e.zone, "grade": e.grade, "label": e.label,
            "quality": e.quality, "opinion": e.opinion,
            "without_maladministration": e.without_maladministration, "awarded": e.awarded,
            "outstanding_products": " ".join(e.outstanding_products),
            "units_scored": e.units_scored,
        }  # fmt: skip
        write([_text(fixed.get(c)) for c in CSV_FIXED_COLUMNS] + blank_dims)
    for u in result.units:
        c = u.completeness
        fixed = {
            "level": "unit", "code": u.code, "name": u.name, "entity": u.entity,
            "unit_type": u.unit_type, "input_level": u.input_level, "score": u.score,
            "zone": u.zone, "grade": u.grade, "label": u.label, "quality": u.quality,
            "applicable": c.applicable,
            "assessed": c.assessed, "completeness": f"{c.ratio:.4f}",
            "missing": " ".join(c.missing), "not_applicable": " ".join(c.not_applicable),
        }  # fmt: skip
        row = [_text(fixed.get(col)) for col in CSV_FIXED_COLUMNS]
        row += [_text(u.dimensions.get(d)) for d in meta.dimensions]
        row += [_text(u.contributions.get(d)) for d in meta.dimensions]
        lost = _top_lost(u)
        for k in range(TOP_LOST):
            row += [lost[k][0], str(lost[k][1])] if k < len(lost) else ["", ""]
        write(row)
    return buffer.getvalue().encode("utf-8", "backslashreplace")


# Workbook -----------------------------------------------------------------------------------

SHEET_NAMES: Mapping[str, Message] = {
    "entities": Message(en="Entities", id="Instansi"),
    "units": Message(en="Units", id="Unit"),
    "lost": Message(en="Points lost", id="Poin Hilang"),
}
"""The sheets of the results workbook (the "sheet" namespace of kepatuhan.catalog)."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of the results workbook as data: what kepatuhan decides (texts, values,
    formats); :func:`xlsx_bytes` hands it to openpyxl."""

    name: str
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int]
    score_cols: list[int]
    zone_col: int | None = None
    percent_col: int | None = None


def xlsx_sheets(result: RoundResult, lang: Language) -> list[Sheet]:
    """The three sheets of the results workbook (entities, units, points lost), prepared
    from the result's arrays when it has them (from its views when read back from JSON)."""
    meta = _meta(result)
    return [
        _entity_sheet(SHEET_NAMES["entities"].template(lang), result, meta, lang),
        _unit_sheet(SHEET_NAMES["units"].template(lang), result, meta, lang),
        _lost_sheet(SHEET_NAMES["lost"].template(lang), result, meta, lang),
    ]


def xlsx_bytes(result: RoundResult, lang: Language) -> bytes:
    """A workbook to print and read: entities, units, and the points each unit lost most."""
    openpyxl = require_openpyxl()
    sheets = xlsx_sheets(result, lang)
    wb = openpyxl.Workbook()
    title, synthetic = _title(result, lang)
    for k, sheet in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet(sheet.name)
        ws.title = sheet.name
        _write_table(ws, sheet, title, _rubric_line(result, lang), synthetic, lang)
    wb.properties.title = _t("title", lang)
    wb.properties.subject = result.rubric.id
    wb.properties.creator = "kepatuhan"
    wb.properties.lastModifiedBy = None
    return workbook_bytes(wb)


def _title(result: RoundResult, lang: Language) -> tuple[str, bool]:
    try:
        meta: Any = result.columns.meta
    except AttributeError:  # read back from JSON
        meta = result.model()
    title = _t("title", lang) + (f" — {meta.round_title}" if meta.round_title else "")
    return xlsx_text(title), bool(meta.synthetic)


def _rubric_line(result: RoundResult, lang: Language) -> str:
    info = result.rubric
    return xlsx_text(_t("rubric", lang, title=info.title, id=info.id, version=info.version))


def _entity_sheet(name: str, result: RoundResult, meta: _Meta, lang: Language) -> Sheet:
    keys = ["code", "entity_name", "kind", "province", "score", "zone", "grade", "label"]
    widths = [12, 36, 12, 20, 9, 9, 9, 22]
    if meta.quality:
        keys.append("quality")
        widths.append(12)
    if meta.opinion:
        keys += ["opinion", "without", "awarded", "outstanding"]
        widths += [44, 17, 12, 30]
    keys.append("units_scored")
    widths.append(12)
    rows: list[list[Any]] = []
    for e in result.entities:
        row = [e.code, e.name, _text(e.kind), e.province, e.score, _text(e.zone), e.grade, e.label]
        if meta.quality:
            row.append(e.quality)
        if meta.opinion:
            row += opinion_cells(e, lang)
        row.append(f"{e.units_scored} / {len(e.units)}")
        rows.append(row)
    rows = xlsx_rows(rows)
    headers = [_t(k, lang) for k in keys]
    return Sheet(name, headers, rows, widths, score_cols=[5], zone_col=6)


def _unit_sheet(name: str, result: RoundResult, meta: _Meta, lang: Language) -> Sheet:
    dims = meta.dimensions
    headers = [_t(k, lang) for k in ("unit_code", "unit_name", "entity", "unit_type")]
    headers += [_t("dimension", lang, name=meta.names.get(d, d)) for d in dims]
    headers += [_t("contribution", lang, name=meta.names.get(d, d)) for d in dims]
    tail = ["total", "zone", "grade", "label", *(["quality"] if meta.quality else []),
            "assessed", "completeness", "top"]  # fmt: skip
    headers += [_t(k, lang) for k in tail]
    headers = xlsx_column(headers)
    columns = _columns(result)
    if columns is not None:
        rows = _unit_rows_from_arrays(columns, meta, lang)
    else:
        rows = _unit_rows_from_views(result, meta, lang)
    n = len(dims)
    q = 1 if meta.quality else 0
    widths = [13, 28, 9, 11] + [11] * (2 * n) + [8, 8, 9, 16] + [10] * q + [9, 13, 24]
    total_col = 5 + 2 * n
    return Sheet(
        name, headers, rows, widths,
        score_cols=[*range(5, 5 + 2 * n), total_col], zone_col=total_col + 1,
        percent_col=total_col + 5 + q,
    )  # fmt: skip


def _columns(result: RoundResult) -> RoundColumns | None:
    try:
        return result.columns
    except AttributeError:
        return None


def _unit_rows_from_views(result: RoundResult, meta: _Meta, lang: Language) -> list[list[Any]]:
    dims = meta.dimensions
    rows: list[list[Any]] = []
    for u in result.units:
        c = u.completeness
        top = "; ".join(f"{k} {decimal_text(v, lang)}" for k, v in _top_lost(u, TOP_LOST_SHORT))
        row: list[Any] = [u.code, u.name, u.entity, _text(u.unit_type)]
        row += [u.dimensions.get(d) for d in dims]
        row += [u.contributions.get(d) for d in dims]
        row += [u.score, _text(u.zone), u.grade, u.label]
        row += [u.quality] if meta.quality else []
        row += [f"{c.assessed} / {c.applicable}", c.ratio, top]
        rows.append(row)
    return xlsx_rows(rows)


def _unit_rows_from_arrays(c: RoundColumns, meta: _Meta, lang: Language) -> list[list[Any]]:
    """The rows of :func:`_unit_rows_from_views`, read column by column from the arrays."""
    n_units = len(c.units)
    if n_units == 0:
        return []
    units = c.units
    per_band = [(_text(b.zone), b.grade, _safe(b.label), _safe(b.quality)) for b in c.bands]
    bands = [per_band[b] if h else ("", None, None, None)
             for b, h in zip(c.unit_band.tolist(), c.unit_has.tolist(), strict=True)]  # fmt: skip
    zone, grade, label, quality = (list(col) for col in zip(*bands, strict=True))
    applicable, assessed = c.applicable_count, c.assessed_count
    counts = [f"{a} / {b}" for a, b in zip(assessed.tolist(), applicable.tolist(), strict=True)]
    ratio = c.completeness_ratio.tolist()
    columns: list[list[Any]] = [
        xlsx_column([u.code for u in units]),
        xlsx_column([u.name for u in units]),
        xlsx_column([u.entity for u in units]),
        [u.unit_type.value for u in units],
        *c.dimension_decimals.T.tolist(),
        *c.contribution_decimals.T.tolist(),
        c.unit_scores.tolist(),
        zone,
        grade,
        label,
        *([quality] if meta.quality else []),
        counts,
        ratio,
        _top_texts(c, lang),
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def _top_texts(c: RoundColumns, lang: Language) -> list[str]:
    """``"id points; id points; …"`` of the three largest losses above zero of each unit."""
    order, scaled, shown = _top(c, TOP_LOST_SHORT)
    texts = np.empty(order.shape, dtype=object)
    if shown.any():
        uniq, inverse = np.unique(scaled[shown], return_inverse=True)
        numbers = np.array([decimal_text(c.decimal(v), lang) for v in uniq.tolist()], dtype=object)
        ids = np.array([f"{xlsx_text(i)} " for i in c.node_ids], dtype=object)
        texts[shown] = ids[order[shown]] + numbers[inverse.reshape(-1)]
    return ["; ".join(t for t in row if t is not None) for row in texts.tolist()]


def _top(c: RoundColumns, k: int) -> tuple[Any, Any, Any]:
    """Per unit, the nodes of its ``k`` largest losses, their points (scaled) and whether
    each is shown (reported and above zero: the shown ones come first)."""
    order = c.lost_order[:, :k]
    rows = np.arange(len(c.units))[:, None]
    scaled = c.lost_scaled[rows, order]
    return order, scaled, c.lost_nodes[rows, order] & (scaled > 0)


def _lost_sheet(name: str, result: RoundResult, meta: _Meta, lang: Language) -> Sheet:
    headers = [_t(k, lang) for k in ("unit_code", "unit_name", "rank", "indicator",
                                     "indicator_name", "points")]  # fmt: skip
    rows: list[list[Any]] = []
    c = _columns(result)
    if c is None:
        for u in result.units:
            for rank, (ident, points) in enumerate(_top_lost(u), start=1):
                rows.append([u.code, u.name, rank, ident, meta.names.get(ident, ident), points])
        rows = xlsx_rows(rows)
    else:
        from .._frames import decimals

        order, scaled, shown = _top(c, TOP_LOST)
        at_unit, at_rank = np.nonzero(shown)  # row by row, shown ones first: in rank order
        nodes = order[at_unit, at_rank]
        ids = np.array(xlsx_column(list(c.node_ids)), dtype=object)
        names = np.array(xlsx_column([meta.names.get(i, i) for i in c.node_ids]), dtype=object)
        columns = (
            np.array(xlsx_column([u.code for u in c.units]), dtype=object)[at_unit].tolist(),
            np.array(xlsx_column([u.name for u in c.units]), dtype=object)[at_unit].tolist(),
            (at_rank + 1).tolist(),
            ids[nodes].tolist(),
            names[nodes].tolist(),
            decimals(scaled[shown], c.precision).tolist(),
        )
        rows = [list(row) for row in zip(*columns, strict=True)]
    return Sheet(name, headers, rows, [14, 34, 10, 10, 50, 11], score_cols=[6])


def _write_table(
    ws: Worksheet, sheet: Sheet, title: str, rubric_line: str, synthetic: bool, lang: Language
) -> None:
    """Title block, one header row (repeated on every printed page), rows, print setup."""
    from openpyxl.styles import Font, PatternFill

    headers, rows, widths = sheet.headers, sheet.rows, sheet.widths
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=rubric_line)
    if synthetic:
        warning = ws.cell(row=3, column=1, value=_t("synthetic", lang))
        warning.font = Font(bold=True, color="C00000", size=12)
    header_row = _HEADER_ROW
    for col, text in enumerate(headers, start=1):
        text_cell(ws.cell(row=header_row, column=col, value=text))
    for r, row in enumerate(rows, start=header_row + 1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if type(value) is str and value[:1] in FORMULA_START:
                text_cell(cell)
    last = header_row + len(rows)
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=header_row, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for col in sheet.score_cols:
        for r in range(header_row + 1, last + 1):
            ws.cell(row=r, column=col).number_format = "0.00"
    if sheet.percent_col is not None:
        for r in range(header_row + 1, last + 1):
            ws.cell(row=r, column=sheet.percent_col).number_format = "0%"
    if sheet.zone_col is not None:
        for r in range(header_row + 1, last + 1):
            cell = ws.cell(row=r, column=sheet.zone_col)
            style = ZONE_COLOURS.get(Zone(str(cell.value))) if cell.value else None
            if style is not None:
                cell.fill = PatternFill("solid", fgColor=style.fill)
                cell.font = Font(bold=True, color=style.font)
    printable_table(ws, header_row, last, widths)


def _safe(text: str | None) -> str | None:
    return None if text is None else xlsx_text(text)
