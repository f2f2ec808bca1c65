"""``kepatuhan ketidakpastian`` and ``kepatuhan sensitivitas``, and their file exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from kepatuhan.draw_view import chance_line, percent_text
from kepatuhan.io.draws_export import export_sensitivity, export_uncertainty
from kepatuhan.sampling_uncertainty import uncertainty
from kepatuhan.weight_sensitivity import Sensitivity, sensitivity
from test_cli import invoke


def test_sensitivity_json_is_the_library_result() -> None:
    got = invoke("sensitivitas", "--example", "--draws", "40", "--seed", "2", "-f", "json")
    assert got.exit_code == OK, got.stderr
    expected = sensitivity(kp.example_round(), draws=40, seed=2)
    assert Sensitivity.from_json(got.stdout) == expected


def test_uncertainty_csv_rows_are_the_probabilities_of_the_result() -> None:
    got = invoke("ketidakpastian", "--example", "--draws", "300", "-f", "csv")
    assert got.exit_code == OK, got.stderr
    rows = list(csv.reader(io.StringIO(got.stdout)))
    header, body = rows[0], rows[1:]
    result = uncertainty(kp.example_round(), draws=300)
    assert len(body) == len(result.entities.codes) + len(result.units.codes)
    assert [r[1] for r in body] == [*result.entities.codes, *result.units.codes]
    first = header.index("P(zona hijau)")
    probs = np.r_[result.zone_probability("entities"), result.zone_probability("units")]
    green = result.zones.index(kp.Zone.HIJAU)
    assert [float(r[first]) for r in body] == pytest.approx(probs[:, green].tolist())
    assert body[0][-1].startswith("Peluang zona hijau ")


def test_sensitivity_workbook_carries_sobol_and_ranks(tmp_path: Path) -> None:
    out = tmp_path / "sens.xlsx"
    got = invoke("sensitivitas", "--example", "--draws", "50", "-o", str(out))
    assert got.exit_code == OK, got.stderr
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(c.startswith("Indeks Sobol") for c in cells)
    assert "peringkat terbit" in cells and "16.72" in cells
    assert invoke("sensitivitas", "--example", "-f", "xlsx").exit_code == USAGE


def test_ranges_groups_and_bad_arguments() -> None:
    ranged = invoke(
        "sensitivitas", "--example", "--draws", "20", "--range", "input=10:30", "-f", "json"
    )
    assert ranged.exit_code == OK, ranged.stderr
    s = Sensitivity.from_json(ranged.stdout)
    assert [f.node for f in s.factors] == ["input"] and s.params.weights == "ranges"
    assert invoke("sensitivitas", "--example", "--range", "input=10").exit_code == USAGE
    unknown = invoke("sensitivitas", "--example", "--range", "inptu=1:2")
    assert unknown.exit_code == INVALID_INPUT and "weights['inptu']" in unknown.stderr
    grouped = invoke("sensitivitas", "--example", "--draws", "10", "--group", "input", "-f", "json")
    nodes = [f.node for f in Sensitivity.from_json(grouped.stdout).factors]
    assert nodes[:4] == ["input", "proses", "output", "pengaduan"] and len(nodes) > 4


def test_exports_are_reproducible_and_defuse_names() -> None:
    round_ = kp.example_round()
    hostile = round_.model_copy(
        update={
            "entities": tuple(
                e.model_copy(update={"name": '=HYPERLINK("x")'}) for e in round_.entities
            )
        }
    )
    s = sensitivity(round_, draws=30)
    one = export_sensitivity(s, "csv", round_=hostile)
    assert one == export_sensitivity(s, "csv", round_=hostile)
    assert "'=HYPERLINK" in one.decode()
    book = export_sensitivity(s, "xlsx", round_=hostile)
    assert book == export_sensitivity(s, "xlsx", round_=hostile)
    ws = openpyxl.load_workbook(io.BytesIO(book)).active
    assert ws is not None
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    u = uncertainty(round_, draws=50)
    assert export_uncertainty(u, "json") == export_uncertainty(u, "json")
    with pytest.raises(kp.InvalidFileError):
        export_uncertainty(u, "pdf")


def test_the_line_in_words() -> None:
    bands = kp.get_rubric("ombudsman-2024").zoning.bands

    class B:  # the fields a line reads
        def __init__(self, band: kp.Band) -> None:
            self.lower, self.upper, self.zone, self.name = (
                band.lower, band.upper, band.zone, str(band.grade),
            )  # fmt: skip

    infos = [B(b) for b in bands]
    green = [k for k, b in enumerate(bands) if b.zone is kp.Zone.HIJAU]
    p = np.zeros(len(bands))
    p[green[0]] = 0.64
    p[0] = 0.36
    assert chance_line(infos, p, "id") == "Peluang zona hijau 64 % (batas: 78,00)"
    assert chance_line(infos, p, "en") == "Chance of zona hijau 64 % (edge: 78.00)"
    assert percent_text(0.001, "id") == "< 1 %" and percent_text(0.999, "id") == "> 99 %"
    assert chance_line(infos, np.full(len(bands), np.nan), "id").startswith("tidak bernilai")
