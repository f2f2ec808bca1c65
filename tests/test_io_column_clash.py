"""An indicator whose id reads as a fixed Jawaban column cannot use the Excel template.

The workbook could not tell its answers from the fixed column (``Bukti``, ``role``…), so the
template is refused up front, with the indicator's path, rather than written and misread.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import kepatuhan as kp
import kepatuhan.io as kio
from builders import answer, group, indicator, round_, rubric

CLASHING = rubric([group("d", [indicator("in01"), indicator("bukti"), indicator("role")])])
PLAIN = rubric([group("d", [indicator("in01"), indicator("bk"), indicator("rl")])])


def _codes(err: kp.InvalidInputError) -> list[tuple[str, str, object]]:
    return [(p.location, p.code, p.params.get("column")) for p in err.problems]


def test_the_template_is_refused_with_every_clash_located(tmp_path: Path) -> None:
    path = tmp_path / "formulir.xlsx"
    with pytest.raises(kp.InvalidFileError) as err:
        kio.write_template(CLASHING, path)
    assert _codes(err.value) == [
        ("nodes[0].children[1].id", "indicator_is_a_column", "Bukti"),
        ("nodes[0].children[2].id", "indicator_is_a_column", "Peran"),
    ]
    assert "terbaca sebagai kolom tetap 'Bukti' lembar Jawaban" in err.value.render("id")
    assert "use CSV or JSON" in err.value.render("en")
    assert not path.exists()


def test_such_a_round_goes_to_csv_and_json_but_not_to_a_workbook(tmp_path: Path) -> None:
    r = round_([answer("u1", "in01", 3), answer("u1", "bukti", 2), answer("u1", "role", 1)])
    with pytest.raises(kp.InvalidFileError) as err:
        kio.write_round(r, tmp_path / "r.xlsx", rubric=CLASHING)
    assert [code for _, code, _ in _codes(err.value)] == ["indicator_is_a_column"] * 2
    assert not (tmp_path / "r.xlsx").exists()
    for name in ("r.csv", "r.json"):
        written = kio.write_round(r, tmp_path / name, rubric=CLASHING)
        back = kio.read_round(written, rubric=CLASHING)
        assert kp.score(back, CLASHING).to_json() == kp.score(r, CLASHING).to_json()


def test_a_workbook_read_with_such_a_rubric_is_refused(tmp_path: Path) -> None:
    """A workbook made some other way (here: headers renamed by hand) is refused too."""
    r = round_([answer("u1", "in01", 3), answer("u1", "bk", 2), answer("u1", "rl", 1)])
    path = kio.write_round(r, tmp_path / "r.xlsx", rubric=PLAIN)
    wb = openpyxl.load_workbook(path)
    ws = wb["Jawaban"]
    renamed = {"bk": "bukti", "rl": "role"}
    for cell in ws[2]:
        if isinstance(cell.value, str) and cell.value in renamed:
            cell.value = renamed[cell.value]
    wb.save(path)
    with pytest.raises(kp.InvalidFileError) as err:
        kio.read_round(path, rubric=CLASHING)
    codes = _codes(err.value)
    assert ("nodes[0].children[1].id", "indicator_is_a_column", "Bukti") in codes
    assert ("nodes[0].children[2].id", "indicator_is_a_column", "Peran") in codes


def test_every_registered_rubric_fits_the_template() -> None:
    from kepatuhan.io.layout import indicator_column_clashes

    for info in kp.list_rubrics():
        assert indicator_column_clashes(kp.get_rubric(info.id)) == [], info.id
