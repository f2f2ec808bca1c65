"""Every text of the rapor (HTML and PDF) in Bahasa Indonesia and English: the "rapor"
namespace of :mod:`kepatuhan.catalog`. Column labels shared with the results workbook come
from :data:`kepatuhan.report_view.LABELS`; these are the rapor's own.
"""

from __future__ import annotations

from collections.abc import Mapping

from .catalog import Language, Message
from .vocab import EntityKind, UnitType

__all__ = ["TEXTS", "kind_name", "t", "unit_type_name"]

TEXTS: Mapping[str, Message] = {
    # Document
    "title": Message(en="Public Service Compliance Rapor", id="Rapor Kepatuhan Pelayanan Publik"),
    "title_summary": Message(
        en="Public Service Compliance — Summary", id="Ringkasan Kepatuhan Pelayanan Publik"
    ),
    "scope_national": Message(en="all entities of the round", id="seluruh instansi penilaian"),
    "scope_province": Message(en="province {province}", id="provinsi {province}"),
    "disclaimer": Message(
        en="Own calculation, not an official result", id="Perhitungan mandiri, bukan hasil resmi"
    ),
    "generated": Message(en="Computed with {generator}", id="Dihitung dengan {generator}"),
    # Header facts
    "fact_rubric": Message(en="Rubric", id="Rubrik"),
    "fact_year": Message(en="Year", id="Tahun"),
    "fact_basis": Message(en="Legal basis", id="Dasar hukum"),
    "fact_round": Message(en="Round", id="Penilaian"),
    "fact_kind": Message(en="Kind", id="Jenis"),
    "fact_province": Message(en="Province", id="Provinsi"),
    "fact_entity": Message(en="Entity", id="Instansi"),
    "fact_unit_type": Message(en="Unit type", id="Jenis unit"),
    "level_entity": Message(en="Entity rapor", id="Rapor instansi"),
    "level_unit": Message(en="Unit rapor", id="Rapor unit layanan"),
    # Headline
    "score": Message(en="Score", id="Nilai"),
    "grade": Message(en="Grade", id="Kategori"),
    "zone": Message(en="Zone", id="Zona"),
    "zone_named": Message(en="{zone} zone", id="Zona {zone}"),
    "opinion": Message(en="Opinion", id="Opini"),
    "no_score": Message(en="no score", id="tidak bernilai"),
    "none": Message(en="–", id="–"),
    "qualifier_yes": Message(
        en="{qualifier}: yes — no oversight product issued to it is left without follow-up",
        id="{qualifier}: ya — tidak ada produk pengawasan yang belum ditindaklanjuti",
    ),
    "qualifier_no": Message(
        en="{qualifier}: no — oversight products not followed up: {products}",
        id="{qualifier}: tidak — produk pengawasan belum ditindaklanjuti: {products}",
    ),
    "qualifier_undecided": Message(
        en="{qualifier}: undecided — the round records no oversight products",
        id="{qualifier}: belum dapat ditentukan — penilaian tidak mencatat produk pengawasan",
    ),
    "awarded": Message(
        en="Awarded the Ombudsman opinion (grade {grades})",
        id="Dianugerahi Opini Ombudsman (kategori {grades})",
    ),
    "rank": Message(
        en="Rank {rank} of {count} ({kind}) in this round",
        id="Peringkat {rank} dari {count} ({kind}) dalam penilaian ini",
    ),
    "rank_province": Message(
        en="Rank {rank} of {count} in {province}", id="Peringkat {rank} dari {count} di {province}"
    ),
    # Sections
    "sec_dimensions": Message(en="Dimensions", id="Dimensi"),
    "sec_units": Message(en="Service units", id="Unit layanan"),
    "sec_lost": Message(en="Most points lost", id="Catatan kekurangan: poin hilang terbanyak"),
    "sec_plan": Message(en="Path to {target}", id="Jalan menuju {target}"),
    "sec_comparison": Message(
        en="Compared with the earlier round", id="Dibandingkan penilaian lalu"
    ),
    "sec_uncertainty": Message(en="Sampling uncertainty", id="Ketidakpastian sampel"),
    "sec_completeness": Message(en="Completeness", id="Kelengkapan data"),
    "sec_assumptions": Message(
        en="Assumptions of the rubric behind this score",
        id="Asumsi rubrik yang memengaruhi nilai ini",
    ),
    "sec_bands": Message(en="Bands of {year}", id="Rentang nilai {year}"),
    "sec_counts_kind": Message(en="Zones by entity kind", id="Zona menurut jenis instansi"),
    "sec_counts_province": Message(en="Zones by province", id="Zona menurut provinsi"),
    "sec_grades_kind": Message(en="Grades by entity kind", id="Kategori menurut jenis instansi"),
    "sec_ranking": Message(en="Ranking", id="Peringkat"),
    "sec_near_edge": Message(en="Entities near a band edge", id="Instansi di dekat batas rentang"),
    # Columns
    "col_code": Message(en="Code", id="Kode"),
    "col_name": Message(en="Name", id="Nama"),
    "col_unit": Message(en="Unit", id="Unit"),
    "col_type": Message(en="Type", id="Jenis"),
    "col_kind": Message(en="Kind", id="Jenis"),
    "col_province": Message(en="Province", id="Provinsi"),
    "col_dimension": Message(en="Dimension", id="Dimensi"),
    "col_weight": Message(en="Weight", id="Bobot"),
    "col_contribution": Message(en="Contribution", id="Kontribusi"),
    "col_label": Message(en="Opinion", id="Opini"),
    "col_assessed": Message(en="Indicators assessed", id="Indikator dinilai"),
    "col_indicator": Message(en="Indicator", id="Indikator"),
    "col_points": Message(en="Points lost", id="Poin hilang"),
    "col_indicator_score": Message(en="Indicator score", id="Nilai indikator"),
    "col_from_to": Message(en="Answer from → to", id="Jawaban dari → ke"),
    "col_gain": Message(en="Points gained", id="Tambahan poin"),
    "col_cumulative": Message(en="Score so far", id="Nilai sejauh ini"),
    "col_before": Message(en="Earlier", id="Sebelumnya"),
    "col_after": Message(en="Now", id="Sekarang"),
    "col_change": Message(en="Change", id="Perubahan"),
    "col_respondents": Message(
        en="Respondents (collected/required)", id="Responden (terkumpul/diminta)"
    ),
    "col_missing": Message(en="Not assessed", id="Belum dinilai"),
    "col_what": Message(en="What", id="Apa"),
    "col_value": Message(en="Assumed value", id="Nilai asumsi"),
    "col_reason": Message(en="Why", id="Alasan"),
    "col_range": Message(en="Range", id="Rentang"),
    "col_rank": Message(en="Rank", id="Peringkat"),
    "col_count": Message(en="Entities", id="Instansi"),
    "col_total": Message(en="Total", id="Jumlah"),
    "col_chance": Message(en="Chance", id="Peluang"),
    "col_interval": Message(en="Interval ({level})", id="Rentang ({level})"),
    "col_entity": Message(en="Entity", id="Instansi"),
    # Lines
    "role_count": Message(en="{role} {collected}/{required}", id="{role} {collected}/{required}"),
    "role_short": Message(
        en="{role} {collected}/{required} (short)", id="{role} {collected}/{required} (kurang)"
    ),
    "completeness_line": Message(
        en="{assessed} of {applicable} applicable indicators assessed; respondents: {respondents}",
        id="{assessed} dari {applicable} indikator yang berlaku telah dinilai; responden: "
        "{respondents}",
    ),
    "no_lost": Message(en="No points lost.", id="Tidak ada poin yang hilang."),
    "lost_note": Message(
        en="Points the score lost at each indicator (the {count} largest), on the 0–100 scale.",
        id="Poin yang hilang dari nilai pada setiap indikator ({count} terbesar), skala 0–100.",
    ),
    "plan_head": Message(
        en="Target {target} (score {threshold}) from {before}: {count} steps reach {after} "
        "({label}).",
        id="Sasaran {target} (nilai {threshold}) dari {before}: {count} langkah mencapai "
        "{after} ({label}).",
    ),
    "plan_already": Message(
        en="Already at {target}: score {score} (needs {threshold}).",
        id="Sudah mencapai {target}: nilai {score} (perlu {threshold}).",
    ),
    "plan_unreachable": Message(
        en="{target} cannot be reached: the best plan gives {maximum} (needs {threshold}).",
        id="{target} tidak dapat dicapai: rencana terbaik memberi {maximum} (perlu {threshold}).",
    ),
    "plan_unanswered": Message(
        en="Left out of the plan: {count} cells without an answer ({cells}).",
        id="Tidak termasuk rencana: {count} sel tanpa jawaban ({cells}).",
    ),
    "plan_figure_units": Message(
        en="Left out of the plan: units given as dimension figures ({units}).",
        id="Tidak termasuk rencana: unit yang diberikan sebagai angka dimensi ({units}).",
    ),
    "comparison_line": Message(
        en="Earlier {before} ({before_band}) → now {after} ({after_band}): change {total}.",
        id="Sebelumnya {before} ({before_band}) → sekarang {after} ({after_band}): "
        "perubahan {total}.",
    ),
    "comparison_split": Message(
        en="Of the change, {method} comes from the change of rubric ({before_rubric} → "
        "{after_rubric}) and {real} from the answers.",
        id="Dari perubahan itu, {method} berasal dari pergantian rubrik ({before_rubric} → "
        "{after_rubric}) dan {real} dari jawaban.",
    ),
    "comparison_none": Message(
        en="No earlier result is paired with {code}.",
        id="Tidak ada hasil sebelumnya yang dipasangkan dengan {code}.",
    ),
    "uncertainty_line": Message(
        en="{chance}; {level} interval {lower}–{upper} ({draws} draws, {method}).",
        id="{chance}; rentang {level} {lower}–{upper} ({draws} tarikan, {method}).",
    ),
    "uncertainty_none": Message(
        en="{code} is not in the uncertainty result.",
        id="{code} tidak ada dalam hasil ketidakpastian.",
    ),
    "near_edge_note": Message(
        en="Entities whose most likely band has a chance below {threshold} ({draws} draws).",
        id="Instansi yang peluang kategori paling mungkinnya di bawah {threshold} "
        "({draws} tarikan).",
    ),
    "near_edge_none": Message(
        en="No entity is near a band edge.", id="Tidak ada instansi di dekat batas rentang."
    ),
    "near_edge_not_computed": Message(
        en="Not computed: give the sampling uncertainty (kp.uncertainty) to list the entities "
        "near a band edge.",
        id="Tidak dihitung: berikan ketidakpastian sampel (kp.uncertainty) untuk mendaftar "
        "instansi di dekat batas rentang.",
    ),
    "assumptions_note": Message(
        en="{count} of the rubric's numbers or rules are assumed (the official figure is not "
        "public); those that enter this score:",
        id="{count} angka atau aturan rubrik berupa asumsi (angka resminya tidak "
        "dipublikasikan); yang masuk ke nilai ini:",
    ),
    "assumptions_none": Message(
        en="No assumed number of the rubric enters this score.",
        id="Tidak ada angka asumsi rubrik yang masuk ke nilai ini.",
    ),
    "chart_dimensions": Message(
        en="Dimension scores against the band edges", id="Nilai dimensi terhadap batas rentang"
    ),
    "chart_score": Message(en="score (0–100)", id="nilai (0–100)"),
    "chart_total": Message(en="total {score}", id="total {score}"),
    "chart_count": Message(en="entities", id="instansi"),
    "zone_none": Message(en="no score", id="tanpa nilai"),
    "units_count": Message(
        en="{scored} of {count} units scored", id="{scored} dari {count} unit dinilai"
    ),
    "page_of": Message(en="page", id="halaman"),
}
"""Texts of the rapor (the "rapor" namespace of kepatuhan.catalog)."""

