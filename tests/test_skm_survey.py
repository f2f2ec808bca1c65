"""SKM survey sheets as agencies keep them (one row per respondent, U1…Un, profile columns),
the SKM template, and the index per profile value."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
import kepatuhan.io as kio
from kepatuhan.catalog import Language
from kepatuhan.errors import InvalidFileError
from kepatuhan.io.skm_survey import SkmSurvey, looks_like_survey, read_survey, unsur_number
from kepatuhan.skm_breakdown import AGE_BANDS, age_band, skm_breakdown

SKM_2017 = kp.get_rubric("skm-2017")
SKM_2004 = kp.get_rubric("skm-2004")

PROFILE = ["Usia", "Jenis Kelamin", "Pendidikan", "Pekerjaan", "Jenis Layanan"]


def reference_round(
    units: list[str], answers: list[list[int | None]], rubric: kp.Rubric
) -> kp.Round:
    """The same survey built directly (long form), independent of the sheet reader."""
    codes = list(dict.fromkeys(units))
    unit, indicator, value, respondent = [], [], [], []
    for r, (u, row) in enumerate(zip(units, answers, strict=True)):
        for k, v in enumerate(row):
            if v is not None:
                unit.append(codes.index(u))
                indicator.append(k)
                value.append(float(v))
                respondent.append(r)
    return kp.Round.from_columns(
        rubric=rubric.id,
        entities=[{"code": "e", "name": "Uji", "kind": "pemkab"}],
        units=[{"code": c, "name": c, "entity": "e", "unit_type": "opd"} for c in codes],
        unit=np.asarray(unit),
        indicator=np.asarray(indicator),
        indicator_codes=rubric.indicator_ids(),
        value=np.asarray(value),
        respondent=np.asarray(respondent),
        respondent_codes=[f"r{i}" for i in range(len(units))],
    )


def sheet_csv(
    header: list[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ";",
    title: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if title:
        writer.writerow(["Rekap SKM Semester I"])
        writer.writerow([])
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def sheet_xlsx(header: list[str], rows: list[list[object]], *, title: bool = True) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap"
    if title:
        ws.append(["Rekap SKM Semester I"])
        ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


UNITS = ["dukcapil", "dukcapil", "dukcapil", "dpmptsp", "dpmptsp"]
ANSWERS: list[list[int | None]] = [
    [4, 3, 3, 4, 4, 3, 4, 4, 3],
    [3, 3, None, 4, 3, 3, 4, 3, 3],
    [4, 4, 3, 4, 4, 4, 4, 4, 4],
    [2, 3, 3, 3, 2, 3, 3, 2, 3],
    [3, 3, 4, 3, 4, 3, 3, 4, 3],
]
PROFILES = [
    ["25", "L", "SMA", "Swasta", "KTP"],
    ["41", "P", "S1", "PNS", "KK"],
    ["63", "P", "", "Lainnya", "KTP"],
    ["19", "L", "SMP", "Wirausaha", "NIB"],
    ["35 tahun", "P", "S2", "PNS", "NIB"],
]
LOOSE = ["U1", "u2", "U 3", "U-04", "Unsur 5", "unsur_6", "U7", "U 8", "U9"]


def agency_rows() -> tuple[list[str], list[list[object]]]:
    header = ["No", "Unit Layanan", *PROFILE, *LOOSE]
    rows: list[list[object]] = [
        [r + 1, u, *p, *a] for r, (u, p, a) in enumerate(zip(UNITS, PROFILES, ANSWERS, strict=True))
    ]
    return header, rows


def results_equal(a: kp.SkmResult, b: kp.SkmResult) -> None:
    assert [(u.code, u.respondents, u.index, u.converted, u.grade) for u in a.units] == [
        (u.code, u.respondents, u.index, u.converted, u.grade) for u in b.units
    ]
    assert [[(s.id, s.respondents, s.nrr) for s in u.unsur] for u in a.units] == [
        [(s.id, s.respondents, s.nrr) for s in u.unsur] for u in b.units
    ]


# Reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "csv-comma", "xlsx"])
def test_agency_sheet_reads_as_the_long_form(kind: str) -> None:
    header, rows = agency_rows()
    if kind == "xlsx":
        data = sheet_xlsx(header, rows)
    else:
        data = sheet_csv(header, rows, delimiter="," if kind == "csv-comma" else ";", title=True)
    survey = read_survey(data, name=f"skm.{kind[:4]}")
    assert survey.rubric.id == "skm-2017"
    assert survey.profile_columns == tuple(PROFILE)
    assert survey.respondents == ("1", "2", "3", "4", "5")
    assert [u.code for u in survey.round.units] == ["dukcapil", "dpmptsp"]
    expected = kp.skm_index(reference_round(UNITS, ANSWERS, SKM_2017))
    results_equal(kp.skm_index(survey.round), expected)
    assert survey.profile("jenis kelamin") == ("L", "P", "P", "L", "P")
    assert survey.profile("Pendidikan")[2] is None  # an empty profile cell
    assert math.isnan(survey.answers[1, 2]) and survey.answers[0, 0] == 4


def test_unsur_headers_are_read_loosely() -> None:
    assert [unsur_number(h) for h in LOOSE] == list(range(1, 10))
    for other in ("Usia", "U", "Unit", "UU1", "U1a", "Nilai", 3, None):
        assert unsur_number(other) is None


def test_one_unit_for_the_whole_file() -> None:
    header = ["Jenis Kelamin", *[f"U{k}" for k in range(1, 10)]]
    rows = [["L", *a] for a in ANSWERS]
    survey = read_survey(sheet_csv(header, rows), unit="puskesmas-1", name="s.csv")
    assert [u.code for u in survey.round.units] == ["puskesmas-1"]
    expected = kp.skm_index(reference_round(["puskesmas-1"] * 5, ANSWERS, SKM_2017))
    results_equal(kp.skm_index(survey.round), expected)
    assert survey.respondents == ("baris-2", "baris-3", "baris-4", "baris-5", "baris-6")
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_csv(header, rows), name="s.csv")
    assert [(p.location, p.code) for p in err.value.problems] == [
        ("s.csv!1:1", "survey_unit_required")
    ]


def test_fourteen_unsur_is_the_2004_rubric() -> None:
    answers: list[list[int | None]] = [[4, 3] * 7, [3, 3] * 7]
    header = ["Unit", *[f"U{k}" for k in range(1, 15)]]
    survey = read_survey(sheet_csv(header, [["a", *r] for r in answers]), name="s.csv")
    assert survey.rubric.id == "skm-2004"
    results_equal(
        kp.skm_index(survey.round), kp.skm_index(reference_round(["a", "a"], answers, SKM_2004))
    )


def test_every_problem_at_once_located_in_both_languages() -> None:
    header = [
        "Unit",
        "Responden",
        "Usia",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "U7",
        "U9",
        "U9",
        "U10",
    ]
    rows: list[list[object]] = [
        ["a", "1", "30", 4, 5, 3, "x", 3, 3, 4, 4, 3, 1],
        ["", "2", "30", 4, 3, 3, 3, 3, 3, "3,5", 4, 3, 1],
        ["a", "1", "30", 4, 3, 3, 3, 3, 3, 0, 4, 3, 1],
    ]
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_csv(header, rows), rubric="skm-2017", name="rekap.csv")
    got = [(p.location, p.code) for p in err.value.problems]
    assert got == [
        ("rekap.csv!1:1", "survey_unsur_missing"),
        ("rekap.csv!L1", "survey_unsur_duplicate"),
        ("rekap.csv!M1", "survey_unsur_unknown"),
        ("rekap.csv!E2", "survey_answer"),
        ("rekap.csv!G2", "survey_answer"),
        ("rekap.csv!A3", "survey_unit_required"),
        ("rekap.csv!J3", "survey_answer"),
        ("rekap.csv!B4", "survey_duplicate_respondent"),
        ("rekap.csv!J4", "survey_answer"),
    ]
    text_en, text_id = err.value.render("en"), err.value.render("id")
    assert "no column for unsur U8 (Penanganan pengaduan, saran dan masukan)" in text_en
    assert "'3,5' bukan jawaban: isi bilangan bulat 1–4" in text_id
    assert "9 problems" in text_en and "9 masalah" in text_id


def test_a_sheet_without_unsur_columns_and_an_unknown_count() -> None:
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_csv(["Nama", "Nilai"], [["a", 1]]), name="x.csv")
    # not a survey sheet, nor a round (read_round says why)
    assert [p.code for p in err.value.problems] == ["survey_no_header", "rubric_required"]
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_csv(["Nama", "Nilai"], [["a", 1]]), name="x.csv", sheet="x.csv")
    assert [p.code for p in err.value.problems] == ["survey_no_header"]
    header = ["Unit", *[f"U{k}" for k in range(1, 11)]]
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_csv(header, [["a", *[4] * 10]]), name="x.csv")
    assert [(p.code, p.params["count"]) for p in err.value.problems] == [("survey_rubric", 10)]
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_csv(header[:10], []), name="x.csv")
    assert [p.code for p in err.value.problems] == ["survey_no_respondents"]


def test_looks_like_survey() -> None:
    header, rows = agency_rows()
    assert looks_like_survey(sheet_csv(header, rows))
    assert looks_like_survey(sheet_xlsx(header, rows))
    assert not looks_like_survey(b"kode_unit,indikator,nilai\na,u1,4\n")


def test_read_round_refusal_of_a_survey_says_how_to_read_it() -> None:
    header, rows = agency_rows()
    with pytest.raises(InvalidFileError) as err:
        kio.read_round(sheet_csv(header, rows), rubric="skm-2017", name="rekap.csv")
    first = err.value.problems[0]
    assert first.code == "survey_not_round"
    assert "kepatuhan skm FILE" in first.text("en") and "kepatuhan template skm-2017" in first.text(
        "en"
    )
    assert "kepatuhan skm BERKAS" in first.text("id")
    with pytest.raises(InvalidFileError) as err:
        kio.read_round(sheet_xlsx(header, rows), name="rekap.xlsx")
    assert err.value.problems[0].code == "survey_not_round"


# Breakdowns -------------------------------------------------------------------------------


def test_age_bands() -> None:
    ages = ("0", "19", "20", "29 tahun", "30", "49", "50", "59", "60", "87")
    assert [age_band(v) for v in ages] == [
        "< 20", "< 20", "20–29", "20–29", "30–39", "40–49", "50–59", "50–59", "≥ 60", "≥ 60",
    ]  # fmt: skip
    assert age_band("20-30 tahun") == "20-30 tahun" and age_band(None) is None
    assert AGE_BANDS[0][2] == "< 20" and AGE_BANDS[-1][1] is None


def test_breakdown_by_profile_value() -> None:
    header, rows = agency_rows()
    survey = read_survey(sheet_csv(header, rows), name="s.csv")
    by_sex = skm_breakdown(survey, "jenis kelamin")
    assert by_sex.column == "Jenis Kelamin" and not by_sex.age_bands
    got = [(r.unit, r.value, r.respondents) for r in by_sex.rows]
    assert got == [
        ("dukcapil", "L", 1),
        ("dukcapil", "P", 2),
        ("dpmptsp", "L", 1),
        ("dpmptsp", "P", 1),
    ]
    # each row is the index of that group computed directly
    women = kp.skm_index(reference_round(["dukcapil"] * 2, ANSWERS[1:3], SKM_2017)).units[0]
    assert (by_sex.rows[1].index, by_sex.rows[1].converted) == (women.index, women.converted)
    by_age = skm_breakdown(survey, "Usia")
    assert by_age.age_bands
    assert [(r.unit, r.value) for r in by_age.rows] == [
        ("dukcapil", "20–29"), ("dukcapil", "40–49"), ("dukcapil", "≥ 60"),
        ("dpmptsp", "< 20"), ("dpmptsp", "30–39"),
    ]  # fmt: skip
    # respondent 2 left U3 blank: alone, the group has no index (the index needs every unsur)
    assert by_age.rows[1].index is None and by_age.rows[1].respondents == 1
    by_school = skm_breakdown(survey, "pendidikan")
    assert by_school.rows[2].value is None  # an empty cell is its own group, listed last
    with pytest.raises(InvalidFileError) as err:
        skm_breakdown(survey, "agama")
    assert err.value.problems[0].code == "survey_unknown_profile"


def test_breakdown_follows_the_convention() -> None:
    header, rows = agency_rows()
    survey = read_survey(sheet_csv(header, rows), name="s.csv")
    plain = skm_breakdown(survey, "Jenis Layanan")
    printed = skm_breakdown(survey, "Jenis Layanan", weight="0.11", nrr_decimals=2)
    assert printed.convention_text.startswith("bobot 0.11 per unsur; NRR dibulatkan 2 desimal")
    assert [r.converted for r in plain.rows] != [r.converted for r in printed.rows]
    ktp = kp.skm_index(
        reference_round(["dukcapil"] * 2, [ANSWERS[0], ANSWERS[2]], SKM_2017),
        weight="0.11",
        nrr_decimals=2,
    ).units[0]
    row = next(r for r in printed.rows if r.value == "KTP")
    assert (row.index, row.converted, row.grade) == (ktp.index, ktp.converted, ktp.grade)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.sampled_from(["L", "P", ""]),
            st.lists(st.integers(1, 4), min_size=9, max_size=9),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_breakdown_rows_partition_each_unit(data: list[tuple[str, str, list[int]]]) -> None:
    """The groups of a unit hold all its respondents once, and a value every respondent of a
    unit shares gives the unit's own index."""
    header = ["Unit", "Jenis Kelamin", "Wilayah", *[f"U{k}" for k in range(1, 10)]]
    rows: list[list[object]] = [[u, sex, "kota", *a] for u, sex, a in data]
    survey = read_survey(sheet_csv(header, rows), name="s.csv")
    whole = kp.skm_index(survey.round)
    by_sex = skm_breakdown(survey, "Jenis Kelamin")
    for unit in whole.units:
        mine = [r for r in by_sex.rows if r.unit == unit.code]
        assert sum(r.respondents for r in mine) == sum(u == unit.code for u, _, _ in data)
        assert len({r.value for r in mine}) == len(mine)
    by_area = skm_breakdown(survey, "wilayah")
    assert [(r.unit, r.index, r.converted) for r in by_area.rows] == [
        (u.code, u.index, u.converted) for u in whole.units
    ]


