"""From parsed rows to a checked :class:`Round`, with every problem located at its cell.

Readers (workbook, CSV) collect entities, units and answers together with where each came
from. :func:`build_round` checks them against each other, builds the round, and runs the
same checks against the rubric that ``kp.score`` runs — mapping every problem back from
``responses[i].value`` to ``Jawaban!F14``. Nothing is returned unless nothing is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import numpy as np

from ..catalog import Message
from ..codes import check_text, grouped_unknown
from ..entities import Entity, ServiceUnit
from ..errors import TERMS, InvalidFileError, InvalidInputError, InvalidRoundError, Problem
from ..oversight import OversightProduct
from ..responses import DimensionScore, ResponseTable
from ..round import Round
from ..rubric import Rubric
from ..validation import validate
from ._cells import CellError, column_letter

__all__ = ["Answers", "Collector", "Records", "RoundFields", "Table", "build_round"]

PROBLEM_LIMIT = 200
"""Problems listed per message code; the rest are counted in one more problem."""

_FIELD_PATH = re.compile(
    r"^(responses|units|entities|dimension_scores|oversight_products)(?:\[(\d+)\])?(?:\.(\w+))?"
)
_COLUMN_ROW = re.compile(r"^(\w+)\[(\d+)\]$")
_RESPONSE_PATH = re.compile(r"responses\[(\d+)\](?:\.(\w+))?")
_CODE_FIELDS = ("code", "entity", "unit")
_DEFAULT_FIELD = {"dimension_scores": "dimension", "oversight_products": "reference"}
"""The cell of an item's problem that names no field (a duplicate): else its code column."""

SortKey = tuple[int, int, int]
M = TypeVar("M", Entity, ServiceUnit, DimensionScore, OversightProduct)


@dataclass(frozen=True)
class Table:
    """Where the records of one kind came from: a sheet (or file) and field columns."""

    sheet: str
    order: int  # position of the sheet, to list problems in reading order
    columns: Mapping[str, int]  # field → 1-based column

    def cell(self, row: int, col: int) -> tuple[str, SortKey]:
        return f"{self.sheet}!{column_letter(col)}{row}", (self.order, row, col)


