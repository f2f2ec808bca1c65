"""The worklists as files (kepatuhan.io.export_plan, export_reconciliation): the CSV read back
with the csv module and the workbook with openpyxl say what the Plan / Reconciliation says;
hostile names come out neutralised; the same input gives the same bytes."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from corpus.outputs.injection import CONTROLS, FORMULAS, hostile_round
from kepatuhan import io as kio
from kepatuhan.errors import InvalidFileError
from kepatuhan.io._excel import FIXED_TIME
from kepatuhan.io._safe_text import FORMULA_START, csv_unquote, xlsx_text
from kepatuhan.io.worklist_export import PLAN_COLUMNS, RECONCILIATION_COLUMNS, TEXTS
from kepatuhan.planning import Plan, PlanStep
from kepatuhan.reconciliation import TEXTS as KINDS
from kepatuhan.reconciliation import CellState, Reconciliation
from kepatuhan.responses import ResponseTable
from kepatuhan.vocab import ResponseStatus

ROUND = kp.example_round()
NAMES_EN = {i.id: i.name_en for i in kp.get_rubric(ROUND.rubric).indicators() if i.name_en}
LANGS = ["id", "en"]


@pytest.fixture(scope="module")
def hijau() -> Plan:
    found = kp.plan(ROUND, target="hijau")
    assert found.reachable and len(found.steps) > 2
    return found


@pytest.fixture(scope="module")
def unreachable() -> Plan:
    found = kp.plan(ROUND, target=100, unit="dinsos", fixed=["out01"])
    assert not found.reachable and found.maximum is not None
    return found


def _self_assessment() -> kp.Round:
    """dinkes in15 and dinsos out01 claimed at the top without evidence, dinsos pr04
    marked tidak_berlaku, disdikbud out02 claimed lower: every kind but unanswered."""
    rows = []
    for r in ROUND.responses:
        cell = (r.unit, r.indicator)
        if cell in (("dinkes", "in15"), ("dinsos", "out01")):
            r = r.model_copy(update={"value": 3.0})
        elif cell == ("dinsos", "pr04"):
            r = r.model_copy(update={"value": None, "status": ResponseStatus.NOT_APPLICABLE})
        elif cell == ("disdikbud", "out02") and r.value is not None:
            r = r.model_copy(update={"value": 0.0})
        rows.append(r)
    return ROUND.model_copy(update={"responses": ResponseTable.from_responses(rows)})


@pytest.fixture(scope="module")
def rec() -> Reconciliation:
    found = kp.reconcile(_self_assessment(), ROUND)
    kinds = {d.kind for d in found.worklist}
    assert len(found.worklist) >= 4 and len(kinds) >= 3
    assert any(d.self_state is not CellState.ANSWERED for d in found.worklist)
    return found


def csv_rows(data: bytes) -> list[list[str]]:
    """As Python's csv module reads them (it fails on a bare CR outside quotes)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def headers(keys: tuple[str, ...], lang: str) -> list[str]:
    return [TEXTS[k].template(lang) for k in keys]  # type: ignore[arg-type]