def test_survey_is_a_dataclass_with_the_round() -> None:
    header, rows = agency_rows()
    survey = read_survey(sheet_csv(header, rows), name="s.csv")
    assert isinstance(survey, SkmSurvey)
    assert survey.round.entities[0].code == "survei"
    assert sum(not math.isnan(x) for x in survey.answers.ravel()) == len(
        survey.round.responses.value
    )
    assert Decimal(str(kp.skm_index(survey.subset([True] * 5)).units[0].converted)) == (
        kp.skm_index(survey.round).units[0].converted
    )


# The CLI --------------------------------------------------------------------------------


def test_cli_reads_a_survey_sheet(tmp_path: Path) -> None:
    from kepatuhan.cli.exits import OK
    from test_cli import invoke

    header, rows = agency_rows()
    path = tmp_path / "rekap.csv"
    path.write_bytes(sheet_csv(header, rows))
    result = invoke("skm", str(path), "--format", "json")
    assert result.exit_code == OK, result.stderr
    expected = kp.skm_index(read_survey(path).round)
    assert json.loads(result.stdout) == json.loads(expected.to_json())
    xlsx = tmp_path / "rekap.xlsx"
    xlsx.write_bytes(sheet_xlsx(header, rows))
    result = invoke("skm", str(xlsx), "--format", "json")
    assert result.exit_code == OK, result.stderr
    assert json.loads(result.stdout) == json.loads(expected.to_json())