class Collector:
    """Problems found while reading, in reading order, at most ``PROBLEM_LIMIT`` per code."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self._items: list[tuple[SortKey, Problem]] = []

    def __bool__(self) -> bool:
        return bool(self._items)

    def add(self, location: str, key: SortKey, code: str, params: Mapping[str, object]) -> None:
        self._items.append((key, Problem(location, code, dict(params))))

    def extend(self, problems: Iterable[tuple[SortKey, Problem]]) -> None:
        """Problems already located, with their sort keys."""
        self._items.extend(problems)

    def at_cell(self, table: Table, row: int, col: int, error: CellError) -> None:
        location, key = table.cell(row, col)
        self.add(location, key, error.code, error.params)

    def at_file(self, code: str, params: Mapping[str, object] | None = None) -> None:
        self.add(self.file_name, (-1, 0, 0), code, params or {})

    def at_sheet(self, table: Table, code: str, params: Mapping[str, object]) -> None:
        self.add(table.sheet, (table.order, 0, 0), code, params)

    def problems(self) -> list[Problem]:
        ordered = sorted(self._items, key=lambda item: item[0])
        counts: dict[str, int] = {}
        kept: list[Problem] = []
        for _, problem in ordered:
            counts[problem.code] = counts.get(problem.code, 0) + 1
            if counts[problem.code] <= PROBLEM_LIMIT:
                kept.append(problem)
        for code, count in counts.items():
            if count > PROBLEM_LIMIT:
                more = {"count": count - PROBLEM_LIMIT, "code": code}
                kept.append(Problem(self.file_name, "more_problems", more))
        return kept

    def raise_if_any(self) -> None:
        if self._items:
            raise InvalidFileError(self.problems(), subject=self.file_name)


@dataclass
class Records:
    """Entities or units as read: field dicts and the row each came from."""

    table: Table
    items: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    ok: list[bool] = field(default_factory=list)
    problems: list[tuple[int, tuple[Problem, ...]]] = field(default_factory=list)

    def add(self, item: dict[str, Any], row: int, *, ok: bool = True) -> None:
        """A record with a code; ``ok=False`` if a cell of it was already reported."""
        self.items.append(item)
        self.rows.append(row)
        self.ok.append(ok)

    def where(self, i: int, name: str) -> tuple[str, SortKey]:
        col = self.table.columns.get(name, self.table.columns.get("code", 1))
        return self.table.cell(self.rows[i], col)


@dataclass
class Answers:
    """Answer columns as read, with the row and the value column of each answer."""

    table: Table
    unit: list[str] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    respondent: list[str | None] = field(default_factory=list)
    role: list[str | None] = field(default_factory=list)
    value: array[float] = field(default_factory=lambda: array("d"))
    status: list[str] = field(default_factory=list)
    evidence: list[str | None] = field(default_factory=list)
    row: array[int] = field(default_factory=lambda: array("l"))
    value_col: array[int] = field(default_factory=lambda: array("l"))

    def where(self, i: int, name: str) -> tuple[str, SortKey]:
        """The cell of answer ``i``'s field ``name`` (its value cell unless the field has a
        column of its own)."""
        col = self.table.columns.get(name, self.value_col[i])
        return self.table.cell(self.row[i], col)


@dataclass
class RoundFields:
    title: str | None = None
    synthetic: bool = False
    note: str | None = None
    oversight_recorded: bool | None = None  # the Produk Pengawasan flag; None: not said


@dataclass
class _Origin:
    """Where each item of the round came from: per list of the round, the record of item i."""

    answers: Answers
    kept: np.ndarray[Any, np.dtype[np.int64]]
    records: dict[str, Records]
    index: dict[str, Sequence[int]]

    def where(self, root: str, i: int, name: str | None) -> tuple[str, SortKey]:
        if root == "responses":
            return self.answers.where(int(self.kept[i]), name or "code")
        return self.records[root].where(self.index[root][i], name or _DEFAULT_FIELD.get(root, ""))


def build_round(
    rubric: Rubric,
    fields: RoundFields,
    entities: Records,
    units: Records,
    answers: Answers,
    found: Collector,
    *,
    dimensions: Records | None = None,
    products: Records | None = None,
) -> Round:
    """The checked round, or :class:`InvalidFileError` with every problem located.

    Records a reader marked as bad (their cells are already reported) take part in the
    reference checks — a unit of a bad entity is not "unknown" — but not in the round.
    ``dimensions`` and ``products`` are the rows of Nilai Dimensi and Produk Pengawasan.
    """
    dimensions = dimensions or Records(Table("", 0, {}))
    products = products or Records(Table("", 0, {}))
    _nfc_codes((entities, units, dimensions, products), answers)
    entity_list, entity_ok = _models(
        Entity, entities, _unique(entities, TERMS["entity_code"], found)
    )
    all_entities = {item["code"] for item in entities.items}
    good_entities = {e.code for e in entity_list}
    candidates = _units_of(units, good_entities, all_entities, found)
    unit_list, unit_ok = _models(ServiceUnit, units, candidates)
    unit_codes = {u.code for u in unit_list}
    all_units = {item["code"] for item in units.items}
    score_list, score_ok = _models(
        DimensionScore, dimensions, _referring(dimensions, "unit", unit_codes, all_units)
    )
    product_list, product_ok = _models(
        OversightProduct, products, _referring(products, "entity", good_entities, all_entities)
    )
    _report_models((entities, units, dimensions, products), found)

    kept = _answers_of(answers, unit_codes, all_units, found)
    _evidence_problems(answers, found)
    table, column_problems = _table(answers, kept)
    for problem in column_problems:  # a code that is not one (kepatuhan.codes), at its cell
        match = _COLUMN_ROW.match(problem.location)
        if match is None:  # cannot arise from the readers; reported, not dropped
            found.at_sheet(answers.table, problem.code, problem.params)
            continue
        location, key = answers.where(int(kept[int(match.group(2))]), match.group(1))
        found.add(location, key, problem.code, problem.params)
    origin = _Origin(
        answers,
        kept,
        {"entities": entities, "units": units, "dimension_scores": dimensions,
         "oversight_products": products},
        {"entities": entity_ok, "units": unit_ok, "dimension_scores": score_ok,
         "oversight_products": product_ok},
    )  # fmt: skip
    # Rows given with a missing or "tidak" flag are already reported; they are still checked.
    recorded = fields.oversight_recorded or bool(products.items)
    listed: dict[str, list[Any]] = {
        "dimension_scores": score_list,
        "oversight_products": product_list,
    }

    def make() -> Round:
        return Round(
            rubric=rubric.id,
            title=fields.title,
            synthetic=fields.synthetic,
            note=fields.note,
            entities=tuple(entity_list),
            units=tuple(unit_list),
            responses=table,
            dimension_scores=tuple(listed["dimension_scores"]),
            oversight_products=tuple(listed["oversight_products"]) if recorded else None,
        )

    try:
        round_ = make()
    except InvalidRoundError as err:
        _locate(err.problems, origin, found)
        if not _drop_items(err.problems, listed, origin):
            found.raise_if_any()
            raise  # pragma: no cover - _locate collected every problem
        round_ = make()  # without the items reported: the rubric checks still run on the rest

    try:
        validate(round_, rubric, missing="exclude")
    except InvalidRoundError as err:
        _locate(err.problems, origin, found)
    found.raise_if_any()
    return round_


def _nfc_codes(all_records: Sequence[Records], answers: Answers) -> None:
    """Codes as the models keep them (NFC), so that a unit spelled in two normal forms is
    one unit everywhere, not a unit whose answers are dropped."""
    for records in all_records:
        for item in records.items:
            for name in _CODE_FIELDS:
                value = item.get(name)
                if isinstance(value, str) and not value.isascii():
                    item[name] = unicodedata.normalize("NFC", value)
    columns: tuple[list[Any], ...] = (answers.unit, answers.indicator, answers.respondent)
    for column in columns:
        odd = {v for v in set(column) if v is not None and not v.isascii()}
        if odd:
            nfc = {v: unicodedata.normalize("NFC", v) for v in odd}
            column[:] = [nfc.get(v, v) for v in column]


def _evidence_problems(answers: Answers, found: Collector) -> None:
    """Evidence that holds a control character other than a tab or a line break, at its
    cell (the column has no model to refuse it)."""
    bad = {}
    for text in set(answers.evidence):
        if text is not None and (problem := check_text(text, multiline=True)) is not None:
            bad[text] = problem
    if bad:
        for i, text in enumerate(answers.evidence):
            if text in bad:
                location, key = answers.where(i, "evidence")
                found.add(location, key, *bad[text])


def _units_of(
    units: Records, good_entities: set[str], all_entities: set[str], found: Collector
) -> list[int]:
    """Unique units of good entities; a unit naming an entity that is nowhere is reported."""
    candidates = []
    unknown: dict[str, list[int]] = {}
    for i in _unique(units, TERMS["unit_code"], found):
        code = units.items[i].get("entity")
        if code is not None and code not in all_entities:
            unknown.setdefault(code, []).append(i)
        elif code in good_entities:
            candidates.append(i)
    where = partial(units.where, name="entity")
    found.extend(grouped_unknown(unknown, "unknown_entity", where, all_entities))
    return candidates


def _answers_of(
    answers: Answers, unit_codes: set[str], all_units: set[str], found: Collector
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Positions of the answers of good units; an answer naming a unit that is nowhere is
    reported (a unit with problems of its own is reported where it is defined)."""
    keep = np.ones(len(answers.unit), dtype=bool)
    unknown: dict[str, list[int]] = {}
    for i, code in enumerate(answers.unit):
        if code not in unit_codes:
            keep[i] = False
            if code not in all_units:
                unknown.setdefault(code, []).append(i)
    where = partial(answers.where, name="unit")
    found.extend(grouped_unknown(unknown, "unknown_unit", where, all_units))
    return np.flatnonzero(keep).astype(np.int64)


