"""Rounds from DataFrames: pandas, polars, Arrow tables or plain column mappings, long or wide.

:func:`round_from_frame` is :meth:`Round.from_frame <kepatuhan.Round.from_frame>`. It reads
each column once into numpy (categorical columns as codes and categories, numeric columns
as they are), decodes every distinct value once (not every row), and builds the round
through :meth:`ResponseTable.from_columns <kepatuhan.ResponseTable.from_columns>` with
integer positions — never one Python object per answer. The answers are then checked as
``kp.score`` checks them (the round's own checks and the rubric's), and every problem is
reported at once at the frame row and column it came from: ``answers[12].nilai``.

pandas, polars and pyarrow are imported only to read an object of theirs (and pyarrow for
an object that only offers ``__arrow_c_stream__``), so ``import kepatuhan`` needs none of
them.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeGuard

import numpy as np
import numpy.typing as npt

from .catalog import WORDS, Message
from .codes import check_code, grouped_unknown, rows_by_value
from .compile import ROLE_CODES
from .entities import Entity, ServiceUnit
from .errors import TERMS, InvalidInputError, InvalidRoundError, Problem
from .registry import resolve_rubric
from .responses import ANSWERED, STATUS_CODES, ResponseTable
from .vocab import RespondentRole, ResponseStatus

if TYPE_CHECKING:
    from .round import Round
    from .rubric import Rubric

__all__ = ["LONG_COLUMNS", "WIDE_COLUMNS", "round_from_frame"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
AnyArray = npt.NDArray[Any]

LONG_COLUMNS = (
    "unit",
    "indicator",
    "value",
    "respondent",
    "role",
    "status",
    "evidence",
    "collected",
)
"""Columns of the long shape (one row per answer); the first three are required."""
WIDE_COLUMNS = ("unit", "respondent", "role")
"""Id columns of the wide shape (one row per respondent); ``unit`` is required."""
_LONG_REQUIRED = 3
_ENTITY_COLUMNS = ("code", "name", "kind", "province")
_UNIT_COLUMNS = ("code", "name", "entity", "unit_type", "sector")
_CODE_FIELDS = frozenset({"code", "entity"})

PROBLEM_LIMIT = 200
"""Problems listed per table and message code; the rest are counted in one more problem."""

_BLANK = -1  # a decoded row with no value
_BAD = -2  # a decoded row whose value is reported
_SECTIONS = {"shape": 0, "columns": 0, "indicators": 0, "entities": 1, "units": 2, "answers": 3}
_CODE = re.compile(r"[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?")
_CODE_MAX = 200
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_STATUSES = tuple(ResponseStatus)
_STATUS_WORDS = ", ".join(s.value for s in ResponseStatus)
_FIELD_PATH = re.compile(r"^responses\[(\d+)\]\.(\w+)$")
_SHOWN_COLUMNS = 20


# Problems ------------------------------------------------------------------------------------

SortKey = tuple[int, int, int]


@dataclass(frozen=True)
class _Bad:
    """A value that cannot be read: the problem code and its parameters."""

    code: str
    params: Mapping[str, object]


class _Found:
    """Every problem found, in table, row and column order; at most ``PROBLEM_LIMIT`` per
    table and code, the rest counted."""

    def __init__(self) -> None:
        self._items: list[tuple[SortKey, Problem]] = []
        self._cells: list[tuple[str, str, IntArray, IntArray, list[str], Callable[[int], Any]]] = []

    def __bool__(self) -> bool:
        return bool(self._items) or bool(self._cells)

    def add(self, location: str, code: str, params: Mapping[str, object], key: SortKey) -> None:
        self._items.append((key, Problem(location, code, params)))

    def at(self, location: str, code: str, params: Mapping[str, object], column: int = -1) -> None:
        """A problem of a whole table (or argument), or of one of its columns."""
        section = _SECTIONS.get(re.split(r"[.\[]", location, maxsplit=1)[0], 0)
        self.add(location, code, params, (section, -1, column))

    def cells(
        self,
        what: str,
        code: str,
        rows: IntArray,
        columns: IntArray,
        names: list[str],
        params: Callable[[int], Mapping[str, object]],
    ) -> None:
        """A problem at each ``(rows[k], columns[k])`` of table ``what`` (frame row and column
        position), with ``params(k)``; built only for the ones listed."""
        if rows.size:
            self._cells.append((what, code, rows, columns, names, params))

    def problems(self) -> list[Problem]:
        items = list(self._items)
        groups: dict[tuple[str, str], list[int]] = {}
        for k, (what, code, *_rest) in enumerate(self._cells):
            groups.setdefault((what, code), []).append(k)
        for (what, code), ks in groups.items():
            rows = np.concatenate([self._cells[k][2] for k in ks])
            cols = np.concatenate([self._cells[k][3] for k in ks])
            which = np.concatenate([np.full(self._cells[k][2].size, k) for k in ks])
            offset = np.concatenate([np.arange(self._cells[k][2].size) for k in ks])
            order = np.lexsort((cols, rows))
            for j in order[:PROBLEM_LIMIT].tolist():
                _, _, _, _, names, params = self._cells[int(which[j])]
                row, col = int(rows[j]), int(cols[j])
                items.append(
                    (
                        (_SECTIONS[what], row, col),
                        Problem(f"{what}[{row}].{names[col]}", code, params(int(offset[j]))),
                    )
                )
            if order.size > PROBLEM_LIMIT:
                more = {"count": int(order.size - PROBLEM_LIMIT), "code": code}
                items.append(((_SECTIONS[what], 1 << 62, 0), Problem(what, "more_problems", more)))
        items.sort(key=lambda item: item[0])
        seen: set[tuple[str, str, str]] = set()
        out = []
        for _, problem in items:
            ident = (problem.location, problem.code, repr(sorted(problem.params.items())))
            if ident not in seen:
                seen.add(ident)
                out.append(problem)
        return out


# Columns and tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One column read from a table: plain values (numeric, datetime or object), or integer
    codes into categories (-1 = null); ``unreadable`` names a type we do not read."""

    values: AnyArray | None = None
    codes: AnyArray | None = None  # any signed integer type
    categories: list[object] | None = None
    unreadable: str | None = None

    @property
    def size(self) -> int:
        if self.codes is not None:
            return int(self.codes.size)
        return 0 if self.values is None else int(self.values.size)


