"""``kepatuhan check FILE``: a file checked without scoring, and its incomplete units."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK
from test_cli import invoke
from test_cli_skm import survey_csv


def _write(round_: kp.Round, path: Path) -> Path:
    path.write_text(round_.model_dump_json(), encoding="utf-8")
    return path


def _without(round_: kp.Round, unit: str, prefix: str) -> kp.Round:
    """The round with every answer of ``unit`` to indicators starting with ``prefix`` removed."""
    kept = [r for r in round_.responses if not (r.unit == unit and r.indicator.startswith(prefix))]
    return kp.Round(
        rubric=round_.rubric,
        title=round_.title,
        synthetic=round_.synthetic,
        entities=round_.entities,
        units=round_.units,
        responses=kept,
    )


def _incomplete_units(round_: kp.Round) -> dict[str, tuple[str, ...]]:
    """What the library says each unit is missing (scored under the rubric's own policy)."""
    units = kp.score(round_).units
    return {u.code: u.completeness.missing for u in units if u.completeness.missing}


def test_incomplete_units_are_listed_as_the_library_sees_them(tmp_path: Path) -> None:
    round_ = _without(kp.example_round(), "disdukcapil", "pg")
    expected = _incomplete_units(round_)
    assert set(expected) == {"disdukcapil", "dinsos"}  # dinsos lacks pg02 in the example

    result = invoke("check", str(_write(round_, tmp_path / "penilaian.json")))
    assert result.exit_code == OK, result.stderr
    out = result.stdout
    assert "penilaian.json sah untuk rubrik ombudsman-2024" in out
    assert f"jawaban: {len(round_.responses)}" in out  # no separator: 1.618 would read as a decimal
    assert "5 dari 7 unit lengkap" in out
    for code, missing in expected.items():
        row = next(line for line in out.splitlines() if f" {code} " in line)
        assert f" {len(missing)} " in row and ", ".join(missing) in row
    assert "Kebijakan data belum dinilai 'exclude': penilaian tetap dapat dihitung" in out
    assert result.stderr == ""


def test_strict_refuses_an_incomplete_round(tmp_path: Path) -> None:
    path = _write(kp.example_round(), tmp_path / "contoh.json")
    result = invoke("check", str(path), "--strict")
    assert result.exit_code == INVALID_INPUT
    assert "Kebijakan data belum dinilai 'strict': penilaian belum dapat dihitung" in result.stdout
    assert "pg02" in result.stdout


def test_a_complete_round_passes_even_under_strict(tmp_path: Path) -> None:
    example = kp.example_round()
    complete = kp.Round(
        rubric=example.rubric,
        entities=example.entities,
        units=[u for u in example.units if u.code != "dinsos"],
        responses=[r for r in example.responses if r.unit != "dinsos"],
    )
    assert not _incomplete_units(complete)
    result = invoke("--lang", "en", "check", str(_write(complete, tmp_path / "r.json")), "--strict")
    assert result.exit_code == OK, result.stderr
    assert "r.json is valid for ombudsman-2024" in result.stdout
    assert "Every applicable indicator of every unit has an answer." in result.stdout


def test_a_rubric_whose_policy_is_strict_refuses_without_the_flag(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    # Nobody answered unsur u9: the SKM cannot be computed (skm-2017 is strict).
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(row for row in rows if row[8] != "u9")
    result = invoke("check", str(path), "--rubric", "skm-2017")
    assert result.exit_code == INVALID_INPUT
    assert "0 dari 1 unit lengkap" in result.stdout and "u9" in result.stdout
    assert "'strict'" in result.stdout


def test_an_invalid_file_lists_its_cells_and_nothing_else(tmp_path: Path) -> None:
    data = json.loads(kp.example_round().model_dump_json())
    data["responses"][3]["value"] = 7
    path = tmp_path / "salah.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == INVALID_INPUT
    assert result.stdout == ""
    assert "responses[3].value" in result.stderr and "di luar skala" in result.stderr


def test_check_agrees_with_score(tmp_path: Path) -> None:
    """A file check accepts is one score accepts, and the other way round."""
    path = _write(kp.example_round(), tmp_path / "contoh.json")
    assert invoke("check", str(path)).exit_code == OK
    assert invoke("score", str(path), "--format", "json").exit_code == OK
    assert invoke("check", str(path), "--strict").exit_code == INVALID_INPUT
    assert invoke("score", str(path), "--missing", "strict").exit_code == INVALID_INPUT


def test_oversight_products_are_reported_under_an_opinion_rule(tmp_path: Path) -> None:
    """2025: what stands between each entity and "Tanpa Maladministrasi"."""
    from test_io_write_round import opinion_round

    recorded = _write(opinion_round(), tmp_path / "2025.json")
    out = invoke("check", str(recorded)).stdout
    assert (
        "Pemerintah 16.72: 1 produk pengawasan belum ditindaklanjuti (R-1/2025); selama belum "
        "ditindaklanjuti, opini diberikan tanpa keterangan 'Tanpa Maladministrasi'."
    ) in " ".join(out.split())
    assert "Pemerintah 82.72" not in out  # its product was followed up
    # The library agrees: 16.72 has the outstanding product, 82.72 the qualifier.
    entities = {e.code: e for e in kp.score(opinion_round()).entities}
    assert entities["16.72"].outstanding_products == ("R-1/2025",)
    assert entities["82.72"].without_maladministration is True

    none_issued = _write(opinion_round(products=()), tmp_path / "none.json")
    out = invoke("--lang", "en", "check", str(none_issued)).stdout
    assert "No oversight product is outstanding" in out

    not_recorded = opinion_round().model_copy(update={"oversight_products": None})
    out = invoke("check", str(_write(not_recorded, tmp_path / "nr.json"))).stdout
    assert "Produk pengawasan belum dicatat" in out


def test_no_oversight_lines_without_an_opinion_rule(tmp_path: Path) -> None:
    out = invoke("check", str(_write(kp.example_round(), tmp_path / "r.json"))).stdout
    assert "produk pengawasan" not in out.lower()


def _short_of_users(round_: kp.Round, unit: str, keep: int) -> kp.Round:
    """The round with only the first ``keep`` service users of ``unit``."""

    def kept(r: kp.Response) -> bool:
        if r.unit != unit or r.role != kp.RespondentRole.PENGGUNA_LAYANAN:
            return True
        return int(str(r.respondent).rsplit("-", 1)[1]) <= keep

    return round_.model_copy(
        update={"responses": kp.ResponseTable.from_responses(filter(kept, round_.responses))}
    )


def test_units_with_too_few_respondents_are_listed(tmp_path: Path) -> None:
    round_ = _short_of_users(kp.example_round(), "dinsos", 10)
    result = invoke("check", str(_write(round_, tmp_path / "kurang.json")))
    assert result.exit_code == OK, result.stderr
    out = result.stdout
    assert "1 unit memiliki responden lebih sedikit daripada yang diminta rubrik" in out
    row = next(line for line in out.splitlines() if " dinsos " in line and " / " in line)
    assert "10 / 30" in row
    english = invoke("--lang", "en", "check", str(tmp_path / "kurang.json"), lang="en")
    assert "1 unit(s) have fewer respondents than the rubric asks" in english.stdout
    full = invoke("check", str(_write(kp.example_round(), tmp_path / "penuh.json")))
    assert "responden lebih sedikit" not in full.stdout


def test_long_lists_are_cut_and_counted(tmp_path: Path, monkeypatch: Any) -> None:
    from kepatuhan.cli import render_check

    monkeypatch.setattr(render_check, "ROW_LIMIT", 1)
    round_ = _without(kp.example_round(), "disdukcapil", "pg")  # and dinsos lacks pg02
    round_ = _short_of_users(_short_of_users(round_, "dinsos", 10), "dpmptsp", 12)
    out = invoke("check", str(_write(round_, tmp_path / "banyak.json"))).stdout
    # Incomplete: disdukcapil and dinsos. Short: disdukcapil's complaint officers (none
    # interviewed), dinsos's and dpmptsp's service users.
    assert out.count("… dan 1 baris lagi tidak ditampilkan (2 seluruhnya).") == 1
    assert out.count("… dan 2 baris lagi tidak ditampilkan (3 seluruhnya).") == 1
    assert " dpmptsp " not in out
