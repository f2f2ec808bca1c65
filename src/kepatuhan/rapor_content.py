"""What a rapor shows, as plain data in one language: the content model both engines (HTML,
PDF) lay out, and the pages of an entity or unit rapor built from a scored round.

Every text here is final (catalog text in the chosen language, figures with the decimal comma
in Indonesian); the engines add no words of their own, so HTML and PDF say the same thing.
Charts are Vega-Lite specs (:mod:`kepatuhan.rapor_charts`); an engine renders them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np

from .catalog import ROLE_NAMES, ZONE_NAMES, Language
from .comparison import Comparison
from .draw_view import chance_line
from .planning import Plan
from .provenance import Assumption, in_language
from .rapor_charts import dimension_chart
from .rapor_texts import kind_name, t, unit_type_name
from .report_view import (
    LABELS,
    ZONE_COLOURS,
    band_words,
    decimal_text,
    entity_opinion,
)
from .results import Completeness, EntityResult, RoundResult, UnitResult
from .rubric import Group, Indicator, Rubric
from .sampling_uncertainty import Uncertainty
from .vocab import Zone

__all__ = [
    "Cell",
    "Fact",
    "Headline",
    "Page",
    "Rapor",
    "Section",
    "Table",
    "ZoneMark",
    "band_section",
    "entity_page",
    "figure",
    "rubric_facts",
    "unit_page",
    "zone_mark",
]

TOP_LOST_RAPOR = 10
"""Indicators listed under "most points lost" on a rapor page."""


@dataclass(frozen=True)
class ZoneMark:
    """A zone as shown: its key (the enum value, a CSS class), its word and colours."""

    key: str
    name: str
    fill: str
    font: str


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, and the zone that colours it (if any)."""

    text: str
    zone: ZoneMark | None = None


@dataclass(frozen=True)
class Table:
    """Column heads, rows of cells, and which columns hold figures (right-aligned)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...]


@dataclass(frozen=True)
class Section:
    """A titled block: lines of text, then a chart and/or a table."""

    key: str
    title: str
    lines: tuple[str, ...] = ()
    chart: Mapping[str, Any] | None = None
    table: Table | None = None


@dataclass(frozen=True)
class Fact:
    """A header line: label and value."""

    label: str
    value: str


@dataclass(frozen=True)
class Headline:
    """The big figures: score, grade, zone and opinion, and lines under them."""

    score_label: str
    score: str
    grade_label: str
    grade: str
    zone_label: str
    zone: ZoneMark | None
    zone_text: str
    opinion_label: str
    opinion: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """One page (or more, when long) of the rapor: an entity, a unit or the summary."""

    kind: Literal["entity", "unit", "summary"]
    code: str
    level: str
    name: str
    facts: tuple[Fact, ...]
    headline: Headline | None
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Rapor:
    """The whole document: pages, the synthetic-data banner, and the footer."""

    lang: Language
    title: str
    banner: str | None
    pages: tuple[Page, ...]
    bands: Section
    disclaimer: str
    generated: str


# Small helpers --------------------------------------------------------------------------------


def zone_mark(zone: Zone | None, lang: Language) -> ZoneMark | None:
    """The zone as shown, or None for no zone."""
    if zone is None:
        return None
    colour = ZONE_COLOURS[zone]
    return ZoneMark(zone.value, ZONE_NAMES[zone].text(lang), colour.fill, colour.font)


def figure(value: Decimal | None, lang: Language) -> str:
    """A published figure as text (``–`` when there is none)."""
    return t("none", lang) if value is None else decimal_text(value, lang)


def signed(value: Decimal | None, lang: Language) -> str:
    """A change as text with its sign (``+3,98``)."""
    if value is None:
        return t("none", lang)
    return ("+" if value > 0 else "") + decimal_text(value, lang)


def node_name(rubric: Rubric, node_id: str, lang: Language) -> str:
    """A node's name in ``lang`` (its id if the rubric has no such node)."""
    try:
        node = rubric.node(node_id)
    except KeyError:
        return node_id
    return in_language(node.name, node.name_en, lang)


