"""The SKM index per respondent profile value (jenis layanan, jenis kelamin, pendidikan,
pekerjaan, usia band), as PermenPAN-RB 14/2017 reports break it down.

Each row is :func:`kepatuhan.skm_index` computed on the respondents of one unit who gave one
value, under the same convention as the whole survey (the keyword options are passed on
unchanged), so a row with every respondent reproduces the unit's own index.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import Field

from ._model import FrozenModel
from .errors import InvalidInputError
from .skm import skm_index

if TYPE_CHECKING:
    from .io.skm_survey import SkmSurvey

__all__ = ["AGE_BANDS", "SkmBreakdown", "SkmBreakdownRow", "age_band", "skm_breakdown"]

AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 20, "< 20"),
    (20, 30, "20–29"),
    (30, 40, "30–39"),
    (40, 50, "40–49"),
    (50, 60, "50–59"),
    (60, None, "≥ 60"),
)
"""``(from, below, label)`` of the age bands (whole years): under 20, then ten-year bands,
then 60 and over. The regulation fixes none; these are the bands agency reports use most."""

_AGE_KEYS = frozenset({"usia", "umur", "age"})
_YEARS = re.compile(r"\s*([0-9]{1,3})(?:[.,]0+)?\s*(?:th|thn|tahun|years?)?\.?\s*", re.IGNORECASE)


def age_band(value: str | None) -> str | None:
    """The band label of an age (``"25"``, ``"25 tahun"`` → ``"20–29"``); a value that is
    not a whole number of years (already a band, such as ``"20-30 tahun"``) stays as it is."""
    if value is None:
        return None
    match = _YEARS.fullmatch(value)
    if match is None:
        return value
    years = int(match.group(1))
    for low, below, label in AGE_BANDS:
        if years >= low and (below is None or years < below):
            return label
    return value  # pragma: no cover - the bands cover every age from 0


class SkmBreakdownRow(FrozenModel):
    """The index of the respondents of one unit who gave one profile value."""

    unit: str = Field(description="unit code")
    unit_name: str
    value: str | None = Field(description="the profile value (None: the cell was empty)")
    respondents: int = Field(description="respondents of the unit with this value")
    index: Decimal | None = Field(description="IKM (1–4); None when an unsur has no answer")
    converted: Decimal | None = Field(description="IKM converted (×25)")
    grade: str | None = Field(description="mutu pelayanan (A–D)")
    label: str | None = Field(description="kinerja unit pelayanan")


class SkmBreakdown(FrozenModel):
    """The index per value of one profile column, unit by unit, and the convention used."""

    column: str = Field(description="the profile column, as the survey heads it")
    age_bands: bool = Field(description="whether ages were grouped into AGE_BANDS")
    convention_text: str
    convention_text_en: str
    rows: tuple[SkmBreakdownRow, ...]

    def to_json(self, *, indent: int | None = None) -> str:
        """Deterministic JSON of the whole breakdown."""
        return self.model_dump_json(indent=indent)


def skm_breakdown(
    survey: SkmSurvey, by: str, *, age_bands: bool | None = None, **options: Any
) -> SkmBreakdown:
    """The SKM of each unit's respondents per value of the profile column ``by`` (matched
    loosely: ``"jenis kelamin"`` finds ``Jenis Kelamin``).

    ``options`` are :func:`kepatuhan.skm_index`'s (``rubric``, ``weight``, ``convention``…),
    applied to every row. Values are grouped as written (trimmed); ``age_bands`` (default:
    when the column is Usia, Umur or Age) groups whole ages into :data:`AGE_BANDS`. A row
    whose respondents left an unsur unanswered has no index (``None``): the regulation's
    index needs every unsur. An unknown column raises :class:`InvalidFileError`.
    """
    column = survey.profile_column(by)
    values = survey.profile(column)
    banded = column.strip().casefold() in _AGE_KEYS if age_bands is None else age_bands
    if banded:
        values = tuple(age_band(v) for v in values)
    whole = skm_index(survey.round, **options)  # the convention, checked once
    order = {label: n for n, (_, _, label) in enumerate(AGE_BANDS)} if banded else {}
    unit_of = np.asarray(survey.unit_of, dtype=np.int64)
    distinct = sorted(set(values), key=lambda v: _sort_key(v, order))
    position = {v: j for j, v in enumerate(distinct)}
    value_of = np.fromiter((position[v] for v in values), np.int64, len(values))
    rows: list[SkmBreakdownRow] = []
    for u, unit in enumerate(survey.round.units):
        at_unit = unit_of == u
        for j in np.unique(value_of[at_unit]):  # in the order of distinct
            keep = at_unit & (value_of == j)
            rows.append(_row(survey, keep, unit.code, unit.name, distinct[j], options))
    return SkmBreakdown(
        column=column,
        age_bands=banded,
        convention_text=whole.convention_text,
        convention_text_en=whole.convention_text_en,
        rows=tuple(rows),
    )


def _sort_key(value: str | None, order: dict[str, int]) -> tuple[int, int, str]:
    """Age bands in age order, then other values alphabetically, empty cells last."""
    if value is None:
        return (2, 0, "")
    if value in order:
        return (0, order[value], value)
    return (1, 0, value.casefold())


def _row(
    survey: SkmSurvey,
    keep: np.ndarray[Any, np.dtype[np.bool_]],
    code: str,
    name: str,
    value: str | None,
    options: dict[str, Any],
) -> SkmBreakdownRow:
    count = int(keep.sum())
    try:
        result = skm_index(survey.subset(keep), **options)
    except InvalidInputError:  # an unsur nobody in this group answered
        return SkmBreakdownRow(
            unit=code, unit_name=name, value=value, respondents=count, index=None,
            converted=None, grade=None, label=None,
        )  # fmt: skip
    unit = result.units[0]
    return SkmBreakdownRow(
        unit=code,
        unit_name=name,
        value=value,
        respondents=count,
        index=unit.index,
        converted=unit.converted,
        grade=unit.grade,
        label=unit.label,
    )
