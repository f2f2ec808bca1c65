"""Reconciliation of a self-assessment with the official round (kp.reconciliation)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.errors import InvalidRoundError
from kepatuhan.reconciliation import DisagreementKind, Reconciliation, reconcile
from kepatuhan.responses import Response, ResponseTable
from kepatuhan.testing import rubric_and_round
from kepatuhan.vocab import ResponseStatus

OFFICIAL = kp.example_round()
ROWS = list(OFFICIAL.responses)
ANSWERED_ROWS = [i for i, r in enumerate(ROWS) if r.status == ResponseStatus.ANSWERED]
VALUES: dict[str, list[float]] = {}
for _r in ROWS:
    if _r.value is not None:
        VALUES.setdefault(_r.indicator, [])
        if _r.value not in VALUES[_r.indicator]:
            VALUES[_r.indicator].append(_r.value)


def with_rows(rows: list[Response]) -> kp.Round:
    return OFFICIAL.model_copy(update={"responses": ResponseTable.from_responses(rows)})


def edited(changes: dict[int, Response]) -> kp.Round:
    return with_rows([changes.get(i, r) for i, r in enumerate(ROWS)])


def cell_na(rows: list[Response], unit: str, indicator: str) -> list[Response]:
    """Rows with every answer of (unit, indicator) marked tidak_berlaku."""
    out = []
    for r in rows:
        if r.unit == unit and r.indicator == indicator:
            r = r.model_copy(update={"value": None, "status": ResponseStatus.NOT_APPLICABLE})
        out.append(r)
    return out


@st.composite
def self_assessments(draw: st.DrawFn) -> kp.Round:
    """The official example with a few answers changed, evidence dropped, cells made N/A."""
    picks = draw(st.lists(st.sampled_from(ANSWERED_ROWS), min_size=1, max_size=4, unique=True))
    rows = list(ROWS)
    for i in picks:
        r = rows[i]
        value = draw(st.sampled_from(VALUES[r.indicator]))
        evidence = draw(st.sampled_from((None, "https://bukti.example/1")))
        rows[i] = r.model_copy(update={"value": value, "evidence": evidence})
    if draw(st.booleans()):
        r = ROWS[draw(st.sampled_from(ANSWERED_ROWS))]
        rows = cell_na(rows, r.unit, r.indicator)
    return with_rows(rows)


FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(rubric_and_round(max_units=3))
def test_a_round_reconciled_with_itself_disagrees_nowhere(pair: tuple[kp.Rubric, kp.Round]) -> None:
    rubric, round_ = pair
    rec = reconcile(round_, round_, rubric=rubric)
    assert rec.worklist == ()
    assert rec.only_self == rec.only_official == ()
    assert [u.unit for u in rec.units] == [u.code for u in round_.units]


@FAST
@given(self_assessments())
def test_swapping_sides_swaps_over_and_under_claimed(mine: kp.Round) -> None:
    forward, backward = reconcile(mine, OFFICIAL), reconcile(OFFICIAL, mine)
    there = {(d.unit, d.indicator): d.kind for d in forward.worklist}
    back = {(d.unit, d.indicator): d.kind for d in backward.worklist}
    assert there.keys() == back.keys()
    for cell, kind in there.items():
        if kind in (DisagreementKind.OVER_CLAIMED, DisagreementKind.MISSING_EVIDENCE):
            assert back[cell] == DisagreementKind.UNDER_CLAIMED
        elif kind == DisagreementKind.UNDER_CLAIMED:
            assert back[cell] in (DisagreementKind.OVER_CLAIMED, DisagreementKind.MISSING_EVIDENCE)
        else:
            assert back[cell] == kind
        assert back[cell] == forward.swapped_kind(kind) or kind == DisagreementKind.UNDER_CLAIMED


@FAST
@given(self_assessments())
def test_points_at_stake_are_the_change_of_rescoring_the_official_round(mine: kp.Round) -> None:
    rec = reconcile(mine, OFFICIAL)
    base = kp.score(OFFICIAL)
    unit_at = {u.code: i for i, u in enumerate(OFFICIAL.units)}
    mine_rows = list(mine.responses)
    for d in rec.worklist:
        rows = [r for r in ROWS if (r.unit, r.indicator) != (d.unit, d.indicator)]
        rows += [r for r in mine_rows if (r.unit, r.indicator) == (d.unit, d.indicator)]
        after = kp.score(with_rows(rows))
        u = unit_at[d.unit]
        assert d.unit_points == pytest.approx(
            float(after.columns.unit_raw[u] - base.columns.unit_raw[u]), abs=1e-9
        )
        assert d.unit_change == after.units[u].score - base.units[u].score  # type: ignore[operator]
        entity = base.entity(d.entity)
        assert d.entity_change == after.entity(d.entity).score - entity.score  # type: ignore[operator]
    at_stake = [abs(d.unit_points) for d in rec.worklist if d.unit_points is not None]
    assert at_stake == sorted(at_stake, reverse=True)


def test_claim_without_evidence_is_missing_evidence_and_with_evidence_over_claimed() -> None:
    i = next(i for i in ANSWERED_ROWS if (ROWS[i].value or 0.0) < max(VALUES[ROWS[i].indicator]))
    r = ROWS[i]
    top = max(VALUES[r.indicator])
    bare = reconcile(edited({i: r.model_copy(update={"value": top, "evidence": None})}), OFFICIAL)
    linked = reconcile(
        edited({i: r.model_copy(update={"value": top, "evidence": "https://bukti.example/x"})}),
        OFFICIAL,
    )
    assert [(d.unit, d.indicator, d.kind) for d in bare.worklist] == [
        (r.unit, r.indicator, DisagreementKind.MISSING_EVIDENCE)
    ]
    assert [d.kind for d in linked.worklist] == [DisagreementKind.OVER_CLAIMED]
    d = linked.worklist[0]
    assert d.self_evidence and d.unit_points is not None and d.unit_points > 0
    assert d.self_score is not None and d.official_score is not None
    assert d.self_score > d.official_score
    assert linked.units[[u.unit for u in linked.units].index(r.unit)].points_over == d.unit_points


def test_tidak_berlaku_on_one_side_is_an_na_disagreement() -> None:
    r = ROWS[ANSWERED_ROWS[0]]
    rec = reconcile(with_rows(cell_na(ROWS, r.unit, r.indicator)), OFFICIAL)
    assert [(d.unit, d.indicator, d.kind) for d in rec.worklist] == [
        (r.unit, r.indicator, DisagreementKind.NA_DISAGREEMENT)
    ]
    assert rec.worklist[0].self_state == "tidak_berlaku"
    assert rec.worklist[0].self_score is None


def test_units_on_one_side_only_are_listed() -> None:
    dropped = OFFICIAL.units[-1].code
    mine = OFFICIAL.model_copy(
        update={
            "units": OFFICIAL.units[:-1],
            "responses": ResponseTable.from_responses([r for r in ROWS if r.unit != dropped]),
        }
    )
    rec = reconcile(mine, OFFICIAL)
    assert rec.only_official == (dropped,) and rec.only_self == ()
    assert reconcile(OFFICIAL, mine).only_self == (dropped,)
    assert dropped not in [u.unit for u in rec.units]


def test_different_rubrics_and_entities_are_located_errors() -> None:
    unit = OFFICIAL.units[0]
    other = kp.Entity(code="99.99", name="Lain", kind=OFFICIAL.entities[0].kind)
    mine = OFFICIAL.model_copy(
        update={
            "rubric": "ombudsman-2023",
            "entities": (*OFFICIAL.entities, other),
            "units": (unit.model_copy(update={"entity": "99.99"}), *OFFICIAL.units[1:]),
        }
    )
    with pytest.raises(InvalidRoundError) as caught:
        reconcile(mine, OFFICIAL)
    found = {(p.location, p.code) for p in caught.value.problems}
    assert found == {
        ("self_assessment.rubric", "reconcile_rubric_mismatch"),
        ("self_assessment.units[0].entity", "reconcile_entity_mismatch"),
    }
    text = caught.value.problems[0].text("id")
    assert "ombudsman-2023" in text


def test_result_round_trips_through_json_and_is_deterministic() -> None:
    i = ANSWERED_ROWS[3]
    mine = edited({i: ROWS[i].model_copy(update={"value": min(VALUES[ROWS[i].indicator])})})
    rec = reconcile(mine, OFFICIAL)
    assert rec.worklist
    text = rec.to_json()
    assert Reconciliation.from_json(text) == rec
    assert reconcile(mine, OFFICIAL).to_json() == text
    totals = rec.entities[0]
    assert totals.disagreements == sum(u.disagreements for u in rec.units)
    assert isinstance(rec.units[0].official_score, Decimal)


@st.composite
def generated_pairs(draw: st.DrawFn) -> tuple[kp.Rubric, kp.Round, kp.Round]:
    """A generated rubric and round (official), and a self-assessment: a few answers changed
    to other values seen for their indicator, and maybe one cell made tidak_berlaku."""
    rubric, official = draw(rubric_and_round(max_units=3))
    rows = list(official.responses)
    answered = [i for i, r in enumerate(rows) if r.status == ResponseStatus.ANSWERED]
    seen: dict[str, list[float]] = {}
    for r in rows:
        if r.value is not None and r.value not in seen.setdefault(r.indicator, []):
            seen[r.indicator].append(r.value)
    if answered:
        for i in draw(st.lists(st.sampled_from(answered), max_size=3, unique=True)):
            value = draw(st.sampled_from(seen[rows[i].indicator]))
            rows[i] = rows[i].model_copy(update={"value": value})
        if draw(st.booleans()):
            r = rows[draw(st.sampled_from(answered))]
            rows = cell_na(rows, r.unit, r.indicator)
    mine = official.model_copy(update={"responses": ResponseTable.from_responses(rows)})
    return rubric, mine, official


@FAST
@given(generated_pairs())
def test_on_generated_rubrics_points_are_rescoring_and_sides_swap(
    triple: tuple[kp.Rubric, kp.Round, kp.Round],
) -> None:
    rubric, mine, official = triple
    rec = reconcile(mine, official, rubric=rubric)
    back = {
        (d.unit, d.indicator): d.kind for d in reconcile(official, mine, rubric=rubric).worklist
    }
    assert back.keys() == {(d.unit, d.indicator) for d in rec.worklist}
    base = kp.score(official, rubric)
    unit_at = {u.code: i for i, u in enumerate(official.units)}
    for d in rec.worklist:
        assert back[(d.unit, d.indicator)] == rec.swapped_kind(d.kind) or (
            d.kind == DisagreementKind.UNDER_CLAIMED
            and back[(d.unit, d.indicator)]
            in (DisagreementKind.OVER_CLAIMED, DisagreementKind.MISSING_EVIDENCE)
        )
        rows = [r for r in official.responses if (r.unit, r.indicator) != (d.unit, d.indicator)]
        rows += [r for r in mine.responses if (r.unit, r.indicator) == (d.unit, d.indicator)]
        edited_round = official.model_copy(update={"responses": ResponseTable.from_responses(rows)})
        after = kp.score(edited_round, rubric)
        u = unit_at[d.unit]
        if d.unit_points is None:
            assert not (after.columns.unit_has[u] and base.columns.unit_has[u])
            continue
        assert d.unit_points == pytest.approx(
            float(after.columns.unit_raw[u] - base.columns.unit_raw[u]), abs=1e-9
        )
        assert d.unit_change == after.units[u].score - base.units[u].score  # type: ignore[operator]
        if d.entity_change is not None:
            assert d.entity_change == (
                after.entity(d.entity).score - base.entity(d.entity).score  # type: ignore[operator]
            )


def test_a_cell_left_unanswered_on_one_side_is_listed() -> None:
    r = ROWS[ANSWERED_ROWS[0]]
    mine = with_rows([x for x in ROWS if (x.unit, x.indicator) != (r.unit, r.indicator)])
    rec = reconcile(mine, OFFICIAL)
    assert [(d.unit, d.indicator, d.kind) for d in rec.worklist] == [
        (r.unit, r.indicator, DisagreementKind.UNANSWERED)
    ]
    assert rec.worklist[0].self_state == "missing"


def test_problems_of_either_round_say_which_round() -> None:
    bad = Response(unit=OFFICIAL.units[0].code, indicator="zz99", value=1.0)
    mine = with_rows([*ROWS, bad])
    with pytest.raises(InvalidRoundError) as caught:
        reconcile(mine, OFFICIAL)
    assert caught.value.problems
    assert all(p.location.startswith("self_assessment.") for p in caught.value.problems)
    with pytest.raises(InvalidRoundError) as swapped:
        reconcile(OFFICIAL, mine)
    assert all(p.location.startswith("official.") for p in swapped.value.problems)


@FAST
@given(self_assessments())
def test_the_frame_holds_the_worklist_row_for_row(mine: kp.Round) -> None:
    rec = reconcile(mine, OFFICIAL)
    table = rec.to_frame("numpy", scores="decimal")
    for name in ("unit", "indicator", "kind", "self_evidence", "unit_change", "entity_change"):
        got = [v.item() if hasattr(v, "item") else v for v in table[name].tolist()]
        assert got == [getattr(d, name) for d in rec.worklist], name
    points = table["unit_points"].tolist()
    assert [None if p != p else p for p in points] == [d.unit_points for d in rec.worklist]