def sheet_table(data: bytes, keys: tuple[str, ...], lang: str) -> tuple[Any, int, list[list[Any]]]:
    """The worksheet, its header row and the rows under it (values)."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    want = headers(keys, lang)
    at = next(
        r for r in range(1, 20) if [ws.cell(r, c + 1).value for c in range(len(want))] == want
    )
    rows = [list(row) for row in ws.iter_rows(min_row=at + 1, values_only=True)]
    return ws, at, rows


def number(text: str) -> Decimal:
    return Decimal(text)


# The plan -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_plan_csv_is_the_plan(hijau: Plan, lang: str) -> None:
    header, *body = csv_rows(kio.export_plan(hijau, "csv", lang=lang, round_=ROUND))  # type: ignore[arg-type]
    assert header == headers(PLAN_COLUMNS, lang)
    col = {k: header.index(TEXTS[k].template(lang)) for k in PLAN_COLUMNS}  # type: ignore[arg-type]
    *steps, final = body
    assert len(steps) == len(hijau.steps)
    names = {u.code: u.name for u in ROUND.units}
    for k, (row, s) in enumerate(zip(steps, hijau.steps, strict=True), start=1):
        assert len(row) == len(header)
        assert int(row[col["no"]]) == k
        assert row[col["unit_code"]] == s.unit and row[col["unit_name"]] == names[s.unit]
        assert row[col["indicator"]] == s.indicator
        assert row[col["indicator_name"]] == (s.name_en if lang == "en" and s.name_en else s.name)
        assert float(row[col["before"]]) == s.before and float(row[col["after"]]) == s.after
        assert float(row[col["cost"]]) == s.cost
        assert number(row[col["points"]]) == s.points
        assert row[col["points"]] == str(s.points)  # the rubric's decimals, kept
        assert number(row[col["cumulative"]]) == s.cumulative
        assert row[col["zone"]] == row[col["status"]] == ""
    assert final[col["no"]] == ""
    assert final[col["unit_code"]] == hijau.code
    assert final[col["unit_name"]] == ROUND.entities[0].name
    assert number(final[col["cumulative"]]) == hijau.after
    assert float(final[col["cost"]]) == hijau.total_cost
    assert hijau.zone is not None and final[col["zone"]] == hijau.zone.value
    assert final[col["grade"]] == hijau.grade and final[col["label"]] == hijau.label
    assert str(len(hijau.steps)) in final[col["status"]]


@pytest.mark.parametrize("lang", LANGS)
def test_plan_workbook_is_the_plan(hijau: Plan, lang: str) -> None:
    data = kio.export_plan(hijau, "xlsx", lang=lang, round_=ROUND)  # type: ignore[arg-type]
    ws, at, rows = sheet_table(data, PLAN_COLUMNS, lang)
    col = {k: PLAN_COLUMNS.index(k) for k in PLAN_COLUMNS}
    *steps, final = rows
    assert len(steps) == len(hijau.steps)
    for k, (row, s) in enumerate(zip(steps, hijau.steps, strict=True), start=1):
        assert row[col["no"]] == k
        assert (row[col["unit_code"]], row[col["indicator"]]) == (s.unit, s.indicator)
        assert row[col["before"]] == pytest.approx(s.before) and row[col["after"]] == s.after
        assert row[col["cost"]] == s.cost
        assert Decimal(str(row[col["points"]])) == s.points
        assert Decimal(str(row[col["cumulative"]])) == s.cumulative
    assert final[col["unit_code"]] == hijau.code
    assert Decimal(str(final[col["cumulative"]])) == hijau.after
    assert hijau.zone is not None and final[col["zone"]] == hijau.zone.value
    # numbers are numeric cells with an explicit format (the score at the rubric's decimals)
    places = -hijau.threshold.as_tuple().exponent  # type: ignore[operator]
    for r in range(at + 1, at + 1 + len(rows)):
        cell = ws.cell(r, col["cumulative"] + 1)
        assert cell.data_type == "n" and cell.number_format == "0." + "0" * places
        assert ws.cell(r, col["unit_code"] + 1).data_type == "s"
    zone = ws.cell(at + len(rows), col["zone"] + 1)
    assert zone.fill.fgColor.rgb.endswith("C6EFCE")  # hijau's colour
    # the target and the result are written above the table
    head = " ".join(str(ws.cell(r, 1).value) for r in range(1, at))
    threshold = str(hijau.threshold)
    assert hijau.target in head
    assert (threshold.replace(".", ",") if lang == "id" else threshold) in head
    assert ws.print_title_rows == f"${at}:${at}"  # the header row repeats on every page


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_unreachable_plan_writes_the_maximum(unreachable: Plan, kind: str) -> None:
    data = kio.export_plan(unreachable, kind, round_=ROUND)
    if kind == "csv":
        _, final = csv_rows(data)  # no step: the header and the result row
        row: list[Any] = final
        maximum = Decimal(row[PLAN_COLUMNS.index("cumulative")])
    else:
        _, _, (row,) = sheet_table(data, PLAN_COLUMNS, "id")
        maximum = Decimal(str(row[PLAN_COLUMNS.index("cumulative")]))
    assert maximum == unreachable.maximum
    status = row[PLAN_COLUMNS.index("status")]
    assert "tidak terjangkau" in status
    assert str(unreachable.maximum).replace(".", ",") in status
    assert row[PLAN_COLUMNS.index("zone")] in ("", None)  # no zone is claimed
    english = csv_rows(kio.export_plan(unreachable, "csv", lang="en"))[-1]
    assert "unreachable" in english[PLAN_COLUMNS.index("status")]


def test_a_plan_with_nothing_to_do_says_so() -> None:
    done = kp.plan(ROUND, target=kp.get_rubric(ROUND.rubric).zoning.minimum)
    assert done.reachable and not done.steps
    _, final = csv_rows(kio.export_plan(done, "csv", lang="en"))
    assert "already reached" in final[PLAN_COLUMNS.index("status")]
    assert Decimal(final[PLAN_COLUMNS.index("cumulative")]) == done.after


@pytest.mark.parametrize("lang", LANGS)
def test_what_the_plan_left_out_is_said(hijau: Plan, lang: str) -> None:
    """Unanswered cells and units given as figures: in the result row and above the table."""
    assert hijau.unanswered  # the example leaves a cell unanswered
    left = hijau.model_copy(update={"figure_units": ("u-angka",)})
    csv_data = kio.export_plan(left, "csv", lang=lang)  # type: ignore[arg-type]
    status = csv_rows(csv_data)[-1][PLAN_COLUMNS.index("status")]
    ws = openpyxl.load_workbook(io.BytesIO(kio.export_plan(left, "xlsx"))).worksheets[0]
    head = " ".join(str(ws.cell(r, 1).value) for r in range(1, 10))
    for u, i in hijau.unanswered[:10]:
        assert f"{u}/{i}" in status and f"{u}/{i}" in head
    assert "u-angka" in status and "u-angka" in head
    assert ("dimension figures" if lang == "en" else "nilai dimensi") in status
    plain = hijau.model_copy(update={"unanswered": (), "figure_units": ()})
    assert "/" not in csv_rows(kio.export_plan(plain, "csv"))[-1][PLAN_COLUMNS.index("status")]


def test_plan_json_round_trips(hijau: Plan) -> None:
    assert Plan.model_validate_json(kio.export_plan(hijau, "json")) == hijau


# The reconciliation ---------------------------------------------------------------------------


def _side(state: CellState, score: float | None, lang: str) -> Any:
    if state is CellState.ANSWERED:
        return score
    return TEXTS[f"state.{state.value}"].template(lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
def test_reconciliation_csv_is_the_worklist(rec: Reconciliation, lang: str) -> None:
    data = kio.export_reconciliation(rec, "csv", lang=lang, round_=ROUND)  # type: ignore[arg-type]
    header, *body = csv_rows(data)
    assert header == headers(RECONCILIATION_COLUMNS, lang)
    col = {k: RECONCILIATION_COLUMNS.index(k) for k in RECONCILIATION_COLUMNS}
    assert len(body) == len(rec.worklist)
    assert any(NAMES_EN.get(d.indicator, d.indicator_name) != d.indicator_name
               for d in rec.worklist)  # fmt: skip
    names = {u.code: u.name for u in ROUND.units}
    for k, (row, d) in enumerate(zip(body, rec.worklist, strict=True), start=1):  # worklist order
        assert int(row[col["no"]]) == k
        assert row[col["unit_code"]] == d.unit and row[col["unit_name"]] == names[d.unit]
        assert row[col["entity"]] == d.entity
        assert row[col["indicator"]] == d.indicator
        name = NAMES_EN.get(d.indicator, d.indicator_name) if lang == "en" else d.indicator_name
        assert row[col["indicator_name"]] == name
        assert row[col["kind"]] == KINDS[d.kind.value].template(lang)  # type: ignore[arg-type]
        for key, state, score in (
            ("self", d.self_state, d.self_score),
            ("official", d.official_state, d.official_score),
        ):
            want = _side(state, score, lang)
            if isinstance(want, float):
                assert float(row[col[key]]) == pytest.approx(want, abs=1e-4)
            else:
                assert row[col[key]] == want
        assert d.unit_points is not None
        assert float(row[col["unit_points"]]) == pytest.approx(d.unit_points, abs=1e-4)
        assert number(row[col["unit_change"]]) == d.unit_change
        assert number(row[col["entity_change"]]) == d.entity_change


@pytest.mark.parametrize("lang", LANGS)
def test_reconciliation_workbook_is_the_worklist(rec: Reconciliation, lang: str) -> None:
    data = kio.export_reconciliation(rec, "xlsx", lang=lang, round_=ROUND)  # type: ignore[arg-type]
    ws, at, rows = sheet_table(data, RECONCILIATION_COLUMNS, lang)
    col = {k: RECONCILIATION_COLUMNS.index(k) for k in RECONCILIATION_COLUMNS}
    assert len(rows) == len(rec.worklist)
    for row, d in zip(rows, rec.worklist, strict=True):
        assert (row[col["unit_code"]], row[col["indicator"]]) == (d.unit, d.indicator)
        assert row[col["kind"]] == KINDS[d.kind.value].template(lang)  # type: ignore[arg-type]
        assert d.unit_points is not None
        assert row[col["unit_points"]] == pytest.approx(d.unit_points, abs=1e-4)
        assert Decimal(str(row[col["entity_change"]])) == d.entity_change
        assert row[col["self"]] == pytest.approx(_side(d.self_state, d.self_score, lang))
    for r in range(at + 1, at + 1 + len(rows)):
        cell = ws.cell(r, col["unit_points"] + 1)
        assert cell.data_type == "n" and cell.number_format != "General"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_no_disagreement_is_an_empty_worklist(kind: str) -> None:
    same = kp.reconcile(ROUND, ROUND)
    assert not same.worklist
    data = kio.export_reconciliation(same, kind)
    if kind == "csv":
        assert csv_rows(data) == [headers(RECONCILIATION_COLUMNS, "id")]
    else:
        _, _, rows = sheet_table(data, RECONCILIATION_COLUMNS, "id")
        assert rows == []


def test_reconciliation_json_round_trips(rec: Reconciliation) -> None:
    assert Reconciliation.from_json(kio.export_reconciliation(rec, "json")) == rec


# Same bytes, unknown formats --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_same_input_same_bytes(
    hijau: Plan, unreachable: Plan, rec: Reconciliation, kind: str
) -> None:
    first = kio.export_plan(hijau, kind, round_=ROUND)
    assert first == kio.export_plan(Plan.model_validate_json(hijau.model_dump_json()), kind,
                                    round_=ROUND)  # fmt: skip
    assert first != kio.export_plan(unreachable, kind, round_=ROUND)
    again = kio.export_reconciliation(rec, kind, round_=ROUND)
    assert again == kio.export_reconciliation(Reconciliation.from_json(rec.to_json()), kind,
                                              round_=ROUND)  # fmt: skip
    if kind != "json":
        assert kio.export_plan(hijau, kind, lang="en") != kio.export_plan(hijau, kind)
    if kind == "xlsx":  # no clock in the file: the document times are fixed
        for data in (first, again):
            props = openpyxl.load_workbook(io.BytesIO(data)).properties
            assert props.created == props.modified == FIXED_TIME


@pytest.mark.parametrize("kind", ["pdf", "CSV", ""])
def test_an_unknown_format_is_a_located_error(hijau: Plan, rec: Reconciliation, kind: str) -> None:
    with pytest.raises(InvalidFileError) as caught:
        kio.export_plan(hijau, kind)
    assert [p.code for p in caught.value.problems] == ["unknown_format"]
    with pytest.raises(InvalidFileError):
        kio.export_reconciliation(rec, kind)


def test_the_io_package_exports_both_writers() -> None:
    assert {"export_plan", "export_reconciliation"} <= set(kio.__all__)


# Hostile names ----------------------------------------------------------------------------------

HOSTILE = (*FORMULAS, *CONTROLS, "\t=tab", "\rCR", "-2", "+1", "@x", "=1+1")


def _hostile_plan(texts: tuple[str, ...]) -> tuple[Plan, kp.Round]:
    """A plan whose indicator names are ``texts`` for the units of the hostile round (named
    and coded like formulas)."""
    round_ = hostile_round()
    units = [u.code for u in round_.units]
    steps = tuple(
        PlanStep(
            unit=units[k % len(units)],
            indicator=text[:8] or "x",
            name=text,
            name_en=text,
            before=1.0,
            after=3.0,
            steps=2,
            points=Decimal("1.25"),
            cost=2.0,
            cumulative=Decimal("60.00") + k,
        )
        for k, text in enumerate(texts)
    )
    plan = Plan(target="hijau", threshold=Decimal("78.00"), scope="unit", code=units[0],
                reachable=True, before=Decimal("50.00"), after=Decimal("78.50"),
                maximum=Decimal("100.00"), zone=kp.Zone.HIJAU, grade="B", label=texts[0],
                total_cost=2.0 * len(texts), steps=steps)  # fmt: skip
    return plan, round_


def _hostile_rec(texts: tuple[str, ...]) -> Reconciliation:
    rec = kp.reconcile(_self_assessment(), ROUND)
    worklist = tuple(
        rec.worklist[k % len(rec.worklist)].model_copy(
            update={"unit": text, "entity": text, "indicator_name": text, "indicator": text}
        )
        for k, text in enumerate(texts)
    )
    return rec.model_copy(update={"worklist": worklist, "only_self": texts[:2]})


NUMERIC = {"no", "before", "after", "cost", "points", "cumulative", "self", "official",
           "unit_points", "unit_change", "entity_change"}  # fmt: skip
"""Columns of figures: a negative one starts with "-" and is a number, not a formula."""


def _assert_csv_safe(data: bytes, written: list[str], keys: tuple[str, ...]) -> None:
    """Every field parses, no text field starts like a formula (a figure is a number), and
    the texts come back exactly."""
    header, *body = csv_rows(data)
    fields = [f for row in body for f in row]
    for row in body:
        assert len(row) == len(header)
        for key, f in zip(keys, row, strict=True):
            if key in NUMERIC and f[:1] in FORMULA_START:
                float(f)  # a number (only our figures are written in these columns)
            else:
                assert f[:1] not in FORMULA_START, f
    unquoted = {csv_unquote(f) for f in fields}
    for text in written:
        assert text in unquoted, text


def _assert_xlsx_safe(data: bytes, written: list[str]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert "\r" not in cell.value and "\x1b" not in cell.value
                    if cell.value[:1] in ("=", "+", "-", "@"):
                        assert cell.quotePrefix, (cell.coordinate, cell.value)
                values.add(cell.value)
    for text in written:
        assert xlsx_text(text) in values, text


def test_hostile_names_in_a_plan_are_neutralised() -> None:
    plan, round_ = _hostile_plan(HOSTILE)
    unit_names = [u.name for u in round_.units]
    _assert_csv_safe(
        kio.export_plan(plan, "csv", round_=round_), [*HOSTILE, *unit_names], PLAN_COLUMNS
    )
    _assert_xlsx_safe(kio.export_plan(plan, "xlsx", round_=round_), [*HOSTILE, *unit_names])


def test_hostile_names_in_a_reconciliation_are_neutralised() -> None:
    rec = _hostile_rec(HOSTILE)
    _assert_csv_safe(kio.export_reconciliation(rec, "csv"), list(HOSTILE), RECONCILIATION_COLUMNS)
    _assert_xlsx_safe(kio.export_reconciliation(rec, "xlsx"), list(HOSTILE))


def test_a_row_with_a_bare_cr_is_quoted() -> None:
    plan, _ = _hostile_plan(("Baris\rCR",))
    line = next(x for x in kio.export_plan(plan, "csv").split(b"\n") if b"Baris\rCR" in x)
    assert b'"Baris\rCR"' in line


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_any_indicator_name_survives_both_formats(text: str) -> None:
    plan, _ = _hostile_plan((text,))
    _assert_csv_safe(kio.export_plan(plan, "csv"), [text], PLAN_COLUMNS)
    _assert_xlsx_safe(kio.export_plan(plan, "xlsx"), [text])
