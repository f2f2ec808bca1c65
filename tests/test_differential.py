"""The vectorised pipeline against the plain-Python reference scorer.

Raw numbers (every node, the unit total, points lost) agree to 1e-9; published (rounded)
numbers agree exactly, true rounding ties included (86.625 → 86.63): both fix floats to 9
decimals first, which absorbs float noise. Only values within 1e-11 of a half-way point at
the 9th decimal are skipped, where the noise of two computations may fall either side.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp
from builders import answer, group, indicator, round_, rubric
from kepatuhan.testing import rounds, rubric_and_round, rubrics
from reference_scorer import ambiguous, close, half_up, near_tie, published, score_reference

POLICIES: tuple[kp.MissingPolicy, ...] = ("exclude", "zero")


def _raw(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def assert_matches_reference(
    rubric_: kp.Rubric, round__: kp.Round, policy: kp.MissingPolicy
) -> None:
    """Every number of ``kp.score`` equals the reference's (see the module docstring)."""
    res = kp.score(round__, rubric_, missing=policy)
    ref = score_reference(rubric_, round__, policy)
    c = res.columns
    p = rubric_.precision
    indicator_nodes = {int(n) for n in c.indicator_node}
    tied_units: set[str] = set()
    for i, unit in enumerate(round__.units):
        expected = ref.units[unit.code]
        where = f"unit {unit.code}"
        assert set(c.node_ids) == set(expected.nodes)
        for k, nid in enumerate(c.node_ids):
            got = _raw(c.node_score[i, k])
            assert close(got, expected.nodes[nid]), (where, nid, got, expected.nodes[nid])
        total = _raw(c.unit_raw[i])
        assert close(total, expected.total), (where, total, expected.total)

        span = float(rubric_.zoning.maximum - rubric_.zoning.minimum) / 100.0
        lost = {
            c.node_ids[k]: float(c.node_share[i, k] * span * (100.0 - c.node_score[i, k]))
            for k in sorted(indicator_nodes)
            if not math.isnan(c.node_score[i, k])
        }
        assert lost.keys() == expected.points_lost.keys(), where
        for nid, points in lost.items():
            assert close(points, expected.points_lost[nid]), (where, nid)

        view = res.units[i]
        assert set(view.completeness.not_applicable) == expected.not_applicable, where
        assert set(view.completeness.missing) == expected.missing, where
        assert view.points_lost.keys() == expected.points_lost.keys(), where
        for nid, points in expected.points_lost.items():
            if not ambiguous(points):
                assert view.points_lost[nid] == published(points, p), (where, nid)
        for node in rubric_.nodes:
            dim = expected.nodes[node.id]
            if dim is None:
                assert view.dimensions[node.id] is None
            elif not ambiguous(dim):
                assert view.dimensions[node.id] == published(dim, p), (where, node.id)
        if expected.total is None:
            assert view.score is None and view.zone is None, where
        elif ambiguous(expected.total):
            tied_units.add(unit.code)
        else:
            assert view.score == published(expected.total, p), where
            assert view.zone == rubric_.classify(published(expected.total, p)).zone

    for j, entity in enumerate(round__.entities):
        members = {u.code for u in round__.units if u.entity == entity.code}
        if members & tied_units:
            continue
        assert res.entities[j].score == ref.entities[entity.code], entity.code


@pytest.mark.parametrize("policy", POLICIES)
@given(data=rubric_and_round())
def test_pipeline_matches_reference(
    policy: kp.MissingPolicy, data: tuple[kp.Rubric, kp.Round]
) -> None:
    """Generated rubrics and rounds, both missing-data policies."""
    assert_matches_reference(*data, policy)


@pytest.mark.parametrize("policy", POLICIES)
@given(
    data=rubric_and_round(
        rubrics(max_depth=4, max_children=3, max_indicators=16, precision=None),
        max_units=6,
        max_respondents=5,
        na_probability=0.2,
        not_assessed_probability=0.2,
        missing_probability=0.2,
        anonymous_probability=0.1,
        mixed_unanswered=True,
    )
)
def test_pipeline_matches_reference_sparse(
    policy: kp.MissingPolicy, data: tuple[kp.Rubric, kp.Round]
) -> None:
    """Deeper trees, other precisions, more missing and not-applicable data, mixed cells."""
    assert_matches_reference(*data, policy)


@pytest.mark.parametrize("policy", POLICIES)
@given(data=rubric_and_round(rubrics(precision=None, reporting_scales=True), max_units=5))
def test_pipeline_matches_reference_on_other_reporting_scales(
    policy: kp.MissingPolicy, data: tuple[kp.Rubric, kp.Round]
) -> None:
    """Totals reported on 25–100, 0–5, 1–4, 0–1000 as well as 0–100 (SKM, IPP…)."""
    assert_matches_reference(*data, policy)


@given(data=st.data())
def test_pipeline_matches_reference_on_the_official_rubric(data: st.DataObject) -> None:
    """The bundled ombudsman-2023 rubric with generated answers."""
    official = kp.get_rubric("ombudsman-2023")
    round__ = data.draw(rounds(official, max_units=2, max_respondents=3, extras=False))
    for policy in POLICIES:
        assert_matches_reference(official, round__, policy)


