"""SKM survey sheets as agencies keep them: one row per respondent, columns ``U1``…``Un``.

The sheet (xlsx or CSV) has a header row (found in its first rows, under any title rows)
naming the unsur columns loosely (``U1``, ``u1``, ``U 1``, ``U-01``, ``Unsur 1``), an
optional unit column (``Unit``, ``Kode Unit``, ``Unit Layanan``…; or one unit for the whole
file given as ``unit=``), an optional respondent column (``Responden``, ``No``…; else the
row number), and any other column: profile columns (Usia, Jenis Kelamin, Pendidikan,
Pekerjaan, Jenis Layanan…) kept as text, per respondent, for breakdowns. An answer is a
whole number on the rubric's scale (1–4); an empty cell is no answer. Every problem is
reported at once, located at ``sheet!cell`` (``file.csv!cell`` for CSV).
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt

from ..codes import check_code
from ..errors import InvalidFileError, Problem
from ..registry import resolve_rubric
from ..responses import ANSWERED
from ..round import Round
from ..rubric import Rubric
from ._assemble import Collector
from ._cells import column_letter, header_key, is_blank, read_code, read_number, read_text
from ._safe_text import csv_unquote
from ._streams import Source, opened, sniff
from ._xlsx import DamagedPackageError, Package, PackageProblemError
from .layout import SHEET_ANSWERS, SHEET_META

if TYPE_CHECKING:
    from . import FileFormat

__all__ = [
    "PROFILE_COLUMNS",
    "SURVEY_SHEET",
    "SkmSurvey",
    "looks_like_survey",
    "read_survey",
    "survey_hint",
    "unsur_number",
]

SURVEY_SHEET = "Survei"
"""The sheet of the SKM template that holds the answers."""

PROFILE_COLUMNS = ("Usia", "Jenis Kelamin", "Pendidikan", "Pekerjaan", "Jenis Layanan")
"""The respondent profile of the PermenPAN-RB 14/2017 questionnaire, as the template heads
them; any other column of a survey sheet is kept too."""

SURVEY_ENTITY = "survei"
"""The code of the one entity a survey round holds (a survey sheet names none)."""

HEADER_SCAN = 20  # rows searched for the header row, under title rows
_UNSUR = re.compile(r"(?:u|unsur)[\s_.\-]*0*([1-9][0-9]{0,2})", re.IGNORECASE)
_UNIT_KEYS = frozenset(
    {"unit", "kode_unit", "unit_code", "unit_layanan", "unit_pelayanan", "unit_kerja", "lokus"}
)
_RESPONDENT_KEYS = frozenset(
    {"responden", "kode_responden", "no_responden", "respondent", "respondent_code", "no", "no."}
)


def unsur_number(header: object) -> int | None:
    """The unsur a header names (``U1``, ``u 1``, ``Unsur 01`` → 1), or None."""
    if not isinstance(header, str):
        return None
    match = _UNSUR.fullmatch(header.strip())
    return int(match.group(1)) if match else None


@dataclass(frozen=True, eq=False)
class SkmSurvey:
    """A survey as read: its round (for :func:`kepatuhan.skm_index`), and per respondent
    the unit, the code and the profile values (``None`` where the cell was empty)."""

    rubric: Rubric
    round: Round
    respondents: tuple[str, ...]
    unit_of: tuple[int, ...] = field(repr=False)
    profile_columns: tuple[str, ...]
    profiles: tuple[tuple[str | None, ...], ...] = field(repr=False)
    answers: npt.NDArray[np.float64] = field(repr=False)
    """``answers[r, k]``: respondent r's answer to the rubric's k-th unsur (NaN: none)."""

    def profile_column(self, column: str) -> str:
        """The profile column ``column`` names, as the survey heads it, matched loosely
        (``jenis kelamin`` finds ``Jenis Kelamin``). Unknown: :class:`InvalidFileError`."""
        key = header_key(column)
        for name in self.profile_columns:
            if header_key(name) == key:
                return name
        known = ", ".join(self.profile_columns) or "-"
        problem = Problem("by", "survey_unknown_profile", {"column": column, "known": known})
        raise InvalidFileError([problem])

    def profile(self, column: str) -> tuple[str | None, ...]:
        """The values of one profile column (see :meth:`profile_column`), per respondent."""
        pos = self.profile_columns.index(self.profile_column(column))
        return tuple(row[pos] for row in self.profiles)

    @classmethod
    def from_round(cls, round_: Round, rubric: Rubric) -> SkmSurvey:
        """A round read as a survey (the long CSV, the round workbook, JSON): ``round`` is
        the round itself; each (unit, respondent) is a respondent (an anonymous answer one of
        its own) with its answers; there are no profile columns."""
        table = round_.responses
        units = {code: u for u, code in enumerate(u.code for u in round_.units)}
        unsur = {code: k for k, code in enumerate(rubric.indicator_ids())}
        keys: dict[tuple[int, int], int] = {}
        rows: list[list[float]] = []
        unit_of: list[int] = []
        codes: list[str] = []
        answered = table.status == ANSWERED
        for i in np.flatnonzero(answered):
            u = units[table.unit_codes[table.unit[i]]]
            who = int(table.respondent[i])
            key = (u, who if who >= 0 else -1 - int(i))
            if key not in keys:
                keys[key] = len(rows)
                rows.append([math.nan] * len(unsur))
                unit_of.append(u)
                codes.append(table.respondent_codes[who] if who >= 0 else f"anonim-{i}")
            rows[keys[key]][unsur[table.indicator_codes[table.indicator[i]]]] = float(
                table.value[i]
            )
        matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(unsur))
        return cls(
            rubric=rubric,
            round=round_,
            respondents=tuple(codes),
            unit_of=tuple(unit_of),
            profile_columns=(),
            profiles=tuple(() for _ in rows),
            answers=matrix,
        )

    def subset(self, keep: Sequence[bool] | npt.NDArray[np.bool_]) -> Round:
        """The round of the answers of the respondents ``keep`` marks (units with none of them
        left out; a status such as tidak_berlaku of a round read as a survey is not kept)."""
        mask = np.asarray(keep, dtype=bool)
        return _build_round(
            self.rubric,
            self.round.entities,
            self.round.units,
            self.round.title,
            [r for r in range(len(self.respondents)) if mask[r]],
            self.respondents,
            self.unit_of,
            self.answers,
        )


def read_survey(
    source: Source | None,
    *,
    rubric: Rubric | str | None = None,
    unit: str | None = None,
    sheet: str | None = None,
    format: str | None = None,
    name: str | None = None,
) -> SkmSurvey:
    """Read a wide SKM survey sheet (xlsx or CSV; a path, bytes or a binary file object); a
    file that holds no survey sheet is read with :func:`~kepatuhan.io.read_round` instead
    (the long CSV, which needs ``rubric``; the round workbook; JSON), without profiles.

    ``rubric`` defaults to the one the template names, else to the count of unsur columns
    (9: ``skm-2017``, 14: ``skm-2004``). ``unit`` is the unit code of rows whose unit cell is
    empty (every row, without a unit column). ``sheet`` picks a workbook's sheet (default:
    the template's ``Survei``, else the first sheet with a header row of unsur columns).
    Problems: :class:`InvalidFileError`, all at once, each located.
    """
    if source is None:
        raise TypeError("read_survey() needs a source: a path, bytes or a binary file object")
    label = name
    if isinstance(source, str | PathLike):
        label = name or Path(source).name
    rub = resolve_rubric(rubric) if rubric is not None else None
    no_header: Problem | None = None  # said if the file is not a round either
    with opened(source, label) as (stream, label):
        kind = format or _kind(source, stream, label)
        if kind != "json":
            named, grid = _grid(stream, label, kind, sheet)
            if sheet is not None or _header(grid.rows[:HEADER_SCAN]) is not None:
                return _Survey(label, grid, rub, named, unit).read()
            if not grid.round_workbook:
                params = {"rows": HEADER_SCAN, "sheet": grid.sheet}
                no_header = Problem(grid.sheet, "survey_no_header", params)
        # Not a survey sheet: a round (long CSV, the round workbook, JSON), read as one; if
        # it is not one either, both are said.
        from . import read_round

        stream.seek(0)
        try:
            round_ = read_round(stream, rubric=rub, format=cast("FileFormat", kind), name=label)
        except InvalidFileError as err:
            if no_header is None:
                raise
            raise InvalidFileError([no_header, *err.problems], subject=err.subject) from None
        return SkmSurvey.from_round(round_, rub or resolve_rubric(round_.rubric))


def looks_like_survey(source: Source, *, name: str | None = None) -> bool:
    """Whether ``source`` holds a survey sheet (a header row of unsur columns ``U1``…)."""
    label = name
    if isinstance(source, str | PathLike):
        label = name or Path(source).name
    try:
        with opened(source, label) as (stream, label):
            return survey_hint(stream, label, _kind(source, stream, label)) is not None
    except (OSError, InvalidFileError):
        return False


def survey_hint(stream: IO[bytes], name: str, kind: str) -> Problem | None:
    """The ``survey_not_round`` problem if ``stream`` holds a survey sheet (for a round
    reader's refusal to say how to read it), else None. The stream is left at its start."""
    try:
        _, grid = _grid(stream, name, kind, None)
    except (InvalidFileError, UnicodeDecodeError, csv.Error):
        return None
    finally:
        stream.seek(0)
    found = _header(grid.rows[: grid.header_scan])
    if found is None:
        return None
    columns = ", ".join(str(grid.rows[found[0]][1][p]).strip() for p in sorted(found[1].values()))
    return Problem(grid.sheet, "survey_not_round", {"columns": columns})


# Reading cells ---------------------------------------------------------------------------


@dataclass
class _Grid:
    """A sheet's non-empty rows as (row number, values), and where they came from."""

    sheet: str
    rows: list[tuple[int, tuple[Any, ...]]]
    header_scan: int = HEADER_SCAN
    round_workbook: bool = False  # a workbook read_round reads (it has a Jawaban sheet)


def _kind(source: object, stream: IO[bytes], label: str) -> str:
    if isinstance(source, str | PathLike):
        suffix = Path(source).suffix.lower().lstrip(".")
        if suffix in ("xlsx", "csv"):
            return suffix
    return sniff(stream, label)


def _grid(stream: IO[bytes], name: str, kind: str, sheet: str | None) -> tuple[str | None, _Grid]:
    """(the rubric a template names, the rows of the survey sheet)."""
    stream.seek(0, io.SEEK_END)
    if stream.tell() == 0:
        raise InvalidFileError([Problem(name, "empty_file")], subject=name)
    stream.seek(0)
    if kind == "xlsx":
        return _xlsx_grid(stream, name, sheet)
    if kind != "csv":
        params = {"suffix": kind, "formats": "xlsx, csv"}
        raise InvalidFileError([Problem(name, "unknown_format", params)], subject=name)
    return None, _csv_grid(stream, name)


def _csv_grid(stream: IO[bytes], name: str) -> _Grid:
    data = stream.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InvalidFileError([Problem(name, "not_utf8", {"row": line})], subject=name) from None
    # the delimiter: the commonest of , ; tab in the first lines (a title row may have none)
    head = "\n".join(text.split("\n", HEADER_SCAN)[:HEADER_SCAN])
    delimiter = max((",", ";", "\t"), key=head.count)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    done = 0
    try:
        for record in reader:
            done += 1
            values = tuple(csv_unquote(v) for v in record)
            if any(not is_blank(v) for v in values):
                rows.append((done, values))
    except csv.Error as err:  # a field over the csv module's limit, a stray NUL…
        row = done + 1
        params: dict[str, object]
        if "field larger than field limit" in str(err):
            code, params = "csv_field_too_large", {"limit": csv.field_size_limit(), "row": row}
        else:
            code, params = "csv_malformed", {"row": row, "detail": str(err)}
        raise InvalidFileError(
            [Problem(f"{name}!{row}:{row}", code, params)], subject=name
        ) from None
    return _Grid(name, rows)


def _xlsx_grid(stream: IO[bytes], name: str, sheet: str | None) -> tuple[str | None, _Grid]:
    if not zipfile.is_zipfile(stream):
        raise InvalidFileError([Problem(name, "not_xlsx")], subject=name)
    stream.seek(0)
    package: Package | None = None
    try:
        package = Package(stream, name, lambda names: names)
        names = package.names
        rubric = None
        if SHEET_META in names:
            for _, values, _, _ in package.rows(SHEET_META):
                if len(values) >= 2 and values[0] == "rubric" and isinstance(values[1], str):
                    rubric = values[1]
        if sheet is None and SHEET_ANSWERS in names:  # a round's workbook (read_round's)
            return rubric, _Grid(name, [], round_workbook=True)
        wanted = [sheet] if sheet is not None else _sheet_order(names)
        first: _Grid | None = None
        for candidate in wanted:
            if candidate not in names:
                params = {"sheet": candidate}
                raise InvalidFileError([Problem(name, "missing_sheet", params)], subject=name)
            kept = [
                (row_no, values)
                for row_no, values, _, _ in package.rows(candidate)
                if any(not is_blank(v) for v in values)
            ]
            grid = _Grid(candidate, kept)
            if first is None:
                first = grid
            if sheet is not None or _header(kept[:HEADER_SCAN]) is not None:
                return rubric, grid
        return rubric, first if first is not None else _Grid(name, [])
    except DamagedPackageError:
        raise InvalidFileError([Problem(name, "corrupt_xlsx")], subject=name) from None
    except PackageProblemError as err:
        problem = Problem(err.location, err.code, err.params)
        raise InvalidFileError([problem], subject=name) from None
    finally:
        if package is not None:
            package.close()


def _sheet_order(names: Sequence[str]) -> list[str]:
    """The template's survey sheet first, then every visible data sheet in order."""
    ordered = [n for n in names if n == SURVEY_SHEET]
    return ordered + [n for n in names if n != SURVEY_SHEET and not n.startswith("_")]


def _header(rows: Sequence[tuple[int, tuple[Any, ...]]]) -> tuple[int, dict[int, int]] | None:
    """(index among ``rows`` of the header row, unsur number → first 0-based column) of the
    first row with two or more unsur headers."""
    for index, (_, values) in enumerate(rows):
        numbers: dict[int, int] = {}
        for pos, value in enumerate(values):
            number = unsur_number(value)
            if number is not None and number not in numbers:
                numbers[number] = pos
        if len(numbers) >= 2:
            return index, numbers
    return None


# Building the survey ----------------------------------------------------------------------


class _Survey:
    """One pass over a grid: header, then each respondent row."""

    def __init__(
        self, name: str, grid: _Grid, rubric: Rubric | None, named: str | None, unit: str | None
    ) -> None:
        self.name = name
        self.grid = grid
        self.rubric = rubric
        self.named = named
        self.unit = unit
        self.found = Collector(name)

    def at(self, row: int, col: int, what: str, /, **params: object) -> None:
        location = f"{self.grid.sheet}!{column_letter(col + 1)}{row}"
        self.found.add(location, (0, row, col + 1), what, params)

    def read(self) -> SkmSurvey:
        grid = self.grid
        header = _header(grid.rows[:HEADER_SCAN])
        if header is None:
            scan = min(HEADER_SCAN, max((r for r, _ in grid.rows), default=0)) or HEADER_SCAN
            params = {"rows": scan, "sheet": grid.sheet}
            raise InvalidFileError(
                [Problem(grid.sheet, "survey_no_header", params)], subject=self.name
            )
        index, _ = header
        row_no, values = grid.rows[index]
        rubric = self._rubric(len({n for v in values if (n := unsur_number(v)) is not None}))
        columns = self._columns(row_no, values, rubric)
        return self._rows(rubric, columns, grid.rows[index + 1 :])

    def _rubric(self, count: int) -> Rubric:
        if self.rubric is not None:
            return self.rubric
        if self.named is not None:
            return resolve_rubric(self.named)
        by_count = {9: "skm-2017", 14: "skm-2004"}
        if count in by_count:
            return resolve_rubric(by_count[count])
        problem = Problem(self.grid.sheet, "survey_rubric", {"count": count})
        raise InvalidFileError([problem], subject=self.name)

    def _columns(self, row_no: int, values: tuple[Any, ...], rubric: Rubric) -> _Columns:
        ids = rubric.indicator_ids()
        by_number = {n: k for k, i in enumerate(ids) if (n := unsur_number(i)) is not None}
        cols = _Columns(header_row=row_no)
        seen: dict[int, int] = {}
        for pos, value in enumerate(values):
            if is_blank(value):
                continue
            header = str(value).strip()
            number = unsur_number(header)
            key = header_key(header)
            if number is not None:
                if number in seen:
                    first = f"{self.grid.sheet}!{column_letter(seen[number] + 1)}{row_no}"
                    self.at(row_no, pos, "survey_unsur_duplicate", column=header, number=number,
                            first=first)  # fmt: skip
                elif number not in by_number:
                    self.at(row_no, pos, "survey_unsur_unknown", column=header, number=number,
                            rubric=rubric.id, count=len(ids))  # fmt: skip
                else:
                    seen[number] = pos
                    cols.unsur.append((by_number[number], pos))
            elif key in _UNIT_KEYS and cols.unit is None:
                cols.unit = pos
            elif key in _RESPONDENT_KEYS and cols.respondent is None:
                cols.respondent = pos
            else:
                cols.profile.append((header, pos))
        for number, k in sorted(by_number.items()):
            if number not in seen:
                self.found.add(f"{self.grid.sheet}!{row_no}:{row_no}", (0, row_no, 0),
                               "survey_unsur_missing",
                               {"number": number, "name": rubric.indicators()[k].name,
                                "rubric": rubric.id})  # fmt: skip
        return cols

    def _rows(
        self, rubric: Rubric, cols: _Columns, rows: Iterable[tuple[int, tuple[Any, ...]]]
    ) -> SkmSurvey:
        indicators = rubric.indicators()
        scales = [(i.scale.minimum, i.scale.maximum) for i in indicators]
        unit_codes: dict[str, int] = {}
        respondents: list[str] = []
        unit_of: list[int] = []
        profiles: list[tuple[str | None, ...]] = []
        answers: list[list[float]] = []
        first_at: dict[tuple[int, str], int] = {}
        unit_missing = cols.unit is None and self.unit is None
        if unit_missing:  # said once, at the header row, not on every row
            self.found.add(f"{self.grid.sheet}!{cols.header_row}:{cols.header_row}",
                           (0, cols.header_row, 0), "survey_unit_required", {})  # fmt: skip
        for row_no, values in rows:

            def cell(pos: int | None, values: tuple[Any, ...] = values) -> Any:
                return values[pos] if pos is not None and pos < len(values) else None

            row = [math.nan] * len(indicators)
            for k, pos in cols.unsur:
                value = cell(pos)
                if is_blank(value):
                    continue
                low, high = scales[k]
                number = read_number(value, f"{low:g}–{high:g}")
                if isinstance(number, float) and number.is_integer() and low <= number <= high:
                    row[k] = number
                else:
                    text = str(value).strip() if not isinstance(value, float) else f"{value:g}"
                    self.at(row_no, pos, "survey_answer", text=text, minimum=f"{low:g}",
                            maximum=f"{high:g}")  # fmt: skip
            unit = "" if unit_missing else self._unit(row_no, cols.unit, cell(cols.unit))
            code = self._respondent(row_no, cols.respondent, cell(cols.respondent))
            if unit is None or code is None:
                continue
            u = unit_codes.setdefault(unit, len(unit_codes))
            if (u, code) in first_at:
                first = f"{self.grid.sheet}!{column_letter((cols.respondent or 0) + 1)}"
                self.at(row_no, cols.respondent or 0, "survey_duplicate_respondent", code=code,
                        unit=unit, first=f"{first}{first_at[(u, code)]}")  # fmt: skip
                continue
            first_at[(u, code)] = row_no
            profile: list[str | None] = []
            for _, pos in cols.profile:
                raw = cell(pos)
                said = None if is_blank(raw) else read_text(raw)
                profile.append(said if isinstance(said, str) or said is None else str(raw))
            respondents.append(code)
            unit_of.append(u)
            profiles.append(tuple(profile))
            answers.append(row)
        if not respondents and not self.found:
            self.found.add(self.grid.sheet, (0, 0, 0), "survey_no_respondents", {})
        self.found.raise_if_any()
        matrix = np.asarray(answers, dtype=np.float64).reshape(len(answers), len(indicators))
        units = tuple(
            {"code": code, "name": code, "entity": SURVEY_ENTITY, "unit_type": "opd"}
            for code in unit_codes
        )
        entity = {"code": SURVEY_ENTITY, "name": "Survei Kepuasan Masyarakat", "kind": "lembaga"}
        round_ = _build_round(
            rubric, [entity], units, None, range(len(respondents)), respondents, unit_of, matrix
        )
        return SkmSurvey(
            rubric=rubric,
            round=round_,
            respondents=tuple(respondents),
            unit_of=tuple(unit_of),
            profile_columns=tuple(name for name, _ in cols.profile),
            profiles=tuple(profiles),
            answers=matrix,
        )

    def _unit(self, row_no: int, pos: int | None, value: Any) -> str | None:
        if is_blank(value):
            if self.unit is not None:
                return self.unit
            self.at(row_no, pos or 0, "survey_unit_required")
            return None
        code = read_code(value)
        if isinstance(code, str):
            code, problem = check_code(code)
            if problem is None:
                return code
            self.at(row_no, pos or 0, problem[0], **problem[1])
            return None
        self.at(row_no, pos or 0, code.code, **code.params)
        return None

    def _respondent(self, row_no: int, pos: int | None, value: Any) -> str | None:
        if pos is None or is_blank(value):
            return f"baris-{row_no}"
        code = read_code(value)
        if isinstance(code, str):
            return code
        self.at(row_no, pos, code.code, **code.params)
        return None


@dataclass
class _Columns:
    """0-based positions of the header's columns (in its 1-based ``header_row``)."""

    header_row: int
    unit: int | None = None
    respondent: int | None = None
    unsur: list[tuple[int, int]] = field(default_factory=list)  # (unsur index, position)
    profile: list[tuple[str, int]] = field(default_factory=list)


def _build_round(
    rubric: Rubric,
    entities: Iterable[Any],
    units: Iterable[Any],
    title: str | None,
    kept: Iterable[int],
    respondents: Sequence[str],
    unit_of: Sequence[int],
    answers: npt.NDArray[np.float64],
) -> Round:
    """A round of the ``kept`` respondents' answers; units none of them is at are left out."""
    all_units = [u if isinstance(u, dict) else u.model_dump() for u in units]
    rows = list(kept)
    present = sorted({unit_of[r] for r in rows})
    new_pos = {u: p for p, u in enumerate(present)}
    unit_col: list[int] = []
    indicator_col: list[int] = []
    value_col: list[float] = []
    respondent_col: list[int] = []
    codes: dict[str, int] = {}
    for r in rows:
        code = codes.setdefault(respondents[r], len(codes))
        for k in np.flatnonzero(~np.isnan(answers[r])):
            unit_col.append(new_pos[unit_of[r]])
            indicator_col.append(int(k))
            value_col.append(float(answers[r, k]))
            respondent_col.append(code)
    return Round.from_columns(
        rubric=rubric.id,
        title=title,
        entities=list(entities),
        units=[all_units[u] for u in present],
        unit=np.asarray(unit_col, dtype=np.int64),
        indicator=np.asarray(indicator_col, dtype=np.int64),
        indicator_codes=rubric.indicator_ids(),
        value=np.asarray(value_col, dtype=np.float64),
        respondent=np.asarray(respondent_col, dtype=np.int64),
        respondent_codes=list(codes),
    )
