"""``kepatuhan rapor``: the file's suffix chooses HTML or PDF, the input is never written
over, a bad suffix or a wrong combination is a usage error, an unknown code a located one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from kepatuhan.rapor_render import rapor, summary_rapor
from test_cli import invoke

pytest.importorskip("typst")
pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    return kp.score(kp.example_round())


def test_pdf_file_is_the_library_rapor(tmp_path: Path, result: kp.RoundResult) -> None:
    out = tmp_path / "rapor.pdf"
    run = invoke("rapor", "--example", "-o", str(out))
    assert run.exit_code == OK, run.stderr
    assert out.read_bytes() == rapor(result, format="pdf")
    assert "Ditulis" in run.stderr
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert result.entities[0].name in text


def test_html_file_unit_and_english(tmp_path: Path, result: kp.RoundResult) -> None:
    out = tmp_path / "dinsos.HTML"
    run = invoke("--lang", "en", "rapor", "--example", "--unit", "dinsos", "-o", str(out))
    assert run.exit_code == OK, run.stderr
    assert out.read_bytes() == rapor(result, unit="dinsos", lang="en")


def test_html_to_stdout_without_output(result: kp.RoundResult) -> None:
    run = invoke("rapor", "--example", "--entity", "16.72")
    assert run.exit_code == OK, run.stderr
    assert run.stdout_bytes == rapor(result, entity="16.72")


def test_summary(tmp_path: Path, result: kp.RoundResult) -> None:
    out = tmp_path / "ringkasan.html"
    run = invoke(
        "rapor", "--example", "--ringkasan", "--provinsi", "Sumatera Selatan", "-o", str(out)
    )
    assert run.exit_code == OK, run.stderr
    assert out.read_bytes() == summary_rapor(result, province="Sumatera Selatan")


def test_round_file_is_never_written_over(tmp_path: Path) -> None:
    source = tmp_path / "round.json"
    source.write_text(kp.example_round().model_dump_json(), encoding="utf-8")
    before = source.read_bytes()
    run = invoke("rapor", str(source), "-o", str(source), "--force")
    assert run.exit_code != OK
    assert source.read_bytes() == before
    taken = tmp_path / "taken.html"
    taken.write_text("keep", encoding="utf-8")
    run = invoke("rapor", str(source), "-o", str(taken))
    assert run.exit_code != OK and taken.read_text(encoding="utf-8") == "keep"
    assert invoke("rapor", str(source), "-o", str(taken), "--force").exit_code == OK
    assert taken.read_bytes().startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args",
    [
        ("--example", "-o", "rapor.docx"),
        ("--example", "-o", "rapor"),
        ("--example", "--ringkasan", "--entity", "16.72"),
        ("--example", "--provinsi", "Sumatera Selatan"),
        (),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...]) -> None:
    run = invoke("rapor", *(a if not a.startswith("rapor") else str(tmp_path / a) for a in args))
    assert run.exit_code == USAGE, run.output
    assert not any(tmp_path.iterdir())


def test_unknown_entity_is_located(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    run = invoke("rapor", "--example", "--entity", "16.7", "-o", str(out))
    assert run.exit_code == INVALID_INPUT
    assert "entity:" in run.stderr and "'16.72'" in run.stderr
    assert not out.exists()
