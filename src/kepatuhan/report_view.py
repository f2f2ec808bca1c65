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

from .errors import Language
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

LABELS: Mapping[str, tuple[str, str]] = {  # id, en
    "code": ("Kode", "Code"),
    "entity_name": ("Nama Instansi", "Entity"),
    "kind": ("Jenis", "Kind"),
    "province": ("Provinsi", "Province"),
    "score": ("Nilai", "Score"),
    "zone": ("Zona", "Zone"),
    "grade": ("Kategori", "Grade"),
    "label": ("Opini", "Opinion"),
    "units_scored": ("Unit dinilai", "Units scored"),
    "quality": ("Kata mutu", "Quality"),
    "opinion": ("Opini Ombudsman", "Ombudsman opinion"),
    "without": ("Tanpa Maladministrasi", "Without maladministration"),
    "awarded": ("Dianugerahi opini", "Awarded"),
    "outstanding": ("Produk pengawasan belum ditindaklanjuti", "Oversight products outstanding"),
    "undecided": (
        "belum dapat ditentukan (produk pengawasan tidak dicatat)",
        "undecided (oversight products not recorded)",
    ),
    "unit_code": ("Kode Unit", "Unit code"),
    "unit_name": ("Nama Unit", "Unit"),
    "entity": ("Instansi", "Entity"),
    "unit_type": ("Jenis Unit", "Unit type"),
    "dimension": ("{name} (nilai)", "{name} (score)"),
    "contribution": ("{name} (kontribusi)", "{name} (contribution)"),
    "total": ("Nilai Total", "Total"),
    "assessed": ("Dinilai / berlaku", "Assessed / applicable"),
    "completeness": ("Kelengkapan", "Completeness"),
    "top": ("Poin hilang terbanyak", "Most points lost"),
    "rank": ("Peringkat", "Rank"),
    "indicator": ("Indikator", "Indicator"),
    "indicator_name": ("Nama Indikator", "Indicator name"),
    "points": ("Poin hilang", "Points lost"),
    "title": (
        "Hasil Penilaian Penyelenggaraan Pelayanan Publik",
        "Public Service Assessment — Results",
    ),
    "rubric": (
        "Rubrik: {title} ({id}, versi {version})",
        "Rubric: {title} ({id}, version {version})",
    ),
    "synthetic": (
        "PERINGATAN: DATA SINTETIS — bukan hasil penilaian resmi Ombudsman RI",
        "WARNING: SYNTHETIC DATA — not an official Ombudsman RI result",
    ),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
}
"""Column labels and fixed texts of the report files, Indonesian and English."""


def label(key: str, lang: Language, **params: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``params``."""
    template = LABELS[key][0 if lang == "id" else 1]
    return template.format(**params) if params else template


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