def _drop_items(
    problems: tuple[Problem, ...], listed: dict[str, list[Any]], origin: _Origin
) -> bool:
    """Drop the dimension scores and products ``problems`` name; False if any other problem."""
    bad: dict[str, set[int]] = {root: set() for root in listed}
    for problem in problems:
        match = _FIELD_PATH.match(problem.location)
        if match is None or match.group(1) not in listed or match.group(2) is None:
            return False
        bad[match.group(1)].add(int(match.group(2)))
    for root, drop in bad.items():
        keep = [k for k in range(len(listed[root])) if k not in drop]
        listed[root] = [listed[root][k] for k in keep]
        origin.index[root] = [origin.index[root][k] for k in keep]
    return True


def _unique(records: Records, what: Message, found: Collector) -> list[int]:
    """Indices of the good records whose code comes first; later duplicates are reported."""
    first: dict[str, int] = {}
    ok: list[int] = []
    for i, item in enumerate(records.items):
        code = item["code"]
        if code in first:
            location, key = records.where(i, "code")
            where, _ = records.where(first[code], "code")
            found.add(location, key, "duplicate_code", {"what": what, "code": code, "first": where})
            continue
        first[code] = i
        if records.ok[i]:
            ok.append(i)
    return ok


def _models(model: type[M], records: Records, indices: list[int]) -> tuple[list[M], list[int]]:
    """Models of the records at ``indices``; problems are kept on the records."""
    out: list[M] = []
    ok: list[int] = []
    for i in indices:
        try:
            out.append(model(**records.items[i]))
        except InvalidInputError as err:
            records.problems.append((i, err.problems))
        else:
            ok.append(i)
    return out, ok


