"""``kepatuhan skm FILE``: the SKM of a survey file under a chosen convention."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import kepatuhan as kp
import kepatuhan.io as kio
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from test_cli import invoke

HEADER = (
    "kode_instansi", "nama_instansi", "jenis_instansi", "provinsi", "kode_unit", "nama_unit",
    "jenis_unit", "sektor", "indikator", "responden", "peran", "nilai", "status", "bukti",
)  # fmt: skip
ANSWERS = [[4, 3, 3, 4, 4, 3, 4, 4, 3], [3, 3, 2, 4, 3, 3, 4, 3, 3], [4, 4, 3, 4, 4, 4, 4, 4, 4]]


def survey_csv(path: Path, answers: list[list[int]] = ANSWERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for r, row in enumerate(answers, start=1):
            for k, value in enumerate(row, start=1):
                writer.writerow(
                    ["16.72", "Pemerintah Kota Pagar Alam", "pemkot", "", "dpmptsp", "DPMPTSP",
                     "opd", "", f"u{k}", f"r{r}", "pengguna_layanan", value, "", ""]
                )  # fmt: skip
    return path


def test_table_states_the_convention(tmp_path: Path) -> None:
    result = invoke("skm", str(survey_csv(tmp_path / "skm.csv")), "--rubric", "skm-2017")
    assert result.exit_code == OK, result.stderr
    out = result.stdout
    assert "Konvensi: bobot 1/9 (tepat); NRR tidak dibulatkan" in out
    assert "3.5185" in out and "87.96" in out and "Baik" in out  # 95 / 27 = 3.5185…
    assert "Persyaratan" in out and "3.6667" in out and "4.0000" in out


def test_json_equals_the_library(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    result = invoke(
        "skm", str(path), "-r", "skm-2017", "--weight", "0.11", "--nrr-decimals", "2",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == OK, result.stderr
    data = json.loads(result.stdout)
    expected = kp.skm_index(
        kio.read_round(path, rubric="skm-2017"), "skm-2017", weight="0.11", nrr_decimals=2
    )
    assert data == json.loads(expected.to_json())
    assert data["convention"]["weight"] == "0.11"
    assert data["convention_text_en"].startswith("weight 0.11 per unsur; NRR rounded to 2 dp")


def test_grading_option_is_the_library_option(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    round_ = kio.read_round(path, rubric="skm-2017")
    for grading in ("converted", "index", "index-2dp"):
        result = invoke("skm", str(path), "-r", "skm-2017", "--grading", grading, "-f", "json")
        assert result.exit_code == OK, result.stderr
        expected = kp.skm_index(round_, "skm-2017", grading=grading)
        assert json.loads(result.stdout) == json.loads(expected.to_json())
    table = invoke("skm", str(path), "-r", "skm-2017", "--grading", "index-2dp")
    assert "mutu dari nilai 1–4 dibulatkan 2 desimal" in table.stdout
    assert invoke("skm", str(path), "--grading", "nrr").exit_code == USAGE


def test_english_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "skm.txt"
    result = invoke(
        "--lang", "en", "skm", str(survey_csv(tmp_path / "skm.csv")), "-r", "skm-2017",
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == OK
    text = out.read_text(encoding="utf-8")
    assert "Convention: weight 1/9 (exact)" in text and "Performance" in text


def test_bad_weight_and_wrong_rubric_exit_1(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    bad = invoke("skm", str(path), "-r", "skm-2017", "--weight", "abc")
    assert bad.exit_code == INVALID_INPUT
    assert "weight: bobot harus 'exact' atau angka desimal dalam (0, 1], bukan 'abc'" in bad.stderr
    wrong = invoke("skm", str(path), "-r", "skm-2004")
    assert wrong.exit_code == INVALID_INPUT
    assert "berkas data tidak sah skm.csv" in wrong.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    assert invoke("skm", str(path), "--nrr-decimals", "-1").exit_code == USAGE
    assert invoke("skm", str(tmp_path / "tidak-ada.csv")).exit_code == USAGE


def test_report_files_by_suffix(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    expected = kp.skm_index(kio.read_round(path, rubric="skm-2017"), "skm-2017")
    for suffix in (".xlsx", ".csv", ".json"):
        out = tmp_path / f"hasil{suffix}"
        result = invoke("skm", str(path), "-r", "skm-2017", "-o", str(out))
        assert result.exit_code == OK, result.stderr
        assert out.read_bytes() == kio.export_skm(expected, format=suffix[1:])
        assert "Ditulis" in result.stderr
    with zipfile.ZipFile(tmp_path / "hasil.xlsx") as workbook:
        assert "xl/workbook.xml" in workbook.namelist()  # a real workbook, not a text table
    header = (tmp_path / "hasil.csv").read_text("utf-8").splitlines()[0]
    assert header.startswith("level,unit_code,unit_name")
    forced = invoke("skm", str(path), "-r", "skm-2017", "-o", str(tmp_path / "hasil.csv"))
    assert forced.exit_code == INVALID_INPUT  # exists: needs --force
    again = invoke("skm", str(path), "-r", "skm-2017", "-o", str(tmp_path / "hasil.csv"), "--force")
    assert again.exit_code == OK


def test_a_suffix_it_cannot_write_exits_1(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    for name in ("hasil.pdf", "hasil"):
        result = invoke("skm", str(path), "-r", "skm-2017", "-o", str(tmp_path / name))
        assert result.exit_code == INVALID_INPUT, name
        assert ".xlsx, .csv atau .json" in result.stderr
        assert not (tmp_path / name).exists()
    mismatch = invoke("skm", str(path), "-f", "csv", "-o", str(tmp_path / "hasil.json"))
    assert mismatch.exit_code == USAGE  # --format and the suffix disagree: a usage error
    assert invoke("skm", str(path), "-r", "skm-2017", "-f", "xlsx").exit_code == USAGE


def test_format_csv_to_stdout(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    result = invoke("skm", str(path), "-r", "skm-2017", "-f", "csv")
    assert result.exit_code == OK, result.stderr
    expected = kp.skm_index(kio.read_round(path, rubric="skm-2017"), "skm-2017")
    assert result.stdout.encode() == kio.export_skm(expected, format="csv")


def test_population_shortfall_is_a_warning(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    table = invoke("skm", str(path), "-r", "skm-2017", "--population", "100")
    assert table.exit_code == OK, table.stderr
    assert "Peringatan: 1 unit memiliki responden lebih sedikit" in table.stdout
    assert "Krejcie–Morgan" in table.stdout
    out = tmp_path / "hasil.csv"
    written = invoke(
        "skm", str(path), "-r", "skm-2017", "--population", "dpmptsp=300",
        "--sample-method", "slovin", "-o", str(out),
    )  # fmt: skip
    assert written.exit_code == OK, written.stderr
    assert "Peringatan" in written.stderr  # the warning reaches the user beside the file
    unit = next(csv.DictReader(out.read_text("utf-8").splitlines()))
    assert (unit["population"], unit["required"], unit["shortfall"]) == ("300", "172", "169")
    enough = invoke("--lang", "en", "skm", str(path), "-r", "skm-2017", "--population", "3")
    assert "Every unit has the respondents" in enough.stdout


def test_bad_populations(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    for bad in ("abc", "dpmptsp=0", "=5", "x=1.5"):
        result = invoke("skm", str(path), "-r", "skm-2017", "--population", bad)
        assert result.exit_code == USAGE, bad
    unknown = invoke("skm", str(path), "-r", "skm-2017", "--population", "nope=10")
    assert unknown.exit_code == INVALID_INPUT
    assert "nope" in unknown.stderr
    margin = invoke("skm", str(path), "-r", "skm-2017", "--population", "9", "--margin", "2")
    assert margin.exit_code == INVALID_INPUT


def test_check_warns_of_a_short_sample(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    result = invoke("check", str(path), "-r", "skm-2017", "--population", "dpmptsp=1000")
    assert result.exit_code == OK, result.stderr
    assert "Peringatan: 1 unit" in result.stdout and "278" in result.stdout
    other = tmp_path / "round.json"
    kio.write_round(kp.example_round(), other)
    refused = invoke("check", str(other), "--population", "100")
    assert refused.exit_code == USAGE


def survey_sheet(path: Path) -> Path:
    """A survey sheet as agencies keep it: one row per respondent, a profile column, U1…U9."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Unit", "Jenis Kelamin", *[f"U{k}" for k in range(1, 10)]])
        for sex, row in zip(("L", "P", "P"), ANSWERS, strict=True):
            writer.writerow(["dpmptsp", sex, *row])
    return path


