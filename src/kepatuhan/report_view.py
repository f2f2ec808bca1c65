"""What a report of a scored round shows, decided once for every output: the terminal
table, the results workbook and CSV, and the HTML and PDF reports to come.

Here live the choices that are not the score itself: which indicators count as "points
lost most", the colour of each zone, yes/no words, the column labels of the results
workbook, the opinion text of an entity (with its qualifier, or "undecided"), the English
band words. The renderers only lay them out. Nothing here imports rich or openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .catalog import WORDS, Language, Message
from .vocab import Zone

if TYPE_CHECKING:
    from .results import EntityResult, UnitResult
    from .rubric import Rubric

__all__ = [
    "LABELS",
    "TOP_LOST",
    "TOP_LOST_SHORT",
    "ZONE_COLOURS",
    "ZoneColour",
    "band_words",
    "decimal_text",
    "entity_opinion",
    "label",
    "opinion_cells",
    "top_lost",
    "yes_no",
]

TOP_LOST = 5
"""Indicators listed per unit as those that lost the most points (points > 0 only)."""
TOP_LOST_SHORT = 3
"""The same, where one cell or one table column holds them (terminal, workbook's units)."""


@dataclass(frozen=True)
class ZoneColour:
    """A zone's colours: cell fill and font (hex RGB, for files) and a terminal style."""

    fill: str
    font: str
    terminal: str


ZONE_COLOURS: Mapping[Zone, ZoneColour] = {
    Zone.MERAH: ZoneColour("FFC7CE", "9C0006", "bold red"),
    Zone.KUNING: ZoneColour("FFEB9C", "7F6000", "bold yellow"),
    Zone.HIJAU: ZoneColour("C6EFCE", "006100", "bold green"),
    Zone.HITAM: ZoneColour("000000", "FFFFFF", "bold white on black"),
}
"""The colour of each zone, as the Ombudsman's own charts show them."""

LABELS: Mapping[str, Message] = {
    "code": Message(en="Code", id="Kode"),
    "entity_name": Message(en="Entity", id="Nama Instansi"),
    "kind": Message(en="Kind", id="Jenis"),
    "province": Message(en="Province", id="Provinsi"),
    "score": Message(en="Score", id="Nilai"),
    "zone": Message(en="Zone", id="Zona"),
    "grade": Message(en="Grade", id="Kategori"),
    "label": Message(en="Opinion", id="Opini"),
    "units_scored": Message(en="Units scored", id="Unit dinilai"),
    "quality": Message(en="Quality", id="Kata mutu"),
    "opinion": Message(en="Ombudsman opinion", id="Opini Ombudsman"),
    "without": Message(en="Without maladministration", id="Tanpa Maladministrasi"),
    "awarded": Message(en="Awarded", id="Dianugerahi opini"),
    "outstanding": Message(
        en="Oversight products outstanding",
        id="Produk pengawasan belum ditindaklanjuti",
    ),
    "undecided": Message(
        en="undecided (oversight products not recorded)",
        id="belum dapat ditentukan (produk pengawasan tidak dicatat)",
    ),
    "unit_code": Message(en="Unit code", id="Kode Unit"),
    "unit_name": Message(en="Unit", id="Nama Unit"),
    "entity": Message(en="Entity", id="Instansi"),
    "unit_type": Message(en="Unit type", id="Jenis Unit"),
    "dimension": Message(en="{name} (score)", id="{name} (nilai)"),
    "contribution": Message(en="{name} (contribution)", id="{name} (kontribusi)"),
    "total": Message(en="Total", id="Nilai Total"),
    "assessed": Message(en="Assessed / applicable", id="Dinilai / berlaku"),
    "completeness": Message(en="Completeness", id="Kelengkapan"),
    "top": Message(en="Most points lost", id="Poin hilang terbanyak"),
    "rank": Message(en="Rank", id="Peringkat"),
    "indicator": Message(en="Indicator", id="Indikator"),
    "indicator_name": Message(en="Indicator name", id="Nama Indikator"),
    "points": Message(en="Points lost", id="Poin hilang"),
    "title": Message(
        en="Public Service Assessment — Results",
        id="Hasil Penilaian Penyelenggaraan Pelayanan Publik",
    ),
    "rubric": Message(
        en="Rubric: {title} ({id}, version {version})",
        id="Rubrik: {title} ({id}, versi {version})",
    ),
    "synthetic": Message(
        en="WARNING: SYNTHETIC DATA — not an official Ombudsman RI result",
        id="PERINGATAN: DATA SINTETIS — bukan hasil penilaian resmi Ombudsman RI",
    ),
    "yes": WORDS["yes"],
    "no": WORDS["no"],
}
"""Column labels and fixed texts of the report files (the "report" namespace of
kepatuhan.catalog)."""


def label(key: str, lang: Language, **params: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``params``."""
    return LABELS[key].text(lang, **params)


def yes_no(value: bool, lang: Language) -> str:
    """``ya``/``tidak`` (``yes``/``no``): the words kepatuhan's readers also read."""
    return label("yes" if value else "no", lang)


def top_lost(unit: UnitResult, count: int = TOP_LOST) -> list[tuple[str, Decimal]]:
    """The indicators of ``unit`` that lost the most points, most first, above zero only."""
    return [(k, v) for k, v in unit.points_lost.items() if v > 0][:count]


def decimal_text(value: Decimal, lang: Language) -> str:
    """A figure as text in ``lang``: a decimal comma in Indonesian (``2,5``)."""
    text = str(value)
    return text.replace(".", ",") if lang == "id" else text


def band_words(
    rubric: Rubric, score: Decimal | None, label: str | None, quality: str | None, lang: Language
) -> tuple[str | None, str | None]:
    """The opinion label and quality word of a score; in English the band's English words
    (the Indonesian ones where a band has none)."""
    if lang == "en" and score is not None:
        band = rubric.classify(score)
        return band.label_en or label, band.quality_en or quality
    return label, quality


def entity_opinion(
    e: EntityResult, rubric: Rubric, label: str | None, lang: Language
) -> str | None:
    """The full opinion (with its qualifier) where the rubric decides one, else ``label``."""
    if e.opinion is None:
        return label
    if lang == "en" and rubric.opinion is not None and e.score is not None:
        english = rubric.opinion.label_en(
            rubric.classify(e.score).label_en, e.without_maladministration
        )
        return english or e.opinion
    return e.opinion


def opinion_cells(e: EntityResult, lang: Language) -> list[str | None]:
    """Opinion, qualifier, award and outstanding products of an entity, for a table row;
    undecided (oversight products not recorded) is said, not left blank."""
    if e.score is None:
        return [None, None, None, None]
    opinion: str | None
    qualified = e.without_maladministration
    if qualified is None:
        opinion, without = label("undecided", lang), None
    else:
        opinion, without = e.opinion, yes_no(qualified, lang)
    awarded = yes_no(bool(e.awarded), lang)  # undecided (None) is not awarded
    return [opinion, without, awarded, ", ".join(e.outstanding_products) or None]
