"""Reading a filled template workbook (.xlsx) into a checked round.

The package is read by :mod:`._xlsx`: every part is checked against size and compression
limits before it is expanded, and the sheets' rows are streamed, so a sheet of any size is
read in constant memory beyond the answers themselves. Problems are collected with their
``sheet!cell`` and raised together; a damaged or hostile file raises one located problem,
never a zipfile or XML traceback.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import IO, Any

from ..errors import InvalidFileError, Problem, UnknownRubricError
from ..registry import get_rubric
from ..round import Round
from ..rubric import Rubric
from ..vocab import EntityKind, OversightProductKind, RespondentRole, ResponseStatus, UnitType
from ._assemble import Answers, Collector, Records, RoundFields, Table, build_round
from ._cells import (
    CellError,
    answer_allowed,
    header_key,
    is_blank,
    number_text,
    read_bool,
    read_code,
    read_date,
    read_enum,
    read_number,
    read_text,
)
from ._excel import require_openpyxl
from ._xlsx import DamagedPackageError, Package, PackageProblemError, SheetRow, SheetRows
from .layout import (
    ANSWER_COLUMNS,
    ANSWER_FIRST_ROW,
    ANSWER_HEADER_ROW,
    DIMENSION_COLUMNS,
    DIMENSION_FORMS,
    ENTITY_COLUMNS,
    OVERSIGHT_COLUMNS,
    OVERSIGHT_FLAG,
    OVERSIGHT_HEADER_ROW,
    ROUND_FIELDS,
    SHEET_ANSWERS,
    SHEET_DIMENSIONS,
    SHEET_ENTITIES,
    SHEET_META,
    SHEET_OVERSIGHT,
    SHEET_ROUND,
    SHEET_UNITS,
    TEMPLATE_FORMAT,
    TEMPLATE_VERSION,
    UNIT_COLUMNS,
    Column,
    indicator_column_clashes,
    match_columns,
)

__all__ = ["read_workbook"]

Progress = Callable[[int, int], None]
Row = tuple[Any, ...]
CellReader = Callable[[Any, str], object]
"""Reads one cell given its column header: the value, or a :class:`CellError`."""

_REQUIRED_SHEETS = (SHEET_ENTITIES, SHEET_UNITS, SHEET_ANSWERS)
_READ_SHEETS = (
    SHEET_ROUND, SHEET_ENTITIES, SHEET_UNITS, SHEET_ANSWERS, SHEET_DIMENSIONS, SHEET_OVERSIGHT
)  # fmt: skip
_ORDER = {SHEET_META: 0, **{sheet: k for k, sheet in enumerate(_READ_SHEETS, start=1)}}
_STATUS = {s.value: s.value for s in ResponseStatus if s is not ResponseStatus.ANSWERED}
_ANSWERED = ResponseStatus.ANSWERED.value
_TICK = 2000  # rows between progress calls
_KEY_VALUE_WIDTH = 2  # _meta and Penilaian: the key in A, the value in B; other columns unread


def read_workbook(
    handle: IO[bytes], name: str, rubric: Rubric | None, progress: Progress | None = None
) -> Round:
    """The round in the template workbook that ``handle`` holds from its first byte (a
    seekable binary stream, left open); problems are located at ``name``'s sheets.
    :class:`InvalidFileError` lists every problem."""
    found = Collector(name)
    require_openpyxl()
    if handle.seek(0, io.SEEK_END) == 0:
        found.at_file("empty_file")
        found.raise_if_any()
    if not zipfile.is_zipfile(handle):
        handle.seek(0)
        zip_start = handle.read(4) == b"PK\x03\x04"  # a zip cut short: truncated, not foreign
        found.at_file("corrupt_xlsx" if zip_start else "not_xlsx")
        found.raise_if_any()
    handle.seek(0)
    package: Package | None = None
    try:
        package = Package(handle, name, _sheets_read)
        return _Reader(package, found, rubric, progress).read()
    except DamagedPackageError:
        raise InvalidFileError([Problem(name, "corrupt_xlsx", {})], subject=name) from None
    except PackageProblemError as err:
        problem = Problem(err.location, err.code, err.params)
        raise InvalidFileError([problem], subject=name) from None
    finally:
        if package is not None:
            package.close()


def _sheets_read(names: list[str]) -> list[str]:
    """The sheets the reader expands (their parts are checked against the limits first)."""
    return [s for s in names if s in _ORDER]


class _Reader:
    """One pass over the sheets of an open read-only workbook."""

    def __init__(
        self,
        package: Package,
        found: Collector,
        rubric: Rubric | None,
        progress: Progress | None,
    ) -> None:
        self.package = package
        self.found = found
        self.rubric = rubric
        self.progress = progress
        self.done = 0
        self.total = 0
        self.next_tick = _TICK
        self.structural = False  # a sheet's layout is wrong: its rows cannot be trusted

    def read(self) -> Round:
        names = list(self.package.names)
        first: dict[str, str] = {}
        for sheet in names:  # Excel compares sheet names ignoring case
            if sheet.casefold() in first:
                params = {"sheet": sheet, "first": first[sheet.casefold()]}
                self.found.at_file("duplicate_sheet", params)
            first.setdefault(sheet.casefold(), sheet)
        self.found.raise_if_any()  # which of two sheets to read cannot be guessed
        missing = [s for s in _REQUIRED_SHEETS if s not in names]
        for sheet in missing:
            self.found.at_file("missing_sheet", {"sheet": sheet, "present": ", ".join(names)})
        rubric = self._rubric(names)
        self.found.raise_if_any()
        assert rubric is not None
        read = [s for s in _READ_SHEETS if s in names]
        self._merged(read)
        self.found.raise_if_any()  # merged cells shift what every later check sees
        self.total = sum(self.package.declared_rows(s) for s in read)
        fields = self._round_fields() if SHEET_ROUND in names else RoundFields()
        entities = self._records(SHEET_ENTITIES, ENTITY_COLUMNS, _ENTITY_READERS)
        units = self._records(SHEET_UNITS, UNIT_COLUMNS, _UNIT_READERS)
        answers = self._answers(rubric)
        dimensions = None
        if SHEET_DIMENSIONS in names:
            dimensions = self._records(
                SHEET_DIMENSIONS, DIMENSION_COLUMNS, _DIMENSION_READERS, anchor=None
            )
        products = None
        if SHEET_OVERSIGHT in names:
            products, fields.oversight_recorded = self._oversight()
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))
        if self.structural:  # e.g. no unit column: every answer's unit would look unknown
            self.found.raise_if_any()
        return build_round(
            rubric,
            fields,
            entities,
            units,
            answers,
            self.found,
            dimensions=dimensions,
            products=products,
        )

    # Sheets ---------------------------------------------------------------------------------

    def _rubric(self, names: list[str]) -> Rubric | None:
        """The requested rubric, checked against the one the template was made for."""
        if SHEET_META not in names:
            if self.rubric is None:
                self.found.at_file("rubric_required")
            return self.rubric
        table = Table(SHEET_META, _ORDER[SHEET_META], {"key": 1, "value": 2})
        meta: dict[str, tuple[object, int]] = {}
        for row_no, row, _, _ in self._rows(SHEET_META, width=_KEY_VALUE_WIDTH, count=False):
            if row and not is_blank(row[0]):
                meta[str(row[0]).strip()] = (row[1] if len(row) > 1 else None, row_no)
        fmt = meta.get("format", (None, 1))
        if fmt[0] != TEMPLATE_FORMAT:
            self.found.at_cell(table, fmt[1], 2, CellError("meta_invalid", {"key": "format"}))
            return self.rubric
        version, version_row = meta.get("format_version", (1, 0))
        number = _format_version(version)
        if number is None:
            error = CellError("meta_invalid", {"key": "format_version"})
            self.found.at_cell(table, version_row or 1, 2, error)
            return self.rubric
        if number > TEMPLATE_VERSION:
            params = {"found": number, "known": TEMPLATE_VERSION}
            error = CellError("template_too_new", params)
            self.found.at_cell(table, version_row or 1, 2, error)
            return self.rubric
        found_id, row_no = meta.get("rubric", (None, 0))
        if not isinstance(found_id, str) or not found_id.strip():
            self.found.at_cell(table, row_no or 1, 2, CellError("meta_invalid", {"key": "rubric"}))
            return self.rubric
        if self.rubric is None:
            try:
                return get_rubric(found_id.strip())
            except UnknownRubricError as exc:  # said at the cell that names it
                if exc.problem is None:  # pragma: no cover - the registry always gives one
                    raise
                located = replace(exc.problem, location=table.cell(row_no, 2)[0])
                raise UnknownRubricError(problem=located) from None
        if found_id.strip() != self.rubric.id:
            error = CellError("rubric_mismatch", {"found": found_id, "expected": self.rubric.id})
            self.found.at_cell(table, row_no, 2, error)
        return self.rubric

    def _round_fields(self) -> RoundFields:
        table = Table(SHEET_ROUND, _ORDER[SHEET_ROUND], {"key": 1, "value": 2})
        by_spelling = {s: c for c in ROUND_FIELDS for s in c.spellings}
        fields = RoundFields()
        seen: dict[str, int] = {}
        for row_no, row, _, beyond in self._rows(SHEET_ROUND, width=_KEY_VALUE_WIDTH):
            if beyond:  # right of the "Nilai" column: no field's value
                col, value = beyond[0]
                params = {"count": len(beyond), "value": str(value).strip()}
                error = CellError("value_without_header", params)
                self.found.at_cell(table, row_no, col + 1, error)
            if row_no == 1 or not row or all(is_blank(v) for v in row):
                continue
            column = by_spelling.get(header_key(row[0]))
            if column is None:
                label = "" if row[0] is None else str(row[0]).strip()
                self.found.at_cell(table, row_no, 1, CellError("unknown_column", {"column": label}))
                continue
            if column.key in seen:
                first, _ = table.cell(seen[column.key], 1)
                label = str(row[0]).strip()
                error = CellError("duplicate_column", {"column": label, "first": first})
                self.found.at_cell(table, row_no, 1, error)
                continue
            seen[column.key] = row_no
            value = row[1] if len(row) > 1 else None
            if is_blank(value):
                continue
            if column.key == "synthetic":
                flag = read_bool(value, column.header("id"))
                if isinstance(flag, CellError):
                    self.found.at_cell(table, row_no, 2, flag)
                else:
                    fields.synthetic = flag
                continue
            text = read_text(value)
            if isinstance(text, CellError):
                self.found.at_cell(table, row_no, 2, text)
            else:
                setattr(fields, column.key, text)
        return fields

    def _records(
        self,
        sheet: str,
        columns: tuple[Column, ...],
        readers: dict[str, CellReader],
        *,
        header_row: int = 1,
        anchor: str | None = "code",
        above: list[Row] | None = None,
    ) -> Records:
        """The rows of a table sheet below its header row; rows above it go to ``above``.

        A row is kept when its ``anchor`` cell was read (every non-empty row if None).
        """
        rows = self._rows(sheet)
        header = _read_to_header(rows, header_row, above)
        found_cols, table, ok = self._header(sheet, header, header_row, columns)
        records = Records(table)
        if not ok:
            self.structural = True
            for _ in rows:  # still counted for progress
                pass
            return records
        headless = _Headless(header, rows)
        for row_no, row, percent, beyond in rows:
            if beyond or len(row) > headless.width:
                headless.check(self.found, table, row_no, row, beyond)
            if not row or all(is_blank(v) for v in row):
                continue
            if headless.blank:
                headless.check(self.found, table, row_no, row, beyond)
            item, ok = self._record(table, row_no, row, header, found_cols, columns, readers)
            if percent and ok:
                ok = self._percent_record(table, row_no, item, found_cols, percent)
            if anchor is None or anchor in item:
                records.add(item, row_no, ok=ok)
        return records

    def _percent_record(
        self,
        table: Table,
        row_no: int,
        item: dict[str, Any],
        pos: dict[str, int],
        percent: tuple[int, ...],
    ) -> bool:
        """A number shown as a percentage in a record: a dimension's score in percent is
        read as Excel shows it (85% → 85); anywhere else it is refused."""
        for key, p in pos.items():
            if p not in percent or not isinstance(item.get(key), float):
                continue
            shown = _times_100(item[key])
            if key == "value" and item.get("form") == "percentage":
                item[key] = shown
                continue
            error = CellError("percent_not_read", {"value": f"{number_text(shown)}%"})
            self.found.at_cell(table, row_no, p + 1, error)
            return False
        return True

    def _record(
        self,
        table: Table,
        row_no: int,
        row: Row,
        header: Row,
        pos: dict[str, int],
        columns: tuple[Column, ...],
        readers: dict[str, CellReader],
    ) -> tuple[dict[str, Any], bool]:
        """One row's fields, its cell problems reported; False if it has any."""
        item: dict[str, Any] = {}
        ok = True
        for column in columns:
            if column.key not in pos:
                continue
            p = pos[column.key]
            raw = row[p] if p < len(row) else None
            header_text = str(header[p]).strip()
            if is_blank(raw):
                if column.required:
                    error = CellError("required_cell", {"column": header_text})
                    self.found.at_cell(table, row_no, p + 1, error)
                    ok = False
                continue
            value = readers.get(column.key, _text)(raw, header_text)
            if isinstance(value, CellError):
                self.found.at_cell(table, row_no, p + 1, value)
                ok = False
                continue
            item[column.key] = value
        return item, ok

    def _oversight(self) -> tuple[Records, bool | None]:
        """Produk Pengawasan: its rows, and whether B1 says they are recorded."""
        above: list[Row] = []
        records = self._records(
            SHEET_OVERSIGHT,
            OVERSIGHT_COLUMNS,
            _PRODUCT_READERS,
            header_row=OVERSIGHT_HEADER_ROW,
            anchor=None,
            above=above,
        )
        first = above[0] if above else ()  # row 1 (an empty row 1 is put in as ())
        raw = first[1] if len(first) > 1 else None
        table = Table(SHEET_OVERSIGHT, _ORDER[SHEET_OVERSIGHT], {})
        count = {"count": len(records.items)}
        if is_blank(raw):
            if records.items:
                self.found.at_cell(table, 1, 2, CellError("oversight_flag_required", count))
            return records, None
        flag = read_bool(raw, OVERSIGHT_FLAG.header("id"))
        if isinstance(flag, CellError):
            self.found.at_cell(table, 1, 2, flag)
            return records, None
        if not flag and records.items:
            self.found.at_cell(table, 1, 2, CellError("oversight_flag_contradicted", count))
        return records, flag

    def _answers(self, rubric: Rubric) -> Answers:
        rows = self._rows(SHEET_ANSWERS)
        header = _read_to_header(rows, ANSWER_HEADER_ROW)
        by_id = {i.id.lower(): i.id for i in rubric.indicators()}
        hundred = {
            i.id for i in rubric.indicators() if (i.scale.minimum, i.scale.maximum) == (0, 100)
        }
        clashes = indicator_column_clashes(rubric)
        for n, clash in enumerate(clashes):
            self.found.add(clash.location, (0, n, 0), clash.code, clash.params)
        fixed = [h if header_key(h) in _FIXED_SPELLINGS else None for h in header]
        found_cols, table, ok = self._header(
            SHEET_ANSWERS, tuple(fixed), ANSWER_HEADER_ROW, ANSWER_COLUMNS
        )
        ok = ok and not clashes
        indicator_cols: list[tuple[int, str]] = []
        first_col: dict[str, int] = {}
        for p, h in enumerate(header):
            if h is None or fixed[p] is not None or is_blank(h):
                continue
            text = str(h).strip()
            ident = by_id.get(text.lower())
            if ident is None:
                error = CellError("unknown_indicator", {"code": text, "rubric": rubric.id})
                self.found.at_cell(table, ANSWER_HEADER_ROW, p + 1, error)
            elif ident in first_col:
                first, _ = table.cell(ANSWER_HEADER_ROW, first_col[ident] + 1)
                error = CellError("duplicate_column", {"column": text, "first": first})
                self.found.at_cell(table, ANSWER_HEADER_ROW, p + 1, error)
                ok = False
            else:
                first_col[ident] = p
                indicator_cols.append((p, ident))
        if ok:  # every indicator has its column: a deleted one would drop its answers silently
            for indicator in rubric.indicators():
                if indicator.id not in first_col:
                    self.found.add(
                        f"{SHEET_ANSWERS}!{ANSWER_HEADER_ROW}:{ANSWER_HEADER_ROW}",
                        (table.order, ANSWER_HEADER_ROW, 0),
                        "missing_column",
                        {"column": indicator.id},
                    )
                    ok = False
        # Problems the rubric checks find point at the answer's own cell, except unit ones.
        answers = Answers(Table(SHEET_ANSWERS, table.order, {"unit": table.columns.get("unit", 1)}))
        if not ok:
            self.structural = True
            for _ in rows:
                pass
            return answers
        scales = {i.id: str(i.scale) for i in rubric.indicators()}
        percent = _PercentRule(hundred, scales)
        self._answer_rows(rows, header, found_cols, indicator_cols, answers, percent)
        return answers

    def _answer_rows(
        self,
        rows: _Rows,
        header: Row,
        cols: dict[str, int],
        indicator_cols: list[tuple[int, str]],
        answers: Answers,
        percent_rule: _PercentRule,
    ) -> None:
        found, table = self.found, answers.table
        c_unit = cols["unit"]
        c_role, c_resp, c_evid = cols.get("role"), cols.get("respondent"), cols.get("evidence")
        role_header = str(header[c_role]).strip() if c_role is not None else ""
        unit_header = str(header[c_unit]).strip()
        a_unit, a_ind, a_resp, a_role = (
            answers.unit,
            answers.indicator,
            answers.respondent,
            answers.role,
        )
        a_value, a_status, a_evid = answers.value, answers.status, answers.evidence
        a_row, a_col = answers.row, answers.value_col
        nan = float("nan")
        headless = _Headless(header, rows)
        for row_no, row, percent, beyond in rows:
            if row_no < ANSWER_FIRST_ROW:
                continue
            width = len(row)
            if beyond or width > headless.width:
                headless.check(found, table, row_no, row, beyond)
            if not width or all(v is None or (type(v) is str and not v.strip()) for v in row):
                continue
            if headless.blank:
                headless.check(found, table, row_no, row, beyond)
            ok = True
            unit = ""
            raw_unit = row[c_unit] if c_unit < width else None
            if is_blank(raw_unit):
                error = CellError("required_cell", {"column": unit_header})
                found.at_cell(table, row_no, c_unit + 1, error)
                ok = False
            else:
                code = read_code(raw_unit)
                if isinstance(code, CellError):
                    found.at_cell(table, row_no, c_unit + 1, code)
                    ok = False
                else:
                    unit = code
            role = _optional(row, c_role, width)
            if role is not None:
                parsed = read_enum(role, RespondentRole, role_header)
                if isinstance(parsed, CellError):
                    found.at_cell(table, row_no, c_role + 1 if c_role is not None else 1, parsed)
                    ok = False
                    role = None
                else:
                    role = parsed.value
            respondent = _optional(row, c_resp, width)
            if respondent is not None:
                respondent = read_code(respondent)
                if isinstance(respondent, CellError):
                    found.at_cell(table, row_no, (c_resp or 0) + 1, respondent)
                    ok = False
            evidence = _optional(row, c_evid, width)
            if evidence is not None:
                evidence = read_text(evidence)
                if isinstance(evidence, CellError):
                    found.at_cell(table, row_no, (c_evid or 0) + 1, evidence)
                    ok = False
            for p, ident in indicator_cols:
                if p >= width:
                    continue
                raw = row[p]
                if raw is None:
                    continue
                kind = type(raw)
                if kind is int or kind is float:
                    value, status = float(raw), _ANSWERED
                    if percent and p in percent:
                        shown = percent_rule.read(ident, value)
                        if isinstance(shown, CellError):
                            found.at_cell(table, row_no, p + 1, shown)
                            ok = False
                            continue
                        value = shown
                else:
                    if kind is str:
                        if not raw.strip():
                            continue
                        word = _STATUS.get(header_key(raw))
                        if word is not None:
                            value, status = nan, word
                            raw = None
                    if raw is not None:
                        number = read_number(raw, answer_allowed(percent_rule.scales[ident]))
                        if isinstance(number, CellError):
                            found.at_cell(table, row_no, p + 1, number)
                            ok = False
                            continue
                        value, status = number, _ANSWERED
                if not ok:
                    continue
                a_unit.append(unit)
                a_ind.append(ident)
                a_resp.append(respondent)
                a_role.append(role)
                a_value.append(value)
                a_status.append(status)
                a_evid.append(evidence)
                a_row.append(row_no)
                a_col.append(p + 1)

    # Helpers --------------------------------------------------------------------------------

    def _header(
        self, sheet: str, header: Row, row_no: int, columns: tuple[Column, ...]
    ) -> tuple[dict[str, int], Table, bool]:
        """Known columns of a header row, its problems reported; False if it has any (the
        rows below it are then not read: without their columns they cannot be placed)."""
        found_cols, unknown, duplicates = match_columns(header, columns)
        table = Table(sheet, _ORDER[sheet], {k: p + 1 for k, p in found_cols.items()})
        missing = [c for c in columns if c.required and c.key not in found_cols]
        for text, p in unknown:
            self.found.at_cell(table, row_no, p + 1, CellError("unknown_column", {"column": text}))
        for text, p, first in duplicates:
            where, _ = table.cell(row_no, first + 1)
            error = CellError("duplicate_column", {"column": text, "first": where})
            self.found.at_cell(table, row_no, p + 1, error)
        for column in missing:
            self.found.add(
                f"{sheet}!{row_no}:{row_no}",
                (table.order, row_no, 0),
                "missing_column",
                {"column": column.header("id")},
            )
        return found_cols, table, not (unknown or duplicates or missing)

    def _rows(self, sheet: str, *, width: int | None = None, count: bool = True) -> _Rows:
        """The rows of ``sheet``, streamed; damage raises :class:`DamagedPackageError`."""
        rows = _Rows(self, self.package.rows(sheet), count=count)
        rows.source.width = width
        return rows

    def _merged(self, sheets: list[str]) -> None:
        """Report merged cells: they are not cell values, so the ``<mergeCells>`` element
        after each sheet's rows is scanned (streamed)."""
        for sheet in sheets:
            for ref in self.package.merged(sheet):
                self.found.add(
                    f"{sheet}!{ref}", (_ORDER[sheet], 0, 0), "merged_cells", {"cells": ref}
                )


