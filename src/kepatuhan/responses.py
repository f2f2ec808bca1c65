"""Answers: one ``Response`` per respondent and indicator, stored as columns."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt
from pydantic import Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from ._model import FrozenModel
from ._rows import ROW_LIMIT, row_problems
from .codes import Suggester, checked_codes, rows_by_value
from .compile import ROLE_CODES
from .entities import Code, FreeText
from .errors import Problem
from .vocab import RespondentRole, ResponseStatus

__all__ = ["DimensionScore", "Response", "ResponseTable"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.int8]

STATUS_CODES = {status: i for i, status in enumerate(ResponseStatus)}
_STATUSES = tuple(ResponseStatus)
_ROLES = tuple(RespondentRole)
ANSWERED = STATUS_CODES[ResponseStatus.ANSWERED]


def _unknown_words(
    name: str,
    keys: npt.NDArray[Any],
    unknown: npt.NDArray[np.bool_],
    text_of: Callable[[int], str],
    allowed: Sequence[str],
) -> list[Problem]:
    """One ``unknown_value`` problem per distinct word of column ``name`` that is not in
    ``allowed``, at its first row, with how often and where else it occurs and the allowed
    word it most likely means (``Pelaksana`` → ``pelaksana``); after 200 words, a count."""
    suggest = Suggester(allowed)
    groups = rows_by_value(keys, unknown)
    problems = []
    for n, rows in enumerate(groups):
        if n == ROW_LIMIT:
            more = {"count": len(groups) - ROW_LIMIT, "code": "unknown_value"}
            problems.append(Problem(name, "more_problems", more))
            break
        first = int(rows[0])
        value = str(text_of(first))
        params: dict[str, object] = {"value": value, "column": name, "allowed": ", ".join(allowed)}
        if rows.size > 1:
            params["occurrences"] = int(rows.size)
            params["elsewhere"] = ", ".join(f"{name}[{row}]" for row in rows[1:6].tolist())
            if rows.size > 6:
                params["elsewhere"] = f"{params['elsewhere']}, …"
        suggestion = suggest(value)
        if suggestion is not None:
            params["suggestion"] = suggestion
        problems.append(Problem(f"{name}[{first}]", "unknown_value", params))
    return problems


class Response(FrozenModel):
    """One answer of one respondent to one indicator at one unit, or why there is none."""

    unit: Code = Field(description="code of the service unit")
    indicator: Code = Field(description="indicator id in the round's rubric")
    respondent: Code | None = Field(default=None, description="respondent id, unique per unit")
    role: RespondentRole | None = None
    value: float | None = None
    status: ResponseStatus = ResponseStatus.ANSWERED
    evidence: FreeText | None = Field(default=None, description="link to the evidence")
    collected: date | None = None

    def _problems(self) -> list[Problem]:
        answered = self.status is ResponseStatus.ANSWERED
        if answered and self.value is None:
            return [Problem("value", "value_missing", {})]
        if answered and self.value is not None and not math.isfinite(self.value):
            return [Problem("value", "not_finite", {"value": self.value})]
        if not answered and self.value is not None:
            return [Problem("value", "value_with_status", {"status": self.status.value})]
        return []


class DimensionScore(FrozenModel):
    """A unit's published figure for one node of the rubric tree (from a rapor).

    ``dimension`` names a dimension or any group (a part of the total such as 2025's
    ``dimensi``, a dimension, a variable…); the field keeps its name for compatibility.
    ``form`` says what ``value`` is: a 0–100 ``percentage`` of the node, or its weighted
    ``contribution`` to the unit total, at most the node's share of the reporting scale
    (the contributions of a unit's parts add up to its total). A unit given a group must
    not be given a node inside it too; parts no figure covers follow the missing-data
    policy.
    """

    unit: Code
    dimension: Code = Field(description="id of a dimension or of any group of the rubric")
    value: float
    form: Literal["percentage", "contribution"] = "percentage"


def _categorise(
    codes: Sequence[str | None] | npt.ArrayLike, column: str, problems: list[Problem]
) -> tuple[tuple[str, ...], IntArray]:
    """Categories (sorted) and each value's index in them (-1 for None), vectorised.

    A code must survive numpy's string type unchanged (it drops trailing NUL characters)
    and be a code as :func:`kepatuhan.codes.check_code` says (reported otherwise); it is
    normalised to NFC.
    """
    given = codes if isinstance(codes, np.ndarray) else np.asarray(codes, dtype=object)
    arr = given.reshape(-1)
    if arr.size == 0:
        return (), np.zeros(0, dtype=np.int64)
    index = np.full(arr.size, -1, dtype=np.int64)
    if arr.dtype.kind in "US":
        text, present = arr, None
    else:
        present = arr != None  # noqa: E711 - elementwise comparison with None
        kept = arr[present] if not present.all() else arr
        text = kept.astype(str)
        if not bool(np.all(text.astype(object) == kept)):
            first = int(np.flatnonzero(present)[np.flatnonzero(text.astype(object) != kept)[0]])
            problems.append(
                Problem(f"{column}[{first}]", "control_character", {"code": arr[first]})
            )
    cats, inverse = np.unique(text, return_inverse=True)
    inverse = inverse.astype(np.int64).reshape(-1)
    if present is None:
        index = inverse
    else:
        index[present] = inverse
    # Each distinct code once: normalised to NFC, refused if it is not a code (kepatuhan.codes);
    # two spellings of one code become one (still sorted: NFC keeps the order of the rest).
    names, index = checked_codes(cats.tolist(), index, column, problems)
    if list(names) != sorted(names):
        order = np.argsort(np.array(names, dtype=object))
        rank = np.empty(len(names), dtype=np.int64)
        rank[order] = np.arange(len(names))
        names, index = tuple(names[k] for k in order), np.where(index >= 0, rank[index], -1)
    return names, index


class ResponseTable(Sequence[Response]):
    """Responses as columns: categorical codes and numpy arrays; a sequence of ``Response``.

    Build it from ``Response`` objects, from plain sequences or numpy arrays
    (:meth:`from_columns`), or let :class:`~kepatuhan.Round` build it from a list.
    """

    __slots__ = (
        "collected",
        "evidence",
        "indicator",
        "indicator_codes",
        "respondent",
        "respondent_codes",
        "role",
        "status",
        "unit",
        "unit_codes",
        "value",
    )

    def __init__(
        self,
        *,
        unit_codes: tuple[str, ...],
        unit: IntArray,
        indicator_codes: tuple[str, ...],
        indicator: IntArray,
        respondent_codes: tuple[str, ...],
        respondent: IntArray,
        role: npt.ArrayLike,
        value: FloatArray,
        status: npt.ArrayLike,
        evidence: tuple[str | None, ...] | None = None,
        collected: tuple[date | None, ...] | None = None,
    ) -> None:
        self.unit_codes = unit_codes
        self.unit = unit
        self.indicator_codes = indicator_codes
        self.indicator = indicator
        self.respondent_codes = respondent_codes
        self.respondent = respondent
        # Role and status codes are small: one byte each keeps the checks' passes cheap.
        self.role: CodeArray = np.asarray(role, dtype=np.int8)
        self.value = value
        self.status: CodeArray = np.asarray(status, dtype=np.int8)
        self.evidence = evidence
        self.collected = collected
        for arr in (unit, indicator, respondent, self.role, value, self.status):
            arr.flags.writeable = False

    # Construction ---------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> ResponseTable:
        return cls.from_responses([])

    @classmethod
    def from_responses(cls, responses: Iterable[Response]) -> ResponseTable:
        """Columns from ``Response`` objects (one pass; the objects are already validated)."""
        rows = list(responses)
        problems: list[Problem] = []  # the models already refused bad codes
        units, unit = _categorise([r.unit for r in rows], "unit", problems)
        inds, indicator = _categorise([r.indicator for r in rows], "indicator", problems)
        resps, respondent = _categorise([r.respondent for r in rows], "respondent", problems)
        evidence = tuple(r.evidence for r in rows)
        collected = tuple(r.collected for r in rows)
        return cls(
            unit_codes=units,
            unit=unit,
            indicator_codes=inds,
            indicator=indicator,
            respondent_codes=resps,
            respondent=respondent,
            role=np.array(
                [-1 if r.role is None else ROLE_CODES[r.role] for r in rows], dtype=np.int8
            ),
            value=np.array(
                [np.nan if r.value is None else r.value for r in rows], dtype=np.float64
            ),
            status=np.array([STATUS_CODES[r.status] for r in rows], dtype=np.int8),
            evidence=evidence if any(e is not None for e in evidence) else None,
            collected=collected if any(c is not None for c in collected) else None,
        )

    @classmethod
    def from_columns(
        cls,
        *,
        unit: npt.ArrayLike,
        indicator: npt.ArrayLike,
        value: npt.ArrayLike,
        respondent: npt.ArrayLike | None = None,
        role: Sequence[RespondentRole | str | None] | npt.ArrayLike | None = None,
        status: Sequence[ResponseStatus | str] | npt.ArrayLike | None = None,
        unit_codes: Sequence[str] | None = None,
        indicator_codes: Sequence[str] | None = None,
        respondent_codes: Sequence[str] | None = None,
        evidence: Sequence[str | None] | None = None,
        role_codes: Sequence[RespondentRole | str | None] | None = None,
        status_codes: Sequence[ResponseStatus | str] | None = None,
    ) -> tuple[ResponseTable, list[Problem]]:
        """Columns from sequences or numpy arrays, with every shape problem found.

        ``unit``, ``indicator`` and ``respondent`` hold codes (``None`` for an anonymous
        respondent), or integer positions into ``unit_codes``, ``indicator_codes`` and
        ``respondent_codes`` (the fastest form; -1 for an anonymous respondent). ``value``
        holds NaN where ``status`` says the indicator was not answered. ``role`` and
        ``status`` take enum values or names, or integer positions into ``role_codes`` and
        ``status_codes`` (the categories of a categorical column); ``evidence`` holds a link
        or ``None`` per row. The arrays are copied: the table owns what it holds.
        """
        problems: list[Problem] = []
        values = np.array(value, dtype=np.float64, copy=True).reshape(-1)
        n = values.size

        def column(
            name: str, data: npt.ArrayLike | None, codes: Sequence[str] | None
        ) -> tuple[tuple[str, ...], IntArray]:
            if data is None:
                return (), np.full(n, -1, dtype=np.int64)
            arr = np.asarray(data).reshape(-1)
            if arr.dtype.kind in "US" and not isinstance(data, np.ndarray):
                # Keep Python strings exact: numpy's string type would drop trailing NULs.
                arr = np.asarray(data, dtype=object).reshape(-1)
            if arr.size != n:
                problems.append(
                    Problem(
                        name, "length_mismatch", {"column": name, "length": arr.size, "expected": n}
                    )
                )
                return (), np.zeros(n, dtype=np.int64)
            if arr.dtype.kind not in "iu":
                return _categorise(arr, name, problems)
            if codes is None:
                problems.append(Problem(name, "positions_need_codes", {"column": name}))
                return (), np.zeros(n, dtype=np.int64)
            idx = arr.astype(np.int64)  # a copy: the table owns what it holds
            lowest = -1 if name == "respondent" else 0  # -1: an anonymous respondent
            if lowest <= idx.min(initial=lowest) and idx.max(initial=0) < len(codes):
                return checked_codes(codes, idx, name, problems)
            bad = (idx < lowest) | (idx >= len(codes))
            if bad.any():
                params = {
                    "count": int(bad.sum()),
                    "minimum": lowest,
                    "maximum": len(codes) - 1,
                    "row": int(np.flatnonzero(bad)[0]),
                }
                problems.append(Problem(name, "index_out_of_range", params))
                idx = np.where(bad, 0, idx)
            return checked_codes(codes, idx, name, problems)

        units, unit_idx = column("unit", unit, unit_codes)
        inds, ind_idx = column("indicator", indicator, indicator_codes)
        resps, resp_idx = column("respondent", respondent, respondent_codes)
        role_idx = cls._enum_column("role", role, n, ROLE_CODES, -1, problems, role_codes)
        status_idx = cls._enum_column(
            "status", status, n, STATUS_CODES, ANSWERED, problems, status_codes
        )
        links = None if evidence is None else tuple(evidence)
        if links is not None and len(links) != n:
            params = {"column": "evidence", "length": len(links), "expected": n}
            problems.append(Problem("evidence", "length_mismatch", params))
            links = None
        table = cls(
            unit_codes=units,
            unit=unit_idx,
            indicator_codes=inds,
            indicator=ind_idx,
            respondent_codes=resps,
            respondent=resp_idx,
            role=role_idx,
            value=values,
            status=status_idx,
            evidence=links if links is not None and any(e is not None for e in links) else None,
        )
        return table, problems

    @staticmethod
    def _enum_column(
        name: str,
        data: Any,
        n: int,
        codes: Any,
        default: int,
        problems: list[Problem],
        categories: Sequence[Any] | None = None,
    ) -> CodeArray:
        if data is None:
            return np.full(n, default, dtype=np.int8)
        arr = np.asarray(data).reshape(-1)
        if arr.dtype.kind not in "USiu":
            arr = np.asarray(data, dtype=object).reshape(-1)
        if arr.size != n:
            problems.append(
                Problem(
                    name, "length_mismatch", {"column": name, "length": arr.size, "expected": n}
                )
            )
            return np.full(n, default, dtype=np.int8)
        spellings: dict[str, int] = {"None": default}
        for member, code in codes.items():
            spellings.update({member.value: code, member.name: code})
        if arr.dtype.kind in "iu":
            if categories is None:
                problems.append(Problem(name, "positions_need_codes", {"column": name}))
                return np.full(n, default, dtype=np.int8)
            idx = arr  # only read: the codes are gathered into a table of their own
            inside = idx.min(initial=0) >= 0 and idx.max(initial=0) < len(categories)
            bad = None if inside else (idx < 0) | (idx >= len(categories))
            if bad is not None and bad.any():
                params = {
                    "count": int(bad.sum()),
                    "minimum": 0,
                    "maximum": len(categories) - 1,
                    "row": int(np.flatnonzero(bad)[0]),
                }
                problems.append(Problem(name, "index_out_of_range", params))
                idx = np.where(bad, 0, idx)
            # One lookup per category, one gather per row.
            table = np.array([spellings.get(str(c), -2) for c in categories], dtype=np.int8)
            out: CodeArray = table[idx]
            words = [str(c) for c in categories]
            keys: npt.NDArray[Any] = idx

            def text_of(row: int) -> str:
                return words[int(idx[row])]
        else:
            text = arr if arr.dtype.kind == "U" else arr.astype(str)  # members print as values
            out = np.full(n, -2, dtype=np.int8)
            for spelling, code in spellings.items():
                out[text == spelling] = code
            keys = text

            def text_of(row: int) -> str:
                return str(text[row])

        unknown = out == -2
        if unknown.any():
            allowed = [member.value for member in codes]
            problems += _unknown_words(name, keys, unknown, text_of, allowed)
            out[unknown] = default
        return out

    # Checks ---------------------------------------------------------------------------------

    def row_problems(self, limit: int = ROW_LIMIT) -> list[Problem]:
        """Problems inside single rows: values that are not finite, value/status mismatch."""
        answered = self.status == ANSWERED
        nan = np.isnan(self.value)
        if np.array_equal(answered, ~nan) and not np.isinf(self.value).any():
            return []  # every answered row has a finite number and no other row has one
        finite = np.isfinite(self.value)
        checks = (
            (answered & ~finite & ~nan, "not_finite"),
            (answered & nan, "value_missing"),
            (~answered & ~nan, "value_with_status"),
        )

        def params(row: int) -> dict[str, object]:
            return {"value": float(self.value[row]), "status": _STATUSES[self.status[row]].value}

        problems: list[Problem] = []
        for mask, code in checks:
            problems += row_problems(mask, code, "value", params, limit=limit)
        return problems

    # Sequence protocol ----------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.value.size)

    @overload
    def __getitem__(self, index: int) -> Response: ...
    @overload
    def __getitem__(self, index: slice) -> list[Response]: ...
    def __getitem__(self, index: int | slice) -> Response | list[Response]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = range(len(self))[index]
        return Response.model_construct(
            unit=self.unit_codes[self.unit[i]] if self.unit_codes else "",
            indicator=self.indicator_codes[self.indicator[i]] if self.indicator_codes else "",
            respondent=None
            if self.respondent[i] < 0
            else self.respondent_codes[self.respondent[i]],
            role=None if self.role[i] < 0 else _ROLES[self.role[i]],
            value=None if np.isnan(self.value[i]) else float(self.value[i]),
            status=_STATUSES[self.status[i]],
            evidence=None if self.evidence is None else self.evidence[i],
            collected=None if self.collected is None else self.collected[i],
        )

    def __iter__(self) -> Iterator[Response]:
        for i in range(len(self)):
            yield self[i]

    def decoded(self, name: Literal["unit", "indicator"]) -> npt.NDArray[np.str_]:
        """Codes of each row for the ``unit`` or ``indicator`` column."""
        codes = self.unit_codes if name == "unit" else self.indicator_codes
        idx = self.unit if name == "unit" else self.indicator
        if not codes:
            return np.zeros(idx.size, dtype=str)
        return np.asarray(codes)[idx]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResponseTable):
            return NotImplemented
        if len(self) != len(other):
            return False
        return (
            bool(np.array_equal(self.decoded("unit"), other.decoded("unit")))
            and bool(np.array_equal(self.decoded("indicator"), other.decoded("indicator")))
            and bool(np.array_equal(self.role, other.role))
            and bool(np.array_equal(self.status, other.status))
            and bool(np.array_equal(self.value, other.value, equal_nan=True))
            and [r.respondent for r in self] == [r.respondent for r in other]
            and self._evidence_list() == other._evidence_list()
            and self._collected_list() == other._collected_list()
        )

    __hash__ = None  # type: ignore[assignment]

    def _evidence_list(self) -> tuple[str | None, ...]:
        return self.evidence if self.evidence is not None else (None,) * len(self)

    def _collected_list(self) -> tuple[date | None, ...]:
        return self.collected if self.collected is not None else (None,) * len(self)

    def __repr__(self) -> str:
        return f"ResponseTable({len(self)} responses)"

    # pydantic integration -------------------------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        list_schema = handler.generate_schema(list[Response])

        def validate(value: Any, inner: core_schema.ValidatorFunctionWrapHandler) -> ResponseTable:
            if isinstance(value, ResponseTable):
                return value
            return cls.from_responses(inner(value))

        return core_schema.no_info_wrap_validator_function(
            validate,
            list_schema,
            serialization=core_schema.plain_serializer_function_ser_schema(
                list, return_schema=list_schema
            ),
        )