def _table(columns: Sequence[str], rows: Sequence[Sequence[Cell]], numeric: Sequence[int]) -> Table:
    flags = tuple(i in numeric for i in range(len(columns)))
    return Table(tuple(columns), tuple(tuple(r) for r in rows), flags)


def _cells(*texts: str) -> list[Cell]:
    return [Cell(x) for x in texts]


def _opt(value: str | None, lang: Language) -> str:
    return t("none", lang) if value is None else value


# Header and headline --------------------------------------------------------------------------


def rubric_facts(result: RoundResult, rubric: Rubric, lang: Language) -> list[Fact]:
    info = result.rubric
    title = in_language(info.title, rubric.title_en, lang)
    facts = [Fact(t("fact_rubric", lang), f"{title} ({info.id})")]
    facts.append(
        Fact(t("fact_year", lang), _opt(None if info.year is None else str(info.year), lang))
    )
    if info.legal_basis:
        facts.append(Fact(t("fact_basis", lang), info.legal_basis))
    title_round = result.model().round_title
    if title_round:
        facts.append(Fact(t("fact_round", lang), title_round))
    return facts


def _qualifier_line(e: EntityResult, rubric: Rubric, lang: Language) -> list[str]:
    """The Tanpa Maladministrasi line and its reason, where the rubric decides one."""
    rule = rubric.opinion
    if rule is None or e.score is None:
        return []
    qualifier = rule.qualifier_en if lang == "en" else rule.qualifier
    qualifier = qualifier[:1].upper() + qualifier[1:]
    if e.without_maladministration is None:
        lines = [t("qualifier_undecided", lang, qualifier=qualifier)]
    elif e.without_maladministration:
        lines = [t("qualifier_yes", lang, qualifier=qualifier)]
    else:
        products = ", ".join(e.outstanding_products) or t("none", lang)
        lines = [t("qualifier_no", lang, qualifier=qualifier, products=products)]
    if e.awarded:
        lines.append(t("awarded", lang, grades=", ".join(rule.awarded_grades)))
    return lines


def _headline(
    score: Decimal | None,
    zone: Zone | None,
    grade: str | None,
    opinion: str | None,
    lines: Sequence[str],
    lang: Language,
) -> Headline:
    mark = zone_mark(zone, lang)
    return Headline(
        score_label=t("score", lang),
        score=figure(score, lang) if score is not None else t("no_score", lang),
        grade_label=t("grade", lang),
        grade=_opt(grade, lang),
        zone_label=t("zone", lang),
        zone=mark,
        zone_text=t("zone_named", lang, zone=mark.name) if mark else t("zone_none", lang),
        opinion_label=t("opinion", lang),
        opinion=_opt(opinion, lang),
        lines=tuple(lines),
    )


def _rank_lines(result: RoundResult, e: EntityResult, lang: Language) -> list[str]:
    """Rank among the round's entities of the same kind, and in its province (scores tied
    share a rank)."""
    if e.score is None:
        return []
    lines = []
    same_kind = [x.score for x in result.entities if x.kind is e.kind and x.score is not None]
    if len(same_kind) > 1:
        rank = 1 + sum(s > e.score for s in same_kind)
        kind = kind_name(e.kind, lang)
        lines.append(t("rank", lang, rank=rank, count=len(same_kind), kind=kind))
    if e.province is not None:
        same = [
            x.score
            for x in result.entities
            if x.kind is e.kind and x.province == e.province and x.score is not None
        ]
        if 1 < len(same) < len(same_kind):
            rank = 1 + sum(s > e.score for s in same)
            lines.append(t("rank_province", lang, rank=rank, count=len(same), province=e.province))
    return lines


# Sections -------------------------------------------------------------------------------------


