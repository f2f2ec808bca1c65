"""Plain-text tables of a scored round, in Bahasa Indonesia (default) or English."""

from __future__ import annotations

from decimal import Decimal

from .errors import Language
from .results import RoundResult

__all__ = ["format_result"]

_WORDS = {
    "id": {
        "unit": "Unit layanan",
        "entity": "Instansi",
        "score": "Nilai",
        "zone": "Zona",
        "grade": "Kategori",
        "label": "Opini",
        "complete": "Kelengkapan",
        "lost": "Kehilangan poin terbesar",
        "rubric": "Rubrik",
        "synthetic": "PERHATIAN: data sintetis (contoh), bukan hasil resmi.",
        "none": "–",
        "assumed": "angka dalam rubrik ini asumsi (bukan angka resmi); lihat rubric.assumptions()",
    },
    "en": {
        "unit": "Service unit",
        "entity": "Entity",
        "score": "Score",
        "zone": "Zone",
        "grade": "Grade",
        "label": "Opinion",
        "complete": "Completeness",
        "lost": "Largest points lost",
        "rubric": "Rubric",
        "synthetic": "NOTE: synthetic (example) data, not an official result.",
        "none": "-",
        "assumed": "numbers in this rubric are assumed (not official); see rubric.assumptions()",
    },
}


def _cell(value: object, none: str) -> str:
    if value is None:
        return none
    if isinstance(value, Decimal):
        return f"{value}"
    return str(getattr(value, "value", value))


def _render(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def format_result(result: RoundResult, lang: Language = "id", top_lost: int = 3) -> str:
    """Units, then entities: score, zone, grade, opinion, completeness, largest points lost."""
    w = _WORDS[lang]
    none = w["none"]
    model = result.model()
    out = [f"{w['rubric']}: {model.rubric.id} — {model.rubric.title}"]
    if model.round_title:
        out.append(model.round_title)
    if model.synthetic:
        out.append(w["synthetic"])
    out.append("")
    label_en = lang == "en"
    unit_rows = []
    for u in model.units:
        label = u.label
        if label_en and u.zone is not None:
            band = _band_label_en(result, u.score)
            label = band or label
        lost = ", ".join(f"{k} {v}" for k, v in list(u.points_lost.items())[:top_lost])
        unit_rows.append(
            [
                u.name,
                _cell(u.score, none),
                _cell(u.zone, none),
                _cell(u.grade, none),
                _cell(label, none),
                f"{u.completeness.assessed}/{u.completeness.applicable}",
                lost or none,
            ]
        )
    out += _render(
        [w["unit"], w["score"], w["zone"], w["grade"], w["label"], w["complete"], w["lost"]],
        unit_rows,
        {1},
    )
    out.append("")
    entity_rows = []
    for e in model.entities:
        label = e.label
        if label_en and e.zone is not None:
            label = _band_label_en(result, e.score) or label
        entity_rows.append(
            [
                e.name,
                _cell(e.score, none),
                _cell(e.zone, none),
                _cell(e.grade, none),
                _cell(label, none),
                f"{e.units_scored}/{len(e.units)}",
            ]
        )
    out += _render(
        [w["entity"], w["score"], w["zone"], w["grade"], w["label"], w["complete"]],
        entity_rows,
        {1},
    )
    if model.assumptions:
        out += ["", f"{len(model.assumptions)} {w['assumed']}"]
    return "\n".join(out)


def _band_label_en(result: RoundResult, score: Decimal | None) -> str | None:
    if score is None or result._columns is None:
        return None
    c = result.columns
    for band in c.bands:
        if band.lower <= score <= band.upper:
            return band.label_en
    return None
