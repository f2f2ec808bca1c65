"""An assessment round: entities, their service units, and the answers collected."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, TypeAdapter, ValidationError

from ._model import FrozenModel, problems_from_pydantic
from .catalog import Message
from .codes import grouped_unknown, rows_by_value
from .entities import Entity, FreeText, Name, ServiceUnit
from .errors import TERMS, InvalidRoundError, Problem
from .opinion import OpinionRule
from .oversight import EntityOpinion, OversightProduct
from .responses import DimensionScore, ResponseTable
from .vocab import RespondentRole, ResponseStatus

if TYPE_CHECKING:
    from .rubric import Rubric

__all__ = ["Round"]


class Round(FrozenModel):
    """One assessment round to score with one rubric.

    Construction checks the round against itself (codes unique, units belong to entities,
    answers name known units, values finite and consistent with their status) and reports
    every problem at once. Checks against the rubric happen when the round is scored.
    """

    error_class = InvalidRoundError

    rubric: str = Field(min_length=1, description="id of the rubric the round is scored with")
    title: Name | None = None
    synthetic: bool = Field(default=False, description="True if the answers are made up")
    note: FreeText | None = None
    entities: tuple[Entity, ...] = ()
    units: tuple[ServiceUnit, ...] = ()
    responses: ResponseTable = Field(default_factory=ResponseTable.empty)
    dimension_scores: tuple[DimensionScore, ...] = ()
    oversight_products: tuple[OversightProduct, ...] | None = Field(
        default=None,
        description="Ombudsman oversight products issued to the entities and their follow-up "
        "(from 2025: decides the Tanpa Maladministrasi qualifier); None = not recorded, "
        "() = recorded, none issued",
    )

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        problems += _duplicates("entities", TERMS["entity_code"], [e.code for e in self.entities])
        problems += _duplicates("units", TERMS["unit_code"], [u.code for u in self.units])
        entity_codes = {e.code for e in self.entities}
        unit_codes = {u.code for u in self.units}
        problems += _unknown_references(self.units, entity_codes)
        table = self.responses
        unknown = [k for k, code in enumerate(table.unit_codes) if code not in unit_codes]
        if unknown:  # one problem per unknown unit code, with its rows and a likely code
            groups = rows_by_value(table.unit, np.isin(table.unit, unknown))
            occurrences = {table.unit_codes[table.unit[g[0]]]: g for g in groups}
            problems += [
                p
                for _, p in grouped_unknown(
                    occurrences,
                    "unknown_unit",
                    lambda row: (f"responses[{row}].unit", row),
                    unit_codes,
                    summary=("responses", None),
                )
            ]
        problems += table.row_problems()
        scores = _duplicates(
            "dimension_scores",
            TERMS["dimension_score"],
            [f"{ds.unit}/{ds.dimension}" for ds in self.dimension_scores],
            field="",
        )
        for i, ds in enumerate(self.dimension_scores):
            if ds.unit not in unit_codes:
                scores.append(
                    Problem(f"dimension_scores[{i}].unit", "unknown_unit", {"code": ds.unit})
                )
            if not np.isfinite(ds.value):
                scores.append(
                    Problem(f"dimension_scores[{i}].value", "not_finite", {"value": ds.value})
                )
        problems += sorted(scores, key=_item_index)
        problems += self._oversight_problems(entity_codes)
        return problems

    def _oversight_problems(self, entity_codes: set[str]) -> list[Problem]:
        products = self.oversight_products or ()
        problems = [
            Problem(f"oversight_products[{i}].entity", "unknown_entity_ref", {"code": p.entity})
            for i, p in enumerate(products)
            if p.entity not in entity_codes
        ]
        problems += _duplicates(
            "oversight_products",
            TERMS["oversight_product"],
            [(p.entity, p.reference) for p in products],
            shown=[p.reference for p in products],
            field=".reference",
        )
        return problems

    def oversight_by_entity(self) -> dict[str, list[OversightProduct]] | None:
        """Oversight products grouped by entity code; None if the round records none."""
        if self.oversight_products is None:
            return None
        grouped: dict[str, list[OversightProduct]] = {e.code: [] for e in self.entities}
        for product in self.oversight_products:
            grouped.setdefault(product.entity, []).append(product)
        return grouped

    def entity_opinions(self, rule: OpinionRule) -> tuple[EntityOpinion, ...]:
        """The qualifier decision of each entity (in order) from its oversight products;
        undecided for every entity when the round records none."""
        grouped = self.oversight_by_entity()
        return tuple(
            rule.decide(None if grouped is None else grouped[e.code]) for e in self.entities
        )

    @classmethod
    def from_columns(
        cls,
        *,
        rubric: str,
        entities: Iterable[Entity | dict[str, Any]],
        units: Iterable[ServiceUnit | dict[str, Any]],
        unit: npt.ArrayLike,
        indicator: npt.ArrayLike,
        value: npt.ArrayLike,
        respondent: npt.ArrayLike | None = None,
        role: Sequence[RespondentRole | str | None] | npt.ArrayLike | None = None,
        status: Sequence[ResponseStatus | str] | npt.ArrayLike | None = None,
        indicator_codes: Sequence[str] | None = None,
        respondent_codes: Sequence[str] | None = None,
        role_codes: Sequence[RespondentRole | str | None] | None = None,
        status_codes: Sequence[ResponseStatus | str] | None = None,
        title: str | None = None,
        synthetic: bool = False,
        note: str | None = None,
    ) -> Round:
        """A round from answer columns (sequences or numpy arrays) — the path for large rounds.

        ``unit`` holds unit codes or integer positions into ``units``; ``indicator`` holds
        indicator ids or integer positions into ``indicator_codes`` (for example
        ``rubric.indicator_ids()``); ``respondent`` holds respondent ids (``None`` when
        anonymous) or integer positions into ``respondent_codes`` (-1 when anonymous).
        ``role`` and ``status`` hold enum values or names, or integer positions into
        ``role_codes`` and ``status_codes``. Integer positions are the fastest form; the
        arrays are copied. Every problem is reported at once.
        """
        problems: list[Problem] = []
        entity_adapter, unit_adapter = _adapters()
        entity_list: list[Entity] = _validated(entity_adapter, entities, "entities", problems)
        unit_list: list[ServiceUnit] = _validated(unit_adapter, units, "units", problems)
        if problems:
            raise InvalidRoundError(problems)
        table, problems = ResponseTable.from_columns(
            unit=unit,
            indicator=indicator,
            value=value,
            respondent=respondent,
            role=role,
            status=status,
            unit_codes=[u.code for u in unit_list],
            indicator_codes=indicator_codes,
            respondent_codes=respondent_codes,
            role_codes=role_codes,
            status_codes=status_codes,
        )
        if problems:
            raise InvalidRoundError(problems)
        return cls(
            rubric=rubric,
            title=title,
            synthetic=synthetic,
            note=note,
            entities=tuple(entity_list),
            units=tuple(unit_list),
            responses=table,
        )

    @classmethod
    def from_frame(
        cls,
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
        """A round from a table of answers: a pandas or polars DataFrame, a pyarrow Table or
        RecordBatch, any object with ``__arrow_c_stream__`` (read with pyarrow), or a mapping
        of column name to values.

        ``shape="long"``: one row per answer, columns ``unit``, ``indicator``, ``value`` and
        optionally ``respondent``, ``role``, ``status`` (a ``ResponseStatus`` value or member
        name; blank = answered), ``evidence`` and ``collected`` (a date). ``shape="wide"``:
        one row per respondent, id columns ``unit`` and optionally ``respondent`` and
        ``role``, and one column per indicator named by its id: a number is an answer, a
        status word that status, a blank cell no answer. Without a respondent column each
        row's answers are anonymous. ``indicators`` names the indicator columns (other
        columns are then not read); otherwise every other column must be an indicator.
        ``columns`` renames: our name → the table's name. Every other column is an error.

        ``entities`` and ``units`` are tables of the same kinds (columns code, name, kind,
        province / code, name, entity, unit_type, sector) or sequences of models or dicts.
        ``rubric`` is a :class:`~kepatuhan.Rubric` or its id. Categorical columns are read
        as codes and categories and numeric columns as they are, through
        :meth:`from_columns`' integer positions. The answers are checked against the rubric
        as :func:`~kepatuhan.score` checks them (not the missing-data policy), and
        :class:`~kepatuhan.InvalidRoundError` lists every problem at its table row and
        column, counted from 0: ``answers[12].nilai``, ``units[3].unit_type``.
        """
        from .frame_input import round_from_frame

        return round_from_frame(
            answers,
            rubric=rubric,
            entities=entities,
            units=units,
            shape=shape,
            columns=columns,
            indicators=indicators,
            title=title,
            synthetic=synthetic,
            note=note,
        )


@cache
def _adapters() -> tuple[TypeAdapter[list[Entity]], TypeAdapter[list[ServiceUnit]]]:
    return TypeAdapter(list[Entity]), TypeAdapter(list[ServiceUnit])


def _validated(
    adapter: TypeAdapter[list[Any]], items: Iterable[Any], root: str, problems: list[Problem]
) -> list[Any]:
    """Entities or units from models or dicts, validated in one pass (models pass as they
    are); every bad item is a problem at ``root[i].field``."""
    try:
        return adapter.validate_python(list(items))
    except ValidationError as exc:
        problems += problems_from_pydantic(exc, root)
        return []


def _unknown_references(units: Sequence[ServiceUnit], entity_codes: set[str]) -> list[Problem]:
    """One problem per entity code that units name but no entity has."""
    occurrences: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        if unit.entity not in entity_codes:
            occurrences.setdefault(unit.entity, []).append(i)
    found = grouped_unknown(
        occurrences, "unknown_entity", lambda i: (f"units[{i}].entity", i), entity_codes
    )
    return [p for _, p in found]


def _duplicates(
    root: str,
    what: Message,
    keys: Sequence[Hashable],
    *,
    shown: Sequence[str] | None = None,
    field: str = ".code",
) -> list[Problem]:
    """A problem at ``root[i]<field>`` for every key seen before, naming the first place."""
    first: dict[Hashable, int] = {}
    problems = []
    for i, key in enumerate(keys):
        if key in first:
            code = shown[i] if shown is not None else key
            params = {"what": what, "code": code, "first": f"{root}[{first[key]}]"}
            problems.append(Problem(f"{root}[{i}]{field}", "duplicate_code", params))
        else:
            first[key] = i
    return problems


def _item_index(problem: Problem) -> int:
    """The list index in a location such as ``dimension_scores[3].unit``."""
    return int(problem.location.split("[", 1)[1].split("]", 1)[0])