def _dimension_section(
    dimensions: Mapping[str, Decimal | None],
    contributions: Mapping[str, Decimal | None],
    score: Decimal | None,
    rubric: Rubric,
    lang: Language,
) -> Section:
    ids = [d.id for d in rubric.dimensions() if d.id in dimensions]
    total_weight = sum(d.weight for d in rubric.dimensions()) or 1.0
    rows = []
    named: list[tuple[str, Decimal | None]] = []
    # Dimension scores are 0–100; the bands are on the reporting scale: a dimension is
    # coloured by band only where the two are the same.
    same_scale = (rubric.zoning.minimum, rubric.zoning.maximum) == (Decimal(0), Decimal(100))
    for node_id in ids:
        value = dimensions[node_id]
        zone = rubric.classify(value).zone if value is not None and same_scale else None
        name = node_name(rubric, node_id, lang)
        weight = Decimal(f"{100 * rubric.node(node_id).weight / total_weight:.2f}")
        named.append((name, value))
        rows.append(
            [
                Cell(name),
                Cell(figure(value, lang), zone_mark(zone, lang)),
                Cell(decimal_text(weight, lang) + " %"),
                Cell(figure(contributions.get(node_id), lang)),
            ]
        )
    columns = [t(k, lang) for k in ("col_dimension", "score", "col_weight", "col_contribution")]
    chart = dimension_chart(named, score, rubric, lang) if named else None
    return Section(
        "dimensions", t("sec_dimensions", lang), chart=chart, table=_table(columns, rows, (1, 2, 3))
    )


def _units_section(units: Sequence[UnitResult], rubric: Rubric, lang: Language) -> Section:
    columns = [
        t(k, lang)
        for k in ("col_code", "col_name", "col_type", "score", "zone", "grade", "col_label")
    ] + [t("col_assessed", lang)]
    rows = []
    for u in units:
        label, _ = band_words(rubric, u.score, u.label, u.quality, lang)
        mark = zone_mark(u.zone, lang)
        c = u.completeness
        rows.append(
            [
                Cell(u.code),
                Cell(u.name),
                Cell(unit_type_name(u.unit_type, lang)),
                Cell(figure(u.score, lang), mark),
                Cell(mark.name if mark else t("none", lang), mark),
                Cell(_opt(u.grade, lang)),
                Cell(_opt(label, lang)),
                Cell(f"{c.assessed}/{c.applicable}"),
            ]
        )
    return Section("units", t("sec_units", lang), table=_table(columns, rows, (3, 7)))


def _lost_section(
    points: Mapping[str, Decimal],
    rubric: Rubric,
    lang: Language,
    unit: UnitResult | None = None,
) -> Section:
    lost = [(k, v) for k, v in points.items() if v > 0][:TOP_LOST_RAPOR]
    title = t("sec_lost", lang)
    if not lost:
        return Section("lost", title, lines=(t("no_lost", lang),))
    columns = [t("col_indicator", lang), t("col_name", lang), t("col_dimension", lang)]
    if unit is not None:
        columns.append(t("col_indicator_score", lang))
    columns.append(t("col_points", lang))
    dimension_of = _dimension_of(rubric)
    rows = []
    for node_id, value in lost:
        row = [
            Cell(node_id),
            Cell(node_name(rubric, node_id, lang)),
            Cell(node_name(rubric, dimension_of.get(node_id, node_id), lang)),
        ]
        if unit is not None:
            own = unit.nodes.get(node_id)
            row.append(Cell(t("none", lang) if own is None else decimal_text(_two(own), lang)))
        row.append(Cell(decimal_text(value, lang)))
        rows.append(row)
    numeric = (3, 4) if unit is not None else (3,)
    note = t("lost_note", lang, count=len(lost))
    return Section("lost", title, lines=(note,), table=_table(columns, rows, numeric))


