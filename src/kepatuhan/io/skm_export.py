"""The SKM report as a file: a printable workbook, one CSV table, or JSON.

What an agency prints from its SKM calculator (PermenPAN-RB 14/2017): per unit the
respondents, the index (1–4), the converted value (IKM 25–100), mutu and kinerja; per unsur
the sum of the answers, NRR, weighted NRR and mutu; the convention that computed them; the
respondents against the sample the population requires (when a population is given); and
the index per profile value (when breakdowns are given). NRR and weighted NRR are written at
one fixed number of decimals per file. Every format is byte-reproducible.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from ..catalog import Language, Message
from ..errors import InvalidFileError, Problem
from ..skm import SkmResult, SkmUnitResult, UnsurScore
from ..skm_sample import SampleCheck, SampleReport
from ._excel import require_openpyxl, workbook_bytes
from ._print import printable_table
from ._safe_text import csv_quote, needs_quoting, text_cell, xlsx_text
from ._streams import BinaryWriter, Target, name_of, write_all, writer

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "CSV_COLUMNS",
    "NRR_DECIMALS",
    "SKM_FORMATS",
    "SkmBreakdownLike",
    "SkmBreakdownRowLike",
    "export_skm",
    "skm_csv_bytes",
    "skm_format",
    "skm_json_bytes",
    "skm_xlsx_bytes",
]

_W = TypeVar("_W", bound=BinaryWriter)

SKM_FORMATS: Mapping[str, tuple[str, ...]] = {
    "xlsx": (".xlsx",),
    "csv": (".csv",),
    "json": (".json",),
}
"""The SKM report's file formats and their suffixes."""

NRR_DECIMALS = 3
"""Decimals of NRR and weighted NRR in a report file (more if the convention rounds them
to more); the index is written to 4 unless the convention rounds it to more."""

CSV_COLUMNS = (
    "level", "unit_code", "unit_name", "entity", "unsur", "unsur_name", "profile",
    "profile_value", "respondents", "total", "nrr", "weighted_nrr", "index", "converted",
    "grade", "label", "population", "required", "shortfall", "convention",
)  # fmt: skip
"""The columns of the SKM CSV: one row per unit (``level`` = ``unit``), then its unsur
(``unsur``), then its profile breakdowns (``profile``)."""


class SkmBreakdownRowLike(Protocol):
    """One unit's respondents with one profile value (jenis kelamin = P) and their index."""

    @property
    def unit(self) -> str: ...
    @property
    def value(self) -> str | None: ...
    @property
    def respondents(self) -> int: ...
    @property
    def index(self) -> Decimal | None: ...
    @property
    def converted(self) -> Decimal | None: ...
    @property
    def grade(self) -> str | None: ...
    @property
    def label(self) -> str | None: ...


class SkmBreakdownLike(Protocol):
    """The index per value of one profile column (``kepatuhan.skm_breakdown``'s result): the
    report's profile table takes any object of this shape."""

    @property
    def column(self) -> str: ...
    @property
    def rows(self) -> Sequence[SkmBreakdownRowLike]: ...


TEXTS: Mapping[str, Message] = {
    "title": Message(en="Public Satisfaction Survey (SKM)", id="Survei Kepuasan Masyarakat (SKM)"),
    "rubric": Message(en="Rubric: {title} ({id})", id="Rubrik: {title} ({id})"),
    "convention": Message(en="Convention: {text}", id="Konvensi: {text}"),
    "sample": Message(en="Sample size: {text}", id="Ukuran sampel: {text}"),
    "synthetic": Message(
        en="SYNTHETIC DATA — not a real survey", id="DATA SINTETIS — bukan survei sebenarnya"
    ),
    "sheet.units": Message(en="SKM", id="SKM"),
    "sheet.unsur": Message(en="NRR per unsur", id="NRR per unsur"),
    "sheet.profile": Message(en="Profiles", id="Profil"),
    "unit_code": Message(en="Unit code", id="Kode unit"),
    "unit_name": Message(en="Service unit", id="Unit pelayanan"),
    "entity": Message(en="Entity", id="Instansi"),
    "respondents": Message(en="Respondents", id="Responden"),
    "population": Message(en="Population", id="Populasi"),
    "required": Message(en="Required", id="Responden minimal"),
    "shortfall": Message(en="Shortfall", id="Kekurangan"),
    "index": Message(en="Index (1–4)", id="Indeks (1–4)"),
    "converted": Message(en="IKM (25–100)", id="IKM (25–100)"),
    "mutu": Message(en="Mutu", id="Mutu"),
    "kinerja": Message(en="Performance", id="Kinerja unit"),
    "unsur": Message(en="Unsur", id="Unsur"),
    "unsur_name": Message(en="Unsur name", id="Nama unsur"),
    "total": Message(en="Sum of answers", id="Jumlah nilai"),
    "nrr": Message(en="NRR", id="NRR"),
    "weighted": Message(en="Weighted NRR", id="NRR tertimbang"),
    "unsur_converted": Message(en="Converted", id="Nilai konversi"),
    "sum_row": Message(en="IKM", id="IKM"),
    "profile": Message(en="Profile", id="Profil"),
    "profile_value": Message(en="Value", id="Nilai profil"),
}
"""The SKM report's texts (the "skm_report" namespace of kepatuhan.catalog)."""


