"""Reading a round from JSON: the :class:`~kepatuhan.Round` model's own JSON, read strictly.

The answers array is read one answer at a time straight into columns (no object per answer
is kept), so memory grows with the answers' columns, not with one Python object each. The
rest of the document is validated by the ``Round`` model. Stricter than JSON itself:

* a key twice in one object is a problem (JSON parsers keep the last one silently);
* a value must be a JSON number or ``null``: ``true``, ``"3"`` and ``"3e0"`` are refused;
* a number too large for a float (``1e400``), one that underflows to 0 (``3e-400``), and
  ``NaN``/``Infinity`` are refused wherever they appear;
* a UTF-8 byte-order mark before the document is skipped.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Callable, Iterator
from datetime import date
from json import decoder as _decoder
from json.scanner import make_scanner
from typing import IO, Any

import numpy as np
from pydantic import TypeAdapter, ValidationError

from .._model import problems_from_pydantic, shown
from ..checks import location_key
from ..codes import MAX_CODE, check_code, check_text
from ..compile import ROLE_CODES
from ..errors import TERMS, InvalidFileError, InvalidInputError, InvalidRoundError, Problem
from ..registry import get_rubric
from ..responses import STATUS_CODES, Response, ResponseTable
from ..round import Round
from ..rubric import Rubric
from ..validation import validate
from ..vocab import RespondentRole, ResponseStatus

__all__ = ["read_json"]

Progress = Callable[[int, int], None]
_TICK = 2000
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_ANSWER_KEYS = frozenset(Response.model_fields)
_ANSWER_KNOWN = ", ".join(Response.model_fields)
_ROUND_KNOWN = ", ".join(Round.model_fields)
_ROLE = {role.value: ROLE_CODES[role] + 1 for role in RespondentRole}  # 0: no role
_ROLE_CATEGORIES: list[str | None] = [None, *sorted(_ROLE, key=_ROLE.__getitem__)]
_STATUS = {status.value: code for status, code in STATUS_CODES.items()}
_STATUS_CATEGORIES = [s.value for s in sorted(STATUS_CODES, key=STATUS_CODES.__getitem__)]
_ANSWERED = ResponseStatus.ANSWERED.value
_FIELD_ORDER = {name: k for k, name in enumerate(Round.model_fields)}
_DATE: TypeAdapter[date] = TypeAdapter(date)
_scanstring: Callable[[str, int], tuple[str, int]] = _decoder.scanstring  # type: ignore[attr-defined]


class _Bad:
    """A number that is not a value (``1e400``, ``3e-400``, ``NaN``): the problem it is,
    to be located where it was found."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, params: dict[str, object]) -> None:
        self.code, self.params = code, params


class _Repeated(dict[str, Any]):
    """A JSON object that had a key more than once (``keys`` lists each repeated key)."""

    keys_twice: list[str]


