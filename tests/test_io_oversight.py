"""kepatuhan.io: dimension scores (Nilai Dimensi) and oversight products (Produk Pengawasan).

Round trips for ``ombudsman-2025`` up to the opinion label, the "recorded?" flag, old
templates without the sheets, and every problem of the two sheets with its cell.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

import kepatuhan as kp
from io_files import fill_oversight, fill_template, small_round, workbook_variant
from kepatuhan import io as kio
from kepatuhan.io._cells import CellError, read_date

RUBRIC = "ombudsman-2025"
DIMENSIONS = ("input", "proses", "pengaduan", "output", "kepercayaan_masyarakat")
SHEET_D = "Nilai Dimensi"
SHEET_O = "Produk Pengawasan"


def _entity(code: str, name: str) -> kp.Entity:
    return kp.Entity(code=code, name=name, kind="pemkab")


def _scores(unit: str, value: float) -> list[kp.DimensionScore]:
    return [kp.DimensionScore(unit=unit, dimension=d, value=value) for d in DIMENSIONS]


def _product(entity: str, ref: str, *, done: bool, **kw: Any) -> kp.OversightProduct:
    return kp.OversightProduct(
        entity=entity, kind="saran_perbaikan", reference=ref, followed_up=done, **kw
    )


def round_2025(products: tuple[kp.OversightProduct, ...] | None = ()) -> kp.Round:
    """Three entities, one unit each, scored from dimension scores (one unit as contributions).

    With the default products: 82.72 followed up both of its products, 82.03 has one
    outstanding, 82.05 received none.
    """
    entities = [
        _entity("82.72", "Pemerintah Kota Tidore Kepulauan"),
        _entity("82.03", "Pemerintah Kabupaten Halmahera Utara"),
        _entity("82.05", "Pemerintah Kabupaten Kepulauan Sula"),
    ]
    units = [
        kp.ServiceUnit(code=f"u{k}", name=f"Dinas {k}", entity=e.code, unit_type="opd")
        for k, e in enumerate(entities, start=1)
    ]
    weights = dict.fromkeys(DIMENSIONS[:4], 17.5) | {"kepercayaan_masyarakat": 30.0}
    contributions = [
        kp.DimensionScore(unit="u3", dimension=d, value=round(w * 0.65, 2), form="contribution")
        for d, w in weights.items()
    ]
    return kp.Round(
        rubric=RUBRIC,
        title="Penilaian 2025",
        entities=entities,
        units=units,
        dimension_scores=[*_scores("u1", 62.57), *_scores("u2", 70.0), *contributions],
        oversight_products=products,
    )


DEFAULT_PRODUCTS = (
    _product("82.72", "LAHP-12/2025", done=True, issued=date(2025, 3, 14), note="selesai"),
    _product("82.72", "R-3/2025", done=True),
    _product("82.03", "LAHP-40/2025", done=False, issued=date(2025, 5, 2)),
)


@pytest.fixture(scope="module")
def good_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("good") / "penilaian.xlsx"
    return fill_template(round_2025(DEFAULT_PRODUCTS), path)


def _problems(path: Path, **kw: Any) -> tuple[kp.Problem, ...]:
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(path, **kw)
    return info.value.problems


def _opinions(round_: kp.Round) -> dict[str, str | None]:
    return {e.code: e.opinion for e in kp.score(round_).entities}


# Round trips ----------------------------------------------------------------------------------


def test_round_trip_gives_the_opinion_labels(good_2025: Path) -> None:
    source = round_2025(DEFAULT_PRODUCTS)
    got = kio.read_round(good_2025)
    assert got == source
    assert kp.score(got).to_json() == kp.score(source).to_json()
    assert _opinions(got) == {
        "82.72": "Opini Kualitas Sedang Tanpa Maladministrasi",
        "82.03": "Opini Kualitas Sedang",
        "82.05": "Opini Kualitas Sedang Tanpa Maladministrasi",
    }
    assert kp.score(got).entity("82.03").outstanding_products == ("LAHP-40/2025",)


def test_recorded_none_issued_qualifies_every_entity(tmp_path: Path) -> None:
    got = kio.read_round(fill_template(round_2025(()), tmp_path / "p.xlsx"))
    assert got.oversight_products == ()
    assert set(_opinions(got).values()) == {"Opini Kualitas Sedang Tanpa Maladministrasi"}


@pytest.mark.parametrize("flag", ["tidak", None, "  "])
def test_not_recorded_leaves_the_opinion_undecided(tmp_path: Path, flag: str | None) -> None:
    path = fill_template(round_2025(None), tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb[SHEET_O]["B1"].value == "tidak"
    wb[SHEET_O]["B1"] = flag
    wb.save(path)
    got = kio.read_round(path)
    assert got == round_2025(None) and got.oversight_products is None
    assert set(_opinions(got).values()) == {None}
    result = kp.score(got)
    assert {e.without_maladministration for e in result.entities} == {None}
    assert {e.quality for e in result.entities} != {None}  # the score itself is there


def test_flag_words_and_text_dates(good_2025: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        ws = wb[SHEET_O]
        ws["B1"] = "Ya"
        ws["D4"] = "14/03/2025"
        ws["D6"] = " 2025-05-02 "
        ws["E4"] = "YA"
        wb[SHEET_D]["D2"] = "Persen"  # case does not matter
        wb[SHEET_D]["C3"] = "62,57"  # a decimal comma in text

    got = kio.read_round(workbook_variant(good_2025, tmp_path, change))
    assert got == round_2025(DEFAULT_PRODUCTS)


def test_english_template_reads_back(tmp_path: Path) -> None:
    path = kio.write_template(RUBRIC, tmp_path / "t.xlsx", lang="en")
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb[SHEET_O][3]] == [
        "Entity code", "Product kind", "Reference", "Issue date", "Followed up", "Note"
    ]  # fmt: skip
    assert [c.value for c in wb[SHEET_D][1]] == ["Unit code", "Dimension", "Value", "Form"]
    assert wb[SHEET_O]["A1"].value == "Oversight products recorded?"
    source = round_2025(DEFAULT_PRODUCTS)
    for e in source.entities:
        wb["Instansi"].append([e.code, e.name, e.kind.value])
    for u in source.units:
        wb["Unit"].append([u.code, u.name, u.entity, u.unit_type.value])
    for ds in source.dimension_scores:
        wb[SHEET_D].append([ds.unit, ds.dimension, ds.value, ds.form])  # English words
    fill_oversight(wb[SHEET_O], source.oversight_products)
    wb[SHEET_O]["B1"] = "yes"
    wb.save(path)
    assert kio.read_round(path).model_copy(update={"title": source.title}) == source


def test_dimension_scores_in_a_template_of_2024(tmp_path: Path) -> None:
    """Every template has Nilai Dimensi: one unit from answers, one from its rapor."""
    base = small_round()
    extra = kp.ServiceUnit(code="rapor", name="Dinas Rapor", entity="16.72", unit_type="opd")
    scores = [
        kp.DimensionScore(unit="rapor", dimension=d, value=v)
        for d, v in (("input", 80), ("proses", 72.5), ("output", 90), ("pengaduan", 65))
    ]
    source = kp.Round(
        rubric=base.rubric,
        entities=base.entities,
        units=(*base.units, extra),
        responses=base.responses,
        dimension_scores=scores,
    )
    got = kio.read_round(fill_template(source, tmp_path / "p.xlsx"))
    assert got.dimension_scores == source.dimension_scores
    assert got.oversight_products is None
    assert kp.score(got).to_json() == kp.score(source).to_json()


# Old templates and sheets out of place ---------------------------------------------------------


def test_template_of_format_version_1_still_reads(tmp_path: Path) -> None:
    """A workbook of the first layout (no Nilai Dimensi, no Produk Pengawasan)."""
    path = fill_template(small_round(), tmp_path / "v1.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb[SHEET_D]
    meta = wb["_meta"]
    row = next(r for r in meta.iter_rows() if r[0].value == "format_version")
    row[1].value = 1
    wb.save(path)
    assert openpyxl.load_workbook(path).sheetnames == [
        "Petunjuk", "Penilaian", "Instansi", "Unit", "Jawaban", "Indikator", "_meta"
    ]  # fmt: skip
    got = kio.read_round(path)
    assert got.dimension_scores == () and got.oversight_products is None
    source = small_round()
    assert (got.entities, got.units) == (source.entities, source.units)
    assert len(got.responses) == len(source.responses)
    got_result, want = (json.loads(kp.score(r).to_json()) for r in (got, source))
    assert (got_result["units"], got_result["entities"]) == (want["units"], want["entities"])


def test_template_of_2025_without_the_new_sheets(good_2025: Path, tmp_path: Path) -> None:
    """An ombudsman-2025 workbook without Produk Pengawasan: nothing recorded, no opinion."""
    path = workbook_variant(good_2025, tmp_path, lambda wb: wb.remove(wb[SHEET_O]))
    got = kio.read_round(path)
    assert got.oversight_products is None
    assert set(_opinions(got).values()) == {None}


def test_oversight_sheet_in_a_rubric_without_opinion_is_read_and_kept(tmp_path: Path) -> None:
    """The sheet copied into an ombudsman-2024 workbook: products kept, no opinion rule."""
    path = fill_template(small_round(), tmp_path / "p.xlsx")
    source = kio.write_template(RUBRIC, tmp_path / "t2025.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet(SHEET_O)
    for row in openpyxl.load_workbook(source)[SHEET_O].iter_rows(values_only=True):
        ws.append(row)
    products = (_product("16.72", "LAHP-1/2024", done=False),)
    fill_oversight(ws, products)
    wb.save(path)
    got = kio.read_round(path)
    assert got.oversight_products == products
    assert {e.opinion for e in kp.score(got).entities} == {
        e.opinion for e in kp.score(small_round()).entities
    }


# Template --------------------------------------------------------------------------------------


def _lists(ws: Any) -> dict[str, tuple[str, Any, Any]]:
    return {
        str(dv.sqref): (dv.type, dv.formula1, dv.formula2)
        for dv in ws.data_validations.dataValidation
    }


def test_template_sheets_of_2025(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(kio.write_template(RUBRIC, tmp_path / "t.xlsx"))
    assert wb.sheetnames == [
        "Petunjuk", "Penilaian", "Instansi", "Unit", "Jawaban", "Nilai Dimensi",
        "Produk Pengawasan", "Indikator", "_meta",
    ]  # fmt: skip
    ws = wb[SHEET_O]
    assert (ws["A1"].value, ws["B1"].value) == ("Produk pengawasan dicatat?", None)
    assert [c.value for c in ws[3]] == [
        "Kode Instansi", "Jenis Produk", "Nomor Produk", "Tanggal Terbit", "Ditindaklanjuti",
        "Catatan",
    ]  # fmt: skip
    rules = _lists(ws)
    assert rules["B1"] == ("list", '"ya,tidak,yes,no"', None)
    assert rules["A4:A1048576"][1] == "=Instansi!$A$2:$A$10000"
    kinds = '"tindakan_korektif,saran_perbaikan,saran_penyempurnaan,rekomendasi"'
    assert rules["B4:B1048576"] == ("list", kinds, None)
    assert rules["D4:D1048576"][0] == "date"
    assert rules["E4:E1048576"] == ("list", '"ya,tidak"', None)
    assert ws.freeze_panes == "A4"
    dims = _lists(wb[SHEET_D])
    assert dims["B2:B1048576"] == ("list", '"' + ",".join(("dimensi", *DIMENSIONS)) + '"', None)
    assert dims["C2:C1048576"] == ("decimal", "0", "100")
    assert dims["D2:D1048576"] == ("list", '"persen,kontribusi"', None)
    text = "\n".join(str(r[0]) for r in wb["Petunjuk"].iter_rows(values_only=True))
    assert "'Produk pengawasan dicatat?'" in text and "belum dapat ditentukan" in text
    assert "kepercayaan_masyarakat (Kepercayaan Masyarakat, 30)" in text
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    assert meta["format_version"] == 2


def test_only_rubrics_with_an_opinion_rule_get_the_oversight_sheet(tmp_path: Path) -> None:
    # (an SKM rubric's template is the survey sheet: tests/test_skm_survey.py)
    for rubric_id in ("ombudsman-2024", "pekppp-2022"):
        rubric = kp.get_rubric(rubric_id)
        wb = openpyxl.load_workbook(kio.write_template(rubric, tmp_path / f"{rubric_id}.xlsx"))
        assert rubric.opinion is None
        assert SHEET_O not in wb.sheetnames and SHEET_D in wb.sheetnames
        text = "\n".join(str(r[0]) for r in wb["Petunjuk"].iter_rows(values_only=True))
        assert "Produk Pengawasan" not in text


def test_plugin_rubric_with_an_opinion_rule_gets_the_sheet(tmp_path: Path) -> None:
    try:
        rubric = kp.get_rubric("ombudsman-2026-draft")
    except kp.UnknownRubricError:  # pragma: no cover - the plugin is installed in dev
        pytest.skip("plugin kepatuhan-rubrik-2026 not installed")
    assert rubric.opinion is not None
    wb = openpyxl.load_workbook(kio.write_template(rubric, tmp_path / "t.xlsx"))
    assert SHEET_O in wb.sheetnames


# Problems -------------------------------------------------------------------------------------


def _answer_row(rubric_id: str, unit: str) -> list[object]:
    """A Jawaban row with one answer of the rubric's first indicator."""
    indicator = kp.get_rubric(rubric_id).indicators()[0]
    return [unit, indicator.role.value, "p1", None, indicator.scale.minimum]


