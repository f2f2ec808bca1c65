"""Properties of kepatuhan.io: the importer never accepts a value outside its indicator's scale."""

from __future__ import annotations

import itertools
import math
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

import kepatuhan as kp
from builders import group, indicator, rubric
from io_files import write_csv
from kepatuhan import io as kio
from kepatuhan.io._cells import CellError, read_number
from kepatuhan.scales import STEP_TOLERANCE

SCALES = {
    "bin": {"kind": "binary", "minimum": 0, "maximum": 1, "step": 1},
    "int": {"kind": "interval", "minimum": 0, "maximum": 3, "step": 1},
    "lik": {"kind": "likert", "minimum": 1, "maximum": 4, "step": 1},
    "pct": {"kind": "percentage", "minimum": 0, "maximum": 100},
    "half": {"kind": "interval", "minimum": 0, "maximum": 2, "step": 0.5},
}
RUBRIC = rubric([group("d", [indicator(k, scale=s) for k, s in SCALES.items()])])
ENTITY = ["e1", "Pemkot Uji", "pemkot", "", "u1", "Unit 1", "opd", ""]
_names = itertools.count()


def allowed(ind_id: str, value: float) -> bool:
    scale = RUBRIC.node(ind_id).scale  # type: ignore[union-attr]
    if not scale.minimum <= value <= scale.maximum:
        return False
    if scale.step is None:
        return True
    k = (value - scale.minimum) / scale.step
    return abs(k - round(k)) <= STEP_TOLERANCE


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kepatuhan-io-") as d:
        yield Path(d)


@pytest.fixture(scope="module")
def template(workdir: Path) -> Path:
    path = kio.write_template(RUBRIC, workdir / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Instansi"].append(["e1", "Pemkot Uji", "pemkot"])
    wb["Unit"].append(["u1", "Unit 1", "e1", "opd"])
    wb.save(path)
    return path


values = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.integers(min_value=-5, max_value=105).map(float),
    st.integers(min_value=-20, max_value=220).map(lambda k: k / 2),
    st.integers(min_value=-1000, max_value=5000).map(lambda k: k / 1000),
)


@given(ind=st.sampled_from(sorted(SCALES)), value=values)
def test_workbook_never_accepts_a_value_outside_the_scale(
    template: Path, workdir: Path, ind: str, value: float
) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb["Jawaban"]
    column = [c.value for c in ws[2]].index(ind) + 1
    ws.cell(4, 1, "u1")
    ws.cell(4, column, value)
    path = workdir / f"case-{next(_names)}.xlsx"
    wb.save(path)
    got = _read(path)
    path.unlink()
    if isinstance(got, kp.InvalidFileError):
        assert not allowed(ind, value)
        assert [p.code for p in got.problems] in (["out_of_scale"], ["off_step"])
        assert got.problems[0].location == f"Jawaban!{get_column_letter(column)}4"
    else:
        read = got.responses[0].value
        assert read is not None and allowed(ind, read) and allowed(ind, value)
        # openpyxl writes 16 significant digits: the value read is the one in the file.
        assert len(got.responses) == 1 and math.isclose(read, value, rel_tol=1e-15)


def _read(path: Path) -> kp.Round | kp.InvalidFileError:
    try:
        return kio.read_round(path, rubric=RUBRIC)
    except kp.InvalidFileError as err:
        return err


@given(
    ind=st.sampled_from(sorted(SCALES)),
    number=st.integers(min_value=-30000, max_value=300000),
    scale=st.sampled_from([1, 10, 100, 1000]),
    comma=st.booleans(),
)
def test_csv_never_accepts_a_value_outside_the_scale(
    workdir: Path, ind: str, number: int, scale: int, comma: bool
) -> None:
    exact = Decimal(number) / Decimal(scale)
    text = format(exact, "f")
    if comma:
        text = text.replace(".", ",")
    path = write_csv(workdir / f"case-{next(_names)}.csv", [[*ENTITY, ind, "", "", text]])
    got = _read(path)
    path.unlink()
    if isinstance(got, kp.InvalidFileError):
        codes = [p.code for p in got.problems]
        assert codes in (["out_of_scale"], ["off_step"], ["ambiguous_number"])
        if codes != ["ambiguous_number"]:
            assert not allowed(ind, float(exact))
    else:
        value = got.responses[0].value
        assert value is not None and allowed(ind, value)
        assert value == float(exact)


@given(st.text(max_size=12))
def test_read_number_never_raises_and_never_guesses(text: str) -> None:
    result = read_number(text, "0–3")
    if isinstance(result, CellError):
        assert result.code in ("not_a_number", "ambiguous_number", "non_ascii_digits")
        return
    assert math.isfinite(result)
    cleaned = text.strip()
    assert cleaned.isascii()  # "٣" or "３" is refused, never read as 3
    assert cleaned.replace(",", ".").lstrip("+-").replace(".", "", 1).isdigit()
    assert result == float(cleaned.replace(",", "."))


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_three_digits_after_one_separator_is_ambiguous(whole: int, frac: int) -> None:
    for sep in ".,":
        result = read_number(f"{whole}{sep}{frac:03d}", "0–3")
        assert isinstance(result, CellError) and result.code == "ambiguous_number"
    assert read_number(f"0,{frac:03d}", "0–3") == float(f"0.{frac:03d}")