def test_cli_unit_option(tmp_path: Path) -> None:
    from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
    from test_cli import invoke

    header = ["Jenis Kelamin", *[f"U{k}" for k in range(1, 10)]]
    path = tmp_path / "puskesmas.csv"
    path.write_bytes(sheet_csv(header, [["L", *a] for a in ANSWERS]))
    result = invoke("skm", str(path), "--unit", "puskesmas-1")
    assert result.exit_code == OK, result.stderr
    assert "puskesmas-1" in result.stdout
    result = invoke("--lang", "en", "skm", str(path))
    assert result.exit_code == INVALID_INPUT
    assert "puskesmas.csv!1:1: no unit" in result.stderr and "Traceback" not in result.stderr
    round_file = tmp_path / "round.csv"
    kio.write_round(reference_round(UNITS, ANSWERS, SKM_2017), round_file)
    result = invoke("skm", str(round_file), "--unit", "x")
    assert result.exit_code == USAGE
    assert "--unit" in result.stderr


def test_cli_nrr_at_even_decimals(tmp_path: Path) -> None:
    """Every NRR of the unsur table has the same number of decimals: the convention's NRR
    decimals when set (3.50, not 3.5), else 4."""
    from test_cli import invoke

    header, rows = agency_rows()
    path = tmp_path / "rekap.csv"
    path.write_bytes(sheet_csv(header, rows))
    survey = read_survey(path)
    for options, places in (([], 4), (["--nrr-decimals", "2"], 2), (["--nrr-decimals", "3"], 3)):
        out = invoke("skm", str(path), *options).stdout
        result = kp.skm_index(survey.round, nrr_decimals=None if not options else places)
        for unit in result.units:
            for s in unit.unsur:
                shown = f"{s.nrr:.{places}f}"
                assert re.search(rf"{re.escape(s.name)}\s+{s.respondents}\s+{shown}\s", out), (
                    s.name,
                    shown,
                )
    # Persyaratan at dpmptsp is 2.5 exactly (5/2): printed 2.5000, or 2.50 at 2 dp, never 2.5
    for options, shown in (([], "2.5000"), (["--nrr-decimals", "2"], "2.50")):
        out = invoke("skm", str(path), *options).stdout
        assert re.search(rf"Persyaratan\s+2\s+{shown}\s", out)
        assert not re.search(r"\s\d\.\d\s", out)


