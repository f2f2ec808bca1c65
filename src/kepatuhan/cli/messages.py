"""Every user-facing string of the command line, in Bahasa Indonesia (default) and English.

Kept apart from the commands so that a translation is one table to read, and so that the
language can be chosen (``--lang``, ``KEPATUHAN_LANG``) before typer builds the help pages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from ..catalog import CONFIDENCE_NAMES, ROLE_NAMES, WORDS, ZONE_NAMES, Language, Message
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

# key -> its message in English and Indonesian (the "cli" namespace of kepatuhan.catalog);
# templates use str.format.
MESSAGES: Mapping[str, Message] = {
    # Help pages -------------------------------------------------------------------------------
    "help.app": Message(
        en="Score the Ombudsman RI public-service compliance assessment (Opini Ombudsman).",
        id="Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik Ombudsman RI (Opini Ombudsman).",
    ),
    "help.lang": Message(
        en="Output language: id (Bahasa Indonesia) or en.",
        id="Bahasa keluaran: id (Bahasa Indonesia) atau en.",
    ),
    "help.version": Message(en="Print the version and exit.", id="Cetak versi lalu keluar."),
    "help.rubrics": Message(
        en="List the registered rubrics, or show one: tree, weights, scales, zones, assumptions.",
        id="Daftar rubrik terdaftar, atau rincian satu rubrik: pohon, bobot, skala, zona, asumsi.",
    ),
    "help.rubric_id": Message(
        en="Rubric id, e.g. ombudsman-2024.",
        id="Id rubrik, mis. ombudsman-2024.",
    ),
    "help.template": Message(
        en="Write an empty Excel form for a rubric, to fill in and score.",
        id="Tulis formulir Excel kosong untuk satu rubrik, untuk diisi lalu dinilai.",
    ),
    "help.template_out": Message(en="The .xlsx file to write.", id="Berkas .xlsx yang ditulis."),
    "help.score": Message(
        en="Score an assessment round (xlsx, csv or json file) and print or save the result.",
        id="Hitung nilai satu penilaian (berkas xlsx, csv atau json), lalu cetak atau simpan.",
    ),
    "help.file": Message(en="The filled-in round.", id="Berkas penilaian yang sudah diisi."),
    "help.files": Message(
        en="One or more filled-in rounds (xlsx, csv or json), or folders: a folder means every "
        ".xlsx, .csv and .json file directly in it, sorted by name (not its subfolders; "
        "hidden files and Excel's ~$ lock files are skipped). Several files are joined into "
        "one round: an entity may recur with the identical record, a unit code may not.",
        id="Satu atau beberapa berkas penilaian (xlsx, csv atau json), atau folder: folder berarti "
        ""
        "setiap berkas .xlsx, .csv dan .json langsung di dalamnya, urut nama (tanpa subfolder; "
        "berkas tersembunyi dan berkas kunci Excel ~$ dilewati). Beberapa berkas digabung "
        "menjadi satu penilaian: instansi boleh berulang dengan data yang sama persis, kode "
        "unit tidak.",
    ),
    "help.check": Message(
        en="Check a filled-in file without scoring it: every problem with its cell, and which "
        "units still have applicable indicators without an answer.",
        id="Periksa berkas yang sudah diisi tanpa menghitung nilai: setiap masalah beserta selnya, "
        ""
        "dan unit mana yang masih memiliki indikator berlaku yang belum dinilai.",
    ),
    "help.convert": Message(
        en="Check a filled-in file and write the same round in another format (xlsx, csv, json): "
        "a CSV export of a survey tool to the Excel form, a workbook to JSON for other tools.",
        id="Periksa berkas yang sudah diisi lalu tulis penilaian yang sama dalam format lain "
        "(xlsx, "
        "csv, json): ekspor CSV aplikasi survei ke formulir Excel, buku kerja ke JSON untuk "
        "aplikasi lain.",
    ),
    "help.convert_out": Message(
        en="The file to write; its suffix (.xlsx, .csv, .json) gives the format.",
        id="Berkas yang ditulis; akhiran namanya (.xlsx, .csv, .json) menentukan formatnya.",
    ),
    "help.check_strict": Message(
        en="Exit 1 if any applicable indicator has no answer (the strict missing-data policy).",
        id="Keluar dengan kode 1 bila ada indikator berlaku yang belum dinilai (kebijakan strict).",
    ),
    "help.example": Message(
        en="Score the bundled example round (Kota Pagar Alam, synthetic data).",
        id="Hitung contoh bawaan (Kota Pagar Alam, data sintetis).",
    ),
    "help.score_rubric": Message(
        en="Rubric to score with (default: the one the file names).",
        id="Rubrik penilai (bawaan: rubrik yang disebut berkas).",
    ),
    "help.format": Message(
        en="Output: table (default), {formats}. With -o, guessed from the file suffix.",
        id="Keluaran: table (bawaan), {formats}. Dengan -o, ditebak dari akhiran berkas.",
    ),
    "help.out": Message(
        en="Write to this file instead of printing.",
        id="Tulis ke berkas ini, bukan ke layar.",
    ),
    "help.force": Message(
        en="Replace the output file if it exists (an input file is never replaced).",
        id="Ganti berkas keluaran bila sudah ada (berkas masukan tidak pernah diganti).",
    ),
    "help.missing": Message(
        en="Indicators not assessed: exclude (rubric default), zero, or strict (refuse).",
        id="Indikator belum dinilai: exclude (bawaan rubrik), zero, atau strict (tolak).",
    ),
    "help.classify": Message(
        en="Zone, grade and opinion of a score (rounded half-up first).",
        id="Zona, kategori dan opini suatu nilai (dibulatkan setengah ke atas dulu).",
    ),
    "help.score_value": Message(
        en="The score, on the rubric's range (0–100 for the Ombudsman assessments).",
        id="Nilai, dalam rentang rubrik (0–100 untuk penilaian Ombudsman).",
    ),
    "help.reconcile": Message(
        en="Compare a self-assessment with the official result indicator by indicator: the "
        "worklist of disagreements, largest points at stake first.",
        id="Bandingkan penilaian mandiri dengan hasil resmi per indikator: catatan kekurangan, "
        "poin terbesar lebih dulu.",
    ),
    "help.reconcile_self": Message(
        en="The self-assessment (xlsx, csv or json).",
        id="Berkas penilaian mandiri (xlsx, csv atau json).",
    ),
    "help.reconcile_official": Message(
        en="The official round (xlsx, csv or json) of the same rubric.",
        id="Berkas hasil resmi (xlsx, csv atau json) dengan rubrik yang sama.",
    ),
    "help.reconcile_format": Message(
        en="Output: table (default), json, or the worklist as csv or xlsx (xlsx needs -o).",
        id="Keluaran: table (bawaan), json, atau daftar kerja sebagai csv atau xlsx (xlsx "
        "memerlukan -o).",
    ),
    "rekon.unit": Message(en="unit", id="unit"),
    "rekon.indicator": Message(en="indicator", id="indikator"),
    "rekon.kind": Message(en="disagreement", id="perbedaan"),
    "rekon.self": Message(en="self", id="mandiri"),
    "rekon.official": Message(en="official", id="resmi"),
    "rekon.unit_points": Message(en="unit points", id="poin unit"),
    "rekon.entity_change": Message(en="entity score", id="nilai instansi"),
    "rekon.units": Message(en="Per unit", id="Per unit"),
    "rekon.count": Message(en="disagreements", id="perbedaan"),
    "rekon.over": Message(en="points over", id="poin lebih"),
    "rekon.under": Message(en="points under", id="poin kurang"),
    "rekon.none": Message(
        en="No disagreement: the self-assessment matches the official result.",
        id="Tidak ada perbedaan: penilaian mandiri sama dengan hasil resmi.",
    ),
    "rekon.only_self": Message(
        en="Only in the self-assessment: {units}", id="Hanya ada di penilaian mandiri: {units}"
    ),
    "rekon.only_official": Message(
        en="Only in the official result: {units}", id="Hanya ada di hasil resmi: {units}"
    ),
    "help.plan": Message(
        en="The cheapest worklist of indicator improvements that reaches a target (a zone such "
        "as hijau, a grade, a band label or a score) for an entity or a unit.",
        id="Daftar kerja perbaikan indikator termurah untuk mencapai sasaran (zona seperti "
        "hijau, predikat, label pita atau nilai) bagi instansi atau unit.",
    ),
    "help.plan_target": Message(
        en="Zone, grade, band label or score to reach.",
        id="Zona, predikat, label pita atau nilai yang dituju.",
    ),
    "help.plan_entity": Message(
        en="Entity code to plan for (default: the round's only entity).",
        id="Kode instansi yang direncanakan (bawaan: satu-satunya instansi dalam penilaian).",
    ),
    "help.plan_unit": Message(
        en="Unit code to plan for, instead of an entity.",
        id="Kode unit yang direncanakan, sebagai ganti instansi.",
    ),
    "help.plan_costs": Message(
        en="CSV file of costs per step of the answer scale: columns indikator and biaya "
        "(default: 1 per step).",
        id="Berkas CSV biaya per langkah skala jawaban: kolom indikator dan biaya "
        "(bawaan: 1 per langkah).",
    ),
    "plan.title": Message(
        en="Plan for {code}: {before} → {target} (at least {threshold})",
        id="Rencana untuk {code}: {before} → {target} (paling sedikit {threshold})",
    ),
    "plan.unit": Message(en="unit", id="unit"),
    "plan.indicator": Message(en="indicator", id="indikator"),
    "plan.from_to": Message(en="from → to", id="dari → ke"),
    "plan.points": Message(en="points", id="poin"),
    "plan.cost": Message(en="cost", id="biaya"),
    "plan.cumulative": Message(en="score", id="nilai"),
    "plan.reached": Message(
        en="Reached: {score} ({label}); total cost {cost}, {count} change(s).",
        id="Tercapai: {score} ({label}); biaya total {cost}, {count} perubahan.",
    ),
    "help.compare": Message(
        en="Compare an earlier round with a later one: per entity and unit the score before, "
        "re-scored under the later rubric and after, split into method change and real change.",
        id="Bandingkan penilaian sebelumnya dengan yang berikutnya: per instansi dan unit nilai "
        "sebelum, dinilai ulang dengan rubrik baru, dan sesudah, dipisah menjadi perubahan "
        "metode dan perubahan nyata.",
    ),
    "help.compare_before": Message(
        en="The earlier round (xlsx, CSV or JSON).",
        id="Penilaian sebelumnya (xlsx, CSV, atau JSON).",
    ),
    "help.compare_after": Message(
        en="The later round (xlsx, CSV or JSON).",
        id="Penilaian berikutnya (xlsx, CSV, atau JSON).",
    ),
    "help.compare_example": Message(
        en="Compare the bundled examples: 2023 with 2024 (synthetic answers).",
        id="Bandingkan contoh bawaan: 2023 dengan 2024 (jawaban sintetis).",
    ),
    "help.compare_codes": Message(
        en="CSV of renamed codes: columns kode_lama and kode_baru.",
        id="Berkas CSV kode yang berganti: kolom kode_lama dan kode_baru.",
    ),
    "help.compare_format": Message(
        en="Output: table (default) or json.", id="Keluaran: table (bawaan) atau json."
    ),
    "compare.need_two": Message(
        en="give two rounds (BEFORE AFTER) or --example",
        id="berikan dua penilaian (SEBELUM SESUDAH) atau --example",
    ),
    "compare.separation.rescored": Message(
        en="{before} → {after}: the earlier answers were re-scored under {after}, so each change "
        "splits into method change and real change.",
        id="{before} → {after}: jawaban sebelumnya dinilai ulang dengan {after}, sehingga setiap "
        "perubahan terpisah menjadi perubahan metode dan perubahan nyata.",
    ),
    "compare.separation.same_rubric": Message(
        en="{before} → {after}: the same rubric, so every change is real change.",
        id="{before} → {after}: rubrik yang sama, sehingga setiap perubahan adalah perubahan "
        "nyata.",
    ),
    "compare.separation.results_only": Message(
        en="{before} → {after}: only results were given, so method change cannot be told from "
        "real change.",
        id="{before} → {after}: hanya hasil yang diberikan, sehingga perubahan metode tidak dapat "
        "dipisahkan dari perubahan nyata.",
    ),
    "compare.separation.no_crosswalk": Message(
        en="{before} → {after}: no crosswalk joins the two rubrics, so method change cannot be "
        "told from real change.",
        id="{before} → {after}: tidak ada crosswalk yang menghubungkan kedua rubrik, sehingga "
        "perubahan metode tidak dapat dipisahkan dari perubahan nyata.",
    ),
    "compare.entities": Message(en="Entities", id="Instansi"),
    "compare.units": Message(en="Units", id="Unit"),
    "compare.entity": Message(en="entity", id="instansi"),
    "compare.unit": Message(en="unit", id="unit"),
    "compare.before": Message(en="before", id="sebelum"),
    "compare.rescored": Message(en="re-scored", id="dinilai ulang"),
    "compare.after": Message(en="after", id="sesudah"),
    "compare.method": Message(en="method change", id="perubahan metode"),
    "compare.real": Message(en="real change", id="perubahan nyata"),
    "compare.total": Message(en="total change", id="perubahan total"),
    "compare.entered": Message(en="New in the locus: {codes}", id="Baru masuk lokus: {codes}"),
    "compare.left": Message(en="Left the locus: {codes}", id="Keluar dari lokus: {codes}"),
    "compare.not_carried": Message(
        en="Not carried by the re-score ({count})",
        id="Tidak terbawa dalam penilaian ulang ({count})",
    ),
    "compare.step": Message(en="rubrics", id="rubrik"),
    "compare.mapping": Message(en="mapping", id="pemetaan"),
    "compare.reason": Message(en="reason", id="alasan"),
    "compare.more": Message(en="… and {count} more", id="… dan {count} lainnya"),
    "compare.figures_not_carried": Message(
        en="Dimension figures not carried: {dimensions}",
        id="Nilai dimensi yang tidak terbawa: {dimensions}",
    ),
    "plan.unanswered": Message(
        en="Not planned: {count} cell(s) without an answer ({cells}); answering one changes how "
        "its group is renormalised, so collect those answers first and plan again.",
        id="Tidak direncanakan: {count} sel tanpa jawaban ({cells}); menjawabnya mengubah "
        "normalisasi ulang kelompoknya, jadi lengkapi jawaban itu dulu lalu rencanakan lagi.",
    ),
    "plan.figure_units": Message(
        en="Not planned: units given as dimension figures ({units}).",
        id="Tidak direncanakan: unit yang diberikan sebagai nilai dimensi ({units}).",
    ),
    "help.uncertainty": Message(
        en="How sure is the zone: resample the respondents of every unit and give, per entity "
        "and unit, the score interval and the chance of each band and zone.",
        id="Seberapa pasti zonanya: ambil ulang sampel responden setiap unit dan berikan, per "
        "instansi dan unit, rentang nilai serta peluang setiap kategori dan zona.",
    ),
    "help.sensitivity": Message(
        en="How much the weights matter: draw the rubric's weights and give score, band and "
        "rank distributions and the Sobol index of each weight.",
        id="Seberapa besar pengaruh bobot: tarik bobot rubrik secara acak dan berikan sebaran "
        "nilai, kategori, dan peringkat serta indeks Sobol setiap bobot.",
    ),
    "help.draws": Message(
        en="Number of draws (ketidakpastian: 10000; sensitivitas: 1000 base samples).",
        id="Jumlah tarikan (ketidakpastian: 10000; sensitivitas: 1000 sampel dasar).",
    ),
    "help.seed": Message(
        en="Seed of the random draws (the same seed gives the same bytes).",
        id="Seed tarikan acak (seed yang sama memberi hasil yang sama persis).",
    ),
    "help.level": Message(
        en="Level of the score and rank intervals (0.9: from 5 % to 95 %).",
        id="Tingkat rentang nilai dan peringkat (0.9: dari 5 % sampai 95 %).",
    ),
    "help.method": Message(
        en="bootstrap (exact, over the observed answers) or dirichlet (Bayesian).",
        id="bootstrap (tepat, atas jawaban yang teramati) atau dirichlet (Bayesian).",
    ),
    "help.chunk": Message(
        en="Draws scored at a time: bounds the memory, changes no number.",
        id="Jumlah tarikan yang dihitung sekaligus: membatasi memori, tidak mengubah angka.",
    ),
    "help.draws_format": Message(
        en="Output: table (default), json, csv or xlsx (xlsx needs -o).",
        id="Keluaran: table (bawaan), json, csv, atau xlsx (xlsx memerlukan -o).",
    ),
    "help.concentration": Message(
        en="Dirichlet concentration around the rubric's weights (larger: closer).",
        id="Konsentrasi Dirichlet di sekitar bobot rubrik (makin besar: makin dekat).",
    ),
    "help.group": Message(
        en="Also vary the weights of this group's children (repeatable).",
        id="Variasikan juga bobot anak-anak kelompok ini (dapat diulang).",
    ),
    "help.range": Message(
        en="Draw this node's weight uniformly in LOW:HIGH instead (repeatable).",
        id="Tarik bobot simpul ini secara seragam dalam BAWAH:ATAS sebagai gantinya (dapat "
        "diulang).",
    ),
    "help.sobol": Message(
        en="Compute the Sobol indices (more draws are scored).",
        id="Hitung indeks Sobol (lebih banyak tarikan dihitung).",
    ),
    "bad_range": Message(
        en="{value!r} is not NODE=LOW:HIGH (for example input=15:30)",
        id="{value!r} bukan NODE=BAWAH:ATAS (misalnya input=15:30)",
    ),
    "drawing": Message(en="Scoring the draws", id="Menghitung tarikan"),
    "draws.entities": Message(en="Entities", id="Instansi"),
    "draws.units": Message(en="Units", id="Unit"),
    "draws.interval": Message(en="interval ({level})", id="rentang ({level})"),
    "draws.rank": Message(en="rank (median; {level})", id="peringkat (median; {level})"),
    "draws.more": Message(
        en="… and {count} more rows (all of them in the file written with -o)",
        id="… dan {count} baris lagi (semuanya ada di berkas yang ditulis dengan -o)",
    ),
    "draws.fallbacks": Message(
        en="Run draw by draw (not vectorised): {names}",
        id="Dihitung tarikan demi tarikan (tidak tervektorisasi): {names}",
    ),
    "plan.already": Message(
        en="Already reached: {score} is at least {threshold}; nothing to do.",
        id="Sudah tercapai: {score} paling sedikit {threshold}; tidak ada yang perlu dikerjakan.",
    ),
    "plan.unreachable": Message(
        en="Unreachable: the highest score any plan reaches is {maximum}, below {threshold}.",
        id="Tidak terjangkau: nilai tertinggi yang dapat dicapai {maximum}, di bawah {threshold}.",
    ),
    "help.schema": Message(
        en="Print the JSON Schema of a round file or of a result.",
        id="Cetak JSON Schema berkas penilaian atau hasil.",
    ),
    "help.schema_name": Message(
        en="round or result (default: both, by name).",
        id="round atau result (bawaan: keduanya, menurut nama).",
    ),
    "help.skm": Message(
        en="Public satisfaction survey (SKM/IKM) of a round scored with skm-2017 or skm-2004: "
        "NRR per unsur, index 1–4, converted index and mutu, under the convention you choose.",
        id="Survei Kepuasan Masyarakat (SKM/IKM) dari berkas dengan rubrik skm-2017 atau skm-2004: "
        ""
        "NRR per unsur, indeks 1–4, nilai konversi dan mutu, dengan konvensi yang dipilih.",
    ),
    "help.skm_convention": Message(
        en="A named SKM calculator convention (permenpan-2017, nrr-2dp-tertimbang-2dp, "
        "bobot-0.111-3dp, kosong-nol, listwise, float-php…; docs/skm.md lists every one); the "
        "options below, when given, must agree with it.",
        id="Konvensi kalkulator SKM bernama (permenpan-2017, nrr-2dp-tertimbang-2dp, "
        "bobot-0.111-3dp, kosong-nol, listwise, float-php…; daftar lengkap di docs/skm.md); "
        "opsi di bawah, bila diberikan, harus sesuai dengannya.",
    ),
    "help.skm_weight": Message(
        en="Weight of each unsur: exact (1/n, the regulation) or the printed decimal "
        "(0.111, 0.11, 0.071).",
        id="Bobot tiap unsur: exact (1/n, sesuai peraturan) atau angka tercetak (0.111, 0.11, "
        "0.071).",
    ),
    "help.skm_nrr": Message(
        en="Round each NRR to this many decimals first.",
        id="Bulatkan tiap NRR ke sekian desimal dulu.",
    ),
    "help.skm_index": Message(
        en="Round the 1–4 index to this many decimals before ×25.",
        id="Bulatkan indeks 1–4 ke sekian desimal sebelum ×25.",
    ),
    "help.skm_converted": Message(
        en="Round the converted index to this many decimals before grading.",
        id="Bulatkan nilai konversi ke sekian desimal sebelum menentukan mutu.",
    ),
    "help.skm_grading": Message(
        en="Which table gives the mutu of each unsur and unit: converted (the value ×25 on the "
        "converted table), index (the 1–4 value on the 1–4 table) or index-2dp (the 1–4 value "
        "rounded to 2 decimals, as agencies print it).",
        id="Tabel yang menentukan mutu tiap unsur dan unit: converted (nilai ×25 pada tabel nilai "
        "konversi), index (nilai 1–4 pada tabel 1–4) atau index-2dp (nilai 1–4 dibulatkan 2 "
        "desimal, seperti yang dicetak instansi).",
    ),
    "help.skm_format": Message(
        en="Output: table (default), json, csv or xlsx (the SKM report; xlsx needs -o).",
        id="Keluaran: table (bawaan), json, csv atau xlsx (laporan SKM; xlsx memerlukan -o).",
    ),
    "help.skm_out": Message(
        en="Write to this file instead: .txt (the table), .json, .csv or .xlsx (the SKM report); "
        "any other suffix is refused (exit 1). An existing file needs --force.",
        id="Tulis ke berkas ini: .txt (tabel), .json, .csv atau .xlsx (laporan SKM); akhiran lain "
        "ditolak (kode keluar 1). Berkas yang sudah ada memerlukan --force.",
    ),
    "help.skm_population": Message(
        en="Population (service users, e.g. per year) for the sample-size check: N for every "
        "unit, or CODE=N for one unit (repeat the option). A shortfall is a warning.",
        id="Populasi (pengguna layanan, mis. per tahun) untuk memeriksa ukuran sampel: N untuk "
        "semua unit, atau KODE=N untuk satu unit (ulangi opsinya). Kekurangan hanya peringatan.",
    ),
    "help.skm_sample_method": Message(
        en="Sample size by krejcie-morgan (the table PermenPAN-RB 14/2017 cites) or slovin.",
        id="Ukuran sampel menurut krejcie-morgan (tabel yang dirujuk PermenPAN-RB 14/2017) atau "
        "slovin.",
    ),
    "help.skm_margin": Message(
        en="Margin of error of the sample size (d or e), a decimal such as 0.05.",
        id="Batas kesalahan ukuran sampel (d atau e), angka desimal seperti 0.05.",
    ),
    "bad_population": Message(
        en="{value!r} is not a population: give N or CODE=N, N a whole number of 1 or more",
        id="{value!r} bukan populasi: berikan N atau KODE=N, N bilangan bulat 1 atau lebih",
    ),
    "population_not_skm": Message(
        en="--population checks SKM surveys; rubric {id} is not an SKM rubric",
        id="--population memeriksa survei SKM; rubrik {id} bukan rubrik SKM",
    ),
    "skm.sample": Message(en="Sample size: {method}", id="Ukuran sampel: {method}"),
    "skm.sample_short": Message(
        en="Warning: {units} unit(s) have fewer respondents than the sample their population "
        "requires (the index is still computed):",
        id="Peringatan: {units} unit memiliki responden lebih sedikit daripada sampel minimal "
        "populasinya (indeks tetap dihitung):",
    ),
    "skm.sample_enough": Message(
        en="Every unit has the respondents its population requires",
        id="Setiap unit memiliki responden sebanyak yang disyaratkan populasinya",
    ),
    "help.skm_by": Message(
        en="Index per value of this profile column of a survey sheet (Jenis Kelamin, Usia in "
        "age bands, Pendidikan, Pekerjaan, Jenis Layanan…); repeat for several.",
        id="Indeks per nilai kolom profil lembar survei ini (Jenis Kelamin, Usia per kelompok "
        "umur, Pendidikan, Pekerjaan, Jenis Layanan…); ulangi untuk beberapa kolom.",
    ),
    "skm.by_needs_survey": Message(
        en="--by needs a survey sheet with profile columns (one row per respondent, U1…Un)",
        id="--by memerlukan lembar survei dengan kolom profil (satu baris per responden, U1…Un)",
    ),
    "skm.breakdown": Message(en="Index per {column}", id="Indeks per {column}"),
    "skm.profile_value": Message(en="Value", id="Nilai"),
    "skm.blank": Message(en="(blank)", id="(kosong)"),
    "skm.population": Message(en="Population", id="Populasi"),
    "skm.required": Message(en="Required", id="Minimal"),
    "skm.shortfall": Message(en="Shortfall", id="Kekurangan"),
    "help.skm_unit": Message(
        en="Survey sheet (one row per respondent, U1…Un): the unit code of rows without a "
        "unit (every row, when the sheet has no unit column).",
        id="Lembar survei (satu baris per responden, U1…Un): kode unit untuk baris tanpa "
        "unit (semua baris, bila lembar tidak memiliki kolom unit).",
    ),
    "skm.unit_needs_survey": Message(
        en="only for a survey sheet (one row per respondent, columns U1…Un); this file is an "
        "assessment round, which names the unit of every answer",
        id="hanya untuk lembar survei (satu baris per responden, kolom U1…Un); berkas ini "
        "data penilaian, yang menyebut unit setiap jawaban",
    ),
    "skm.convention": Message(en="Convention", id="Konvensi"),
    "skm.respondents": Message(en="Respondents", id="Responden"),
    "skm.index": Message(en="Index (1–4)", id="Indeks (1–4)"),
    "skm.converted": Message(en="IKM (25–100)", id="IKM (25–100)"),
    "skm.mutu": Message(en="Mutu", id="Mutu"),
    "skm.kinerja": Message(en="Performance", id="Kinerja unit"),
    "skm.unsur": Message(en="NRR per unsur — {unit}", id="NRR per unsur — {unit}"),
    "skm.nrr": Message(en="NRR", id="NRR"),
    "skm.name": Message(en="Unsur", id="Unsur"),
    # Result tables ----------------------------------------------------------------------------
    "unit": Message(en="Service unit", id="Unit layanan"),
    "entity": Message(en="Entity", id="Instansi"),
    "score": Message(en="Score", id="Nilai"),
    "zone": Message(en="Zone", id="Zona"),
    "grade": Message(en="Grade", id="Kategori"),
    "label": Message(en="Opinion", id="Opini"),
    "quality": Message(en="Quality", id="Mutu"),
    "awarded": Message(en="Awarded", id="Dianugerahi"),
    "yes": WORDS["yes"],
    "no": WORDS["no"],
    "outstanding": Message(
        en="{entity}: oversight products not followed up: {products}",
        id="{entity}: produk pengawasan belum ditindaklanjuti: {products}",
    ),
    "complete": Message(en="Completeness", id="Kelengkapan"),
    "lost": Message(en="Largest points lost", id="Kehilangan poin terbesar"),
    "rubric": Message(en="Rubric", id="Rubrik"),
    "synthetic": Message(
        en="NOTE: synthetic (example) data, not an official result.",
        id="PERHATIAN: data sintetis (contoh), bukan hasil resmi.",
    ),
    "assumed_note": Message(
        en="{count} numbers in this rubric are assumed (not official): kepatuhan rubrics {id}",
        id="{count} angka dalam rubrik ini asumsi (bukan angka resmi): kepatuhan rubrics {id}",
    ),
    "none": Message(en="-", id="–"),
    "no_units": Message(
        en="The round has no service units.",
        id="Penilaian ini tidak berisi unit layanan.",
    ),
    # Rubrics ----------------------------------------------------------------------------------
    "id": Message(en="Id", id="Id"),
    "year": Message(en="Year", id="Tahun"),
    "title": Message(en="Title", id="Judul"),
    "legal_basis": Message(en="Legal basis", id="Dasar hukum"),
    "plugin": Message(en="Plugin", id="Plugin"),
    "rubrics_title": Message(en="Registered rubrics", id="Rubrik terdaftar"),
    "sources": Message(en="Sources", id="Sumber"),
    "tree": Message(
        en="Tree (weight as a share of its siblings)",
        id="Pohon (bobot sebagai bagian saudaranya)",
    ),
    "scale": Message(en="scale", id="skala"),
    "bands": Message(en="Zoning bands", id="Rentang zona"),
    "range": Message(en="Range", id="Rentang"),
    "assumptions": Message(en="Assumed numbers", id="Angka asumsi"),
    "where": Message(en="Where", id="Letak"),
    "what": Message(en="What", id="Apa"),
    "value": Message(en="Value", id="Nilai"),
    "reason": Message(en="Reason", id="Alasan"),
    "provenance_count": Message(
        en="Provenance of {total} numbers: {official} official, {reported} reported, {assumed} "
        "assumed",
        id="Asal {total} angka: {official} resmi, {reported} dilaporkan, {assumed} asumsi",
    ),
    "missing_policy": Message(en="Missing data", id="Data belum dinilai"),
    "scale_range": Message(en="Score range", id="Rentang nilai"),
    "band_label": Message(en="band label", id="label rentang"),
    "opinion_rule": Message(
        en="{pattern}; awarded to grade {grades}",
        id="{pattern}; dianugerahkan untuk kategori {grades}",
    ),
    # Check ------------------------------------------------------------------------------------
    "check.valid": Message(
        en="{name} is valid for {id} ({title}).",
        id="{name} sah untuk rubrik {id} ({title}).",
    ),
    "check.counts": Message(
        en="Entities: {entities} · service units: {units} · answers: {answers}",
        id="Instansi: {entities} · unit layanan: {units} · jawaban: {answers}",
    ),
    "check.complete": Message(
        en="Every applicable indicator of every unit has an answer.",
        id="Setiap indikator yang berlaku di setiap unit sudah dinilai.",
    ),
    "check.incomplete": Message(
        en="{complete} of {units} units complete; these have applicable indicators without an "
        "answer:",
        id="{complete} dari {units} unit lengkap; unit berikut masih memiliki indikator berlaku "
        "yang "
        "belum dinilai:",
    ),
    "check.not_recorded": Message(
        en="Oversight products are not recorded: the '{qualifier}' qualifier cannot be decided "
        "(fill in the Produk Pengawasan sheet, with yes in B1 even when none was issued).",
        id="Produk pengawasan belum dicatat: keterangan '{qualifier}' belum dapat ditentukan (isi "
        "lembar Produk Pengawasan, dengan ya di B1 walaupun tidak ada produk yang diterbitkan).",
    ),
    "check.outstanding": Message(
        en="{entity}: {count} oversight product(s) not followed up ({refs}); until they are, "
        "the opinion is given without '{qualifier}'.",
        id="{entity}: {count} produk pengawasan belum ditindaklanjuti ({refs}); selama belum "
        "ditindaklanjuti, opini diberikan tanpa keterangan '{qualifier}'.",
    ),
    "check.followed_up": Message(
        en="No oversight product is outstanding ('{qualifier}' is not withheld).",
        id="Tidak ada produk pengawasan yang belum ditindaklanjuti (keterangan '{qualifier}' "
        "tidak tertahan).",
    ),
    "check.respondents_short": Message(
        en="{units} unit(s) have fewer respondents than the rubric asks (the answers still "
        "score; the figures rest on fewer people):",
        id="{units} unit memiliki responden lebih sedikit daripada yang diminta rubrik (jawaban "
        "tetap dinilai; angkanya bertumpu pada lebih sedikit orang):",
    ),
    "check.role": Message(en="Respondent role", id="Peran responden"),
    "check.respondents": Message(en="Collected / required", id="Terkumpul / diminta"),
    "check.more_rows": Message(
        en="… and {count} more row(s) not shown ({total} in all).",
        id="… dan {count} baris lagi tidak ditampilkan ({total} seluruhnya).",
    ),
    "check.code": Message(en="Code", id="Kode"),
    "check.count": Message(en="Not assessed", id="Belum dinilai"),
    "check.indicators": Message(en="Indicators", id="Indikator"),
    "check.allowed": Message(
        en="Missing-data policy '{policy}': the round can be scored; each unit's score then "
        "describes only what was assessed (see its completeness).",
        id="Kebijakan data belum dinilai '{policy}': penilaian tetap dapat dihitung; nilai unit "
        "hanya menggambarkan indikator yang sudah dinilai (lihat kelengkapannya).",
    ),
    "check.refused": Message(
        en="Missing-data policy '{policy}': the round cannot be scored until these are answered "
        "(or marked tidak_berlaku where they do not apply).",
        id="Kebijakan data belum dinilai '{policy}': penilaian belum dapat dihitung sampai "
        "indikator ini diisi (atau ditandai tidak_berlaku bila memang tidak berlaku).",
    ),
    # Classify ---------------------------------------------------------------------------------
    "input_score": Message(en="Score given", id="Nilai masukan"),
    "rounded": Message(en="Rounded (half-up)", id="Dibulatkan (setengah ke atas)"),
    # Files, progress --------------------------------------------------------------------------
    "written": Message(en="Written: {path}", id="Ditulis: {path}"),
    "reading": Message(en="Reading {name}", id="Membaca {name}"),
    "check.joined": Message(
        en="The round joined from {count} files ({names})",
        id="Penilaian gabungan {count} berkas ({names})",
    ),
    "no_data_files": Message(
        en="folder {folder} has no .xlsx, .csv or .json file",
        id="folder {folder} tidak berisi berkas .xlsx, .csv atau .json",
    ),
    "scoring": Message(en="Scoring", id="Menghitung nilai"),
    # Errors -----------------------------------------------------------------------------------
    "error": Message(en="error", id="galat"),
    "plugin_skipped": Message(
        en="warning: {problem} (the plugin was skipped)",
        id="peringatan: {problem} (plugin dilewati)",
    ),
    # A problem whose library message names a Python argument, said with the options of the
    # command line instead (kepatuhan.cli.exits.CLI_WORDING).
    "problem.rubric_required": Message(
        en="the file does not name its rubric: give --rubric ID",
        id="berkas tidak mencantumkan rubriknya: berikan --rubric ID",
    ),
    "problem.unknown_format": Message(
        en="cannot tell the file format from {suffix!r}: name the file .xlsx, .csv or .json",
        id="format berkas tidak dikenali dari akhiran {suffix!r}: beri nama berkas berakhiran "
        ".xlsx, .csv atau .json",
    ),
    "file_or_example": Message(
        en="give a FILE or --example, not both",
        id="beri FILE atau --example, bukan keduanya",
    ),
    "need_file": Message(
        en="give a FILE to score, or --example",
        id="beri FILE yang dinilai, atau --example",
    ),
    "unknown_suffix": Message(
        en="cannot tell the output format from {suffix!r}: give --format {formats}",
        id="format keluaran tidak dikenali dari {suffix!r}: berikan --format {formats}",
    ),
    "wrong_suffix": Message(
        en="{name} does not end in {suffixes}, the files this command writes",
        id="{name} tidak berakhiran {suffixes}, berkas yang ditulis perintah ini",
    ),
    "suffix_mismatch": Message(
        en="{name} does not end in {suffixes}: --format {format} writes those files",
        id="{name} tidak berakhiran {suffixes}: --format {format} menulis berkas seperti itu",
    ),
    "xlsx_needs_out": Message(
        en="--format {format} needs -o FILE (it cannot go to the terminal)",
        id="--format {format} memerlukan -o BERKAS (tidak dapat dicetak ke layar)",
    ),
    "output_exists": Message(
        en="{path} exists already: give --force to replace it",
        id="{path} sudah ada: berikan --force untuk menggantinya",
    ),
    "output_is_input": Message(
        en="{path} is an input file of this command: it is never written over",
        id="{path} adalah berkas masukan perintah ini: berkas itu tidak pernah ditimpa",
    ),
    "unknown_schema": Message(
        en="no schema {name!r} (known: {known})",
        id="tidak ada skema {name!r} (yang tersedia: {known})",
    ),
    "os_error": Message(
        en="cannot use {path}: {reason}",
        id="tidak dapat memakai {path}: {reason}",
    ),
    # rapor ---------------------------------------------------------------------------------
    "help.rapor": Message(
        en="The printable rapor of each entity (or of one entity or unit, or the summary) as "
        "HTML or PDF: score, zone, grade and opinion, dimension chart, units, points lost, "
        "completeness, assumptions. HTML to the terminal without -o.",
        id="Rapor siap cetak setiap instansi (atau satu instansi atau unit, atau ringkasannya) "
        "dalam HTML atau PDF: nilai, zona, kategori dan opini, grafik dimensi, unit, poin "
        "hilang, kelengkapan, asumsi. Tanpa -o, HTML ditulis ke terminal.",
    ),
    "help.rapor_entity": Message(
        en="Entity code: only this entity's rapor (default: every entity, a page each).",
        id="Kode instansi: rapor instansi ini saja (bawaan: setiap instansi, satu halaman "
        "masing-masing).",
    ),
    "help.rapor_unit": Message(
        en="Unit code: the rapor of this unit.", id="Kode unit: rapor unit ini."
    ),
    "help.rapor_summary": Message(
        en="The summary rapor: zones and grades by entity kind and province, the ranking.",
        id="Rapor ringkasan: zona dan kategori menurut jenis instansi dan provinsi, peringkat.",
    ),
    "help.rapor_province": Message(
        en="With --ringkasan: the summary of this province only.",
        id="Dengan --ringkasan: ringkasan provinsi ini saja.",
    ),
    "help.rapor_out": Message(
        en="File to write: .html or .pdf (the suffix chooses the format).",
        id="Berkas yang ditulis: .html atau .pdf (akhirannya menentukan format).",
    ),
    "rapor.summary_subject": Message(
        en="--ringkasan is the summary of every entity: it takes no --entity or --unit",
        id="--ringkasan adalah ringkasan semua instansi: tanpa --entity atau --unit",
    ),
    "rapor.province_needs_summary": Message(
        en="--provinsi chooses the province of the summary: give it with --ringkasan",
        id="--provinsi memilih provinsi ringkasan: berikan bersama --ringkasan",
    ),
    # serve ---------------------------------------------------------------------------------
    "help.serve": Message(
        en="Run the local web app and JSON API (pages for a browser, /api/ for other tools). "
        "Stateless: nothing is kept after a response.",
        id="Jalankan aplikasi web lokal dan API JSON (halaman untuk peramban, /api/ untuk "
        "aplikasi lain). Tanpa penyimpanan: tidak ada yang disimpan setelah jawaban dikirim.",
    ),
    "help.serve_host": Message(
        en="Address to listen on; one that is not loopback needs --token.",
        id="Alamat yang didengarkan; alamat selain loopback memerlukan --token.",
    ),
    "help.serve_port": Message(en="Port to listen on.", id="Port yang didengarkan."),
    "help.serve_token": Message(
        en="Token every request must carry (Authorization: Bearer, or ?token= once in a "
        "browser); also KEPATUHAN_TOKEN.",
        id="Token yang wajib dibawa setiap permintaan (Authorization: Bearer, atau ?token= "
        "sekali di peramban); juga KEPATUHAN_TOKEN.",
    ),
    "help.serve_max_upload": Message(
        en="Largest request in megabytes (413 above it).",
        id="Ukuran permintaan terbesar dalam megabita (413 di atasnya).",
    ),
    "help.serve_max_rows": Message(
        en="Most answers in one round (422 above it).",
        id="Jumlah jawaban terbanyak dalam satu penilaian (422 di atasnya).",
    ),
    "help.serve_max_files": Message(
        en="Most files in one upload.", id="Jumlah berkas terbanyak dalam satu unggahan."
    ),
    "help.serve_time_limit": Message(
        en="Seconds a request may work (503 after it).",
        id="Lama kerja satu permintaan dalam detik (503 setelahnya).",
    ),
    "serve.listening": Message(
        en="kepatuhan serve: http://{host}:{port}/ (Ctrl+C stops it){token}",
        id="kepatuhan serve: http://{host}:{port}/ (Ctrl+C untuk berhenti){token}",
    ),
    "serve.token_note": Message(
        en="; open it once with ?token=… in the browser",
        id="; buka sekali dengan ?token=… di peramban",
    ),
    "missing_extra": Message(
        en="the command needs the optional packages of kepatuhan[cli] ({module} is missing): "
        'pip install "kepatuhan[cli]"',
        id="perintah ini memerlukan paket tambahan kepatuhan[cli] ({module} tidak ada): "
        'pip install "kepatuhan[cli]"',
    ),
}


def text(key: str, lang: Language, /, **params: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``params``."""
    return MESSAGES[key].text(lang, **params)


def count(n: int, lang: Language) -> str:
    """A whole number: 1,636 in English; 1636 in Indonesian, where a separator would read
    as the decimal point that scores are printed with (1.636 is not "one thousand")."""
    return f"{n:,}" if lang == "en" else str(n)


def zone_name(zone: Zone, lang: Language) -> str:
    return ZONE_NAMES[zone].template(lang)


def confidence_name(confidence: Confidence, lang: Language) -> str:
    return CONFIDENCE_NAMES[confidence].template(lang)


def role_name(role: RespondentRole, lang: Language) -> str:
    return ROLE_NAMES[role].template(lang)


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
