"""Rich renderables for the commands: result tables, rubric list and tree, a classification."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from rich import box
from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from .. import report_view
from ..errors import Language
from ..provenance import in_language
from ..results import EntityResult, RoundResult, UnitResult
from ..rubric import Group, Indicator, Rubric, RubricInfo
from ..vocab import Confidence, Zone
from ..zoning import Band, Classification
from .messages import confidence_name, role_name, text, zone_name
from .output import safe

__all__ = [
    "ZONE_STYLES",
    "classification_view",
    "provenance_counts",
    "result_view",
    "rubric_list",
    "rubric_tree",
    "rubric_view",
    "zone_cell",
]

ZONE_STYLES: Mapping[Zone, str] = {
    zone: colour.terminal for zone, colour in report_view.ZONE_COLOURS.items()
}
"""The colour of each zone on the terminal (``kepatuhan.report_view.ZONE_COLOURS``)."""

ASSUMED_STYLE = "italic yellow"
INCOMPLETE_STYLE = "yellow"
"""Completeness of a unit with indicators not assessed: its score covers only part of it."""


def _cell(value: object, lang: Language) -> str:
    return text("none", lang) if value is None else str(value)


def zone_cell(zone: Zone | None, lang: Language) -> Text:
    """The zone's name in its colour (``–`` if the unit has no score)."""
    if zone is None:
        return Text(text("none", lang))
    return Text(zone_name(zone, lang), style=ZONE_STYLES[zone])


def plain_table(title: str | None = None) -> Table:
    """The table style of every view: a simple head rule, a bold title on the left."""
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, title_style="bold")


def _band_words(
    rubric: Rubric, score: Decimal | None, label: str | None, quality: str | None, lang: Language
) -> tuple[str, str]:
    """The opinion label and quality word of a score (``report_view.band_words``)."""
    label, quality = report_view.band_words(rubric, score, label, quality, lang)
    return _cell(label, lang), _cell(quality, lang)


# Results ----------------------------------------------------------------------------------------


def result_view(
    result: RoundResult, rubric: Rubric, lang: Language, *, top_lost: int = 3
) -> RenderableType:
    """Header, one row per unit, one per entity, and notes: outstanding oversight products,
    the rubric's assumptions."""
    model = result.model()
    header = Text(safe(f"{text('rubric', lang)}: {model.rubric.id} — {model.rubric.title}"))
    parts: list[RenderableType] = [header]
    if model.round_title:
        parts.append(Text(safe(model.round_title), style="bold"))
    if model.synthetic:
        parts.append(Text(text("synthetic", lang), style="bold magenta"))
    if not model.units:
        parts.append(Text(text("no_units", lang), style="bold"))
    parts.append(_units_table(model.units, rubric, lang, top_lost))
    parts.append(_entities_table(model.entities, rubric, lang))
    for e in model.entities:
        if e.outstanding_products:
            products = ", ".join(e.outstanding_products)
            parts.append(Text(safe(text("outstanding", lang, entity=e.name, products=products))))
    if model.assumptions:
        note = text("assumed_note", lang, count=len(model.assumptions), id=model.rubric.id)
        parts.append(Text(note, style=ASSUMED_STYLE))
    return Stack(*parts)


def _score_table(first: str, with_quality: bool, lang: Language) -> Table:
    """The columns unit and entity tables share: name, score, zone, grade, label (quality)."""
    table = plain_table()
    table.add_column(text(first, lang))
    table.add_column(text("score", lang), justify="right")
    table.add_column(text("zone", lang))
    table.add_column(text("grade", lang), justify="center")
    table.add_column(text("label", lang))
    if with_quality:
        table.add_column(text("quality", lang))
    return table


def _units_table(
    units: Sequence[UnitResult], rubric: Rubric, lang: Language, top_lost: int
) -> Table:
    with_quality = any(u.quality for u in units)
    table = _score_table("unit", with_quality, lang)
    table.add_column(text("complete", lang), justify="right")
    table.add_column(text("lost", lang))
    for u in units:
        label, quality = _band_words(rubric, u.score, u.label, u.quality, lang)
        lost = ", ".join(f"{k} {v}" for k, v in report_view.top_lost(u, top_lost))
        row: list[RenderableType] = [
            u.name,
            _cell(u.score, lang),
            zone_cell(u.zone, lang),
            _cell(u.grade, lang),
            label,
        ]
        if with_quality:
            row.append(quality)
        row += [
            Text(
                f"{u.completeness.assessed}/{u.completeness.applicable}",
                style="" if u.completeness.complete else INCOMPLETE_STYLE,
            ),
            lost or text("none", lang),
        ]
        table.add_row(*row)
    return table


