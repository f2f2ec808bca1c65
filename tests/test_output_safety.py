"""Every writer given the hostile-text corpus (tests/corpus/outputs): no formula in any
workbook, CSV that Python's csv module reads back, names that survive (exactly, or as
documented: a leading apostrophe in CSV, ``\\x1b`` written visibly), no control character
on a terminal or in a text file."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import RenderableType

import kepatuhan as kp
from builders import group, indicator, rubric
from corpus.outputs.injection import (
    BIDI,
    CONTROLS,
    FORMULAS,
    MARKUP,
    ROUND_TEXTS,
    RUBRIC,
    TEXTS,
    hostile_result,
    hostile_round,
)
from kepatuhan import io as kio
from kepatuhan.cli.exits import INVALID_INPUT, OK
from kepatuhan.cli.output import SafeConsole
from kepatuhan.cli.render import result_view
from kepatuhan.cli.render_skm import skm_view
from kepatuhan.io._safe_text import (
    FORMULA_START,
    csv_quote,
    csv_unquote,
    terminal_text,
    xlsx_text,
)
from test_cli import invoke

_SGR = re.compile("\x1b\\[[0-9;]*m")
_UNSAFE_ON_SCREEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    """Every hostile name, control characters included (read back from JSON)."""
    return hostile_result()


@pytest.fixture(scope="module")
def scored() -> kp.RoundResult:
    """The names a round holds, scored (the workbook rows come from its arrays)."""
    return kp.score(hostile_round())


def workbook_cells(data: bytes) -> list[tuple[str, openpyxl.cell.cell.Cell]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (ws.title, cell)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_no_formula(data: bytes) -> None:
    """No cell is a formula; a text that starts like one carries Excel's quote prefix."""
    cells = workbook_cells(data)
    assert cells
    for sheet, cell in cells:
        assert cell.data_type != "f", (sheet, cell.coordinate, cell.value)
        if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
            assert cell.quotePrefix, (sheet, cell.coordinate, cell.value)


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows as Python's csv module reads them (it fails on a bare CR outside quotes)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def assert_screen_safe(printed: str) -> None:
    """Nothing but rich's own colour codes: no escape, BEL, NUL, C1 or bidi override."""
    assert _UNSAFE_ON_SCREEN.search(_SGR.sub("", printed)) is None, repr(printed)


# The helper ---------------------------------------------------------------------------------


@given(st.text())
def test_csv_quote_is_undone_exactly_and_never_starts_a_formula(text: str) -> None:
    quoted = csv_quote(text)
    assert csv_unquote(quoted) == text
    assert quoted[:1] not in FORMULA_START
    assert quoted == text or quoted == "'" + text


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_get_one_apostrophe(text: str) -> None:
    assert csv_quote(text) == "'" + text


def test_plain_text_is_left_alone() -> None:
    for text in ("'biasa", "Dinas Sosial", "", "'", "a=b"):
        assert csv_quote(text) == text == csv_unquote(text)


