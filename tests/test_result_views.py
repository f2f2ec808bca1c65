"""Lazy per-unit and per-entity views: never seen incomplete, equal to the plain models, and
entity figures that are the rubric's roll-up of the units' published figures."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from pydantic import BaseModel

import kepatuhan as kp
from builders import heavy
from kepatuhan.testing import rubric_and_round

_DICT = BaseModel.__dict__["__dict__"]


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    return kp.score(kp.example_round())


def fresh(result: kp.RoundResult) -> kp.RoundResult:
    return kp.RoundResult(columns=result.columns)


def plain_unit(view: kp.UnitResult) -> kp.UnitResult:
    return kp.UnitResult.model_validate_json(view.model_dump_json())


def test_a_new_view_holds_only_its_cheap_fields(result: kp.RoundResult) -> None:
    view = fresh(result).units[0]
    stored = set(_DICT.__get__(view))
    assert {"code", "score", "zone", "grade"} <= stored
    assert not stored & {"nodes", "points_lost", "completeness", "dimensions"}
    assert view.score == Decimal("84.34")
    assert "points_lost" not in _DICT.__get__(view)
    lost = view.points_lost  # computed on first read, alone
    assert "points_lost" in _DICT.__get__(view)
    assert "nodes" not in _DICT.__get__(view)
    assert view.points_lost is lost


def test_a_view_equals_the_plain_model_both_ways(result: kp.RoundResult) -> None:
    for view in fresh(result).units:
        plain = plain_unit(view)
        assert isinstance(view, kp.UnitResult)
        assert view == plain
        assert plain == fresh(result).unit(view.code)  # reflected: the view decides
        assert repr(view) == repr(plain)
        assert dict(view) == dict(plain)
        assert list(dict(view)) == list(kp.UnitResult.model_fields)


def test_a_view_differs_from_a_model_with_another_value(result: kp.RoundResult) -> None:
    view = fresh(result).units[0]
    other = plain_unit(view).model_copy(update={"score": Decimal("1.00")})
    assert view != other
    assert other != view
    assert view != object()


class Holder(BaseModel):
    """Somebody else's model with results inside: serialising it must not lose fields."""

    units: tuple[kp.UnitResult, ...]
    entity: kp.EntityResult


def test_a_view_nested_in_another_model_serialises_whole(result: kp.RoundResult) -> None:
    r = fresh(result)
    holder = Holder(units=(r.units[1],), entity=r.entities[0])
    dumped = holder.model_dump()
    assert set(dumped["units"][0]) == set(kp.UnitResult.model_fields)
    assert set(dumped["entity"]) == set(kp.EntityResult.model_fields)
    assert dumped["units"][0]["points_lost"] == plain_unit(result.units[1]).points_lost
    again = Holder.model_validate_json(holder.model_dump_json())
    assert again.units[0] == result.units[1]


@pytest.mark.parametrize(
    "clone",
    [pickle.loads, copy.copy, copy.deepcopy, lambda v: v.model_copy()],
    ids=["pickle", "copy", "deepcopy", "model_copy"],
)
def test_copies_of_a_view_are_complete(result: kp.RoundResult, clone: object) -> None:
    r = fresh(result)
    view = r.units[2]
    made = clone(pickle.dumps(view)) if clone is pickle.loads else clone(view)  # type: ignore[operator]
    assert set(_DICT.__get__(made)) == set(kp.UnitResult.model_fields)
    assert made == plain_unit(result.units[2])
    entity = r.entities[0]
    twin = clone(pickle.dumps(entity)) if clone is pickle.loads else clone(entity)  # type: ignore[operator]
    assert twin == kp.EntityResult.model_validate_json(entity.model_dump_json())


def test_model_copy_with_an_update_keeps_the_other_fields(result: kp.RoundResult) -> None:
    view = fresh(result).units[0]
    changed = view.model_copy(update={"name": "Lain"})
    assert changed.name == "Lain"
    assert changed.points_lost == result.units[0].points_lost


def test_views_are_built_once_and_kept(result: kp.RoundResult) -> None:
    r = fresh(result)
    assert r.units[3] is r.units[3]
    assert r.units[-1] is r.units[len(r.units) - 1]
    assert [u.code for u in r.units[1:3]] == [r.units[1].code, r.units[2].code]
    with pytest.raises(IndexError):
        r.units[len(r.units)]


def test_json_of_views_reads_back_equal(result: kp.RoundResult) -> None:
    r = fresh(result)
    back = kp.RoundResult.from_json(r.to_json())
    assert back == r
    assert back.to_json() == r.to_json()


# Entity figures ------------------------------------------------------------------------------


def model_json(result: kp.RoundResult) -> str:
    return kp.RoundResult(columns=result.columns).model().model_dump_json()


def half_up_mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_entity_figures_are_the_mean_of_the_units_published_figures(
    result: kp.RoundResult,
) -> None:
    entity = result.entities[0]
    units = [result.unit(code) for code in entity.units]
    scored = [u for u in units if u.score is not None]
    for dim, value in entity.dimensions.items():
        assert value == half_up_mean([d for u in scored if (d := u.dimensions[dim]) is not None])
    for dim, value in entity.contributions.items():
        assert value == half_up_mean([u.contributions[dim] or Decimal(0) for u in scored])
    for node, value in entity.points_lost.items():
        assert value == half_up_mean([u.points_lost.get(node, Decimal(0)) for u in scored])
    assert list(entity.points_lost.values()) == sorted(entity.points_lost.values(), reverse=True)


