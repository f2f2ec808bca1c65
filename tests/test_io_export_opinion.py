"""Exports of a 2025 result carry the quality word, the opinion and its qualifier."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import kepatuhan as kp
import kepatuhan.io as kio
from builders import rapor_round


def result_2025(oversight: list[kp.OversightProduct] | None) -> kp.RoundResult:
    return kp.score(rapor_round("ombudsman-2025", {"tidore": 62.57, "halut": 69.63}, oversight))


PRODUCTS = [
    kp.OversightProduct(entity="tidore", kind="saran_perbaikan", reference="L-1", followed_up=True),
    kp.OversightProduct(entity="halut", kind="rekomendasi", reference="R-2", followed_up=False),
]


def test_csv_has_the_opinion_columns(tmp_path: Path) -> None:
    path = kio.export_result(result_2025(PRODUCTS), tmp_path / "hasil.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = {r["code"]: r for r in csv.DictReader(f)}
    tidore, halut = rows["tidore"], rows["halut"]
    assert tidore["opinion"] == "Opini Kualitas Sedang Tanpa Maladministrasi"
    assert (tidore["without_maladministration"], tidore["awarded"]) == ("true", "false")
    assert (halut["opinion"], halut["without_maladministration"]) == (
        "Opini Kualitas Sedang",
        "false",
    )
    assert halut["outstanding_products"] == "R-2"
    assert rows["u-halut"]["quality"] == "Cukup" and rows["u-halut"]["opinion"] == ""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_workbook_shows_opinion_and_quality(tmp_path: Path, lang: str) -> None:
    path = kio.export_result(result_2025(PRODUCTS), tmp_path / "hasil.xlsx", lang=lang)  # type: ignore[call-overload]
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[5]]
    rows = {ws.cell(row=r, column=1).value: [c.value for c in ws[r]] for r in range(6, 8)}
    col = {name: header.index(name) for name in header}
    opinion = "Opini Ombudsman" if lang == "id" else "Ombudsman opinion"
    outstanding = (
        "Produk pengawasan belum ditindaklanjuti"
        if lang == "id"
        else "Oversight products outstanding"
    )
    assert rows["tidore"][col[opinion]] == "Opini Kualitas Sedang Tanpa Maladministrasi"
    assert rows["halut"][col[opinion]] == "Opini Kualitas Sedang"
    assert rows["halut"][col[outstanding]] == "R-2"
    assert rows["tidore"][col["Kata mutu" if lang == "id" else "Quality"]] == "Cukup"


def test_undecided_qualifier_is_said_not_left_blank(tmp_path: Path) -> None:
    path = kio.export_result(result_2025(None), tmp_path / "hasil.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[5]]
    cell = ws.cell(row=6, column=header.index("Opini Ombudsman") + 1).value
    assert cell == "belum dapat ditentukan (produk pengawasan tidak dicatat)"


def test_results_of_earlier_years_have_no_opinion_columns(tmp_path: Path) -> None:
    path = kio.export_result(kp.score(kp.example_round()), tmp_path / "hasil.xlsx")
    header = [c.value for c in openpyxl.load_workbook(path).worksheets[0][5]]
    assert "Opini Ombudsman" not in header and "Kata mutu" not in header


def test_a_result_read_back_from_json_exports_the_same(tmp_path: Path) -> None:
    result = result_2025(PRODUCTS)
    again = kp.RoundResult.from_json(result.to_json())
    for kind in ("csv", "xlsx"):
        a = kio.export_result(result, tmp_path / f"a.{kind}").read_bytes()
        b = kio.export_result(again, tmp_path / f"b.{kind}").read_bytes()
        assert a == b, kind