@dataclass
class _Table:
    """A table as its column names (as the table spells them) and a reader per position."""

    what: str
    names: list[str]
    rows: int
    read: Callable[[int], _Column]
    _cache: dict[int, _Column] = field(default_factory=dict)

    def column(self, position: int) -> _Column:
        if position not in self._cache:
            self._cache[position] = self.read(position)
        return self._cache[position]


def _module(obj: object) -> str:
    return type(obj).__module__.partition(".")[0]


def _import(name: str) -> Any:
    return importlib.import_module(name)


def _read_table(obj: object, what: str, found: _Found, *, records: bool = False) -> _Table | None:
    """The table ``obj`` is, or None (reported, unless ``records`` lets a sequence through)."""
    top = _module(obj)
    if top == "pandas" and getattr(obj, "ndim", 0) == 2 and hasattr(obj, "iloc"):
        return _pandas_table(obj, what)
    if top == "polars" and hasattr(obj, "get_column") and hasattr(obj, "height"):
        return _polars_table(obj, what)
    if top == "pyarrow" and hasattr(obj, "schema") and hasattr(obj, "num_rows"):
        return _arrow_table(obj, what)
    if isinstance(obj, Mapping):
        return _mapping_table(obj, what, found)
    if hasattr(type(obj), "__arrow_c_stream__"):
        try:
            pa = _import("pyarrow")
        except ImportError:
            found.at(what, "frame_needs_pyarrow", {"what": what, "type": _type_name(obj)})
            return None
        try:
            return _arrow_table(pa.table(obj), what)
        except (TypeError, ValueError, pa.ArrowException):
            pass  # a stream that is not a table (an array): reported below
    if records and _is_sequence(obj):
        return None
    accepted = "a pandas or polars DataFrame, a pyarrow Table, or a mapping of columns"
    if records:
        accepted += ", or a sequence of records"
    found.at(
        what, "frame_not_a_table", {"what": what, "type": _type_name(obj), "accepted": accepted}
    )
    return None


def _is_sequence(obj: object) -> TypeGuard[Iterable[Any]]:
    """A sequence of records (not text, not a mapping, not a frame library's object)."""
    return (
        isinstance(obj, Iterable)
        and not isinstance(obj, str | bytes | Mapping)
        and _module(obj) not in ("pandas", "polars", "pyarrow")
    )


def _type_name(obj: object) -> str:
    kind = type(obj)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _pandas_table(df: Any, what: str) -> _Table:
    return _Table(
        what, [str(c) for c in df.columns], len(df), lambda j: _pandas_column(df.iloc[:, j])
    )


def _polars_table(df: Any, what: str) -> _Table:
    return _Table(what, [str(c) for c in df.columns], df.height, lambda j: _polars_column(df[:, j]))


def _arrow_table(table: Any, what: str) -> _Table:
    return _Table(
        what, list(table.schema.names), table.num_rows, lambda j: _arrow_column(table.column(j))
    )


def _mapping_table(columns: Mapping[Any, Any], what: str, found: _Found) -> _Table | None:
    names = [str(name) for name in columns]
    read = [_any_column(value) for value in columns.values()]
    sizes = [c.size for c in read]
    expected = next((c.size for c in read if c.unreadable is None), 0)
    ok = True
    for j, (name, size) in enumerate(zip(names, sizes, strict=True)):
        if read[j].unreadable is None and size != expected:
            params = {"column": name, "length": size, "expected": expected}
            found.at(f"{what}.{name}", "length_mismatch", params, j)
            ok = False
    return _Table(what, names, expected, lambda j: read[j]) if ok else None


def _any_column(data: object) -> _Column:
    """A column given on its own (a value of a mapping): a Series, an Arrow array, numpy or a
    plain sequence."""
    top = _module(data)
    if top == "pandas" and getattr(data, "ndim", 1) != 1:
        return _Column(unreadable=_type_name(data))
    if top == "pandas":
        pd = _import("pandas")
        return _pandas_column(data if isinstance(data, pd.Series) else pd.Series(data))
    if top == "polars" and hasattr(data, "to_physical"):
        return _polars_column(data)
    if top == "pyarrow" and hasattr(data, "type"):
        return _arrow_column(data)
    if isinstance(data, np.ndarray):
        if data.ndim != 1:
            return _Column(unreadable=f"{data.ndim}-dimensional array")
        return _Column(values=data.astype(object) if data.dtype.kind in "US" else data)
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Sequence):
        return _Column(unreadable=_type_name(data))
    plain = np.asarray(data) if data else np.zeros(0, dtype=object)
    if plain.ndim == 1 and plain.dtype.kind in "biuf":
        return _Column(values=plain)
    values = np.empty(len(data), dtype=object)
    values[:] = list(data)
    return _Column(values=values)