@heavy()
@given(data=rubric_and_round(max_units=5, anonymous_probability=0.2))
def test_entity_figures_follow_their_units_and_json_is_the_models(
    data: tuple[kp.Rubric, kp.Round],
) -> None:
    rubric, round_ = data
    res = kp.score(round_, rubric)
    assert res.to_json() == model_json(res)  # JSON straight from the arrays
    step = Decimal(1).scaleb(-rubric.precision)
    for entity in res.entities:
        members = [res.unit(code) for code in entity.units]
        assert entity.units == tuple(u.code for u in round_.units if u.entity == entity.code)
        scored = [u for u in members if u.score is not None]
        if not scored:
            assert all(v is None for v in entity.dimensions.values())
            assert entity.points_lost == {}
            continue
        for dim, value in entity.dimensions.items():
            have = [d for u in scored if (d := u.dimensions[dim]) is not None]
            expected = (
                (sum(have, Decimal(0)) / len(have)).quantize(step, ROUND_HALF_UP) if have else None
            )
            assert value == expected
        reported = {n for u in scored for n in u.points_lost}
        assert set(entity.points_lost) == reported
        for node, value in entity.points_lost.items():
            lost = [u.points_lost.get(node, Decimal(0)) for u in scored]
            assert value == (sum(lost, Decimal(0)) / len(lost)).quantize(step, ROUND_HALF_UP)


# Checks run once per (round, rubric) --------------------------------------------------------


def test_a_second_score_reuses_the_checks_and_gives_the_same_bytes() -> None:
    from kepatuhan import validation

    round_ = kp.example_round().model_copy()
    first = kp.score(round_).to_json()
    calls: list[object] = []
    original = validation._run_checks

    def counting(round_: kp.Round, rub: kp.Rubric) -> object:
        calls.append(round_)
        return original(round_, rub)

    validation._run_checks = counting  # type: ignore[assignment]
    try:
        assert kp.score(round_).to_json() == first
        assert (
            kp.score(round_, missing="zero").to_json()
            == kp.score(round_.model_copy(), missing="zero").to_json()
        )
        assert len(calls) == 1  # only the fresh copy was checked
    finally:
        validation._run_checks = original


def test_a_round_refused_by_a_rubric_is_refused_every_time() -> None:
    round_ = kp.example_round().model_copy()
    for _ in range(2):  # a refusal is not kept: the checks run again and refuse again
        with pytest.raises(kp.InvalidRoundError, match="unknown indicator"):
            kp.score(round_, "skm-2017")
    assert kp.score(round_).to_json() == kp.score(kp.example_round()).to_json()


def test_checks_are_kept_for_a_few_rubrics_only() -> None:
    from kepatuhan import validation
    from kepatuhan._cache import cached

    round_ = kp.example_round().model_copy()
    base = kp.get_rubric(round_.rubric)
    derived = [base.model_copy(update={"id": f"copy-{k}"}) for k in range(6)]
    for rub in derived:
        kp.score(round_, rub)
    kept: dict[int, validation.Checked] = cached(round_, "checked", dict)
    assert len(kept) == validation._CHECKED_KEEP
    assert [c.rub for c in kept.values()] == derived[-validation._CHECKED_KEEP :]


# JSON straight from the arrays ----------------------------------------------------------------


def test_json_from_the_arrays_matches_for_opinions_and_awkward_text() -> None:
    from builders import rapor_round

    products = [
        kp.OversightProduct(entity="a", kind="rekomendasi", reference="R-1", followed_up=False)
    ]
    rapor = rapor_round("ombudsman-2025", {"a": 90.61, "b": 62.57}, products)
    awkward = rapor.model_copy(
        update={
            "units": tuple(
                u.model_copy(update={"name": 'Dinas "100%" \\ é / ✓\tx'}) for u in rapor.units
            ),
            "title": "Judul %s {x}",
        }
    )
    for round_ in (rapor, awkward, kp.example_round()):
        result = kp.score(round_)
        assert result.to_json() == model_json(result)
    empty = kp.Round(rubric="ombudsman-2024")
    assert kp.score(empty).to_json() == model_json(kp.score(empty))


def _strict(text: str) -> object:
    """JSON as other languages read it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_result_json_is_strict_json_where_a_node_has_no_score() -> None:
    """An indicator with no score (NaN inside) is written as null, never NaN, which PHP's
    json_decode and JavaScript's JSON.parse refuse."""
    result = kp.score(kp.example_round())
    assert np.isnan(result.columns.node_score).any()  # the example has unscored nodes
    data = _strict(result.to_json())
    assert isinstance(data, dict)
    assert None in {v for u in data["units"] for v in u["nodes"].values()}


def test_result_json_stays_strict_when_the_serialiser_writes_constants(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pydantic-core before 2.2x ignored ``inf_nan_mode`` and wrote NaN (the declared floor,
    pydantic 2.6): the writer turns such constants into null itself."""
    import pydantic_core


    real = pydantic_core.to_json

    def old_to_json(value: object, **options: object) -> bytes:
        options.pop("inf_nan_mode", None)
        return real(value, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pydantic_core, "to_json", old_to_json)
    assert b"NaN" in old_to_json([float("nan")])
    _strict(kp.score(kp.example_round()).to_json())
