"""Every user-facing string of the command line, in Bahasa Indonesia (default) and English.

Kept apart from the commands so that a translation is one table to read, and so that the
language can be chosen (``--lang``, ``KEPATUHAN_LANG``) before typer builds the help pages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from ..errors import Language
from ..vocab import Confidence, RespondentRole, Zone

__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "LANG_ENV",
    "choose_lang",
    "confidence_name",
    "count",
    "role_name",
    "text",
    "zone_name",
]

LANG_ENV = "KEPATUHAN_LANG"
LANGUAGES: tuple[Language, ...] = ("id", "en")
DEFAULT_LANG: Language = "id"

# key -> (English, Indonesian); templates use str.format.
MESSAGES: Mapping[str, tuple[str, str]] = {
    # Help pages -------------------------------------------------------------------------------
    "help.app": (
        "Score the Ombudsman RI public-service compliance assessment (Opini Ombudsman).",
        "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik Ombudsman RI (Opini Ombudsman).",
    ),
    "help.lang": (
        "Output language: id (Bahasa Indonesia) or en.",
        "Bahasa keluaran: id (Bahasa Indonesia) atau en.",
    ),
    "help.version": ("Print the version and exit.", "Cetak versi lalu keluar."),
    "help.rubrics": (
        "List the registered rubrics, or show one: tree, weights, scales, zones, assumptions.",
        "Daftar rubrik terdaftar, atau rincian satu rubrik: pohon, bobot, skala, zona, asumsi.",
    ),
    "help.rubric_id": ("Rubric id, e.g. ombudsman-2024.", "Id rubrik, mis. ombudsman-2024."),
    "help.template": (
        "Write an empty Excel form for a rubric, to fill in and score.",
        "Tulis formulir Excel kosong untuk satu rubrik, untuk diisi lalu dinilai.",
    ),
    "help.template_out": ("The .xlsx file to write.", "Berkas .xlsx yang ditulis."),
    "help.score": (
        "Score an assessment round (xlsx, csv or json file) and print or save the result.",
        "Hitung nilai satu penilaian (berkas xlsx, csv atau json), lalu cetak atau simpan.",
    ),
    "help.file": ("The filled-in round.", "Berkas penilaian yang sudah diisi."),
    "help.files": (
        "One or more filled-in rounds (xlsx, csv or json), or folders: a folder means every "
        ".xlsx, .csv and .json file directly in it, sorted by name (not its subfolders; "
        "hidden files and Excel's ~$ lock files are skipped). Several files are joined into "
        "one round: an entity may recur with the identical record, a unit code may not.",
        "Satu atau beberapa berkas penilaian (xlsx, csv atau json), atau folder: folder berarti "
        "setiap berkas .xlsx, .csv dan .json langsung di dalamnya, urut nama (tanpa subfolder; "
        "berkas tersembunyi dan berkas kunci Excel ~$ dilewati). Beberapa berkas digabung "
        "menjadi satu penilaian: instansi boleh berulang dengan data yang sama persis, kode "
        "unit tidak.",
    ),
    "help.check": (
        "Check a filled-in file without scoring it: every problem with its cell, and which "
        "units still have applicable indicators without an answer.",
        "Periksa berkas yang sudah diisi tanpa menghitung nilai: setiap masalah beserta selnya, "
        "dan unit mana yang masih memiliki indikator berlaku yang belum dinilai.",
    ),
    "help.convert": (
        "Check a filled-in file and write the same round in another format (xlsx, csv, json): "
        "a CSV export of a survey tool to the Excel form, a workbook to JSON for other tools.",
        "Periksa berkas yang sudah diisi lalu tulis penilaian yang sama dalam format lain (xlsx, "
        "csv, json): ekspor CSV aplikasi survei ke formulir Excel, buku kerja ke JSON untuk "
        "aplikasi lain.",
    ),
    "help.convert_out": (
        "The file to write; its suffix (.xlsx, .csv, .json) gives the format.",
        "Berkas yang ditulis; akhiran namanya (.xlsx, .csv, .json) menentukan formatnya.",
    ),
    "help.check_strict": (
        "Exit 1 if any applicable indicator has no answer (the strict missing-data policy).",
        "Keluar dengan kode 1 bila ada indikator berlaku yang belum dinilai (kebijakan strict).",
    ),
    "help.example": (
        "Score the bundled example round (Kota Pagar Alam, synthetic data).",
        "Hitung contoh bawaan (Kota Pagar Alam, data sintetis).",
    ),
    "help.score_rubric": (
        "Rubric to score with (default: the one the file names).",
        "Rubrik penilai (bawaan: rubrik yang disebut berkas).",
    ),
    "help.format": (
        "Output: table (default), {formats}. With -o, guessed from the file suffix.",
        "Keluaran: table (bawaan), {formats}. Dengan -o, ditebak dari akhiran berkas.",
    ),
    "help.out": (
        "Write to this file instead of printing.",
        "Tulis ke berkas ini, bukan ke layar.",
    ),
    "help.force": (
        "Replace the output file if it exists (an input file is never replaced).",
        "Ganti berkas keluaran bila sudah ada (berkas masukan tidak pernah diganti).",
    ),
    "help.missing": (
        "Indicators not assessed: exclude (rubric default), zero, or strict (refuse).",
        "Indikator belum dinilai: exclude (bawaan rubrik), zero, atau strict (tolak).",
    ),
    "help.classify": (
        "Zone, grade and opinion of a score (rounded half-up first).",
        "Zona, kategori dan opini suatu nilai (dibulatkan setengah ke atas dulu).",
    ),
    "help.score_value": (
        "The score, on the rubric's range (0–100 for the Ombudsman assessments).",
        "Nilai, dalam rentang rubrik (0–100 untuk penilaian Ombudsman).",
    ),
    "help.schema": (
        "Print the JSON Schema of a round file or of a result.",
        "Cetak JSON Schema berkas penilaian atau hasil.",
    ),
    "help.schema_name": (
        "round or result (default: both, by name).",
        "round atau result (bawaan: keduanya, menurut nama).",
    ),
    "help.skm": (
        "Public satisfaction survey (SKM/IKM) of a round scored with skm-2017 or skm-2004: "
        "NRR per unsur, index 1–4, converted index and mutu, under the convention you choose.",
        "Survei Kepuasan Masyarakat (SKM/IKM) dari berkas dengan rubrik skm-2017 atau skm-2004: "
        "NRR per unsur, indeks 1–4, nilai konversi dan mutu, dengan konvensi yang dipilih.",
    ),
    "help.skm_weight": (
        "Weight of each unsur: exact (1/n, the regulation) or the printed decimal "
        "(0.111, 0.11, 0.071).",
        "Bobot tiap unsur: exact (1/n, sesuai peraturan) atau angka tercetak (0.111, 0.11, 0.071).",
    ),
    "help.skm_nrr": (
        "Round each NRR to this many decimals first.",
        "Bulatkan tiap NRR ke sekian desimal dulu.",
    ),
    "help.skm_index": (
        "Round the 1–4 index to this many decimals before ×25.",
        "Bulatkan indeks 1–4 ke sekian desimal sebelum ×25.",
    ),
    "help.skm_converted": (
        "Round the converted index to this many decimals before grading.",
        "Bulatkan nilai konversi ke sekian desimal sebelum menentukan mutu.",
    ),
    "help.skm_grading": (
        "Which table gives the mutu of each unsur and unit: converted (the value ×25 on the "
        "converted table), index (the 1–4 value on the 1–4 table) or index-2dp (the 1–4 value "
        "rounded to 2 decimals, as agencies print it).",
        "Tabel yang menentukan mutu tiap unsur dan unit: converted (nilai ×25 pada tabel nilai "
        "konversi), index (nilai 1–4 pada tabel 1–4) atau index-2dp (nilai 1–4 dibulatkan 2 "
        "desimal, seperti yang dicetak instansi).",
    ),
    "help.skm_format": ("Output: table (default) or json.", "Keluaran: table (bawaan) atau json."),
    "skm.convention": ("Convention", "Konvensi"),
    "skm.respondents": ("Respondents", "Responden"),
    "skm.index": ("Index (1–4)", "Indeks (1–4)"),
    "skm.converted": ("IKM (25–100)", "IKM (25–100)"),
    "skm.mutu": ("Mutu", "Mutu"),
    "skm.kinerja": ("Performance", "Kinerja unit"),
    "skm.unsur": ("NRR per unsur — {unit}", "NRR per unsur — {unit}"),
    "skm.nrr": ("NRR", "NRR"),
    "skm.name": ("Unsur", "Unsur"),
    # Result tables ----------------------------------------------------------------------------
    "unit": ("Service unit", "Unit layanan"),
    "entity": ("Entity", "Instansi"),
    "score": ("Score", "Nilai"),
    "zone": ("Zone", "Zona"),
    "grade": ("Grade", "Kategori"),
    "label": ("Opinion", "Opini"),
    "quality": ("Quality", "Mutu"),
    "awarded": ("Awarded", "Dianugerahi"),
    "yes": ("yes", "ya"),
    "no": ("no", "tidak"),
    "outstanding": (
        "{entity}: oversight products not followed up: {products}",
        "{entity}: produk pengawasan belum ditindaklanjuti: {products}",
    ),
    "complete": ("Completeness", "Kelengkapan"),
    "lost": ("Largest points lost", "Kehilangan poin terbesar"),
    "rubric": ("Rubric", "Rubrik"),
    "synthetic": (
        "NOTE: synthetic (example) data, not an official result.",
        "PERHATIAN: data sintetis (contoh), bukan hasil resmi.",
    ),
    "assumed_note": (
        "{count} numbers in this rubric are assumed (not official): kepatuhan rubrics {id}",
        "{count} angka dalam rubrik ini asumsi (bukan angka resmi): kepatuhan rubrics {id}",
    ),
    "none": ("-", "–"),
    "no_units": ("The round has no service units.", "Penilaian ini tidak berisi unit layanan."),
    # Rubrics ----------------------------------------------------------------------------------
    "id": ("Id", "Id"),
    "year": ("Year", "Tahun"),
    "title": ("Title", "Judul"),
    "legal_basis": ("Legal basis", "Dasar hukum"),
    "plugin": ("Plugin", "Plugin"),
    "rubrics_title": ("Registered rubrics", "Rubrik terdaftar"),
    "sources": ("Sources", "Sumber"),
    "tree": ("Tree (weight as a share of its siblings)", "Pohon (bobot sebagai bagian saudaranya)"),
    "scale": ("scale", "skala"),
    "bands": ("Zoning bands", "Rentang zona"),
    "range": ("Range", "Rentang"),
    "assumptions": ("Assumed numbers", "Angka asumsi"),
    "where": ("Where", "Letak"),
    "what": ("What", "Apa"),
    "value": ("Value", "Nilai"),
    "reason": ("Reason", "Alasan"),
    "provenance_count": (
        "Provenance of {total} numbers: {official} official, {reported} reported, {assumed} "
        "assumed",
        "Asal {total} angka: {official} resmi, {reported} dilaporkan, {assumed} asumsi",
    ),
    "missing_policy": ("Missing data", "Data belum dinilai"),
    "scale_range": ("Score range", "Rentang nilai"),
    "band_label": ("band label", "label rentang"),
    "opinion_rule": (
        "{pattern}; awarded to grade {grades}",
        "{pattern}; dianugerahkan untuk kategori {grades}",
    ),
    # Check ------------------------------------------------------------------------------------
    "check.valid": (
        "{name} is valid for {id} ({title}).",
        "{name} sah untuk rubrik {id} ({title}).",
    ),
    "check.counts": (
        "Entities: {entities} · service units: {units} · answers: {answers}",
        "Instansi: {entities} · unit layanan: {units} · jawaban: {answers}",
    ),
    "check.complete": (
        "Every applicable indicator of every unit has an answer.",
        "Setiap indikator yang berlaku di setiap unit sudah dinilai.",
    ),
    "check.incomplete": (
        "{complete} of {units} units complete; these have applicable indicators without an answer:",
        "{complete} dari {units} unit lengkap; unit berikut masih memiliki indikator berlaku yang "
        "belum dinilai:",
    ),
    "check.not_recorded": (
        "Oversight products are not recorded: the '{qualifier}' qualifier cannot be decided "
        "(fill in the Produk Pengawasan sheet, with yes in B1 even when none was issued).",
        "Produk pengawasan belum dicatat: keterangan '{qualifier}' belum dapat ditentukan (isi "
        "lembar Produk Pengawasan, dengan ya di B1 walaupun tidak ada produk yang diterbitkan).",
    ),
    "check.outstanding": (
        "{entity}: {count} oversight product(s) not followed up ({refs}); until they are, "
        "the opinion is given without '{qualifier}'.",
        "{entity}: {count} produk pengawasan belum ditindaklanjuti ({refs}); selama belum "
        "ditindaklanjuti, opini diberikan tanpa keterangan '{qualifier}'.",
    ),
    "check.followed_up": (
        "No oversight product is outstanding ('{qualifier}' is not withheld).",
        "Tidak ada produk pengawasan yang belum ditindaklanjuti (keterangan '{qualifier}' "
        "tidak tertahan).",
    ),
    "check.respondents_short": (
        "{units} unit(s) have fewer respondents than the rubric asks (the answers still "
        "score; the figures rest on fewer people):",
        "{units} unit memiliki responden lebih sedikit daripada yang diminta rubrik (jawaban "
        "tetap dinilai; angkanya bertumpu pada lebih sedikit orang):",
    ),
    "check.role": ("Respondent role", "Peran responden"),
    "check.respondents": ("Collected / required", "Terkumpul / diminta"),
    "check.more_rows": (
        "… and {count} more row(s) not shown ({total} in all).",
        "… dan {count} baris lagi tidak ditampilkan ({total} seluruhnya).",
    ),
    "check.code": ("Code", "Kode"),
    "check.count": ("Not assessed", "Belum dinilai"),
    "check.indicators": ("Indicators", "Indikator"),
    "check.allowed": (
        "Missing-data policy '{policy}': the round can be scored; each unit's score then "
        "describes only what was assessed (see its completeness).",
        "Kebijakan data belum dinilai '{policy}': penilaian tetap dapat dihitung; nilai unit "
        "hanya menggambarkan indikator yang sudah dinilai (lihat kelengkapannya).",
    ),
    "check.refused": (
        "Missing-data policy '{policy}': the round cannot be scored until these are answered "
        "(or marked tidak_berlaku where they do not apply).",
        "Kebijakan data belum dinilai '{policy}': penilaian belum dapat dihitung sampai "
        "indikator ini diisi (atau ditandai tidak_berlaku bila memang tidak berlaku).",
    ),
    # Classify ---------------------------------------------------------------------------------
    "input_score": ("Score given", "Nilai masukan"),
    "rounded": ("Rounded (half-up)", "Dibulatkan (setengah ke atas)"),
    # Files, progress --------------------------------------------------------------------------
    "written": ("Written: {path}", "Ditulis: {path}"),
    "reading": ("Reading {name}", "Membaca {name}"),
    "check.joined": (
        "The round joined from {count} files ({names})",
        "Penilaian gabungan {count} berkas ({names})",
    ),
    "no_data_files": (
        "folder {folder} has no .xlsx, .csv or .json file",
        "folder {folder} tidak berisi berkas .xlsx, .csv atau .json",
    ),
    "scoring": ("Scoring", "Menghitung nilai"),
    # Errors -----------------------------------------------------------------------------------
    "error": ("error", "galat"),
    "plugin_skipped": (
        "warning: {problem} (the plugin was skipped)",
        "peringatan: {problem} (plugin dilewati)",
    ),
    "unknown_rubric": (
        "no rubric {id!r} is registered (known: {known})",
        "rubrik {id!r} tidak terdaftar (yang tersedia: {known})",
    ),
    "not_held": ("no assessment was held in {year}", "tidak ada penilaian pada tahun {year}"),
    "file_or_example": (
        "give a FILE or --example, not both",
        "beri FILE atau --example, bukan keduanya",
    ),
    "need_file": ("give a FILE to score, or --example", "beri FILE yang dinilai, atau --example"),
    "unknown_suffix": (
        "cannot tell the output format from {suffix!r}: give --format {formats}",
        "format keluaran tidak dikenali dari {suffix!r}: berikan --format {formats}",
    ),
    "wrong_suffix": (
        "{name} does not end in {suffixes}, the files this command writes",
        "{name} tidak berakhiran {suffixes}, berkas yang ditulis perintah ini",
    ),
    "suffix_mismatch": (
        "{name} does not end in {suffixes}: --format {format} writes those files",
        "{name} tidak berakhiran {suffixes}: --format {format} menulis berkas seperti itu",
    ),
    "xlsx_needs_out": (
        "--format {format} needs -o FILE (it cannot go to the terminal)",
        "--format {format} memerlukan -o BERKAS (tidak dapat dicetak ke layar)",
    ),
    "output_exists": (
        "{path} exists already: give --force to replace it",
        "{path} sudah ada: berikan --force untuk menggantinya",
    ),
    "output_is_input": (
        "{path} is an input file of this command: it is never written over",
        "{path} adalah berkas masukan perintah ini: berkas itu tidak pernah ditimpa",
    ),
    "unknown_schema": (
        "no schema {name!r} (known: {known})",
        "tidak ada skema {name!r} (yang tersedia: {known})",
    ),
    "os_error": ("cannot use {path}: {reason}", "tidak dapat memakai {path}: {reason}"),
    "missing_extra": (
        "the command needs the optional packages of kepatuhan[cli] ({module} is missing): "
        'pip install "kepatuhan[cli]"',
        "perintah ini memerlukan paket tambahan kepatuhan[cli] ({module} tidak ada): "
        'pip install "kepatuhan[cli]"',
    ),
}

ZONE_NAMES: Mapping[Zone, tuple[str, str]] = {
    Zone.MERAH: ("red", "merah"),
    Zone.KUNING: ("yellow", "kuning"),
    Zone.HIJAU: ("green", "hijau"),
    Zone.HITAM: ("black", "hitam"),
}

CONFIDENCE_NAMES: Mapping[Confidence, tuple[str, str]] = {
    Confidence.OFFICIAL: ("official", "resmi"),
    Confidence.REPORTED: ("reported", "dilaporkan"),
    Confidence.ASSUMED: ("assumed", "asumsi"),
}

ROLE_NAMES: Mapping[RespondentRole, tuple[str, str]] = {
    RespondentRole.PELAKSANA: ("service staff", "pelaksana"),
    RespondentRole.PENGGUNA_LAYANAN: ("service users", "pengguna layanan"),
    RespondentRole.PENGELOLA_PENGADUAN: ("complaint officers", "pengelola pengaduan"),
    RespondentRole.OBSERVASI: ("observation", "observasi"),
}


def _pick(pair: tuple[str, str], lang: Language) -> str:
    return pair[0] if lang == "en" else pair[1]


def text(key: str, lang: Language, /, **params: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``params``."""
    template = _pick(MESSAGES[key], lang)
    return template.format(**params) if params else template


def count(n: int, lang: Language) -> str:
    """A whole number: 1,636 in English; 1636 in Indonesian, where a separator would read
    as the decimal point that scores are printed with (1.636 is not "one thousand")."""
    return f"{n:,}" if lang == "en" else str(n)


def zone_name(zone: Zone, lang: Language) -> str:
    return _pick(ZONE_NAMES[zone], lang)


def confidence_name(confidence: Confidence, lang: Language) -> str:
    return _pick(CONFIDENCE_NAMES[confidence], lang)


def role_name(role: RespondentRole, lang: Language) -> str:
    return _pick(ROLE_NAMES[role], lang)


def choose_lang(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> Language:
    """The language the command line asks for: ``--lang`` in ``argv``, else the environment.

    Used only to pick the language of the help pages before typer parses ``argv``; typer
    still validates the option and the commands use what it parsed.
    """
    wanted = environ.get(LANG_ENV, DEFAULT_LANG)
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            wanted = argv[i + 1]
        elif arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
    return wanted if wanted in LANGUAGES else DEFAULT_LANG
