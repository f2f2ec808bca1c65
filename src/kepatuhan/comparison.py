"""Year-over-year comparison that separates method change from real change.

Units and entities are paired by code (renamed codes through a mapping). With both rounds
given and a crosswalk chain between their rubrics, the earlier round is also re-scored under
the later rubric (:func:`kepatuhan.rescore`), so each delta splits exactly into

* **method change** = earlier answers under the later rubric − earlier answers under their own;
* **real change** = later result − earlier answers under the later rubric,

which add up to the total change to the cent (all three are differences of published,
rounded scores).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import Field

from ._csv_table import read_csv_table
from ._model import FrozenModel
from .catalog import Message
from .errors import InvalidFileError, InvalidInputError, Problem, UnknownCrosswalkError
from .io._cells import column_letter
from .registry import current_registry
from .rescoring import RescoreReport, rescore
from .results import EntityResult, RoundResult, UnitResult
from .round import Round
from .scoring import score
from .vocab import Zone

__all__ = [
    "Comparison",
    "DimensionComparison",
    "EntityComparison",
    "Separation",
    "Standing",
    "Transition",
    "UnitComparison",
    "compare",
    "read_code_map",
]

Separation = Literal["same_rubric", "rescored", "results_only", "no_crosswalk"]
"""How method change was told from real change: the two rounds share a rubric (no method
change); the earlier round was re-scored through crosswalks; it could not be, because only
results were given or no crosswalk chain joins the rubrics (method change is then unknown)."""


class Standing(FrozenModel):
    """A published score with its zone and grade (all ``None`` when nothing was scored)."""

    score: Decimal | None
    zone: Zone | None
    grade: str | None


class DimensionComparison(FrozenModel):
    """One top-level dimension: its published figure at each point and the changes."""

    dimension: str
    before: Decimal | None
    rescored: Decimal | None
    after: Decimal | None
    method_change: Decimal | None
    real_change: Decimal | None
    total_change: Decimal | None


class _Compared(FrozenModel):
    before: Standing
    rescored: Standing | None = Field(description="the earlier answers under the later rubric")
    after: Standing
    method_change: Decimal | None
    real_change: Decimal | None
    total_change: Decimal | None
    dimensions: tuple[DimensionComparison, ...]


class UnitComparison(_Compared):
    """A unit in both rounds (``unit`` is its later code, ``before_code`` its earlier one)."""

    unit: str
    before_code: str
    entity: str


class EntityComparison(_Compared):
    """An entity in both rounds (``entity`` is its later code)."""

    entity: str
    before_code: str


class Transition(FrozenModel):
    """How many units or entities moved from one zone or grade to another."""

    level: Literal["unit", "entity"]
    what: Literal["zone", "grade"]
    before: str | None
    after: str | None
    count: int


class Comparison(FrozenModel):
    """Two rounds compared: pairs, changes, who entered or left, and the re-score report."""

    before_rubric: str
    after_rubric: str
    separation: Separation
    synthetic: bool = Field(default=False, description="True if either round's answers are made up")
    codes: dict[str, str] = Field(description="earlier code → later code, as given")
    units: tuple[UnitComparison, ...] = Field(description="paired units, in the later order")
    entities: tuple[EntityComparison, ...]
    units_entered: tuple[str, ...] = Field(description="later units with no earlier pair")
    units_left: tuple[str, ...] = Field(description="earlier units with no later pair")
    entities_entered: tuple[str, ...]
    entities_left: tuple[str, ...]
    rescore: RescoreReport | None = None

    def transitions(
        self, level: Literal["unit", "entity"] = "entity", what: Literal["zone", "grade"] = "zone"
    ) -> tuple[Transition, ...]:
        """Counts of zone (or grade) moves from the earlier to the later result, sorted."""
        items: Sequence[_Compared] = self.units if level == "unit" else self.entities
        moves = Counter(
            (_label(getattr(c.before, what)), _label(getattr(c.after, what))) for c in items
        )
        return tuple(
            Transition(level=level, what=what, before=b, after=a, count=n)
            for (b, a), n in sorted(moves.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))
        )


def _label(value: Zone | str | None) -> str | None:
    return None if value is None else str(value)


def compare(
    before: Round | RoundResult,
    after: Round | RoundResult,
    *,
    codes: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare an earlier round (or result) with a later one.

    ``codes`` maps earlier unit or entity codes to later ones where they were renamed. With
    both rounds given and different rubrics, the earlier round is re-scored under the later
    rubric through the registered crosswalks to split each change into method change and
    real change; with results only, or no crosswalk chain, only the total change is known
    and ``separation`` says why. Bad codes raise :class:`~kepatuhan.InvalidInputError`
    located at ``codes['…']``.
    """
    b_result = score(before) if isinstance(before, Round) else before
    a_result = score(after) if isinstance(after, Round) else after
    b_rubric, a_rubric = b_result.rubric.id, a_result.rubric.id
    codes = dict(codes or {})
    _check_codes(codes, b_result, a_result)
    rescored: RoundResult | None = None
    report: RescoreReport | None = None
    separation: Separation
    if b_rubric == a_rubric:
        separation, rescored = "same_rubric", b_result
    elif not isinstance(before, Round):
        separation = "results_only"
    else:
        try:
            current_registry().crosswalk_path(b_rubric, a_rubric)
        except UnknownCrosswalkError:
            separation = "no_crosswalk"
        else:
            done = rescore(before, a_rubric)
            separation, rescored, report = "rescored", done.result, done.report
    back = {new: old for old, new in codes.items()}
    units, entered, left = _pairs(
        [u.code for u in b_result.units], [u.code for u in a_result.units], back
    )
    ents, e_entered, e_left = _pairs(
        [e.code for e in b_result.entities], [e.code for e in a_result.entities], back
    )
    unit_rows = tuple(
        UnitComparison(
            unit=new,
            before_code=old,
            entity=a_result.unit(new).entity,
            **_compared(b_result.unit(old), _maybe(rescored, "unit", old), a_result.unit(new)),
        )
        for old, new in units
    )
    entity_rows = tuple(
        EntityComparison(
            entity=new,
            before_code=old,
            **_compared(
                b_result.entity(old), _maybe(rescored, "entity", old), a_result.entity(new)
            ),
        )
        for old, new in ents
    )
    return Comparison(
        before_rubric=b_rubric,
        after_rubric=a_rubric,
        separation=separation,
        synthetic=_synthetic(b_result) or _synthetic(a_result),
        codes=codes,
        units=unit_rows,
        entities=entity_rows,
        units_entered=entered,
        units_left=left,
        entities_entered=e_entered,
        entities_left=e_left,
        rescore=report,
    )


