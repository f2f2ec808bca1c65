"""Every error kepatuhan raises, with the problems it found and where.

Exception tree::

    KepatuhanError
    ├── InvalidInputError (ValueError)      bad data; lists every problem with its location
    │   ├── InvalidRoundError               a round (entities, units, responses) is inconsistent
    │   ├── InvalidRubricError              a rubric (tree, weights, scales, bands) is invalid
    │   ├── IncompleteDataError             data missing under the "strict" missing-data policy
    │   ├── ScoreOutOfRangeError            a score to classify is outside the rubric's scale
    │   └── InvalidFileError                a data file (xlsx, CSV, JSON) cannot be read as a round
    ├── UnknownRubricError (LookupError)    no rubric registered under that id
    ├── UnknownStrategyError (LookupError)  no strategy registered under that name
    └── PluginError                         a plugin failed to load or returned bad data
        └── DuplicateRubricError            two plugins registered the same rubric id

    PluginWarning (UserWarning)             a plugin problem, reported and skipped

Messages are English (``str(error)``); each :class:`Problem` also renders in Bahasa
Indonesia with ``problem.text("id")`` for user-facing tools.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .catalog import Language, Message

__all__ = [
    "DuplicateRubricError",
    "IncompleteDataError",
    "InvalidFileError",
    "InvalidInputError",
    "InvalidRoundError",
    "InvalidRubricError",
    "KepatuhanError",
    "Language",
    "PluginError",
    "PluginWarning",
    "Problem",
    "ProblemCode",
    "ScoreOutOfRangeError",
    "UnknownCrosswalkError",
    "UnknownRubricError",
    "UnknownStrategyError",
]

ProblemCode = Literal[
    "sensitivity_whole",
    "sensitivity_fraction",
    "sensitivity_range",
    "crosswalk_arity",
    "crosswalk_same_differs",
    "crosswalk_cannot_carry",
    "crosswalk_values_unused",
    "crosswalk_value_twice",
    "crosswalk_value_not_finite",
    "crosswalk_assumed_without_reason",
    "crosswalk_to_itself",
    "crosswalk_unknown_source",
    "crosswalk_rubric_mismatch",
    "crosswalk_unknown_indicator",
    "crosswalk_mapped_twice",
    "crosswalk_unmapped",
    "crosswalk_unknown_figure",
    "crosswalk_role_differs",
    "crosswalk_parts_differ",
    "crosswalk_scale_differs",
    "crosswalk_values_continuous",
    "crosswalk_values_incomplete",
    "crosswalk_value_off_scale",
    "plugin_crosswalks_not_sequence",
    "plugin_not_crosswalk",
    "plugin_invalid_crosswalk",
    "plugin_crosswalk_unknown_rubric",
    "plugin_duplicate_crosswalk",
    "no_crosswalk",
    "compare_unknown_code",
    "compare_code_taken",
    "invalid_field",
    "reconcile_rubric_mismatch",
    "reconcile_entity_mismatch",
    "plugin_import_failed",
    "plugin_not_registered",
    "plugin_unknown_hook",
    "plugin_hook_raised",
    "plugin_rubrics_not_sequence",
    "plugin_strategies_not_sequence",
    "plugin_not_rubric",
    "plugin_not_strategy",
    "plugin_invalid_rubric",
    "plugin_duplicate_rubric",
    "plugin_cycle",
    "strategy_unknown_kind",
    "strategy_bad_name",
    "strategy_not_callable",
    "strategy_taken",
    "duplicate_code",
    "unknown_entity",
    "skm_no_unsur",
    "skm_population",
    "skm_population_unit",
    "skm_margin",
    "skm_sample_method",
    "unknown_entity_ref",
    "unknown_unit",
    "unknown_indicator",
    "unknown_node",
    "not_finite",
    "out_of_scale",
    "template_too_new",
    "dimension_out_of_range",
    "off_step",
    "value_with_status",
    "value_missing",
    "role_mismatch",
    "not_applicable_unit_type",
    "duplicate_answer",
    "mixed_input_levels",
    "contribution_too_large",
    "figure_not_group",
    "figure_overlap",
    "missing_figures",
    "length_mismatch",
    "index_out_of_range",
    "control_character",
    "invisible_character",
    "mixed_scripts",
    "code_blank_ends",
    "text_control_character",
    "also_elsewhere",
    "did_you_mean",
    "csv_field_too_large",
    "csv_malformed",
    "value_without_header",
    "number_underflow",
    "unknown_key",
    "duplicate_key",
    "json_not_a_number",
    "missing_data",
    "rubric",
    "band",
    "score_range",
    "empty_file",
    "not_xlsx",
    "corrupt_xlsx",
    "zip_not_xlsx",
    "not_utf8",
    "invalid_json",
    "unknown_format",
    "not_in_workbook",
    "output_exists",
    "rubric_required",
    "rubric_mismatch",
    "missing_sheet",
    "meta_invalid",
    "merged_cells",
    "missing_column",
    "unknown_column",
    "duplicate_column",
    "required_cell",
    "not_a_number",
    "ambiguous_number",
    "unknown_value",
    "not_text",
    "text_too_long",
    "inconsistent_value",
    "not_a_date",
    "oversight_flag_required",
    "oversight_flag_contradicted",
    "duplicate_sheet",
    "xlsx_part_too_large",
    "xlsx_too_large",
    "xlsx_compression_ratio",
    "beyond_sheet",
    "out_of_order",
    "cell_damaged",
    "shared_string_missing",
    "cell_too_long",
    "percent_cell",
    "percent_not_read",
    "non_ascii_digits",
    "round_rubric_mismatch",
    "indicator_is_a_column",
    "not_in_csv",
    "csv_needs_answers",
    "collected_needs_json",
    "text_not_kept",
    "concat_empty",
    "concat_rubric_mismatch",
    "concat_entity_clash",
    "concat_unit_clash",
    "concat_product_clash",
    "concat_oversight_unrecorded",
    "frame_not_a_table",
    "frame_needs_pyarrow",
    "frame_unknown_name",
    "frame_missing_column",
    "frame_unused_column",
    "frame_not_an_indicator",
    "frame_column_type",
    "frame_invalid_code",
    "frame_not_an_answer",
    "frame_not_a_date",
    "rubric_no_nodes",
    "group_no_children",
    "unknown_strategy",
    "unknown_source",
    "unknown_node_id",
    "edition_unknown_node",
    "rubric_file_editions",
    "scale_empty",
    "scale_bad_step",
    "scale_off_step",
    "band_decimals",
    "band_reversed",
    "band_start",
    "band_end",
    "band_gap",
    "band_overlap",
    "skm_weight",
    "skm_scale",
    "skm_mixed_scales",
    "skm_zoning",
    "skm_no_unsur_nodes",
    "skm_weight_decimals",
    "skm_edges",
    "skm_edges_grading",
    "skm_edges_count",
    "skm_convention_unknown",
    "skm_convention_conflict",
    "skm_anonymous_blanks",
    "skm_no_complete_respondent",
    "not_skm_rubric",
    "survey_no_header",
    "survey_rubric",
    "survey_unsur_unknown",
    "survey_unsur_missing",
    "survey_unsur_duplicate",
    "survey_answer",
    "survey_unit_required",
    "survey_duplicate_respondent",
    "survey_no_respondents",
    "survey_not_round",
    "survey_unknown_profile",
    "unknown_rubric",
    "rubric_not_held",
    "positions_need_codes",
    "field_required",
    "field_not_allowed",
    "invalid_choice",
    "wrong_type",
    "text_too_short",
    "too_few_items",
    "too_many_items",
    "out_of_bounds",
    "pattern_mismatch",
    "text_blank",
    "frame_indicators_wide_only",
    "attribution_no_arrays",
    "attribution_rollup",
    "attribution_unknown_entity",
    "attribution_no_score",
    "attribution_group_figures",
    "plan_unknown_target",
    "plan_scope",
    "plan_unknown_entity",
    "negative_cost",
    "uncertainty_draws",
    "uncertainty_seed",
    "uncertainty_level",
    "uncertainty_method",
    "uncertainty_prior",
    "uncertainty_prior_unused",
    "uncertainty_chunk_size",
    "uncertainty_borderline",
    "uncertainty_draw",
    "rapor_unknown_entity",
    "rapor_unknown_unit",
    "rapor_unknown_province",
    "rapor_subject",
    "rapor_plan_subject",
    "rapor_format",
    "rapor_language",
    "upload_too_large",
    "too_many_rows",
    "too_many_files",
    "request_timeout",
    "token_required",
    "not_found",
    "method_not_allowed",
    "internal_error",
    "no_file",
    "page_round",
    "bad_form",
    "serve_host_token",
    "more_problems",
]
"""Every problem code kepatuhan raises: the keys of :data:`MESSAGES` (a test checks that
both agree). A plugin may raise a code of its own; ``Problem.text`` then shows its
``detail`` param."""

# code -> its message in English and Indonesian; templates use str.format with
# Problem.params. A new code goes here and into ProblemCode (a test checks both agree).
MESSAGES: Mapping[str, Message] = {
    "sensitivity_whole": Message(
        en="{name} must be a whole number, {minimum} or more, not {value!r}",
        id="{name} harus bilangan bulat, {minimum} atau lebih, bukan {value!r}",
    ),
    "sensitivity_fraction": Message(
        en="{name} must be a number between 0 and 1 (both excluded), not {value!r}",
        id="{name} harus angka di antara 0 dan 1 (keduanya tidak termasuk), bukan {value!r}",
    ),
    "sensitivity_range": Message(
        en="a weight range is (low, high) with 0 ≤ low ≤ high and high > 0, not {value}",
        id="rentang bobot berbentuk (bawah, atas) dengan 0 ≤ bawah ≤ atas dan atas > 0, "
        "bukan {value}",
    ),
    "crosswalk_arity": Message(
        en="a {kind!r} mapping needs {rule} id(s) here, not {count}",
        id="pemetaan {kind!r} memerlukan {rule} id di sini, bukan {count}",
    ),
    "crosswalk_same_differs": Message(
        en="a 'same' mapping keeps its id: {before} is not {after} (use 'renamed')",
        id="pemetaan 'same' mempertahankan id-nya: {before} bukan {after} (gunakan 'renamed')",
    ),
    "crosswalk_cannot_carry": Message(
        en="a {kind!r} mapping cannot carry answers: set carry = false",
        id="pemetaan {kind!r} tidak dapat membawa jawaban: tetapkan carry = false",
    ),
    "crosswalk_values_unused": Message(
        en="values are given but the mapping does not carry answers",
        id="peta nilai diberikan tetapi pemetaan ini tidak membawa jawaban",
    ),
    "crosswalk_value_twice": Message(
        en="earlier answer {value} is mapped twice",
        id="jawaban lama {value} dipetakan dua kali",
    ),
    "crosswalk_value_not_finite": Message(
        en="the value map holds a value that is not a finite number",
        id="peta nilai memuat nilai yang bukan bilangan berhingga",
    ),
    "crosswalk_assumed_without_reason": Message(
        en="an assumed mapping needs a note saying why",
        id="pemetaan yang diasumsikan memerlukan catatan alasannya",
    ),
    "crosswalk_to_itself": Message(
        en="a crosswalk joins two different rubrics, not {id!r} to itself",
        id="crosswalk menghubungkan dua rubrik yang berbeda, bukan {id!r} dengan dirinya sendiri",
    ),
    "crosswalk_unknown_source": Message(
        en="source {source!r} is not in the crosswalk's sources (known: {known})",
        id="sumber {source!r} tidak ada dalam daftar sumber crosswalk (yang dikenal: {known})",
    ),
    "crosswalk_rubric_mismatch": Message(
        en="the crosswalk names rubric {expected!r} here, not {given!r}",
        id="crosswalk menyebut rubrik {expected!r} di sini, bukan {given!r}",
    ),
    "crosswalk_unknown_indicator": Message(
        en="{code!r} is not an indicator of rubric {rubric!r}",
        id="{code!r} bukan indikator rubrik {rubric!r}",
    ),
    "crosswalk_mapped_twice": Message(
        en="{code!r} is already mapped at {first}",
        id="{code!r} sudah dipetakan di {first}",
    ),
    "crosswalk_unmapped": Message(
        en="indicators of {rubric!r} ({side}) that no mapping names: {ids}",
        id="indikator {rubric!r} ({side}) yang tidak disebut oleh pemetaan mana pun: {ids}",
    ),
    "crosswalk_unknown_figure": Message(
        en="{code!r} is not a top-level node of both {before!r} and {after!r}",
        id="{code!r} bukan simpul tingkat teratas pada {before!r} dan {after!r} sekaligus",
    ),
    "crosswalk_role_differs": Message(
        en="answers cannot carry between respondent roles ({roles}): set carry = false",
        id="jawaban tidak dapat dibawa antarperan responden ({roles}): tetapkan carry = false",
    ),
    "crosswalk_parts_differ": Message(
        en="the merged indicators have different scales",
        id="indikator yang digabung memiliki skala yang berbeda",
    ),
    "crosswalk_scale_differs": Message(
        en="scale {before} differs from {after} of {indicator!r}: give a values map or set "
        "carry = false",
        id="skala {before} berbeda dari skala {after} pada {indicator!r}: berikan peta nilai "
        "atau tetapkan carry = false",
    ),
    "crosswalk_values_continuous": Message(
        en="a values map needs a stepped earlier scale, not {scale}",
        id="peta nilai memerlukan skala lama yang bertingkat, bukan {scale}",
    ),
    "crosswalk_values_incomplete": Message(
        en="the values map leaves out {values} of scale {scale}",
        id="peta nilai tidak mencakup {values} dari skala {scale}",
    ),
    "crosswalk_value_off_scale": Message(
        en="{value} is not a step of scale {scale}",
        id="{value} bukan tingkat pada skala {scale}",
    ),
    "plugin_crosswalks_not_sequence": Message(
        en="hook kepatuhan_crosswalks returned {type}, not a sequence of crosswalks",
        id="hook kepatuhan_crosswalks mengembalikan {type}, bukan urutan crosswalk",
    ),
    "plugin_not_crosswalk": Message(
        en="returned {type}, not a Crosswalk",
        id="mengembalikan {type}, bukan Crosswalk",
    ),
    "plugin_invalid_crosswalk": Message(
        en="returned an invalid crosswalk {before!r} → {after!r}:",
        id="mengembalikan crosswalk {before!r} → {after!r} yang tidak sah:",
    ),
    "plugin_crosswalk_unknown_rubric": Message(
        en="crosswalk {before!r} → {after!r} names rubric {id!r}, which no plugin provides",
        id="crosswalk {before!r} → {after!r} menyebut rubrik {id!r}, yang tidak disediakan "
        "plugin mana pun",
    ),
    "plugin_duplicate_crosswalk": Message(
        en="crosswalk {before!r} → {after!r} is already registered by plugin {owner!r}",
        id="crosswalk {before!r} → {after!r} sudah didaftarkan oleh plugin {owner!r}",
    ),
    "no_crosswalk": Message(
        en="no crosswalk leads from rubric {before!r} to {after!r} (registered: {known})",
        id="tidak ada crosswalk dari rubrik {before!r} ke {after!r} (yang terdaftar: {known})",
    ),
    "compare_unknown_code": Message(
        en="{code!r} is not a unit or entity code of the {side} round",
        id="{code!r} bukan kode unit atau instansi pada putaran {side}",
    ),
    "compare_code_taken": Message(
        en="{code!r} is the new code of both {first!r} and {second!r}",
        id="{code!r} menjadi kode baru bagi {first!r} dan {second!r} sekaligus",
    ),
    "invalid_field": Message(en="{detail}", id="nilai tidak sah: {detail}"),
    # Reconciliation (kepatuhan.reconciliation) --------------------------------------------
    "reconcile_rubric_mismatch": Message(
        en="the self-assessment uses rubric {self_rubric}, the official round {official_rubric}",
        id="penilaian mandiri memakai rubrik {self_rubric}, hasil resmi {official_rubric}",
    ),
    "reconcile_entity_mismatch": Message(
        en="unit {unit} belongs to entity {self_entity} here but to {official} in the official "
        "round",
        id="unit {unit} di sini milik instansi {self_entity}, pada hasil resmi milik {official}",
    ),
    # Plugins (registry.PluginProblem) and their strategies (strategies.StrategyTable) ------
    "plugin_import_failed": Message(en="failed to import: {error}", id="gagal diimpor: {error}"),
    "plugin_not_registered": Message(
        en="cannot be registered: {error}",
        id="tidak dapat didaftarkan: {error}",
    ),
    "plugin_unknown_hook": Message(
        en="implements unknown hook {hook!r}",
        id="mengimplementasikan hook {hook!r} yang tidak dikenal",
    ),
    "plugin_hook_raised": Message(
        en="hook {hook} raised {error}",
        id="hook {hook} gagal dengan {error}",
    ),
    "plugin_rubrics_not_sequence": Message(
        en="hook kepatuhan_rubrics returned {type}, not a sequence of rubrics",
        id="hook kepatuhan_rubrics mengembalikan {type}, bukan daftar rubrik",
    ),
    "plugin_strategies_not_sequence": Message(
        en="hook kepatuhan_strategies returned {type}, not a sequence",
        id="hook kepatuhan_strategies mengembalikan {type}, bukan daftar",
    ),
    "plugin_not_rubric": Message(
        en="returned {type}, not a Rubric",
        id="mengembalikan {type}, bukan Rubric",
    ),
    "plugin_not_strategy": Message(
        en="returned {type}, not a Strategy",
        id="mengembalikan {type}, bukan Strategy",
    ),
    "plugin_invalid_rubric": Message(
        en="returned an invalid rubric:",
        id="mengembalikan rubrik tidak sah:",
    ),
    "plugin_duplicate_rubric": Message(
        en="rubric id {id!r} is already registered by plugin {owner!r}",
        id="id rubrik {id!r} sudah didaftarkan oleh plugin {owner!r}",
    ),
    "plugin_cycle": Message(
        en="asked for rubric {id!r} while plugin(s) {waiting} were still loading: "
        "a dependency cycle",
        id="meminta rubrik {id!r} ketika plugin {waiting} masih dimuat: ketergantungan melingkar",
    ),
    "strategy_unknown_kind": Message(
        en="unknown strategy kind {kind!r} (known: {known})",
        id="jenis strategi {kind!r} tidak dikenal (yang dikenal: {known})",
    ),
    "strategy_bad_name": Message(
        en="strategy name {name!r} must be lower-case letters, digits and '_'",
        id="nama strategi {name!r} hanya boleh berisi huruf kecil, angka dan '_'",
    ),
    "strategy_not_callable": Message(
        en="strategy {name!r} has no callable function",
        id="strategi {name!r} tidak memiliki fungsi yang dapat dipanggil",
    ),
    "strategy_taken": Message(
        en="{kind} strategy {name!r} is already registered by {owner!r}",
        id="strategi {kind} {name!r} sudah didaftarkan oleh {owner!r}",
    ),
    # Rounds (kepatuhan.Round, validation, scoring): locations are the round's field paths.
    "duplicate_code": Message(
        en="duplicate {what} {code!r} (first at {first})",
        id="{what} {code!r} ganda (pertama di {first})",
    ),
    "unknown_entity": Message(
        en="unit refers to entity {code!r}, which is not in the round",
        id="unit merujuk instansi {code!r} yang tidak ada dalam penilaian",
    ),
    "skm_no_unsur": Message(
        en="unit {code!r} has no unsur answered (all marked tidak_berlaku): no SKM can be computed",
        id="unit {code!r} tidak memiliki unsur yang dijawab (semua tidak_berlaku): SKM tidak dapat "
        ""
        "dihitung",
    ),
    # SKM sample size (kepatuhan.skm_sample).
    "skm_population": Message(
        en="the population must be a whole number of service users, 1 or more, not {value!r}",
        id="populasi harus bilangan bulat pengguna layanan, 1 atau lebih, bukan {value!r}",
    ),
    "skm_population_unit": Message(
        en="a population is given for unit {code!r}, which is not in the survey",
        id="populasi diberikan untuk unit {code!r} yang tidak ada dalam survei",
    ),
    "skm_margin": Message(
        en="the margin of error must be a decimal in (0, 1), such as 0.05, not {margin!r}",
        id="batas kesalahan harus angka desimal dalam (0, 1), misalnya 0.05, bukan {margin!r}",
    ),
    "skm_sample_method": Message(
        en="unknown sample-size method {method!r} (known: {known})",
        id="metode ukuran sampel {method!r} tidak dikenal (yang dikenal: {known})",
    ),
    "unknown_entity_ref": Message(
        en="refers to entity {code!r}, which is not in the round",
        id="merujuk instansi {code!r} yang tidak ada dalam penilaian",
    ),
    "unknown_unit": Message(en="unknown unit {code!r}", id="unit {code!r} tidak dikenal"),
    "unknown_indicator": Message(
        en="unknown indicator {code!r} for rubric {rubric!r}",
        id="indikator {code!r} tidak dikenal dalam rubrik {rubric!r}",
    ),
    "unknown_node": Message(
        en="{code!r} is not a dimension or group of rubric {rubric!r}",
        id="{code!r} bukan dimensi atau kelompok dalam rubrik {rubric!r}",
    ),
    "not_finite": Message(
        en="value {value} is not a finite number",
        id="nilai {value} bukan angka terhingga",
    ),
    "out_of_scale": Message(
        en="value {value} is outside the scale {scale} of indicator {indicator!r}",
        id="nilai {value} di luar skala {scale} indikator {indicator!r}",
    ),
    "template_too_new": Message(
        en="template layout version {found} is newer than this kepatuhan reads ({known}); "
        "upgrade kepatuhan",
        id="versi tata letak templat {found} lebih baru dari yang dapat dibaca kepatuhan ini "
        "({known}); perbarui kepatuhan",
    ),
    "dimension_out_of_range": Message(
        en="value {value} is outside the range {scale} of dimension {dimension!r}",
        id="nilai {value} di luar rentang {scale} dimensi {dimension!r}",
    ),
    "off_step": Message(
        en="value {value} is not an allowed step of the scale {scale} of indicator {indicator!r}",
        id="nilai {value} bukan langkah yang sah pada skala {scale} indikator {indicator!r}",
    ),
    "value_with_status": Message(
        en="a response with status {status!r} must not carry a value",
        id="jawaban berstatus {status!r} tidak boleh berisi nilai",
    ),
    "value_missing": Message(
        en="an answered response needs a value",
        id="jawaban tanpa status khusus wajib berisi nilai",
    ),
    "role_mismatch": Message(
        en="respondent role {role!r} does not answer indicator {indicator!r} (expects "
        "{expected!r})",
        id="peran responden {role!r} tidak menjawab indikator {indicator!r} (seharusnya "
        "{expected!r})",
    ),
    "not_applicable_unit_type": Message(
        en="indicator {indicator!r} does not apply to unit type {unit_type!r} of unit {unit!r}",
        id="indikator {indicator!r} tidak berlaku untuk jenis unit {unit_type!r} (unit {unit!r})",
    ),
    "duplicate_answer": Message(
        en="respondent {respondent!r} answered indicator {indicator!r} of unit {unit!r} twice",
        id="responden {respondent!r} menjawab indikator {indicator!r} unit {unit!r} dua kali",
    ),
    "mixed_input_levels": Message(
        en="unit {unit!r} has both indicator answers and dimension scores; give one or the other",
        id="unit {unit!r} memiliki jawaban indikator sekaligus nilai dimensi; pilih salah satu",
    ),
    "contribution_too_large": Message(
        en="contribution {value} of dimension {dimension!r} exceeds its weight {maximum}",
        id="kontribusi {value} dimensi {dimension!r} melebihi bobotnya {maximum}",
    ),
    "figure_not_group": Message(
        en="{code!r} is an indicator of rubric {rubric!r}: give its answers as responses; a "
        "rapor figure names a dimension or a group",
        id="{code!r} adalah indikator rubrik {rubric!r}: isikan jawabannya sebagai jawaban "
        "indikator; nilai rapor hanya untuk dimensi atau kelompok",
    ),
    "figure_overlap": Message(
        en="unit {unit!r} is given both {group!r} ({other}) and {node!r}, which is part of it; "
        "give one or the other",
        id="unit {unit!r} diberi nilai {group!r} ({other}) sekaligus {node!r} yang merupakan "
        "bagiannya; pilih salah satu",
    ),
    "missing_figures": Message(
        en="unit {unit!r} is given rapor figures for part of the rubric only: no figure "
        "covers {count} node(s): {nodes}",
        id="unit {unit!r} hanya diberi nilai rapor untuk sebagian rubrik: {count} simpul "
        "tanpa nilai: {nodes}",
    ),
    "length_mismatch": Message(
        en="column {column!r} has {length} values, expected {expected}",
        id="kolom {column!r} berisi {length} nilai, seharusnya {expected}",
    ),
    "index_out_of_range": Message(
        en="{count} index value(s) outside {minimum}..{maximum}, first at row {row}",
        id="{count} indeks di luar {minimum}..{maximum}, pertama di baris {row}",
    ),
    "control_character": Message(
        en="code {code!r} contains a control character",
        id="kode {code!r} mengandung karakter kontrol",
    ),
    # Codes and text (kepatuhan.codes): what a code or a name may hold.
    "invisible_character": Message(
        en="code {code!r} contains an invisible or formatting character ({char}): retype it",
        id="kode {code!r} mengandung karakter tak terlihat atau karakter format ({char}): "
        "ketik ulang kode itu",
    ),
    "mixed_scripts": Message(
        en="code {code!r} mixes letters of different scripts ({scripts}); is {char} a look-alike?",
        id="kode {code!r} mencampur huruf dari aksara yang berbeda ({scripts}); apakah {char} "
        "huruf yang sekadar mirip?",
    ),
    "code_blank_ends": Message(
        en="code {code!r} begins or ends with a blank",
        id="kode {code!r} diawali atau diakhiri spasi",
    ),
    "text_control_character": Message(
        en="{text!r} contains a control character ({char}), which names and other text may not "
        "hold",
        id="{text!r} mengandung karakter kontrol ({char}), yang tidak boleh ada dalam nama dan "
        "teks lain",
    ),
    "also_elsewhere": Message(
        en="{occurrences} times in all; also at {elsewhere}",
        id="{occurrences} kali seluruhnya; juga di {elsewhere}",
    ),
    "did_you_mean": Message(
        en="did you mean {suggestion!r}?",
        id="mungkin maksudnya {suggestion!r}?",
    ),
    # Strict reading of CSV and JSON (kepatuhan.io).
    "csv_field_too_large": Message(
        en="a field longer than {limit} characters in row {row} (a quote left open?); reading "
        "stopped here",
        id="isian lebih dari {limit} karakter di baris {row} (ada tanda kutip yang tidak "
        "ditutup?); pembacaan berhenti di sini",
    ),
    "csv_malformed": Message(
        en="the CSV text cannot be read in row {row} ({detail}); reading stopped here",
        id="teks CSV tidak dapat dibaca di baris {row} ({detail}); pembacaan berhenti di sini",
    ),
    "value_without_header": Message(
        en="{count} value(s) in columns without a header (first: {value!r}): give the column a "
        "header or delete the values",
        id="{count} nilai di kolom tanpa judul (pertama: {value!r}): beri kolom itu judul atau "
        "hapus nilainya",
    ),
    "number_underflow": Message(
        en="{text} is too small to tell from 0: write 0 if it is zero",
        id="{text} terlalu kecil sehingga tidak dapat dibedakan dari 0: tulis 0 bila memang nol",
    ),
    "unknown_key": Message(
        en="unknown key {key!r} (known here: {known})",
        id="kunci {key!r} tidak dikenal (kunci yang dikenal di sini: {known})",
    ),
    "duplicate_key": Message(
        en="key {key!r} appears more than once in this object",
        id="kunci {key!r} muncul lebih dari sekali dalam objek ini",
    ),
    "json_not_a_number": Message(
        en="{text} is not a number: write the value as a JSON number, without quotes (e.g. 3 "
        "or 2.5)",
        id="{text} bukan angka: tulis nilainya sebagai angka JSON, tanpa tanda kutip (mis. 3 "
        "atau 2.5)",
    ),
    "missing_data": Message(
        en="{count} indicator(s) not assessed for unit {unit!r}: {indicators}",
        id="{count} indikator belum dinilai untuk unit {unit!r}: {indicators}",
    ),
    # No longer raised: each rubric and zoning check has its own code (below); kept so
    # that a problem made with them (a plugin's own) still renders.
    "rubric": Message(en="{detail}", id="{detail}"),
    "band": Message(en="{detail}", id="{detail}"),
    "score_range": Message(
        en="score {value} is not a number in [{minimum}, {maximum}]",
        id="nilai {value} bukan angka dalam rentang [{minimum}, {maximum}]",
    ),
    # Data files (kepatuhan.io): locations are sheet!cell, or the file name.
    "empty_file": Message(en="the file is empty (0 bytes)", id="berkas kosong (0 byte)"),
    "not_xlsx": Message(
        en='not an Excel workbook (.xlsx); save it as "Excel Workbook (*.xlsx)"',
        id='bukan buku kerja Excel (.xlsx); simpan sebagai "Excel Workbook (*.xlsx)"',
    ),
    "corrupt_xlsx": Message(
        en="the workbook is damaged or truncated and cannot be read",
        id="buku kerja rusak atau terpotong sehingga tidak dapat dibaca",
    ),
    "zip_not_xlsx": Message(
        en="a zip archive but not an Excel workbook (no xl/workbook.xml: an .ods or .docx file?); "
        'save the data as "Excel Workbook (*.xlsx)", CSV UTF-8 or JSON',
        id="arsip zip tetapi bukan buku kerja Excel (tidak ada xl/workbook.xml: berkas .ods atau "
        '.docx?); simpan data sebagai "Excel Workbook (*.xlsx)", CSV UTF-8 atau JSON',
    ),
    "not_utf8": Message(
        en='not UTF-8 text (first bad byte in row {row}); save it as "CSV UTF-8"',
        id='bukan teks UTF-8 (byte tidak sah pertama di baris {row}); simpan sebagai "CSV UTF-8"',
    ),
    "invalid_json": Message(en="not valid JSON: {detail}", id="bukan JSON yang sah: {detail}"),
    "unknown_format": Message(
        en="cannot tell the file format from {suffix!r}: use .xlsx, .csv or .json, or give format=",
        id="format berkas tidak dikenali dari akhiran {suffix!r}: gunakan .xlsx, .csv atau .json, "
        "atau berikan format=",
    ),
    "not_in_workbook": Message(
        en="{text!r} holds a control character, which a workbook cannot hold",
        id="{text!r} memuat karakter kendali, yang tidak dapat disimpan di buku kerja",
    ),
    "output_exists": Message(
        en="{path} exists already: give overwrite=True (--force on the command line) to replace it",
        id="{path} sudah ada: berikan overwrite=True (--force di baris perintah) untuk "
        "menggantinya",
    ),
    "rubric_required": Message(
        en="the file does not name its rubric: give rubric=",
        id="berkas tidak mencantumkan rubriknya: berikan rubric=",
    ),
    "rubric_mismatch": Message(
        en="the file is for rubric {found!r}, not {expected!r}",
        id="berkas ini untuk rubrik {found!r}, bukan {expected!r}",
    ),
    "missing_sheet": Message(
        en="sheet {sheet!r} is missing (the workbook has: {present})",
        id="lembar {sheet!r} tidak ada (lembar dalam buku kerja: {present})",
    ),
    "meta_invalid": Message(
        en="{key!r} is missing or invalid in the template's _meta sheet",
        id="{key!r} tidak ada atau tidak sah di lembar _meta templat",
    ),
    "merged_cells": Message(
        en="merged cells {cells} are not supported: unmerge them",
        id="sel gabungan {cells} tidak didukung: pisahkan (unmerge) sel tersebut",
    ),
    "missing_column": Message(
        en="column {column!r} is missing from the header row",
        id="kolom {column!r} tidak ada di baris judul",
    ),
    "unknown_column": Message(en="unknown column {column!r}", id="kolom {column!r} tidak dikenal"),
    "duplicate_column": Message(
        en="column {column!r} appears twice (first at {first})",
        id="kolom {column!r} muncul dua kali (pertama di {first})",
    ),
    "required_cell": Message(en="{column!r} must be filled in", id="{column!r} wajib diisi"),
    "not_a_number": Message(
        en="{text!r} is not a number; allowed: {allowed}",
        id="{text!r} bukan angka; yang sah: {allowed}",
    ),
    "ambiguous_number": Message(
        en="{text!r} is ambiguous (decimal point or thousands separator?): write {decimal} or "
        "{thousands}",
        id="{text!r} ambigu (koma desimal atau pemisah ribuan?): tulis {decimal} atau {thousands}",
    ),
    "unknown_value": Message(
        en="{value!r} is not allowed in column {column!r}; allowed: {allowed}",
        id="{value!r} tidak boleh di kolom {column!r}; pilihan: {allowed}",
    ),
    "not_text": Message(en="expected text, found {value!r}", id="seharusnya teks, bukan {value!r}"),
    "text_too_long": Message(
        en="text longer than {maximum} characters",
        id="teks lebih dari {maximum} karakter",
    ),
    "inconsistent_value": Message(
        en="{code!r} has {column!r} = {value!r} here but {first_value!r} at {first}",
        id="{code!r} berisi {column!r} = {value!r} di sini, tetapi {first_value!r} di {first}",
    ),
    "not_a_date": Message(
        en="{text!r} is not a date: write it as YYYY-MM-DD (e.g. 2025-03-14) or DD/MM/YYYY",
        id="{text!r} bukan tanggal: tulis sebagai YYYY-MM-DD (mis. 2025-03-14) atau DD/MM/YYYY",
    ),
    "oversight_flag_required": Message(
        en="say whether oversight products are recorded ('ya' or 'tidak'): {count} product row(s) "
        "are filled in",
        id="isi 'ya' atau 'tidak': apakah produk pengawasan dicatat? Ada {count} baris produk",
    ),
    "oversight_flag_contradicted": Message(
        en="oversight products are marked as not recorded ('tidak'), but {count} product row(s) "
        "are filled in: write 'ya' or empty the rows",
        id="produk pengawasan ditandai tidak dicatat ('tidak'), tetapi ada {count} baris produk: "
        "tulis 'ya' atau kosongkan baris tersebut",
    ),
    # Hostile or damaged workbooks (kepatuhan.io, xlsx): limits and what Excel never writes.
    "duplicate_sheet": Message(
        en="sheet {sheet!r} appears twice (also as {first!r}; sheet names do not differ by case)",
        id="lembar {sheet!r} muncul dua kali (juga sebagai {first!r}; nama lembar tidak dibedakan "
        "menurut huruf besar atau kecil)",
    ),
    "xlsx_part_too_large": Message(
        en="part {part} of the workbook expands to {size}, above the limit of {limit}: split the "
        "data over smaller workbooks",
        id="bagian buku kerja {part} mengembang menjadi {size}, melebihi batas {limit}: bagi data "
        "ke beberapa buku kerja yang lebih kecil",
    ),
    "xlsx_too_large": Message(
        en="the parts read expand to {size} together, above the limit of {limit}: split the data "
        "over smaller workbooks",
        id="bagian-bagian yang dibaca bersama-sama mengembang menjadi {size}, melebihi batas "
        "{limit}: bagi data ke beberapa buku kerja yang lebih kecil",
    ),
    "xlsx_compression_ratio": Message(
        en="part {part} of the workbook expands {ratio} times its compressed size (at most "
        "{limit} times): not a workbook as a spreadsheet program saves it",
        id="bagian buku kerja {part} mengembang {ratio} kali ukuran terkompresinya (paling banyak "
        "{limit} kali): bukan buku kerja sebagaimana disimpan program lembar kerja",
    ),
    "beyond_sheet": Message(
        en="{ref} lies beyond the last row (1048576) or column (XFD) of a sheet: the file is "
        "damaged",
        id="{ref} berada di luar baris terakhir (1048576) atau kolom terakhir (XFD) lembar kerja: "
        "berkas rusak",
    ),
    "out_of_order": Message(
        en="{ref} comes after {previous}: rows and cells must be in order, each once (the file "
        "is damaged)",
        id="{ref} muncul setelah {previous}: baris dan sel harus berurutan dan masing-masing "
        "sekali (berkas rusak)",
    ),
    "cell_damaged": Message(
        en="the stored value {text!r} is not valid for type {kind!r} (the file is damaged)",
        id="nilai tersimpan {text!r} tidak sah untuk tipe {kind!r} (berkas rusak)",
    ),
    "shared_string_missing": Message(
        en="the cell refers to shared text number {index}, but the workbook has {count} (the "
        "file is damaged)",
        id="sel merujuk teks bersama nomor {index}, padahal buku kerja hanya memiliki {count} "
        "(berkas rusak)",
    ),
    "cell_too_long": Message(
        en="a text longer than {limit} characters, the most a cell holds (the file is damaged)",
        id="teks lebih dari {limit} karakter, batas isi satu sel (berkas rusak)",
    ),
    "percent_cell": Message(
        en="{value} is a percentage (the cell is formatted with %), but indicator {indicator!r} "
        "takes values on the scale {scale}: type the value without %",
        id="{value} berupa persentase (sel berformat %), padahal indikator {indicator!r} diisi "
        "nilai pada skala {scale}: ketik nilainya tanpa %",
    ),
    "percent_not_read": Message(
        en="{value} is a percentage (the cell is formatted with %), which is not read here: "
        "type the number without %",
        id="{value} berupa persentase (sel berformat %), yang tidak dibaca di sini: ketik "
        "angkanya tanpa %",
    ),
    "non_ascii_digits": Message(
        en="{text!r} has digits other than 0-9 (Arabic-Indic, full-width...): type the number "
        "with 0-9",
        id="{text!r} memuat angka selain 0-9 (angka Arab-India, lebar penuh...): ketik angkanya "
        "dengan 0-9",
    ),
    # Writing a round (kepatuhan.io.write_round): locations are the round's field paths.
    "round_rubric_mismatch": Message(
        en="the round is for rubric {found!r}, not {expected!r}",
        id="penilaian ini untuk rubrik {found!r}, bukan {expected!r}",
    ),
    "indicator_is_a_column": Message(
        en="indicator id {indicator!r} reads as the fixed column {column!r} of the {sheet} "
        "sheet, so this rubric cannot use the Excel template: use CSV or JSON",
        id="id indikator {indicator!r} terbaca sebagai kolom tetap {column!r} lembar {sheet}, "
        "sehingga rubrik ini tidak dapat memakai templat Excel: gunakan CSV atau JSON",
    ),
    "not_in_csv": Message(
        en="a CSV file has no place for {what}: write the round as .xlsx or .json",
        id="berkas CSV tidak memiliki tempat untuk {what}: "
        "tulis penilaian sebagai .xlsx atau .json",
    ),
    "csv_needs_answers": Message(
        en="{code!r} has no answers, and a CSV file holds entities and units only through their "
        "answers: write the round as .xlsx or .json",
        id="{code!r} tidak memiliki jawaban, padahal berkas CSV memuat instansi dan unit hanya "
        "melalui jawabannya: tulis penilaian sebagai .xlsx atau .json",
    ),
    "collected_needs_json": Message(
        en="{count} answer(s) carry the date they were collected, which a .{format} file cannot "
        "hold: write the round as .json",
        id="{count} jawaban memuat tanggal pengumpulan, yang tidak dapat dimuat berkas .{format}: "
        "tulis penilaian sebagai .json",
    ),
    "text_not_kept": Message(
        en="{text!r} would not read back unchanged from a .{format} file (blanks at either end, "
        "empty text, or a character or length the format cannot hold): correct it or write "
        "the round as .json",
        id="{text!r} tidak akan terbaca kembali utuh dari berkas .{format} (spasi di awal atau "
        "akhir, teks kosong, atau karakter atau panjang yang tidak dapat dimuat format itu): "
        "perbaiki atau tulis penilaian sebagai .json",
    ),
    # Joining rounds (kepatuhan.concat_rounds): locations are "source: field path".
    "concat_empty": Message(en="no rounds to join", id="tidak ada penilaian untuk digabung"),
    "concat_rubric_mismatch": Message(
        en="this round is for rubric {found!r}, but {other} is for {expected!r}: join rounds of "
        "one rubric",
        id="penilaian ini untuk rubrik {found!r}, tetapi {other} untuk {expected!r}: gabungkan "
        "penilaian dengan rubrik yang sama",
    ),
    "concat_entity_clash": Message(
        en="entity code {code!r} is also in {other} ({first}) with {field} {first_value!r}, "
        "here {value!r}",
        id="kode instansi {code!r} juga ada di {other} ({first}) dengan {field} {first_value!r}, "
        "di sini {value!r}",
    ),
    "concat_unit_clash": Message(
        en="unit code {code!r} is also in {other} ({first})",
        id="kode unit {code!r} juga ada di {other} ({first})",
    ),
    "concat_product_clash": Message(
        en="oversight product {code!r} is also in {other} ({first}) with {field} "
        "{first_value!r}, here {value!r}",
        id="produk pengawasan {code!r} juga ada di {other} ({first}) dengan {field} "
        "{first_value!r}, di sini {value!r}",
    ),
    "concat_oversight_unrecorded": Message(
        en="oversight products are not recorded here but are in {other}: record them here too "
        "(recorded with none issued, if so), or in no round",
        id="produk pengawasan tidak dicatat di sini, tetapi dicatat di {other}: catat juga di "
        "sini (dicatat tanpa produk, bila memang tidak ada), atau tidak di penilaian mana pun",
    ),
    # DataFrames (Round.from_frame): locations are table[row].column, rows counted from 0.
    "frame_not_a_table": Message(
        en="{what} must be {accepted}, not {type}",
        id="{what} harus berupa {accepted}, bukan {type}",
    ),
    "frame_needs_pyarrow": Message(
        en="{what} is an Arrow stream ({type}); reading it needs pyarrow (pip install pyarrow)",
        id="{what} berupa aliran Arrow ({type}); untuk membacanya perlu pyarrow (pip install "
        "pyarrow)",
    ),
    "frame_unknown_name": Message(
        en="columns= names {name!r}, which is not a column read here (known: {known})",
        id="columns= menyebut {name!r}, yang bukan kolom yang dibaca di sini (dikenal: {known})",
    ),
    "frame_missing_column": Message(
        en="column {column!r} ({field}) is missing; the table has: {present}",
        id="kolom {column!r} ({field}) tidak ada; kolom tabel: {present}",
    ),
    "frame_unused_column": Message(
        en="column {column!r} is not read: drop it, or map it with columns= (read here: {known})",
        id="kolom {column!r} tidak dibaca: hapus kolom itu, atau petakan dengan columns= "
        "(yang dibaca: {known})",
    ),
    "frame_not_an_indicator": Message(
        en="column {column!r} is neither an id column ({ids}) nor an indicator of rubric "
        "{rubric!r}: drop it, or name the indicator columns with indicators=",
        id="kolom {column!r} bukan kolom identitas ({ids}) dan bukan indikator rubrik {rubric!r}: "
        "hapus kolom itu, atau sebutkan kolom indikator dengan indicators=",
    ),
    "frame_column_type": Message(
        en="column {column!r} holds {type}, which cannot be read here",
        id="kolom {column!r} berisi {type}, yang tidak dapat dibaca di sini",
    ),
    "frame_invalid_code": Message(
        en="{code!r} is not a valid code (1 to 200 characters, no control characters, no blanks "
        "at either end)",
        id="{code!r} bukan kode yang sah (1 sampai 200 karakter, tanpa karakter kontrol, tanpa "
        "spasi di awal atau akhir)",
    ),
    "frame_not_an_answer": Message(
        en="{value!r} is not an answer: write a number or one of {statuses}, or leave it blank",
        id="{value!r} bukan jawaban: tulis angka atau salah satu dari {statuses}, atau biarkan "
        "kosong",
    ),
    "frame_not_a_date": Message(
        en="{value!r} is not a date (a date, a datetime or YYYY-MM-DD text)",
        id="{value!r} bukan tanggal (tanggal, tanggal-waktu, atau teks YYYY-MM-DD)",
    ),
    # Rubrics (kepatuhan.Rubric and its parts): locations are field paths in the rubric.
    "rubric_no_nodes": Message(
        en="a rubric needs at least one node",
        id="rubrik harus memiliki paling sedikit satu simpul",
    ),
    "group_no_children": Message(
        en="a group needs at least one child node",
        id="kelompok harus memiliki paling sedikit satu anak simpul",
    ),
    "unknown_strategy": Message(
        en="unknown {kind} strategy {name!r} (known: {known})",
        id="strategi {kind} {name!r} tidak dikenal (yang dikenal: {known})",
    ),
    "unknown_source": Message(
        en="source {source!r} is not in the rubric's sources",
        id="sumber {source!r} tidak ada dalam daftar sumber rubrik",
    ),
    "unknown_node_id": Message(
        en="no node {code!r} in rubric {rubric!r}",
        id="tidak ada simpul {code!r} dalam rubrik {rubric!r}",
    ),
    "edition_unknown_node": Message(
        en="no node {code!r} to drop or update",
        id="tidak ada simpul {code!r} untuk dihapus atau diperbarui",
    ),
    "rubric_file_editions": Message(
        en="the file defines {count} editions ({ids}): read it with load_rubrics",
        id="berkas ini mendefinisikan {count} edisi ({ids}): baca dengan load_rubrics",
    ),
    "scale_empty": Message(
        en="the scale maximum {maximum} must exceed its minimum {minimum}",
        id="maksimum skala {maximum} harus lebih besar daripada minimumnya {minimum}",
    ),
    "scale_bad_step": Message(
        en="the scale step {step} must be a number > 0",
        id="langkah skala {step} harus angka > 0",
    ),
    "scale_off_step": Message(
        en="the scale maximum {maximum} must lie on a step of {step} from {minimum}, or the "
        "best answer is unreachable",
        id="maksimum skala {maximum} harus tepat pada langkah {step} dari {minimum}; bila "
        "tidak, jawaban terbaik tidak dapat dicapai",
    ),
    "band_decimals": Message(
        en="{value} has more than {precision} decimals",
        id="{value} memiliki lebih dari {precision} angka desimal",
    ),
    "band_reversed": Message(
        en="lower bound {lower} is above upper bound {upper}",
        id="batas bawah {lower} lebih besar daripada batas atas {upper}",
    ),
    "band_start": Message(
        en="the first band starts at {value}, not {minimum} (the minimum)",
        id="rentang pertama dimulai pada {value}, bukan {minimum} (nilai minimum)",
    ),
    "band_end": Message(
        en="the last band ends at {value}, not {maximum} (the maximum)",
        id="rentang terakhir berakhir pada {value}, bukan {maximum} (nilai maksimum)",
    ),
    "band_gap": Message(
        en="a gap between {previous} and {value}: scores in between fall in no band",
        id="ada celah antara {previous} dan {value}: nilai di antaranya tidak masuk rentang "
        "mana pun",
    ),
    "band_overlap": Message(
        en="{value} overlaps the band ending at {previous}",
        id="{value} tumpang tindih dengan rentang yang berakhir pada {previous}",
    ),
    # The SKM survey (kepatuhan.skm_index, kepatuhan.SkmConvention).
    "skm_weight": Message(
        en="the weight must be 'exact' or a decimal in (0, 1], not {weight!r}",
        id="bobot harus 'exact' atau angka desimal dalam (0, 1], bukan {weight!r}",
    ),
    "skm_scale": Message(
        en="an SKM unsur needs a scale of whole numbers from 1 or more, step 1, higher "
        "better (this one: {scale})",
        id="unsur SKM memerlukan skala bilangan bulat mulai 1 atau lebih, langkah 1, makin "
        "tinggi makin baik (skala ini: {scale})",
    ),
    "skm_mixed_scales": Message(
        en="every SKM unsur must share one answer scale (found: {scales})",
        id="semua unsur SKM harus memakai satu skala jawaban yang sama (ditemukan: {scales})",
    ),
    "skm_zoning": Message(
        en="the zoning must run from {minimum} to {maximum} (the answer scale ×{factor})",
        id="zonasi harus berkisar dari {minimum} sampai {maximum} (skala jawaban ×{factor})",
    ),
    "skm_no_unsur_nodes": Message(
        en="an SKM rubric needs at least one unsur",
        id="rubrik SKM harus memiliki paling sedikit satu unsur",
    ),
    "skm_weight_decimals": Message(
        en="weight_decimals rounds the weight 1/n: it needs weight 'exact', not {weight!r}",
        id="weight_decimals membulatkan bobot 1/n: bobot harus 'exact', bukan {weight!r}",
    ),
    "skm_edges": Message(
        en="the grade edges must be distinct, ascending numbers, not {edges}",
        id="batas mutu harus berupa angka yang berbeda dan menaik, bukan {edges}",
    ),
    "skm_edges_grading": Message(
        en="edges are given exactly when the grading is 'edges' (the grading is {grading!r})",
        id="batas mutu diberikan tepat bila penilaian mutu 'edges' (penilaiannya {grading!r})",
    ),
    "skm_edges_count": Message(
        en="the grade table has {bands} bands, so {expected} lower edges are needed, not {count}",
        id="tabel mutu memiliki {bands} rentang, jadi diperlukan {expected} batas bawah, "
        "bukan {count}",
    ),
    "skm_convention_unknown": Message(
        en="no SKM convention is named {name!r} (known: {known})",
        id="tidak ada konvensi SKM bernama {name!r} (yang dikenal: {known})",
    ),
    "skm_convention_conflict": Message(
        en="{option}={given!r} contradicts the convention {name}, which has {option}={has!r}",
        id="{option}={given!r} bertentangan dengan konvensi {name}, yang memakai {option}={has!r}",
    ),
    "skm_anonymous_blanks": Message(
        en="unit {code}: blanks counted as 0 or listwise need a respondent code on every answer",
        id="unit {code}: jawaban kosong yang dihitung 0 atau listwise memerlukan kode "
        "responden pada setiap jawaban",
    ),
    "skm_no_complete_respondent": Message(
        en="unit {code} has no respondent who answered every unsur (listwise leaves none)",
        id="unit {code} tidak memiliki responden yang menjawab semua unsur (listwise tidak "
        "menyisakan satu pun)",
    ),
    "not_skm_rubric": Message(en="not an SKM rubric", id="bukan rubrik SKM"),
    # SKM survey sheets (kepatuhan.io.read_survey, kepatuhan.skm_breakdown).
    "survey_no_header": Message(
        en="no header row with unsur columns (U1, U2, …) in the first {rows} rows of {sheet}",
        id="tidak ada baris judul berkolom unsur (U1, U2, …) pada {rows} baris pertama {sheet}",
    ),
    "survey_rubric": Message(
        en="cannot tell the rubric from {count} unsur columns: give the rubric (rubric=, "
        "--rubric), e.g. skm-2017 (9 unsur) or skm-2004 (14 unsur)",
        id="rubrik tidak dapat ditentukan dari {count} kolom unsur: sebutkan rubriknya (rubric=,"
        " --rubric), mis. skm-2017 (9 unsur) atau skm-2004 (14 unsur)",
    ),
    "survey_unsur_unknown": Message(
        en="column {column!r} names unsur U{number}, which rubric {rubric!r} does not have (it "
        "has U1–U{count})",
        id="kolom {column!r} menyebut unsur U{number}, yang tidak ada di rubrik {rubric!r} "
        "(rubrik itu memiliki U1–U{count})",
    ),
    "survey_unsur_missing": Message(
        en="no column for unsur U{number} ({name}) of rubric {rubric!r}",
        id="tidak ada kolom untuk unsur U{number} ({name}) rubrik {rubric!r}",
    ),
    "survey_unsur_duplicate": Message(
        en="column {column!r} names unsur U{number} again (first at {first})",
        id="kolom {column!r} menyebut unsur U{number} lagi (pertama di {first})",
    ),
    "survey_answer": Message(
        en="{text!r} is not an answer: give a whole number {minimum}–{maximum}, or leave the "
        "cell empty (no answer)",
        id="{text!r} bukan jawaban: isi bilangan bulat {minimum}–{maximum}, atau kosongkan sel "
        "(tidak menjawab)",
    ),
    "survey_unit_required": Message(
        en="no unit: fill in the unit column, or give one unit for the whole file (unit=, --unit)",
        id="unit tidak diisi: isi kolom unit, atau sebutkan satu unit untuk seluruh berkas "
        "(unit=, --unit)",
    ),
    "survey_duplicate_respondent": Message(
        en="respondent {code!r} appears twice at unit {unit!r} (first at {first})",
        id="responden {code!r} muncul dua kali di unit {unit!r} (pertama di {first})",
    ),
    "survey_no_respondents": Message(
        en="no respondent rows under the header row",
        id="tidak ada baris responden di bawah baris judul",
    ),
    "survey_not_round": Message(
        en="this looks like an SKM survey sheet (one row per respondent, unsur columns "
        "{columns}): read it with kepatuhan.io.read_survey or 'kepatuhan skm FILE'; "
        "'kepatuhan template skm-2017' writes the survey template",
        id="berkas ini tampak seperti lembar survei SKM (satu baris per responden, kolom unsur "
        "{columns}): baca dengan kepatuhan.io.read_survey atau 'kepatuhan skm BERKAS'; "
        "'kepatuhan template skm-2017' menulis templat survei",
    ),
    "survey_unknown_profile": Message(
        en="the survey has no profile column {column!r} (it has: {known})",
        id="survei tidak memiliki kolom profil {column!r} (yang ada: {known})",
    ),
    # Looking up a rubric (UnknownRubricError).
    "unknown_rubric": Message(
        en="no rubric {id!r} is registered (known: {known})",
        id="rubrik {id!r} tidak terdaftar (yang tersedia: {known})",
    ),
    "rubric_not_held": Message(
        en="no rubric {id!r} is registered; no assessment was held in {year} (the method was "
        "restarted in {restarted}) (known: {known})",
        id="rubrik {id!r} tidak terdaftar; tidak ada penilaian pada tahun {year} (metodenya "
        "dimulai ulang pada {restarted}) (yang tersedia: {known})",
    ),
    # Columns (ResponseTable.from_columns, Round.from_columns).
    "positions_need_codes": Message(
        en="integer {column} positions need {column}_codes (the codes they point into)",
        id="posisi {column} berupa bilangan bulat memerlukan {column}_codes (kode yang "
        "ditunjuknya)",
    ),
    # Fields of the models (Entity, Response, Rubric…): pydantic's checks, by kind.
    "field_required": Message(en="this field is required", id="isian ini wajib ada"),
    "field_not_allowed": Message(
        en="not a field here: remove it", id="bukan isian yang dikenal di sini: hapus isian ini"
    ),
    "invalid_choice": Message(
        en="{value!r} is not allowed; allowed: {allowed}",
        id="{value!r} tidak boleh; pilihan: {allowed}",
    ),
    "wrong_type": Message(
        en="expected {expected}, not {value}", id="seharusnya {expected}, bukan {value}"
    ),
    "text_too_short": Message(
        en="text shorter than {minimum} character(s)",
        id="teks kurang dari {minimum} karakter",
    ),
    "too_few_items": Message(
        en="at least {minimum} item(s) needed, found {actual}",
        id="diperlukan paling sedikit {minimum} butir, ada {actual}",
    ),
    "too_many_items": Message(
        en="at most {maximum} item(s) allowed, found {actual}",
        id="paling banyak {maximum} butir, ada {actual}",
    ),
    "out_of_bounds": Message(en="{value} must be {bound}", id="{value} harus {bound}"),
    "pattern_mismatch": Message(
        en="{value!r} does not match the pattern {pattern}",
        id="{value!r} tidak sesuai pola {pattern}",
    ),
    "text_blank": Message(en="must not be empty or blank", id="tidak boleh kosong"),
    "frame_indicators_wide_only": Message(
        en="indicators= is read only with shape='wide'",
        id="indicators= hanya dibaca dengan shape='wide'",
    ),
    # Where the points went (kepatuhan.point_attribution).
    "attribution_no_arrays": Message(
        en="a result read from JSON holds no arrays to attribute; score the round again",
        id="hasil yang dibaca dari JSON tidak memuat larik untuk diuraikan; nilai ulang penilaian",
    ),
    "attribution_rollup": Message(
        en="the entity roll-up {name!r} does not split exactly into unit parts (only {known} does)",
        id="penghitungan nilai instansi {name!r} tidak dapat diuraikan tepat menjadi bagian "
        "unit (hanya {known})",
    ),
    "attribution_unknown_entity": Message(
        en="no entity {code!r} in the result",
        id="tidak ada instansi {code!r} dalam hasil",
    ),
    "attribution_no_score": Message(
        en="entity {code!r} has no score (none of its units was scored)",
        id="instansi {code!r} tidak memiliki nilai (tidak ada unitnya yang dinilai)",
    ),
    "attribution_group_figures": Message(
        en="unit {unit!r} of entity {code!r} is given rapor figures for groups that are not "
        "dimensions ({nodes}): its points cannot be split by dimension",
        id="unit {unit!r} milik instansi {code!r} diberi nilai rapor untuk kelompok yang bukan "
        "dimensi ({nodes}): poinnya tidak dapat dirinci per dimensi",
    ),
    # The planner (kepatuhan.planning).
    "plan_unknown_target": Message(
        en="target {target!r} is neither a score nor a band label, grade or zone of rubric "
        "{rubric!r} ({allowed})",
        id="sasaran {target!r} bukan nilai dan bukan label pita, predikat atau zona rubrik "
        "{rubric!r} ({allowed})",
    ),
    "plan_scope": Message(
        en="the round has {count} entities: say which entity or unit to plan for",
        id="penilaian memuat {count} instansi: sebutkan instansi atau unit yang direncanakan",
    ),
    "plan_unknown_entity": Message(
        en="no entity {code!r} in the round",
        id="tidak ada instansi {code!r} dalam penilaian",
    ),
    "negative_cost": Message(
        en="{value} is not a cost: a cost is a finite number, 0 or more",
        id="{value} bukan biaya: biaya adalah angka terhingga, 0 atau lebih",
    ),
    # The rapor (kepatuhan.rapor_render).
    "rapor_unknown_entity": Message(
        en="no entity {code!r} in the result",
        id="tidak ada instansi {code!r} dalam hasil",
    ),
    "rapor_unknown_unit": Message(
        en="no unit {code!r} in the result",
        id="tidak ada unit {code!r} dalam hasil",
    ),
    "rapor_unknown_province": Message(
        en="no entity of the result is in province {province!r} (provinces: {known})",
        id="tidak ada instansi dalam hasil di provinsi {province!r} (provinsi: {known})",
    ),
    "rapor_subject": Message(
        en="give an entity or a unit for the rapor, not both",
        id="sebutkan instansi atau unit untuk rapor, bukan keduanya",
    ),
    "rapor_plan_subject": Message(
        en="the plan is for {scope} {code!r}, which this rapor does not show",
        id="rencana ini untuk {scope} {code!r}, yang tidak ditampilkan rapor ini",
    ),
    "rapor_format": Message(
        en="unknown rapor format {value!r} (known: html, pdf)",
        id="format rapor {value!r} tidak dikenal (yang dikenal: html, pdf)",
    ),
    "rapor_language": Message(
        en="unknown language {value!r} (known: id, en)",
        id="bahasa {value!r} tidak dikenal (yang dikenal: id, en)",
    ),
    # Sampling uncertainty (kepatuhan.sampling_uncertainty).
    "uncertainty_draws": Message(
        en="draws must be a whole number, 1 or more, not {value!r}",
        id="draws harus bilangan bulat, 1 atau lebih, bukan {value!r}",
    ),
    "uncertainty_seed": Message(
        en="seed must be a whole number, 0 or more, not {value!r}",
        id="seed harus bilangan bulat, 0 atau lebih, bukan {value!r}",
    ),
    "uncertainty_level": Message(
        en="level must be a number between 0 and 1 (both excluded), not {value!r}",
        id="level harus angka di antara 0 dan 1 (keduanya tidak termasuk), bukan {value!r}",
    ),
    "uncertainty_method": Message(
        en="unknown method {value!r} (known: {known})",
        id="metode {value!r} tidak dikenal (yang dikenal: {known})",
    ),
    "uncertainty_prior": Message(
        en="prior must be a finite number, 0 or more, not {value!r}",
        id="prior harus angka terhingga, 0 atau lebih, bukan {value!r}",
    ),
    "uncertainty_prior_unused": Message(
        en="prior={value!r} is used only by method='dirichlet' (the bootstrap has no prior)",
        id="prior={value!r} hanya dipakai oleh method='dirichlet' (bootstrap tidak memakai prior)",
    ),
    "uncertainty_chunk_size": Message(
        en="chunk_size must be a whole number, 1 or more, not {value!r}",
        id="chunk_size harus bilangan bulat, 1 atau lebih, bukan {value!r}",
    ),
    "uncertainty_borderline": Message(
        en="borderline must be a probability between 0 and 1, not {value!r}",
        id="borderline harus peluang di antara 0 dan 1, bukan {value!r}",
    ),
    "uncertainty_draw": Message(
        en="draw must be a whole number, 0 or more (the draw's position), not {value!r}",
        id="draw harus bilangan bulat, 0 atau lebih (urutan hasil undian), bukan {value!r}",
    ),
    # The web app and JSON API (kepatuhan serve).
    "upload_too_large": Message(
        en="the request is larger than the limit of {limit} bytes",
        id="permintaan lebih besar dari batas {limit} bita",
    ),
    "too_many_rows": Message(
        en="{count} answers, more than the limit of {limit}",
        id="{count} jawaban, melebihi batas {limit}",
    ),
    "too_many_files": Message(
        en="{count} files, more than the limit of {limit}",
        id="{count} berkas, melebihi batas {limit}",
    ),
    "request_timeout": Message(
        en="the request took longer than the limit of {seconds} seconds; try a smaller file",
        id="permintaan melebihi batas waktu {seconds} detik; coba berkas yang lebih kecil",
    ),
    "token_required": Message(
        en="a valid token is required (Authorization: Bearer <token>, or ?token= once)",
        id="token yang sah diperlukan (Authorization: Bearer <token>, atau ?token= sekali)",
    ),
    "not_found": Message(
        en="nothing at {path}",
        id="tidak ada apa pun di {path}",
    ),
    "method_not_allowed": Message(
        en="{method} is not allowed at {path}",
        id="{method} tidak diizinkan di {path}",
    ),
    "internal_error": Message(
        en="an internal error occurred; the server's log has the details",
        id="terjadi kesalahan internal; rinciannya ada di log server",
    ),
    "no_file": Message(
        en="no file was sent",
        id="tidak ada berkas yang dikirim",
    ),
    "page_round": Message(
        en="the round carried by the page cannot be read; upload the files again",
        id="data penilaian yang dibawa halaman tidak dapat dibaca; unggah berkasnya lagi",
    ),
    "bad_form": Message(
        en="the form cannot be read (a damaged or oversized upload)",
        id="formulir tidak dapat dibaca (unggahan rusak atau terlalu besar)",
    ),
    "serve_host_token": Message(
        en="listening on {host}, which is not a loopback address, needs a token "
        "(--token or KEPATUHAN_TOKEN)",
        id="mendengarkan di {host}, yang bukan alamat loopback, memerlukan token "
        "(--token atau KEPATUHAN_TOKEN)",
    ),
    "more_problems": Message(
        en="{count} more problem(s) with code {code}, not shown",
        id="{count} masalah lain berkode {code} tidak ditampilkan",
    ),
}

TERMS: Mapping[str, Message] = {
    "entity_code": Message(en="entity code", id="kode instansi"),
    "unit_code": Message(en="unit code", id="kode unit"),
    "node_id": Message(en="node id", id="id simpul"),
    "dimension_score": Message(en="dimension score", id="nilai dimensi"),
    "oversight_product": Message(en="oversight product", id="produk pengawasan"),
    "none": Message(en="none", id="tidak ada"),
    "text": Message(en="text", id="teks"),
    "number": Message(en="a number", id="angka"),
    "whole_number": Message(en="a whole number", id="bilangan bulat"),
    "true_or_false": Message(en="true or false", id="true atau false"),
    "date": Message(en="a date (YYYY-MM-DD)", id="tanggal (YYYY-MM-DD)"),
    "object": Message(en="an object (fields and their values)", id="objek (isian dan nilainya)"),
    "list": Message(en="a list", id="daftar"),
}
"""Nouns and words a problem's params carry (``duplicate_code``'s ``what``), said in the
language of the message: a param that is a :class:`~kepatuhan.catalog.Message` is."""


_DETAIL_ONLY = Message(en="{detail}", id="{detail}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and what it is."""

    location: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Language = "en") -> str:
        """The message without the location, in English (``en``) or Indonesian (``id``).

        A param that is itself a :class:`~kepatuhan.catalog.Message` (a noun such as "the
        round's title") is put in the same language. A code outside :data:`MESSAGES` (a
        plugin's own) shows its ``detail`` param.
        """
        message = MESSAGES.get(self.code, _DETAIL_ONLY)
        params = {
            k: v.template(lang) if isinstance(v, Message) else v for k, v in self.params.items()
        }
        try:
            out = message.template(lang).format(**params)
        except (KeyError, IndexError, ValueError):
            return f"{self.code}: {dict(self.params)!r}"
        # A problem met several times, or with a likely intended code, says so after its
        # message (params ``occurrences`` and ``elsewhere``; ``suggestion``).
        if params.get("elsewhere") is not None:
            out += f" ({MESSAGES['also_elsewhere'].template(lang).format(**params)})"
        if params.get("suggestion") is not None:
            out += f"; {MESSAGES['did_you_mean'].template(lang).format(**params)}"
        return out

    def render(self, lang: Language = "en") -> str:
        """``location: message``."""
        return f"{self.location}: {self.text(lang)}" if self.location else self.text(lang)

    def __str__(self) -> str:
        return self.render()


