"""kepatuhan.io refuses bad files: every problem at once, located, and nothing returned.

A corpus of broken files is made in ``tmp_path`` from a good filled template (or CSV, or
JSON): each case asserts the exact problem codes and locations.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

import kepatuhan as kp
from io_files import (
    CSV_HEADER_ID,
    csv_rows,
    fill_template,
    small_round,
    workbook_variant,
    write_csv,
)
from kepatuhan import io as kio

RUBRIC = "ombudsman-2024"


@pytest.fixture(scope="module")
def good_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill_template(small_round(), tmp_path_factory.mktemp("good") / "penilaian.xlsx")


def _refused(path: Path, **kw: Any) -> list[tuple[str, str]]:
    """(location, code) of every problem; fails if a round is returned."""
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(path, **kw)
    assert isinstance(info.value, kp.InvalidInputError) and isinstance(info.value, ValueError)
    return [(p.location, p.code) for p in info.value.problems]


def _problems(path: Path, **kw: Any) -> tuple[kp.Problem, ...]:
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(path, **kw)
    return info.value.problems


def _row_of(wb: Workbook, unit: str, respondent: str) -> int:
    ws = wb["Jawaban"]
    for row in ws.iter_rows(min_row=4):
        if row[0].value == unit and row[2].value == respondent:
            return int(row[0].row)
    raise AssertionError("row not found")


# Workbooks: structure -------------------------------------------------------------------------


def test_the_good_workbook_reads(good_xlsx: Path) -> None:
    assert len(kio.read_round(good_xlsx).responses) == len(small_round().responses)


def test_missing_and_renamed_sheets(good_xlsx: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        del wb["Unit"]
        wb["Jawaban"].title = "Answers"

    path = workbook_variant(good_xlsx, tmp_path, change)
    problems = _problems(path)
    assert [(p.location, p.code, p.params["sheet"]) for p in problems] == [
        ("penilaian.xlsx", "missing_sheet", "Unit"),
        ("penilaian.xlsx", "missing_sheet", "Jawaban"),
    ]
    assert problems[0].text("id").startswith("lembar 'Unit' tidak ada (lembar dalam buku kerja:")


def test_workbook_for_another_rubric(good_xlsx: Path) -> None:
    problems = _problems(good_xlsx, rubric="ombudsman-2023")
    assert [(p.location, p.code) for p in problems] == [("_meta!B3", "rubric_mismatch")]
    assert problems[0].render("id") == (
        "_meta!B3: berkas ini untuk rubrik 'ombudsman-2024', bukan 'ombudsman-2023'"
    )


def test_without_meta_the_rubric_must_be_given(good_xlsx: Path, tmp_path: Path) -> None:
    path = workbook_variant(good_xlsx, tmp_path, lambda wb: wb.remove(wb["_meta"]))
    assert _refused(path) == [("penilaian.xlsx", "rubric_required")]
    assert len(kio.read_round(path, rubric=RUBRIC).responses) == len(small_round().responses)


def test_meta_of_something_else(good_xlsx: Path, tmp_path: Path) -> None:
    path = workbook_variant(good_xlsx, tmp_path, lambda wb: wb["_meta"].cell(1, 2, "lain"))
    assert _refused(path) == [("_meta!B1", "meta_invalid")]


def test_a_template_newer_than_the_reader_is_refused(good_xlsx: Path, tmp_path: Path) -> None:
    path = workbook_variant(good_xlsx, tmp_path, lambda wb: wb["_meta"].cell(2, 2, 99))
    assert _refused(path) == [("_meta!B2", "template_too_new")]
    assert _problems(path)[0].text("id").startswith("versi tata letak templat 99 lebih baru")


def test_merged_cells(good_xlsx: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        wb["Jawaban"].merge_cells("A4:A7")
        wb["Unit"].merge_cells("B2:C2")

    problems = _problems(workbook_variant(good_xlsx, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Unit!B2:C2", "merged_cells"),
        ("Jawaban!A4:A7", "merged_cells"),
    ]
    assert problems[1].text("id") == (
        "sel gabungan A4:A7 tidak didukung: pisahkan (unmerge) sel tersebut"
    )


def test_header_problems(good_xlsx: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        wb["Unit"]["D1"] = "Tipe"  # unit type column renamed
        wb["Instansi"]["E1"] = "Kode Instansi"  # a column twice
        wb["Jawaban"]["F2"] = "in99"  # not an indicator of the rubric
        wb["Jawaban"]["G2"] = "in01"  # the same indicator twice

    assert _refused(workbook_variant(good_xlsx, tmp_path, change)) == [
        ("Instansi!E1", "duplicate_column"),
        ("Unit!1:1", "missing_column"),
        ("Unit!D1", "unknown_column"),
        ("Jawaban!F2", "unknown_indicator"),
        ("Jawaban!G2", "duplicate_column"),
    ]


# Workbooks: cells -----------------------------------------------------------------------------


def test_value_outside_the_scale_names_its_cell(good_xlsx: Path, tmp_path: Path) -> None:
    path = workbook_variant(good_xlsx, tmp_path, lambda wb: wb["Jawaban"].cell(4, 5, 5))
    problems = _problems(path)
    assert [(p.location, p.code) for p in problems] == [("Jawaban!E4", "out_of_scale")]
    assert problems[0].render("id") == "Jawaban!E4: nilai 5 di luar skala 0–3 indikator 'in01'"
    assert problems[0].render("en") == (
        "Jawaban!E4: value 5 is outside the scale 0–3 of indicator 'in01'"
    )


def test_numbers_as_text(good_xlsx: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        ws = wb["Jawaban"]
        ws["E4"] = " 2 "  # accepted: 2
        ws["F4"] = "2,5"  # a number, but not a step of 0–3
        ws["G4"] = "1.234"  # decimal or thousands? refused
        ws["H4"] = "dua"  # not a number
        ws["I4"] = "1,5e3"  # not a number either

    problems = _problems(workbook_variant(good_xlsx, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Jawaban!F4", "off_step"),
        ("Jawaban!G4", "ambiguous_number"),
        ("Jawaban!H4", "not_a_number"),
        ("Jawaban!I4", "not_a_number"),
    ]
    texts = [p.text("id") for p in problems]
    assert texts[0] == "nilai 2.5 bukan langkah yang sah pada skala 0–3 indikator 'in02'"
    assert texts[1] == ("'1.234' ambigu (koma desimal atau pemisah ribuan?): tulis 1.234 atau 1234")
    assert texts[2] == "'dua' bukan angka; yang sah: 0–3, tidak_berlaku, belum_dinilai"
    assert problems[2].text("en") == (
        "'dua' is not a number; allowed: 0–3, tidak_berlaku, belum_dinilai"
    )


def test_text_numbers_are_read_as_numbers(good_xlsx: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        wb["Jawaban"]["E4"] = "2"
        wb["Jawaban"]["F4"] = "0,0"

    got = kio.read_round(workbook_variant(good_xlsx, tmp_path, change))
    row = [r for r in got.responses if r.respondent == "pelaksana-1" and r.unit == "disdukcapil"]
    assert {r.indicator: r.value for r in row}["in01"] == 2.0
    assert {r.indicator: r.value for r in row}["in02"] == 0.0


def test_partly_filled_rows_and_unknown_codes(good_xlsx: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        ws = wb["Jawaban"]
        n = ws.max_row
        ws.cell(n + 2, 3, "pelaksana-9")  # a respondent, no unit
        ws.cell(n + 2, 5, 3)
        ws.cell(n + 3, 1, "dinas-x")  # a unit that is not in Unit
        ws.cell(n + 3, 5, 3)
        ws.cell(n + 4, 1, "disdukcapil")
        ws.cell(n + 4, 2, "kepala dinas")  # not a role
        ws.cell(n + 4, 5, 3)
        units = wb["Unit"]
        units.append(["disdukcapil", "Dinas lagi", "16.72", "opd"])  # duplicate code
        units.append(["upt-1", "UPT", "99.99", "upt"])  # unknown entity
        units.append(["upt-2", "UPT", "16.72", "kantor"])  # unknown unit type
        units.append(["upt-3", None, "16.72", "upt"])  # no name

    path = workbook_variant(good_xlsx, tmp_path, change)
    n = openpyxl.load_workbook(good_xlsx)["Jawaban"].max_row
    problems = _problems(path)
    assert [(p.location, p.code) for p in problems] == [
        ("Unit!A4", "duplicate_code"),
        ("Unit!C5", "unknown_entity"),
        ("Unit!D6", "unknown_value"),
        ("Unit!B7", "required_cell"),
        ("Jawaban!A" + str(n + 2), "required_cell"),
        ("Jawaban!A" + str(n + 3), "unknown_unit"),
        ("Jawaban!B" + str(n + 4), "unknown_value"),
    ]
    text = {p.location: p.text("id") for p in problems}
    assert text["Unit!D6"] == (
        "'kantor' tidak boleh di kolom 'Jenis Unit'; pilihan: opd, upt, puskesmas, rsud, "
        "kantor_vertikal"
    )
    assert text["Unit!A4"] == "kode unit 'disdukcapil' ganda (pertama di Unit!A2)"
    assert text["Unit!B7"] == "'Nama Unit' wajib diisi"
    assert text["Jawaban!A" + str(n + 3)] == "unit 'dinas-x' tidak dikenal"


def test_role_and_duplicate_answer_checks_of_score_point_at_cells(
    good_xlsx: Path, tmp_path: Path
) -> None:
    def change(wb: Workbook) -> None:
        ws = wb["Jawaban"]
        row = _row_of(wb, "disdukcapil", "pelaksana-2")
        ws.cell(row, 3, "pelaksana-1")  # the same respondent twice
        first = _row_of(wb, "disdukcapil", "pelaksana-1")
        ws.cell(first, 14, 2)  # pelaksana answering an observasi indicator (in10, column N)

    problems = _problems(workbook_variant(good_xlsx, tmp_path, change))
    codes = {p.code for p in problems}
    assert codes == {"role_mismatch", "duplicate_answer"}
    role = next(p for p in problems if p.code == "role_mismatch")
    assert role.location == "Jawaban!N4"
    assert role.text("id") == (
        "peran responden 'pelaksana' tidak menjawab indikator 'in10' (seharusnya 'observasi')"
    )
    dup = [p.location for p in problems if p.code == "duplicate_answer"]
    assert dup == [f"Jawaban!{c}5" for c in "EFGHIJKLM"]


def test_every_problem_is_reported_at_once(good_xlsx: Path, tmp_path: Path) -> None:
    """Problems of every sheet and of both passes (cells, then the rubric) together."""

    def change(wb: Workbook) -> None:
        wb["Instansi"]["C2"] = "kota"
        wb["Jawaban"]["E4"] = 7
        wb["Jawaban"]["F4"] = "x"

    assert _refused(workbook_variant(good_xlsx, tmp_path, change)) == [
        ("Instansi!C2", "unknown_value"),
        ("Jawaban!F4", "not_a_number"),
    ]
    # The units of a bad entity are not scored, so E4 (a unit of it) is not checked yet;
    # with the entity fixed, both answer problems show.

    def change2(wb: Workbook) -> None:
        wb["Penilaian"]["B3"] = "mungkin"
        wb["Jawaban"]["E4"] = 7
        wb["Jawaban"]["F4"] = "x"

    assert _refused(workbook_variant(good_xlsx, tmp_path, change2)) == [
        ("Penilaian!B3", "unknown_value"),
        ("Jawaban!E4", "out_of_scale"),
        ("Jawaban!F4", "not_a_number"),
    ]


# Damaged files --------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    problems = _problems(path)
    assert [(p.location, p.code) for p in problems] == [("kosong.xlsx", "empty_file")]
    assert problems[0].render("id") == "kosong.xlsx: berkas kosong (0 byte)"


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_text("kode_unit,nilai\nu1,3\n", encoding="utf-8")
    assert _refused(path) == [("data.xlsx", "not_xlsx")]


def test_truncated_workbook(good_xlsx: Path, tmp_path: Path) -> None:
    data = good_xlsx.read_bytes()
    path = tmp_path / "potong.xlsx"
    path.write_bytes(data[: len(data) // 2])
    problems = _problems(path)
    assert [(p.location, p.code) for p in problems] == [("potong.xlsx", "corrupt_xlsx")]
    assert "rusak atau terpotong" in problems[0].text("id")


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "halo")
    assert _refused(path) == [("arsip.xlsx", "corrupt_xlsx")]


def test_damaged_sheet_data(good_xlsx: Path, tmp_path: Path) -> None:
    """A sheet whose compressed bytes are damaged: found while streaming its rows."""
    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(good_xlsx) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet5.xml":  # Jawaban
                data = data[: len(data) // 2]  # XML cut in the middle of the rows
            dst.writestr(info, data)
    assert _refused(path) == [("rusak.xlsx", "corrupt_xlsx")]


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "data.ods"
    path.write_bytes(b"x")
    problems = _problems(path)
    assert [(p.location, p.code) for p in problems] == [("data.ods", "unknown_format")]
    assert "'.ods'" in problems[0].text("id")


def test_huge_sheet_names_its_one_bad_cell(tmp_path: Path) -> None:
    """50,000 answer rows, streamed; the one bad value at the end is named."""
    rows = 50_000
    path = tmp_path / "besar.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    meta = wb.create_sheet("_meta")
    for pair in (("format", "kepatuhan-template"), ("rubric", RUBRIC)):
        meta.append(list(pair))
    entities = wb.create_sheet("Instansi")
    entities.append(["Kode Instansi", "Nama Instansi", "Jenis Instansi"])
    entities.append(["16.72", "Pemerintah Kota Pagar Alam", "pemkot"])
    units = wb.create_sheet("Unit")
    units.append(["Kode Unit", "Nama Unit", "Kode Instansi", "Jenis Unit"])
    units.append(["dinsos", "Dinas Sosial", "16.72", "opd"])
    answers = wb.create_sheet("Jawaban")
    answers.append([])
    others = [i.id for i in kp.get_rubric(RUBRIC).indicators() if i.id not in ("out01", "out02")]
    answers.append(["Kode Unit", "Peran", "Responden", "Bukti", "out01", "out02", *others])
    answers.append([])
    for k in range(rows - 1):
        answers.append(["dinsos", "pengguna_layanan", f"r{k}", None, k % 4, 3])
    answers.append(["dinsos", "pengguna_layanan", "terakhir", None, 2, "tiga"])
    wb.save(path)
    problems = _problems(path, rubric=RUBRIC)
    last = rows + 3
    assert [(p.location, p.code) for p in problems] == [(f"Jawaban!F{last}", "not_a_number")]


# CSV ------------------------------------------------------------------------------------------


@pytest.fixture
def good_rows() -> list[list[str]]:
    return csv_rows(small_round())


def test_csv_needs_a_rubric(tmp_path: Path, good_rows: list[list[str]]) -> None:
    path = write_csv(tmp_path / "j.csv", good_rows)
    assert _refused(path) == [("j.csv", "rubric_required")]


def test_csv_cells(tmp_path: Path, good_rows: list[list[str]]) -> None:
    rows = [list(r) for r in good_rows]
    rows[0][11] = "4"  # row 2: outside 0–3
    rows[1][11] = "2,5"  # row 3: off the steps
    rows[2][11] = ""  # row 4: answered without a value
    rows[3][12] = "tidak_berlaku"  # row 5: a status beside a value
    rows[4][5] = "Dinas Lain"  # row 6: the unit's name differs from its first row
    rows[5][8] = "in99"  # row 7: unknown indicator
    rows[6][2] = "kota"  # row 8: unknown entity kind
    rows[7][10] = "kepala"  # row 9: unknown role
    rows[8][11] = "1.500"  # row 10: ambiguous
    rows[9] = ["", "", "", "", "", "", "", "", "", "x"]  # row 11: partly filled
    rows.insert(10, [""] * 14)  # row 12: fully empty, skipped
    path = write_csv(tmp_path / "j.csv", rows)
    problems = _problems(path, rubric=RUBRIC)
    assert [(p.location, p.code) for p in problems] == [
        ("j.csv!L2", "out_of_scale"),
        ("j.csv!L3", "off_step"),
        ("j.csv!L4", "value_missing"),
        ("j.csv!L5", "value_with_status"),
        ("j.csv!F6", "inconsistent_value"),
        ("j.csv!I7", "unknown_indicator"),
        ("j.csv!C8", "unknown_value"),
        ("j.csv!K9", "unknown_value"),
        ("j.csv!L10", "ambiguous_number"),
        *[(f"j.csv!{c}11", "required_cell") for c in "ABCEFGI"],
    ]
    text = {p.location: p.text("id") for p in problems}
    assert text["j.csv!F6"] == (
        "'disdukcapil' berisi 'nama_unit' = 'Dinas Lain' di sini, tetapi "
        "'Dinas Kependudukan dan Pencatatan Sipil' di j.csv!F2"
    )
    assert text["j.csv!L2"] == "nilai 4 di luar skala 0–3 indikator 'in01'"


def test_csv_header(tmp_path: Path, good_rows: list[list[str]]) -> None:
    header = list(CSV_HEADER_ID)
    header[4] = "unit"  # unknown, and kode_unit is then missing
    header[13] = "nilai"  # nilai twice
    path = write_csv(tmp_path / "j.csv", good_rows, header=header)
    assert _refused(path, rubric=RUBRIC) == [
        ("j.csv!1:1", "missing_column"),
        ("j.csv!E1", "unknown_column"),
        ("j.csv!N1", "duplicate_column"),
    ]


def test_csv_not_utf8(tmp_path: Path, good_rows: list[list[str]]) -> None:
    path = write_csv(tmp_path / "j.csv", good_rows)
    data = path.read_bytes().split(b"\n")
    data[3] = data[3].replace(b"Pagar", "Pagar\u00e9".encode("latin-1"))
    path.write_bytes(b"\n".join(data))
    problems = _problems(path, rubric=RUBRIC)
    assert [(p.location, p.code) for p in problems] == [("j.csv!4:4", "not_utf8")]
    assert problems[0].text("id").startswith("bukan teks UTF-8 (byte tidak sah pertama di baris 4)")


def test_csv_empty(tmp_path: Path) -> None:
    path = tmp_path / "j.csv"
    path.write_bytes(b"")
    assert _refused(path, rubric=RUBRIC) == [("j.csv", "empty_file")]


def test_many_bad_rows_are_listed_up_to_a_limit_then_counted(
    tmp_path: Path, good_rows: list[list[str]]
) -> None:
    rows = [list(r) for r in good_rows[:300]]
    for r in rows:
        r[11] = "x"
    problems = _problems(write_csv(tmp_path / "j.csv", rows), rubric=RUBRIC)
    assert len(problems) == 201
    assert problems[-1].code == "more_problems" and problems[-1].params["count"] == 100
    assert problems[-1].text("id") == "100 masalah lain berkode not_a_number tidak ditampilkan"


# JSON -----------------------------------------------------------------------------------------


def test_json_problems(tmp_path: Path) -> None:
    good = kp.example_round().model_dump_json()
    path = tmp_path / "round.json"
    path.write_text(good[: len(good) // 2], encoding="utf-8")
    problems = _problems(path)
    assert [p.code for p in problems] == ["invalid_json"]
    assert problems[0].text("id").startswith("bukan JSON yang sah: ")

    path.write_text(good, encoding="utf-8")
    assert _refused(path, rubric="ombudsman-2023") == [("rubric", "rubric_mismatch")]

    path.write_text(good.replace('"value":3.0', '"value":9.0', 1), encoding="utf-8")
    problems = _problems(path)
    assert [(p.location, p.code) for p in problems] == [("responses[0].value", "out_of_scale")]
    assert problems[0].render("id") == (
        "responses[0].value: nilai 9 di luar skala 0–3 indikator 'in01'"
    )

    path.write_text(good.replace('"unit_type":"opd"', '"unit_type":"kantor"', 1), "utf-8")
    assert [p.location for p in _problems(path)] == ["units[0].unit_type"]

    path.write_bytes(b"")
    assert _refused(path) == [("round.json", "empty_file")]


def test_without_openpyxl(tmp_path: Path, good_rows: list[list[str]]) -> None:
    """kepatuhan.io imports and reads CSV without openpyxl; xlsx says how to install it."""
    import subprocess
    import sys

    path = write_csv(tmp_path / "j.csv", good_rows)
    code = f"""