# The SKM template -------------------------------------------------------------------------


def workbook_texts(data: bytes) -> str:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("rubric", [SKM_2017, SKM_2004], ids=lambda r: r.id)
def test_template_is_the_survey_sheet(rubric: kp.Rubric, lang: Language) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    data = kio.write_template(rubric, lang=lang)
    assert data == kio.write_template(rubric, lang=lang)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Petunjuk", "Survei", "Unsur", "_meta"]
    header = [c.value for c in wb["Survei"][1]]
    n = len(rubric.indicators())
    assert header[2:] == [*PROFILE, *[f"U{k}" for k in range(1, n + 1)]]
    texts = workbook_texts(data)
    assert "per unit" not in texts and "responden per unit" not in texts
    assert "kepatuhan skm" in texts
    legend = list(wb["Unsur"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in legend] == [f"U{k}" for k in range(1, n + 1)]
    names = [i.name if lang == "id" else (i.name_en or i.name) for i in rubric.indicators()]
    assert [r[1] for r in legend] == names


def test_filled_template_reads_back_as_the_survey(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = kio.write_template(SKM_2017, tmp_path / "skm.xlsx")
    wb = openpyxl.load_workbook(path)
    for r, (u, p, a) in enumerate(zip(UNITS, PROFILES, ANSWERS, strict=True), start=1):
        wb["Survei"].append([u, str(r), *p, *a])
    wb.save(path)
    survey = read_survey(path)
    assert survey.rubric.id == "skm-2017" and survey.profile_columns == tuple(PROFILE)
    assert survey.respondents == ("1", "2", "3", "4", "5")
    assert [list(p) for p in survey.profiles] == [[v or None for v in p] for p in PROFILES]
    results_equal(
        kp.skm_index(survey.round), kp.skm_index(reference_round(UNITS, ANSWERS, SKM_2017))
    )
    with pytest.raises(InvalidFileError) as err:
        kio.read_round(path)
    assert err.value.problems[0].code == "survey_not_round"


def test_template_names_its_rubric(tmp_path: Path) -> None:
    """A template of a derived rubric is read under it, not guessed from the column count."""
    openpyxl = pytest.importorskip("openpyxl")
    path = kio.write_template(SKM_2004, tmp_path / "skm.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Survei"].append(["a", "1", None, None, None, None, None, *[4] * 14])
    wb.save(path)
    assert read_survey(path).rubric.id == "skm-2004"


def test_a_round_workbook_of_an_skm_round_does_not_say_one_respondent_per_unit() -> None:
    openpyxl = pytest.importorskip("openpyxl")

    def block_labels(data: bytes) -> list[str]:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return [str(v) for v in next(wb["Jawaban"].iter_rows(values_only=True)) if v][1:]

    round_ = reference_round(UNITS, ANSWERS, SKM_2017)
    labels = block_labels(kio.write_round(round_, format="xlsx"))
    assert labels == [
        "Blok Pengguna Layanan (pengguna_layanan): satu baris per responden, sebanyak responden "
        "yang disurvei"
    ]
    assert all("per unit" in label for label in block_labels(kio.write_template("ombudsman-2024")))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_a_round_file_reads_as_a_survey_too(kind: str) -> None:
    """The long CSV, the round workbook and JSON are read through read_round: the same round,
    one respondent per (unit, respondent), no profile columns."""
    round_ = reference_round(UNITS, ANSWERS, SKM_2017)
    data = kio.write_round(round_, format=kind)  # type: ignore[call-overload]
    survey = kio.read_survey(data, rubric="skm-2017" if kind == "csv" else None, name=f"r.{kind}")
    again = kio.read_round(data, rubric="skm-2017", name=f"r.{kind}")
    assert survey.round == again
    assert survey.respondents == ("r0", "r1", "r2", "r3", "r4")
    assert survey.unit_of == (0, 0, 0, 1, 1) and survey.profile_columns == ()
    assert np.array_equal(
        survey.answers,
        np.array([[np.nan if v is None else v for v in a] for a in ANSWERS]),
        equal_nan=True,
    )
    results_equal(kp.skm_index(survey.subset([True] * 5)), kp.skm_index(round_))
    with pytest.raises(InvalidFileError) as err:
        skm_breakdown(survey, "usia")
    assert err.value.problems[0].params["known"] == "-"


def test_xlsx_problems_are_located_at_sheet_and_cell() -> None:
    header, rows = agency_rows()
    rows[1][9] = 7  # U3 of respondent 2 (title rows above: the header is row 3)
    rows[3][1] = None  # no unit
    with pytest.raises(InvalidFileError) as err:
        read_survey(sheet_xlsx(header, rows), name="rekap.xlsx")
    assert [(p.location, p.code) for p in err.value.problems] == [
        ("Rekap!J5", "survey_answer"),
        ("Rekap!B7", "survey_unit_required"),
    ]


def test_a_csv_the_csv_module_cannot_read_is_a_located_problem() -> None:
    data = b"Unit;U1;U2\na;" + b"x" * (csv.field_size_limit() + 1) + b";3\n"
    with pytest.raises(InvalidFileError) as err:
        read_survey(data, rubric="skm-2017", name="b.csv")
    assert [(p.location, p.code) for p in err.value.problems] == [
        ("b.csv!2:2", "csv_field_too_large")
    ]