def _pandas_column(series: Any) -> _Column:
    pd = _import("pandas")
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()  # int8/int16/…: indexing takes them as they are
        return _Column(codes=codes, categories=list(series.cat.categories.tolist()))
    if isinstance(dtype, np.dtype) and dtype.kind in "biufM":
        return _Column(values=series.to_numpy())  # read-only under copy-on-write
    if dtype.kind in "iuf":  # nullable Int64 / Float64: NaN where missing
        return _Column(values=series.to_numpy(dtype=np.float64, na_value=np.nan))
    return _Column(values=series.to_numpy(dtype=object, na_value=None))


def _polars_column(series: Any) -> _Column:
    pl = _import("polars")
    dtype = series.dtype
    if isinstance(dtype, pl.Enum):
        physical = series.to_physical().cast(pl.Int64).fill_null(-1).to_numpy()
        return _Column(
            codes=np.asarray(physical, dtype=np.int64), categories=dtype.categories.to_list()
        )
    if dtype == pl.Categorical:
        # Physical ids may be global: number the categories present, without strings per row.
        physical = np.asarray(
            series.to_physical().cast(pl.Int64).fill_null(-1).to_numpy(), dtype=np.int64
        )
        present = series.drop_nulls().unique()
        ids = np.asarray(present.to_physical().cast(pl.Int64).to_numpy(), dtype=np.int64)
        if not ids.size:
            return _Column(codes=physical, categories=[])  # every row null
        order = np.argsort(ids)
        where = np.minimum(np.searchsorted(ids[order], physical), ids.size - 1)
        codes = np.where(physical < 0, -1, order[where])
        return _Column(codes=codes.astype(np.int64), categories=present.cast(pl.String).to_list())
    if dtype.is_numeric() or dtype in (pl.Boolean, pl.String, pl.Date, pl.Datetime):
        return _Column(values=series.to_numpy())
    if dtype == pl.Null:
        return _Column(values=np.full(series.len(), None, dtype=object))
    return _Column(unreadable=str(dtype))


def _arrow_column(array: Any) -> _Column:
    pa = _import("pyarrow")
    types = pa.types
    kind = array.type
    if types.is_dictionary(kind):
        combined = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
        indices = combined.indices
        if types.is_unsigned_integer(indices.type):  # room for -1 (null)
            indices = indices.cast(pa.int64())
        indices = _import("pyarrow.compute").fill_null(indices, -1)
        codes = np.asarray(indices.to_numpy(zero_copy_only=False))
        return _Column(codes=codes, categories=combined.dictionary.to_pylist())
    readable = (
        types.is_integer(kind)
        or types.is_floating(kind)
        or types.is_boolean(kind)
        or types.is_string(kind)
        or types.is_large_string(kind)
        or getattr(types, "is_string_view", _never)(kind)  # pyarrow >= 16
        or types.is_date(kind)
        or types.is_timestamp(kind)
        or types.is_decimal(kind)
    )
    if readable:
        if isinstance(array, pa.ChunkedArray) and array.num_chunks == 1:
            array = array.chunk(0)
        return _Column(values=np.asarray(array.to_numpy(zero_copy_only=False)))
    if types.is_null(kind):
        return _Column(values=np.full(len(array), None, dtype=object))
    return _Column(unreadable=str(kind))


def _never(kind: object) -> bool:
    return False


# Decoding: every distinct value once -----------------------------------------------------------


def _factorize(column: _Column) -> tuple[AnyArray, list[object]]:
    """Each row's position in the list of distinct raw values; -1 where null."""
    if column.codes is not None:
        return column.codes, list(column.categories or ())
    values = column.values
    assert values is not None
    if values.dtype.kind == "O":
        seen: dict[object, int] = {}
        raw: list[object] = []
        out: list[int] = []
        for x in values.tolist():
            k = x if type(x) is str else _key(x)
            code = seen.get(k)
            if code is None:
                code = seen[k] = len(raw)
                raw.append(x)
            out.append(code)
        return np.array(out, dtype=np.int64), raw
    if values.dtype.kind in "fM":
        null = np.isnan(values) if values.dtype.kind == "f" else np.isnat(values)
        codes = np.full(values.size, -1, dtype=np.int64)
        uniques, inverse = np.unique(values[~null], return_inverse=True)
        codes[~null] = inverse.reshape(-1)
        return codes, list(uniques) if values.dtype.kind == "M" else uniques.tolist()
    uniques, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), uniques.tolist()


def _key(x: object) -> object:
    """A dictionary key for a value that is not text: by type too (``1`` is not ``True``)."""
    try:
        hash(x)
    except TypeError:
        return (type(x), id(x))
    return (type(x), x)


def _lut(values: Sequence[Any], *, bad: Any, blank: Any, dtype: Any = np.int64) -> AnyArray:
    """``values`` and two more slots, so that row indices -2 (bad) and -1 (blank) look up
    ``bad`` and ``blank``."""
    out = np.empty(len(values) + 2, dtype=dtype)
    out[: len(values)] = values
    out[-2], out[-1] = bad, blank
    return out


Decoder = Callable[[object], object]


def _decode(
    table: _Table, position: int, decode: Decoder, found: _Found
) -> tuple[IntArray, list[Any]]:
    """Each row's index into the distinct decoded values (-1 blank, -2 reported)."""
    codes, raw = _factorize(table.column(position))
    outcomes: dict[object, int] = {}
    bad: dict[int, _Bad] = {}
    lut = np.full(len(raw) + 1, _BLANK, dtype=np.int64)  # the extra slot serves code -1
    for k, value in enumerate(raw):
        result = decode(value)
        if isinstance(result, _Bad):
            lut[k] = _BAD
            bad[k] = result
        elif result is not None:
            lut[k] = outcomes.setdefault(result, len(outcomes))
    rows = lut[codes]
    if bad:
        _report(table, position, codes, rows, bad, found)
    return rows, list(outcomes)


