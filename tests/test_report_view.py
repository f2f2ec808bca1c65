"""One report-view layer: the terminal and the results workbook take their zone colours,
"points lost most" and yes/no words from kepatuhan.report_view, so they cannot drift."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

import kepatuhan as kp
from kepatuhan import io as kio
from kepatuhan import report_view as rv
from kepatuhan.cli.render import ZONE_STYLES
from kepatuhan.io._cells import read_bool


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    return kp.score(kp.example_round())


def test_terminal_and_workbook_zone_colours_are_one_table(result: kp.RoundResult) -> None:
    assert {z: ZONE_STYLES[z] for z in kp.Zone} == {z: rv.ZONE_COLOURS[z].terminal for z in kp.Zone}
    book = openpyxl.load_workbook(io.BytesIO(kio.export_result(result, format="xlsx")))
    units = book.worksheets[1]
    header = [c.value for c in units[5]]
    zone_col = header.index("Zona") + 1
    seen = set()
    for row in range(6, 6 + len(result.units)):
        cell = units.cell(row, zone_col)
        colour = rv.ZONE_COLOURS[kp.Zone(str(cell.value))]
        assert cell.fill.fgColor.rgb.endswith(colour.fill)
        assert cell.font.color.rgb.endswith(colour.font)
        seen.add(cell.value)
    assert len(seen) >= 2  # the example has more than one zone: the check compares something


def test_points_lost_most_are_the_same_everywhere(result: kp.RoundResult) -> None:
    book = openpyxl.load_workbook(io.BytesIO(kio.export_result(result, format="xlsx")))
    units, lost = book.worksheets[1], book.worksheets[2]
    top_col = [c.value for c in units[5]].index("Poin hilang terbanyak") + 1
    lost_rows = list(lost.iter_rows(min_row=6, values_only=True))
    for k, unit in enumerate(result.units):
        short = rv.top_lost(unit, rv.TOP_LOST_SHORT)
        text = str(units.cell(6 + k, top_col).value or "")
        assert [part.split(" ")[0] for part in text.split("; ") if part] == [i for i, _ in short]
        mine = [(r[3], Decimal(str(r[5]))) for r in lost_rows if r[0] == unit.code]
        assert mine == rv.top_lost(unit)
    assert any(rv.top_lost(u) for u in result.units)


def test_yes_no_words_read_back() -> None:
    for lang in ("id", "en"):  # both languages' words
        assert read_bool(rv.yes_no(True, lang), "x") is True
        assert read_bool(rv.yes_no(False, lang), "x") is False


def test_decimal_text_uses_the_language_separator() -> None:
    assert rv.decimal_text(Decimal("1.47"), "id") == "1,47"
    assert rv.decimal_text(Decimal("1.47"), "en") == "1.47"
