"""The summary rapor's page (national, or one province): zone and grade counts by entity kind
and by province, the ranking within each kind, and the entities near a band edge.

Counted from the entity results themselves (also those of a result read back from JSON); the
near-edge list only from a sampling-uncertainty result, never guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from .catalog import Language
from .draw_view import chance_line, percent_text
from .rapor_charts import zone_count_chart
from .rapor_content import (
    Cell,
    Fact,
    Page,
    Section,
    Table,
    figure,
    rubric_facts,
    zone_mark,
)
from .rapor_texts import kind_name, t
from .results import EntityResult, RoundResult
from .rubric import Rubric
from .sampling_uncertainty import Uncertainty
from .vocab import Zone

__all__ = ["summary_page"]

ZONE_ORDER = (Zone.HIJAU, Zone.KUNING, Zone.MERAH, Zone.HITAM)
"""Columns of the zone tables, best first."""


def _zones(rubric: Rubric) -> list[Zone]:
    present = {b.zone for b in rubric.zoning.bands if b.zone is not None}
    return [z for z in ZONE_ORDER if z in present]


def _grades(rubric: Rubric) -> list[str]:
    return [b.grade for b in reversed(rubric.zoning.bands) if b.grade is not None]


def _numeric(columns: Sequence[str], first_text: int) -> tuple[bool, ...]:
    return tuple(i >= first_text for i in range(len(columns)))


def _count_section(
    key: str,
    title: str,
    groups: Sequence[tuple[str, Sequence[EntityResult]]],
    values: Sequence[Zone | str],
    value_of: str,
    lang: Language,
    *,
    chart: bool,
) -> Section:
    """Per group, how many entities have each zone (or grade), those without a score, and the
    total; with a stacked-bar chart of the zones."""
    heads = [
        zone_mark(v, lang).name if isinstance(v, Zone) else v  # type: ignore[union-attr]
        for v in values
    ]
    columns = [t("col_kind" if key.endswith("kind") else "col_province", lang), *heads]
    columns += [t("zone_none", lang), t("col_total", lang)]
    rows = []
    counted: list[tuple[str, Zone | None, int]] = []
    for name, members in groups:
        counts = Counter(getattr(e, value_of) for e in members if e.score is not None)
        unscored = sum(e.score is None for e in members)
        cells = [Cell(name)]
        for v in values:
            mark = zone_mark(v, lang) if isinstance(v, Zone) else None
            cells.append(Cell(str(counts[v]), mark if counts[v] else None))
            if isinstance(v, Zone):
                counted.append((name, v, counts[v]))
        cells += [Cell(str(unscored)), Cell(str(len(members)))]
        rows.append(tuple(cells))
    spec = zone_count_chart(counted, title, lang) if chart and counted else None
    table = Table(tuple(columns), tuple(rows), _numeric(columns, 1))
    return Section(key, title, chart=spec, table=table)


def _ranks(members: Sequence[EntityResult]) -> list[tuple[int | None, EntityResult]]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4); no score: last, no rank;
    ties by code."""
    scored = sorted(
        (e for e in members if e.score is not None),
        key=lambda e: (-(e.score or Decimal(0)), e.code),
    )
    out: list[tuple[int | None, EntityResult]] = []
    for k, e in enumerate(scored):
        same = out and out[-1][1].score == e.score
        out.append((out[-1][0] if same else k + 1, e))
    out += [(None, e) for e in sorted(members, key=lambda e: e.code) if e.score is None]
    return out


def _ranking_section(
    by_kind: Sequence[tuple[str, Sequence[EntityResult]]], lang: Language
) -> Section:
    keys = ("col_kind", "col_rank", "col_name", "col_province", "score", "zone", "grade")
    columns = tuple(t(k, lang) for k in keys)
    rows = []
    for kind, members in by_kind:
        for rank, e in _ranks(members):
            mark = zone_mark(e.zone, lang)
            rows.append(
                (
                    Cell(kind),
                    Cell(t("none", lang) if rank is None else str(rank)),
                    Cell(e.name),
                    Cell(e.province or t("none", lang)),
                    Cell(figure(e.score, lang), mark),
                    Cell(mark.name if mark else t("none", lang), mark),
                    Cell(e.grade or t("none", lang)),
                )
            )
    numeric = tuple(i in (1, 4) for i in range(len(columns)))
    return Section("ranking", t("sec_ranking", lang), table=Table(columns, tuple(rows), numeric))