def _report(
    table: _Table,
    position: int,
    codes: AnyArray,
    rows: IntArray,
    bad: Mapping[int, _Bad],
    found: _Found,
) -> None:
    where = np.flatnonzero(rows == _BAD)
    by_code: dict[str, list[int]] = {}
    for k, problem in bad.items():
        by_code.setdefault(problem.code, []).append(k)
    for code, keys in by_code.items():
        hits = where[np.isin(codes[where], keys)]
        found.cells(
            table.what,
            code,
            hits,
            np.full(hits.size, position, dtype=np.int64),
            table.names,
            _params_at(bad, codes, hits),
        )


def _params_at(
    bad: Mapping[int, _Bad], codes: AnyArray, hits: IntArray
) -> Callable[[int], Mapping[str, object]]:
    """The parameters of the ``k``-th reported row: those of its raw value."""
    return lambda k: bad[int(codes[hits[k]])].params


def _is_null(x: object) -> bool:
    if x is None:
        return True
    if isinstance(x, float | np.floating):
        return bool(np.isnan(x))
    if isinstance(x, np.datetime64):
        return bool(np.isnat(x))
    return type(x).__name__ in ("NAType", "NaTType")


def _plain(x: object) -> object:
    """A numpy scalar as the Python value it holds (for messages)."""
    return x.item() if isinstance(x, np.generic) else x


def _is_number(x: object) -> bool:
    return isinstance(x, int | float | Decimal | np.integer | np.floating | np.bool_)


def _blank(x: object) -> bool:
    return _is_null(x) or (isinstance(x, str) and not x.strip())


def _as_code(x: object) -> object:
    """A code: text (1–200 characters, no control characters or blanks at either end), or
    a whole number written as text."""
    if isinstance(x, str):
        if len(x) <= _CODE_MAX and _CODE.fullmatch(x):
            text, problem = check_code(x)
            return text if problem is None else _Bad(*problem)
        return _Bad("frame_invalid_code", {"code": x}) if x.strip() else None
    if _is_null(x):
        return None
    if isinstance(x, int | np.integer) and not isinstance(x, bool | np.bool_):
        return str(int(x))
    if isinstance(x, float | np.floating) and float(x).is_integer():
        return str(int(x))
    return _Bad("not_text", {"value": _plain(x)})


def _as_text(x: object) -> object:
    if isinstance(x, str):
        return x if x.strip() else None
    return None if _is_null(x) else _Bad("not_text", {"value": _plain(x)})


def _as_word(members: Iterable[Enum], column: str) -> Decoder:
    """A vocabulary word (an enum value or member name) as its enum member."""
    words: dict[str, Enum] = {}
    for member in members:
        words.update({str(member.value): member, member.name: member})
    allowed = ", ".join(str(m.value) for m in members)

    def decode(x: object) -> object:
        if _blank(x):
            return None
        if isinstance(x, str) and x.strip() in words:
            return words[x.strip()]
        return _Bad("unknown_value", {"value": _plain(x), "column": column, "allowed": allowed})

    return decode


def _number(x: object) -> float | None:
    """``x`` as a float if it is a number or a plain decimal numeral, else None."""
    if _is_number(x):
        return float(x)  # type: ignore[arg-type]
    if isinstance(x, str) and _NUMBER.fullmatch(x.strip()):
        return float(x)
    return None


def _as_value(x: object) -> object:
    if _blank(x):
        return None
    number = _number(x)
    if number is None:
        return _Bad("not_a_number", {"text": str(_plain(x)), "allowed": WORDS["any_answer"]})
    return number


def _as_cell(x: object) -> object:
    """A wide cell: blank, a number (answered) or a status word, as ``(status, value)``."""
    if _blank(x):
        return None
    number = _number(x)
    if number is not None:
        return (ANSWERED, number)
    if isinstance(x, str):
        for status in _STATUSES:
            if x.strip() in (status.value, status.name):
                return (STATUS_CODES[status], None)
    return _Bad("frame_not_an_answer", {"value": _plain(x), "statuses": _STATUS_WORDS})


def _as_date(x: object) -> object:
    if _blank(x):
        return None
    if isinstance(x, datetime):
        return x.date()
    if isinstance(x, date):
        return x
    if isinstance(x, np.datetime64):
        day = x.astype("datetime64[D]").item()
        return day if isinstance(day, date) else _Bad("frame_not_a_date", {"value": str(x)})
    if isinstance(x, str):
        try:
            return date.fromisoformat(x.strip())
        except ValueError:
            pass
    return _Bad("frame_not_a_date", {"value": _plain(x)})


# Column names ----------------------------------------------------------------------------------


def _positions(table: _Table, found: _Found) -> dict[str, int]:
    """Position of each column name; a name seen again is reported and not read."""
    positions: dict[str, int] = {}
    for j, name in enumerate(table.names):
        if name in positions:
            params = {"column": name, "first": f"position {positions[name]}"}
            found.at(f"{table.what}.{name}", "duplicate_column", params, j)
        else:
            positions[name] = j
    return positions


def _present(table: _Table) -> str:
    shown = ", ".join(table.names[:_SHOWN_COLUMNS])
    return shown + (", …" if len(table.names) > _SHOWN_COLUMNS else "") if shown else "none"


def _resolve_columns(
    table: _Table,
    positions: Mapping[str, int],
    known: Sequence[str],
    required: int,
    renamed: Mapping[str, str],
    found: _Found,
) -> tuple[dict[str, int], bool]:
    """Our column name → table position for each column present, and whether every required
    and every renamed column is there (if not, reported)."""
    ok = True
    for ours in renamed:
        if ours not in known:
            params = {"name": ours, "known": ", ".join(known)}
            found.at(f"columns.{ours}", "frame_unknown_name", params)
            ok = False
    out: dict[str, int] = {}
    for k, ours in enumerate(known):
        theirs = str(renamed.get(ours, ours))
        if theirs in positions:
            out[ours] = positions[theirs]
        elif k < required or ours in renamed:
            params = {"column": theirs, "field": ours, "present": _present(table)}
            found.at(f"{table.what}.{theirs}", "frame_missing_column", params)
            ok = False
    return out, ok


