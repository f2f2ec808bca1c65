"""Round.from_frame: rounds from pandas, polars, Arrow and plain column mappings, long or wide.

Each backend must give the round ``Round.from_columns`` gives for the same answers; the
categorical columns of each backend the round their text gives; and every problem must be
reported at once at the table row and column it came from.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp
from builders import heavy, indicator, rubric
from kepatuhan.errors import MESSAGES
from kepatuhan.testing import rubric_and_round

RUBRIC = rubric(
    [
        indicator("a"),
        indicator("b", role="pengguna_layanan"),
        indicator("c"),
    ]
)
ENTITIES = [{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}]
UNITS = [
    {"code": "u1", "name": "Dinas Uji", "entity": "e1", "unit_type": "opd"},
    {"code": "u2", "name": "Puskesmas Uji", "entity": "e1", "unit_type": "puskesmas"},
]

# One answer per row: respondents, roles, statuses and an anonymous, unanswered row.
LONG: dict[str, list[Any]] = {
    "unit": ["u1", "u1", "u1", "u1", "u2", "u2", "u2"],
    "indicator": ["a", "a", "b", "c", "a", "b", "c"],
    "value": [3.0, 2.0, 1.0, math.nan, 0.0, math.nan, 2.0],
    "respondent": ["r1", "r2", "p1", None, "r1", "p1", "r1"],
    "role": ["pelaksana", "pelaksana", "pengguna_layanan", None, "pelaksana",
             "pengguna_layanan", None],
    "status": ["answered", "answered", "answered", "tidak_berlaku", "answered",
               "belum_dinilai", "answered"],
}  # fmt: skip

# One respondent per row; cells as survey tools export them (numbers as text beside words).
WIDE: dict[str, list[Any]] = {
    "unit": ["u1", "u1", "u1", "u2", "u2"],
    "respondent": ["r1", "r2", "p1", "r1", "p1"],
    "role": ["pelaksana", "pelaksana", "pengguna_layanan", "pelaksana", "pengguna_layanan"],
    "a": [3, 2, None, 0, None],
    "b": [None, None, "1", None, "belum_dinilai"],
    "c": ["tidak_berlaku", None, "", "2", None],
}
# The same answers, one per row, in frame order (row by row, indicator columns left to right).
WIDE_AS_LONG: dict[str, list[Any]] = {
    "unit": ["u1", "u1", "u1", "u1", "u2", "u2", "u2"],
    "indicator": ["a", "c", "a", "b", "a", "c", "b"],
    "value": [3.0, math.nan, 2.0, 1.0, 0.0, 2.0, math.nan],
    "respondent": ["r1", "r1", "r2", "p1", "r1", "r1", "p1"],
    "role": ["pelaksana", "pelaksana", "pelaksana", "pengguna_layanan", "pelaksana",
             "pelaksana", "pengguna_layanan"],
    "status": ["answered", "tidak_berlaku", "answered", "answered", "answered", "answered",
               "belum_dinilai"],
}  # fmt: skip


class ArrowStream:
    """An object that offers only the Arrow C stream interface (as DuckDB, Ibis… do)."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._table.__arrow_c_stream__(requested_schema)


def _arrow(columns: Mapping[str, list[Any]]) -> pa.Table:
    return pa.table({k: pa.array(v, from_pandas=True) for k, v in columns.items()})


BACKENDS: dict[str, Callable[[Mapping[str, list[Any]]], object]] = {
    "pandas": lambda c: pd.DataFrame(dict(c)),
    "polars": lambda c: pl.DataFrame(dict(c), strict=False),
    "arrow": _arrow,
    "record-batch": lambda c: _arrow(c).to_batches()[0],
    "stream": lambda c: ArrowStream(_arrow(c)),
    "mapping": lambda c: dict(c),
}


def _from_columns(columns: Mapping[str, list[Any]], **kw: Any) -> kp.Round:
    return kp.Round.from_columns(
        rubric=RUBRIC.id,
        entities=ENTITIES,
        units=UNITS,
        unit=columns["unit"],
        indicator=columns["indicator"],
        value=np.array(columns["value"], dtype=np.float64),
        respondent=np.array(columns["respondent"], dtype=object),
        role=columns["role"],
        status=columns["status"],
        **kw,
    )