# Results: workbook, CSV, JSON ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_results_workbook_has_no_formula_and_shows_every_name(
    result: kp.RoundResult, lang: str
) -> None:
    data = kio.export_result(result, format="xlsx", lang=lang)  # type: ignore[call-overload]
    assert_no_formula(data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    entities, units = book.worksheets[0], book.worksheets[1]
    unit_rows = list(units.iter_rows(min_row=6, values_only=True))
    assert [r[0] for r in unit_rows] == [u.code for u in result.units]
    assert [r[1] for r in unit_rows] == [xlsx_text(u.name) for u in result.units]
    entity_rows = list(entities.iter_rows(min_row=6, values_only=True))
    assert [r[1] for r in entity_rows] == [xlsx_text(e.name) for e in result.entities]
    assert [r[3] for r in entity_rows] == [xlsx_text(e.province or "") for e in result.entities]
    shown = {r[1] for r in unit_rows}
    # What a workbook cannot hold is written visibly, instead of failing (IllegalCharacterError)
    assert "Nol\\x00Byte" in shown and "Dinas\\x1b[2JBersih" in shown
    assert '=HYPERLINK("http://x.invalid","klik")' in shown  # as text


def test_results_workbook_from_arrays_is_as_safe(scored: kp.RoundResult) -> None:
    """Rows read from a scored result's arrays: the same workbook as from its views."""
    data = kio.export_result(scored, format="xlsx")
    assert_no_formula(data)
    assert data == kio.export_result(kp.RoundResult.from_json(scored.to_json()), format="xlsx")
    assert data != kio.export_result(kp.score(kp.example_round()), format="xlsx")


def test_results_csv_reads_back_and_defuses_formulas(result: kp.RoundResult) -> None:
    data = kio.export_result(result, format="csv")
    header, *body = csv_rows(data)
    assert len(body) == len(result.entities) + len(result.units)
    for row in body:
        assert len(row) == len(header)
        for field in row:
            assert field[:1] not in FORMULA_START, row
    names = [row[header.index("name")] for row in body]
    codes = [row[header.index("code")] for row in body]
    want = [e.name for e in result.entities] + [u.name for u in result.units]
    assert names == [csv_quote(n) for n in want]
    assert [csv_unquote(n) for n in names] == want  # every name survives, CR and NUL too
    assert [csv_unquote(c) for c in codes] == [e.code for e in result.entities] + [
        u.code for u in result.units
    ]


def test_results_csv_quotes_a_row_with_a_bare_cr(result: kp.RoundResult) -> None:
    data = kio.export_result(result, format="csv")
    line = next(x for x in data.split(b"\n") if b"Baris\rCR" in x)
    assert b'"Baris\rCR"' in line


def test_results_json_keeps_every_name_exactly(result: kp.RoundResult) -> None:
    document = json.loads(kio.export_result(result, format="json"))
    assert [u["name"] for u in document["units"]] == list(TEXTS)
    assert [e["name"] for e in document["entities"]] == list(TEXTS)


# Round files: write_round reads back exactly ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "lang"), [("xlsx", "id"), ("xlsx", "en"), ("csv", "id"), ("csv", "en"), ("json", "id")]
)
def test_write_round_reads_back_exactly(kind: str, lang: str) -> None:
    round_ = hostile_round(ROUND_TEXTS)
    data = kio.write_round(round_, format=kind, lang=lang)  # type: ignore[call-overload]
    back = kio.read_round(data, format=kind, rubric=RUBRIC)  # type: ignore[arg-type]
    assert back.entities == round_.entities
    assert back.units == round_.units
    assert back.responses.respondent_codes == round_.responses.respondent_codes
    if kind == "xlsx":
        assert_no_formula(data)
    if kind == "csv":
        for row in csv_rows(data)[1:]:
            for field in row:
                assert field[:1] not in FORMULA_START, row


# The template -------------------------------------------------------------------------------


def test_template_of_a_rubric_with_control_characters_is_a_located_error() -> None:
    """A NUL or ESC in a rubric's names (plugin data) is refused, located, instead of
    openpyxl's IllegalCharacterError half-way through."""
    nodes = [group("d", [indicator("i0"), indicator("i1", name=CONTROLS[3])])]
    with pytest.raises(kp.InvalidRubricError) as caught:
        kio.write_template(rubric(nodes, title=CONTROLS[0]))
    found = [(p.location, p.code) for p in caught.value.problems]
    assert found == [("title", "not_in_workbook"), ("nodes[0].children[1].name", "not_in_workbook")]


def test_template_of_a_rubric_with_formula_names_has_no_formula() -> None:
    nodes = [
        group("d", [indicator(f"i{k}", name=text) for k, text in enumerate(FORMULAS)]),
    ]
    hostile = rubric(nodes, title='=HYPERLINK("http://x.invalid","t")')
    assert_no_formula(kio.write_template(hostile))


# Terminal, pipes and text files -------------------------------------------------------------


def _printed(renderable: RenderableType, *, colour: bool) -> str:
    out = io.StringIO()
    console = SafeConsole(
        file=out, width=200, force_terminal=colour, color_system="truecolor" if colour else None
    )
    console.print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_result_table_escapes_controls_and_prints_markup_as_written(
    result: kp.RoundResult, colour: bool, lang: str
) -> None:
    printed = _printed(result_view(result, kp.get_rubric(RUBRIC), lang), colour=colour)  # type: ignore[arg-type]
    assert_screen_safe(printed)
    plain = _SGR.sub("", printed)
    for text in MARKUP:
        assert text in plain
    assert "Dinas\\x1b[2JBersih" in plain and "Balik\\u202eteks" in plain