def _unused(
    table: _Table,
    positions: Mapping[str, int],
    used: Iterable[int],
    known: Sequence[str],
    found: _Found,
) -> None:
    """Columns not read are reported: a column is never silently left out."""
    taken = set(used)
    for name, j in positions.items():
        if j not in taken:
            params = {"column": name, "known": ", ".join(known)}
            found.at(f"{table.what}.{name}", "frame_unused_column", params, j)


def _unreadable(table: _Table, positions: Iterable[int], found: _Found) -> bool:
    """Report the columns of a type we cannot read; True if there were none."""
    ok = True
    for j in positions:
        kind = table.column(j).unreadable
        if kind is not None:
            name = table.names[j]
            found.at(f"{table.what}.{name}", "frame_column_type", {"column": name, "type": kind}, j)
            ok = False
    return ok


# Entities and units ----------------------------------------------------------------------------


@dataclass
class _Records:
    """Entities or units as read: the model of each good row, every row's code, and whether
    the input could be read at all (if not, nothing refers to it as unknown)."""

    models: list[Any | None]  # per row: the model, or None if the row has problems
    codes: list[str | None]  # per row, even of a row with problems
    where: Callable[[int, str], tuple[str, SortKey]]
    readable: bool = True


def _records(
    obj: object, what: str, model: type[Entity] | type[ServiceUnit], found: _Found
) -> _Records:
    """The rows of an entities or units table, or of a sequence of models or dicts."""
    section = _SECTIONS[what]

    def unread(i: int, name: str) -> tuple[str, SortKey]:
        return (f"{what}[{i}].{name}" if name else f"{what}[{i}]"), (section, i, -1)

    table = _read_table(obj, what, found, records=True)
    if table is None:
        if _is_sequence(obj):
            return _from_objects(list(obj), what, model, unread, found)
        return _Records([], [], unread, readable=False)
    known = _ENTITY_COLUMNS if model is Entity else _UNIT_COLUMNS
    positions = _positions(table, found)
    columns, ok = _resolve_columns(table, positions, known, len(known) - 1, {}, found)
    _unused(table, positions, columns.values(), known, found)
    if not ok or not _unreadable(table, columns.values(), found):
        return _Records([], [], unread, readable=False)

    def where(i: int, name: str) -> tuple[str, SortKey]:
        location = f"{what}[{i}].{name}" if name else f"{what}[{i}]"
        return location, (section, i, columns.get(name, -1))

    rows: list[dict[str, Any]] = [{} for _ in range(table.rows)]
    good = [True] * table.rows
    for name, j in columns.items():
        index, values = _decode(table, j, _RECORD_DECODERS.get(name, _as_raw), found)
        for i, k in enumerate(index.tolist()):
            if k == _BAD:
                good[i] = False
            elif k >= 0:
                rows[i][name] = values[k]
    models: list[Any | None] = []
    for i, row in enumerate(rows):
        models.append(_model(model, row, i, where, found) if good[i] else None)
    return _Records(models, [row.get("code") for row in rows], where)


def _as_raw(x: object) -> object:
    return None if _blank(x) else _plain(x)


_RECORD_DECODERS: dict[str, Decoder] = {
    "code": _as_code,
    "entity": _as_code,
    "name": _as_text,
    "province": _as_text,
    "sector": _as_text,
}


def _model(
    model: type[Entity] | type[ServiceUnit],
    item: object,
    i: int,
    where: Callable[[int, str], tuple[str, SortKey]],
    found: _Found,
) -> Any | None:
    """The model of one row, or None with its problems reported."""
    if isinstance(item, model):
        return item
    try:
        return model.model_validate(item)
    except InvalidInputError as err:
        for problem in err.problems:
            location, key = where(i, problem.location.split(".")[0].split("[")[0])
            found.add(location, problem.code, problem.params, key)
        return None


def _from_objects(
    items: list[Any],
    what: str,
    model: type[Entity] | type[ServiceUnit],
    where: Callable[[int, str], tuple[str, SortKey]],
    found: _Found,
) -> _Records:
    models = [_model(model, item, i, where, found) for i, item in enumerate(items)]
    codes: list[str | None] = []
    for item in items:
        raw = item.get("code") if isinstance(item, Mapping) else getattr(item, "code", None)
        codes.append(raw if isinstance(raw, str) else None)
    return _Records(models, codes, where)


def _first_of_each(records: _Records, what: str, label: Message, found: _Found) -> list[bool]:
    """Per row: its code is the first of its kind; later ones are reported."""
    first: dict[str, int] = {}
    out = []
    for i, code in enumerate(records.codes):
        if code is None:
            out.append(False)
        elif code in first:
            location, key = records.where(i, "code")
            params = {"what": label, "code": code, "first": f"{what}[{first[code]}]"}
            found.add(location, "duplicate_code", params, key)
            out.append(False)
        else:
            first[code] = i
            out.append(True)
    return out


@dataclass(frozen=True)
class _Who:
    """The good entities and units, every unit code seen (of a good row or not), and
    whether the units could be read at all."""

    entities: list[Entity]
    units: list[ServiceUnit]
    all_units: set[str]
    units_read: bool


