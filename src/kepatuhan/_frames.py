"""Result tables as typed columns, and their conversion to pandas, polars, Arrow or numpy.

A :class:`Table` is built straight from a result's arrays (no per-row Python objects) and
converted once, at the end, to the backend a caller asked for. None of the backends is
imported until a table is converted to it, so ``import kepatuhan`` needs none of them.

Column kinds:

* ``category`` — int32 codes into ``categories`` (-1 = null): codes, zones, grades, types;
* ``string`` — an object array of ``str`` or ``None`` (names, opinion texts);
* ``float`` — float64, NaN = null (unrounded node scores, shares);
* ``int`` / ``bool`` — int64 / bool, with an optional ``null`` mask;
* ``score`` — int64 in units of ``10**-precision``, with a ``null`` mask: a published
  (rounded) figure, given to the caller as a float holding the exact decimal value, a
  ``Decimal`` or a string (``scores=``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt

from .errors import KepatuhanError

__all__ = [
    "BACKENDS",
    "SCORE_FORMS",
    "Backend",
    "Column",
    "ColumnKind",
    "MissingBackendError",
    "ScoreForm",
    "Table",
    "decimals",
    "distinct",
]

Backend = Literal["pandas", "polars", "pyarrow", "numpy"]
ScoreForm = Literal["float", "decimal", "string"]
ColumnKind = Literal["category", "string", "float", "int", "bool", "score"]
BACKENDS: tuple[str, ...] = get_args(Backend)
SCORE_FORMS: tuple[str, ...] = get_args(ScoreForm)

_EXTRA = {"pandas": "frames", "polars": "frames", "pyarrow": "frames"}


class MissingBackendError(KepatuhanError, ImportError):
    """The DataFrame library asked for is not installed."""


@dataclass(frozen=True)
class Column:
    """One column of a result table; see the module docstring for the kinds."""

    name: str
    kind: ColumnKind
    values: npt.NDArray[Any]
    categories: tuple[str, ...] = ()
    null: npt.NDArray[np.bool_] | None = None
    precision: int = 2

    def null_mask(self) -> npt.NDArray[np.bool_] | None:
        """Where the column is null, or None when nothing is."""
        if self.kind == "category":
            mask = self.values < 0
        elif self.kind == "float":
            mask = np.isnan(self.values)
        elif self.kind == "string":
            mask = np.array([v is None for v in self.values.tolist()], dtype=bool)
        else:
            mask = self.null if self.null is not None else np.zeros(self.values.size, bool)
        return mask if bool(mask.any()) else None


@dataclass(frozen=True)
class Table:
    """Columns of equal length, in order."""

    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        lengths = {c.values.size for c in self.columns}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")

    def __len__(self) -> int:
        return int(self.columns[0].values.size) if self.columns else 0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def convert(self, backend: str = "pandas", *, scores: str = "float") -> Any:
        """This table as a pandas or polars DataFrame, a pyarrow Table, or a dict of numpy
        arrays (``backend="numpy"``: categories decoded to ``str``/``None`` objects)."""
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        if scores not in SCORE_FORMS:
            raise ValueError(f"scores must be one of {', '.join(SCORE_FORMS)}, not {scores!r}")
        form: ScoreForm = scores  # type: ignore[assignment]
        if backend == "pandas":
            return _to_pandas(self, form)
        if backend == "polars":
            return _to_polars(self, form)
        if backend == "pyarrow":
            return _to_arrow(self, form)
        return {c.name: _to_numpy(c, form) for c in self.columns}


def decimals(
    scaled: npt.NDArray[np.int64], precision: int, *, text: bool = False
) -> npt.NDArray[np.object_]:
    """``Decimal`` (or its text) of each scaled integer, as an object array; one object is
    made per distinct value, which is cheap for scores (at most 10,001 on a 0–100 scale)."""
    uniq, inverse = distinct(np.asarray(scaled, dtype=np.int64).reshape(-1))
    made = np.empty(uniq.size, dtype=object)
    made[:] = [Decimal(v).scaleb(-precision) for v in uniq.tolist()]
    if text:
        made[:] = [str(d) for d in made]
    out: npt.NDArray[np.object_] = made[inverse]
    return out


def distinct(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """The distinct values and each value's index among them. Published figures span a
    small range (0–10,000 hundredths), so a lookup table over the range replaces a sort."""
    if values.size == 0:
        return values, np.zeros(0, dtype=np.intp)
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * values.size + 100_000:
        uniq, inverse = np.unique(values, return_inverse=True)
        return uniq, inverse.reshape(-1)
    present = np.zeros(high - low + 1, dtype=bool)
    present[values - low] = True
    uniq = np.flatnonzero(present)
    table = np.zeros(present.size, dtype=np.intp)
    table[uniq] = np.arange(uniq.size)
    return uniq + low, table[values - low]


def _import(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError as exc:
        extra = _EXTRA.get(name, "frames")
        raise MissingBackendError(
            f"{name} is not installed; install it with: pip install 'kepatuhan[{extra}]'"
        ) from exc


def _score_floats(c: Column) -> npt.NDArray[np.float64]:
    # A correctly rounded division: the double nearest to the decimal, so 87.99 prints 87.99.
    out = c.values / float(10**c.precision)
    if c.null is not None:
        out = np.where(c.null, np.nan, out)
    return out


def _score_objects(c: Column, form: ScoreForm) -> npt.NDArray[np.object_]:
    """Scores as ``Decimal`` or ``str`` objects, ``None`` where null."""
    out = decimals(c.values, c.precision, text=form == "string")
    if c.null is not None:
        out[c.null] = None
    return out


def _to_numpy(c: Column, form: ScoreForm) -> npt.NDArray[Any]:
    if c.kind == "category":
        cats = np.empty(len(c.categories) + 1, dtype=object)
        cats[:-1] = c.categories
        cats[-1] = None
        decoded: npt.NDArray[np.object_] = cats[c.values]  # -1 picks the trailing None
        return decoded
    if c.kind == "score":
        return _score_floats(c) if form == "float" else _score_objects(c, form)
    if c.null is not None and c.kind in ("int", "bool"):
        out = c.values.astype(object)
        out[c.null] = None
        return out
    return c.values


def _to_pandas(table: Table, form: ScoreForm) -> Any:
    pd = _import("pandas")
    data: dict[str, Any] = {}
    for c in table.columns:
        if c.kind == "category":
            data[c.name] = pd.Categorical.from_codes(c.values, categories=list(c.categories))
        elif c.kind == "score":
            data[c.name] = _score_floats(c) if form == "float" else _score_objects(c, form)
        elif c.kind in ("int", "bool") and c.null is not None:
            dtype = "Int64" if c.kind == "int" else "boolean"
            data[c.name] = pd.array(_to_numpy(c, form), dtype=dtype)
        else:
            data[c.name] = c.values
    return pd.DataFrame(data, index=pd.RangeIndex(len(table)), copy=False)


def _to_polars(table: Table, form: ScoreForm) -> Any:
    pl = _import("polars")
    series = []
    for c in table.columns:
        mask = c.null_mask()
        if c.kind == "category" and not c.categories:
            s = pl.Series(c.name, [None] * c.values.size, dtype=pl.Enum([]))
            mask = None
        elif c.kind == "category":
            enum = pl.Series(c.name, list(c.categories), dtype=pl.Enum(list(c.categories)))
            s = enum.gather(pl.Series(np.where(c.values < 0, 0, c.values).astype(np.uint32)))
        elif c.kind == "score" and form == "decimal":
            dtype = pl.Decimal(18, c.precision)
            s = pl.Series(c.name, _score_objects(c, form).tolist(), dtype=dtype)
            mask = None
        elif c.kind == "score":
            s = pl.Series(c.name, _score_floats(c) if form == "float" else _score_objects(c, form))
        elif c.kind == "string":
            s = pl.Series(c.name, c.values.tolist(), dtype=pl.String)
            mask = None
        else:
            s = pl.Series(c.name, c.values)
        if mask is not None:
            s = pl.select(pl.when(pl.Series(mask)).then(None).otherwise(s)).to_series()
        series.append(s.alias(c.name))
    return pl.DataFrame(series)


def _to_arrow(table: Table, form: ScoreForm) -> Any:
    pa = _import("pyarrow")
    arrays = []
    for c in table.columns:
        mask = c.null_mask()
        if c.kind == "category":
            codes = pa.array(c.values.astype(np.int32, copy=False), mask=mask)
            names = pa.array(c.categories, pa.string())
            arrays.append(pa.DictionaryArray.from_arrays(codes, names))
        elif c.kind == "score" and form == "decimal":
            arrays.append(_arrow_decimal(pa, c, mask))
        elif c.kind == "score" and form == "string":
            arrays.append(pa.array(_score_objects(c, form), type=pa.string()))
        elif c.kind == "score":
            arrays.append(pa.array(_score_floats(c), mask=mask))
        elif c.kind == "string":
            arrays.append(pa.array(c.values, type=pa.string()))
        else:
            arrays.append(pa.array(c.values, mask=mask))
    return pa.Table.from_arrays(arrays, names=list(table.names))


def _arrow_decimal(pa: Any, c: Column, mask: npt.NDArray[np.bool_] | None) -> Any:
    """A decimal128 array straight from the scaled integers (two's complement, 16 bytes)."""
    words = np.empty((c.values.size, 2), dtype="<i8")
    words[:, 0] = c.values
    words[:, 1] = np.where(c.values < 0, -1, 0)
    validity = None
    if mask is not None:
        validity = pa.array(~mask).buffers()[1]
    return pa.Array.from_buffers(
        pa.decimal128(18, c.precision),
        c.values.size,
        [validity, pa.py_buffer(words.tobytes())],
        null_count=-1 if mask is not None else 0,
    )
