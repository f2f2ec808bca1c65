"""Reading a round from a long CSV file: one answer per row, entity and unit on every row.

Headers are Indonesian (``kode_unit``, ``nilai``…) or English (``unit_code``, ``value``…);
the delimiter is a comma, a semicolon (as Excel writes with an Indonesian locale) or a tab;
the text must be UTF-8 (a byte-order mark is allowed). Rows are streamed.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from ..catalog import WORDS
from ..codes import check_code
from ..round import Round
from ..rubric import Rubric
from ..vocab import EntityKind, RespondentRole, ResponseStatus, UnitType
from ._assemble import Answers, Collector, Records, RoundFields, Table, build_round
from ._cells import CellError, header_key, is_blank, read_code, read_enum, read_number, read_text
from ._safe_text import csv_unquote
from .layout import CSV_COLUMNS, match_columns

__all__ = ["read_csv"]

Progress = Callable[[int, int], None]

_TICK = 2000
_STATUS_ALIASES = {"dijawab": ResponseStatus.ANSWERED, "": ResponseStatus.ANSWERED}
_ENTITY_FIELDS = (("entity_name", "name"), ("entity_kind", "kind"), ("province", "province"))
_UNIT_FIELDS = (
    ("unit_name", "name"),
    ("entity_code", "entity"),
    ("unit_type", "unit_type"),
    ("sector", "sector"),
)


def read_csv(
    handle: IO[bytes], name: str, rubric: Rubric, progress: Progress | None = None
) -> Round:
    """The round in the long CSV file that ``handle`` holds from its first byte (a seekable
    binary stream, left open); problems are located at ``name!cell``.
    :class:`InvalidFileError` lists every problem."""
    found = Collector(name)
    if handle.seek(0, io.SEEK_END) == 0:
        found.at_file("empty_file")
        found.raise_if_any()
    handle.seek(0)
    total = _scan(handle, found)
    found.raise_if_any()
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    next_row = 1  # the row being read, for a csv module error
    try:
        first = text.readline()
        delimiter = max((",", ";", "\t"), key=first.count)
        reader = csv.reader(_chain(first, text), delimiter=delimiter)
        header = next(reader, [])
        cols, unknown, duplicates = match_columns(header, CSV_COLUMNS)
        table = Table(name, 0, {k: p + 1 for k, p in cols.items()})
        _header_problems(found, table, header, cols, unknown, duplicates)
        entities = Records(Table(name, 0, _columns(table, "entity_code", _ENTITY_FIELDS)))
        units = Records(Table(name, 0, _columns(table, "unit_code", _UNIT_FIELDS)))
        answers = Answers(
            Table(
                name,
                0,
                {
                    "unit": table.columns.get("unit_code", 1),
                    **{k: v for k, v in table.columns.items() if k != "value"},
                },
            )
        )
        state = _State(found, table, header, entities, units, answers)
        next_row = 2
        if not found:
            for row_no, row in enumerate(reader, start=2):
                state.row(row_no, row)
                next_row = row_no + 1
                if progress is not None and row_no % _TICK == 0:
                    progress(row_no, max(total, row_no))
        done = max(reader.line_num, 1)
        if progress is not None:
            progress(done, max(total, done))
    except csv.Error as err:  # a field over the csv module's limit, a stray NUL…
        _csv_error(found, next_row, err)
        found.raise_if_any()
    finally:
        text.detach()  # the stream is the caller's (or read_round's) to close
    return build_round(rubric, RoundFields(), entities, units, answers, found)


class _State:
    """Per-row reading: entities and units from their first row, later rows must agree."""

    def __init__(
        self,
        found: Collector,
        table: Table,
        header: list[str],
        entities: Records,
        units: Records,
        answers: Answers,
    ) -> None:
        self.found = found
        self.table = table
        self.header = header
        self.cols = {k: v - 1 for k, v in table.columns.items()}
        self.entities = entities
        self.units = units
        self.answers = answers
        self.entity_first: dict[str, tuple[int, dict[str, Any]]] = {}
        self.unit_first: dict[str, tuple[int, dict[str, Any]]] = {}
        # (key, position, required) of the columns present; parsed cells are memoised per
        # column (codes, names and values repeat on every row; parsing is pure).
        self.present = [
            (c.key, self.cols[c.key], c.required) for c in CSV_COLUMNS if c.key in self.cols
        ]
        self.memo: dict[str, dict[str, Any]] = {key: {} for key, _, _ in self.present}
        record_keys = {"entity_code", "unit_code", *(c for c, _ in _ENTITY_FIELDS + _UNIT_FIELDS)}
        self.record_columns = [c for c in self.present if c[0] in record_keys]
        self.answer_columns = [c for c in self.present if c[0] not in record_keys]
        # Positions whose values would be dropped: under a blank header, or past the header.
        self.width = len(header)
        self.headless = [p for p, cell in enumerate(header) if not header_key(cell)]
        self.last_prefix: tuple[str, ...] | None = None
        self.last_values: dict[str, Any] = {}
        self.signatures: dict[tuple[str, str], tuple[Any, ...]] = {}

    def error(self, row_no: int, key: str, error: CellError) -> None:
        self.found.at_cell(self.table, row_no, self.cols.get(key, 0) + 1, error)

    def row(self, row_no: int, row: list[str]) -> None:
        first = row[0] if row else ""
        if (not first or first.isspace()) and all(is_blank(v) for v in row):
            return
        width = len(row)
        if width > self.width or self.headless:
            self._headless(row_no, row)
        # Rows of one unit repeat its entity and unit cells: when they are the previous
        # row's (which read cleanly), its parsed values are reused.
        prefix = tuple(row[p] if p < width else "" for _, p, _ in self.record_columns)
        bad: set[str] = set()
        if prefix == self.last_prefix:
            values = dict(self.last_values)
            entity_ok = unit_ok = True
        else:
            values = {}
            self._cells(row_no, row, self.record_columns, values, bad)
            entity_ok = self._record(
                row_no, values, "entity_code", _ENTITY_FIELDS, self.entities, self.entity_first,
                bad,
            )  # fmt: skip
            unit_ok = self._record(
                row_no, values, "unit_code", _UNIT_FIELDS, self.units, self.unit_first, bad
            )
            clean = not bad and entity_ok and unit_ok
            self.last_prefix = prefix if clean else None
            self.last_values = dict(values) if clean else {}
        self._cells(row_no, row, self.answer_columns, values, bad)
        status = values.get("status", ResponseStatus.ANSWERED)
        value = values.get("value")
        if isinstance(value, ResponseStatus):  # a status word written in the value column
            status, value = value, None
        if not bad:  # value and status agree (not asked when a cell is already wrong)
            if status is ResponseStatus.ANSWERED and value is None:
                self.error(row_no, "value", CellError("value_missing"))
                bad.add("value")
            elif status is not ResponseStatus.ANSWERED and value is not None:
                error = CellError("value_with_status", {"status": status.value})
                self.error(row_no, "value", error)
                bad.add("value")
        if bad or not (entity_ok and unit_ok):
            return
        a = self.answers
        a.unit.append(values["unit_code"])
        a.indicator.append(values["indicator"])
        a.respondent.append(values.get("respondent"))
        role = values.get("role")
        a.role.append(None if role is None else role.value)
        a.value.append(float("nan") if value is None else value)
        a.status.append(status.value)
        a.evidence.append(values.get("evidence"))
        a.row.append(row_no)
        a.value_col.append(self.cols["value"] + 1)

    def _headless(self, row_no: int, row: list[str]) -> None:
        """Values under no header (a blank one, or past the last) are a problem: reading
        them would mean guessing, skipping them would drop data silently."""
        spare = [p for p in self.headless if p < len(row)] + list(range(self.width, len(row)))
        filled = [p for p in spare if not is_blank(row[p])]
        if filled:
            params = {"count": len(filled), "value": row[filled[0]].strip()}
            location, key = self.table.cell(row_no, filled[0] + 1)
            self.found.add(location, key, "value_without_header", params)

    def _cells(
        self,
        row_no: int,
        row: list[str],
        columns: list[tuple[str, int, bool]],
        values: dict[str, Any],
        bad: set[str],
    ) -> None:
        """Parse ``columns`` of a row into ``values``; problems reported, keys put in ``bad``."""
        width = len(row)
        for key, pos, required in columns:
            raw = row[pos] if pos < width else ""
            memo = self.memo[key]
            parsed = memo.get(raw)
            if parsed is None:
                if not raw or raw.isspace():
                    if required:
                        name = self.header[pos].strip()
                        self.error(row_no, key, CellError("required_cell", {"column": name}))
                        bad.add(key)
                    continue
                parsed = self._parse(key, raw)
                if key != "evidence":
                    memo[raw] = parsed
            if isinstance(parsed, CellError):
                self.error(row_no, key, parsed)
                bad.add(key)
            else:
                values[key] = parsed

    def _parse(self, key: str, raw: str) -> Any:
        header = self.header[self.cols[key]].strip()
        if key == "entity_kind":
            return read_enum(raw, EntityKind, header)
        if key == "unit_type":
            return read_enum(raw, UnitType, header)
        if key == "role":
            return read_enum(raw, RespondentRole, header)
        if key == "status":
            return read_enum(raw, ResponseStatus, header, aliases=_STATUS_ALIASES)
        if key == "value":
            word = header_key(raw)
            if word in (ResponseStatus.NOT_APPLICABLE.value, ResponseStatus.NOT_ASSESSED.value):
                return ResponseStatus(word)
            allowed = WORDS["any_answer"]
            number = read_number(raw, allowed)
            if not isinstance(number, CellError) and not raw.isascii():
                # ASCII digits only: "٣" or "３" is not taken for 3 (read_number may say so
                # itself, as non_ascii_digits)
                return CellError("not_a_number", {"text": raw.strip(), "allowed": allowed})
            return number
        text = csv_unquote(raw.strip())  # the apostrophe the writers put before "=…"
        if key in ("entity_code", "unit_code", "indicator", "respondent"):
            code = read_code(text)
            if isinstance(code, CellError):
                return code
            code, problem = check_code(code)  # NFC; no invisible characters or mixed scripts
            return code if problem is None else CellError(*problem)
        return read_text(text)

    def _record(
        self,
        row_no: int,
        values: dict[str, Any],
        code_key: str,
        fields: tuple[tuple[str, str], ...],
        records: Records,
        first: dict[str, tuple[int, dict[str, Any]]],
        bad: set[str],
    ) -> bool:
        """Register the entity or unit of this row, or check it agrees with its first row."""
        code = values.get(code_key)
        if code is None:
            return False
        signature = tuple(values.get(column) for column, _ in fields)
        if self.signatures.get((code_key, code)) == signature:
            return True  # the same cells as its first row (the common case)
        ok = not bad & {column for column, _ in fields}
        item = {"code": code}
        for column, name in fields:
            if column in values:
                value = values[column]
                item[name] = value.value if hasattr(value, "value") else value
        if code not in first:
            first[code] = (row_no, item)
            self.signatures[code_key, code] = signature
            records.add(item, row_no, ok=ok)
            return ok
        first_row, first_item = first[code]
        agree = True
        for column, name in fields:
            if name in item and name in first_item and item[name] != first_item[name]:
                where, _ = self.table.cell(first_row, self.cols[column] + 1)
                params = {
                    "code": code,
                    "column": self.header[self.cols[column]].strip(),
                    "value": item[name],
                    "first_value": first_item[name],
                    "first": where,
                }
                self.error(row_no, column, CellError("inconsistent_value", params))
                agree = False
            elif name in item and name not in first_item:
                first_item[name] = item[name]  # filled in later: the first row left it empty
        return agree


def _columns(table: Table, code_key: str, fields: tuple[tuple[str, str], ...]) -> dict[str, int]:
    out = {"code": table.columns.get(code_key, 1)}
    for column, name in fields:
        if column in table.columns:
            out[name] = table.columns[column]
    return out


def _header_problems(
    found: Collector,
    table: Table,
    header: list[str],
    cols: dict[str, int],
    unknown: list[tuple[str, int]],
    duplicates: list[tuple[str, int, int]],
) -> None:
    for text, p in unknown:
        found.at_cell(table, 1, p + 1, CellError("unknown_column", {"column": text}))
    for text, p, first in duplicates:
        where, _ = table.cell(1, first + 1)
        error = CellError("duplicate_column", {"column": text, "first": where})
        found.at_cell(table, 1, p + 1, error)
    for column in CSV_COLUMNS:
        if column.required and column.key not in cols:
            found.add(f"{table.sheet}!1:1", (0, 1, 0), "missing_column", {"column": column.id})
    if "value" not in cols:  # a column, though a cell may stay empty beside a status
        found.add(f"{table.sheet}!1:1", (0, 1, 0), "missing_column", {"column": "nilai"})
    del header


def _scan(handle: IO[bytes], found: Collector) -> int:
    """Lines in the file; a byte that is not UTF-8 is reported at its row."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    while True:
        chunk = handle.read(1 << 20)
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as err:
            row = lines + chunk[: max(err.start, 0)].count(b"\n") + 1
            found.add(f"{found.file_name}!{row}:{row}", (0, row, 0), "not_utf8", {"row": row})
            return lines
        if not chunk:
            return lines
        lines += chunk.count(b"\n")


def _csv_error(found: Collector, row: int, err: csv.Error) -> None:
    """What the csv module could not read, at its row; reading stops there."""
    location, key = f"{found.file_name}!{row}:{row}", (0, row, 0)
    if "field larger than field limit" in str(err):
        params = {"limit": csv.field_size_limit(), "row": row}
        found.add(location, key, "csv_field_too_large", params)
    else:
        found.add(location, key, "csv_malformed", {"row": row, "detail": str(err)})


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    """``first``, then the lines of ``rest``; closing this generator leaves ``rest`` open
    (``yield from`` would close the caller's detached text wrapper and fail)."""
    if first:
        yield first
    for line in rest:  # noqa: UP028 - see the docstring
        yield line
