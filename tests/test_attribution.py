"""Where the points went (kepatuhan.point_attribution): exact parts, costs, the weakest unit.

Floats are compared to 1e-9 (the parts are summed as exact fractions of the pipeline's
floats; the pipeline's own unit totals carry float noise).
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.example import example_round
from kepatuhan.point_attribution import EntityAttribution, attribution
from kepatuhan.responses import DimensionScore, ResponseTable
from kepatuhan.strategies import Strategy, StrategyTable
from kepatuhan.testing import rubric_and_round, rubrics

TOL = 1e-9
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
generated = rubric_and_round(rubrics(reporting_scales=True, precision=None), max_units=5)


def _scored(data: st.DataObject) -> tuple[kp.Rubric, kp.Round, kp.RoundResult, str]:
    rub, rnd = data.draw(generated)
    result = kp.score(rnd, rub)
    c = result.columns
    scored = [e.code for e, has in zip(c.entities, c.entity_has.tolist(), strict=True) if has]
    assume(scored)
    return rub, rnd, result, data.draw(st.sampled_from(scored))


@SETTINGS
@given(st.data())
def test_parts_add_up_to_the_unrounded_score(data: st.DataObject) -> None:
    _, _, result, code = _scored(data)
    a = attribution(result, entity=code)
    c = result.columns
    e = [x.code for x in c.entities].index(code)
    members = (c.unit_entity == e) & c.unit_has
    assert a.units_scored == int(members.sum())
    assert math.isclose(a.unrounded, float(np.mean(c.unit_raw[members])), abs_tol=TOL)
    cells = [v for u in a.units for v in u.contributions.values()]
    assert math.isclose(float(a.bottom) + math.fsum(cells), a.unrounded, abs_tol=TOL)
    dims = math.fsum(d.contribution for d in a.dimensions)
    assert math.isclose(float(a.bottom) + dims, a.unrounded, abs_tol=TOL)
    for u in a.units:
        assert math.isclose(u.contribution, math.fsum(u.contributions.values()), abs_tol=TOL)
        assert math.isclose(
            float(a.bottom) + u.contribution * a.units_scored, u.unrounded, abs_tol=1e-7
        )


@SETTINGS
@given(st.data())
def test_cost_is_perfect_minus_score(data: st.DataObject) -> None:
    _, _, result, code = _scored(data)
    a = attribution(result, entity=code)
    assert math.isclose(a.cost, float(a.perfect) - a.unrounded, abs_tol=TOL)
    costs = math.fsum(v for u in a.units for v in u.costs.values())
    assert math.isclose(costs, a.cost, abs_tol=TOL)
    assert math.isclose(math.fsum(d.cost for d in a.dimensions), a.cost, abs_tol=TOL)
    for u in a.units:
        assert u.cost >= -TOL
        assert math.isclose(u.cost, math.fsum(u.costs.values()), abs_tol=TOL)


@SETTINGS
@given(st.data())
def test_rounding_terms_bridge_to_the_published_score(data: st.DataObject) -> None:
    _, _, result, code = _scored(data)
    a = attribution(result, entity=code)
    assert a.score == result.entity(code).score
    bridged = a.unrounded + a.unit_rounding + a.final_rounding
    assert math.isclose(bridged, float(a.score), abs_tol=TOL)
    step = 10.0**-a.precision
    assert abs(a.unit_rounding) <= step / 2 + TOL
    assert abs(a.final_rounding) <= step / 2 + TOL


@SETTINGS
@given(st.data())
def test_next_band(data: st.DataObject) -> None:
    _, _, result, code = _scored(data)
    a = attribution(result, entity=code)
    if a.next_band_lower is None:
        assert a.to_next_band is None
        assert all(u.reaches_next_band is None for u in a.units)
        return
    assert a.to_next_band is not None
    assert math.isclose(a.to_next_band, float(a.next_band_lower) - a.unrounded, abs_tol=TOL)
    for u in a.units:
        assert u.reaches_next_band == (u.cost >= a.to_next_band) or math.isclose(
            u.cost, a.to_next_band, abs_tol=TOL
        )


def _replaced(rnd: kp.Round, weak: str, median: str) -> kp.Round:
    """The round with the weak unit's answers and type replaced by the median unit's."""
    units = {u.code: u for u in rnd.units}
    kind = units[median].unit_type
    new_units = tuple(
        u.model_copy(update={"unit_type": kind}) if u.code == weak else u for u in rnd.units
    )
    rows = [r for r in rnd.responses if r.unit != weak]
    rows += [r.model_copy(update={"unit": weak}) for r in rnd.responses if r.unit == median]
    dims = [d for d in rnd.dimension_scores if d.unit != weak]
    dims += [
        DimensionScore(unit=weak, dimension=d.dimension, value=d.value, form=d.form)
        for d in rnd.dimension_scores
        if d.unit == median
    ]
    return rnd.model_copy(
        update={
            "units": new_units,
            "responses": ResponseTable.from_responses(rows),
            "dimension_scores": tuple(dims),
        }
    )


@SETTINGS
@given(st.data())
def test_median_lift_equals_rescoring(data: st.DataObject) -> None:
    rub, rnd, result, code = _scored(data)
    a = attribution(result, entity=code)
    w = a.weakest
    assert w.unit == min(a.units, key=lambda u: (u.unrounded, u.unit)).unit
    again = kp.score(_replaced(rnd, w.unit, w.median_unit), rub)
    assert again.unit(w.unit).score == w.median_score
    assert again.entity(code).score == w.score_after
    assert w.published_lift == w.score_after - a.score
    b = attribution(again, entity=code)
    assert math.isclose(b.unrounded - a.unrounded, w.lift, abs_tol=TOL)
    assert w.lift >= -TOL


@SETTINGS
@given(st.data())
def test_json_round_trip_and_determinism(data: st.DataObject) -> None:
    _, _, result, code = _scored(data)
    a = attribution(result, entity=code)
    text = a.to_json()
    assert EntityAttribution.from_json(text) == a
    assert EntityAttribution.from_json(text).to_json() == text
    assert attribution(result, entity=code).to_json() == text


def test_example_entity() -> None:
    result = kp.score(example_round())
    code = result.entities[0].code
    a = attribution(result, entity=code)
    assert a.score == result.entity(code).score
    assert [d.dimension for d in a.dimensions] == list(result.entity(code).dimensions)
    assert a.units_scored == result.entity(code).units_scored


def test_refuses_unknown_entity_and_json_results() -> None:
    result = kp.score(example_round())
    with pytest.raises(kp.InvalidInputError) as caught:
        attribution(result, entity="nope")
    (problem,) = caught.value.problems
    assert (problem.location, problem.code) == ("entity", "attribution_unknown_entity")
    assert "nope" in problem.text("id")
    code = result.entities[0].code
    with pytest.raises(kp.InvalidInputError) as caught:
        attribution(kp.RoundResult.from_json(result.to_json()), entity=code)
    assert caught.value.problems[0].code == "attribution_no_arrays"


def _plugin_mean(entity, scaled, has, n):  # type: ignore[no-untyped-def]
    total = np.bincount(entity[has], weights=scaled[has], minlength=n).astype(np.int64)
    count = np.bincount(entity[has], minlength=n).astype(np.int64)
    return (2 * total + np.maximum(count, 1)) // (2 * np.maximum(count, 1)), count > 0


def test_refuses_a_plugin_rollup_even_if_it_is_a_mean() -> None:
    rnd = example_round()
    rub = kp.get_rubric(rnd.rubric).model_copy(update={"entity_rollup": "plugin_mean"})
    table = StrategyTable(kp.strategies.active_table())
    table.add(Strategy("entity_rollup", "plugin_mean", _plugin_mean), "test")
    with table.use():
        result = kp.score(rnd, rub)
    code = result.entities[0].code
    with pytest.raises(kp.InvalidInputError) as caught:
        attribution(result, entity=code)
    (problem,) = caught.value.problems
    assert (problem.location, problem.code) == ("entity_rollup", "attribution_rollup")
    assert "plugin_mean" in problem.text("id") and "mean_of_units" in problem.text("en")


def test_entity_without_score_is_refused() -> None:
    rnd = example_round()
    first = rnd.entities[0].code
    others = [u.code for u in rnd.units if u.entity != first]
    emptied = rnd.model_copy(
        update={
            "units": tuple(u for u in rnd.units if u.entity != first or u.code in others),
            "responses": ResponseTable.from_responses(
                [r for r in rnd.responses if r.unit in others]
            ),
            "dimension_scores": tuple(d for d in rnd.dimension_scores if d.unit in others),
        }
    )
    result = kp.score(emptied)
    assert not result.columns.entity_has[0]
    with pytest.raises(kp.InvalidInputError) as caught:
        attribution(result, entity=first)
    assert caught.value.problems[0].code == "attribution_no_score"
    assert caught.value.problems[0].location == "entities[0]"


def test_published_values_are_decimals() -> None:
    result = kp.score(example_round())
    a = attribution(result, entity=result.entities[0].code)
    assert isinstance(a.score, Decimal) and isinstance(a.weakest.score_after, Decimal)


def test_frame_holds_every_part() -> None:
    result = kp.score(example_round())
    a = attribution(result, entity=result.entities[0].code)
    table = a.to_frame(backend="numpy")
    assert len(table["unit"]) == len(a.units) * len(a.dimensions)
    for u in a.units:
        rows = table["unit"] == u.unit
        assert list(table["dimension"][rows]) == list(u.contributions)
        assert list(table["contribution"][rows]) == list(u.contributions.values())
        assert list(table["cost"][rows]) == list(u.costs.values())
    frame = a.to_frame()
    assert math.isclose(
        float(a.bottom) + math.fsum(frame["contribution"]), a.unrounded, abs_tol=TOL
    )
