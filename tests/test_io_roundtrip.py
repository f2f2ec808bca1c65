"""kepatuhan.io round trips: template → filled → read_round → score equals the Python round."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import kepatuhan as kp
from io_files import (
    CSV_HEADER_EN,
    fill_entities_and_units,
    fill_template,
    small_round,
    write_round_csv,
)
from kepatuhan import io as kio


@pytest.fixture(scope="module")
def example() -> kp.Round:
    return kp.example_round()


@pytest.fixture(scope="module")
def expected(example: kp.Round) -> str:
    return kp.score(example).to_json()


def _answers(round_: kp.Round) -> list[tuple[object, ...]]:
    return sorted(
        (r.unit, r.indicator, r.respondent or "", r.role or "", r.value or -1.0, r.status)
        for r in round_.responses
    )


def test_template_round_trip_scores_the_same_bytes(
    tmp_path: Path, example: kp.Round, expected: str
) -> None:
    path = fill_template(example, tmp_path / "penilaian.xlsx")
    got = kio.read_round(path)
    assert kp.score(got).to_json() == expected
    assert _answers(got) == _answers(example)
    assert (got.title, got.synthetic, got.note) == (example.title, True, example.note)
    assert got.entities == example.entities and got.units == example.units


def test_template_read_with_rubric_given(tmp_path: Path, expected: str) -> None:
    path = fill_template(kp.example_round(), tmp_path / "penilaian.xlsx")
    got = kio.read_round(path, rubric=kp.get_rubric("ombudsman-2024"), format="xlsx")
    assert kp.score(got).to_json() == expected


def test_english_template_reads_back(tmp_path: Path) -> None:
    source = small_round()
    path = tmp_path / "template.xlsx"
    kio.write_template("ombudsman-2024", path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["Unit"][1]] == [
        "Unit code", "Unit name", "Entity code", "Unit type", "Sector"
    ]  # fmt: skip
    fill_entities_and_units(wb, source)
    ws = wb["Jawaban"]
    header = [c.value for c in ws[2]]
    assert header[:4] == ["Unit code", "Role", "Respondent", "Evidence"]
    for r in source.responses:
        row: list[object] = [r.unit, r.role, r.respondent, *([None] * (len(header) - 3))]
        row[header.index(r.indicator)] = r.value if r.value is not None else r.status.value
        ws.append(row)
    wb.save(path)
    got = kio.read_round(path)
    assert _scores(got) == _scores(source)


def _scores(round_: kp.Round) -> tuple[object, object]:
    data = json.loads(kp.score(round_).to_json())
    return data["units"], data["entities"]


def test_rows_of_one_respondent_may_be_split_and_spaced(tmp_path: Path) -> None:
    """One answer per row, blank rows between: the same round (blank rows are skipped)."""
    source = small_round()
    path = tmp_path / "t.xlsx"
    kio.write_template("ombudsman-2024", path)
    wb = openpyxl.load_workbook(path)
    fill_entities_and_units(wb, source)
    ws = wb["Jawaban"]
    header = [c.value for c in ws[2]]
    for r in source.responses:
        row: list[object] = [r.unit, r.role, r.respondent, *([None] * (len(header) - 3))]
        row[header.index(r.indicator)] = str(r.value) if r.value is not None else r.status.value
        ws.append(row)
        ws.append([None, "  ", None])
    wb.save(path)
    got = kio.read_round(path)
    assert len(got.responses) == len(source.responses)
    assert _scores(got) == _scores(source)


@pytest.mark.parametrize(
    ("header", "delimiter", "decimal_comma"),
    [(None, ",", False), (CSV_HEADER_EN, ",", False), (None, ";", True), (None, "\t", False)],
)
def test_csv_round_trip(
    tmp_path: Path,
    example: kp.Round,
    expected: str,
    header: tuple[str, ...] | None,
    delimiter: str,
    decimal_comma: bool,
) -> None:
    kw: dict[str, object] = {"delimiter": delimiter, "decimal_comma": decimal_comma}
    if header is not None:
        kw["header"] = header
    path = write_round_csv(example, tmp_path / "jawaban.csv", **kw)
    got = kio.read_round(path, rubric="ombudsman-2024")
    assert got.responses == example.responses
    assert got.entities == example.entities and got.units == example.units
    # The CSV carries no title or synthetic flag; the scores are the same.
    result = json.loads(kp.score(got).to_json())
    want = json.loads(expected)
    assert result["units"] == want["units"] and result["entities"] == want["entities"]


def test_csv_with_bom_and_evidence(tmp_path: Path) -> None:
    source = small_round()
    path = write_round_csv(source, tmp_path / "jawaban.csv")
    text = path.read_text(encoding="utf-8").replace(",\n", ",https://bukti.example/1\n")
    path.write_bytes("\ufeff".encode() + text.encode())
    got = kio.read_round(path, rubric="ombudsman-2024", format="csv")
    assert {r.evidence for r in got.responses} == {"https://bukti.example/1"}


def test_json_round_trip(tmp_path: Path, example: kp.Round, expected: str) -> None:
    path = tmp_path / "round.json"
    path.write_text(example.model_dump_json(), encoding="utf-8")
    got = kio.read_round(path)
    assert got == example
    assert kp.score(got).to_json() == expected
    assert kio.read_round(path, rubric="ombudsman-2024") == example


def test_format_argument_overrides_the_suffix(tmp_path: Path, example: kp.Round) -> None:
    path = tmp_path / "round.txt"
    path.write_text(example.model_dump_json(), encoding="utf-8")
    assert kio.read_round(path, format="json") == example


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_progress_reaches_the_total(tmp_path: Path, kind: str) -> None:
    source = kp.example_round()
    if kind == "xlsx":
        path = fill_template(source, tmp_path / "p.xlsx")
    else:
        path = write_round_csv(source, tmp_path / "p.csv")
    calls: list[tuple[int, int]] = []
    kio.read_round(path, rubric="ombudsman-2024", progress=lambda d, t: calls.append((d, t)))
    assert calls, "progress was never called"
    done, total = calls[-1]
    assert done == total > 0
    assert all(d <= t for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_template_layout(tmp_path: Path) -> None:
    rubric = kp.get_rubric("ombudsman-2024")
    path = kio.write_template(rubric, tmp_path / "templat.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Petunjuk", "Penilaian", "Instansi", "Unit", "Jawaban", "Nilai Dimensi", "Indikator",
        "_meta",
    ]  # fmt: skip
    meta = {row[0]: row[1] for row in wb["_meta"].iter_rows(values_only=True)}
    assert meta["rubric"] == "ombudsman-2024" and meta["rubric_version"] == rubric.version
    assert meta["format_version"] == 2
    assert wb["_meta"].sheet_state == "hidden" and wb["_meta"].protection.sheet
    assert wb.properties.subject == "ombudsman-2024"
    ws = wb["Jawaban"]
    assert ws.freeze_panes == "E4"
    header = [str(c.value) for c in ws[2]]
    assert header[:4] == ["Kode Unit", "Peran", "Responden", "Bukti"]
    assert sorted(header[4:]) == sorted(rubric.indicator_ids())
    # One block per role: each role's indicators are contiguous.
    roles = [
        ind.role for ind in (rubric.node(i) for i in header[4:]) if isinstance(ind, kp.Indicator)
    ]
    assert len(roles) == len(header) - 4
    assert [r for k, r in enumerate(roles) if k == 0 or roles[k - 1] != r] == list(
        dict.fromkeys(roles)
    )
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["E4:E1048576"] == '"0,1,2,3,tidak_berlaku,belum_dinilai"'
    assert lists["B4:B1048576"] == '"pelaksana,pengguna_layanan,pengelola_pengaduan,observasi"'
    unit_lists = {str(dv.sqref): dv.formula1 for dv in wb["Unit"].data_validations.dataValidation}
    assert unit_lists["D2:D1048576"] == '"opd,upt,puskesmas,rsud,kantor_vertikal"'
    kinds = {str(dv.sqref): dv.formula1 for dv in wb["Instansi"].data_validations.dataValidation}
    assert kinds["C2:C1048576"] == '"kementerian,lembaga,pemprov,pemkab,pemkot"'
    assert wb["Instansi"].freeze_panes == "A2" and wb["Unit"].freeze_panes == "A2"
    listed = [row[1] for row in wb["Indikator"].iter_rows(min_row=2, values_only=True)]
    assert listed == list(rubric.indicator_ids())
    assert not any(ws.merged_cells.ranges for ws in wb.worksheets)
    # The instructions print on A4 portrait: wrapped, every row as tall as its lines.
    guide = wb["Petunjuk"]
    assert guide.column_dimensions["A"].width == 80 and guide.page_setup.fitToWidth == 1
    tall = [r for r in range(2, guide.max_row + 1) if len(str(guide.cell(r, 1).value)) > 100]
    assert tall and all((guide.row_dimensions[r].height or 0) >= 30 for r in tall)
    assert all(guide.cell(r, 1).alignment.wrap_text for r in range(1, guide.max_row + 1))


def test_template_dropdowns_follow_each_scale(tmp_path: Path) -> None:
    from builders import group, indicator, rubric

    scales = {
        "bin": {"kind": "binary", "minimum": 0, "maximum": 1, "step": 1},
        "lik": {"kind": "likert", "minimum": 1, "maximum": 4, "step": 1},
        "pct": {"kind": "percentage", "minimum": 0, "maximum": 100},
        "half": {"kind": "interval", "minimum": 0, "maximum": 2, "step": 0.5},
    }
    rub = rubric([group("d", [indicator(k, scale=s) for k, s in scales.items()])])
    path = kio.write_template(rub, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["Jawaban"]
    rules = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["E4"].formula1 == '"0,1,tidak_berlaku,belum_dinilai"'
    assert rules["F4"].formula1 == '"1,2,3,4,tidak_berlaku,belum_dinilai"'
    assert rules["G4"].type == "custom" and "G4<=100" in (rules["G4"].formula1 or "")
    assert rules["H4"].formula1 == '"0,0.5,1,1.5,2,tidak_berlaku,belum_dinilai"'


def test_template_is_byte_reproducible(tmp_path: Path) -> None:
    a = kio.write_template("ombudsman-2024", tmp_path / "a.xlsx").read_bytes()
    b = kio.write_template("ombudsman-2024", tmp_path / "b.xlsx").read_bytes()
    assert a == b


# Export ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    return kp.score(kp.example_round())


@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_export_is_byte_reproducible(tmp_path: Path, result: kp.RoundResult, kind: str) -> None:
    a = kio.export_result(result, tmp_path / f"a.{kind}")
    b = kio.export_result(kp.score(kp.example_round()), tmp_path / f"b.{kind}")
    assert a.read_bytes() == b.read_bytes()


def test_export_json_is_to_json(tmp_path: Path, result: kp.RoundResult) -> None:
    path = kio.export_result(result, tmp_path / "hasil.data", format="json")
    assert path.read_text(encoding="utf-8") == result.to_json()
    assert kp.RoundResult.from_json(path.read_bytes()) == result


def test_export_csv_table(tmp_path: Path, result: kp.RoundResult) -> None:
    import csv

    path = kio.export_result(result, tmp_path / "hasil.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["level"] for r in rows] == ["entity"] + ["unit"] * len(result.units)
    entity = rows[0]
    e = result.entities[0]
    assert (entity["code"], entity["score"], entity["zone"], entity["grade"]) == (
        e.code, str(e.score), e.zone, e.grade
    )  # fmt: skip
    unit = next(r for r in rows if r["code"] == "disdukcapil")
    u = result.unit("disdukcapil")
    assert unit["score"] == str(u.score) == "84.34"
    for dim, value in u.dimensions.items():
        assert unit[f"dimension.{dim}"] == str(value)
        assert unit[f"contribution.{dim}"] == str(u.contributions[dim])
    lost = [(k, v) for k, v in u.points_lost.items() if v > 0][:5]
    assert [(unit[f"lost_{k}"], unit[f"lost_{k}_points"]) for k in range(1, 6)] == [
        (k, str(v)) for k, v in lost
    ]
    assert unit["lost_1"] == "pr02" and unit["lost_1_points"] == "1.47"
    assert int(unit["assessed"]) == u.completeness.assessed
    assert list(rows[0])[:3] == ["level", "code", "name"]


def test_export_csv_from_a_result_read_back_from_json(
    tmp_path: Path, result: kp.RoundResult
) -> None:
    """A result without arrays (from JSON) exports the same table."""
    again = kp.RoundResult.from_json(result.to_json())
    a = kio.export_result(result, tmp_path / "a.csv").read_bytes()
    b = kio.export_result(again, tmp_path / "b.csv").read_bytes()
    assert a == b


@pytest.mark.parametrize("lang", ["id", "en"])
def test_export_workbook_is_printable(tmp_path: Path, result: kp.RoundResult, lang: str) -> None:
    path = kio.export_result(result, tmp_path / "hasil.xlsx", lang=lang)  # type: ignore[call-overload]
    wb = openpyxl.load_workbook(path)
    names = ["Instansi", "Unit", "Poin Hilang"] if lang == "id" else [
        "Entities", "Units", "Points lost"
    ]  # fmt: skip
    assert wb.sheetnames == names
    ws = wb[names[1]]
    assert "ombudsman-2024" in str(ws["A2"].value)
    assert "SINTETIS" in str(ws["A3"].value) or "SYNTHETIC" in str(ws["A3"].value)
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    setup = ws.sheet_properties.pageSetUpPr
    assert setup is not None and setup.fitToPage
    header = [c.value for c in ws[5]]
    assert header[0] == ("Kode Unit" if lang == "id" else "Unit code")
    total = header.index("Nilai Total" if lang == "id" else "Total") + 1
    rows = {ws.cell(row=r, column=1).value: r for r in range(6, ws.max_row + 1)}
    cell = ws.cell(row=rows["disdukcapil"], column=total)
    assert str(cell.value) == "84.34" and cell.number_format == "0.00"
    zone = ws.cell(row=rows["disdukcapil"], column=total + 1)
    assert zone.value == "hijau" and zone.fill.fgColor.rgb.endswith("C6EFCE")
    lost = wb[names[2]]
    assert [c.value for c in lost[6]][2:4] == [1, "pr02"]
    assert wb.properties.created == wb.properties.modified
    # Whole names on paper: long text wraps and its row is as tall as its lines.
    long_name = ws.cell(row=rows["dpmptsp"], column=2)
    assert long_name.alignment.wrap_text and long_name.alignment.vertical == "top"
    assert ws.row_dimensions[rows["dpmptsp"]].height == 30
    assert wb[names[0]].row_dimensions[6].height is None  # one line: the default height
    assert (ws.row_dimensions[5].height or 0) >= 30  # "Pengaduan (kontribusi)"…
    assert ws.page_margins.left == 0.4


def test_export_rejects_an_unknown_format(tmp_path: Path, result: kp.RoundResult) -> None:
    with pytest.raises(kp.InvalidFileError) as info:
        kio.export_result(result, tmp_path / "hasil.pdf")
    assert info.value.problems[0].code == "unknown_format"


# Schemas --------------------------------------------------------------------------------------


def test_json_schemas() -> None:
    schemas = kio.json_schemas()
    assert {"round", "result"} <= set(schemas)
    assert json.dumps(schemas, sort_keys=False) == json.dumps(kio.json_schemas(), sort_keys=False)
    round_schema = schemas["round"]
    assert round_schema["$schema"].endswith("2020-12/schema")
    assert "Response" in round_schema["$defs"]
    assert set(round_schema["required"]) == {"rubric"}
    example = json.loads(kp.example_round().model_dump_json())
    assert set(example) <= set(round_schema["properties"])
    result = json.loads(kp.score(kp.example_round()).to_json())
    assert set(result) == set(schemas["result"]["properties"])


def test_module_exports() -> None:
    assert kio.__all__ == sorted(kio.__all__)
    for name in ("write_template", "read_round", "export_result", "json_schemas"):
        assert callable(getattr(kio, name))
    assert issubclass(kp.InvalidFileError, kp.InvalidInputError)