def _who(entities: object, units: object, found: _Found) -> _Who:
    """Entities and units: each row checked, codes unique, each unit of a known entity.

    A unit of an entity with problems of its own is left out without a second report, as
    are later the answers of a unit with problems (io's readers do the same).
    """
    ent = _records(entities, "entities", Entity, found)
    uni = _records(units, "units", ServiceUnit, found)
    ent_first = _first_of_each(ent, "entities", TERMS["entity_code"], found)
    unit_first = _first_of_each(uni, "units", TERMS["unit_code"], found)
    all_entities = {c for c in ent.codes if c is not None}
    good = [e for e, first in zip(ent.models, ent_first, strict=True) if e is not None and first]
    good_codes = {e.code for e in good}
    good_units: list[ServiceUnit] = []
    for i, unit in enumerate(uni.models):
        if unit is None:
            continue
        if ent.readable and unit.entity not in all_entities:
            location, key = uni.where(i, "entity")
            found.add(location, "unknown_entity", {"code": unit.entity}, key)
        elif unit_first[i] and unit.entity in good_codes:
            good_units.append(unit)
    all_units = {c for c in uni.codes if c is not None}
    return _Who(good, good_units, all_units, uni.readable)


# Answers ---------------------------------------------------------------------------------------


@dataclass
class _Answers:
    """Answer columns ready for ``ResponseTable.from_columns``, and where each row came from."""

    unit: IntArray  # position into the good units
    indicator: IntArray  # position into rubric.indicator_ids()
    value: FloatArray
    status: IntArray  # STATUS_CODES
    role: IntArray  # ROLE_CODES, -1 none
    respondent: IntArray | None  # position into respondent_codes, -1 anonymous
    respondent_codes: list[str]
    evidence: list[str | None] | None
    collected: list[date | None] | None
    frame_row: IntArray | None  # None: response i is frame row i
    frame_column: IntArray | None  # wide: the indicator column of each response
    columns: Mapping[str, int]  # our field → table position

    def at(self, i: int, name: str) -> tuple[int, int]:
        row = i if self.frame_row is None else int(self.frame_row[i])
        if name in ("unit", "respondent") or self.frame_column is None:
            return row, self.columns.get(name, self.columns.get("value", -1))
        return row, int(self.frame_column[i])


class _Context:
    """What both shapes need: the rubric, the good units, the problems found."""

    def __init__(self, rubric: Rubric, who: _Who, found: _Found) -> None:
        self.rubric = rubric
        self.indicator_ids = rubric.indicator_ids()
        self.indicator_pos = {ind: k for k, ind in enumerate(self.indicator_ids)}
        self.who = who
        self.unit_pos = {u.code: k for k, u in enumerate(who.units)}
        self.found = found

    def required(self, table: _Table, position: int, rows: IntArray, bad: BoolArray) -> None:
        """Blank rows of a required column are reported; reported rows are marked bad."""
        blank = np.flatnonzero(rows == _BLANK)
        name = table.names[position]
        self.found.cells(
            table.what,
            "required_cell",
            blank,
            np.full(blank.size, position, dtype=np.int64),
            table.names,
            lambda k: {"column": name},
        )
        bad |= rows < 0

    def units(self, table: _Table, position: int, bad: BoolArray) -> IntArray:
        """Unit position of each row; rows of a unit nowhere in ``units`` are reported, rows of
        a unit with problems of its own are dropped (reported where it is defined)."""
        rows, codes = _decode(table, position, _as_code, self.found)
        self.required(table, position, rows, bad)
        known = self.who.all_units
        lut = _lut(
            [
                self.unit_pos.get(c, -1 if c in known or not self.who.units_read else -2)
                for c in codes
            ],
            bad=-1,
            blank=-1,
        )
        pos = lut[rows]
        _unknown_codes(
            self.found, table, "unknown_unit", rows, codes, (pos == -2) & ~bad, position,
            known=self.unit_pos,
        )  # fmt: skip
        bad |= pos < 0
        return pos

    def respondents(
        self, table: _Table, columns: Mapping[str, int], bad: BoolArray
    ) -> tuple[IntArray | None, list[str]]:
        if "respondent" not in columns:
            return None, []
        rows, codes = _decode(table, columns["respondent"], _as_code, self.found)
        bad |= rows == _BAD
        return rows, [str(c) for c in codes]

    def roles(self, table: _Table, columns: Mapping[str, int], bad: BoolArray) -> IntArray:
        if "role" not in columns:
            return np.full(table.rows, -1, dtype=np.int64)
        name = table.names[columns["role"]]
        rows, roles = _decode(table, columns["role"], _as_word(RespondentRole, name), self.found)
        bad |= rows == _BAD
        return _lut([ROLE_CODES[r] for r in roles], bad=-1, blank=-1)[rows]


def _unknown_codes(
    found: _Found,
    table: _Table,
    code: str,
    rows: IntArray,
    codes: Sequence[object],
    mask: BoolArray,
    column: int,
    *,
    known: Iterable[str],
    extra: Mapping[str, object] | None = None,
) -> None:
    """One ``code`` problem per distinct unknown code of a column (``rows`` holds each
    row's position in ``codes``; ``mask`` marks the unknown rows), at its first row, with
    how often it occurs, where else, and the known code it is closest to."""
    groups = rows_by_value(rows, mask)
    if not groups:
        return
    occurrences = {str(codes[int(rows[g[0]])]): g.tolist() for g in groups}
    section, name = _SECTIONS[table.what], table.names[column]

    def where(row: int) -> tuple[str, SortKey]:
        return f"{table.what}[{row}].{name}", (section, row, column)

    for key, problem in grouped_unknown(occurrences, code, where, list(known), extra=extra):
        found.add(problem.location, problem.code, problem.params, key)


