"""Bad input is refused with every problem listed and located; nothing is scored from it."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings

import kepatuhan as kp
from builders import ASSUMED, BANDS_2, answer, group, indicator, round_, rubric
from kepatuhan.testing import rubric_and_round

RUB = rubric([group("d1", [indicator("a"), indicator("b")]), indicator("c", role="observasi")])


def _locations(err: kp.InvalidInputError) -> list[str]:
    return [p.location for p in err.problems]


def test_round_lists_every_structural_problem_at_once() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.Round(
            rubric="uji",
            entities=[
                {"code": "e1", "name": "A", "kind": "pemkot"},
                {"code": "e1", "name": "B", "kind": "pemkab"},
            ],
            units=[
                {"code": "u1", "name": "U1", "entity": "e9", "unit_type": "opd"},
                {"code": "u1", "name": "U2", "entity": "e1", "unit_type": "opd"},
            ],
            responses=[answer("u7", "a", 1)],
        )
    assert _locations(err.value) == [
        "entities[1].code",
        "units[1].code",
        "units[0].entity",
        "responses[0].unit",
    ]
    assert isinstance(err.value, ValueError)
    text = str(err.value)
    assert "4 problems" in text and "'e9'" in text and "'u7'" in text


def test_field_errors_are_located_and_all_reported() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.Round(
            rubric="uji",
            entities=[{"code": "", "name": "E", "kind": "kota"}],
            units=[{"code": "u", "name": "U", "entity": "e", "unit_type": "opd", "x": 1}],
        )
    assert _locations(err.value) == ["entities[0].code", "entities[0].kind", "units[0].x"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_inf_values_are_refused(bad: float) -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        round_([answer("u1", "a", 1), answer("u1", "b", bad)])
    assert _locations(err.value) == ["responses[1].value"]
    assert err.value.problems[0].code == "not_finite"


def test_value_and_status_must_agree() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        round_([answer("u1", "a", None), answer("u1", "b", 2, status="tidak_berlaku")])
    assert [p.code for p in err.value.problems] == ["value_missing", "value_with_status"]


@pytest.mark.parametrize("bad", [math.inf, -math.inf])
def test_an_infinite_value_beside_a_status_is_refused(bad: float) -> None:
    table, problems = kp.ResponseTable.from_columns(
        unit=["u1", "u1"],
        indicator=["a", "b"],
        value=[1.0, bad],
        status=["answered", "tidak_berlaku"],
    )
    assert problems == []
    assert [(p.location, p.code) for p in table.row_problems()] == [
        ("responses[1].value", "value_with_status")
    ]


def test_scoring_lists_every_rubric_problem() -> None:
    r = round_(
        [
            answer("u1", "zz", 1),  # unknown indicator
            answer("u1", "a", 4),  # out of scale
            answer("u1", "a", -1, respondent="p2"),  # out of scale
            answer("u1", "b", 1.5),  # off step
            answer("u1", "c", 1, role="pelaksana"),  # c is answered by observation
            answer("u1", "b", 2, respondent="p1"),
            answer("u1", "b", 3, respondent="p1"),  # duplicate answer
        ]
    )
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(r, RUB)
    problems = {(p.location, p.code) for p in err.value.problems}
    assert problems == {
        ("responses[0].indicator", "unknown_indicator"),
        ("responses[1].value", "out_of_scale"),
        ("responses[2].value", "out_of_scale"),
        ("responses[3].value", "off_step"),
        ("responses[4].role", "role_mismatch"),
        ("responses[6].respondent", "duplicate_answer"),
    }
    assert "nilai 4 di luar skala 0–3 indikator 'a'" in err.value.render("id")
    # kp.validate runs the same checks without scoring: the same problems, in the same order.
    with pytest.raises(kp.InvalidRoundError) as checked:
        kp.validate(r, RUB)
    assert checked.value.problems == err.value.problems


def test_indicator_that_does_not_apply_to_the_unit_type() -> None:
    rub = rubric([indicator("a"), indicator("rs", applies_to=["rsud"])])
    r = round_([answer("u1", "a", 3), answer("u1", "rs", 2)], units=[("u1", "puskesmas")])
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(r, rub)
    assert [p.code for p in err.value.problems] == ["not_applicable_unit_type"]
    # Marked not applicable, it is accepted and drops out.
    ok = round_(
        [answer("u1", "a", 3), answer("u1", "rs", None, status="tidak_berlaku")],
        units=[("u1", "puskesmas")],
    )
    assert kp.score(ok, rub).units[0].completeness.not_applicable == ("rs",)


def test_too_many_bad_rows_are_counted_not_dropped() -> None:
    n = 500
    r = kp.Round.from_columns(
        rubric="uji",
        entities=[{"code": "e1", "name": "E", "kind": "pemkot"}],
        units=[{"code": "u1", "name": "U", "entity": "e1", "unit_type": "opd"}],
        unit=np.zeros(n, dtype=np.int64),
        indicator=np.zeros(n, dtype=np.int64),
        indicator_codes=["a"],
        value=np.full(n, 9.0),
    )
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(r, RUB)
    assert len(err.value.problems) == 201
    assert "300 more problem(s) with code out_of_scale" in str(err.value.problems[-1])
    assert err.value.problem_count() == n


def test_columnar_shape_problems() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.Round.from_columns(
            rubric="uji",
            entities=[{"code": "e1", "name": "E", "kind": "pemkot"}],
            units=[{"code": "u1", "name": "U", "entity": "e1", "unit_type": "opd"}],
            unit=[0, 1, 5],
            indicator=["a", "b"],
            value=[1.0, 2.0, 3.0],
            status=["answered", "nonsense", "answered"],
        )
    codes = [p.code for p in err.value.problems]
    assert codes == ["index_out_of_range", "length_mismatch", "unknown_value"]


def test_dimension_scores_are_checked() -> None:
    rub = rubric([indicator("a", weight=3), indicator("b", weight=1)])
    r = round_(
        [answer("u2", "a", 1)],
        units=[("u1", "opd"), ("u2", "opd")],
        dimension_scores=[
            {"unit": "u1", "dimension": "a", "value": 75.01, "form": "contribution"},
            {"unit": "u1", "dimension": "zz", "value": 10},
            {"unit": "u1", "dimension": "b", "value": 101},
            {"unit": "u2", "dimension": "b", "value": 50},
        ],
    )
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(r, rub)
    assert [(p.location, p.code) for p in err.value.problems] == [
        ("dimension_scores[0].value", "contribution_too_large"),
        ("dimension_scores[1].dimension", "unknown_node"),
        ("dimension_scores[2].value", "dimension_out_of_range"),
        ("units[1]", "mixed_input_levels"),
    ]


def test_duplicate_dimension_scores_and_unknown_units() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        round_(
            [],
            dimension_scores=[
                {"unit": "u1", "dimension": "a", "value": 10},
                {"unit": "u1", "dimension": "a", "value": 20},
                {"unit": "u9", "dimension": "a", "value": math.nan},
            ],
        )
    assert [p.code for p in err.value.problems] == ["duplicate_code", "unknown_unit", "not_finite"]


@pytest.mark.parametrize("weight", [0, -1.5, math.nan, math.inf])
def test_bad_weights_are_refused(weight: float) -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        rubric([group("d1", [indicator("a", weight=weight), indicator("b")])])
    assert _locations(err.value) == ["nodes[0].children[0].weight"]


def test_rubric_lists_every_problem() -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        rubric(
            [
                group("d1", [indicator("a"), indicator("a", reduction="mode")]),
                indicator("d1", weight_provenance={"source": "X", "confidence": "official"}),
            ],
            respondent_reduction="trimmed",
            entity_rollup="sum",
        )
    assert _locations(err.value) == [
        "nodes[0].children[1].id",
        "nodes[0].children[1].reduction",
        "nodes[1].id",
        "respondent_reduction",
        "entity_rollup",
        "nodes[1].weight_provenance.source",
    ]


def test_rubric_scale_and_structure_problems() -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        rubric(
            [
                indicator("a", scale={"kind": "interval", "minimum": 3, "maximum": 0}),
                {"id": "g", "name": "G", "weight_provenance": ASSUMED, "children": []},
            ]
        )
    locs = _locations(err.value)
    assert "nodes[1].children" in locs
    with pytest.raises(kp.InvalidRubricError) as err2:
        rubric([indicator("a", scale={"kind": "interval", "minimum": 3, "maximum": 0})])
    assert _locations(err2.value) == ["nodes[0].scale.maximum"]


def test_strict_missing_policy_refuses_incomplete_data() -> None:
    r = round_([answer("u1", "a", 3), answer("u1", "c", 3)])
    with pytest.raises(kp.IncompleteDataError) as err:
        kp.score(r, RUB, missing="strict")
    assert str(err.value.problems[0]) == "units[0]: 1 indicator(s) not assessed for unit 'u1': b"
    with pytest.raises(kp.IncompleteDataError) as checked:
        kp.validate(r, RUB, missing="strict")
    assert checked.value.problems == err.value.problems
    kp.validate(r, RUB)  # the rubric's own policy accepts the gap: no error


def test_zone_bands_must_cover_the_reporting_scale() -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        rubric(
            [indicator("a")],
            zoning={
                "minimum": "25",
                "bands": [{"lower": "0.00", "upper": "100.00", "zone": "hijau", "label": "x"}],
            },
        )
    assert [p.location for p in err.value.problems] == ["zoning.bands[0].lower"]
    assert "first band starts at 0.00, not 25" in str(err.value)


def test_band_problems_inside_a_rubric_are_located_once() -> None:
    gap = [{**BANDS_2[0], "upper": "49.98"}, BANDS_2[1]]
    with pytest.raises(kp.InvalidRubricError) as err:
        rubric([indicator("a")], zoning={"bands": gap})
    assert [p.location for p in err.value.problems] == ["zoning.bands[1].lower"]


def test_error_headlines_in_both_languages() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        round_([answer("u1", "a", 3), answer("zz", "a", 3)])
    assert err.value.render("en").startswith("invalid assessment round: 1 problem\n")
    assert err.value.render("id").startswith("data penilaian tidak sah: 1 masalah\n")
    named = kp.InvalidFileError(err.value.problems, subject="form.xlsx")
    assert named.render("id").startswith("berkas data tidak sah form.xlsx: 1 masalah")
    assert str(named).startswith("invalid data file form.xlsx: 1 problem")


def test_response_table_columns_carry_evidence() -> None:
    table, problems = kp.ResponseTable.from_columns(
        unit=["u1", "u1"], indicator=["a", "b"], value=[3, 2], evidence=[None, "https://x/1"]
    )
    assert problems == []
    assert [r.evidence for r in table] == [None, "https://x/1"]
    plain, _ = kp.ResponseTable.from_columns(
        unit=["u1"], indicator=["a"], value=[3], evidence=[None]
    )
    assert plain.evidence is None  # no link at all: stored like a table built without
    _, short = kp.ResponseTable.from_columns(
        unit=["u1", "u1"], indicator=["a", "b"], value=[3, 2], evidence=["x"]
    )
    assert [(p.location, p.code) for p in short] == [("evidence", "length_mismatch")]


@settings(max_examples=40)
@given(
    data=rubric_and_round(
        max_units=4,
        na_probability=0.15,
        not_assessed_probability=0.15,
        missing_probability=0.2,
        mixed_unanswered=True,
    )
)
def test_validate_refuses_exactly_what_score_refuses(data: tuple[kp.Rubric, kp.Round]) -> None:
    rub, r = data
    policies: tuple[kp.MissingPolicy, ...] = ("strict", "exclude", "zero")
    for policy in policies:
        scored = _refusal(partial(kp.score, r, rub, missing=policy))
        checked = _refusal(partial(kp.validate, r, rub, missing=policy))
        assert (type(checked), _problems(checked)) == (type(scored), _problems(scored))


def _refusal(run: Callable[[], object]) -> kp.KepatuhanError | None:
    try:
        run()
    except kp.KepatuhanError as err:
        return err
    return None


def _problems(err: kp.KepatuhanError | None) -> object:
    return err.problems if isinstance(err, kp.InvalidInputError) else None
