"""The example command: ``python -m kepatuhan`` prints the scored example round."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kepatuhan.__main__ import main


def test_table_in_indonesian_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Unit layanan" in out and "Nilai" in out and "Zona" in out
    assert "Pemerintah Kota Pagar Alam" in out
    assert "data sintetis" in out
    assert "Puskesmas Sidorejo" in out


def test_table_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Service unit" in out and "synthetic" in out
    assert "quality" in out  # English opinion labels


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rubric"]["id"] == "ombudsman-2024"
    assert len(data["units"]) == 7
    assert data["synthetic"] is True


def test_usage_error_exit_code() -> None:
    with pytest.raises(SystemExit) as err:
        main(["--lang", "fr"])
    assert err.value.code == 2


def test_runs_as_a_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kepatuhan"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "Pemerintah Kota Pagar Alam" in proc.stdout