def skm_format(suffix: str, format: str | None, name: str) -> str:
    """``format``, else the format a file's ``suffix`` names; neither is
    :class:`InvalidFileError` ``unknown_format`` located at the file ``name``."""
    if format is not None:
        chosen: str | None = format if format in SKM_FORMATS else None
    else:
        wanted = suffix.lower()
        chosen = next((k for k, known in SKM_FORMATS.items() if wanted in known), None)
    if chosen is None:
        params = {"suffix": suffix if format is None else format}
        raise InvalidFileError([Problem(name, "unknown_format", params)], subject=name)
    return chosen


def skm_bytes(
    result: SkmResult,
    format: str,
    lang: Language = "id",
    *,
    sample: SampleReport | None = None,
    breakdowns: Sequence[SkmBreakdownLike] = (),
) -> bytes:
    """The report file's bytes in ``format`` (``xlsx``, ``csv`` or ``json``)."""
    kind = skm_format("", format, format)
    if kind == "xlsx":
        return skm_xlsx_bytes(result, lang, sample=sample, breakdowns=breakdowns)
    if kind == "csv":
        return skm_csv_bytes(result, lang, sample=sample, breakdowns=breakdowns)
    return skm_json_bytes(result, sample=sample, breakdowns=breakdowns)


@overload
def export_skm(
    result: SkmResult,
    target: str | PathLike[str],
    *,
    format: str | None = ...,
    lang: Language = ...,
    sample: SampleReport | None = ...,
    breakdowns: Sequence[SkmBreakdownLike] = ...,
    overwrite: bool = ...,
) -> Path: ...
@overload
def export_skm(
    result: SkmResult,
    target: _W,
    *,
    format: str | None = ...,
    lang: Language = ...,
    sample: SampleReport | None = ...,
    breakdowns: Sequence[SkmBreakdownLike] = ...,
    overwrite: bool = ...,
) -> _W: ...
@overload
def export_skm(
    result: SkmResult,
    target: None = ...,
    *,
    format: str | None = ...,
    lang: Language = ...,
    sample: SampleReport | None = ...,
    breakdowns: Sequence[SkmBreakdownLike] = ...,
    overwrite: bool = ...,
) -> bytes: ...
def export_skm(
    result: SkmResult,
    target: Target | None = None,
    *,
    format: str | None = None,
    lang: Language = "id",
    sample: SampleReport | None = None,
    breakdowns: Sequence[SkmBreakdownLike] = (),
    overwrite: bool = True,
) -> Path | BinaryWriter | bytes:
    """Write an SKM result as a report file, as :func:`kepatuhan.io.export_result` does for a
    scored round: xlsx (printable, texts in ``lang``), CSV (one table, English column names)
    or JSON (the result's JSON, plus ``sample`` and ``breakdowns`` when given).

    ``target`` is a path (written whole through a temporary file and returned), a writable
    binary file object (written into and returned) or ``None`` (the bytes are returned). The
    format is ``format`` if given, else the path's suffix; another suffix is
    :class:`InvalidFileError` ``unknown_format``. ``overwrite=False`` refuses a path that
    exists (``output_exists``). ``sample`` is :func:`kepatuhan.skm_sample.skm_sample` of the
    result; ``breakdowns`` the index per profile value.
    """
    if target is None:
        return skm_bytes(result, skm_format("", format, name_of(None)), lang,
                         sample=sample, breakdowns=breakdowns)  # fmt: skip
    if isinstance(target, str | PathLike):
        from ._atomic import write_file

        path = Path(target)
        kind = skm_format(path.suffix, format, path.name)
        data = skm_bytes(result, kind, lang, sample=sample, breakdowns=breakdowns)
        return write_file(path, data, overwrite=overwrite)
    out = writer(target)
    kind = skm_format("", format, name_of(out))
    write_all(out, skm_bytes(result, kind, lang, sample=sample, breakdowns=breakdowns))
    return out