def test_breakdowns_by_profile_column(tmp_path: Path) -> None:
    from kepatuhan.io.skm_survey import read_survey
    from kepatuhan.skm_breakdown import skm_breakdown

    path = survey_sheet(tmp_path / "survei.csv")
    table = invoke("skm", str(path), "-r", "skm-2017", "--by", "jenis kelamin")
    assert table.exit_code == OK, table.stderr
    assert "Indeks per Jenis Kelamin" in table.stdout
    out = tmp_path / "hasil.json"
    written = invoke("skm", str(path), "-r", "skm-2017", "--by", "Jenis Kelamin", "-o", str(out))
    assert written.exit_code == OK, written.stderr
    survey = read_survey(path, rubric=kp.get_rubric("skm-2017"))
    expected = skm_breakdown(survey, "Jenis Kelamin", rubric="skm-2017")
    data = json.loads(out.read_text("utf-8"))
    assert data["breakdowns"][0]["column"] == "Jenis Kelamin"
    got = [(r["value"], r["respondents"], r["converted"]) for r in data["breakdowns"][0]["rows"]]
    assert got == [(r.value, r.respondents, str(r.converted)) for r in expected.rows]
    assert [v for v, _, _ in got] == ["L", "P"]
    round_file = survey_csv(tmp_path / "skm.csv")
    assert invoke("skm", str(round_file), "-r", "skm-2017", "--by", "Usia").exit_code == USAGE
    unknown = invoke("skm", str(path), "-r", "skm-2017", "--by", "Agama")
    assert unknown.exit_code == INVALID_INPUT