def _read(answers: object, **kw: Any) -> kp.Round:
    kw.setdefault("entities", ENTITIES)
    kw.setdefault("units", UNITS)
    return kp.Round.from_frame(answers, rubric=RUBRIC, **kw)


def _problems(answers: object, **kw: Any) -> list[tuple[str, str]]:
    with pytest.raises(kp.InvalidRoundError) as info:
        _read(answers, **kw)
    return [(p.location, p.code) for p in info.value.problems]


# Each backend, each shape ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_long_frame_gives_the_round_from_columns_gives(backend: str) -> None:
    frame = BACKENDS[backend](LONG)
    got = _read(frame, title="Uji", note="catatan")
    assert got == _from_columns(LONG, title="Uji", note="catatan")
    assert got.rubric == "uji" and got.title == "Uji" and got.note == "catatan"


@pytest.mark.parametrize("backend", BACKENDS)
def test_wide_frame_gives_the_round_of_its_answers_one_per_row(backend: str) -> None:
    got = _read(BACKENDS[backend](WIDE), shape="wide")
    assert got == _from_columns(WIDE_AS_LONG)
    assert [r.respondent for r in got.responses] == WIDE_AS_LONG["respondent"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_entities_and_units_as_frames(backend: str) -> None:
    entities = {k: [e.get(k) for e in ENTITIES] for k in ("code", "name", "kind")}
    units = {k: [u[k] for u in UNITS] for k in ("code", "name", "entity", "unit_type")}
    got = _read(
        BACKENDS["pandas"](LONG),
        entities=BACKENDS[backend](entities),
        units=BACKENDS[backend](units),
    )
    assert got == _from_columns(LONG)


def test_wide_without_respondents_gives_anonymous_answers() -> None:
    frame = pd.DataFrame({"unit": ["u1", "u1"], "a": [3, 1], "c": [None, 2]})
    got = _read(frame, shape="wide")
    assert [(r.indicator, r.respondent, r.value) for r in got.responses] == [
        ("a", None, 3.0),
        ("a", None, 1.0),
        ("c", None, 2.0),
    ]


def test_wide_respondent_ids_are_local_to_their_unit() -> None:
    frame = pd.DataFrame({"unit": ["u1", "u2"], "respondent": ["r1", "r1"], "a": [3, 1]})
    got = _read(frame, shape="wide")
    assert [(r.unit, r.respondent) for r in got.responses] == [("u1", "r1"), ("u2", "r1")]


def test_wide_indicators_names_the_columns_and_leaves_the_others_unread() -> None:
    frame = pd.DataFrame(
        {"Timestamp": ["2025-03-01"], "unit": ["u1"], "a": [3], "c": [2], "catatan": ["ok"]}
    )
    got = _read(frame, shape="wide", indicators=["c", "a"])
    assert [(r.indicator, r.value) for r in got.responses] == [("a", 3.0), ("c", 2.0)]


def test_columns_renames_to_the_frames_names() -> None:
    names = {"unit": "unit_layanan", "indicator": "indikator", "value": "nilai",
             "respondent": "responden", "role": "peran", "status": "keterangan"}  # fmt: skip
    frame = pd.DataFrame({names[k]: v for k, v in LONG.items()})
    assert _read(frame, columns=names) == _from_columns(LONG)


def test_evidence_and_collected_dates() -> None:
    frame = pd.DataFrame(
        {
            "unit": ["u1", "u1", "u1"],
            "indicator": ["a", "b", "c"],
            "value": [3, 2, 1],
            "evidence": ["https://bukti.example/1", None, ""],
            "collected": pd.to_datetime(
                pd.Series(["2025-03-14", None, "2025-03-15 10:30"]), format="ISO8601"
            ),
        }
    )
    responses = list(_read(frame).responses)
    assert [r.evidence for r in responses] == ["https://bukti.example/1", None, None]
    assert [r.collected for r in responses] == [date(2025, 3, 14), None, date(2025, 3, 15)]


def test_whole_number_codes_and_respondent_ids_read_as_text() -> None:
    units = [dict(UNITS[0], code="3201"), dict(UNITS[1], code="3202")]
    frame = pd.DataFrame(
        {
            "unit": [3201, 3201, 3202],
            "indicator": ["a", "a", "a"],
            "value": [3, 2, 1],
            "respondent": [12, None, 12.0],  # float64 with NaN, as pandas stores it
        }
    )
    got = _read(frame, units=units)
    assert [(r.unit, r.respondent) for r in got.responses] == [
        ("3201", "12"),
        ("3201", None),
        ("3202", "12"),
    ]


# Fast paths ------------------------------------------------------------------------------------


def _pandas_categorical(columns: Mapping[str, list[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(dict(columns))
    for name in frame.columns:
        frame[name] = frame[name].astype("category")
    return frame


def _polars_categorical(columns: Mapping[str, list[Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(dict(columns), strict=False)
    out = []
    for name in frame.columns:
        series = frame[name]
        if name == "role":  # an Enum, with a word no row uses
            out.append(series.cast(pl.Enum([*sorted({v for v in columns[name] if v}), "x"])))
        elif series.dtype == pl.String:
            out.append(series.cast(pl.Categorical))
        else:
            out.append(series)
    return pl.DataFrame(out)


def _arrow_dictionary(columns: Mapping[str, list[Any]]) -> pa.Table:
    """Two record batches whose dictionaries differ (rows reversed in the second)."""
    n = len(next(iter(columns.values())))
    half = n // 2

    def batch(rows: slice) -> pa.RecordBatch:
        arrays = {}
        for name, values in columns.items():
            text = any(isinstance(v, str) for v in values)
            array = pa.array(values[rows], type=pa.string() if text else None, from_pandas=True)
            arrays[name] = array.dictionary_encode() if text else array
        return pa.RecordBatch.from_pydict(arrays)

    first, second = batch(slice(0, half)), batch(slice(half, n))
    schema = first.schema
    # Table.cast: RecordBatch.cast needs pyarrow 16
    return pa.concat_tables(
        [pa.Table.from_batches([first]), pa.Table.from_batches([second]).cast(schema)]
    )


CATEGORICAL: dict[str, Callable[[Mapping[str, list[Any]]], object]] = {
    "pandas": _pandas_categorical,
    "polars": _polars_categorical,
    "arrow": _arrow_dictionary,
}


@pytest.mark.parametrize("backend", CATEGORICAL)
def test_categorical_columns_give_the_round_their_text_gives(backend: str) -> None:
    assert _read(CATEGORICAL[backend](LONG)) == _read(BACKENDS[backend](LONG))
    wide = dict(WIDE, a=[None if v is None else str(v) for v in WIDE["a"]])
    assert _read(CATEGORICAL[backend](wide), shape="wide") == _from_columns(WIDE_AS_LONG)


@pytest.mark.parametrize("backend", CATEGORICAL)
def test_categorical_columns_are_read_as_codes_not_strings(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No column of a categorical frame reaches the decoder as one string per row."""
    from kepatuhan import frame_input

    pl.Series(["zz", "yy", "xx"], dtype=pl.Categorical)  # polars: ids need not start at 0
    forms: list[str] = []
    factorize = frame_input._factorize

    def recording(column: Any) -> Any:
        forms.append("codes" if column.codes is not None else str(column.values.dtype))
        return factorize(column)

    monkeypatch.setattr(frame_input, "_factorize", recording)
    got = _read(CATEGORICAL[backend](LONG))
    assert got == _from_columns(LONG)
    # unit, indicator, respondent, role, status; and pandas' categorical value column
    assert forms == ["codes"] * (6 if backend == "pandas" else 5)


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_float_values_go_in_without_a_copy(backend: str) -> None:
    """A read-only column (copy-on-write pandas, polars, Arrow) is shared, not copied; a
    column its frame can still write to (pandas 2) is copied."""
    values = np.array([3.0, 2.0, 1.0, 0.0])
    columns = {"unit": ["u1"] * 4, "indicator": ["a", "b", "c", "a"], "value": values}
    respondents = ["r1", "r1", "r1", "r2"]
    frame: Any
    if backend == "pandas":
        frame = pd.DataFrame(columns).assign(respondent=respondents)
        source = frame["value"].to_numpy()
    elif backend == "polars":
        frame = pl.DataFrame(columns).with_columns(pl.Series("respondent", respondents))
        source = frame["value"].to_numpy()
    else:
        frame = pa.table(columns).append_column("respondent", pa.array(respondents))
        source = frame.column("value").chunk(0).to_numpy()
    if source.flags.writeable:  # pandas 2 without copy-on-write: the caller can change it
        assert backend == "pandas"
        assert not np.shares_memory(_read(frame).responses.value, source)
        return
    assert np.shares_memory(_read(frame).responses.value, source)


def test_a_writable_array_is_copied_and_left_writable() -> None:
    """The caller may change their own array afterwards: the round must not change."""
    values = np.array([3.0, 2.0, 1.0])
    got = _read({"unit": ["u1"] * 3, "indicator": ["a", "b", "c"], "value": values})
    values[0] = 0.0
    assert values.flags.writeable
    assert got.responses.value.tolist() == [3.0, 2.0, 1.0]


# Problems, located -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_long_problems_are_located_at_frame_row_and_column(backend: str) -> None:
    columns: dict[str, list[Any]] = {
        "unit_layanan": ["u1", "u1", "zz", "u1", "u1", "u1", "u2", None],
        "indikator": ["a", "a", "a", "nope", "a", "b", "c", "a"],
        "nilai": ["3", "7", "1", "1", "1", "x", None, "1"],
        "status": ["answered", "answered", "answered", "answered", "maybe", None, None, None],
    }
    names = {"unit": "unit_layanan", "indicator": "indikator", "value": "nilai"}
    assert _problems(BACKENDS[backend](columns), columns=names) == [
        ("answers[1].nilai", "out_of_scale"),
        ("answers[2].unit_layanan", "unknown_unit"),
        ("answers[3].indikator", "unknown_indicator"),
        ("answers[4].status", "unknown_value"),
        ("answers[5].nilai", "not_a_number"),
        ("answers[6].nilai", "value_missing"),
        ("answers[7].unit_layanan", "required_cell"),
    ]


def test_a_typo_met_on_many_rows_is_one_problem_with_a_hint() -> None:
    frame = pd.DataFrame(
        {
            "unit": ["u1", "U1", "u1", "U1", "u2", "U1", "u2"],
            "indicator": ["a", "a", "bb", "c", "a", "b", "bb"],
            "value": [1.0] * 7,
        }
    )
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round.from_frame(frame, rubric=RUBRIC, entities=ENTITIES, units=UNITS)
    found = [(p.location, p.code, p.params) for p in info.value.problems]
    assert found == [
        (
            "answers[1].unit",
            "unknown_unit",
            {"code": "U1", "occurrences": 3, "elsewhere": "answers[3].unit, answers[5].unit",
             "suggestion": "u1"},
        ),
        (
            "answers[2].indicator",
            "unknown_indicator",
            {"code": "bb", "rubric": RUBRIC.id, "occurrences": 2,
             "elsewhere": "answers[6].indicator"},  # too far from a, b, c for a hint
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("twin", ["u1\u200b", "u\u04261", "u1\u202e"])
def test_invisible_and_look_alike_codes_are_refused_at_their_cell(twin: str) -> None:
    frame = pd.DataFrame({"unit": ["u1", twin], "indicator": ["a", "a"], "value": [1.0, 2.0]})
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round.from_frame(frame, rubric=RUBRIC, entities=ENTITIES, units=UNITS)
    [problem] = info.value.problems
    assert problem.location == "answers[1].unit"
    assert problem.code in {"invisible_character", "mixed_scripts"}


def test_long_problems_keep_their_messages_and_the_row_after_dropped_rows() -> None:
    frame = pd.DataFrame(
        {"unit": ["zz", "u1", "u1"], "indicator": ["a", "a", "a"], "value": [1, 9, 2],
         "respondent": ["r1", "r1", "r1"]}
    )  # fmt: skip
    with pytest.raises(kp.InvalidRoundError) as info:
        _read(frame)
    assert [p.render() for p in info.value.problems] == [
        "answers[0].unit: unknown unit 'zz'",
        "answers[1].value: value 9 is outside the scale 0–3 of indicator 'a'",
        "answers[2].respondent: respondent 'r1' answered indicator 'a' of unit 'u1' twice",
    ]


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_wide_problems_are_located_at_frame_row_and_indicator_column(backend: str) -> None:
    columns: dict[str, list[Any]] = {
        "unit": ["u1", "zz", "u1", "u1", "u2", "u1"],
        "respondent": ["r1", "r2", "r3", "r1", "r4", "r5"],
        "role": ["pelaksana", None, "boss", None, None, "pengguna_layanan"],
        "a": ["3", "1", "1", "2", "9", None],
        "b": [None, None, None, None, None, None],
        "c": [None, None, None, "x", None, "2"],
        "junk": ["", "", "", "", "", ""],
    }
    assert _problems(BACKENDS[backend](columns), shape="wide") == [
        ("answers.junk", "frame_not_an_indicator"),
        ("answers[1].unit", "unknown_unit"),
        ("answers[2].role", "unknown_value"),
        ("answers[3].respondent", "duplicate_answer"),
        ("answers[3].c", "frame_not_an_answer"),
        ("answers[4].a", "out_of_scale"),
        ("answers[5].c", "role_mismatch"),
    ]


def test_wide_problems_name_listed_indicator_columns() -> None:
    frame = pd.DataFrame({"unit": ["u1"], "a": [3], "zz": [1]})
    assert _problems(frame, shape="wide", indicators=["a", "zz", "b", "a"]) == [
        ("indicators[3]", "duplicate_column"),
        ("answers.b", "frame_missing_column"),
        ("answers.zz", "unknown_indicator"),
    ]


def test_missing_and_unknown_columns_are_all_reported() -> None:
    frame = pd.DataFrame({"unit": ["u1"], "indicator": ["a"], "catatan": ["x"]})
    assert _problems(frame, columns={"valeu": "nilai"}) == [
        ("columns.valeu", "frame_unknown_name"),
        ("answers.value", "frame_missing_column"),
        ("answers.catatan", "frame_unused_column"),
    ]
    wide = pd.DataFrame({"unit_layanan": ["u1"], "a": [3]})
    assert _problems(wide, shape="wide", columns={"respondent": "id"}) == [
        ("answers.unit", "frame_missing_column"),
        ("answers.id", "frame_missing_column"),
    ]


def test_entity_and_unit_frames_are_located_by_row_and_column() -> None:
    entities = pd.DataFrame(
        {"code": ["e1", "e2"], "name": ["Pemkot Uji", "Pemkab Uji"], "kind": ["pemkot", "desa"]}
    )
    units = pd.DataFrame(
        {
            "code": ["u1", "u2", "u1", "u3", "u4"],
            "name": ["A", "B", "C", "D", "E"],
            "entity": ["e1", "e1", "e1", "e9", "e2"],
            "unit_type": ["opd", "opd", "opd", "opd", "kantor"],
        }
    )
    # Answers of a unit with problems of its own are not reported again.
    answers = pd.DataFrame(
        {"unit": ["u1", "u3", "u4", "u5"], "indicator": ["a"] * 4, "value": [1, 1, 1, 1]}
    )
    assert _problems(answers, entities=entities, units=units) == [
        ("entities[1].kind", "invalid_choice"),
        ("units[2].code", "duplicate_code"),
        ("units[3].entity", "unknown_entity"),
        ("units[4].unit_type", "invalid_choice"),
        ("answers[3].unit", "unknown_unit"),
    ]


def test_entity_and_unit_frames_missing_and_unread_columns() -> None:
    entities = pd.DataFrame({"code": ["e1"], "name": ["Pemkot Uji"]})
    units = pd.DataFrame([{**u, "alamat": "Jl. Uji"} for u in UNITS])
    frame = BACKENDS["pandas"](LONG)
    assert _problems(frame, entities=entities, units=units) == [
        ("entities.kind", "frame_missing_column"),
        ("units.alamat", "frame_unused_column"),
    ]


def test_sequence_entities_and_units_report_every_bad_item() -> None:
    units = [UNITS[0], {**UNITS[1], "unit_type": "kantor"}, 42]
    assert _problems(BACKENDS["mapping"](LONG), units=units) == [
        ("units[1].unit_type", "invalid_choice"),
        ("units[2]", "wrong_type"),
    ]


def test_types_lengths_and_inputs_that_are_not_tables() -> None:
    assert _problems(42) == [("answers", "frame_not_a_table")]
    short = {"unit": ["u1", "u1"], "indicator": ["a"], "value": [1.0, 2.0]}
    assert _problems(short) == [("answers.indicator", "length_mismatch")]
    listed = pl.DataFrame({"unit": ["u1"], "indicator": ["a"], "value": [[1.0]]})
    assert _problems(listed) == [("answers.value", "frame_column_type")]
    nested = pa.table({"unit": ["u1"], "indicator": ["a"], "value": [{"x": 1}]})
    assert _problems(nested) == [("answers.value", "frame_column_type")]
    dates = pd.DataFrame({"unit": ["u1"], "indicator": [date(2025, 1, 1)], "value": [1]})
    assert _problems(dates) == [("answers[0].indicator", "not_text")]
    assert _problems(BACKENDS["pandas"](LONG), shape="tall", units="u1") == [
        ("shape", "invalid_choice"),
        ("units", "frame_not_a_table"),
    ]


def test_edge_inputs_read_or_reported() -> None:
    # a polars Categorical with every row null; an Arrow dictionary with unsigned indices
    frame = pl.DataFrame(LONG, strict=False).with_columns(
        pl.Series("respondent", [None] * 7, dtype=pl.Categorical)
    )
    assert _read(frame) == _from_columns({**LONG, "respondent": [None] * 7})
    table = _arrow(LONG)
    unsigned = pa.DictionaryArray.from_arrays(
        pa.array([0, 0, 0, 0, 1, 1, 1], pa.uint8()), pa.array(["u1", "u2"])
    )
    table = table.set_column(0, "unit", unsigned)
    assert _read(table) == _from_columns(LONG)
    # member names as well as values; a Series is no table of units; blanks around a word
    names = {**LONG, "status": [kp.ResponseStatus(v).name for v in LONG["status"]]}
    names["role"] = [None if v is None else kp.RespondentRole(v).name for v in LONG["role"]]
    assert names["status"][3] == "NOT_APPLICABLE" and _read(names) == _from_columns(LONG)
    padded = pd.DataFrame({**LONG, "status": [f" {s} " for s in LONG["status"]]})
    assert _problems(padded, units=pd.Series(["u1", "u2"])) == [("units", "frame_not_a_table")]


def test_one_cell_reports_its_value_and_its_role() -> None:
    frame = pd.DataFrame({"unit": ["u1"], "role": ["pengguna_layanan"], "a": [math.inf]})
    assert _problems(frame, shape="wide") == [
        ("answers[0].a", "not_finite"),
        ("answers[0].a", "role_mismatch"),
    ]


def test_an_arrow_stream_without_pyarrow_is_a_clear_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = ArrowStream(_arrow(LONG))
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    with pytest.raises(kp.InvalidRoundError) as info:
        _read(stream)
    [problem] = info.value.problems
    assert problem.location == "answers" and problem.code == "frame_needs_pyarrow"
    assert "pip install pyarrow" in problem.text("en") and "pyarrow" in problem.text("id")


def test_problems_beyond_the_limit_are_counted() -> None:
    from kepatuhan.frame_input import PROBLEM_LIMIT

    n = PROBLEM_LIMIT + 5
    frame = pd.DataFrame({"unit": ["u1"] * n, "indicator": ["a"] * n, "value": ["x"] * n})
    with pytest.raises(kp.InvalidRoundError) as info:
        _read(frame)
    problems = info.value.problems
    assert [p.location for p in problems[:2]] == ["answers[0].value", "answers[1].value"]
    assert len(problems) == PROBLEM_LIMIT + 1
    assert problems[-1].location == "answers" and problems[-1].params["count"] == 5


def test_new_messages_have_both_languages_with_the_same_placeholders() -> None:
    import string

    codes = [code for code in MESSAGES if code.startswith("frame_")]
    assert len(codes) == 11
    for code in codes:
        english, indonesian = MESSAGES[code]
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in MESSAGES[code]]
        assert fields[0] == fields[1], code
        assert english != indonesian


def test_import_kepatuhan_imports_no_dataframe_library() -> None:
    code = textwrap.dedent(
        """
        import sys
        import kepatuhan as kp
        rub = kp.get_rubric("ombudsman-2023")
        ind = rub.indicators()[0]
        kp.Round.from_frame(
            {"unit": ["u1"], "indicator": [ind.id], "value": [1.0]},
            rubric=rub,
            entities=[{"code": "e1", "name": "E", "kind": "pemkot"}],
            units=[{"code": "u1", "name": "U", "entity": "e1", "unit_type": "opd"}],
        )
        print(sorted(m for m in ("pandas", "polars", "pyarrow") if m in sys.modules))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# Properties ------------------------------------------------------------------------------------

_ROLES = list(kp.RespondentRole)
_STATUSES = list(kp.ResponseStatus)


def _long_columns(rnd: kp.Round) -> dict[str, Any]:
    """The round's answers as long columns, from the response table's own columns."""
    t = rnd.responses
    n = len(t)
    return {
        "unit": [str(c) for c in t.decoded("unit")],
        "indicator": [str(c) for c in t.decoded("indicator")],
        "value": np.array(t.value, dtype=np.float64),
        "respondent": [None if k < 0 else t.respondent_codes[k] for k in t.respondent.tolist()],
        "role": [None if k < 0 else _ROLES[k].value for k in t.role.tolist()],
        "status": [_STATUSES[k].value for k in t.status.tolist()],
        "evidence": list(t.evidence) if t.evidence is not None else [None] * n,
        "collected": list(t.collected) if t.collected is not None else [None] * n,
    }


def _records(rnd: kp.Round) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        [e.model_dump(mode="json") for e in rnd.entities],
        [u.model_dump(mode="json") for u in rnd.units],
    )


@heavy()
@given(data=rubric_and_round(), backend=st.sampled_from(["pandas", "polars"]))
def test_long_frame_of_a_round_reads_back_equal(
    data: tuple[kp.Rubric, kp.Round], backend: str
) -> None:
    rub, rnd = data
    columns = _long_columns(rnd)
    entities, units = _records(rnd)
    if backend == "pandas":
        frames: tuple[Any, Any, Any] = (
            pd.DataFrame(columns),
            pd.DataFrame(entities),
            pd.DataFrame(units),
        )
    else:
        frames = (pl.DataFrame(columns), pl.DataFrame(entities), pl.DataFrame(units))
    back = kp.Round.from_frame(
        frames[0],
        rubric=rub,
        entities=frames[1],
        units=frames[2],
        title=rnd.title,
        synthetic=rnd.synthetic,
        note=rnd.note,
    )
    assert back == rnd


def _wide_columns(rub: kp.Rubric, rnd: kp.Round, as_text: bool) -> dict[str, list[Any]]:
    """One row per (unit, respondent), one column per indicator: value or status word."""
    rows: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in rnd.responses:
        row = rows.setdefault((r.unit, r.respondent), {})
        assert r.indicator not in row  # one answer per (unit, respondent, indicator)
        if r.value is None:
            row[r.indicator] = r.status.value
        else:
            row[r.indicator] = repr(r.value) if as_text else r.value
    columns: dict[str, list[Any]] = {
        "unit": [u for u, _ in rows],
        "respondent": [p for _, p in rows],
    }
    for ind in rub.indicator_ids():
        columns[ind] = [row.get(ind) for row in rows.values()]
    return columns


@heavy()
@given(data=rubric_and_round(extras=False), backend=st.sampled_from(["pandas", "polars"]))
def test_wide_frame_of_a_round_scores_the_same(
    data: tuple[kp.Rubric, kp.Round], backend: str
) -> None:
    rub, rnd = data
    columns = _wide_columns(rub, rnd, as_text=backend == "polars")
    frame: Any = pd.DataFrame(columns) if backend == "pandas" else pl.DataFrame(columns)
    entities, units = _records(rnd)
    back = kp.Round.from_frame(frame, rubric=rub, entities=entities, units=units, shape="wide")
    assert len(back.responses) == len(rnd.responses)
    a, b = kp.score(back, rub), kp.score(rnd, rub)
    assert a == b
    assert a.to_json() == b.to_json()