# Values as written ---------------------------------------------------------------------------


def _places(*conventional: object, least: int) -> int:
    """``least``, or more when a convention rounds a step to more decimals."""
    given = [d for d in conventional if isinstance(d, int) and not isinstance(d, bool)]
    return max([least, *given])


def _fixed(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _Places:
    nrr: int
    index: int
    converted: int


def _places_of(result: SkmResult) -> _Places:
    c = result.convention
    nrr = _places(getattr(c, "nrr_decimals", None), getattr(c, "weighted_decimals", None),
                  least=NRR_DECIMALS)  # fmt: skip
    index = _places(getattr(c, "index_decimals", None), least=4)
    shown = [_exponent(u.converted) for u in result.units]
    shown += [_exponent(s.converted) for u in result.units for s in u.unsur]
    converted = _places(getattr(c, "converted_decimals", None), *shown, least=2)
    return _Places(nrr, index, converted)


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _weighted(result: SkmResult, unit: SkmUnitResult, s: UnsurScore) -> Decimal:
    """The unsur's weighted NRR: as the result holds it, else NRR × the convention's weight
    (1/n of the unit's unsur under the exact convention)."""
    held = getattr(s, "weighted", None)
    if isinstance(held, Decimal):
        return held
    weight = getattr(result.convention, "weight", "exact")
    if str(weight) != "exact":
        try:
            return s.nrr * Decimal(str(weight))
        except InvalidOperation:
            pass
    return s.nrr / len(unit.unsur)


def _samples(sample: SampleReport | None) -> dict[str, SampleCheck]:
    return {} if sample is None else {s.code: s for s in sample.units}


# JSON ----------------------------------------------------------------------------------------


def skm_json_bytes(
    result: SkmResult,
    *,
    sample: SampleReport | None = None,
    breakdowns: Sequence[SkmBreakdownLike] = (),
) -> bytes:
    """``result.to_json(indent=2)``; with a sample check or breakdowns, the same object with
    ``sample`` and ``breakdowns`` added. UTF-8, a lone surrogate as its JSON escape."""
    if sample is None and not breakdowns:
        text = result.to_json(indent=2)
    else:
        data: dict[str, Any] = json.loads(result.to_json())
        if sample is not None:
            data["sample"] = json.loads(sample.model_dump_json())
        if breakdowns:
            data["breakdowns"] = [
                {"column": b.column, "rows": [_row_json(r) for r in b.rows]} for b in breakdowns
            ]
        text = json.dumps(data, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8", "backslashreplace")


def _row_json(r: SkmBreakdownRowLike) -> dict[str, object]:
    return {
        "unit": r.unit,
        "value": r.value,
        "respondents": r.respondents,
        "index": _str(r.index),
        "converted": _str(r.converted),
        "grade": r.grade,
        "label": r.label,
    }


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# CSV -----------------------------------------------------------------------------------------


def skm_csv_bytes(
    result: SkmResult,
    lang: Language = "id",
    *,
    sample: SampleReport | None = None,
    breakdowns: Sequence[SkmBreakdownLike] = (),
) -> bytes:
    """One table (:data:`CSV_COLUMNS`): each unit, then its unsur, then its profile rows.
    The convention is on every unit row, in ``lang``. Text a spreadsheet would run as a
    formula gets a leading apostrophe (OWASP); a row holding a CR is quoted whole."""
    places = _places_of(result)
    convention = result.convention_in(lang)
    samples = _samples(sample)
    profiles = _by_unit(breakdowns)
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def write(fields: dict[str, object]) -> None:
        row = [csv_quote(_text(fields.get(c))) for c in CSV_COLUMNS]
        (quoted if needs_quoting(row) else plain).writerow(row)

    plain.writerow(CSV_COLUMNS)
    for u in result.units:
        s = samples.get(u.code)
        write({
            "level": "unit", "unit_code": u.code, "unit_name": u.name, "entity": u.entity,
            "respondents": u.respondents, "index": _fixed(u.index, places.index),
            "converted": _fixed(u.converted, places.converted), "grade": u.grade,
            "label": u.label, "convention": convention,
            **({} if s is None else {"population": s.population, "required": s.required,
                                     "shortfall": s.shortfall}),
        })  # fmt: skip
        for k in u.unsur:
            write({
                "level": "unsur", "unit_code": u.code, "unit_name": u.name, "entity": u.entity,
                "unsur": k.id, "unsur_name": k.name, "respondents": k.respondents,
                "total": k.total, "nrr": _fixed(k.nrr, places.nrr),
                "weighted_nrr": _fixed(_weighted(result, u, k), places.nrr),
                "converted": _fixed(k.converted, places.converted), "grade": k.grade,
                "label": k.label,
            })  # fmt: skip
        for column, b in profiles.get(u.code, []):
            write({
                "level": "profile", "unit_code": u.code, "unit_name": u.name,
                "entity": u.entity, "profile": column, "profile_value": b.value,
                "respondents": b.respondents, "index": _maybe(b.index, places.index),
                "converted": _maybe(b.converted, places.converted), "grade": b.grade,
                "label": b.label,
            })  # fmt: skip
    return buffer.getvalue().encode("utf-8", "backslashreplace")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _by_unit(
    breakdowns: Sequence[SkmBreakdownLike],
) -> dict[str, list[tuple[str, SkmBreakdownRowLike]]]:
    """Each unit's profile rows with their column, in the order given."""
    grouped: dict[str, list[tuple[str, SkmBreakdownRowLike]]] = {}
    for b in breakdowns:
        for r in b.rows:
            grouped.setdefault(r.unit, []).append((b.column, r))
    return grouped


def _maybe(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else _fixed(value, places)


# Workbook ------------------------------------------------------------------------------------

_HEADER_FILL = "D9D9D9"
_HEADER_ROW = 7  # title, rubric, convention, sample size (or blank), synthetic (or blank), blank


@dataclass(frozen=True)
class _Table:
    name: str
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int]
    formats: dict[int, str]  # column (1-based) → number format
    bold_rows: frozenset[int] = frozenset()  # row positions (0-based) written bold


def skm_xlsx_bytes(
    result: SkmResult,
    lang: Language = "id",
    *,
    sample: SampleReport | None = None,
    breakdowns: Sequence[SkmBreakdownLike] = (),
) -> bytes:
    """A workbook to print: the units, the NRR per unsur of each unit (with its IKM row),
    and the profile breakdowns when given; the convention above every table."""
    openpyxl = require_openpyxl()
    places = _places_of(result)
    tables = [
        _unit_table(result, places, _samples(sample), lang),
        _unsur_table(result, places, lang),
    ]
    if breakdowns:
        tables.append(_profile_table(result, places, breakdowns, lang))
    convention = result.convention_in(lang)
    head = [
        TEXTS["title"].template(lang) + (f" — {result.round_title}" if result.round_title else ""),
        TEXTS["rubric"].text(lang, title=result.rubric.title, id=result.rubric.id),
        TEXTS["convention"].text(lang, text=convention),
        "" if sample is None else TEXTS["sample"].text(lang, text=sample.describe(lang)),
    ]
    wb = openpyxl.Workbook()
    for k, table in enumerate(tables):
        ws = wb.active if k == 0 else wb.create_sheet(table.name)
        ws.title = table.name
        _write(ws, table, [xlsx_text(line) for line in head], result.synthetic, lang)
    wb.properties.title = TEXTS["title"].template(lang)
    wb.properties.subject = result.rubric.id
    wb.properties.creator = "kepatuhan"
    wb.properties.lastModifiedBy = None
    return workbook_bytes(wb)


def _number_format(places: int) -> str:
    return "0." + "0" * places if places else "0"


def _unit_table(
    result: SkmResult, places: _Places, samples: dict[str, SampleCheck], lang: Language
) -> _Table:
    keys = ["unit_code", "unit_name", "entity", "respondents"]
    widths = [14, 34, 20, 12]
    if samples:
        keys += ["population", "required", "shortfall"]
        widths += [12, 12, 12]
    keys += ["index", "converted", "mutu", "kinerja"]
    widths += [12, 13, 8, 18]
    rows: list[list[Any]] = []
    for u in result.units:
        row: list[Any] = [u.code, u.name, u.entity, u.respondents]
        if samples:
            s = samples.get(u.code)
            row += [None, None, None] if s is None else [s.population, s.required, s.shortfall]
        row += [_fixed(u.index, places.index), _fixed(u.converted, places.converted),
                u.grade, u.label]  # fmt: skip
        rows.append(row)
    at = len(keys) - 4
    formats = {at + 1: _number_format(places.index), at + 2: _number_format(places.converted)}
    return _Table(TEXTS["sheet.units"].template(lang), _headers(keys, lang), _safe(rows),
                  widths, formats)  # fmt: skip


def _unsur_table(result: SkmResult, places: _Places, lang: Language) -> _Table:
    keys = ["unit_code", "unit_name", "unsur", "unsur_name", "respondents", "total", "nrr",
            "weighted", "unsur_converted", "mutu"]  # fmt: skip
    widths = [14, 28, 8, 36, 12, 12, 10, 12, 12, 8]
    rows: list[list[Any]] = []
    bold: set[int] = set()
    for u in result.units:
        for s in u.unsur:
            rows.append([
                u.code, u.name, s.id, s.name, s.respondents, s.total, _fixed(s.nrr, places.nrr),
                _fixed(_weighted(result, u, s), places.nrr),
                _fixed(s.converted, places.converted), s.grade,
            ])  # fmt: skip
        bold.add(len(rows))
        rows.append([u.code, u.name, TEXTS["sum_row"].template(lang), None, u.respondents, None,
                     None, _fixed(u.index, places.index),
                     _fixed(u.converted, places.converted), u.grade])  # fmt: skip
    formats = {
        7: _number_format(places.nrr),
        8: _number_format(places.nrr),
        9: _number_format(places.converted),
    }
    return _Table(TEXTS["sheet.unsur"].template(lang), _headers(keys, lang), _safe(rows),
                  widths, formats, frozenset(bold))  # fmt: skip


def _profile_table(
    result: SkmResult, places: _Places, breakdowns: Sequence[SkmBreakdownLike], lang: Language
) -> _Table:
    keys = ["unit_code", "unit_name", "profile", "profile_value", "respondents", "index",
            "converted", "mutu", "kinerja"]  # fmt: skip
    widths = [14, 28, 18, 22, 12, 12, 13, 8, 18]
    names = {u.code: u.name for u in result.units}
    rows: list[list[Any]] = [
        [r.unit, names.get(r.unit, r.unit), b.column, r.value, r.respondents,
         _maybe(r.index, places.index), _maybe(r.converted, places.converted), r.grade, r.label]
        for b in breakdowns
        for r in b.rows
    ]  # fmt: skip
    formats = {6: _number_format(places.index), 7: _number_format(places.converted)}
    return _Table(TEXTS["sheet.profile"].template(lang), _headers(keys, lang), _safe(rows),
                  widths, formats)  # fmt: skip


def _headers(keys: list[str], lang: Language) -> list[str]:
    return [TEXTS[k].template(lang) for k in keys]


def _safe(rows: list[list[Any]]) -> list[list[Any]]:
    return [[xlsx_text(v) if isinstance(v, str) else v for v in row] for row in rows]


def _write(ws: Worksheet, table: _Table, head: list[str], synthetic: bool, lang: Language) -> None:
    """Title block, one header row (repeated on every printed page), rows, print setup: as
    the results workbook of :func:`kepatuhan.io.export_result`."""
    from openpyxl.styles import Font, PatternFill

    for r, line in enumerate(head, start=1):
        if line:
            text_cell(ws.cell(row=r, column=1, value=line))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    if synthetic:
        warning = ws.cell(row=len(head) + 1, column=1, value=TEXTS["synthetic"].template(lang))
        warning.font = Font(bold=True, color="C00000", size=12)
    for col, text in enumerate(table.headers, start=1):
        cell = ws.cell(row=_HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for k, row in enumerate(table.rows):
        r = _HEADER_ROW + 1 + k
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            text_cell(cell)
            if col in table.formats:
                cell.number_format = table.formats[col]
            if k in table.bold_rows:
                cell.font = Font(bold=True)
    printable_table(ws, _HEADER_ROW, _HEADER_ROW + len(table.rows), table.widths)