def _synthetic(result: RoundResult) -> bool:
    try:
        return result.columns.meta.synthetic
    except AttributeError:  # a result read back from JSON
        return result.model().synthetic


def _check_codes(codes: Mapping[str, str], before: RoundResult, after: RoundResult) -> None:
    known_before = {u.code for u in before.units} | {e.code for e in before.entities}
    known_after = {u.code for u in after.units} | {e.code for e in after.entities}
    problems = []
    taken: dict[str, str] = {}
    for old, new in codes.items():
        at = f"codes[{old!r}]"
        if old not in known_before:
            problems.append(Problem(at, "compare_unknown_code", {"code": old, "side": "before"}))
        if new not in known_after:
            problems.append(Problem(at, "compare_unknown_code", {"code": new, "side": "after"}))
        if new in taken:
            params = {"code": new, "first": taken[new], "second": old}
            problems.append(Problem(at, "compare_code_taken", params))
        else:
            taken[new] = old
    if problems:
        raise InvalidInputError(problems)


def _pairs(
    before: Sequence[str], after: Sequence[str], back: Mapping[str, str]
) -> tuple[list[tuple[str, str]], tuple[str, ...], tuple[str, ...]]:
    """(earlier, later) code pairs in the later order, the later codes with no pair, and the
    earlier codes with no pair (in the earlier order)."""
    earlier = set(before)
    renamed_away = set(back.values())
    pairs, entered = [], []
    for code in after:
        old = back.get(code, code if code not in renamed_away else None)
        if old is not None and old in earlier:
            pairs.append((old, code))
        else:
            entered.append(code)
    paired = {old for old, _ in pairs}
    left = tuple(code for code in before if code not in paired)
    return pairs, tuple(entered), left


def _maybe(
    result: RoundResult | None, level: Literal["unit", "entity"], code: str
) -> UnitResult | EntityResult | None:
    if result is None:
        return None
    return result.unit(code) if level == "unit" else result.entity(code)


def _standing(item: UnitResult | EntityResult) -> Standing:
    return Standing(score=item.score, zone=item.zone, grade=item.grade)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _compared(
    before: UnitResult | EntityResult,
    rescored: UnitResult | EntityResult | None,
    after: UnitResult | EntityResult,
) -> dict[str, object]:
    r_score = rescored.score if rescored is not None else None
    names = list(after.dimensions) + [d for d in before.dimensions if d not in after.dimensions]
    dims = []
    for name in names:
        b = before.dimensions.get(name)
        r = rescored.dimensions.get(name) if rescored is not None else None
        a = after.dimensions.get(name)
        dims.append(
            DimensionComparison(
                dimension=name,
                before=b,
                rescored=r,
                after=a,
                method_change=_minus(r, b),
                real_change=_minus(a, r),
                total_change=_minus(a, b),
            )
        )
    return {
        "before": _standing(before),
        "rescored": None if rescored is None else _standing(rescored),
        "after": _standing(after),
        "method_change": _minus(r_score, before.score),
        "real_change": _minus(after.score, r_score),
        "total_change": _minus(after.score, before.score),
        "dimensions": tuple(dims),
    }


_CODE_COLUMNS = {"kode_lama": "before", "before": "before", "kode_baru": "after", "after": "after"}
_CODE_ROW = Message(en="earlier code of the code table", id="kode lama tabel kode")


def read_code_map(path: str | Path) -> dict[str, str]:
    """Earlier code → later code, from a UTF-8 CSV with the columns ``kode_lama`` and
    ``kode_baru`` (or ``before`` and ``after``), for :func:`compare`'s ``codes``.

    Problems are located at their cell (``kode.csv!A3``): a missing column, an empty code, an
    earlier code given twice. Raises :class:`~kepatuhan.InvalidFileError`.
    """
    required = (("kode_lama", "before"), ("kode_baru", "after"))
    name, rows, at = read_csv_table(path, _CODE_COLUMNS, required)
    at_old, at_new = at["before"], at["after"]
    problems: list[Problem] = []
    codes: dict[str, str] = {}
    first: dict[str, str] = {}
    for r, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [(k, row[k].strip() if k < len(row) else "") for k in (at_old, at_new)]
        for k, value in cells:
            if not value:
                problems.append(Problem(f"{name}!{column_letter(k + 1)}{r}", "text_blank", {}))
        (_, old), (_, new) = cells
        where = f"{name}!{column_letter(at_old + 1)}{r}"
        if old and old in first:
            params = {"what": _CODE_ROW, "code": old, "first": first[old]}
            problems.append(Problem(where, "duplicate_code", params))
        elif old and new:
            first[old] = where
            codes[old] = new
    if problems:
        raise InvalidFileError(problems)
    return codes