class _Rows:
    """A sheet's rows, counted for progress (gaps count as the rows they skip); the header
    reader can put one row back, and set the width once the header is known."""

    def __init__(self, reader: _Reader, source: SheetRows, *, count: bool) -> None:
        self.reader = reader
        self.source = source
        self.count = count and reader.progress is not None
        self.last = 0
        self.back: SheetRow | None = None

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> SheetRow:
        if self.back is not None:
            item, self.back = self.back, None
            return item
        item = next(self.source)
        if self.count:
            reader = self.reader
            reader.done += item[0] - self.last
            self.last = item[0]
            if reader.done >= reader.next_tick:
                reader.next_tick = (reader.done // _TICK + 1) * _TICK
                assert reader.progress is not None
                reader.progress(reader.done, max(reader.total, reader.done))
        return item


class _Headless:
    """Values in columns without a header: each is a problem at its cell, not a value
    silently left unread. Rows are read no wider than the header (``width``)."""

    def __init__(self, header: Row, rows: _Rows) -> None:
        width = len(header)
        while width and is_blank(header[width - 1]):
            width -= 1
        self.width = width
        self.blank = tuple(p for p in range(width) if is_blank(header[p]))
        rows.source.width = width

    def check(
        self,
        found: Collector,
        table: Table,
        row_no: int,
        row: Row,
        beyond: tuple[tuple[int, Any], ...],
    ) -> None:
        """One problem per row, at its first value without a header, with their count."""
        cells = [(p, row[p]) for p in self.blank if p < len(row) and not is_blank(row[p])]
        cells += [(p, row[p]) for p in range(self.width, len(row)) if not is_blank(row[p])]
        cells += beyond
        if cells:
            first, value = cells[0]
            params = {"count": len(cells), "value": str(value).strip()}
            found.at_cell(table, row_no, first + 1, CellError("value_without_header", params))


class _PercentRule:
    """A number Excel shows as a percentage (the cell's format has ``%``: 85% is stored as
    0.85) in an indicator column: read as shown (85) when the indicator's scale is 0–100,
    refused anywhere else, where the percentage is no answer on the scale."""

    def __init__(self, hundred: set[str], scales: dict[str, str]) -> None:
        self.hundred = hundred
        self.scales = scales

    def read(self, indicator: str, value: float) -> float | CellError:
        shown = _times_100(value)
        if indicator in self.hundred:
            return shown
        params = {
            "value": f"{number_text(shown)}%",
            "indicator": indicator,
            "scale": self.scales[indicator],
        }
        return CellError("percent_cell", params)


def _times_100(value: float) -> float:
    """``value`` × 100 in decimal, as Excel shows it (0.85 → 85, not 85.00000000000001)."""
    return float(Decimal(repr(float(value))) * 100)


def _format_version(value: object) -> int | None:
    """``_meta``'s format_version: a positive whole number (a number cell holding an
    integer, or text of ASCII digits); None for anything else (-5, TRUE, 2.9, 1e400)."""
    if type(value) is int:
        return value if value >= 1 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 9 and int(text) >= 1:
            return int(text)
    return None


_FIXED_SPELLINGS = frozenset(s for c in ANSWER_COLUMNS for s in c.spellings)


def _text(raw: Any, header: str) -> object:
    return read_text(raw)


def _code(raw: Any, header: str) -> object:
    return read_code(raw)


def _enum(enum: type[Any]) -> CellReader:
    return lambda raw, header: read_enum(raw, enum, header)


def _number(raw: Any, header: str) -> object:
    return read_number(raw, "0–100")  # a dimension's score or contribution


def _date(raw: Any, header: str) -> object:
    return read_date(raw)


def _form(raw: Any, header: str) -> object:
    """persen/kontribusi (or percentage/contribution) → the DimensionScore form."""
    key = header_key(raw)
    for word, form in DIMENSION_FORMS.items():
        if key in (word, form):
            return form
    allowed = ", ".join(DIMENSION_FORMS)
    return CellError(
        "unknown_value", {"value": str(raw).strip(), "column": header, "allowed": allowed}
    )


_ENTITY_READERS: dict[str, CellReader] = {"code": _code, "kind": _enum(EntityKind)}
_UNIT_READERS: dict[str, CellReader] = {
    "code": _code,
    "entity": _code,
    "unit_type": _enum(UnitType),
}
_DIMENSION_READERS: dict[str, CellReader] = {
    "unit": _code,
    "dimension": _code,
    "value": _number,
    "form": _form,
}
_PRODUCT_READERS: dict[str, CellReader] = {
    "entity": _code,
    "kind": _enum(OversightProductKind),
    "reference": _code,
    "issued": _date,
    "followed_up": read_bool,
}


def _optional(row: Row, col: int | None, width: int) -> Any:
    if col is None or col >= width:
        return None
    value = row[col]
    return None if is_blank(value) else value


def _read_to_header(rows: _Rows, header_row: int, above: list[Row] | None = None) -> Row:
    """Advance ``rows`` past the header row and return it (empty if the sheet has none);
    rows above it go to ``above``, a later row is put back."""
    for item in rows:
        row_no, row = item[0], item[1]
        if row_no == header_row:
            return row
        if row_no > header_row:
            rows.back = item
            return ()
        if above is not None:
            above.extend(() for _ in range(len(above) + 1, row_no))  # rows not in the file
            above.append(row)
    return ()
