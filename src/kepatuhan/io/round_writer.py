"""Writing a round as a data file that ``read_round`` reads back: a filled template
workbook, a long CSV file, or the round's JSON.

Each writer is the inverse of its reader. What a format cannot carry is refused with a
located problem before anything is written, never dropped: the round's title, note and
synthetic flag, dimension scores, oversight products and units without answers in CSV,
collection dates outside JSON, text that would not read back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from ..catalog import Message
from ..compile import ROLE_CODES
from ..errors import InvalidRoundError, Language, Problem
from ..responses import STATUS_CODES, ResponseTable
from ..round import Round
from ..rubric import Rubric
from ..validation import validate
from ..vocab import ResponseStatus
from ._assemble import Collector
from ._cells import number_text, yes_no
from ._excel import workbook_bytes
from ._safe_text import csv_quote, formula_like
from .layout import (
    ANSWER_COLUMNS,
    ANSWER_FIRST_ROW,
    ANSWER_HEADER_ROW,
    CSV_COLUMNS,
    DIMENSION_COLUMNS,
    DIMENSION_FORMS,
    ENTITY_COLUMNS,
    OVERSIGHT_COLUMNS,
    OVERSIGHT_FIRST_ROW,
    ROUND_FIELDS,
    SHEET_ANSWERS,
    SHEET_DIMENSIONS,
    SHEET_ENTITIES,
    SHEET_OVERSIGHT,
    SHEET_ROUND,
    SHEET_UNITS,
    UNIT_COLUMNS,
    Column,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["round_bytes"]

Value = str | float | date | None
"""What a cell is given: text, a number, a date, or nothing."""

CELL_LIMIT = 32_767
"""Characters Excel keeps in one cell (openpyxl cuts longer text off)."""

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff\ud800-\udfff]")
"""Characters a workbook cell cannot hold (``\\r`` is read back as ``\\n``)."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_ROLE_WORDS = {code: role.value for role, code in ROLE_CODES.items()}
_STATUS_WORDS = {code: status.value for status, code in STATUS_CODES.items()}
_ANSWERED = STATUS_CODES[ResponseStatus.ANSWERED]
_FORM_WORDS = {form: word for word, form in DIMENSION_FORMS.items()}
NOT_IN_CSV: Mapping[str, Message] = {
    "title": Message(en="the round's title", id="judul penilaian"),
    "note": Message(en="the round's note", id="catatan penilaian"),
    "synthetic": Message(en="the synthetic-data flag", id="penanda data sintetis"),
    "dimension_scores": Message(en="dimension scores", id="nilai dimensi"),
    "oversight_products": Message(en="oversight products", id="produk pengawasan"),
}
"""What a CSV file has no place for: the round's field → its name (the "round_field"
namespace of kepatuhan.catalog; a param of the problem not_in_csv)."""


def round_bytes(round_: Round, rubric: Rubric, name: str, kind: str, lang: Language) -> bytes:
    """``round_`` as a ``kind`` file (xlsx, csv, json) after checking it fits ``rubric``
    (:class:`InvalidRoundError`) and ``kind`` (:class:`InvalidFileError`, subject ``name``)."""
    if round_.rubric != rubric.id:
        params = {"found": round_.rubric, "expected": rubric.id}
        raise InvalidRoundError([Problem("rubric", "round_rubric_mismatch", params)])
    validate(round_, rubric, missing="exclude")
    if kind == "xlsx":
        from .template import refuse_column_clashes

        refuse_column_clashes(rubric, name)
    found = Collector(name)
    if kind != "json":
        _refuse_unkept(round_, kind, found)
    found.raise_if_any()
    if kind == "xlsx":
        return _xlsx_bytes(round_, rubric, lang)
    if kind == "csv":
        return _csv_text(round_, lang).encode("utf-8")
    return round_.model_dump_json().encode("utf-8")


# What a format cannot carry -----------------------------------------------------------------


def _refuse_unkept(round_: Round, kind: str, found: Collector) -> None:
    """Report every part of ``round_`` that a ``kind`` file would not read back as it is."""
    n = 0

    def add(location: str, code: str, params: dict[str, object]) -> None:
        nonlocal n
        n += 1
        found.add(location, (0, n, 0), code, params)

    table = round_.responses
    if table.collected is not None:
        dated = [i for i, day in enumerate(table.collected) if day is not None]
        if dated:
            params = {"count": len(dated), "format": kind}
            add(f"responses[{dated[0]}].collected", "collected_needs_json", params)
    if kind == "csv":
        # The round's own fields: losing ``synthetic`` would pass example data off as real.
        held = {
            "title": round_.title is not None,
            "note": round_.note is not None,
            "synthetic": round_.synthetic,
            "dimension_scores": bool(round_.dimension_scores),
            "oversight_products": round_.oversight_products is not None,  # () too: recorded
        }
        for field, present in held.items():
            if present:
                add(field, "not_in_csv", {"field": field, "what": NOT_IN_CSV[field]})
        answered = {table.unit_codes[k] for k in np.unique(table.unit).tolist()}
        units_of = {u.entity for u in round_.units if u.code in answered}
        for i, unit in enumerate(round_.units):
            if unit.code not in answered:
                add(f"units[{i}]", "csv_needs_answers", {"code": unit.code})
        for i, entity in enumerate(round_.entities):
            if entity.code not in units_of:
                add(f"entities[{i}]", "csv_needs_answers", {"code": entity.code})
    for location, text in _texts(round_, kind):
        if not _kept(text, kind):
            shown = text if len(text) <= 60 else text[:60] + "…"
            add(location, "text_not_kept", {"text": shown, "format": kind})


