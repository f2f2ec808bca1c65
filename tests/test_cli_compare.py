"""``kepatuhan banding``: the printed comparison, its JSON, code maps and usage errors."""

from __future__ import annotations

import re
from pathlib import Path

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from test_cli import invoke


def _write(tmp_path: Path, round_: kp.Round, name: str) -> Path:
    path = tmp_path / name
    path.write_text(round_.model_dump_json(), encoding="utf-8")
    return path


def test_example_prints_before_rescored_after_and_the_split() -> None:
    result = invoke("banding", "--example")
    assert result.exit_code == OK, result.stderr
    expected = kp.compare(kp.example_round(2023), kp.example_round())
    lines = result.stdout.splitlines()
    for unit in expected.units:
        (line,) = [ln for ln in lines if ln.split()[:1] == [unit.unit]]
        scores = re.findall(r"[+-]?\d+,\d\d", line)
        assert unit.before.score is not None and unit.after.score is not None
        assert scores[0] == f"{unit.before.score}".replace(".", ",")
        assert scores[2] == f"{unit.after.score}".replace(".", ",")
        assert scores[-1].lstrip("+") == f"{unit.total_change}".replace(".", ",")
    assert "perubahan metode" in result.stdout and "SINTETIS" in result.stdout.upper()


def test_json_is_the_comparison_and_names_what_was_not_carried(tmp_path: Path) -> None:
    before = _write(tmp_path, kp.example_round(), "2024.json")
    later = kp.rescore(kp.example_round(), "ombudsman-2025").round
    after = _write(tmp_path, later, "2025.json")
    result = invoke("banding", str(before), str(after), "-f", "json")
    assert result.exit_code == OK, result.stderr
    c = kp.Comparison.model_validate_json(result.stdout)
    assert c == kp.compare(kp.example_round(), later)
    assert c.separation == "rescored" and c.rescore is not None
    table = invoke("--lang", "en", "banding", str(before), str(after), lang="en")
    assert "Not carried by the re-score (10)" in table.stdout
    assert "in13 → pr07" in table.stdout


def test_a_code_map_pairs_renamed_units_and_bad_rows_are_located(tmp_path: Path) -> None:
    r24 = kp.example_round()
    renamed = r24.model_copy(
        update={
            "units": tuple(
                u.model_copy(update={"code": "disdik"}) if u.code == "disdikbud" else u
                for u in r24.units
            ),
            "responses": [
                r.model_copy(update={"unit": "disdik"}) if r.unit == "disdikbud" else r
                for r in r24.responses
            ],
        }
    )
    before = _write(tmp_path, renamed, "lama.json")
    after = _write(tmp_path, r24, "baru.json")
    codes = tmp_path / "kode.csv"
    codes.write_text("kode_lama,kode_baru\ndisdik,disdikbud\n", encoding="utf-8")
    plain = invoke("banding", str(before), str(after))
    assert "Baru masuk lokus: disdikbud" in plain.stdout
    mapped = invoke("banding", str(before), str(after), "--kode", str(codes))
    assert mapped.exit_code == OK, mapped.stderr
    assert "disdik → disdikbud" in mapped.stdout and "Baru masuk" not in mapped.stdout
    codes.write_text("kode_lama,kode_baru\ndisdik,disdikbud\ndisdik,x\n,y\n", encoding="utf-8")
    bad = invoke("banding", str(before), str(after), "--kode", str(codes))
    assert bad.exit_code == INVALID_INPUT
    assert "kode.csv!A3" in bad.stderr and "kode.csv!A4" in bad.stderr


def test_usage_errors() -> None:
    assert invoke("banding").exit_code == USAGE
    assert invoke("banding", "--example", "-f", "xlsx").exit_code == USAGE


def test_output_file_is_refused_over_an_input_without_force(tmp_path: Path) -> None:
    before = _write(tmp_path, kp.example_round(2023), "a.json")
    after = _write(tmp_path, kp.example_round(), "b.json")
    out = tmp_path / "banding.json"
    assert invoke("banding", str(before), str(after), "-o", str(out)).exit_code == OK
    assert kp.Comparison.model_validate_json(out.read_text(encoding="utf-8")).separation
    kept = out.read_bytes()
    again = invoke("banding", str(before), str(after), "-o", str(out))
    assert again.exit_code == INVALID_INPUT and out.read_bytes() == kept
    assert invoke("banding", str(before), str(after), "-o", str(out), "--force").exit_code == OK
    original = after.read_bytes()
    clash = invoke("banding", str(before), str(after), "-o", str(after), "--force")
    assert clash.exit_code == INVALID_INPUT and after.read_bytes() == original