def read_json(
    handle: IO[bytes], name: str, rubric: Rubric | None, progress: Progress | None = None
) -> Round:
    """The round in the JSON that ``handle`` holds from its first byte (left open), checked
    against its rubric like ``kp.score`` checks it; a UTF-8 BOM before it is skipped.

    Problems keep the round's field paths (``responses[3].value``) as their locations;
    ``name`` is the file's, for an empty file or text that is not JSON, and the error's
    subject.
    """
    data = handle.read()
    size = len(data)
    if not size:
        raise InvalidFileError([Problem(name, "empty_file")], subject=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - data.rfind(b"\n", 0, err.start)
        detail = f"invalid UTF-8: line {line} column {column}"
        raise InvalidFileError(
            [Problem(name, "invalid_json", {"detail": detail})], subject=name
        ) from None
    del data
    reader = _Reader(text, name, progress, size)
    try:
        fields, columns = reader.document()
    except json.JSONDecodeError as err:
        detail = f"{err.msg}: line {err.lineno} column {err.colno}"
        raise InvalidFileError(
            [Problem(name, "invalid_json", {"detail": detail})], subject=name
        ) from None
    del text, reader
    round_ = _round(fields, columns, name)
    if progress is not None:
        progress(size, size)
    if rubric is not None and round_.rubric != rubric.id:
        params = {"found": round_.rubric, "expected": rubric.id}
        raise InvalidFileError([Problem("rubric", "rubric_mismatch", params)], subject=name)
    try:
        validate(round_, rubric or get_rubric(round_.rubric), missing="exclude")
    except InvalidRoundError as err:
        raise InvalidFileError(err.problems, subject=name) from None
    return round_


class _Columns:
    """The answers as read: codes as positions into first-seen code lists."""

    def __init__(self) -> None:
        self.codes: dict[str, dict[str, int]] = {"unit": {}, "indicator": {}, "respondent": {}}
        self.first: dict[str, list[int]] = {"unit": [], "indicator": [], "respondent": []}
        self.unit: array[int] = array("q")
        self.indicator: array[int] = array("q")
        self.respondent: array[int] = array("q")
        self.role: array[int] = array("b")
        self.status: array[int] = array("b")
        self.value: array[float] = array("d")
        self.evidence: dict[int, str] = {}  # sparse: most answers carry none
        self.collected: dict[int, str] = {}
        self.problems: list[Problem] = []

    def code(self, column: str, text: str, row: int) -> int:
        codes = self.codes[column]
        k = codes.get(text)
        if k is None:
            k = codes[text] = len(codes)
            self.first[column].append(row)
        return k


class _Reader:
    """The document walked by hand at its top level, each value parsed by the json
    module's C scanner; the answers array one answer at a time."""

    def __init__(self, text: str, name: str, progress: Progress | None, size: int) -> None:
        self.text = text
        self.name = name
        self.progress = progress
        self.size = size
        self.flagged = False  # a repeated key or a bad number was met since the last reset
        decoder = json.JSONDecoder(
            object_pairs_hook=self._object,
            parse_float=self._float,
            parse_int=self._int,
            parse_constant=self._constant,
        )
        self.scan: Callable[[str, int], tuple[Any, int]] = make_scanner(decoder)  # type: ignore[arg-type]
        self.columns = _Columns()
        self.problems = self.columns.problems

    # json module hooks ---------------------------------------------------------------------

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        self.flagged = True
        repeated = _Repeated(obj)
        seen: set[str] = set()
        repeated.keys_twice = []
        for key, _ in pairs:
            if key in seen and key not in repeated.keys_twice:
                repeated.keys_twice.append(key)
            seen.add(key)
        return repeated

    def _float(self, text: str) -> float | _Bad:
        number = float(text)
        if number in (float("inf"), float("-inf")):
            self.flagged = True
            return _Bad("not_finite", {"value": text})
        if number == 0.0 and any(c in "123456789" for c in text.lower().split("e")[0]):
            self.flagged = True
            return _Bad("number_underflow", {"text": text})
        return number

    def _int(self, text: str) -> int | _Bad:
        try:
            number = int(text)
            float(number)
        except (ValueError, OverflowError):  # more digits than Python reads, or than a float
            self.flagged = True
            return _Bad("not_finite", {"value": text if len(text) <= 20 else text[:17] + "..."})
        return number

    def _constant(self, text: str) -> _Bad:
        self.flagged = True
        return _Bad("not_finite", {"value": text})

    # The document --------------------------------------------------------------------------

    def _skip(self, i: int) -> int:
        match = _WHITESPACE.match(self.text, i)
        return match.end() if match else i

    def _value(self, i: int) -> tuple[Any, int]:
        try:
            value, end = self.scan(self.text, i)
        except StopIteration as stop:
            raise json.JSONDecodeError("Expecting value", self.text, stop.value) from None
        return value, end

    def _expect(self, i: int, char: str, what: str) -> int:
        if self.text[i : i + 1] != char:
            raise json.JSONDecodeError(what, self.text, i)
        return i + 1

    def document(self) -> tuple[dict[str, Any], _Columns]:
        """The top-level fields but the answers, and the answers as columns."""
        text = self.text
        i = self._expect(self._skip(0), "{", "Expecting an object (a round)")
        fields: dict[str, Any] = {}
        i = self._skip(i)
        if text[i : i + 1] == "}":
            return fields, self.columns
        while True:
            i = self._expect(i, '"', "Expecting property name enclosed in double quotes")
            key, i = _scanstring(text, i)
            i = self._expect(self._skip(i), ":", "Expecting ':' delimiter")
            i = self._skip(i)
            if key in fields:
                self.problems.append(Problem(key, "duplicate_key", {"key": key}))
            if key == "responses" and text[i : i + 1] == "[":
                i = self._answers(i)
                fields["responses"] = None
            else:
                self.flagged = False
                fields[key], i = self._value(i)
                if self.flagged:
                    self.problems += _located(fields[key], key)
            i = self._skip(i)
            if text[i : i + 1] == ",":
                i = self._skip(i + 1)
                continue
            i = self._expect(i, "}", "Expecting ',' delimiter")
            if self._skip(i) != len(text):
                raise json.JSONDecodeError("Extra data", text, self._skip(i))
            return fields, self.columns

    def _answers(self, i: int) -> int:
        text = self.text
        i = self._skip(i + 1)
        if text[i : i + 1] == "]":
            return i + 1
        row = len(self.columns.value)
        while True:
            self.flagged = False
            answer, i = self._value(i)
            self._answer(row, answer)
            row += 1
            if self.progress is not None and row % _TICK == 0:
                self.progress(i * self.size // len(text), self.size)
            i = self._skip(i)
            if text[i : i + 1] == ",":
                i = self._skip(i + 1)
                continue
            return self._expect(i, "]", "Expecting ',' delimiter")

    def _answer(self, row: int, answer: Any) -> None:
        """One answer into the columns, or its problems at ``responses[row]``."""
        c = self.columns
        if type(answer) is dict and not self.flagged and answer.keys() <= _ANSWER_KEYS:
            unit = answer.get("unit")
            indicator = answer.get("indicator")
            respondent = answer.get("respondent")
            given_role = answer.get("role")
            given_status = answer.get("status", _ANSWERED)
            role = (
                0
                if given_role is None
                else _ROLE.get(given_role, -1)
                if type(given_role) is str
                else -1
            )
            status = _STATUS.get(given_status, -1) if type(given_status) is str else -1
            value = answer.get("value")
            evidence = answer.get("evidence")
            collected = answer.get("collected")
            if (
                type(unit) is str
                and type(indicator) is str
                and (respondent is None or type(respondent) is str)
                and role >= 0
                and status >= 0
                and (value is None or type(value) is float or type(value) is int)
                and (evidence is None or type(evidence) is str)
                and (collected is None or type(collected) is str)
                and (value is None) == (status != STATUS_CODES[ResponseStatus.ANSWERED])
            ):
                c.unit.append(c.code("unit", unit, row))
                c.indicator.append(c.code("indicator", indicator, row))
                c.respondent.append(
                    -1 if respondent is None else c.code("respondent", respondent, row)
                )
                c.role.append(role)
                c.status.append(status)
                c.value.append(float("nan") if value is None else value)
                if evidence is not None:
                    c.evidence[row] = evidence
                if collected is not None:
                    c.collected[row] = collected
                return
        self.problems += _answer_problems(row, answer)
        # keep the columns aligned with the rows, so later locations stay right
        c.unit.append(0)
        c.indicator.append(0)
        c.respondent.append(-1)
        c.role.append(0)
        c.status.append(0)
        c.value.append(float("nan"))


def _located(value: Any, path: str) -> Iterator[Problem]:
    """The repeated keys and bad numbers inside ``value``, at their field paths."""
    if isinstance(value, _Bad):
        yield Problem(path, value.code, value.params)
    elif isinstance(value, dict):
        if isinstance(value, _Repeated):
            for key in value.keys_twice:
                yield Problem(_join(path, key), "duplicate_key", {"key": key})
        for key, item in value.items():
            yield from _located(item, _join(path, key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _located(item, f"{path}[{k}]")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _answer_problems(row: int, answer: Any) -> list[Problem]:
    """Every problem of one answer that did not read cleanly, at ``responses[row].field``:
    the strict checks first (repeated keys, numbers), then the model's own."""
    where = f"responses[{row}]"
    problems = list(_located(answer, where))
    if not isinstance(answer, dict):
        params = {"value": shown(answer), "expected": TERMS["object"]}
        return problems or [Problem(where, "wrong_type", params)]
    checked = {k: v for k, v in answer.items() if not isinstance(v, _Bad)}
    for key in answer:
        if key not in _ANSWER_KEYS:
            params = {"key": key, "known": _ANSWER_KNOWN}
            problems.append(Problem(_join(where, key), "unknown_key", params))
            checked.pop(key, None)
    value = answer.get("value")
    if isinstance(value, bool | str):
        text = json.dumps(value)
        problems.append(Problem(f"{where}.value", "json_not_a_number", {"text": text}))
        checked.pop("value")
    if "value" not in checked and "value" in answer:  # reported: do not report it missing
        checked["value"] = 0.0 if checked.get("status", _ANSWERED) == _ANSWERED else None
    try:
        Response.model_validate(checked)
    except InvalidInputError as err:
        problems += [Problem(_join(where, p.location), p.code, p.params) for p in err.problems]
    if not problems:  # pragma: no cover - the fast path takes whatever the model takes
        problems.append(Problem(where, "invalid_field", {"detail": "answer not read"}))
    return problems


def _codes(
    columns: _Columns, column: str, index: array[int], problems: list[Problem]
) -> tuple[tuple[str, ...], np.ndarray[Any, np.dtype[np.int64]]]:
    """The column's distinct codes checked (NFC, kepatuhan.codes, length and blanks) and
    sorted, with each row's position in them (-1: no code)."""
    names: list[str] = []
    for k, code in enumerate(columns.codes[column]):
        text, problem = check_code(code)
        if problem is None and (
            not text or len(text) > MAX_CODE or text[0].isspace() or text[-1].isspace()
        ):
            problem = (
                ("text_too_long", {"maximum": MAX_CODE})
                if len(text) > MAX_CODE
                else ("code_blank_ends", {"code": text})
            )
        if problem is not None:
            row = columns.first[column][k]
            problems.append(Problem(f"responses[{row}].{column}", *problem))
        names.append(text)
    positions = np.frombuffer(index, dtype=np.int64) if len(index) else np.zeros(0, np.int64)
    distinct = sorted(set(names))
    where = {text: k for k, text in enumerate(distinct)}
    remap = np.array([where[text] for text in names] or [0], dtype=np.int64)
    return tuple(distinct), np.where(positions >= 0, remap[np.maximum(positions, 0)], -1)


def _round(fields: dict[str, Any], columns: _Columns, name: str) -> Round:
    """The round from the top-level fields and the answer columns; every problem at once."""
    problems = list(columns.problems)
    n = len(columns.value)
    unit_codes, unit = _codes(columns, "unit", columns.unit, problems)
    indicator_codes, indicator = _codes(columns, "indicator", columns.indicator, problems)
    respondent_codes, respondent = _codes(columns, "respondent", columns.respondent, problems)
    evidence = _texts(columns.evidence, n, problems)
    collected = _dates(columns.collected, n, problems)
    table = ResponseTable.empty()
    if not problems:
        table, shape = ResponseTable.from_columns(
            unit=unit,
            unit_codes=unit_codes,
            indicator=indicator,
            indicator_codes=indicator_codes,
            respondent=respondent,
            respondent_codes=respondent_codes,
            value=np.frombuffer(columns.value, dtype=np.float64) if n else np.zeros(0),
            role=np.frombuffer(columns.role, dtype=np.int8) if n else np.zeros(0, np.int8),
            role_codes=_ROLE_CATEGORIES,
            status=np.frombuffer(columns.status, dtype=np.int8) if n else np.zeros(0, np.int8),
            status_codes=_STATUS_CATEGORIES,
            evidence=evidence,
        )
        problems += shape
        if collected is not None:
            table.collected = collected
    data = {}
    for key, value in fields.items():
        if key not in _FIELD_ORDER:
            problems.append(Problem(key, "unknown_key", {"key": key, "known": _ROUND_KNOWN}))
        elif key != "responses":
            data[key] = value
    for k, item in enumerate(data.get("dimension_scores") or ()):
        if isinstance(item, dict) and isinstance(item.get("value"), bool | str):
            text = json.dumps(item["value"])
            where = f"dimension_scores[{k}].value"
            problems.append(Problem(where, "json_not_a_number", {"text": text}))
    try:
        round_ = Round.model_validate({**data, "responses": table})
    except InvalidRoundError as err:
        problems += err.problems
    if problems:
        problems.sort(key=_in_document_order)
        raise InvalidFileError(problems, subject=name)
    return round_


def _texts(found: dict[int, str], n: int, problems: list[Problem]) -> tuple[str | None, ...] | None:
    """Evidence per row, checked once per distinct text (tabs and line breaks allowed)."""
    if not found:
        return None
    checked: dict[str, bool] = {}
    for row, text in found.items():
        ok = checked.get(text)
        if ok is None:
            problem = check_text(text, multiline=True)
            ok = checked[text] = problem is None
            if problem is not None:
                problems.append(Problem(f"responses[{row}].evidence", *problem))
    out: list[str | None] = [None] * n
    for row, text in found.items():
        out[row] = text
    return tuple(out)


def _dates(
    found: dict[int, str], n: int, problems: list[Problem]
) -> tuple[date | None, ...] | None:
    """Collection dates per row, each distinct text read once as the model reads it."""
    if not found:
        return None
    read: dict[str, date | None] = {}
    out: list[date | None] = [None] * n
    for row, text in found.items():
        if text not in read:
            try:
                read[text] = _DATE.validate_python(text)
            except ValidationError as err:
                read[text] = None
                problems += problems_from_pydantic(err, f"responses[{row}].collected")
        out[row] = read[text]
    return tuple(out)


def _in_document_order(problem: Problem) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Top-level fields in the model's order, then by path (rows by number)."""
    root = re.split(r"[\[.]", problem.location, maxsplit=1)[0]
    return _FIELD_ORDER.get(root, -1), location_key(problem)