import sys
sys.modules["openpyxl"] = None  # as if not installed
import kepatuhan as kp
from kepatuhan import io as kio
r = kio.read_round({str(path)!r}, rubric="ombudsman-2024")
print(len(r.responses))
try:
    kio.write_template("ombudsman-2024", {str(tmp_path / "t.xlsx")!r})
except kp.KepatuhanError as err:
    print(err)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == str(len(good_rows))
    assert 'pip install "kepatuhan[excel]"' in out[1]


def test_an_unknown_unit_on_a_wide_answer_row_is_counted_once_per_row() -> None:
    """A Jawaban row holds many answers; an unknown unit code on two rows is two places,
    each named once (not once per answer: "also at A5, A5, A5, …")."""
    from openpyxl import load_workbook

    buffer = io.BytesIO()
    kio.write_round(kp.example_round(), buffer, format="xlsx")
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    book["Jawaban"]["A5"] = "tidak-ada"
    book["Jawaban"]["A9"] = "tidak-ada"
    changed = io.BytesIO()
    book.save(changed)
    with pytest.raises(kp.InvalidFileError) as caught:
        kio.read_round(io.BytesIO(changed.getvalue()), format="xlsx")
    (problem,) = [p for p in caught.value.problems if p.code == "unknown_unit"]
    assert problem.location == "Jawaban!A5"
    assert problem.params["occurrences"] == 2
    assert problem.params["elsewhere"] == "A9"