def _long(table: _Table, columns: dict[str, int], ctx: _Context) -> _Answers:
    n, found = table.rows, ctx.found
    bad = np.zeros(n, dtype=bool)
    unit = ctx.units(table, columns["unit"], bad)

    ind_rows, ind_codes = _decode(table, columns["indicator"], _as_code, found)
    ctx.required(table, columns["indicator"], ind_rows, bad)
    indicator = _lut([ctx.indicator_pos.get(c, -2) for c in ind_codes], bad=-1, blank=-1)[ind_rows]
    _unknown_codes(
        found, table, "unknown_indicator", ind_rows, ind_codes, (indicator == -2) & ~bad,
        columns["indicator"], known=ctx.indicator_pos, extra={"rubric": ctx.rubric.id},
    )  # fmt: skip
    bad |= indicator < 0

    respondent, respondent_codes = ctx.respondents(table, columns, bad)
    role = ctx.roles(table, columns, bad)
    status = np.full(n, ANSWERED, dtype=np.int64)
    if "status" in columns:
        name = table.names[columns["status"]]
        rows, statuses = _decode(table, columns["status"], _as_word(ResponseStatus, name), found)
        bad |= rows == _BAD
        status = _lut([STATUS_CODES[s] for s in statuses], bad=ANSWERED, blank=ANSWERED)[rows]

    value_column = table.column(columns["value"])
    if value_column.values is not None and value_column.values.dtype.kind in "biuf":
        value = _owned(np.asarray(value_column.values, dtype=np.float64))
    else:
        rows, numbers = _decode(table, columns["value"], _as_value, found)
        bad |= rows == _BAD
        value = _lut(numbers, bad=math.nan, blank=math.nan, dtype=np.float64)[rows]

    evidence = _per_row(table, columns, "evidence", _as_text, bad, found)
    collected = _per_row(table, columns, "collected", _as_date, bad, found)

    keep = None if not bad.any() else np.flatnonzero(~bad)

    def pick(arr: AnyArray) -> AnyArray:
        return arr if keep is None else arr[keep]

    def pick_list(items: list[Any] | None) -> list[Any] | None:
        return items if items is None or keep is None else [items[k] for k in keep.tolist()]

    return _Answers(
        unit=pick(unit),
        indicator=pick(indicator),
        value=pick(value),
        status=pick(status),
        role=pick(role),
        respondent=None if respondent is None else pick(respondent),
        respondent_codes=respondent_codes,
        evidence=pick_list(evidence),
        collected=pick_list(collected),
        frame_row=keep,
        frame_column=None,
        columns=columns,
    )


def _owned(values: FloatArray) -> FloatArray:
    """``values`` itself if nobody can change it (Arrow, polars, pandas with copy-on-write
    hand out read-only views), else a copy: the round never changes under the caller."""
    return values.copy() if values.flags.writeable else values


def _per_row(
    table: _Table,
    columns: Mapping[str, int],
    name: str,
    decode: Decoder,
    bad: BoolArray,
    found: _Found,
) -> list[Any] | None:
    """An optional column of Python values (one per row), or None if absent or all blank."""
    if name not in columns:
        return None
    rows, values = _decode(table, columns[name], decode, found)
    bad |= rows == _BAD
    if not (rows >= 0).any():
        return None
    return list(_lut(values, bad=None, blank=None, dtype=object)[rows])


def _wide(
    table: _Table,
    positions: Mapping[str, int],
    columns: dict[str, int],
    indicators: Sequence[str] | None,
    ctx: _Context,
) -> _Answers:
    found = ctx.found
    ids = set(columns.values())
    cells: list[tuple[int, int]] = []  # (table position, indicator position)
    if indicators is None:
        for name, j in positions.items():
            if j in ids:
                continue
            if name in ctx.indicator_pos:
                cells.append((j, ctx.indicator_pos[name]))
            else:
                params = {
                    "column": name,
                    "ids": ", ".join(WIDE_COLUMNS),
                    "rubric": ctx.rubric.id,
                }
                found.at(f"{table.what}.{name}", "frame_not_an_indicator", params, j)
    else:
        listed: dict[str, int] = {}
        for k, name in enumerate(indicators):
            name = str(name)
            if name in listed:
                found.at(
                    f"indicators[{k}]",
                    "duplicate_column",
                    {"column": name, "first": f"indicators[{listed[name]}]"},
                )
                continue
            listed[name] = k
            if name not in positions:
                params = {"column": name, "field": "indicator", "present": _present(table)}
                found.at(f"{table.what}.{name}", "frame_missing_column", params)
            elif name not in ctx.indicator_pos:
                params = {"code": name, "rubric": ctx.rubric.id}
                found.at(f"{table.what}.{name}", "unknown_indicator", params, positions[name])
            else:
                cells.append((positions[name], ctx.indicator_pos[name]))
    _unreadable(table, [j for j, _ in cells], found)
    cells = sorted((j, k) for j, k in cells if table.column(j).unreadable is None)

    n = table.rows
    bad = np.zeros(n, dtype=bool)
    unit = ctx.units(table, columns["unit"], bad)
    respondent, respondent_codes = ctx.respondents(table, columns, bad)
    role = ctx.roles(table, columns, bad)

    status = np.full((n, len(cells)), _BLANK, dtype=np.int64)
    value = np.full((n, len(cells)), math.nan)
    for at, (j, _k) in enumerate(cells):
        column = table.column(j)
        if column.values is not None and column.values.dtype.kind in "biuf":
            numbers = np.asarray(column.values, dtype=np.float64)
            value[:, at] = numbers
            status[:, at] = np.where(np.isnan(numbers), _BLANK, ANSWERED)
            continue
        rows, outcomes = _decode(table, j, _as_cell, found)
        codes = _lut([s for s, _ in outcomes], bad=_BAD, blank=_BLANK)
        numbers = _lut(
            [math.nan if v is None else v for _, v in outcomes],
            bad=math.nan,
            blank=math.nan,
            dtype=np.float64,
        )
        status[:, at] = codes[rows]
        value[:, at] = numbers[rows]
    given = (status >= 0) & ~bad[:, None]
    r, c = np.nonzero(given)
    ind_of_cell = np.array([k for _, k in cells], dtype=np.int64)
    col_of_cell = np.array([j for j, _ in cells], dtype=np.int64)
    return _Answers(
        unit=unit[r],
        indicator=ind_of_cell[c],
        value=value[r, c],
        status=status[r, c],
        role=role[r],
        respondent=None if respondent is None else respondent[r],
        respondent_codes=respondent_codes,
        evidence=None,
        collected=None,
        frame_row=r.astype(np.int64),
        frame_column=col_of_cell[c],
        columns=columns,
    )


