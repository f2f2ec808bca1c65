"""Re-scoring through crosswalks, and comparisons that split method change from real change."""

from __future__ import annotations

import types
import warnings
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.rescoring import carry
from kepatuhan.testing import crosswalk_pairs, round_changes, rounds

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _registry(before: kp.Rubric, after: kp.Rubric, cw: kp.Crosswalk) -> kp.RubricRegistry:
    plugin = types.SimpleNamespace(
        kepatuhan_rubrics=kp.hookimpl(lambda: [before, after]),
        kepatuhan_crosswalks=kp.hookimpl(lambda: [cw]),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", kp.PluginWarning)
        return kp.RubricRegistry(entry_points=False, builtins=False, plugins=[("uji", plugin)])


def _cells(round_: kp.Round) -> dict[tuple[str, str], list[float]]:
    """(unit, indicator) → the sorted answered values."""
    out: dict[tuple[str, str], list[float]] = {}
    for r in round_.responses:
        if r.status is kp.ResponseStatus.ANSWERED and r.value is not None:
            out.setdefault((r.unit, r.indicator), []).append(r.value)
    return {k: sorted(v) for k, v in out.items()}


def _relabelled(round_: kp.Round, rubric: str) -> kp.Round:
    return round_.model_copy(update={"rubric": rubric})


# Properties on generated rubrics and crosswalks -------------------------------------------------


@SETTINGS
@given(st.data())
def test_every_answer_is_carried_or_listed_and_carried_values_are_kept(data: Any) -> None:
    before, after, cw = data.draw(crosswalk_pairs())
    round_ = data.draw(rounds(before))
    carried, step = carry(round_, cw, before, after)
    assert sum(m.answers for m in step.mappings) == len(round_.responses)
    assert sum(m.carried_answers for m in step.mappings) == len(carried.responses)
    old, new = _cells(round_), _cells(carried)
    for m in cw.mappings:
        if m.kind in (kp.MappingKind.SAME, kp.MappingKind.RENAMED, kp.MappingKind.SPLIT):
            for unit in round_.units:
                for target in m.after:
                    assert new.get((unit.code, target)) == old.get((unit.code, m.before[0]))
        if not m.carries:
            assert not any(ind in m.after for _, ind in new)


@SETTINGS
@given(st.data())
def test_renaming_indicators_changes_no_score(data: Any) -> None:
    before, after, cw = data.draw(crosswalk_pairs(kinds=("same", "renamed")))
    round_ = data.draw(rounds(before))
    with _registry(before, after, cw).use():
        done = kp.rescore(round_, after.id)
        own = kp.score(round_, before)
    assert done.round.rubric == after.id
    assert [u.score for u in done.result.units] == [u.score for u in own.units]
    assert [e.score for e in done.result.entities] == [e.score for e in own.entities]
    assert done.report.not_carried() == ()


@SETTINGS
@given(st.data())
def test_a_round_against_its_own_rescore_is_all_method_change(data: Any) -> None:
    before, after, cw = data.draw(crosswalk_pairs())
    round_ = data.draw(rounds(before, min_units=1))
    with _registry(before, after, cw).use():
        later = kp.rescore(round_, after.id).round
        changes = data.draw(round_changes(after, later, max_size=2))
        edited = kp.apply_changes(later, changes, rubric=after)
        same = kp.compare(round_, later)
        moved = kp.compare(round_, edited)
        after_edit = kp.score(edited, after)
    assert same.separation == "rescored"
    for item in (*same.units, *same.entities):
        assert item.real_change in (None, Decimal(0))
        assert item.method_change == item.total_change
    for item in (*moved.units, *moved.entities):
        m, r, t = item.method_change, item.real_change, item.total_change
        if m is not None and r is not None and t is not None:
            assert m + r == t
        for d in item.dimensions:
            if d.method_change is not None and d.real_change is not None:
                assert d.method_change + d.real_change == d.total_change
    assert [u.after.score for u in moved.units] == [u.score for u in after_edit.units]


# The shipped crosswalks on the bundled example -------------------------------------------------


def test_a_2023_round_rescored_under_2024_keeps_every_answer_and_score() -> None:
    r23 = _relabelled(kp.example_round(), "ombudsman-2023")
    done = kp.rescore(r23, "ombudsman-2024")
    assert done.report.not_carried() == ()
    assert _cells(done.round) == _cells(r23)
    assert done.result.to_json() == kp.score(_relabelled(r23, "ombudsman-2024")).to_json()


def test_2024_to_2025_lists_what_it_cannot_carry_and_merges_the_charter() -> None:
    r24 = kp.example_round()
    done = kp.rescore(r24, "ombudsman-2025")
    lost = {(m.kind.value, m.before, m.after) for m in done.report.not_carried()}
    assert ("renamed", ("in13",), ("pr07",)) in lost  # carry = false, with its reason
    assert any(kind == "dropped" and "out01" in before for kind, before, _ in lost)
    assert any(kind == "new" and "km01" in after for kind, _, after in lost)
    old, new = _cells(r24), _cells(done.round)
    for unit in r24.units:
        parts = [np.mean(old[(unit.code, p)]) for p in ("pr06a", "pr06b") if (unit.code, p) in old]
        expected = float(Decimal(str(np.mean(parts))).quantize(Decimal(1), "ROUND_HALF_UP"))
        assert new[(unit.code, "pr12")] == [expected]
        assert new.get((unit.code, "pr02")) == old.get((unit.code, "pr01"))
    reasons = [m.reason_in("id") for m in done.report.not_carried()]
    assert all(reasons) and "tidak dibawa" in " ".join(r or "" for r in reasons).lower()
    assert type(done.report).model_validate_json(done.report.model_dump_json()) == done.report


def test_2021_answers_carry_through_four_crosswalks_with_the_yes_no_scale_mapped() -> None:
    rubric = kp.get_rubric("ombudsman-2021")
    units = [kp.ServiceUnit(code="u1", name="Unit", entity="e1", unit_type="opd")]
    responses = [
        kp.Response(unit="u1", indicator=ind.id, role=ind.role, value=float(k % 2))
        for k, ind in enumerate(rubric.indicators())
    ]
    round_ = kp.Round(
        rubric="ombudsman-2021",
        entities=[kp.Entity(code="e1", name="Instansi", kind="pemkab")],
        units=units,
        responses=responses,
    )
    done = kp.rescore(round_, "ombudsman-2025")
    assert [s.after for s in done.report.steps] == [
        "ombudsman-2022",
        "ombudsman-2023",
        "ombudsman-2024",
        "ombudsman-2025",
    ]
    kp02 = next(r.value for r in responses if r.indicator == "kp02")
    assert kp02 is not None
    # kp02 → pr01 (2022) → pr01 (2024) → pr02 (2025), 0/1 mapped to 0/3 on the way
    assert _cells(done.round)[("u1", "pr02")] == [3.0 * kp02]


def test_dimension_figures_carry_only_where_the_crosswalk_says_they_mean_the_same() -> None:
    figures = [
        kp.DimensionScore(unit="u9", dimension=d, value=v)
        for d, v in (("input", 80.0), ("proses", 70.0), ("output", 60.0), ("pengaduan", 50.0))
    ]
    round_ = kp.Round(
        rubric="ombudsman-2022",
        entities=[kp.Entity(code="e1", name="Instansi", kind="pemkab")],
        units=[kp.ServiceUnit(code="u9", name="Unit", entity="e1", unit_type="opd")],
        dimension_scores=figures,
    )
    done = kp.rescore(round_, "ombudsman-2024")
    first, second = done.report.steps
    assert {f.dimension: f.carried for f in first.figures} == {
        "input": False,  # Input changed in 2023 (13 → 15 indicators)
        "proses": True,
        "output": True,
        "pengaduan": True,
    }
    assert all(f.carried for f in second.figures)
    assert [f.dimension for f in done.report.figures_not_carried()] == ["input"]
    assert [d.dimension for d in done.round.dimension_scores] == ["proses", "output", "pengaduan"]


# Comparison ------------------------------------------------------------------------------------


def test_comparing_2023_with_2024_shows_no_method_change_and_all_real_change() -> None:
    r24 = kp.example_round()
    r23 = _relabelled(
        kp.apply_changes(r24, [kp.SetAnswer(unit="dinsos", indicator="pr01", value=0)]),
        "ombudsman-2023",
    )
    c = kp.compare(r23, r24)
    assert c.separation == "rescored"
    assert c.rescore is not None and c.rescore.steps[0].after == "ombudsman-2024"
    dinsos = next(u for u in c.units if u.unit == "dinsos")
    assert dinsos.method_change == 0 and dinsos.real_change == dinsos.total_change
    assert dinsos.total_change is not None and dinsos.total_change > 0
    assert all(u.total_change == 0 for u in c.units if u.unit != "dinsos")
    assert type(c).model_validate_json(c.model_dump_json()) == c


def test_comparing_2024_with_2025_splits_method_from_real_change() -> None:
    r24 = kp.example_round()
    later = kp.rescore(r24, "ombudsman-2025").round
    later = kp.apply_changes(later, [kp.SetAnswer(unit="disdikbud", indicator="pr02", value=3)])
    c = kp.compare(r24, later)
    (entity,) = c.entities
    assert entity.method_change is not None and entity.method_change != 0
    assert entity.real_change is not None and entity.real_change > 0
    assert entity.method_change + entity.real_change == entity.total_change
    untouched = [u for u in c.units if u.unit != "disdikbud"]
    assert all(u.real_change == 0 for u in untouched)


def test_renamed_codes_pair_and_units_entering_or_leaving_are_listed() -> None:
    r24 = kp.example_round()
    units = [
        u.model_copy(update={"code": "disdik"}) if u.code == "disdikbud" else u
        for u in r24.units
        if u.code != "pkm-sidorejo"
    ]
    rows = [r for r in r24.responses if r.unit != "pkm-sidorejo"]
    rows = [r.model_copy(update={"unit": "disdik"}) if r.unit == "disdikbud" else r for r in rows]
    r23 = kp.Round(rubric="ombudsman-2023", entities=r24.entities, units=units, responses=rows)
    plain = kp.compare(r23, r24)
    assert plain.units_entered == ("disdikbud", "pkm-sidorejo") and plain.units_left == ("disdik",)
    mapped = kp.compare(r23, r24, codes={"disdik": "disdikbud"})
    assert mapped.units_entered == ("pkm-sidorejo",) and mapped.units_left == ()
    pair = next(u for u in mapped.units if u.unit == "disdikbud")
    assert pair.before_code == "disdik" and pair.total_change == 0


def test_bad_codes_are_all_located() -> None:
    r24 = kp.example_round()
    with pytest.raises(kp.InvalidInputError) as info:
        kp.compare(r24, r24, codes={"nope": "dinkes", "dinsos": "dinkes", "dpmptsp": "x"})
    found = [(p.location, p.code) for p in info.value.problems]
    assert found == [
        ("codes['nope']", "compare_unknown_code"),
        ("codes['dinsos']", "compare_code_taken"),
        ("codes['dpmptsp']", "compare_unknown_code"),
    ]


def test_results_only_or_without_crosswalk_the_method_change_is_unknown_not_zero() -> None:
    r24 = kp.example_round()
    r23 = _relabelled(r24, "ombudsman-2023")
    c = kp.compare(kp.score(r23), kp.score(r24))
    assert c.separation == "results_only"
    assert all(u.method_change is None and u.rescored is None for u in c.units)
    assert all(u.total_change == 0 for u in c.units)
    same = kp.compare(kp.score(r24), kp.score(r24))
    assert same.separation == "same_rubric" and same.entities[0].method_change == 0


def test_transitions_count_zone_moves() -> None:
    r24 = kp.example_round()
    worse = kp.apply_changes(
        r24, [kp.SetAnswer(unit="disdukcapil", indicator=i, value=0) for i in ("pr01", "pr02")]
    )
    c = kp.compare(r24, worse)
    moves = {(t.before, t.after): t.count for t in c.transitions("unit", "zone")}
    before = kp.score(r24)
    assert sum(moves.values()) == len(before.units)
    assert sum(t.count for t in c.transitions("entity", "grade")) == 1


def test_the_bundled_2023_example_compares_with_2024_as_real_change_only() -> None:
    r23, r24 = kp.example_round(2023), kp.example_round()
    assert r23.rubric == "ombudsman-2023" and r23.synthetic
    assert [u.code for u in r23.units] == [u.code for u in r24.units]
    c = kp.compare(r23, r24)
    assert all(u.method_change == 0 for u in (*c.units, *c.entities))
    assert all(u.real_change == u.total_change for u in (*c.units, *c.entities))
    assert any(u.total_change != 0 for u in c.units)
    with pytest.raises(kp.InvalidInputError, match="2023, 2024"):
        kp.example_round(2022)