def test_reference_on_a_hand_computed_example() -> None:
    """Both scorers give the numbers worked out by hand (guards the reference itself)."""
    rub = rubric(
        [
            group("d1", [indicator("a", 1.0), indicator("b", 3.0)], weight=2.0),
            indicator("c", 1.0, scale={"kind": "likert", "minimum": 1, "maximum": 4, "step": 1}),
            indicator("x", 1.0, applies_to=["rsud"]),
        ],
        respondent_reduction="median",
    )
    rnd = round_(
        [
            answer("u1", "a", 3, respondent="p1"),
            answer("u1", "a", 0, respondent="p2"),
            answer("u1", "a", 2, respondent="p3"),
            answer("u1", "b", 1, respondent="p1"),
            answer("u1", "c", None, respondent="p1", status="belum_dinilai"),
            answer("u2", "a", None, respondent="p1", status="tidak_berlaku"),
            answer("u2", "b", 3, respondent="p1"),
            answer("u2", "c", 4, respondent="p1"),
        ],
        units=[("u1", "opd"), ("u2", "opd")],
    )
    # u1: a = median(1, 0, 2/3) = 2/3, b = 1/3 → d1 = (1·200/3 + 3·100/3) / 4 = 125/3;
    #     c not assessed, x not applicable → total = d1; a loses 1/4 · (100 − 200/3) = 25/3.
    # u2: a not applicable → d1 = b = 100, c = 100 → total 100; entity = (41.67 + 100) / 2.
    ref = score_reference(rub, rnd)
    assert ref.units["u1"].total == pytest.approx(125 / 3)
    assert ref.units["u1"].points_lost["a"] == pytest.approx(25 / 3)
    assert ref.units["u1"].missing == {"c"}
    assert ref.units["u1"].not_applicable == {"x"}
    assert ref.units["u2"].total == pytest.approx(100.0)
    assert ref.units["u2"].not_applicable == {"a", "x"}
    assert ref.entities["e1"] == Decimal("70.84")
    zero = score_reference(rub, rnd, "zero")
    # zero: c counts 0 → total = (2·125/3 + 1·0) / 3 = 250/9 = 27.78
    assert zero.units["u1"].total == pytest.approx(250 / 9)
    for policy in POLICIES:
        assert_matches_reference(rub, rnd, policy)
    res = kp.score(rnd, rub)
    assert res.unit("u1").score == Decimal("41.67")
    assert res.entities[0].score == Decimal("70.84")


@given(
    answers=st.lists(
        st.lists(st.integers(0, 100_000), min_size=1, max_size=3), min_size=1, max_size=3
    )
)
def test_rounding_ties_go_up_for_units_and_entities(answers: list[list[int]]) -> None:
    """Answers k/1000 on a 0–100 scale put units on ties (x.xx5), and entities often too."""
    rub = rubric([indicator("p", scale={"kind": "percentage", "minimum": 0, "maximum": 100})])
    units = [(f"u{j}.{i}", f"e{j}", k) for j, ks in enumerate(answers) for i, k in enumerate(ks)]
    rnd = kp.Round(
        rubric="uji",
        entities=[
            kp.Entity(code=f"e{j}", name=f"Instansi {j}", kind=kp.EntityKind.PEMKAB)
            for j in range(len(answers))
        ],
        units=[
            kp.ServiceUnit(code=u, name=u, entity=e, unit_type=kp.UnitType.OPD) for u, e, _ in units
        ],
        responses=[kp.Response(unit=u, indicator="p", value=k / 1000) for u, _, k in units],
    )
    res = kp.score(rnd, rub)
    cent = Decimal("0.01")
    for u, _, k in units:
        assert res.unit(u).score == (Decimal(k) / 1000).quantize(cent, ROUND_HALF_UP)
    for j, ks in enumerate(answers):
        published_ = [(Decimal(k) / 1000).quantize(cent, ROUND_HALF_UP) for k in ks]
        mean = (sum(published_, Decimal(0)) / len(published_)).quantize(cent, ROUND_HALF_UP)
        assert res.entity(f"e{j}").score == mean
    assert_matches_reference(rub, rnd, "exclude")


def test_reference_rounding_helpers() -> None:
    """``half_up`` rounds ties up, ``published`` after the 9-decimal guard; tie detection."""
    assert half_up(86.625, 2) == Decimal("86.63")
    assert half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert half_up(2.5, 0) == Decimal(3)
    assert published(86.62499999999999, 2) == Decimal("86.63")
    assert published(0.0049999999996, 2) == Decimal("0.01")  # the guard, as documented
    assert near_tie(86.625, 2) and near_tie(86.62499999999999, 2)
    assert not near_tie(86.62, 2) and not near_tie(86.6251, 2)
    assert ambiguous(0.0000000015) and not ambiguous(86.625)


def test_mixed_not_applicable_and_not_assessed_cell_is_missing() -> None:
    """One respondent says not applicable, another was not assessed, nobody answered.

    Not applicable needs *only* tidak_berlaku responses (docs/scoring.md); regression for
    the library treating this cell as not applicable (fixed in 5c6035b).
    """
    rub = rubric([indicator("a"), indicator("b")])
    rnd = round_(
        [
            answer("u1", "a", 3, respondent="p1"),
            answer("u1", "b", None, respondent="p1", status="tidak_berlaku"),
            answer("u1", "b", None, respondent="p2", status="belum_dinilai"),
        ]
    )
    unit = kp.score(rnd, rub, missing="zero").units[0]
    assert unit.completeness.missing == ("b",)
    assert unit.score == Decimal("50.00")