def test_a_named_convention_is_the_library_preset(tmp_path: Path) -> None:
    path = survey_csv(tmp_path / "skm.csv")
    for name in ("nrr-2dp-tertimbang-2dp", "bobot-0.111-3dp", "float-php"):
        result = invoke("skm", str(path), "-r", "skm-2017", "--convention", name, "-f", "json")
        assert result.exit_code == OK, result.stderr
        expected = kp.skm_index(kio.read_round(path, rubric="skm-2017"), convention=name)
        assert json.loads(result.stdout) == json.loads(expected.to_json())
    # An option that contradicts the preset is refused, one that agrees is accepted.
    clash = invoke("skm", str(path), "-r", "skm-2017", "--convention", "bobot-0.11",
                   "--weight", "0.111")  # fmt: skip
    assert clash.exit_code == INVALID_INPUT and "bobot-0.11" in clash.stderr
    same = invoke("skm", str(path), "-r", "skm-2017", "--convention", "bobot-0.11",
                  "--weight", "0.11")  # fmt: skip
    assert same.exit_code == OK, same.stderr
    unknown = invoke("skm", str(path), "-r", "skm-2017", "--convention", "tidak-ada")
    assert unknown.exit_code == INVALID_INPUT and "tidak-ada" in unknown.stderr


def test_check_reads_a_survey_sheet_and_warns_of_a_small_sample(tmp_path: Path) -> None:
    """``kepatuhan check`` reads the wide SKM sheet as ``kepatuhan skm`` does, so the
    sample-size warning reaches the survey as agencies keep it."""
    path = tmp_path / "survei.csv"
    rows = ["Unit;Usia;U1;U2;U3;U4;U5;U6;U7;U8;U9"]
    rows += [f"dpmptsp;{20 + r};" + ";".join(str(2 + (r + k) % 3) for k in range(9))
             for r in range(30)]  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("check", str(path), "--population", "100")
    assert result.exit_code == OK, result.stderr
    assert "survei.csv sah untuk rubrik skm-2017" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "dpmptsp" in line)
    assert row.split()[1:] == ["100", "30", "80", "50"]  # population, respondents, needed, short
