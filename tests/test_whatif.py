"""kp.what_if: the edited round scored exactly as kp.score scores it, deltas, located errors."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

import kepatuhan as kp
from kepatuhan.example import example_round
from kepatuhan.registry import resolve_rubric
from kepatuhan.responses import DimensionScore, Response
from kepatuhan.testing import round_changes, rubric_and_round
from kepatuhan.vocab import ResponseStatus
from kepatuhan.whatif import (
    AnswerCount,
    Change,
    MarkNotApplicable,
    SetAnswer,
    SetDimension,
    SetDistribution,
    WhatIfDeltas,
    apply_changes,
    what_if,
)

CHANGES = TypeAdapter(tuple[Change, ...])


def _reference_edit(round_: kp.Round, rubric: kp.Rubric, changes: tuple[Change, ...]) -> kp.Round:
    """The edited round built from ``Response`` objects, one by one: an independent way."""
    rows = list(round_.responses)
    keep = [True] * len(rows)
    added: list[Response] = []
    roles = {ind.id: ind.role for ind in rubric.indicators()}
    scores = list(round_.dimension_scores)
    for change in changes:
        if isinstance(change, SetDimension):
            figure = DimensionScore(
                unit=change.unit, dimension=change.dimension, value=change.value, form=change.form
            )
            at = [
                k
                for k, ds in enumerate(scores)
                if (ds.unit, ds.dimension) == (change.unit, change.dimension)
            ]
            if at:
                scores[at[0]] = figure
            else:
                scores.append(figure)
            continue
        cell = [
            k
            for k, r in enumerate(rows)
            if keep[k] and (r.unit, r.indicator) == (change.unit, change.indicator)
        ]
        role = roles[change.indicator]
        if isinstance(change, SetAnswer) and cell:
            for k in cell:
                rows[k] = rows[k].model_copy(
                    update={"value": change.value, "status": ResponseStatus.ANSWERED}
                )
            continue
        for k in cell:
            keep[k] = False
        if isinstance(change, SetAnswer):
            values: list[float | None] = [change.value]
        elif isinstance(change, SetDistribution):
            values = [a.value for a in change.answers for _ in range(a.count)]
        else:
            values = [None]
        for v in values:
            status = ResponseStatus.ANSWERED if v is not None else ResponseStatus.NOT_APPLICABLE
            added.append(
                Response(
                    unit=change.unit, indicator=change.indicator, role=role, value=v, status=status
                )
            )
    responses = [r for r, k in zip(rows, keep, strict=True) if k] + added
    data = round_.model_dump()
    data.update(responses=responses, dimension_scores=scores)
    return kp.Round.model_validate(data)


@st.composite
def _round_and_changes(
    draw: st.DrawFn,
) -> tuple[kp.Rubric, kp.Round, tuple[Change, ...]]:
    rubric, round_ = draw(rubric_and_round(max_units=3))
    return rubric, round_, draw(round_changes(rubric, round_))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_round_and_changes())
def test_what_if_equals_scoring_the_edited_round(
    case: tuple[kp.Rubric, kp.Round, tuple[Change, ...]],
) -> None:
    rubric, round_, changes = case
    reference = _reference_edit(round_, rubric, changes)
    try:
        expected = kp.score(reference, rubric).to_json()
    except kp.KepatuhanError as exc:  # e.g. the strict missing-data policy refuses it
        with pytest.raises(type(exc)):
            what_if(round_, changes, rubric=rubric)
        return
    got = what_if(round_, changes, rubric=rubric)
    assert got.result.to_json() == expected
    assert got.round.responses == reference.responses
    assert got.before.to_json() == kp.score(round_, rubric).to_json()
    # The deltas and the changes round-trip through JSON.
    assert WhatIfDeltas.model_validate_json(got.deltas.model_dump_json()) == got.deltas
    assert CHANGES.validate_json(CHANGES.dump_json(changes)) == changes
    # Every unit whose published score moved is listed with its delta.
    moved = {
        u.code
        for u, a in zip(got.before.units, got.result.units, strict=True)
        if u.score != a.score or u.zone != a.zone
    }
    assert moved <= {d.unit for d in got.deltas.units}
    for d in got.deltas.units:
        if d.before is not None and d.after is not None:
            assert d.delta == d.after - d.before


def test_example_raise_one_indicator() -> None:
    round_ = example_round()
    rubric = resolve_rubric(round_.rubric)
    before = kp.score(round_)
    unit = before.units[0]
    worst = next(iter(unit.points_lost))
    best = rubric.node(worst)
    assert isinstance(best, kp.Indicator)
    got = what_if(round_, [SetAnswer(unit=unit.code, indicator=worst, value=best.scale.best)])
    after = got.result.unit(unit.code)
    assert after.score is not None and unit.score is not None
    assert after.score - unit.score == unit.points_lost[worst]  # the points it lost come back
    assert after.points_lost.get(worst, Decimal(0)) == 0
    (delta,) = got.deltas.units
    assert (delta.unit, delta.delta) == (unit.code, unit.points_lost[worst])
    (entity,) = got.deltas.entities
    assert entity.entity == unit.entity and entity.delta is not None and entity.delta > 0


def test_no_changes_no_deltas() -> None:
    got = what_if(example_round(), [])
    assert got.deltas.units == () and got.deltas.entities == ()
    assert got.result.to_json() == got.before.to_json()


def test_not_applicable_renormalises() -> None:
    round_ = example_round()
    code = round_.units[1].code
    before = kp.score(round_).unit(code)
    lost = next(iter(before.points_lost))
    got = what_if(round_, [MarkNotApplicable(unit=code, indicator=lost)])
    after = got.result.unit(code)
    assert after.nodes[lost] is None
    assert after.score is not None and before.score is not None and after.score > before.score
    assert after.completeness.applicable == before.completeness.applicable - 1


def _dimension_round() -> kp.Round:
    round_ = example_round()
    unit = round_.units[0]
    rubric = resolve_rubric(round_.rubric)
    scores = tuple(
        DimensionScore(unit=unit.code, dimension=d.id, value=60.0) for d in rubric.dimensions()
    )
    kept = [r for r in round_.responses if r.unit != unit.code]
    data = round_.model_dump()
    data.update(responses=kept, dimension_scores=scores)
    return kp.Round.model_validate(data)


def test_set_dimension_figure() -> None:
    round_ = _dimension_round()
    rubric = resolve_rubric(round_.rubric)
    unit = round_.units[0].code
    first = rubric.dimensions()[0].id
    change = SetDimension(unit=unit, dimension=first, value=90.0)
    got = what_if(round_, [change])
    expected = kp.score(_reference_edit(round_, rubric, (change,))).to_json()
    assert got.result.to_json() == expected
    (delta,) = got.deltas.units
    assert [d.dimension for d in delta.dimensions] == [first]
    assert delta.dimensions[0].after == Decimal("90.00")


def test_bad_changes_are_located_all_at_once() -> None:
    round_ = _dimension_round()
    given_as_figures = round_.units[0].code
    answered = round_.units[1].code
    with pytest.raises(kp.InvalidRoundError) as info:
        what_if(
            round_,
            [
                SetAnswer(unit="disdukcapi", indicator="pr2", value=1),
                SetAnswer(unit=answered, indicator="pr02", value=99),
                SetAnswer(unit=answered, indicator="pr02", value=1.5),
                SetDimension(unit=answered, dimension="proses", value=50),
                SetAnswer(unit=given_as_figures, indicator="pr02", value=1),
                SetDimension(unit=given_as_figures, dimension="prosess", value=50),
                SetDistribution(
                    unit=answered, indicator="pr01", answers=(AnswerCount(value=-1, count=2),)
                ),
                SetAnswer(unit=answered, indicator="pr01", value=math.inf),
            ],
        )
    found = {(p.location, p.code, p.params.get("suggestion")) for p in info.value.problems}
    assert found == {
        ("changes[0].unit", "unknown_unit", "disdukcapil"),
        ("changes[0].indicator", "unknown_indicator", "pr02"),
        ("changes[1].value", "out_of_scale", None),
        ("changes[2].value", "off_step", None),
        ("changes[2]", "duplicate_code", None),
        ("changes[3].dimension", "mixed_input_levels", None),
        ("changes[4].indicator", "mixed_input_levels", None),
        ("changes[5].dimension", "unknown_node", "proses"),
        ("changes[6].answers[0].value", "out_of_scale", None),
        ("changes[7].value", "not_finite", None),
        ("changes[7]", "duplicate_code", None),
    }
    for problem in info.value.problems:
        assert problem.text("id") and problem.text("en")


def test_dimension_figure_off_range_is_at_its_change() -> None:
    round_ = _dimension_round()
    unit = round_.units[0].code
    with pytest.raises(kp.InvalidRoundError) as info:
        what_if(
            round_,
            [
                SetDimension(unit=unit, dimension="proses", value=80),
                SetDimension(unit=unit, dimension="pengaduan", value=150),
            ],
        )
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("changes[1].value", "dimension_out_of_range")
    ]


def test_apply_changes_leaves_the_round_alone() -> None:
    round_ = example_round()
    before = list(round_.responses)
    edited = apply_changes(round_, [MarkNotApplicable(unit=round_.units[0].code, indicator="pr02")])
    assert list(round_.responses) == before
    assert len(edited.responses) < len(round_.responses) or edited.responses != round_.responses
