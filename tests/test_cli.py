"""The ``kepatuhan`` command line, in process (typer's CliRunner): every command, both
languages, exit codes 0/1/2, output formats."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.style import Style
from typer.testing import CliRunner, Result

import kepatuhan as kp
from kepatuhan.cli import main
from kepatuhan.cli.app import make_app
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE, user_errors
from kepatuhan.cli.messages import choose_lang, zone_name
from kepatuhan.cli.progress import progress
from kepatuhan.cli.render import ZONE_STYLES, result_view
from kepatuhan.errors import Language


def _runner() -> CliRunner:
    """A runner that keeps stderr apart from stdout (click < 8.2 mixes them by default)."""
    separate: dict[str, Any] = {"mix_stderr": False}
    try:
        return CliRunner(**separate)
    except TypeError:  # click >= 8.2: always separate
        return CliRunner()


def invoke(*args: str, lang: Language = "id", env: Mapping[str, str] | None = None) -> Result:
    """Run the app; an unexpected exception fails the test instead of passing as exit 1."""
    result = _runner().invoke(make_app(lang), list(args), env={"COLUMNS": "250", **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def example() -> kp.RoundResult:
    return kp.score(kp.example_round())


# rubrics ----------------------------------------------------------------------------------------


def test_rubrics_lists_every_registered_rubric() -> None:
    result = invoke("rubrics")
    assert result.exit_code == OK
    assert "Dasar hukum" in result.stdout
    for info in kp.list_rubrics():
        assert info.id in result.stdout
        assert info.plugin is not None and info.plugin in result.stdout


def test_rubrics_in_english() -> None:
    result = invoke("--lang", "en", "rubrics")
    assert result.exit_code == OK
    assert "Legal basis" in result.stdout and "Dasar hukum" not in result.stdout


def test_rubric_detail_shows_shares_bands_and_assumptions() -> None:
    rubric = kp.get_rubric("ombudsman-2023")
    out = invoke("rubrics", rubric.id).stdout
    total = sum(node.weight for node in rubric.nodes)
    for node in rubric.nodes:
        assert f"{node.id}  {100 * node.weight / total:.2f}%" in out
    for band in rubric.zoning.bands:
        assert f"{band.lower}–{band.upper}" in out and band.label in out
    for key in rubric.sources:
        assert key in out
    counts = Counter(p.confidence for _, p in rubric.provenances())
    assert counts[kp.Confidence.ASSUMED] == len(rubric.assumptions()) > 0
    assert f"{counts[kp.Confidence.OFFICIAL]} resmi" in out
    assert f"{counts[kp.Confidence.ASSUMED]} asumsi" in out
    for assumption in rubric.assumptions():
        assert assumption.path in out


def test_rubric_detail_in_english_uses_english_labels() -> None:
    rubric = kp.get_rubric("ombudsman-2023")
    out = invoke("--lang", "en", "rubrics", rubric.id).stdout
    assert "official" in out and "assumed" in out
    for band in rubric.zoning.bands:
        assert band.label_en is not None and band.label_en in out


@pytest.mark.parametrize(("lang", "other"), [("id", "en"), ("en", "id")])
def test_rubric_detail_gives_reasons_and_source_titles_in_the_chosen_language(
    lang: Language, other: Language
) -> None:
    rubric = kp.get_rubric("ombudsman-2023")
    wide = {"COLUMNS": "2000"}  # no wrapping: each reason and title on one line
    out = invoke("--lang", lang, "rubrics", rubric.id, env=wide).stdout
    assumptions = rubric.assumptions()
    for a in assumptions:
        assert a.reason_in(lang) in out, a.path
        assert a.what_in(lang) in out, a.path
    for source in rubric.sources.values():
        assert source.title_in(lang) in out
    # Not the other language's texts (some notes read the same in both: skip those).
    differing = [a for a in assumptions if a.reason_in(lang) != a.reason_in(other)]
    assert differing and not any(a.reason_in(other) in out for a in differing)
    english_only = {"(no reason given)", "(see the reason)", "method: "}
    if lang == "id":
        assert "Bobot per indikator tidak dipublikasikan; diasumsikan bobot yang sama" in out
        assert "metode: penggabungan jawaban responden" in out
        assert not any(text in out for text in english_only)
        assert "kepatuhan: asumsi yang dibuat karena tidak ada sumber publik" in out
    else:
        assert "Per-indicator weights are not public; equal shares within the variable" in out
        assert "method: respondent_reduction" in out
        assert "kepatuhan: assumption made where no public source exists" in out


def test_the_default_language_shows_indonesian_reasons() -> None:
    out = invoke("rubrics", "ombudsman-2023", env={"COLUMNS": "2000"}).stdout
    reason = (
        "Bobot per indikator tidak dipublikasikan; diasumsikan bobot yang sama di dalam variabel."
    )
    assert reason in out and "Per-indicator weights are not public" not in out


def test_unknown_rubric_exits_1_with_the_known_ids() -> None:
    result = invoke("rubrics", "ombudsman-1999")
    assert result.exit_code == INVALID_INPUT
    assert result.stdout == ""
    assert "'ombudsman-1999' tidak terdaftar" in result.stderr
    assert "ombudsman-2024" in result.stderr


def test_rubric_of_a_year_without_assessment_says_why() -> None:
    result = invoke("--lang", "en", "rubrics", "ombudsman-2020")
    assert result.exit_code == INVALID_INPUT
    assert "no assessment was held in 2020" in result.stderr


# classify ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_classify_shows_the_rounded_score_and_its_band(lang: Language) -> None:
    expected = kp.get_rubric("ombudsman-2023").classify("87.995")
    result = invoke("--lang", lang, "classify", "ombudsman-2023", "87.995")
    assert result.exit_code == OK
    assert "87.995" in result.stdout and str(expected.score) in result.stdout
    label = expected.label_en if lang == "en" and expected.label_en else expected.label
    assert label in result.stdout
    assert expected.zone is not None and zone_name(expected.zone, lang) in result.stdout
    assert ("Rounded" in result.stdout) == (lang == "en")


@pytest.mark.parametrize("value", ["105", "abc", "nan"])
def test_classify_out_of_range_exits_1(value: str) -> None:
    result = invoke("classify", "ombudsman-2023", value)
    assert result.exit_code == INVALID_INPUT
    assert result.stderr.startswith("nilai tidak sah: 1 masalah")
    assert f"score: nilai {value} bukan angka" in result.stderr
    english = invoke("--lang", "en", "classify", "ombudsman-2023", value)
    assert english.stderr.startswith("invalid score: 1 problem")


# score ------------------------------------------------------------------------------------------


def test_score_example_prints_every_unit_and_entity(example: kp.RoundResult) -> None:
    result = invoke("score", "--example")
    assert result.exit_code == OK
    out = result.stdout
    assert "data sintetis" in out and "Kehilangan poin terbesar" in out
    for unit in example.units:
        row = next(line for line in out.splitlines() if f" {unit.name} " in line)
        assert str(unit.score) in row and str(unit.label) in row
        top = next(iter(unit.points_lost.items()))
        assert f"{top[0]} {top[1]}" in row
        assert f"{unit.completeness.assessed}/{unit.completeness.applicable}" in row
    for entity in example.entities:
        assert entity.name in out and str(entity.score) in out
    assert result.stderr == ""  # no progress bar off a terminal


def test_score_example_in_english(example: kp.RoundResult) -> None:
    out = invoke("score", "--example", env={"KEPATUHAN_LANG": "en"}).stdout
    assert "synthetic" in out and "Service unit" in out
    rubric = kp.get_rubric(example.rubric.id)
    for unit in example.units:
        assert unit.score is not None
        english = rubric.classify(unit.score).label_en
        assert english is not None and english in out


def test_zones_are_coloured_when_colour_is_forced(example: kp.RoundResult) -> None:
    out = invoke("score", "--example", env={"FORCE_COLOR": "1", "TERM": "xterm"}).stdout
    zones = {u.zone for u in example.units if u.zone is not None}
    assert len(zones) > 1
    for zone in zones:
        styled = Style.parse(ZONE_STYLES[zone]).render(
            zone_name(zone, "id"), color_system=ColorSystem.STANDARD
        )
        assert styled.removesuffix("\x1b[0m") in out  # the cell pads before the reset


def test_zone_styles_follow_the_zone_colours() -> None:
    assert set(ZONE_STYLES) == set(kp.Zone)
    for zone, colour in [
        (kp.Zone.MERAH, "red"),
        (kp.Zone.KUNING, "yellow"),
        (kp.Zone.HIJAU, "green"),
    ]:
        style = Style.parse(ZONE_STYLES[zone])
        assert style.color is not None and style.color.name == colour
    black = Style.parse(ZONE_STYLES[kp.Zone.HITAM])
    assert black.bgcolor is not None and black.bgcolor.name == "black"


def test_score_table_to_a_file_has_no_colour_codes(tmp_path: Path) -> None:
    out = tmp_path / "hasil.txt"
    result = invoke("score", "--example", "-o", str(out), env={"FORCE_COLOR": "1"})
    assert result.exit_code == OK and result.stdout == ""
    assert result.stderr.strip() == f"Ditulis: {out}"
    written = out.read_text(encoding="utf-8")
    assert "Pemerintah Kota Pagar Alam" in written and "\x1b[" not in written


@pytest.mark.parametrize(
    "args",
    [
        ["score"],  # neither FILE nor --example
        ["score", "--example", "--format", "pdf"],
        ["score", "--example", "--format", "xlsx"],  # a workbook needs -o
        ["score", "--example", "-o", "hasil.pdf"],  # no format from the suffix
        ["score", "--example", "--example-typo"],
        ["score", "--example", "--missing", "sometimes"],
        ["--lang", "fr", "rubrics"],
        ["rubrics", "--bogus"],
        ["nonsense"],
        ["classify", "ombudsman-2023"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert invoke(*args).exit_code == USAGE


# global options, language, errors ---------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == OK and result.stdout.strip() == f"kepatuhan {kp.__version__}"


def test_help_pages_follow_the_language() -> None:
    assert "Hitung nilai" in invoke("--help").stdout
    assert "Score an assessment" in invoke("--help", lang="en").stdout


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "id"),
        ([], {"KEPATUHAN_LANG": "en"}, "en"),
        (["--lang", "en", "rubrics"], {}, "en"),
        (["--lang=en", "rubrics"], {"KEPATUHAN_LANG": "id"}, "en"),
        (["--lang", "id"], {"KEPATUHAN_LANG": "en"}, "id"),
        (["--lang", "fr"], {}, "id"),
        (["--", "--lang", "en"], {}, "id"),
    ],
)
def test_choose_lang(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert choose_lang(argv, environ) == expected


def test_broken_pipe_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    read_end, write_end = os.pipe()
    with open(write_end, "w") as replaced, open(read_end, "rb"):
        # A replaced sys.stdout (a test runner's capture, an embedding program's stream)
        # is not the process's own: a closed pipe must not redirect its descriptor.
        monkeypatch.setattr(sys, "stdout", replaced)
        with pytest.raises(typer.Exit) as exit_, user_errors("id"):
            raise BrokenPipeError
        assert stat.S_ISFIFO(os.fstat(write_end).st_mode)
    assert exit_.value.exit_code == OK


def test_without_the_cli_extra_a_one_line_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "kepatuhan.cli.app")
    monkeypatch.setitem(sys.modules, "typer", None)
    assert main(["rubrics"]) == INVALID_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "kepatuhan[cli]"' in err


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with progress("id") as bar:
        assert not bar.shown
        bar.reading("x.xlsx")(1, 2)  # a no-op without a bar
        bar.scoring()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with progress("id") as bar:
        assert bar.shown
        bar.reading("x.xlsx")(1, 2)
        bar.scoring()


def test_main_returns_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "ombudsman-2023", "50"]) == OK
    assert main(["classify", "ombudsman-2023", "500"]) == INVALID_INPUT
    assert main(["classify"]) == USAGE
    capsys.readouterr()


# results of rubrics with quality words and an opinion rule (2025) ----------------------------


def _render(renderable: RenderableType) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=250, color_system=None).print(renderable)
    return buffer.getvalue()


def test_opinion_quality_and_outstanding_products_are_shown() -> None:
    rubric = kp.get_rubric("ombudsman-2025")
    codes = {"tidore": 62.57, "badung": 90.0}
    round_ = kp.Round(
        rubric=rubric.id,
        entities=[kp.Entity(code=c, name=f"Pemerintah {c}", kind="pemkab") for c in codes],
        units=[
            kp.ServiceUnit(code=f"u-{c}", name=f"Dinas {c}", entity=c, unit_type="opd")
            for c in codes
        ],
        dimension_scores=[
            kp.DimensionScore(unit=f"u-{c}", dimension=node.id, value=value)
            for c, value in codes.items()
            for node in rubric.nodes
        ],
        oversight_products=[
            {
                "entity": "tidore",
                "kind": "rekomendasi",
                "reference": "R-02/2025",
                "followed_up": False,
            },
        ],
    )
    result = kp.score(round_)
    tidore, badung = result.entity("tidore"), result.entity("badung")
    assert tidore.opinion and badung.opinion and tidore.quality and badung.quality
    out = _render(result_view(result, rubric, "id"))
    assert "Mutu" in out and "Dianugerahi" in out
    tidore_row = next(line for line in out.splitlines() if "Pemerintah tidore" in line)
    assert tidore.opinion in tidore_row and tidore.quality in tidore_row
    assert " tidak " in tidore_row  # not awarded
    badung_row = next(line for line in out.splitlines() if "Pemerintah badung" in line)
    assert badung.opinion in badung_row and " ya " in badung_row
    assert "produk pengawasan belum ditindaklanjuti: R-02/2025" in out
    english = _render(result_view(result, rubric, "en"))
    band = rubric.classify(str(badung.score))
    assert band.label_en and band.quality_en
    assert rubric.opinion is not None and rubric.opinion.qualifier_en in english
    assert band.quality_en in english and "Awarded" in english


def test_example_table_has_no_quality_column_when_the_rubric_has_none() -> None:
    out = invoke("score", "--example").stdout
    assert "Mutu" not in out and "Dianugerahi" not in out


# files: template, reading, exporting, schemas (kepatuhan.io) -----------------------------------


def _fill(form: Path, out: Path, answers: Mapping[str, int | str]) -> None:
    """One entity, one unit and one respondent row of ``answers`` (indicator id → cell)."""
    import openpyxl

    from kepatuhan.io.layout import ANSWER_FIRST_ROW, ANSWER_HEADER_ROW

    book = openpyxl.load_workbook(form)
    book["Instansi"].append(["16.72", "Pemerintah Kota Pagar Alam", "pemkot", None])
    book["Unit"].append(["dpmptsp", "DPMPTSP", "16.72", "opd", None])
    sheet = book["Jawaban"]
    header = [cell.value for cell in sheet[ANSWER_HEADER_ROW]]
    row = {"Kode Unit": "dpmptsp", "Peran": "pelaksana", "Responden": "p1", **answers}
    for key, value in row.items():
        sheet.cell(ANSWER_FIRST_ROW, header.index(key) + 1, value)
    book.save(out)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ombudsman-2024 template, written by the command."""
    path = tmp_path_factory.mktemp("form") / "formulir.xlsx"
    result = invoke("template", "ombudsman-2024", "-o", str(path))
    assert result.exit_code == OK and result.stdout == ""
    assert f"Ditulis: {path}" in result.stderr
    return path