def _kept(text: str, kind: str) -> bool:
    """Whether ``text`` reads back unchanged from a ``kind`` file (readers trim cells)."""
    if not text or text != text.strip():
        return False
    if kind == "xlsx":
        return len(text) <= CELL_LIMIT and _XML_UNSAFE.search(text) is None
    return _SURROGATE.search(text) is None  # not encodable as UTF-8


def _texts(round_: Round, kind: str) -> Iterator[tuple[str, str]]:
    """``(field path, text)`` of every text the file holds."""
    xlsx = kind == "xlsx"
    if xlsx:
        yield from (
            (name, text)
            for name, text in (("title", round_.title), ("note", round_.note))
            if text is not None
        )
    for i, e in enumerate(round_.entities):
        yield from _fields(f"entities[{i}]", code=e.code, name=e.name, province=e.province)
    for i, u in enumerate(round_.units):
        yield from _fields(f"units[{i}]", code=u.code, name=u.name, sector=u.sector)
    table = round_.responses
    codes, first = np.unique(table.respondent, return_index=True)
    for k, i in zip(codes.tolist(), first.tolist(), strict=True):
        if k >= 0:
            yield f"responses[{i}].respondent", table.respondent_codes[k]
    seen: set[str] = set()
    for i, link in enumerate(table.evidence or ()):
        if link is not None and link not in seen:
            seen.add(link)
            yield f"responses[{i}].evidence", link
    if xlsx:
        for i, ds in enumerate(round_.dimension_scores):
            yield from _fields(f"dimension_scores[{i}]", dimension=ds.dimension)
        for i, p in enumerate(round_.oversight_products or ()):
            yield from _fields(f"oversight_products[{i}]", reference=p.reference, note=p.note)


def _fields(root: str, **texts: str | None) -> Iterator[tuple[str, str]]:
    return ((f"{root}.{name}", text) for name, text in texts.items() if text is not None)


# xlsx ---------------------------------------------------------------------------------------


def _xlsx_bytes(round_: Round, rubric: Rubric, lang: Language) -> bytes:
    """The rubric's template (as ``write_template`` makes it) with its sheets filled in."""
    from .template import template_workbook

    # A rubric without an opinion rule has no Produk Pengawasan sheet; a round that records
    # products for it gets one, which the reader reads and keeps.
    extra = rubric.opinion is None and round_.oversight_products is not None
    wb = template_workbook(rubric, lang, oversight=True if extra else None)
    ws = wb[SHEET_ROUND]
    values = {"title": round_.title, "synthetic": yes_no(round_.synthetic, lang),
              "note": round_.note}  # fmt: skip
    for row, field in enumerate(ROUND_FIELDS, start=2):  # as the template lists them
        _put(ws, row, 2, values[field.key])
    _table(
        wb[SHEET_ENTITIES],
        ENTITY_COLUMNS,
        2,
        ({"code": e.code, "name": e.name, "kind": e.kind.value, "province": e.province}
         for e in round_.entities),
    )  # fmt: skip
    _table(
        wb[SHEET_UNITS],
        UNIT_COLUMNS,
        2,
        ({"code": u.code, "name": u.name, "entity": u.entity, "unit_type": u.unit_type.value,
          "sector": u.sector} for u in round_.units),
    )  # fmt: skip
    _answers(wb[SHEET_ANSWERS], round_.responses)
    _table(
        wb[SHEET_DIMENSIONS],
        DIMENSION_COLUMNS,
        2,
        ({"unit": ds.unit, "dimension": ds.dimension, "value": _number_cell(ds.value),
          "form": _FORM_WORDS[ds.form]} for ds in round_.dimension_scores),
    )  # fmt: skip
    if SHEET_OVERSIGHT in wb.sheetnames:
        products = round_.oversight_products
        ws = wb[SHEET_OVERSIGHT]
        _put(ws, 1, 2, yes_no(products is not None, lang))  # B1: recorded?
        # Ditindaklanjuti is written in Indonesian in both languages, as its dropdown offers.
        _table(
            ws,
            OVERSIGHT_COLUMNS,
            OVERSIGHT_FIRST_ROW,
            ({"entity": p.entity, "kind": p.kind.value, "reference": p.reference,
              "issued": p.issued, "followed_up": yes_no(p.followed_up, "id"),
              "note": p.note} for p in products or ()),
        )  # fmt: skip
    return workbook_bytes(wb)


