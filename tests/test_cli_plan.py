"""``kepatuhan rencana``: the worklist it prints reaches the target when applied."""

from __future__ import annotations

from pathlib import Path

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from kepatuhan.errors import Language
from kepatuhan.io import export_plan
from kepatuhan.planning import Plan, plan
from kepatuhan.whatif import SetAnswer, what_if
from test_cli import invoke


def _worklist(output: str, round_: kp.Round) -> list[SetAnswer]:
    """The changes a reader takes from the printed table: unit, indicator id, the new answer."""
    units = {u.code for u in round_.units}
    changes = []
    for line in output.splitlines():
        words = line.split()
        if len(words) > 3 and words[0] in units and "→" in words:
            value = float(words[words.index("→") + 1].replace(",", "."))
            changes.append(SetAnswer(unit=words[0], indicator=words[1], value=value))
    return changes


def test_example_worklist_reaches_hijau() -> None:
    round_ = kp.example_round()
    result = invoke("rencana", "--example", "--target", "hijau")
    assert result.exit_code == OK, result.stderr
    changes = _worklist(result.stdout, round_)
    assert changes
    entity = what_if(round_, changes).result.entities[0]
    assert entity.zone is kp.Zone.HIJAU
    assert "Tercapai" in result.stdout and "biaya" in result.stdout


def test_english_and_unit() -> None:
    result = invoke(
        "--lang", "en", "rencana", "--example", "-t", "hijau", "--unit", "dinsos", lang="en"
    )
    assert result.exit_code == OK, result.stderr
    assert "Reached" in result.stdout and "from → to" in result.stdout
    changes = _worklist(result.stdout, kp.example_round())
    assert what_if(kp.example_round(), changes).result.unit("dinsos").zone is kp.Zone.HIJAU


def test_json_is_the_library_plan() -> None:
    result = invoke("rencana", "--example", "--target", "hijau", "-f", "json")
    assert result.exit_code == OK, result.stderr
    got = Plan.model_validate_json(result.stdout)
    assert got == plan(kp.example_round(), target="hijau")


def test_unknown_target_and_unreachable() -> None:
    result = invoke("rencana", "--example", "--target", "hijua")
    assert result.exit_code == INVALID_INPUT
    assert "'hijau'" in result.stderr
    held = invoke("rencana", "--example", "--target", "100", "--unit", "dinsos")
    assert held.exit_code == OK
    assert "Tercapai" in held.stdout or "Tidak terjangkau" in held.stdout


def test_cost_file(tmp_path: Path) -> None:
    costs = tmp_path / "biaya.csv"
    costs.write_text("indikator,biaya\nout04,100\n", encoding="utf-8")
    args = ("rencana", "--example", "-t", "hijau", "--unit", "dinsos", "-f", "json")
    got = Plan.model_validate_json(invoke(*args, "--biaya", str(costs)).stdout)
    assert "out04" not in {s.indicator for s in got.steps}
    bad = tmp_path / "salah.csv"
    bad.write_text("indikator,biaya\nout4,1\n", encoding="utf-8")
    result = invoke("rencana", "--example", "-t", "hijau", "--biaya", str(bad))
    assert result.exit_code == INVALID_INPUT
    assert "salah.csv!A2" in result.stderr and "'out04'" in result.stderr


def test_formats(tmp_path: Path) -> None:
    assert invoke("rencana", "--example", "-t", "hijau", "-f", "xlsx").exit_code == USAGE
    out = tmp_path / "rencana.json"
    assert invoke("rencana", "--example", "-t", "hijau", "-o", str(out)).exit_code == OK
    assert Plan.model_validate_json(out.read_text("utf-8")).reachable


def test_csv_and_xlsx_are_the_library_worklist(tmp_path: Path) -> None:
    """-f csv prints export_plan's bytes; -o *.xlsx / *.csv infers the format; both languages."""
    round_ = kp.example_round()
    found = plan(round_, target="hijau")
    printed = invoke("rencana", "--example", "-t", "hijau", "-f", "csv")
    assert printed.exit_code == OK, printed.stderr
    assert printed.stdout_bytes == export_plan(found, "csv", round_=round_)
    cases: list[tuple[str, str, Language]] = [("r.xlsx", "xlsx", "id"), ("p.csv", "csv", "en")]
    for name, kind, lang in cases:
        out = tmp_path / name
        args = ("--lang", lang, "rencana", "--example", "-t", "hijau", "-o", str(out))
        written = invoke(*args, lang=lang)
        assert written.exit_code == OK, written.stderr
        assert out.read_bytes() == export_plan(found, kind, lang=lang, round_=round_)
    mismatch = invoke(
        "rencana", "--example", "-t", "hijau", "-f", "csv", "-o", str(out.with_suffix(".xlsx"))
    )
    assert mismatch.exit_code == USAGE


def test_an_existing_output_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "rencana.xlsx"
    out.write_bytes(b"keep")
    args = ("rencana", "--example", "-t", "hijau", "-o", str(out))
    refused = invoke(*args)
    assert refused.exit_code == INVALID_INPUT and str(out.name) in refused.stderr
    assert out.read_bytes() == b"keep"
    assert invoke(*args, "--force").exit_code == OK
    assert out.read_bytes().startswith(b"PK")  # a workbook now