KIND_NAMES: Mapping[EntityKind, Message] = {
    EntityKind.KEMENTERIAN: Message(en="ministry", id="kementerian"),
    EntityKind.LEMBAGA: Message(en="agency", id="lembaga"),
    EntityKind.PEMPROV: Message(en="provincial government", id="pemerintah provinsi"),
    EntityKind.PEMKAB: Message(en="regency government", id="pemerintah kabupaten"),
    EntityKind.PEMKOT: Message(en="city government", id="pemerintah kota"),
}
"""Entity kinds in words (the "entity_kind" namespace)."""

UNIT_TYPE_NAMES: Mapping[UnitType, Message] = {
    UnitType.OPD: Message(en="regional office (OPD)", id="OPD"),
    UnitType.UPT: Message(en="technical unit (UPT)", id="UPT"),
    UnitType.PUSKESMAS: Message(en="community health centre", id="Puskesmas"),
    UnitType.RSUD: Message(en="regional hospital", id="RSUD"),
    UnitType.KANTOR_VERTIKAL: Message(en="vertical office", id="instansi vertikal"),
}
"""Unit types in words (the "unit_type" namespace)."""


def t(key: str, lang: Language, /, **params: object) -> str:
    """The rapor text ``key`` in ``lang``."""
    return TEXTS[key].text(lang, **params)


def kind_name(kind: EntityKind, lang: Language) -> str:
    return KIND_NAMES[kind].text(lang)


def unit_type_name(unit_type: UnitType, lang: Language) -> str:
    return UNIT_TYPE_NAMES[unit_type].text(lang)