def _entity_opinion(e: EntityResult, rubric: Rubric, label: str, lang: Language) -> str:
    """The full opinion (with its qualifier) where the rubric decides one, else the label."""
    return report_view.entity_opinion(e, rubric, label, lang) or label


def _entities_table(entities: Sequence[EntityResult], rubric: Rubric, lang: Language) -> Table:
    with_quality = any(e.quality for e in entities)
    with_award = any(e.awarded is not None for e in entities)
    table = _score_table("entity", with_quality, lang)
    if with_award:
        table.add_column(text("awarded", lang), justify="center")
    table.add_column(text("complete", lang), justify="right")
    for e in entities:
        label, quality = _band_words(rubric, e.score, e.label, e.quality, lang)
        row: list[RenderableType] = [
            e.name,
            _cell(e.score, lang),
            zone_cell(e.zone, lang),
            _cell(e.grade, lang),
            _entity_opinion(e, rubric, label, lang),
        ]
        if with_quality:
            row.append(quality)
        if with_award:
            row.append(_yes_no(e.awarded, lang))
        row.append(f"{e.units_scored}/{len(e.units)}")
        table.add_row(*row)
    return table


def _yes_no(value: bool | None, lang: Language) -> str:
    return text("none", lang) if value is None else text("yes" if value else "no", lang)


# Rubrics ----------------------------------------------------------------------------------------


def rubric_list(infos: Iterable[RubricInfo], lang: Language) -> Table:
    """One row per registered rubric: id, year, title over its legal basis, plugin."""
    table = plain_table(text("rubrics_title", lang))
    table.add_column(text("id", lang), no_wrap=True)
    table.add_column(text("year", lang))
    table.add_column(f"{text('title', lang)} / {text('legal_basis', lang)}")
    table.add_column(text("plugin", lang), no_wrap=True)
    for info in infos:
        title = Text(safe(info.title))
        if info.legal_basis:
            title.append(f"\n{safe(info.legal_basis)}", style="dim")
        table.add_row(info.id, _cell(info.year, lang), title, _cell(info.plugin, lang))
    return table


def _name(node: Group | Indicator | Rubric, lang: Language) -> str:
    if isinstance(node, Rubric):
        return in_language(node.title, node.title_en, lang)
    return in_language(node.name, node.name_en, lang)


def _share(weight: float, siblings: Sequence[Group | Indicator]) -> str:
    return f"{100 * weight / sum(s.weight for s in siblings):.2f}%"


def _node_label(
    node: Group | Indicator, siblings: Sequence[Group | Indicator], lang: Language
) -> Text:
    label = Text()
    label.append(safe(_name(node, lang)), style="bold" if isinstance(node, Group) else "")
    label.append(f"  {safe(node.id)}", style="dim")
    label.append(f"  {_share(node.weight, siblings)}")
    if node.weight_provenance.is_assumed:
        label.append(f" ({confidence_name(Confidence.ASSUMED, lang)})", style=ASSUMED_STYLE)
    if isinstance(node, Indicator):
        extra = f"  {text('scale', lang)} {node.scale} · {role_name(node.role, lang)}"
        if node.respondents:
            extra += f" ×{node.respondents}"
        label.append(extra, style="cyan")
        if node.scale.provenance is not None and node.scale.provenance.is_assumed:
            label.append(f" ({confidence_name(Confidence.ASSUMED, lang)})", style=ASSUMED_STYLE)
    return label


def rubric_tree(rubric: Rubric, lang: Language) -> Tree:
    """The rubric's nodes with each weight as a share of its siblings; assumed ones marked."""
    tree = Tree(Text(text("tree", lang), style="bold"))

    def grow(branch: Tree, nodes: Sequence[Group | Indicator]) -> None:
        for node in nodes:
            child = branch.add(_node_label(node, nodes, lang))
            if isinstance(node, Group):
                grow(child, node.children)

    grow(tree, rubric.nodes)
    return tree


