"""Hostile CSV and JSON input: every case in tests/corpus/csv_json/ gives located problems
or the documented behaviour, never a traceback and never a silently different score.

The corpus files are small and hand-made (see the table below for what each holds); the
large cases (a 140 KB CSV field, a JSON round of thousands of answers for memory) are made
at test time.
"""

from __future__ import annotations

import gc
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

import kepatuhan as kp
import kepatuhan.io as kio
from kepatuhan.cli.exits import INVALID_INPUT
from kepatuhan.errors import MESSAGES
from test_cli import invoke

CORPUS = Path(__file__).parent / "corpus" / "csv_json"
RUBRIC = "ombudsman-2024"
# The workbook reader's number cells refuse other digits with a code of their own, which
# the CSV reader shares once it is there (io/_cells.py); before, CSV says not_a_number.
NON_ASCII_DIGITS = "non_ascii_digits" if "non_ascii_digits" in MESSAGES else "not_a_number"

# file → the (location, code) of every problem, in order.
REFUSED: dict[str, list[tuple[str, str]]] = {
    # CSV: codes (kepatuhan.codes), names, numbers, values under no header
    "zero_width_unit.csv": [("zero_width_unit.csv!D5", "invisible_character")],
    "rtl_override_unit.csv": [("rtl_override_unit.csv!D5", "invisible_character")],
    "cyrillic_unit.csv": [("cyrillic_unit.csv!D5", "mixed_scripts")],
    "nbsp_respondent.csv": [("nbsp_respondent.csv!H4", "invisible_character")],
    "nul_in_code.csv": [("nul_in_code.csv!H2", "control_character")],
    "escape_in_name.csv": [("escape_in_name.csv!E2", "text_control_character")],
    "c1_in_name.csv": [("c1_in_name.csv!E2", "text_control_character")],
    "tab_in_name.csv": [("tab_in_name.csv!E2", "text_control_character")],
    "extra_field.csv": [("extra_field.csv!J3", "value_without_header")],
    "value_under_blank_header.csv": [("value_under_blank_header.csv!K2", "value_without_header")],
    "arabic_indic_digit.csv": [("arabic_indic_digit.csv!I3", NON_ASCII_DIGITS)],
    "fullwidth_digit.csv": [("fullwidth_digit.csv!I3", NON_ASCII_DIGITS)],
    "typo_indicator.csv": [("typo_indicator.csv!G5", "unknown_indicator")],
    # JSON: strict numbers, repeated and unknown keys, codes, names
    "duplicate_rubric.json": [("rubric", "duplicate_key")],
    "duplicate_key_in_answer.json": [("responses[0].value", "duplicate_key")],
    "duplicate_key_in_unit.json": [("units[0].name", "duplicate_key")],
    "value_true.json": [("responses[0].value", "json_not_a_number")],
    "value_text.json": [("responses[0].value", "json_not_a_number")],
    "value_underflow.json": [("responses[0].value", "number_underflow")],
    "value_overflow.json": [("responses[0].value", "not_finite")],
    "value_nan.json": [("responses[0].value", "not_finite")],
    "value_huge_integer.json": [("responses[0].value", "not_finite")],
    "dimension_value_true.json": [("dimension_scores[0].value", "json_not_a_number")],
    "meta_format_version_overflow.json": [
        ("_meta.format_version", "not_finite"),
        ("_meta", "unknown_key"),
    ],
    "meta_format_version_negative.json": [("_meta", "unknown_key")],
    "meta_format_version_true.json": [("_meta", "unknown_key")],
    "meta_format_version_fraction.json": [("_meta", "unknown_key")],
    "zero_width_unit.json": [("units[0].code", "invisible_character")],
    "cyrillic_unit.json": [("units[0].code", "mixed_scripts")],
    "typo_unit.json": [("responses[3].unit", "unknown_unit")],
    "escape_in_name.json": [("units[0].name", "text_control_character")],
    "newline_in_title.json": [("title", "text_control_character")],
    "truncated.json": [("truncated.json", "invalid_json")],
    "not_an_object.json": [("not_an_object.json", "invalid_json")],
    "not_utf8.json": [("not_utf8.json", "invalid_json")],
}
ACCEPTED = ["good.csv", "bom.csv", "trailing_delimiters.csv", "decomposed_unit.csv",
            "good.json", "bom.json", "newline_in_note.json"]  # fmt: skip


def read(path: Path) -> kp.Round:
    return kio.read_round(path, rubric=RUBRIC if path.suffix == ".csv" else None)