def _referring(records: Records, name: str, good: set[str], known: set[str]) -> list[int]:
    """Good records whose ``name`` is a good code, or unknown altogether (for the round to
    report); those of a code whose own row has problems are left out, as already reported."""
    return [
        i
        for i, item in enumerate(records.items)
        if records.ok[i] and (item[name] in good or item[name] not in known)
    ]


def _report_models(all_records: Sequence[Records], found: Collector) -> None:
    for records in all_records:
        for i, problems in records.problems:
            for problem in problems:
                location, key = records.where(i, problem.location.split(".")[0])
                found.add(location, key, problem.code, problem.params)


def _table(
    answers: Answers, kept: np.ndarray[Any, np.dtype[np.int64]]
) -> tuple[ResponseTable, list[Problem]]:
    def pick(column: list[Any]) -> list[Any]:
        return column if kept.size == len(column) else [column[k] for k in kept]

    values = np.frombuffer(answers.value, dtype=np.float64) if len(answers.value) else np.zeros(0)
    table, problems = ResponseTable.from_columns(
        unit=np.asarray(pick(answers.unit), dtype=object),
        indicator=np.asarray(pick(answers.indicator), dtype=object),
        value=values[kept],
        respondent=np.asarray(pick(answers.respondent), dtype=object),
        role=pick(answers.role),
        status=pick(answers.status),
        evidence=pick(answers.evidence),
    )
    return table, problems


def _locate(problems: tuple[Problem, ...], origin: _Origin, found: Collector) -> None:
    """Move problems of the round (``responses[3].value``) to the cells they came from."""
    for problem in problems:
        match = _FIELD_PATH.match(problem.location)
        if match is None:
            found.at_file(problem.code, problem.params)
            continue
        root, index, name = match.group(1), match.group(2), match.group(3)
        if index is None:
            table = origin.answers.table if root == "responses" else origin.records[root].table
            found.at_sheet(table, problem.code, problem.params)
            continue
        if problem.code == "mixed_input_levels":
            root, i, name = _mixed_at(origin, str(problem.params["unit"]), int(index))
        else:
            i = int(index)
        location, key = origin.where(root, i, name)
        params = dict(problem.params)
        first = _FIELD_PATH.match(str(params.get("first", "")))
        if first is not None and first.group(2) is not None:
            params["first"] = origin.where(first.group(1), int(first.group(2)), name)[0]
        if root == "responses" and params.get("elsewhere") is not None:
            params["elsewhere"] = _elsewhere_cells(origin, location, str(params["elsewhere"]))
        found.add(location, key, problem.code, params)


def _elsewhere_cells(origin: _Origin, first: str, elsewhere: str) -> str:
    """``responses[5].indicator, …`` as cells, without the sheet they share with ``first``."""
    cells = _RESPONSE_PATH.sub(
        lambda m: origin.where("responses", int(m.group(1)), m.group(2))[0], elsewhere
    )
    sheet = first.rsplit("!", 1)[0] + "!" if "!" in first else None
    return cells.replace(sheet, "") if sheet else cells


def _mixed_at(origin: _Origin, unit: str, index: int) -> tuple[str, int, str | None]:
    """A unit with answers and dimension scores: its first dimension score's unit cell."""
    records = origin.records["dimension_scores"]
    for k, i in enumerate(origin.index["dimension_scores"]):
        if records.items[i]["unit"] == unit:
            return "dimension_scores", k, "unit"
    return "units", index, None
