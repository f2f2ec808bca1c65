"""Every text of the web app's pages (``kepatuhan serve``), in Bahasa Indonesia and English:
the "web" namespace of :mod:`kepatuhan.catalog`.

Kept outside the ``kepatuhan.web`` package, which needs the ``serve`` extra to import, so
that the catalog (and its test) reads every namespace without FastAPI installed.
"""

from __future__ import annotations

from collections.abc import Mapping

from .catalog import Message

__all__ = ["TEXTS"]

TEXTS: Mapping[str, Message] = {
    "app_title": Message(
        en="kepatuhan — compliance assessment", id="kepatuhan — penilaian kepatuhan"
    ),
    "lang_switch": Message(en="Bahasa Indonesia", id="English"),
    "synthetic": Message(
        en="SYNTHETIC DATA — not an official Ombudsman RI result",
        id="DATA SINTETIS — bukan hasil penilaian resmi Ombudsman RI",
    ),
    "home": Message(en="Start", id="Beranda"),
    # Step 1: the template.
    "template_heading": Message(
        en="1. Download the form for a rubric", id="1. Unduh formulir untuk satu rubrik"
    ),
    "template_intro": Message(
        en="Choose the year's rubric, download its Excel form, and fill it in.",
        id="Pilih rubrik tahun penilaian, unduh formulir Excel-nya, lalu isi.",
    ),
    "rubric": Message(en="Rubric", id="Rubrik"),
    "rubric_from_file": Message(
        en="as the file says (needed for CSV)", id="sesuai berkas (wajib untuk CSV)"
    ),
    "download_template": Message(en="Download the form (.xlsx)", id="Unduh formulir (.xlsx)"),
    # Step 2: the upload.
    "upload_heading": Message(
        en="2. Upload the filled-in files", id="2. Unggah berkas yang sudah diisi"
    ),
    "upload_intro": Message(
        en="One or more workbooks (.xlsx), CSV or JSON files; several files are joined into "
        "one round. At most {files} files and {megabytes} MB in all.",
        id="Satu atau beberapa buku kerja (.xlsx), berkas CSV atau JSON; beberapa berkas "
        "digabung menjadi satu penilaian. Paling banyak {files} berkas dan {megabytes} MB.",
    ),
    "files": Message(en="Files", id="Berkas"),
    "score_button": Message(en="Check and score", id="Periksa dan hitung nilai"),
    "example_button": Message(
        en="Or try the bundled example (synthetic answers)",
        id="Atau coba contoh bawaan (jawaban sintetis)",
    ),
    # Step 3: SKM.
    "skm_heading": Message(
        en="SKM: satisfaction index from a survey sheet",
        id="SKM: indeks kepuasan dari lembar survei",
    ),
    "skm_intro": Message(
        en="A survey sheet as agencies keep it: one row per respondent, columns U1…Un.",
        id="Lembar survei seperti yang disimpan instansi: satu baris per responden, kolom U1…Un.",
    ),
    "skm_unit": Message(
        en="Unit code (for rows without a unit)", id="Kode unit (untuk baris tanpa unit)"
    ),
    "skm_button": Message(en="Compute the SKM index", id="Hitung indeks SKM"),
    "skm_result": Message(en="SKM index", id="Indeks SKM"),
    "skm_index": Message(en="Index", id="Indeks"),
    "skm_converted": Message(en="Converted (25–100)", id="Nilai konversi (25–100)"),
    "skm_quality": Message(en="Service quality", id="Mutu pelayanan"),
    "skm_performance": Message(en="Unit performance", id="Kinerja unit"),
    "respondents": Message(en="Respondents", id="Responden"),
    # Problems.
    "problems_heading": Message(
        en="The files have {count} problem(s)", id="Berkas memuat {count} masalah"
    ),
    "problems_intro": Message(
        en="Nothing was scored. Correct each cell below and upload again.",
        id="Belum ada yang dinilai. Perbaiki setiap sel di bawah lalu unggah lagi.",
    ),
    "location": Message(en="Where", id="Letak"),
    "problem": Message(en="Problem", id="Masalah"),
    "code": Message(en="Code", id="Kode"),
    "back": Message(en="Back to the start", id="Kembali ke awal"),
    # Results.
    "results_heading": Message(en="Results", id="Hasil penilaian"),
    "results_intro": Message(
        en="{entities} entities, {units} units, {answers} answers; rubric {rubric}.",
        id="{entities} instansi, {units} unit, {answers} jawaban; rubrik {rubric}.",
    ),
    "entities_heading": Message(en="Entities", id="Instansi"),
    "units_heading": Message(en="Units", id="Unit layanan"),
    "sort_by": Message(en="Sort by {column}", id="Urutkan menurut {column}"),
    "actions": Message(en="Rapor and plan", id="Rapor dan rencana"),
    "rapor_html": Message(en="Rapor (HTML)", id="Rapor (HTML)"),
    "rapor_pdf": Message(en="Rapor (PDF)", id="Rapor (PDF)"),
    "plan_button": Message(en="Plan to green", id="Rencana ke hijau"),
    "download_heading": Message(en="Download the results", id="Unduh hasil"),
    "download_xlsx": Message(en="Workbook (.xlsx)", id="Buku kerja (.xlsx)"),
    "download_csv": Message(en="Table (.csv)", id="Tabel (.csv)"),
    "download_json": Message(en="Data (.json)", id="Data (.json)"),
    "stateless_note": Message(
        en="Nothing is kept on the server: this page carries the round to the buttons below.",
        id="Tidak ada yang disimpan di server: halaman ini membawa data penilaian ke tombol "
        "di bawah.",
    ),
    "no_score": Message(en="not scored", id="tidak dinilai"),
    # The plan.
    "plan_heading": Message(
        en="Plan to {target} for {name}", id="Rencana menuju {target} untuk {name}"
    ),
    "plan_reached": Message(
        en="{before} → {after} ({zone}, grade {grade}) with {steps} change(s)",
        id="{before} → {after} ({zone}, kategori {grade}) dengan {steps} perubahan",
    ),
    "plan_already": Message(en="Already there: {before}.", id="Sudah tercapai: {before}."),
    "plan_unreachable": Message(
        en="Not reachable: the highest score any plan reaches is {maximum}.",
        id="Tidak dapat dicapai: nilai tertinggi yang dapat dicapai adalah {maximum}.",
    ),
    "unit": Message(en="Unit", id="Unit"),
    "indicator": Message(en="Indicator", id="Indikator"),
    "answer_from_to": Message(en="Answer: from → to", id="Jawaban: dari → menjadi"),
    "points": Message(en="Points", id="Poin"),
    "cumulative": Message(en="Score after", id="Nilai setelahnya"),
    # Errors shown as a page.
    "error_heading": Message(en="Something went wrong", id="Terjadi kesalahan"),
}
"""The web pages' texts (templates use :meth:`str.format`)."""
