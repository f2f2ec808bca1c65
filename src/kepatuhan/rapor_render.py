"""The rapor of a scored round — per entity, per unit, or a national or provincial summary —
as HTML or PDF bytes: :func:`rapor` and :func:`summary_rapor`.

The content is built once (:mod:`kepatuhan.rapor_content`, :mod:`kepatuhan.rapor_summary`)
and laid out by either engine (:mod:`kepatuhan.rapor_html`, :mod:`kepatuhan.rapor_pdf`), so
both say the same. Needs the ``rapor`` extra: ``pip install "kepatuhan[rapor]"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ._version import __version__
from .catalog import LANGUAGES, Language
from .codes import Suggester
from .comparison import Comparison
from .errors import InvalidInputError, Problem
from .planning import Plan
from .rapor_content import Page, Rapor, band_section, entity_page, unit_page
from .rapor_texts import t
from .registry import get_rubric
from .report_view import LABELS
from .results import RoundResult
from .rubric import Rubric
from .sampling_uncertainty import Uncertainty

__all__ = ["RaporFormat", "rapor", "summary_rapor"]

RaporFormat = Literal["html", "pdf"]


def _unknown(location: str, code: str, known: list[str], problem: str) -> Problem:
    params: dict[str, object] = {"code": code}
    if (s := Suggester(known)(code)) is not None:
        params["suggestion"] = s
    return Problem(location, problem, params)


def _check_common(lang: object, format: object, problems: list[Problem]) -> None:
    if lang not in LANGUAGES:
        problems.append(Problem("lang", "rapor_language", {"value": lang}))
    if format not in ("html", "pdf"):
        problems.append(Problem("format", "rapor_format", {"value": format}))


def _plans(
    plan: Plan | Mapping[str, Plan] | None, shown: Mapping[str, str], problems: list[Problem]
) -> dict[str, Plan]:
    """The plan of each shown page code; a plan for anything not shown is a problem (a
    worklist put under the wrong name would be a wrong rapor)."""
    if plan is None:
        return {}
    given = (
        {"plan": plan} if isinstance(plan, Plan) else {f"plan[{k!r}]": p for k, p in plan.items()}
    )
    out = {}
    for location, p in given.items():
        if shown.get(p.code) != p.scope:
            params = {"scope": p.scope, "code": p.code}
            problems.append(Problem(location, "rapor_plan_subject", params))
        else:
            out[p.code] = p
    return out


def _document(result: RoundResult, rubric: Rubric, pages: list[Page], lang: Language) -> Rapor:
    synthetic = result.model().synthetic
    return Rapor(
        lang=lang,
        title=t("title", lang) + (f" — {pages[0].name}" if len(pages) == 1 else ""),
        banner=LABELS["synthetic"].text(lang) if synthetic else None,
        pages=tuple(pages),
        bands=band_section(rubric, lang),
        disclaimer=t("disclaimer", lang),
        generated=t("generated", lang, generator=f"kepatuhan {__version__}"),
    )


def _render(document: Rapor, format: RaporFormat) -> bytes:
    if format == "pdf":
        from .rapor_pdf import render_pdf

        return render_pdf(document)
    from .rapor_html import render_html

    return render_html(document)


def rapor(
    result: RoundResult,
    *,
    entity: str | None = None,
    unit: str | None = None,
    lang: Language = "id",
    format: RaporFormat = "html",
    plan: Plan | Mapping[str, Plan] | None = None,
    comparison: Comparison | None = None,
    uncertainty: Uncertainty | None = None,
    rubric: Rubric | None = None,
) -> bytes:
    """The rapor of one entity (``entity``), one unit (``unit``) or, with neither, of every
    entity of ``result`` (a page each), as HTML or PDF bytes in ``lang`` (``"id"`` or
    ``"en"``).

    A page shows the entity's name, rubric, year and legal basis; its score, grade, zone and
    opinion (with the Tanpa Maladministrasi qualifier and its reason where the rubric has
    one); a dimension chart against the band edges; its units; the indicators that lost most
    points; completeness; the rubric's assumptions behind the score; and a SINTETIS banner on
    made-up data. ``plan`` (:func:`kepatuhan.plan`; a mapping entity code → plan for several
    entities) adds the worklist, ``comparison`` (:func:`kepatuhan.compare`) the earlier round,
    ``uncertainty`` (:func:`kepatuhan.uncertainty`) the chance of the zone. ``rubric`` is the
    rubric the result was scored with, when it is not the registered one of its id.

    The same arguments give the same bytes. Raises :class:`~kepatuhan.InvalidInputError` for
    an unknown entity or unit code, a plan for something the rapor does not show, or an
    unknown format or language (every problem, located by argument name);
    ``MissingBackendError`` (a :class:`~kepatuhan.KepatuhanError`) without the ``rapor``
    extra.
    """
    problems: list[Problem] = []
    _check_common(lang, format, problems)
    entities = [e.code for e in result.entities]
    units = [u.code for u in result.units]
    if entity is not None and unit is not None:
        problems.append(Problem("unit", "rapor_subject", {}))
    elif entity is not None and entity not in entities:
        problems.append(_unknown("entity", entity, entities, "rapor_unknown_entity"))
    elif unit is not None and unit not in units:
        problems.append(_unknown("unit", unit, units, "rapor_unknown_unit"))
    shown: dict[str, str]
    if unit is not None:
        shown = {unit: "unit"}
    else:
        shown = dict.fromkeys([entity] if entity is not None else entities, "entity")
    plans = _plans(plan, shown, problems)
    if problems:
        raise InvalidInputError(problems)
    rubric = rubric if rubric is not None else get_rubric(result.rubric.id)
    if unit is not None:
        u = result.unit(unit)
        pages = [
            unit_page(
                result,
                rubric,
                u,
                lang,
                plan=plans.get(unit),
                comparison=comparison,
                uncertainty=uncertainty,
            )
        ]
    else:
        pages = [
            entity_page(
                result,
                rubric,
                result.entity(code),
                lang,
                plan=plans.get(code),
                comparison=comparison,
                uncertainty=uncertainty,
            )
            for code in shown
        ]
    return _render(_document(result, rubric, pages, lang), format)


def summary_rapor(
    result: RoundResult,
    *,
    province: str | None = None,
    lang: Language = "id",
    format: RaporFormat = "html",
    uncertainty: Uncertainty | None = None,
    rubric: Rubric | None = None,
) -> bytes:
    """The national summary of ``result`` (or that of one ``province``) as HTML or PDF bytes:
    zone and grade counts by entity kind and by province (charts and tables), the ranking
    within each entity kind, and the entities near a band edge (from ``uncertainty``; without
    it the rapor says they were not computed). ``rubric`` as for :func:`rapor`.

    Raises :class:`~kepatuhan.InvalidInputError` for a province with no entity in the
    result, an unknown format or language.
    """
    problems: list[Problem] = []
    _check_common(lang, format, problems)
    provinces = sorted({e.province for e in result.entities if e.province is not None})
    if province is not None and province not in provinces:
        params: dict[str, object] = {"province": province, "known": ", ".join(provinces) or "–"}
        if (s := Suggester(provinces)(province)) is not None:
            params["suggestion"] = s
        problems.append(Problem("province", "rapor_unknown_province", params))
    if problems:
        raise InvalidInputError(problems)
    from .rapor_summary import summary_page

    rubric = rubric if rubric is not None else get_rubric(result.rubric.id)
    page = summary_page(result, rubric, lang, province=province, uncertainty=uncertainty)
    document = _document(result, rubric, [page], lang)
    return _render(document, format)