def _response_table(answers: _Answers, ctx: _Context) -> ResponseTable:
    """The response table, built by ``ResponseTable.from_columns`` from integer positions;
    roles and statuses (decoded already) and dates join as the integer codes it stores."""
    table, problems = ResponseTable.from_columns(
        unit=answers.unit,
        unit_codes=[u.code for u in ctx.who.units],
        indicator=answers.indicator,
        indicator_codes=ctx.indicator_ids,
        value=answers.value,
        respondent=answers.respondent,
        respondent_codes=answers.respondent_codes if answers.respondent is not None else None,
        evidence=answers.evidence,
    )
    if problems:  # pragma: no cover - the positions were checked above
        raise InvalidRoundError(problems)
    collected = answers.collected
    return ResponseTable(
        unit_codes=table.unit_codes,
        unit=table.unit,
        indicator_codes=table.indicator_codes,
        indicator=table.indicator,
        respondent_codes=table.respondent_codes,
        respondent=table.respondent,
        role=answers.role,
        value=answers.value,  # from_columns may copy it; a read-only source need not be
        status=answers.status,
        evidence=table.evidence,
        collected=tuple(collected) if collected and any(d is not None for d in collected) else None,
    )


def _relocate(
    problems: Iterable[Problem],
    answers: _Answers,
    table: _Table,
    found: _Found,
    taken: set[tuple[int, str]],
) -> None:
    """Move problems of the round (``responses[3].value``) to the table cells they came from.

    A response field reported once is not reported again (an infinite value is not also
    off the scale); ``taken`` holds the (response, field) pairs reported so far.
    """
    section = _SECTIONS[table.what]
    for problem in problems:
        match = _FIELD_PATH.match(problem.location)
        if problem.location == "responses":
            found.add(table.what, problem.code, problem.params, (section, 1 << 62, 0))
            continue
        if match is None:  # pragma: no cover - the round's units and entities are checked
            found.add(problem.location, problem.code, problem.params, (section, -1, -1))
            continue
        i, name = int(match.group(1)), match.group(2)
        if (i, name) in taken:
            continue
        taken.add((i, name))
        row, position = answers.at(i, name)
        column = table.names[position] if position >= 0 else ""
        location = f"{table.what}[{row}]" + (f".{column}" if column else "")
        found.add(location, problem.code, problem.params, (section, row, position))


# Entry point -----------------------------------------------------------------------------------


def round_from_frame(
    answers: object,
    *,
    rubric: Rubric | str,
    entities: object,
    units: object,
    shape: Literal["long", "wide"] = "long",
    columns: Mapping[str, str] | None = None,
    indicators: Sequence[str] | None = None,
    title: str | None = None,
    synthetic: bool = False,
    note: str | None = None,
) -> Round:
    """:meth:`Round.from_frame <kepatuhan.Round.from_frame>` (see there)."""
    from .round import Round
    from .validation import validate

    rub = resolve_rubric(rubric)
    found = _Found()
    if shape not in ("long", "wide"):
        found.at("shape", "invalid_choice", {"value": shape, "allowed": "long, wide"})
    if indicators is not None and shape != "wide":
        found.at("indicators", "frame_indicators_wide_only", {})
    who = _who(entities, units, found)
    ctx = _Context(rub, who, found)
    result: tuple[_Answers, _Table] | None = None
    table = _read_table(answers, "answers", found)
    if table is not None and shape in ("long", "wide"):
        known = LONG_COLUMNS if shape == "long" else WIDE_COLUMNS
        required = _LONG_REQUIRED if shape == "long" else 1
        positions = _positions(table, found)
        used, ok = _resolve_columns(table, positions, known, required, dict(columns or {}), found)
        if shape == "long":
            _unused(table, positions, used.values(), known, found)
        if ok and _unreadable(table, used.values(), found):
            if shape == "long":
                result = _long(table, used, ctx), table
            else:
                result = _wide(table, positions, used, indicators, ctx), table
    responses = ResponseTable.empty()
    if result is not None:
        answered, table = result
        responses = _response_table(answered, ctx)
        taken: set[tuple[int, str]] = set()
        _relocate(responses.row_problems(), answered, table, found, taken)
        draft = Round.model_construct(
            rubric=rub.id, entities=tuple(who.entities), units=tuple(who.units), responses=responses
        )
        try:
            validate(draft, rub, missing="exclude")
        except InvalidRoundError as err:
            _relocate(err.problems, answered, table, found, taken)
    if found:
        raise InvalidRoundError(found.problems())
    return Round(
        rubric=rub.id,
        title=title,
        synthetic=synthetic,
        note=note,
        entities=tuple(who.entities),
        units=tuple(who.units),
        responses=responses,
    )