def _answers(ws: Worksheet, table: ResponseTable) -> None:
    """Jawaban: one row per unit, role, respondent and evidence link, in order of first
    answer; anonymous answers to one indicator go to as many rows as there are."""
    fixed = len(ANSWER_COLUMNS)
    column = {
        str(ws.cell(ANSWER_HEADER_ROW, col).value): col
        for col in range(fixed + 1, ws.max_column + 1)
    }
    n = len(table)
    units = [table.unit_codes[k] for k in table.unit.tolist()] if n else []
    indicators = [table.indicator_codes[k] for k in table.indicator.tolist()] if n else []
    respondents = [None if k < 0 else table.respondent_codes[k] for k in table.respondent.tolist()]
    roles = [_ROLE_WORDS.get(k) for k in table.role.tolist()]
    statuses = table.status.tolist()
    values = table.value.tolist()
    evidence = table.evidence or (None,) * n
    rows: list[dict[int, Value]] = []
    rows_of: dict[tuple[str, str | None, str | None, str | None], list[int]] = {}
    used: dict[tuple[object, ...], int] = {}
    for i in range(n):
        key = (units[i], roles[i], respondents[i], evidence[i])
        own = rows_of.setdefault(key, [])
        k = used.get((key, indicators[i]), 0)
        used[key, indicators[i]] = k + 1
        if k == len(own):
            own.append(len(rows))
            fixed_cells = dict(zip(("unit", "role", "respondent", "evidence"), key, strict=True))
            rows.append({col: fixed_cells[c.key] for col, c in enumerate(ANSWER_COLUMNS, 1)})
        status = statuses[i]
        rows[own[k]][column[indicators[i]]] = (
            _number_cell(values[i]) if status == _ANSWERED else _STATUS_WORDS[status]
        )
    for r, cells in enumerate(rows, start=ANSWER_FIRST_ROW):
        for col, value in cells.items():
            _put(ws, r, col, value)


def _table(
    ws: Worksheet, columns: tuple[Column, ...], first: int, items: Iterator[dict[str, Value]]
) -> None:
    for row, item in enumerate(items, start=first):
        for col, column in enumerate(columns, start=1):
            _put(ws, row, col, item[column.key])


def _put(ws: Worksheet, row: int, col: int, value: Value) -> None:
    if value is None:
        return
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula ("=…") or an error value ("#N/A")
        if formula_like(value):
            cell.quotePrefix = True  # nor one once edited in Excel (read back unchanged)


def _number_cell(value: float) -> int | float | str:
    """An int if integer-valued, else the float; as exact text (which the reader reads as
    the same number) when openpyxl's 16 significant digits would change it."""
    if float(f"{value:.16g}") != value:
        return number_text(value)
    return int(value) if value.is_integer() else value


# CSV ----------------------------------------------------------------------------------------


def _csv_text(round_: Round, lang: Language) -> str:
    """The long CSV: one row per answer in the round's order, headers in ``lang``.

    Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP), which the
    CSV reader takes off again (``_safe_text.csv_unquote``)."""
    q = csv_quote
    entities = {e.code: e for e in round_.entities}
    record: dict[str, dict[str, str]] = {}
    for u in round_.units:
        e = entities[u.entity]
        record[u.code] = {
            "entity_code": q(e.code), "entity_name": q(e.name), "entity_kind": e.kind.value,
            "province": q(e.province or ""), "unit_code": q(u.code), "unit_name": q(u.name),
            "unit_type": u.unit_type.value, "sector": q(u.sector or ""),
        }  # fmt: skip
    table = round_.responses
    n = len(table)
    evidence = table.evidence or (None,) * n
    out = io.StringIO()
    writer = csv.writer(out)  # "\r\n" line ends: fields holding "\r" or "\n" are quoted
    writer.writerow([c.header(lang) for c in CSV_COLUMNS])
    keys = [c.key for c in CSV_COLUMNS]
    units, indicators = table.unit.tolist(), table.indicator.tolist()
    respondents, roles = table.respondent.tolist(), table.role.tolist()
    indicator_codes = [q(code) for code in table.indicator_codes]
    respondent_codes = [q(code) for code in table.respondent_codes]
    statuses, values = table.status.tolist(), table.value.tolist()
    for i in range(n):
        answered = statuses[i] == _ANSWERED
        row = {
            **record[table.unit_codes[units[i]]],
            "indicator": indicator_codes[indicators[i]],
            "respondent": "" if respondents[i] < 0 else respondent_codes[respondents[i]],
            "role": _ROLE_WORDS.get(roles[i], ""),
            "value": number_text(values[i]) if answered else "",
            "status": "" if answered else _STATUS_WORDS[statuses[i]],
            "evidence": q(evidence[i] or ""),
        }
        writer.writerow([row[k] for k in keys])
    return out.getvalue()
