"""The results workbook's rows read from the arrays are the rows its views give."""

from __future__ import annotations

from hypothesis import given

import kepatuhan as kp
from builders import heavy
from kepatuhan.io import export
from kepatuhan.testing import rubric_and_round


@heavy()
@given(data=rubric_and_round(max_units=5))
def test_rows_from_the_arrays_equal_those_from_the_views(
    data: tuple[kp.Rubric, kp.Round],
) -> None:
    rubric, round_ = data
    result = kp.score(round_, rubric)
    meta = export._meta(result)
    for lang in ("id", "en"):
        assert export._unit_rows_from_arrays(result.columns, meta, lang) == (
            export._unit_rows_from_views(result, meta, lang)
        )
    # A result read back from JSON has no arrays: its points-lost rows come from its views.
    back = kp.RoundResult.from_json(result.to_json())
    assert (
        export._lost_sheet("x", result, meta, "id").rows
        == export._lost_sheet("x", back, meta, "id").rows
    )


def test_the_example_workbook_rows_match_both_ways() -> None:
    result = kp.score(kp.example_round())
    back = kp.RoundResult.from_json(result.to_json())
    for lang in ("id", "en"):
        assert [s.rows for s in export.xlsx_sheets(result, lang)] == [
            s.rows for s in export.xlsx_sheets(back, lang)
        ]