def test_every_problem_of_the_two_sheets_at_once(good_2025: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        d = wb[SHEET_D]  # rows 2–6: u1, 7–11: u2, 12–16: u3 (contributions)
        d["C2"] = "tinggi"  # not a number
        d["B3"] = "pr01"  # an indicator, not a dimension or group
        d["C4"] = 100.5  # percentage above 100
        d["D5"] = "nilai"  # not a form
        d["C13"] = 18  # contribution above the weight 17.5
        d.append(["u1", "input", 60, "persen"])  # row 17: u1/input twice (row 2 is bad)
        d.append(["u2", "input", 60, "persen"])  # row 18: u2/input twice
        d.append(["u9", "input", 60, "persen"])  # row 19: unknown unit
        d.append(["u2", None, 60, "persen"])  # row 20: no dimension
        wb["Jawaban"].append(_answer_row(RUBRIC, "u3"))  # u3 has dimension scores
        o = wb[SHEET_O]  # rows 4–6 are the three products
        o["B4"] = "teguran"  # not a kind
        o["E5"] = "sudah"  # not ya/tidak
        o["D6"] = "2025-13-01"  # no such date
        o.append(["99.99", "rekomendasi", "R-9/2025", None, "ya"])  # row 7: unknown entity
        o.append(["82.05", "rekomendasi", "R-5/2025", "2025-06-30", "ya"])  # row 8
        o.append(["82.05", "tindakan_korektif", "R-5/2025", None, "tidak"])  # row 9: ref twice
        o.append(["82.05", "rekomendasi", None, 45731, "ya"])  # row 10: no ref, number date

    problems = _problems(workbook_variant(good_2025, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Nilai Dimensi!C2", "not_a_number"),
        ("Nilai Dimensi!B3", "figure_not_group"),
        ("Nilai Dimensi!C4", "dimension_out_of_range"),
        ("Nilai Dimensi!D5", "unknown_value"),
        ("Nilai Dimensi!A12", "mixed_input_levels"),
        ("Nilai Dimensi!C13", "contribution_too_large"),
        ("Nilai Dimensi!B18", "duplicate_code"),
        ("Nilai Dimensi!A19", "unknown_unit"),
        ("Nilai Dimensi!B20", "required_cell"),
        ("Produk Pengawasan!B4", "unknown_value"),
        ("Produk Pengawasan!E5", "unknown_value"),
        ("Produk Pengawasan!D6", "not_a_date"),
        ("Produk Pengawasan!A7", "unknown_entity_ref"),
        ("Produk Pengawasan!C9", "duplicate_code"),
        ("Produk Pengawasan!C10", "required_cell"),
        ("Produk Pengawasan!D10", "not_a_date"),
    ]
    text = {p.location: (p.text("id"), p.text("en")) for p in problems}
    assert text["Nilai Dimensi!C2"] == (
        "'tinggi' bukan angka; yang sah: 0–100",
        "'tinggi' is not a number; allowed: 0–100",
    )
    assert text["Nilai Dimensi!B3"] == (
        "'pr01' adalah indikator rubrik 'ombudsman-2025': isikan jawabannya sebagai jawaban "
        "indikator; nilai rapor hanya untuk dimensi atau kelompok",
        "'pr01' is an indicator of rubric 'ombudsman-2025': give its answers as responses; a "
        "rapor figure names a dimension or a group",
    )
    assert text["Nilai Dimensi!C4"][0] == "nilai 100.5 di luar rentang 0–100 dimensi 'pengaduan'"
    assert text["Nilai Dimensi!D5"][0] == (
        "'nilai' tidak boleh di kolom 'Bentuk'; pilihan: persen, kontribusi"
    )
    assert text["Nilai Dimensi!A12"][0] == (
        "unit 'u3' memiliki jawaban indikator sekaligus nilai dimensi; pilih salah satu"
    )
    assert text["Nilai Dimensi!C13"][0] == "kontribusi 18 dimensi 'proses' melebihi bobotnya 17.5"
    assert text["Nilai Dimensi!B18"] == (
        "nilai dimensi 'u2/input' ganda (pertama di Nilai Dimensi!B7)",
        "duplicate dimension score 'u2/input' (first at Nilai Dimensi!B7)",
    )
    assert text["Nilai Dimensi!A19"][0] == "unit 'u9' tidak dikenal"
    assert text["Produk Pengawasan!B4"][0] == (
        "'teguran' tidak boleh di kolom 'Jenis Produk'; pilihan: tindakan_korektif, "
        "saran_perbaikan, saran_penyempurnaan, rekomendasi"
    )
    assert text["Produk Pengawasan!E5"][0] == (
        "'sudah' tidak boleh di kolom 'Ditindaklanjuti'; pilihan: ya, tidak"
    )
    assert text["Produk Pengawasan!D6"] == (
        "'2025-13-01' bukan tanggal: tulis sebagai YYYY-MM-DD (mis. 2025-03-14) atau DD/MM/YYYY",
        "'2025-13-01' is not a date: write it as YYYY-MM-DD (e.g. 2025-03-14) or DD/MM/YYYY",
    )
    assert text["Produk Pengawasan!A7"][0] == (
        "merujuk instansi '99.99' yang tidak ada dalam penilaian"
    )
    assert text["Produk Pengawasan!C9"] == (
        "produk pengawasan 'R-5/2025' ganda (pertama di Produk Pengawasan!C8)",
        "duplicate oversight product 'R-5/2025' (first at Produk Pengawasan!C8)",
    )


@pytest.mark.parametrize(
    ("flag", "code", "id_text"),
    [
        (None, "oversight_flag_required",
         "isi 'ya' atau 'tidak': apakah produk pengawasan dicatat? Ada 3 baris produk"),
        ("tidak", "oversight_flag_contradicted",
         "produk pengawasan ditandai tidak dicatat ('tidak'), tetapi ada 3 baris produk: tulis "
         "'ya' atau kosongkan baris tersebut"),
        ("mungkin", "unknown_value",
         "'mungkin' tidak boleh di kolom 'Produk pengawasan dicatat?'; pilihan: ya, tidak"),
    ],
)  # fmt: skip
def test_product_rows_need_the_flag_ya(
    good_2025: Path, tmp_path: Path, flag: str | None, code: str, id_text: str
) -> None:
    def change(wb: Workbook) -> None:
        wb[SHEET_O]["B1"] = flag
        wb[SHEET_O]["E4"] = "belum"  # the rows are still checked

    problems = _problems(workbook_variant(good_2025, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Produk Pengawasan!B1", code),
        ("Produk Pengawasan!E4", "unknown_value"),
    ]
    assert problems[0].text("id") == id_text


def test_flag_ya_with_a_row_of_problems_only(good_2025: Path, tmp_path: Path) -> None:
    """A product row whose every cell is wrong still counts as a row for the flag."""

    def change(wb: Workbook) -> None:
        ws = wb[SHEET_O]
        ws.delete_rows(4, 3)
        ws["B1"] = None
        ws["F4"] = "catatan saja"  # a row with only a note

    problems = _problems(workbook_variant(good_2025, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Produk Pengawasan!B1", "oversight_flag_required"),
        *[(f"Produk Pengawasan!{c}4", "required_cell") for c in "ABCE"],
    ]


def test_header_of_the_new_sheets(good_2025: Path, tmp_path: Path) -> None:
    def change(wb: Workbook) -> None:
        wb[SHEET_D]["D1"] = "Jenis"
        wb[SHEET_O]["C3"] = None

    problems = _problems(workbook_variant(good_2025, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Nilai Dimensi!1:1", "missing_column"),
        ("Nilai Dimensi!D1", "unknown_column"),
        ("Produk Pengawasan!3:3", "missing_column"),
    ]
    assert problems[2].text("id") == "kolom 'Nomor Produk' tidak ada di baris judul"


def test_rows_of_a_bad_unit_or_entity_are_not_reported_again(
    good_2025: Path, tmp_path: Path
) -> None:
    def change(wb: Workbook) -> None:
        wb["Unit"]["D2"] = "kantor"  # u1's own row is bad
        wb["Instansi"]["C3"] = "kota"  # 82.03's own row is bad

    problems = _problems(workbook_variant(good_2025, tmp_path, change))
    assert [(p.location, p.code) for p in problems] == [
        ("Instansi!C3", "unknown_value"),
        ("Unit!D2", "unknown_value"),
    ]


def test_merged_cells_in_the_new_sheets(good_2025: Path, tmp_path: Path) -> None:
    problems = _problems(
        workbook_variant(good_2025, tmp_path, lambda wb: wb[SHEET_O].merge_cells("F4:F5"))
    )
    assert [(p.location, p.code) for p in problems] == [("Produk Pengawasan!F4:F5", "merged_cells")]


# Cells -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2025, 3, 14, 0, 0), date(2025, 3, 14)),
        (date(2025, 3, 14), date(2025, 3, 14)),
        ("2025-03-14", date(2025, 3, 14)),
        ("2025-3-4", date(2025, 3, 4)),
        ("14/03/2025", date(2025, 3, 14)),
        ("4-3-2025", date(2025, 3, 4)),
        ("14.03.2025", date(2025, 3, 14)),
    ],
)
def test_read_date(cell: object, expected: date) -> None:
    assert read_date(cell) == expected


@pytest.mark.parametrize(
    "cell", ["2025-02-30", "31/04/2025", "03/14/2025 ", "kemarin", 45731, True]
)
def test_read_date_refuses(cell: object) -> None:
    got = read_date(cell)
    assert isinstance(got, CellError) and got.code == "not_a_date"
    assert got.params["text"] == str(cell).strip()


def test_result_json_carries_the_products(good_2025: Path) -> None:
    data = json.loads(kio.read_round(good_2025).model_dump_json())
    assert [p["reference"] for p in data["oversight_products"]] == [
        "LAHP-12/2025", "R-3/2025", "LAHP-40/2025"
    ]  # fmt: skip