def problems_of(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(kp.InvalidFileError) as info:
        read(path)
    for problem in info.value.problems:  # both languages render, no placeholder missing
        for lang in ("id", "en"):
            assert not problem.text(lang).startswith(f"{problem.code}:"), problem
    return [(p.location, p.code) for p in info.value.problems]


def test_the_corpus_is_covered() -> None:
    on_disk = {p.name for p in CORPUS.iterdir()}
    assert on_disk == set(REFUSED) | set(ACCEPTED)
    assert all(p.stat().st_size < 200_000 for p in CORPUS.iterdir())


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_hostile_file_is_refused_with_located_problems(name: str) -> None:
    assert problems_of(CORPUS / name) == REFUSED[name]


@pytest.mark.parametrize("name", ACCEPTED)
def test_documented_acceptances(name: str) -> None:
    """A byte-order mark in CSV and JSON, blank values under trailing delimiters, a code
    in another Unicode normal form, line breaks in a note: read, with the same answers as
    the plain file."""
    got = read(CORPUS / name)
    if name == "decomposed_unit.csv":  # "dinsé" composed and decomposed: one unit, in NFC
        assert [u.code for u in got.units] == ["dins\u00e9"]
        assert [r.unit for r in got.responses] == ["dins\u00e9", "dins\u00e9"]
        return
    plain = read(CORPUS / f"good{Path(name).suffix}")
    assert got.responses == plain.responses and got.units == plain.units
    if name == "newline_in_note.json":
        assert got.note == "Baris satu\nBaris dua"
    if name == "bom.json":  # sniffed from bytes too: a BOM, then "{"
        assert kio.read_round((CORPUS / name).read_bytes()).responses == plain.responses


def test_a_typo_is_one_problem_with_its_rows_and_a_hint() -> None:
    with pytest.raises(kp.InvalidFileError) as info:
        read(CORPUS / "typo_unit.json")
    (problem,) = info.value.problems
    assert problem.params["occurrences"] == 5
    assert problem.params["suggestion"] == "disdukcapil"
    assert problem.text("id") == (
        "unit 'disdukcapl' tidak dikenal (5 kali seluruhnya; juga di responses[4].unit, "
        "responses[5].unit, responses[6].unit, responses[7].unit); mungkin maksudnya "
        "'disdukcapil'?"
    )
    with pytest.raises(kp.InvalidFileError) as info:
        read(CORPUS / "typo_indicator.csv")
    (problem,) = info.value.problems
    assert problem.text("en").endswith(
        "(5 times in all; also at G6, G7, G8, G9); did you mean 'in01'?"
    )


def test_a_typo_in_a_workbook_unit_column_is_one_problem(tmp_path: Path) -> None:
    """Answers naming a unit the Unit sheet lacks: one problem for the code, not one per
    row (the grouping is in the shared assembly every reader uses)."""
    source = kio.read_round(CORPUS / "good.csv", rubric=RUBRIC)
    rows = [r.model_dump() for r in source.responses]
    rows += [{**rows[2], "unit": "disdukcapl", "respondent": f"q{k}"} for k in range(4)]
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round(rubric=RUBRIC, entities=source.entities, units=source.units, responses=rows)
    (problem,) = info.value.problems
    assert (problem.location, problem.code) == ("responses[3].unit", "unknown_unit")
    assert (problem.params["occurrences"], problem.params["suggestion"]) == (4, "disdukcapil")


def test_a_workbook_respondent_code_is_checked_at_its_row() -> None:
    """Workbook answers reach the table through the shared assembly, which puts a code
    problem of the table back on the answer's row."""
    openpyxl = pytest.importorskip("openpyxl")
    source = kio.read_round(CORPUS / "good.csv", rubric=RUBRIC)
    wb = openpyxl.load_workbook(io.BytesIO(kio.write_round(source, format="xlsx")))
    (cell,) = [c for row in wb["Jawaban"].iter_rows() for c in row if c.value == "p2"]
    cell.value = "p\u200b2"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(out.getvalue())
    (problem,) = info.value.problems
    assert problem.code == "invisible_character"
    assert problem.location.startswith("Jawaban!") and problem.location.endswith(str(cell.row))


def test_a_field_over_the_csv_limit_is_a_located_problem(tmp_path: Path) -> None:
    text = (CORPUS / "good.csv").read_text(encoding="utf-8")
    path = tmp_path / "big.csv"
    path.write_text(text.replace("Dinas Sosial", "x" * 140_000, 1), encoding="utf-8")
    assert problems_of(path) == [("big.csv!2:2", "csv_field_too_large")]


def test_a_csv_file_left_half_read_raises_nothing_on_the_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading stopped by a csv module error closes the line generator while it is inside
    the text; that must not close the (detached) text wrapper, as ``yield from`` did: an
    "Exception ignored" on stderr."""
    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    text = (CORPUS / "good.csv").read_text(encoding="utf-8")
    big = text.replace("Dinas Kependudukan", "x" * 140_000, 1)
    with pytest.raises(kp.InvalidFileError):
        kio.read_round(big.encode(), rubric=RUBRIC, format="csv")
    gc.collect()
    assert seen == []


def test_csv_answers_keep_scoring_the_same_with_trailing_delimiters() -> None:
    plain = kp.score(read(CORPUS / "good.csv"))
    padded = kp.score(read(CORPUS / "trailing_delimiters.csv"))
    assert [u.score for u in padded.units] == [u.score for u in plain.units]


def test_a_zero_width_twin_no_longer_splits_a_unit() -> None:
    """The issue's case: ``u1`` and ``u1`` + U+200B scored as two units, exit 0."""
    text = (CORPUS / "good.csv").read_text(encoding="utf-8")
    twin = text.replace(";disdukcapil;", ";dinsos\u200b;")
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(twin.encode(), rubric=RUBRIC, format="csv", name="j.csv")
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("j.csv!D4", "invisible_character")
    ]