def _two(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _dimension_of(rubric: Rubric) -> dict[str, str]:
    """Node id → the id of the dimension above it (a dimension maps to itself)."""
    out: dict[str, str] = {}

    def visit(node: Group | Indicator, top: str) -> None:
        out.setdefault(node.id, top)
        if isinstance(node, Group):
            for child in node.children:
                visit(child, top)

    for dim in rubric.dimensions():
        visit(dim, dim.id)
    return out


def _plan_section(plan: Plan, rubric: Rubric, lang: Language) -> Section:
    title = t("sec_plan", lang, target=plan.target)
    threshold = decimal_text(plan.threshold, lang)
    lines: list[str] = []
    table = None
    if not plan.reachable:
        maximum = figure(plan.maximum, lang)
        lines.append(
            t("plan_unreachable", lang, target=plan.target, maximum=maximum, threshold=threshold)
        )
    elif not plan.steps:
        score = figure(plan.before, lang)
        lines.append(t("plan_already", lang, target=plan.target, score=score, threshold=threshold))
    else:
        mark = zone_mark(plan.zone, lang)
        label = " · ".join(x for x in (mark.name if mark else None, plan.grade, plan.label) if x)
        lines.append(
            t(
                "plan_head",
                lang,
                target=plan.target,
                threshold=threshold,
                before=figure(plan.before, lang),
                count=len(plan.steps),
                after=figure(plan.after, lang),
                label=label,
            )
        )
        columns = [
            t(k, lang)
            for k in ("col_unit", "col_indicator", "col_from_to", "col_gain", "col_cumulative")
        ]
        rows = []
        for s in plan.steps:
            name = in_language(s.name, s.name_en, lang)
            rows.append(
                _cells(
                    s.unit,
                    f"{s.indicator} {name}",
                    f"{_answer(s.before, lang)} → {_answer(s.after, lang)}",
                    "+" + decimal_text(s.points, lang),
                    figure(s.cumulative, lang),
                )
            )
        table = _table(columns, rows, (3, 4))
    if plan.unanswered:
        cells = ", ".join(f"{u}/{i}" for u, i in plan.unanswered[:10])
        cells += ", …" if len(plan.unanswered) > 10 else ""
        lines.append(t("plan_unanswered", lang, count=len(plan.unanswered), cells=cells))
    if plan.figure_units:
        lines.append(t("plan_figure_units", lang, units=", ".join(plan.figure_units)))
    return Section("plan", title, lines=tuple(lines), table=table)


def _answer(value: float, lang: Language) -> str:
    return decimal_text(Decimal(f"{value:.2f}".rstrip("0").rstrip(".")), lang)


def _band_text(zone: Zone | None, grade: str | None, lang: Language) -> str:
    mark = zone_mark(zone, lang)
    return " · ".join(x for x in (mark.name if mark else None, grade) if x) or t("none", lang)


def _comparison_section(
    comparison: Comparison,
    code: str,
    level: Literal["entity", "unit"],
    rubric: Rubric,
    lang: Language,
) -> Section:
    title = t("sec_comparison", lang)
    found = (
        next((c for c in comparison.entities if c.entity == code), None)
        if level == "entity"
        else next((c for c in comparison.units if c.unit == code), None)
    )
    if found is None:
        return Section("comparison", title, lines=(t("comparison_none", lang, code=code),))
    lines = [
        t(
            "comparison_line",
            lang,
            before=figure(found.before.score, lang),
            before_band=_band_text(found.before.zone, found.before.grade, lang),
            after=figure(found.after.score, lang),
            after_band=_band_text(found.after.zone, found.after.grade, lang),
            total=signed(found.total_change, lang),
        )
    ]
    if found.rescored is not None and comparison.before_rubric != comparison.after_rubric:
        lines.append(
            t(
                "comparison_split",
                lang,
                method=signed(found.method_change, lang),
                real=signed(found.real_change, lang),
                before_rubric=comparison.before_rubric,
                after_rubric=comparison.after_rubric,
            )
        )
    columns = [t(k, lang) for k in ("col_dimension", "col_before", "col_after", "col_change")]
    rows = [
        _cells(
            node_name(rubric, d.dimension, lang),
            figure(d.before, lang),
            figure(d.after, lang),
            signed(d.total_change, lang),
        )
        for d in found.dimensions
    ]
    table = _table(columns, rows, (1, 2, 3)) if rows else None
    return Section("comparison", title, lines=tuple(lines), table=table)


def _uncertainty_section(
    uncertainty: Uncertainty, code: str, level: Literal["entity", "unit"], lang: Language
) -> Section:
    title = t("sec_uncertainty", lang)
    spread = uncertainty.entities if level == "entity" else uncertainty.units
    if code not in spread.codes:
        return Section("uncertainty", title, lines=(t("uncertainty_none", lang, code=code),))
    i = spread.codes.index(code)
    probs = uncertainty.band_probability("entities" if level == "entity" else "units")[i]
    line = t(
        "uncertainty_line",
        lang,
        chance=chance_line(uncertainty.bands, np.asarray(probs), lang),
        level=f"{round(uncertainty.params.level * 100):d} %",
        lower=figure(spread.lower[i], lang),
        upper=figure(spread.upper[i], lang),
        draws=uncertainty.params.draws,
        method=uncertainty.params.method,
    )
    return Section("uncertainty", title, lines=(line,))


def _respondents(c: Completeness, lang: Language) -> str:
    parts = [
        t(
            "role_short" if r.short else "role_count",
            lang,
            role=ROLE_NAMES[r.role].text(lang),
            collected=r.collected,
            required=r.required,
        )
        for r in c.respondents
    ]
    return ", ".join(parts) or t("none", lang)


def _completeness_section(units: Sequence[UnitResult], lang: Language) -> Section:
    columns = [t(k, lang) for k in ("col_unit", "col_assessed", "col_respondents", "col_missing")]
    rows = []
    for u in units:
        c = u.completeness
        missing = ", ".join(c.missing) or t("none", lang)
        rows.append(_cells(u.name, f"{c.assessed}/{c.applicable}", _respondents(c, lang), missing))
    lines: tuple[str, ...] = ()
    if len(units) == 1:
        c = units[0].completeness
        lines = (
            t(
                "completeness_line",
                lang,
                assessed=c.assessed,
                applicable=c.applicable,
                respondents=_respondents(c, lang),
            ),
        )
    return Section(
        "completeness", t("sec_completeness", lang), lines=lines, table=_table(columns, rows, (1,))
    )


def assumptions_on_path(
    result: RoundResult, rubric: Rubric, units: Sequence[UnitResult], score: Decimal | None
) -> list[Assumption]:
    """The rubric's assumptions that enter a score: every rubric-wide one (structure, methods,
    the opinion rule), a band's only when the score falls in it, a node's only when one of
    ``units`` has a score at that node."""
    paths = dict(rubric.walk())
    scored = {k for u in units for k, v in u.nodes.items() if v is not None}
    band = None
    if score is not None:
        c = rubric.classify(score)
        band = next(
            (i for i, b in enumerate(rubric.zoning.bands) if b.lower <= c.score <= b.upper), None
        )
    out = []
    for a in result.model().assumptions:
        if a.path.startswith("nodes["):
            node_path = a.path.rsplit(".", 1)[0].removesuffix(".scale")
            node = paths.get(node_path)
            if node is None or node.id not in scored:
                continue
        elif a.path.startswith("zoning.bands[") and (
            band is None or not a.path.startswith(f"zoning.bands[{band}]")
        ):
            continue
        out.append(a)
    return out


def _assumptions_section(
    result: RoundResult,
    rubric: Rubric,
    units: Sequence[UnitResult],
    score: Decimal | None,
    lang: Language,
) -> Section:
    title = t("sec_assumptions", lang)
    found = assumptions_on_path(result, rubric, units, score)
    if not found:
        return Section("assumptions", title, lines=(t("assumptions_none", lang),))
    columns = [t(k, lang) for k in ("col_what", "col_value", "col_reason")]
    grouped: list[tuple[list[str], str, str]] = []
    for a in found:  # the same value for the same reason (equal shares…): one row
        value, reason = _number_text(a.value_in(lang), lang), a.reason_in(lang)
        if grouped and grouped[-1][1:] == (value, reason):
            grouped[-1][0].append(a.what_in(lang))
        else:
            grouped.append(([a.what_in(lang)], value, reason))
    rows = [_cells(", ".join(what), value, reason) for what, value, reason in grouped]
    note = t("assumptions_note", lang, count=len(result.model().assumptions))
    return Section("assumptions", title, lines=(note,), table=_table(columns, rows, ()))


def _number_text(value: str, lang: Language) -> str:
    """An assumed value as text: a plain number with the decimal comma in Indonesian."""
    try:
        number = Decimal(value)
    except ArithmeticError:
        return value
    return decimal_text(number, lang) if number.is_finite() else value


def band_section(rubric: Rubric, lang: Language) -> Section:
    """The band table of the rubric's year (highest band first): the rapor's footer."""
    with_quality = any(b.quality for b in rubric.zoning.bands)
    keys = ["col_range", "zone", "grade", "col_label"]
    columns = [t(k, lang) for k in keys]
    if with_quality:
        columns.append(LABELS["quality"].text(lang))
    rows = []
    for b in reversed(rubric.zoning.bands):
        mark = zone_mark(b.zone, lang)
        label = in_language(b.label, b.label_en, lang)
        row = [
            Cell(f"{decimal_text(b.lower, lang)}–{decimal_text(b.upper, lang)}"),
            Cell(mark.name if mark else t("none", lang), mark),
            Cell(_opt(b.grade, lang)),
            Cell(label),
        ]
        if with_quality:
            row.append(Cell(_opt(b.quality_en if lang == "en" else b.quality, lang)))
        rows.append(row)
    year = _opt(None if rubric.year is None else str(rubric.year), lang)
    return Section("bands", t("sec_bands", lang, year=year), table=_table(columns, rows, ()))


# Pages ----------------------------------------------------------------------------------------


def entity_page(
    result: RoundResult,
    rubric: Rubric,
    e: EntityResult,
    lang: Language,
    *,
    plan: Plan | None = None,
    comparison: Comparison | None = None,
    uncertainty: Uncertainty | None = None,
) -> Page:
    """The rapor page of entity ``e``."""
    units = [result.unit(code) for code in e.units]
    facts = [Fact(t("fact_kind", lang), kind_name(e.kind, lang))]
    if e.province:
        facts.append(Fact(t("fact_province", lang), e.province))
    facts += rubric_facts(result, rubric, lang)
    label, _ = band_words(rubric, e.score, e.label, e.quality, lang)
    opinion = entity_opinion(e, rubric, label, lang)
    lines = _qualifier_line(e, rubric, lang) + _rank_lines(result, e, lang)
    lines.append(t("units_count", lang, scored=e.units_scored, count=len(e.units)))
    sections = [
        _dimension_section(e.dimensions, e.contributions, e.score, rubric, lang),
        _units_section(units, rubric, lang),
        _lost_section(e.points_lost, rubric, lang),
    ]
    if plan is not None:
        sections.append(_plan_section(plan, rubric, lang))
    if comparison is not None:
        sections.append(_comparison_section(comparison, e.code, "entity", rubric, lang))
    if uncertainty is not None:
        sections.append(_uncertainty_section(uncertainty, e.code, "entity", lang))
    sections.append(_completeness_section(units, lang))
    sections.append(_assumptions_section(result, rubric, units, e.score, lang))
    return Page(
        kind="entity",
        code=e.code,
        level=t("level_entity", lang),
        name=e.name,
        facts=tuple(facts),
        headline=_headline(e.score, e.zone, e.grade, opinion, lines, lang),
        sections=tuple(sections),
    )


def unit_page(
    result: RoundResult,
    rubric: Rubric,
    u: UnitResult,
    lang: Language,
    *,
    plan: Plan | None = None,
    comparison: Comparison | None = None,
    uncertainty: Uncertainty | None = None,
) -> Page:
    """The rapor page of unit ``u``: the entity page's content at unit level."""
    e = result.entity(u.entity)
    facts = [
        Fact(t("fact_entity", lang), e.name),
        Fact(t("fact_unit_type", lang), unit_type_name(u.unit_type, lang)),
    ]
    if e.province:
        facts.append(Fact(t("fact_province", lang), e.province))
    facts += rubric_facts(result, rubric, lang)
    label, _ = band_words(rubric, u.score, u.label, u.quality, lang)
    sections = [
        _dimension_section(u.dimensions, u.contributions, u.score, rubric, lang),
        _lost_section(u.points_lost, rubric, lang, unit=u),
    ]
    if plan is not None:
        sections.append(_plan_section(plan, rubric, lang))
    if comparison is not None:
        sections.append(_comparison_section(comparison, u.code, "unit", rubric, lang))
    if uncertainty is not None:
        sections.append(_uncertainty_section(uncertainty, u.code, "unit", lang))
    sections.append(_completeness_section([u], lang))
    sections.append(_assumptions_section(result, rubric, [u], u.score, lang))
    return Page(
        kind="unit",
        code=u.code,
        level=t("level_unit", lang),
        name=u.name,
        facts=tuple(facts),
        headline=_headline(u.score, u.zone, u.grade, label, (), lang),
        sections=tuple(sections),
    )