def test_template_filled_in_and_scored(form: Path, tmp_path: Path) -> None:
    from kepatuhan.io import read_round

    filled = tmp_path / "isi.xlsx"
    _fill(form, filled, {"in01": 3, "in02": 2})
    expected = kp.score(read_round(filled)).units[0]
    result = invoke("score", str(filled))
    assert result.exit_code == OK, result.stderr
    row = next(line for line in result.stdout.splitlines() if " DPMPTSP " in line)
    assert f" {expected.score} " in row and f" {expected.completeness.assessed}/41 " in row


def test_invalid_workbook_exits_1_with_every_cell_located(form: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "salah.xlsx"
    _fill(form, wrong, {"in01": 5, "in02": "dua"})
    result = invoke("score", str(wrong))
    assert result.exit_code == INVALID_INPUT and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "berkas data tidak sah salah.xlsx: 2 masalah"
    assert lines[1].startswith("  - Jawaban!E4: nilai 5 di luar skala 0–3")
    assert lines[2] == (
        "  - Jawaban!F4: 'dua' bukan angka; yang sah: 0–3, tidak_berlaku, belum_dinilai"
    )
    english = invoke("--lang", "en", "score", str(wrong))
    assert english.stderr.startswith("invalid data file salah.xlsx: 2 problems")


def test_a_file_for_another_rubric_exits_1(form: Path, tmp_path: Path) -> None:
    filled = tmp_path / "isi.xlsx"
    _fill(form, filled, {"in01": 3})
    result = invoke("score", str(filled), "--rubric", "ombudsman-2023")
    assert result.exit_code == INVALID_INPUT
    assert "'ombudsman-2024'" in result.stderr and "'ombudsman-2023'" in result.stderr


def test_missing_policy_option_changes_the_score(tmp_path: Path) -> None:
    entity = kp.Entity(code="e", name="Pemkab Contoh", kind="pemkab")
    unit = kp.ServiceUnit(code="u", name="Dinas Contoh", entity="e", unit_type="opd")
    answers = [kp.Response(unit="u", indicator="pr01", respondent="p", value=3)]
    round_ = kp.Round(rubric="ombudsman-2023", entities=[entity], units=[unit], responses=answers)
    excluded = kp.score(round_).units[0].score
    zero = kp.score(round_, missing="zero").units[0].score
    assert excluded != zero
    path = tmp_path / "round.json"
    path.write_text(round_.model_dump_json(), encoding="utf-8")
    assert f" {excluded} " in invoke("score", str(path)).stdout
    assert f" {zero} " in invoke("score", str(path), "--missing", "zero").stdout
    strict = invoke("score", str(path), "--missing", "strict")
    assert strict.exit_code == INVALID_INPUT
    assert strict.stderr.startswith("data belum lengkap:")


@pytest.mark.parametrize("suffix", ["txt", "json", "csv", "xlsx"])
def test_an_output_path_that_cannot_be_written_exits_1(suffix: str, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / f"hasil.{suffix}"
    result = invoke("score", "--example", "-o", str(out))
    assert result.exit_code == INVALID_INPUT
    assert result.stderr.startswith(f"galat: tidak dapat memakai {out}: ")


def test_names_print_as_written_not_as_markup(tmp_path: Path) -> None:
    name = "Dinas [bold]Sosial[/bold] [x"
    round_ = kp.Round(
        rubric="ombudsman-2023",
        entities=[kp.Entity(code="e", name="Pemkab [Contoh]", kind="pemkab")],
        units=[kp.ServiceUnit(code="u", name=name, entity="e", unit_type="opd")],
        responses=[kp.Response(unit="u", indicator="pr01", respondent="p", value=3)],
    )
    path = tmp_path / "[round].json"
    path.write_text(round_.model_dump_json(), encoding="utf-8")
    result = invoke("score", str(path), "-o", str(tmp_path / "[hasil].csv"))
    assert result.exit_code == OK and "[hasil].csv" in result.stderr
    out = invoke("score", str(path)).stdout
    assert name in out and "Pemkab [Contoh]" in out
    assert invoke("score", str(path), "-o", str(tmp_path / "hasil.txt")).exit_code == OK
    assert name in (tmp_path / "hasil.txt").read_text(encoding="utf-8")


def test_json_output_equals_the_library_result(example: kp.RoundResult) -> None:
    result = invoke("score", "--example", "--format", "json")
    assert result.exit_code == OK and result.stderr == ""
    assert json.loads(result.stdout) == json.loads(example.to_json())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_stdout_is_byte_for_byte_what_the_file_gets(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"hasil.{fmt}"
    written = invoke("score", "--example", "-o", str(out))  # format from the suffix
    assert written.exit_code == OK and written.stdout == ""
    printed = invoke("score", "--example", "--format", fmt)
    assert printed.stdout_bytes == out.read_bytes()


def test_xlsx_export_is_the_library_export(example: kp.RoundResult, tmp_path: Path) -> None:
    from kepatuhan.io import export_result

    out = tmp_path / "hasil.xlsx"
    result = invoke("--lang", "en", "score", "--example", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == OK, result.stderr
    expected = export_result(example, tmp_path / "direct.xlsx", lang="en")
    assert out.read_bytes() == expected.read_bytes()


def test_schemas(tmp_path: Path) -> None:
    from kepatuhan.io import json_schemas

    schemas = json_schemas()
    assert json.loads(invoke("schema").stdout) == schemas
    for name, schema in schemas.items():
        assert json.loads(invoke("schema", name).stdout) == schema
    out = tmp_path / "round.schema.json"
    assert invoke("schema", "round", "-o", str(out)).stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == schemas["round"]
    assert invoke("schema", "nope").exit_code == USAGE


def test_a_skipped_plugin_is_reported_once_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failing plugin reaches the user as one localized line on stderr, not as a raw
    Python ``PluginWarning`` line."""
    import warnings

    from kepatuhan import registry as registry_module

    class Broken:
        name = "rusak"

        @staticmethod
        def load() -> object:
            raise ImportError("modul hilang")

    monkeypatch.setattr(registry_module, "_entry_points", lambda: [Broken()])
    monkeypatch.setattr(registry_module, "_default", None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a PluginWarning escaping would fail the run
            result = invoke("rubrics")
            english = invoke("--lang", "en", "rubrics", lang="en")
    finally:
        monkeypatch.undo()
        registry_module.default_registry(reload=True)
    assert result.exit_code == OK and "ombudsman-2024" in result.stdout
    assert result.stderr.count("plugin dilewati") == 1
    assert "'rusak'" in result.stderr and "PluginWarning" not in result.stderr
    assert english.stderr.count("the plugin was skipped") == 1
