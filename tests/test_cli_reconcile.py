"""``kepatuhan rekonsiliasi``: the worklist in both languages, JSON output, located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK
from kepatuhan.io import export_reconciliation, write_round
from kepatuhan.reconciliation import reconcile
from kepatuhan.responses import ResponseTable
from test_cli import invoke

OFFICIAL = kp.example_round()


def raised(round_: kp.Round) -> kp.Round:
    """The round with dinkes' in15 claimed at the top of its scale, without evidence."""
    rows = [
        r.model_copy(update={"value": 3.0}) if (r.unit, r.indicator) == ("dinkes", "in15") else r
        for r in round_.responses
    ]
    return round_.model_copy(update={"responses": ResponseTable.from_responses(rows)})


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rekon")
    mine, official = folder / "mandiri.json", folder / "resmi.json"
    write_round(raised(OFFICIAL), mine)
    write_round(OFFICIAL, official)
    return mine, official


def test_table_lists_the_disagreement_in_both_languages(files: tuple[Path, Path]) -> None:
    mine, official = files
    result = invoke("rekonsiliasi", str(mine), str(official))
    assert result.exit_code == OK
    assert "Catatan kekurangan" in result.stdout and "bukti dukung tidak ada" in result.stdout
    (d,) = reconcile(raised(OFFICIAL), OFFICIAL).worklist
    assert d.unit_points is not None
    (row,) = [line for line in result.stdout.splitlines() if f" {d.indicator} " in line]
    assert f"{d.unit_points:+.2f}" in row and f"{d.entity_change:+}" in row
    english = invoke("--lang", "en", "rekonsiliasi", str(mine), str(official), lang="en")
    assert english.exit_code == OK
    assert "missing evidence" in english.stdout and "Per unit" in english.stdout


def test_json_is_the_library_result(files: tuple[Path, Path], tmp_path: Path) -> None:
    mine, official = files
    result = invoke("rekonsiliasi", str(mine), str(official), "-f", "json")
    assert result.exit_code == OK
    expected = reconcile(kp.io.read_round(mine), kp.io.read_round(official))
    assert json.loads(result.stdout) == json.loads(expected.to_json())
    out = tmp_path / "catatan.json"
    again = invoke("rekonsiliasi", str(mine), str(official), "-o", str(out))
    assert again.exit_code == OK
    assert out.read_text(encoding="utf-8") == result.stdout


def test_same_files_have_no_disagreement(files: tuple[Path, Path]) -> None:
    _, official = files
    result = invoke("--lang", "en", "rekonsiliasi", str(official), str(official), lang="en")
    assert result.exit_code == OK
    assert "No disagreement" in result.stdout


def test_rounds_of_different_rubrics_exit_1_with_the_problem(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    _, official = files
    other = tmp_path / "lain.json"
    data = json.loads(official.read_text(encoding="utf-8"))
    data["rubric"] = "ombudsman-2023"
    other.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("rekonsiliasi", str(other), str(official))
    assert result.exit_code == INVALID_INPUT
    assert "ombudsman-2023" in result.stderr and "penilaian mandiri" in result.stderr


def test_output_rules_of_every_command_apply(files: tuple[Path, Path], tmp_path: Path) -> None:
    mine, official = files
    assert invoke("rekonsiliasi", str(mine), str(official), "-o", str(official)).exit_code == 1
    wrong = invoke("rekonsiliasi", str(mine), str(official), "-o", str(tmp_path / "x.pdf"))
    assert wrong.exit_code == 2
    mismatch = invoke("rekonsiliasi", str(mine), str(official), "-f", "csv", "-o",
                      str(tmp_path / "x.xlsx"))  # fmt: skip
    assert mismatch.exit_code == 2 and not (tmp_path / "x.xlsx").exists()
    table = tmp_path / "catatan.txt"
    assert invoke("rekonsiliasi", str(mine), str(official), "-o", str(table)).exit_code == OK
    assert "Catatan kekurangan" in table.read_text(encoding="utf-8")
    assert invoke("rekonsiliasi", str(mine), str(official), "-o", str(table)).exit_code == 1


def test_a_workbook_to_the_terminal_is_a_usage_error(files: tuple[Path, Path]) -> None:
    result = invoke("rekonsiliasi", str(files[0]), str(files[1]), "-f", "xlsx")
    assert result.exit_code == 2 and result.stdout == ""
    assert "-o" in result.stderr


def test_csv_and_xlsx_are_the_library_worklist(files: tuple[Path, Path], tmp_path: Path) -> None:
    """-f csv prints export_reconciliation's bytes (unit names from the official round);
    -o *.xlsx infers the workbook; an existing file needs --force."""
    mine, official = files
    official_round = kp.io.read_round(official)
    expected = reconcile(kp.io.read_round(mine), official_round)
    printed = invoke("rekonsiliasi", str(mine), str(official), "-f", "csv")
    assert printed.exit_code == OK, printed.stderr
    assert printed.stdout_bytes == export_reconciliation(expected, "csv", round_=official_round)
    assert "Dinas Kesehatan" in printed.stdout  # dinkes' name, from the round
    out = tmp_path / "catatan.xlsx"
    args = ("--lang", "en", "rekonsiliasi", str(mine), str(official), "-o", str(out))
    assert invoke(*args, lang="en").exit_code == OK
    book = out.read_bytes()
    assert book == export_reconciliation(expected, "xlsx", lang="en", round_=official_round)
    out.write_bytes(b"keep")
    assert invoke(*args, lang="en").exit_code == INVALID_INPUT
    assert out.read_bytes() == b"keep"
    assert invoke(*args, "--force", lang="en").exit_code == OK
    assert out.read_bytes() == book
