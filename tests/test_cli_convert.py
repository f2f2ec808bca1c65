"""``kepatuhan convert FILE -o OUT``: a checked round written in another format."""

from __future__ import annotations

import json
from pathlib import Path

import kepatuhan as kp
import kepatuhan.io as kio
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from test_cli import invoke


def _example_json(path: Path) -> Path:
    path.write_text(kp.example_round().model_dump_json(), encoding="utf-8")
    return path


def test_json_to_workbook_and_back(tmp_path: Path) -> None:
    source = _example_json(tmp_path / "contoh.json")
    result = invoke("convert", str(source), "-o", str(tmp_path / "formulir.xlsx"))
    assert result.exit_code == OK, result.stderr
    assert "Ditulis:" in result.stderr and result.stdout == ""
    workbook = kio.read_round(tmp_path / "formulir.xlsx")
    # The workbook is what the library writes for the round, byte for byte.
    kio.write_round(kp.example_round(), tmp_path / "lib.xlsx")
    assert (tmp_path / "formulir.xlsx").read_bytes() == (tmp_path / "lib.xlsx").read_bytes()
    assert kp.score(workbook).to_json() == kp.score(kp.example_round()).to_json()

    back = invoke("convert", str(tmp_path / "formulir.xlsx"), "-o", str(tmp_path / "lagi.json"))
    assert back.exit_code == OK, back.stderr
    assert kio.read_round(tmp_path / "lagi.json") == workbook


def test_what_the_target_cannot_carry_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    source = _example_json(tmp_path / "contoh.json")
    result = invoke("convert", str(source), "-o", str(tmp_path / "jawaban.csv"))
    assert result.exit_code == INVALID_INPUT
    assert "synthetic: berkas CSV tidak memiliki tempat untuk penanda data sintetis" in (
        result.stderr
    )
    assert not (tmp_path / "jawaban.csv").exists()


def test_an_invalid_source_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    data = json.loads(kp.example_round().model_dump_json())
    data["units"][1]["unit_type"] = "kantor"
    (tmp_path / "salah.json").write_text(json.dumps(data), encoding="utf-8")
    result = invoke("convert", str(tmp_path / "salah.json"), "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == INVALID_INPUT
    assert "units[1].unit_type" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_output_is_required_and_its_suffix_must_be_known(tmp_path: Path) -> None:
    source = _example_json(tmp_path / "contoh.json")
    assert invoke("convert", str(source)).exit_code == USAGE
    odd = invoke("--lang", "en", "convert", str(source), "-o", str(tmp_path / "x.ods"))
    assert odd.exit_code == INVALID_INPUT
    assert "'.ods'" in odd.stderr