def test_skm_table_escapes_controls() -> None:
    texts = BIDI + MARKUP[:2] + FORMULAS[:1]
    entities = [kp.Entity(code="e", name="Pemkot", kind="pemkot")]
    units = [
        kp.ServiceUnit(code=f"u{i}", name=text, entity="e", unit_type="opd")
        for i, text in enumerate(texts)
    ]
    answers = [
        kp.Response(unit=f"u{i}", indicator=f"u{k}", respondent="r", role="pengguna_layanan",
                    value=3)
        for i in range(len(texts))
        for k in range(1, 10)
    ]  # fmt: skip
    survey = kp.Round(rubric="skm-2017", entities=entities, units=units, responses=answers)
    result = kp.skm_index(survey, "skm-2017")
    for colour in (False, True):
        printed = _printed(skm_view(result, "id"), colour=colour)
        assert_screen_safe(printed)
        assert "[bold]Tebal[/bold]" in printed and "Api :fire:" in printed
    assert json.loads(result.to_json())["units"][0]["name"] == texts[0]
    assert "Balik\\u202eteks" in _printed(skm_view(result, "en"), colour=False)


def test_terminal_text_leaves_tab_newline_and_ordinary_text() -> None:
    assert (
        terminal_text("Dinas\tSosial\nKota Bogor — ñ 日本") == "Dinas\tSosial\nKota Bogor — ñ 日本"
    )
    assert terminal_text("\x1b\x07\x9b\u202e") == "\\x1b\\x07\\x9b\\u202e"


def _round_file(path: Path, texts: tuple[str, ...] = ROUND_TEXTS) -> Path:
    path.write_text(hostile_round(texts).model_dump_json(), encoding="utf-8")
    return path


def test_cli_score_table_on_a_pipe_and_in_a_file_escapes_controls(tmp_path: Path) -> None:
    path = _round_file(tmp_path / "ronde.json")
    piped = invoke("score", str(path))
    assert piped.exit_code == OK, piped.stderr
    assert_screen_safe(piped.stdout)
    assert "Balik\\u202eteks" in piped.stdout and "Api :fire:" in piped.stdout
    assert "[bold]Tebal[/bold]" in piped.stdout
    coloured = invoke("score", str(path), env={"FORCE_COLOR": "1"})
    assert_screen_safe(coloured.stdout)
    out = tmp_path / "hasil\x1b]0;judul\x07.txt"  # a file name is user data too
    written = invoke("score", str(path), "-o", str(out))
    assert written.exit_code == OK, written.stderr
    assert_screen_safe(written.stderr)
    assert "hasil\\x1b]0;judul\\x07.txt" in written.stderr
    text = out.read_text(encoding="utf-8")
    assert_screen_safe(text)
    assert "Balik\\u202eteks" in text


def test_cli_check_escapes_a_file_name(tmp_path: Path) -> None:
    path = _round_file(tmp_path / "ronde\x1b[2J.json")
    result = invoke("check", str(path))
    assert result.exit_code == OK, result.stderr
    assert_screen_safe(result.stdout)
    assert "ronde\\x1b[2J.json" in result.stdout


def test_cli_error_messages_escape_controls(tmp_path: Path) -> None:
    """A problem that quotes user data prints its control characters visibly."""
    document = json.loads(hostile_round().model_dump_json())
    document["units"][0]["name"] = "Dinas\x1b[2J"
    path = tmp_path / "salah\x1b[2J.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("score", str(path))
    assert result.exit_code == INVALID_INPUT
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


def test_cli_csv_export_is_the_library_export(tmp_path: Path, scored: kp.RoundResult) -> None:
    printed = invoke("score", str(_round_file(tmp_path / "ronde.json")), "--format", "csv")
    assert printed.exit_code == OK, printed.stderr
    assert printed.stdout_bytes == kio.export_result(scored, format="csv")


# Tracebacks that were ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e30", "-1e30", "1e999999999"])
def test_classify_a_huge_score_is_a_located_error(value: str) -> None:
    result = invoke("classify", "ombudsman-2023", "--", value)
    assert result.exit_code == INVALID_INPUT
    assert result.stderr.splitlines()[1].strip().startswith("- score: ")
    with pytest.raises(kp.ScoreOutOfRangeError):
        kp.get_rubric("ombudsman-2023").classify(value)