def _band_rows(bands: Sequence[Band], lang: Language) -> Table:
    with_quality = any(band.quality for band in bands)
    table = plain_table(text("bands", lang))
    for key in ("range", "zone", "grade", "label", *(("quality",) if with_quality else ())):
        table.add_column(text(key, lang))
    for band in reversed(bands):
        label = in_language(band.label, band.label_en, lang)
        if band.provenance is not None and band.provenance.is_assumed:
            label += f" ({confidence_name(Confidence.ASSUMED, lang)})"
        row: list[RenderableType] = [
            f"{band.lower}–{band.upper}",
            zone_cell(band.zone, lang),
            _cell(band.grade, lang),
            label,
        ]
        if with_quality:
            row.append(_cell(band.quality_en if lang == "en" else band.quality, lang))
        table.add_row(*row)
    return table


def _opinion_rule(rubric: Rubric, lang: Language) -> str | None:
    """How the rubric writes an entity's opinion, e.g. ``Opini <kategori> [Tanpa …]``."""
    rule = rubric.opinion
    if rule is None:
        return None
    band = text("band_label", lang)
    if lang == "en":
        pattern = f"{rule.prefix_en} <{band}>[, {rule.qualifier_en}]"
    else:
        pattern = f"{rule.prefix} <{band}> [{rule.qualifier}]"
    awarded = ", ".join(rule.awarded_grades)
    return text("opinion_rule", lang, pattern=pattern, grades=awarded)


def provenance_counts(rubric: Rubric) -> Counter[Confidence]:
    """How many of the rubric's numbers and rules are official, reported and assumed."""
    return Counter(prov.confidence for _, prov in rubric.provenances())


def rubric_view(rubric: Rubric, plugin: str | None, lang: Language) -> RenderableType:
    """Everything a reader needs to trust (or question) a rubric's numbers."""
    head = plain_table()
    head.add_column(style="bold")
    head.add_column()
    head.show_header = False
    head.add_row(text("id", lang), rubric.id)
    head.add_row(text("title", lang), _name(rubric, lang))
    head.add_row(text("year", lang), _cell(rubric.year, lang))
    head.add_row(text("legal_basis", lang), _cell(rubric.legal_basis, lang))
    head.add_row(text("plugin", lang), _cell(plugin, lang))
    head.add_row(text("missing_policy", lang), rubric.missing_policy)
    head.add_row(text("scale_range", lang), f"{rubric.zoning.minimum}–{rubric.zoning.maximum}")
    opinion = _opinion_rule(rubric, lang)
    if opinion is not None:
        head.add_row(text("label", lang), opinion)
    sources = plain_table(text("sources", lang))
    sources.add_column(text("id", lang), no_wrap=True)
    sources.add_column(text("title", lang))
    for key, source in rubric.sources.items():
        sources.add_row(key, source.title_in(lang) + (f"\n{source.url}" if source.url else ""))
    counts = provenance_counts(rubric)
    summary = text(
        "provenance_count",
        lang,
        total=sum(counts.values()),
        official=counts[Confidence.OFFICIAL],
        reported=counts[Confidence.REPORTED],
        assumed=counts[Confidence.ASSUMED],
    )
    assumptions = plain_table(text("assumptions", lang))
    for key in ("where", "what", "value", "reason"):
        assumptions.add_column(text(key, lang))
    for a in rubric.assumptions():
        assumptions.add_row(a.path, a.what_in(lang), a.value_in(lang), a.reason_in(lang))
    return Stack(
        head,
        sources,
        rubric_tree(rubric, lang),
        Text(""),
        _band_rows(rubric.zoning.bands, lang),
        Text(summary, style="bold"),
        assumptions,
    )


# Classification ---------------------------------------------------------------------------------


def classification_view(given: str, c: Classification, lang: Language) -> RenderableType:
    """The score as given, rounded half-up, and its zone, grade and opinion."""
    table = plain_table()
    table.show_header = False
    table.add_column(style="bold")
    table.add_column()
    table.add_row(text("input_score", lang), given)
    table.add_row(text("rounded", lang), str(c.score))
    table.add_row(text("zone", lang), zone_cell(c.zone, lang))
    table.add_row(text("grade", lang), _cell(c.grade, lang))
    label = in_language(c.label, c.label_en, lang)
    table.add_row(text("label", lang), label)
    quality = c.quality_en if lang == "en" and c.quality_en else c.quality
    if quality:
        table.add_row(text("quality", lang), quality)
    return table