class KepatuhanError(Exception):
    """Base of every error kepatuhan raises."""


class InvalidInputError(KepatuhanError, ValueError):
    """Input data is invalid; ``problems`` lists every problem found, each with its location.

    ``subject`` names what was read (a file name) after the headline; ``headline`` replaces
    the class's headline in both languages.
    """

    headline = "invalid input"
    headline_id = "masukan tidak sah"

    def __init__(
        self,
        problems: Iterable[Problem],
        headline: str | None = None,
        *,
        subject: str | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.subject = subject
        if headline is not None:
            self.headline = self.headline_id = headline
        super().__init__(self.render())

    def subject_in(self, lang: Language = "en") -> str | None:
        """What was read, as the headline names it in ``lang``."""
        return self.subject

    def problem_count(self) -> int:
        """How many problems there are: those listed, and those a ``more_problems`` problem
        counts without listing them."""
        return sum(
            _int(p.params.get("count")) if p.code == "more_problems" else 1 for p in self.problems
        )

    def render(self, lang: Language = "en") -> str:
        """All problems, one per line, under a headline that counts every one of them (also
        those not listed, which a last line counts)."""
        count = self.problem_count()
        noun = "problem" if lang == "en" else "masalah"
        if lang == "en" and count != 1:
            noun = "problems"
        head = self.headline if lang == "en" else self.headline_id
        subject = self.subject_in(lang)
        if subject:
            head = f"{head} {subject}"
        lines = [f"{head}: {count} {noun}"]
        lines += [f"  - {p.render(lang)}" for p in self.problems]
        return "\n".join(lines)


class InvalidRoundError(InvalidInputError):
    """An assessment round is inconsistent with itself or with its rubric."""

    headline = "invalid assessment round"
    headline_id = "data penilaian tidak sah"


class InvalidRubricError(InvalidInputError):
    """A rubric (tree, weights, scales, zoning bands, provenance) is invalid."""

    headline = "invalid rubric"
    headline_id = "rubrik tidak sah"


class IncompleteDataError(InvalidInputError):
    """Indicators were not assessed and the missing-data policy is ``strict``."""

    headline = "incomplete data"
    headline_id = "data belum lengkap"


class ScoreOutOfRangeError(InvalidInputError):
    """A score given to ``classify`` is not a finite number on the rubric's scale."""

    headline = "invalid score"
    headline_id = "nilai tidak sah"


class InvalidFileError(InvalidInputError):
    """A data file (xlsx, CSV, JSON) cannot be read as a round; problems name sheet!cell."""

    headline = "invalid data file"
    headline_id = "berkas data tidak sah"


def _int(value: object) -> int:
    return value if isinstance(value, int) else 1


class _LookupFailedError(KepatuhanError, LookupError):
    """A lookup that found nothing; ``problem`` (when given) says it in either language."""

    def __init__(self, *args: object, problem: Problem | None = None) -> None:
        self.problem = problem
        if problem is not None and not args:
            args = (problem.render("en"),)
        super().__init__(*args)

    def render(self, lang: Language = "en") -> str:
        """The message in English (``en``) or Indonesian (``id``): the problem's, else the
        message it was raised with."""
        return self.problem.render(lang) if self.problem is not None else str(self)

    def __str__(self) -> str:
        # LookupError would repr() the message; show it as written.
        return str(self.args[0]) if self.args else ""


class UnknownRubricError(_LookupFailedError):
    """No rubric is registered under the requested id (``problem``: ``unknown_rubric``)."""


class UnknownCrosswalkError(_LookupFailedError):
    """No crosswalk, or chain of crosswalks, leads from one rubric to another
    (``problem``: ``no_crosswalk``)."""


class UnknownStrategyError(_LookupFailedError):
    """A rubric names a strategy (respondent reduction, roll-up…) that does not exist
    (``problem``: ``unknown_strategy``)."""


class PluginError(KepatuhanError):
    """A rubric plugin failed to import, raised in its hook, or returned an invalid rubric."""


class DuplicateRubricError(PluginError):
    """Two plugins registered rubrics with the same id."""


class PluginWarning(UserWarning):
    """A plugin problem that was reported and skipped (outside strict mode)."""