def test_the_cli_reports_hostile_files_with_exit_1() -> None:
    """Located messages in Bahasa Indonesia, exit 1, no traceback (``invoke`` fails the
    test on an unexpected exception)."""
    for name, where in (
        ("value_underflow.json", "responses[0].value"),
        ("zero_width_unit.csv", "zero_width_unit.csv!D5"),
        ("meta_format_version_overflow.json", "_meta.format_version"),
    ):
        rubric = ["--rubric", RUBRIC] if name.endswith(".csv") else []
        result = invoke("check", str(CORPUS / name), *rubric)
        assert result.exit_code == INVALID_INPUT, (name, result.output)
        assert where in result.output


def test_json_duplicate_keys_anywhere_are_located() -> None:
    good = (CORPUS / "good.json").read_text(encoding="utf-8")
    doubled = good.replace('"kind": "pemkot"', '"kind": "pemkot", "kind": "pemkab"')
    problems = [(p.location, p.code) for p in _refused_json(doubled)]
    assert problems == [("entities[0].kind", "duplicate_key")]


def test_json_unknown_answer_keys_and_several_problems_at_once() -> None:
    good = json.loads((CORPUS / "good.json").read_text(encoding="utf-8"))
    good["responses"][0]["nilai"] = 3
    good["responses"][2]["value"] = "2"
    good["units"][1]["name"] = "Dinas\x07"
    problems = [(p.location, p.code) for p in _refused_json(json.dumps(good))]
    assert problems == [
        ("units[1].name", "text_control_character"),
        ("responses[0].nilai", "unknown_key"),
        ("responses[2].value", "json_not_a_number"),
    ]


def _refused_json(text: str) -> tuple[kp.Problem, ...]:
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(text.encode(), format="json")
    return info.value.problems


def _big_round_json(copies: int) -> bytes:
    base = kp.example_round()
    rows = [r.model_dump(mode="json") for r in base.responses]
    data = json.loads(base.model_dump_json())
    data["units"] = [
        {**u, "code": f"{u['code']}-{k}"} for k in range(copies) for u in data["units"]
    ]
    data["responses"] = [{**r, "unit": f"{r['unit']}-{k}"} for k in range(copies) for r in rows]
    return json.dumps(data).encode()


def test_reading_json_holds_about_its_own_size_in_memory() -> None:
    """The answers are read into columns one at a time: the peak stays near the text's own
    size (it was 13.7 times the file before, one pydantic object per answer)."""
    data = _big_round_json(12)  # about 3.5 MB, 19,632 answers
    kp.get_rubric("ombudsman-2024")
    tracemalloc.start()
    try:
        got = kio.read_round(data, format="json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(got.responses) == 12 * len(kp.example_round().responses)
    assert peak < 3 * len(data), f"peak {peak / 1e6:.1f} MB for {len(data) / 1e6:.1f} MB"


def test_big_json_reads_as_the_model_reads_it() -> None:
    data = _big_round_json(2)
    assert kio.read_round(data, format="json") == kp.Round.model_validate_json(data)
