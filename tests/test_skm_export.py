"""SKM report files: ``kepatuhan.io.export_skm`` as xlsx, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.io import export_skm
from kepatuhan.io.skm_export import CSV_COLUMNS
from kepatuhan.skm_sample import skm_sample

openpyxl = pytest.importorskip("openpyxl")

RUBRIC = kp.get_rubric("skm-2017")
ANSWERS = [[4, 3, 3, 4, 4, 3, 4, 4, 3], [3, 3, 2, 4, 3, 3, 4, 3, 3], [4, 4, 3, 4, 4, 4, 4, 4, 4]]


def survey(answers: list[list[int]], name: str = "DPMPTSP", title: str | None = None) -> kp.Round:
    values = np.asarray(answers, dtype=np.float64)
    n, k = values.shape
    return kp.Round.from_columns(
        rubric=RUBRIC.id,
        title=title,
        entities=[{"code": "e", "name": "Pemerintah Kota Uji", "kind": "pemkot"}],
        units=[{"code": "dpmptsp", "name": name, "entity": "e", "unit_type": "opd"}],
        unit=np.zeros(n * k, dtype=np.int64),
        indicator=np.tile(np.arange(k), n),
        indicator_codes=RUBRIC.indicator_ids(),
        value=values.reshape(-1),
        respondent=np.repeat(np.arange(n), k),
        respondent_codes=[f"r{i}" for i in range(n)],
    )


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_the_unit_its_unsur_and_fixed_decimals() -> None:
    result = kp.skm_index(survey(ANSWERS), RUBRIC)
    table = rows(export_skm(result, format="csv", lang="en"))
    assert list(table[0]) == list(CSV_COLUMNS)
    unit, unsur = table[0], table[1:]
    assert unit["level"] == "unit" and unit["unit_code"] == "dpmptsp"
    assert unit["converted"] == str(result.units[0].converted)
    assert unit["index"] == str(result.units[0].index)
    assert unit["convention"] == result.convention_text_en
    assert [r["unsur"] for r in unsur] == [s.id for s in result.units[0].unsur]
    for row, s in zip(unsur, result.units[0].unsur, strict=True):
        assert len(row["nrr"].split(".")[1]) == 3  # 3.667, 4.000, never 3.67 or 4
        assert Decimal(row["nrr"]) == s.nrr.quantize(Decimal("0.001"))
        # exact convention: each unsur weighs 1/9
        assert Decimal(row["weighted_nrr"]) == (s.nrr / 9).quantize(Decimal("0.001"))
        assert row["total"] == str(s.total) and row["grade"] == s.grade


def test_printed_weight_multiplies_the_nrr() -> None:
    result = kp.skm_index(survey(ANSWERS), RUBRIC, weight="0.11", nrr_decimals=2)
    unsur = rows(export_skm(result, format="csv"))[1:]
    for row, s in zip(unsur, result.units[0].unsur, strict=True):
        assert Decimal(row["weighted_nrr"]) == (s.nrr * Decimal("0.11")).quantize(Decimal("0.001"))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=12))
def test_csv_agrees_with_the_result_on_any_survey(answers: list[list[int]]) -> None:
    result = kp.skm_index(survey(answers), RUBRIC)
    table = rows(export_skm(result, format="csv"))
    u = result.units[0]
    assert Decimal(table[0]["converted"]) == u.converted
    assert table[0]["grade"] == u.grade
    nrrs = [Decimal(r["nrr"]) for r in table[1:]]
    assert nrrs == [s.nrr.quantize(Decimal("0.001")) for s in u.unsur]


def test_json_is_the_result_plus_the_sample() -> None:
    result = kp.skm_index(survey(ANSWERS), RUBRIC)
    plain = export_skm(result, format="json")
    assert plain == (result.to_json(indent=2) + "\n").encode()
    sample = skm_sample(result, {"dpmptsp": 20})
    data = json.loads(export_skm(result, format="json", sample=sample))
    assert data.pop("sample") == json.loads(sample.model_dump_json())
    assert kp.SkmResult.model_validate(data) == result


def test_workbook_is_printable_and_holds_the_tables() -> None:
    result = kp.skm_index(survey(ANSWERS, title="Semester I"), RUBRIC)
    sample = skm_sample(result, 100)
    wb = openpyxl.load_workbook(io.BytesIO(export_skm(result, format="xlsx", sample=sample)))
    assert wb.sheetnames == ["SKM", "NRR per unsur"]
    units, unsur = wb["SKM"], wb["NRR per unsur"]
    assert units["A1"].value == "Survei Kepuasan Masyarakat (SKM) — Semester I"
    assert units["A3"].value == f"Konvensi: {result.convention_text}"
    assert "Krejcie–Morgan" in units["A4"].value
    header = [c.value for c in units[7]]
    assert header[:7] == ["Kode unit", "Unit pelayanan", "Instansi", "Responden", "Populasi",
                          "Responden minimal", "Kekurangan"]  # fmt: skip
    assert [c.value for c in units[8]][3:7] == [3, 100, 80, 77]
    assert Decimal(str(units["I8"].value)) == result.units[0].converted
    assert unsur["G8"].number_format == "0.000" and unsur["H8"].number_format == "0.000"
    assert unsur.max_row == 7 + 9 + 1  # the unsur, then the unit's IKM row
    for ws in (units, unsur):
        assert ws.print_title_rows == "$7:$7"
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes == "A8"


def test_same_result_same_bytes() -> None:
    result = kp.skm_index(survey(ANSWERS), RUBRIC)
    for fmt in ("xlsx", "csv", "json"):
        assert export_skm(result, format=fmt) == export_skm(result, format=fmt)


def test_formula_like_text_stays_text() -> None:
    result = kp.skm_index(survey(ANSWERS, name="=HYPERLINK(1)"), RUBRIC)
    assert rows(export_skm(result, format="csv"))[0]["unit_name"] == "'=HYPERLINK(1)"
    wb = openpyxl.load_workbook(io.BytesIO(export_skm(result, format="xlsx")))
    cell = wb["SKM"]["B8"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s" and cell.quotePrefix


@dataclass(frozen=True)
class Row:
    unit: str
    value: str | None
    respondents: int
    index: Decimal | None
    converted: Decimal | None
    grade: str | None
    label: str | None


@dataclass(frozen=True)
class Breakdown:
    column: str
    rows: tuple[Row, ...]


def test_breakdowns_hook() -> None:
    result = kp.skm_index(survey(ANSWERS), RUBRIC)
    rows_in = [
        Breakdown("Jenis Kelamin", (Row("dpmptsp", "P", 2, Decimal("3.5"), Decimal("87.5"), "B",
                                        "Baik"),)),
    ]  # fmt: skip
    table = rows(export_skm(result, format="csv", breakdowns=rows_in))
    assert [(r["level"], r["profile"], r["profile_value"]) for r in table][-1] == (
        "profile",
        "Jenis Kelamin",
        "P",
    )
    wb = openpyxl.load_workbook(io.BytesIO(export_skm(result, format="xlsx", breakdowns=rows_in)))
    assert wb.sheetnames[-1] == "Profil"
    assert [c.value for c in wb["Profil"][8]][2:5] == ["Jenis Kelamin", "P", 2]
    data = json.loads(export_skm(result, format="json", breakdowns=rows_in))
    assert data["breakdowns"][0]["column"] == "Jenis Kelamin"
    assert data["breakdowns"][0]["rows"][0]["value"] == "P"


def test_targets_suffixes_and_overwrite(tmp_path: Path) -> None:
    result = kp.skm_index(survey(ANSWERS), RUBRIC)
    path = export_skm(result, tmp_path / "hasil.xlsx", lang="en")
    assert path.read_bytes() == export_skm(result, format="xlsx", lang="en")
    buffer = io.BytesIO()
    assert export_skm(result, buffer, format="csv") is buffer
    assert buffer.getvalue() == export_skm(result, format="csv")
    with pytest.raises(kp.InvalidFileError) as exists:
        export_skm(result, path, overwrite=False)
    assert exists.value.problems[0].code == "output_exists"
    for bad in ("hasil.pdf", "hasil"):
        with pytest.raises(kp.InvalidFileError) as unknown:
            export_skm(result, tmp_path / bad)
        assert unknown.value.problems[0].code == "unknown_format"
        assert not (tmp_path / bad).exists()
    with pytest.raises(kp.InvalidFileError):
        export_skm(result, format="txt")
