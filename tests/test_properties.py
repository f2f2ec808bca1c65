"""Properties of scoring over generated rubrics and rounds (see kepatuhan.testing).

Raw scores are compared with a 1e-9 tolerance (weighted means carry float noise: a group
whose children all score 100 may come out 100.00000000000001); published scores exactly,
except where noise may fall either side of the 9-decimal guard (reference_scorer.ambiguous).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from builders import answer, indicator, round_, rubric
from kepatuhan.testing import (
    best_value,
    rubric_and_round,
    rubrics,
    scale_steps,
    worst_value,
    zoning_rules,
)
from reference_scorer import ambiguous, close

TOL = 1e-9
POLICIES: tuple[kp.MissingPolicy, ...] = ("exclude", "zero")
policies = st.sampled_from(POLICIES)
ANSWERED = kp.ResponseStatus.ANSWERED
NA = kp.ResponseStatus.NOT_APPLICABLE
HUNDRED = Decimal("100.00")
ZERO = Decimal("0.00")


# Helpers ------------------------------------------------------------------------------------


def rebuilt(
    r: kp.Round,
    responses: Iterable[kp.Response],
    *,
    units: Sequence[kp.ServiceUnit] | None = None,
    entities: Sequence[kp.Entity] | None = None,
) -> kp.Round:
    """``r`` with other responses (and optionally units and entities), validated again."""
    return kp.Round(
        rubric=r.rubric,
        title=r.title,
        synthetic=r.synthetic,
        note=r.note,
        entities=tuple(r.entities if entities is None else entities),
        units=tuple(r.units if units is None else units),
        responses=list(responses),
    )


def answered_with(r: kp.Response, value: float) -> kp.Response:
    """``r`` answered with ``value``."""
    return kp.Response(**{**r.model_dump(), "value": value, "status": ANSWERED})


def everything_answered(rub: kp.Rubric, r: kp.Round, pick: Callable[[kp.Scale], float]) -> kp.Round:
    """Every response that is not ``NOT_APPLICABLE`` answered with ``pick(scale)``."""
    scales = {i.id: i.scale for i in rub.indicators()}
    return rebuilt(
        r,
        (x if x.status is NA else answered_with(x, pick(scales[x.indicator])) for x in r.responses),
    )


def better(scale: kp.Scale, value: float) -> st.SearchStrategy[float]:
    """Answers strictly better than ``value`` (nothing if it is already the best)."""
    up = scale.higher_is_better
    steps = scale_steps(scale)
    if steps is not None:
        options = [v for v in steps if (v > value if up else v < value)]
        return st.sampled_from(options) if options else st.nothing()
    if value == best_value(scale):
        return st.nothing()
    if up:
        return st.floats(value, scale.maximum, exclude_min=True)
    return st.floats(scale.minimum, value, exclude_max=True)


def assert_same_unit(a: kp.UnitResult, b: kp.UnitResult) -> None:
    """Equal published fields; raw node scores within TOL."""
    assert a.model_dump(exclude={"nodes"}) == b.model_dump(exclude={"nodes"})
    assert a.nodes.keys() == b.nodes.keys()
    for nid, value in a.nodes.items():
        assert close(value, b.nodes[nid]), nid


def without_indicator(rub: kp.Rubric, ident: str) -> kp.Rubric:
    """``rub`` without indicator ``ident``; groups left empty by the removal go too."""

    def prune(nodes: Sequence[kp.Group | kp.Indicator]) -> list[kp.Group | kp.Indicator]:
        kept: list[kp.Group | kp.Indicator] = []
        for node in nodes:
            if isinstance(node, kp.Indicator):
                if node.id != ident:
                    kept.append(node)
            else:
                children = prune(node.children)
                if children:
                    kept.append(node.model_copy(update={"children": tuple(children)}))
        return kept

    nodes = prune(rub.nodes)
    # Validated again from plain data: model_copy alone would skip the rubric's checks.
    return kp.Rubric.model_validate({**rub.model_dump(), "nodes": [n.model_dump() for n in nodes]})


def _raw(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def raw_points_lost(res: kp.RoundResult, i: int) -> dict[str, float]:
    """Unrounded points lost per scored indicator of unit row ``i``."""
    c = res.columns
    return {
        c.node_ids[n]: float(c.node_share[i, n] * (100.0 - c.node_score[i, n]))
        for n in c.indicator_node
        if not math.isnan(c.node_score[i, n])
    }


def published_equal(a: Decimal | None, b: Decimal | None, raw: float | None) -> bool:
    """Equal published values, unless float noise may round the raw value either way."""
    if raw is not None and ambiguous(raw):
        return True
    return a == b


# Ranges and extremes --------------------------------------------------------------------------


def _in_range(value: Decimal | None) -> bool:
    return value is None or ZERO <= value <= HUNDRED


@given(data=rubric_and_round(), policy=policies)
def test_every_score_is_between_0_and_100(
    data: tuple[kp.Rubric, kp.Round], policy: kp.MissingPolicy
) -> None:
    """Raw node scores and totals (within TOL), and every published number."""
    rub, rnd = data
    res = kp.score(rnd, rub, missing=policy)
    c = res.columns
    for raw in (c.node_score, c.unit_raw):
        values = raw[~np.isnan(raw)]
        assert ((values >= -TOL) & (values <= 100 + TOL)).all()
    for unit in res.units:
        assert _in_range(unit.score)
        assert all(_in_range(v) for v in unit.dimensions.values())
        assert all(_in_range(v) for v in unit.contributions.values())
        assert all(_in_range(v) for v in unit.points_lost.values())
        assert all(v is None or -TOL <= v <= 100 + TOL for v in unit.nodes.values())
    for entity in res.entities:
        assert _in_range(entity.score)
        assert (entity.score is None) == (entity.zone is None)


@given(data=rubric_and_round(), policy=policies)
def test_all_best_answers_give_100(
    data: tuple[kp.Rubric, kp.Round], policy: kp.MissingPolicy
) -> None:
    """Every assessed unit (every complete one under ``zero``) and its entity score 100.00."""
    rub, rnd = data
    best = everything_answered(rub, rnd, best_value)
    res = kp.score(best, rub, missing=policy)
    full: dict[str, bool] = {e.code: True for e in rnd.entities}
    for unit in res.units:
        if policy == "zero" and not unit.completeness.complete:
            full[unit.entity] = False
            continue
        if unit.score is not None:
            assert str(unit.score) == "100.00"
            assert all(v == HUNDRED for v in unit.dimensions.values() if v is not None)
            assert all(v == ZERO for v in unit.points_lost.values())
    for entity in res.entities:
        if entity.score is not None and full[entity.code]:
            assert str(entity.score) == "100.00"


@given(data=rubric_and_round(), policy=policies)
def test_all_worst_answers_give_0(
    data: tuple[kp.Rubric, kp.Round], policy: kp.MissingPolicy
) -> None:
    """Every unit and entity with a score scores 0.00."""
    rub, rnd = data
    res = kp.score(everything_answered(rub, rnd, worst_value), rub, missing=policy)
    scored = [u for u in res.units if u.score is not None]
    assert all(str(u.score) == "0.00" for u in scored)
    assert all(str(e.score) == "0.00" for e in res.entities if e.score is not None)
    if policy == "zero":  # nothing is left out, so every unit with an applicable indicator
        assert len(scored) == sum(u.completeness.applicable > 0 for u in res.units)


# Monotonicity and invariance ------------------------------------------------------------------


@given(data=st.data(), policy=policies)
def test_improving_one_answer_never_lowers_a_score(
    data: st.DataObject, policy: kp.MissingPolicy
) -> None:
    """A better answer (higher, or lower on a lower-is-better scale) lowers nothing."""
    rub, rnd = data.draw(rubric_and_round(extras=False))
    scales = {i.id: i.scale for i in rub.indicators()}
    responses = list(rnd.responses)
    candidates = [
        k
        for k, r in enumerate(responses)
        if r.status is ANSWERED
        and r.value is not None
        and r.value != best_value(scales[r.indicator])
    ]
    assume(candidates)
    k = data.draw(st.sampled_from(candidates), label="response")
    old = responses[k]
    assert old.value is not None
    responses[k] = answered_with(old, data.draw(better(scales[old.indicator], old.value)))
    before = kp.score(rnd, rub, missing=policy).columns
    after = kp.score(rebuilt(rnd, responses), rub, missing=policy).columns

    assert np.array_equal(np.isnan(before.node_score), np.isnan(after.node_score))
    both = ~np.isnan(before.node_score)
    assert (after.node_score[both] >= before.node_score[both] - TOL).all()
    assert np.array_equal(before.unit_has, after.unit_has)
    has = before.unit_has
    assert (after.unit_raw[has] >= before.unit_raw[has] - TOL).all()
    assert (after.unit_scaled[has] >= before.unit_scaled[has]).all()
    assert np.array_equal(before.entity_has, after.entity_has)
    ent = before.entity_has
    assert (after.entity_scaled[ent] >= before.entity_scaled[ent]).all()


@given(data=st.data())
def test_permuting_responses_units_and_entities_changes_nothing(data: st.DataObject) -> None:
    """Every unit and entity, looked up by code, has the same result in any input order."""
    rub, rnd = data.draw(rubric_and_round())
    shuffled = rebuilt(
        rnd,
        data.draw(st.permutations(list(rnd.responses)), label="responses"),
        units=data.draw(st.permutations(rnd.units), label="units"),
        entities=data.draw(st.permutations(rnd.entities), label="entities"),
    )
    for policy in POLICIES:
        a = kp.score(rnd, rub, missing=policy)
        b = kp.score(shuffled, rub, missing=policy)
        for unit in rnd.units:
            assert_same_unit(a.unit(unit.code), b.unit(unit.code))
        for entity in rnd.entities:
            x, y = a.entity(entity.code), b.entity(entity.code)
            # ``units`` lists the entity's units in input order: compare them as a set.
            assert x.model_dump(exclude={"units"}) == y.model_dump(exclude={"units"})
            assert set(x.units) == set(y.units)


@given(data=st.data(), policy=policies)
def test_not_applicable_equals_removing_the_indicator(
    data: st.DataObject, policy: kp.MissingPolicy
) -> None:
    """Marking an indicator tidak_berlaku at some units scores them as if it were not there."""
    rub, rnd = data.draw(rubric_and_round(rubrics(min_indicators=2), extras=False))
    target = data.draw(st.sampled_from(rub.indicators()), label="indicator").id
    codes = [u.code for u in rnd.units]
    marked = data.draw(st.sets(st.sampled_from(codes), min_size=1), label="units")

    na: list[kp.Response] = []
    for r in rnd.responses:
        if r.indicator == target and r.unit in marked:
            r = kp.Response(**{**r.model_dump(), "value": None, "status": NA})
        na.append(r)
    has_row = {r.unit for r in rnd.responses if r.indicator == target}
    na += [kp.Response(unit=u, indicator=target, status=NA) for u in sorted(marked - has_row)]
    removed = [r for r in rnd.responses if r.indicator != target]

    smaller = without_indicator(rub, target)
    a = kp.score(rebuilt(rnd, na), rub, missing=policy)
    b = kp.score(rebuilt(rnd, removed), smaller, missing=policy)
    gone = set(rub.compiled.node_ids) - set(smaller.compiled.node_ids)
    assert target in gone
    for code in marked:
        i = codes.index(code)
        x, y = a.units[i], b.units[i]
        assert {nid for nid in gone if x.nodes[nid] is not None} == set()
        for nid, value in y.nodes.items():
            assert close(x.nodes[nid], value), nid
        total = _raw(b.columns.unit_raw[i])
        assert close(_raw(a.columns.unit_raw[i]), total)
        assert published_equal(x.score, y.score, total)
        lost_x, lost_y = raw_points_lost(a, i), raw_points_lost(b, i)
        assert lost_x.keys() == lost_y.keys() == y.points_lost.keys() == x.points_lost.keys()
        for nid, points in lost_y.items():
            assert close(lost_x[nid], points), nid
            assert published_equal(x.points_lost[nid], y.points_lost[nid], points)
        for nid, dim in y.dimensions.items():
            assert published_equal(x.dimensions[nid], dim, y.nodes[nid]), nid
        assert x.completeness.applicable == y.completeness.applicable
        assert x.completeness.missing == y.completeness.missing
        assert set(x.completeness.not_applicable) == {*y.completeness.not_applicable, target}
    if marked == set(codes):
        ties = any(ambiguous(v) for v in map(_raw, b.columns.unit_raw) if v is not None)
        if not ties:
            assert [e.score for e in a.entities] == [e.score for e in b.entities]


# Zoning ---------------------------------------------------------------------------------------


def _bands_containing(rule: kp.ZoningRule, score: Decimal) -> list[kp.Band]:
    return [b for b in rule.bands if b.lower <= score <= b.upper]


@settings(max_examples=max(4, settings().max_examples // 10))
@given(rule=zoning_rules(precision=2))
def test_every_two_decimal_score_is_in_exactly_one_band(rule: kp.ZoningRule) -> None:
    """``classify`` of every 0.01 step from 0 to 100: one band holds it, and it is that band."""
    for step in range(10_001):
        exact = Decimal(step).scaleb(-2)
        (band,) = _bands_containing(rule, exact)
        got = rule.classify(step / 100)
        assert got.score == exact
        assert (got.zone, got.grade, got.label) == (band.zone, band.grade, band.label)


@given(rule=zoning_rules(precision=2) | st.integers(0, 3).flatmap(zoning_rules))
def test_band_lookup_at_every_step_and_edge(rule: kp.ZoningRule) -> None:
    """Vectorised lookup of every step, and ``classify`` around each band edge."""
    p = rule.precision
    steps = np.arange(100 * 10**p + 1, dtype=np.int64)
    lower = np.array([int(b.lower.scaleb(p)) for b in rule.bands])
    upper = np.array([int(b.upper.scaleb(p)) for b in rule.bands])
    inside = (steps[:, None] >= lower) & (steps[:, None] <= upper)
    assert (inside.sum(axis=1) == 1).all()
    assert np.array_equal(rule.classify_array(steps / 10**p), inside.argmax(axis=1))
    half = Decimal(5).scaleb(-p - 1)
    for band in rule.bands:
        assert rule.classify(band.lower).label == band.label
        assert rule.classify(band.upper).label == band.label
        if band.upper < 100:  # half an ulp above the upper bound rounds into the next band
            assert rule.classify(band.upper + half).label != band.label
            assert rule.classify(str(band.upper + half - Decimal("1e-9"))).label == band.label


# Serialisation and determinism ----------------------------------------------------------------


@given(data=rubric_and_round(anonymous_probability=0.1))
def test_round_json_round_trip(data: tuple[kp.Rubric, kp.Round]) -> None:
    """A round read back from its JSON equals it, and so does its rubric."""
    rub, rnd = data
    assert kp.Round.model_validate_json(rnd.model_dump_json()) == rnd
    assert kp.Rubric.model_validate_json(rub.model_dump_json()) == rub


@given(data=rubric_and_round(), policy=policies)
def test_result_json_round_trip(data: tuple[kp.Rubric, kp.Round], policy: kp.MissingPolicy) -> None:
    """A result read back from its JSON equals it and writes the same bytes."""
    rub, rnd = data
    res = kp.score(rnd, rub, missing=policy)
    text = res.to_json()
    back = kp.RoundResult.from_json(text)
    assert back == res
    assert back.to_json() == text


@given(data=rubric_and_round(), policy=policies)
def test_scoring_is_deterministic(
    data: tuple[kp.Rubric, kp.Round], policy: kp.MissingPolicy
) -> None:
    """Equal inputs — the same objects, or copies read from JSON — give the same bytes."""
    rub, rnd = data
    first = kp.score(rnd, rub, missing=policy).to_json()
    assert kp.score(rnd, rub, missing=policy).to_json() == first
    rnd2 = kp.Round.model_validate_json(rnd.model_dump_json())
    rub2 = kp.Rubric.model_validate_json(rub.model_dump_json())
    assert kp.score(rnd2, rub2, missing=policy).to_json() == first


# Points lost and the columnar path ------------------------------------------------------------


@given(data=rubric_and_round(), policy=policies)
def test_points_lost_and_total_add_up_to_100(
    data: tuple[kp.Rubric, kp.Round], policy: kp.MissingPolicy
) -> None:
    """Σ share × (100 − score) over indicators + total = 100 for every unit with a score.

    The docs promise it for units with full data; shares renormalise over what was
    assessed, so it holds for every scored unit.
    """
    rub, rnd = data
    res = kp.score(rnd, rub, missing=policy)
    c = res.columns
    nodes = c.indicator_node
    for i, unit in enumerate(res.units):
        if not c.unit_has[i]:
            assert unit.score is None
            continue
        scores = c.node_score[i, nodes]
        present = ~np.isnan(scores)
        lost = float((c.node_share[i, nodes][present] * (100.0 - scores[present])).sum())
        assert abs(lost + float(c.unit_raw[i]) - 100.0) <= TOL, unit.code
        assert c.node_share[i, nodes][~present].sum() == 0.0


@given(
    data=rubric_and_round(extras=False, anonymous_probability=0.2),
    positions=st.booleans(),
    policy=policies,
)
def test_columnar_path_equals_object_path(
    data: tuple[kp.Rubric, kp.Round], positions: bool, policy: kp.MissingPolicy
) -> None:
    """``Round.from_columns`` (codes or integer positions) builds the same round and result."""
    rub, rnd = data
    rows = list(rnd.responses)
    unit: list[str] | list[int] = [r.unit for r in rows]
    indicator_: list[str] | list[int] = [r.indicator for r in rows]
    codes: tuple[str, ...] | None = None
    if positions:
        unit_at = {u.code: i for i, u in enumerate(rnd.units)}
        codes = rub.indicator_ids()
        unit = [unit_at[r.unit] for r in rows]
        indicator_ = [codes.index(r.indicator) for r in rows]
    dtype = np.int64 if positions else object
    columnar = kp.Round.from_columns(
        rubric=rnd.rubric,
        entities=rnd.entities,
        units=[u.model_dump() for u in rnd.units],
        unit=np.array(unit, dtype=dtype),
        indicator=np.array(indicator_, dtype=dtype),
        indicator_codes=codes,
        value=np.array([math.nan if r.value is None else r.value for r in rows]),
        respondent=np.array([r.respondent for r in rows], dtype=object),
        role=[r.role for r in rows],
        status=[r.status.value for r in rows],
        title=rnd.title,
        synthetic=rnd.synthetic,
        note=rnd.note,
    )
    assert list(columnar.responses) == rows
    a = kp.score(columnar, rub, missing=policy)
    b = kp.score(rnd, rub, missing=policy)
    assert a == b
    assert a.to_json() == b.to_json()


# Regressions: library bugs these properties found (fixed in 5c6035b) ------------------------


def test_model_copy_of_a_used_rubric_scores_its_own_tree() -> None:
    """A rubric derived with model_copy is scored by its own nodes, not its original's cache."""
    rub = rubric([indicator("a"), indicator("b")])
    rnd = round_([answer("u1", "a", 3), answer("u1", "b", 0)])
    assert kp.score(rnd, rub).units[0].score == Decimal("50.00")  # fills the caches
    only_a = rub.model_copy(update={"nodes": rub.nodes[:1]})
    unit = kp.score(round_([answer("u1", "a", 3)]), only_a, missing="zero").units[0]
    assert list(unit.nodes) == ["a"]
    assert unit.score == Decimal("100.00")
    assert [a.path for a in only_a.assumptions()] == [
        a.path for a in rub.assumptions() if "nodes[1]" not in a.path
    ]


def test_columnar_path_keeps_anonymous_respondents() -> None:
    """Anonymous answers (respondent None) mean the same in columns as in objects."""
    rub = rubric([indicator("a")])
    objects = round_([answer("u1", "a", 1), answer("u1", "a", 3)])
    columns = kp.Round.from_columns(
        rubric="uji",
        entities=objects.entities,
        units=objects.units,
        unit=["u1", "u1"],
        indicator=["a", "a"],
        value=[1.0, 3.0],
        respondent=np.array([None, None], dtype=object),
    )
    assert [r.respondent for r in columns.responses] == [None, None]
    assert kp.score(columns, rub) == kp.score(objects, rub)


@pytest.mark.parametrize("code", ["u\x00", "u\x00x", "u\tx"])
def test_codes_with_control_characters_are_refused_not_truncated(code: str) -> None:
    """numpy str arrays drop trailing NULs, so such codes must never reach the table."""
    with pytest.raises(kp.InvalidInputError):
        round_([answer(code, "a", 3)], units=[(code, "opd")])
    with pytest.raises(kp.InvalidInputError):
        round_([answer("u1", "a", 3, respondent=code)])
