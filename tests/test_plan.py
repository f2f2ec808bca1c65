"""kp.plan: the plan reaches its target when re-scored, and no plan is cheaper."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.example import example_round
from kepatuhan.planning import Plan, plan, read_costs
from kepatuhan.testing import plan_requests, rubric_and_round, rubrics
from kepatuhan.whatif import SetAnswer, what_if


def _published(result: kp.RoundResult, scope: str, code: str) -> Decimal | None:
    return result.unit(code).score if scope == "unit" else result.entity(code).score


def test_example_entity_reaches_hijau() -> None:
    round_ = example_round()
    got = plan(round_, target="hijau")
    assert got.reachable and got.scope == "entity" and got.before is not None
    assert got.before < got.threshold  # the example starts below hijau
    after = what_if(round_, got.changes).result.entity(got.code)
    assert after.zone is kp.Zone.HIJAU and after.score == got.after
    assert got.zone is kp.Zone.HIJAU
    assert got.steps[-1].cumulative == got.after
    assert got.total_cost == sum(s.cost for s in got.steps) > 0
    assert Plan.model_validate_json(got.model_dump_json()) == got
    assert plan(round_, target="hijau").model_dump_json() == got.model_dump_json()


def test_unit_plan_and_cost_and_fixed() -> None:
    round_ = example_round()
    code = round_.units[1].code  # dinsos, kuning
    got = plan(round_, target="hijau", unit=code)
    assert got.reachable and got.scope == "unit"
    assert what_if(round_, got.changes).result.unit(code).zone is kp.Zone.HIJAU
    first = got.steps[0].indicator
    dear = plan(round_, target="hijau", unit=code, cost={first: 1000.0})
    assert first not in {s.indicator for s in dear.steps}
    assert dear.total_cost >= got.total_cost
    held = plan(round_, target="hijau", unit=code, fixed=[first])
    assert first not in {s.indicator for s in held.steps}


def test_unreachable_says_the_maximum() -> None:
    round_ = example_round()
    code = round_.units[1].code
    lost = list(kp.score(round_).unit(code).points_lost)
    held = plan(round_, target=100, unit=code, fixed=lost[:1])
    assert not held.reachable and held.steps == () and held.after is None
    assert held.maximum is not None and held.before is not None
    assert held.before < held.maximum < 100


def test_max_changes() -> None:
    round_ = example_round()
    assert not plan(round_, target="hijau", max_changes=2).reachable


def test_bad_input_is_located() -> None:
    round_ = example_round()
    with pytest.raises(kp.InvalidInputError) as info:
        plan(
            round_,
            target="hijua",
            entity="16.27",
            cost={"pr2": 1.0, "pr01": -1.0},
            fixed=["OUT01"],
        )
    found = {(p.location, p.code, p.params.get("suggestion")) for p in info.value.problems}
    assert found == {
        ("target", "plan_unknown_target", "hijau"),
        ("entity", "plan_unknown_entity", "16.72"),
        ("cost['pr2']", "unknown_indicator", "pr02"),
        ("cost['pr01']", "negative_cost", None),
        ("fixed[0]", "unknown_indicator", "out01"),
    }
    with pytest.raises(kp.InvalidInputError) as scored:
        plan(round_, target=101)
    assert [p.code for p in scored.value.problems] == ["score_range"]
    for problem in info.value.problems:
        assert problem.text("id") and problem.text("en")


# Brute force on small generated rubrics ---------------------------------------------------------


def _choices(
    round_: kp.Round, rubric: kp.Rubric, result: kp.RoundResult, units: list[str]
) -> list[list[tuple[SetAnswer, float]]]:
    """Per improvable cell, its (change, cost) options, found from the rubric and result."""
    cells = []
    for code in units:
        nodes = result.unit(code).nodes
        for ind in rubric.indicators():
            leaf = nodes.get(ind.id)
            if leaf is None:
                continue
            allowed = ind.scale.steps() or (
                *(
                    ind.scale.minimum + (ind.scale.maximum - ind.scale.minimum) * k / 10
                    for k in range(10)
                ),
                ind.scale.maximum,
            )
            better = sorted(
                (v for v in allowed if 100 * float(ind.scale.normalise(v)) > leaf + 1e-9),
                key=lambda v: float(ind.scale.normalise(v)),
            )
            if better:
                cells.append(
                    [
                        (SetAnswer(unit=code, indicator=ind.id, value=v), float(k + 1))
                        for k, v in enumerate(better)
                    ]
                )
    return cells


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    case=rubric_and_round(rubrics(max_depth=2, max_children=3), max_units=2, max_entities=1),
    fraction=st.floats(0.05, 1.0),
    scope=st.sampled_from(["unit", "entity"]),
)
def test_no_plan_is_cheaper(case: tuple[kp.Rubric, kp.Round], fraction: float, scope: str) -> None:
    rubric, round_ = case
    result = kp.score(round_, rubric)
    unit0 = round_.units[0]
    code = unit0.code if scope == "unit" else unit0.entity
    units = [u.code for u in round_.units if scope == "entity" or u.code == code]
    cells = _choices(round_, rubric, result, units)
    sizes = [len(c) + 1 for c in cells]
    assume(len(cells) > 0 and int(np.prod(sizes)) <= 400)
    before = _published(result, scope, code)
    assume(before is not None)
    assert before is not None
    top = rubric.zoning.maximum
    step = Decimal(1).scaleb(-rubric.zoning.precision)
    target = min(top, (before + (top - before) * Decimal(repr(fraction))).quantize(step))
    assume(target > before)
    # Every plan: one option or none per cell.
    best: float | None = None
    for pick in itertools.product(*[[None, *c] for c in cells]):
        chosen = [p for p in pick if p is not None]
        cost = sum(p[1] for p in chosen)
        if best is not None and cost >= best:
            continue
        edited = what_if(round_, [p[0] for p in chosen], rubric=rubric).result
        reached = _published(edited, scope, code)
        if reached is not None and reached >= target:
            best = cost
    kw = {"unit": code} if scope == "unit" else {"entity": code}
    got = plan(round_, target=target, rubric=rubric, **kw)  # type: ignore[arg-type]
    if best is None:
        assert not got.reachable
        return
    assert got.reachable
    assert got.total_cost == pytest.approx(best)
    reached = _published(what_if(round_, got.changes, rubric=rubric).result, scope, code)
    assert reached is not None and reached >= target


def test_read_costs(tmp_path: Path) -> None:
    good = tmp_path / "biaya.csv"
    good.write_text('Indikator,Biaya\nout04,100\n\nout02,"1,5"\n', encoding="utf-8")
    assert read_costs(good, "ombudsman-2024") == {"out04": 100.0, "out02": 1.5}
    round_ = example_round()
    cheap = plan(round_, target="hijau", unit="dinsos")
    dear = plan(round_, target="hijau", unit="dinsos", cost=read_costs(good, "ombudsman-2024"))
    assert "out04" in {s.indicator for s in cheap.steps}
    assert "out04" not in {s.indicator for s in dear.steps}
    bad = tmp_path / "bad.csv"
    bad.write_text("indikator,biaya\nout4,100\nout02,-1\nout02,x\n", encoding="utf-8")
    with pytest.raises(kp.InvalidFileError) as info:
        read_costs(bad, "ombudsman-2024")
    found = [(p.location, p.code, p.params.get("suggestion")) for p in info.value.problems]
    assert found == [
        ("bad.csv!A2", "unknown_indicator", "out04"),
        ("bad.csv!B3", "negative_cost", None),
        ("bad.csv!A4", "duplicate_code", None),
        ("bad.csv!B4", "not_a_number", None),
    ]
    headless = tmp_path / "headless.csv"
    headless.write_text("id,harga\nout04,1\n", encoding="utf-8")
    with pytest.raises(kp.InvalidFileError) as missing:
        read_costs(headless, "ombudsman-2024")
    assert [p.code for p in missing.value.problems] == ["missing_column", "missing_column"]


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    case=rubric_and_round(rubrics(max_depth=2, max_children=3), max_units=2, max_entities=1),
    limit=st.integers(0, 2),
    scope=st.sampled_from(["unit", "entity"]),
)
def test_the_maximum_under_max_changes_is_the_best_of_every_small_plan(
    case: tuple[kp.Rubric, kp.Round], limit: int, scope: str
) -> None:
    rubric, round_ = case
    result = kp.score(round_, rubric)
    unit0 = round_.units[0]
    code = unit0.code if scope == "unit" else unit0.entity
    units = [u.code for u in round_.units if scope == "entity" or u.code == code]
    cells = _choices(round_, rubric, result, units)
    assume(0 < len(cells) <= 12)
    before = _published(result, scope, code)
    assume(before is not None)
    best = before
    for chosen in itertools.chain.from_iterable(
        itertools.combinations(cells, k) for k in range(1, limit + 1)
    ):
        changes = [options[-1][0] for options in chosen]  # each cell at its best answer
        reached = _published(what_if(round_, changes, rubric=rubric).result, scope, code)
        if reached is not None and best is not None and reached > best:
            best = reached
    kw = {"unit": code} if scope == "unit" else {"entity": code}
    top = rubric.zoning.maximum
    got = plan(round_, target=top, rubric=rubric, max_changes=limit, **kw)  # type: ignore[arg-type]
    assert got.maximum == best


def test_cells_without_an_answer_and_figure_units_are_reported_not_planned() -> None:
    round_ = example_round()  # dinsos/pg02 was not assessed in the example
    got = plan(round_, target="hijau")
    assert got.unanswered == (("dinsos", "pg02"),)
    assert ("dinsos", "pg02") not in {(s.unit, s.indicator) for s in got.steps}
    assert got.figure_units == ()
    figures = kp.Round(
        rubric="ombudsman-2024",
        entities=round_.entities,
        units=(
            *round_.units,
            kp.ServiceUnit(code="u9", name="Unit", entity=round_.entities[0].code, unit_type="opd"),
        ),
        responses=list(round_.responses),
        dimension_scores=[
            kp.DimensionScore(unit="u9", dimension=d, value=50.0)
            for d in ("input", "proses", "output", "pengaduan")
        ],
    )
    held = plan(figures, target="hijau")
    assert held.figure_units == ("u9",)
    assert "u9" not in {s.unit for s in held.steps}
    assert kp.Plan.model_validate_json(held.model_dump_json()) == held


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_every_generated_request_gives_a_plan_that_reaches_or_says_the_maximum(
    data: st.DataObject,
) -> None:
    rubric, round_ = data.draw(
        rubric_and_round(rubrics(max_depth=2, max_children=3), max_units=2, max_entities=1)
    )
    request = data.draw(plan_requests(rubric, round_))
    got = plan(round_, rubric=rubric, **request)
    scope, code = got.scope, got.code
    if got.reachable:
        edited = what_if(round_, got.changes, rubric=rubric).result
        reached = _published(edited, scope, code)
        assert reached == got.after and reached is not None and reached >= got.threshold
        assert not {s.indicator for s in got.steps} & set(request["fixed"])
    else:
        assert got.maximum is None or got.maximum < got.threshold
    assert Plan.model_validate_json(got.model_dump_json()) == got


def test_a_plan_in_a_larger_round_is_the_plan_of_its_entity_alone() -> None:
    round_ = example_round()
    other = kp.Round(
        rubric=round_.rubric,
        entities=[round_.entities[0].model_copy(update={"code": "16.73"})],
        units=[
            u.model_copy(update={"code": f"x-{u.code}", "entity": "16.73"}) for u in round_.units
        ],
        responses=[r.model_copy(update={"unit": f"x-{r.unit}"}) for r in round_.responses],
    )
    both = kp.concat_rounds([round_, other])
    alone = plan(round_, target="hijau")
    assert plan(both, target="hijau", entity="16.72") == alone
    assert plan(both, target="hijau", unit="dinsos") == plan(round_, target="hijau", unit="dinsos")
    moved = plan(both, target="hijau", entity="16.73")
    assert [s.unit for s in moved.steps] == [f"x-{s.unit}" for s in alone.steps]