def _near_edge_section(
    members: Sequence[EntityResult], uncertainty: Uncertainty | None, lang: Language
) -> Section:
    title = t("sec_near_edge", lang)
    if uncertainty is None:
        return Section("near_edge", title, lines=(t("near_edge_not_computed", lang),))
    spread = uncertainty.entities
    probs = uncertainty.band_probability("entities")
    names = {e.code: e for e in members}
    level = f"{round(uncertainty.params.level * 100):d} %"
    columns = (
        t("col_entity", lang),
        t("score", lang),
        t("col_chance", lang),
        t("col_interval", lang, level=level),
    )
    rows = []
    for i, code in enumerate(spread.codes):
        e = names.get(code)
        if e is None or not spread.borderline[i]:
            continue
        interval = f"{figure(spread.lower[i], lang)}–{figure(spread.upper[i], lang)}"
        rows.append(
            (
                Cell(e.name),
                Cell(figure(spread.published[i], lang), zone_mark(e.zone, lang)),
                Cell(chance_line(uncertainty.bands, np.asarray(probs[i]), lang)),
                Cell(interval),
            )
        )
    threshold = percent_text(uncertainty.params.borderline, lang)
    note = t("near_edge_note", lang, threshold=threshold, draws=uncertainty.params.draws)
    if not rows:
        return Section("near_edge", title, lines=(note, t("near_edge_none", lang)))
    numeric = (False, True, False, True)
    return Section("near_edge", title, lines=(note,), table=Table(columns, tuple(rows), numeric))


def summary_page(
    result: RoundResult,
    rubric: Rubric,
    lang: Language,
    *,
    province: str | None = None,
    uncertainty: Uncertainty | None = None,
) -> Page:
    """The summary page of every entity of ``result`` (or of those in ``province``)."""
    members = [e for e in result.entities if province is None or e.province == province]
    kinds = (
        sorted({e.kind for e in members}, key=list(type(members[0].kind)).index) if members else []
    )
    by_kind = [(kind_name(k, lang), [e for e in members if e.kind is k]) for k in kinds]
    provinces = sorted({e.province for e in members if e.province is not None})
    by_province = [(p, [e for e in members if e.province == p]) for p in provinces]
    if any(e.province is None for e in members):
        by_province.append((t("none", lang), [e for e in members if e.province is None]))
    scope = (
        t("scope_national", lang)
        if province is None
        else t("scope_province", lang, province=province)
    )
    facts = [
        Fact(t("col_count", lang), f"{len(members)} ({scope})"),
        *rubric_facts(result, rubric, lang),
    ]
    zones: list[Zone | str] = list(_zones(rubric))
    grades: list[Zone | str] = list(_grades(rubric))
    sections = [
        _count_section(
            "zones_kind", t("sec_counts_kind", lang), by_kind, zones, "zone", lang, chart=True
        ),
        _count_section(
            "zones_province",
            t("sec_counts_province", lang),
            by_province,
            zones,
            "zone",
            lang,
            chart=True,
        ),
    ]
    if grades:
        sections.append(
            _count_section(
                "grades_kind",
                t("sec_grades_kind", lang),
                by_kind,
                grades,
                "grade",
                lang,
                chart=False,
            )
        )
    sections += [_ranking_section(by_kind, lang), _near_edge_section(members, uncertainty, lang)]
    return Page(
        kind="summary",
        code=province or "",
        level=t("title_summary", lang),
        name=scope[:1].upper() + scope[1:],
        facts=tuple(facts),
        headline=None,
        sections=tuple(sections),
    )
