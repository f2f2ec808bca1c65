"""Weight sensitivity: draws scored exactly as the scorer would, distributions, ranks, Sobol."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.rubric import Group
from kepatuhan.testing import rubric_and_round, rubrics
from kepatuhan.weight_sensitivity import (
    DEFAULT_CHUNK,
    Sensitivity,
    SensitivityWarning,
    _entity_scores,
    _factors,
    _ranks,
    _Tree,
    _unit_scores,
    sensitivity,
)


def _reweighted(rubric: kp.Rubric, weights: dict[str, float]) -> kp.Rubric:
    data = rubric.model_dump()

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if node["id"] in weights:
                node["weight"] = weights[node["id"]]
            walk(node.get("children") or [])

    walk(data["nodes"])
    return kp.Rubric.model_validate(data)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    case=rubric_and_round(rubrics(max_depth=3, max_children=4), max_units=3),
    data=st.data(),
)
def test_a_draw_scores_exactly_as_the_rubric_with_those_weights(
    case: tuple[kp.Rubric, kp.Round], data: st.DataObject
) -> None:
    rubric, round_ = case
    c = kp.score(round_, rubric).columns
    groups = [node.id for _, node in rubric.walk() if isinstance(node, Group)]
    varied = data.draw(st.lists(st.sampled_from(groups), unique=True)) if groups else []
    with _quiet():
        factors = _factors(rubric, c, "dirichlet", varied, 50.0)
    tree = _Tree(rubric, c, factors)
    w = np.array(
        [data.draw(st.floats(0.01, 100.0, allow_nan=False)) for _ in factors], dtype=float
    )[None, :]
    low, high = float(rubric.zoning.minimum), float(rubric.zoning.maximum)
    scaled, has = _unit_scores(tree, c, w, rubric.precision, low, high)
    expected = kp.score(
        round_, _reweighted(rubric, {f.node: x for f, x in zip(factors, w[0], strict=True)})
    )
    e = expected.columns
    assert has[0].tolist() == e.unit_has.tolist()
    assert scaled[0][has[0]].tolist() == e.unit_scaled[e.unit_has].tolist()
    ent, ent_has = _entity_scores(c, scaled, has)
    assert ent_has[0].tolist() == e.entity_has.tolist()
    assert ent[0][ent_has[0]].tolist() == e.entity_scaled[e.entity_has].tolist()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Factors that cannot move warn; these tests draw such rubrics on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SensitivityWarning)
        yield


def test_the_rubric_weights_give_the_published_scores_in_every_draw() -> None:
    rubric = kp.get_rubric("ombudsman-2024")
    fixed = {n.id: (n.weight, n.weight) for n in rubric.nodes}
    s = sensitivity(kp.example_round(), weights=fixed, draws=20, bootstrap=0)
    result = kp.score(kp.example_round())
    for spread, rows in ((s.units, result.units), (s.entities, result.entities)):
        assert spread.lower == spread.median == spread.upper == tuple(r.score for r in rows)
        assert all(sum(c) == s.evaluations for c in spread.band_counts)
    assert s.ranks.lower == s.ranks.upper == (1,)
    assert s.sobol is not None and all(x is None for x in s.sobol.first_score)


def test_result_is_seeded_byte_for_byte_and_chunk_size_changes_nothing() -> None:
    round_ = kp.example_round()
    one = sensitivity(round_, draws=60, seed=3, bootstrap=20)
    assert sensitivity(round_, draws=60, seed=3, bootstrap=20).to_json() == one.to_json()
    other = sensitivity(round_, draws=60, seed=3, bootstrap=20, chunk_size=7)
    default = f'"chunk_size":{DEFAULT_CHUNK}'
    assert other.to_json().replace('"chunk_size":7', default) == one.to_json()
    assert sensitivity(round_, draws=60, seed=4, bootstrap=20).weights != one.weights
    assert Sensitivity.from_json(one.to_json()) == one
    assert one.evaluations == 60 * (len(one.factors) + 2) == len(one.weights)


def test_dirichlet_draws_centre_on_the_rubric_shares() -> None:
    s = sensitivity(kp.example_round(), draws=2000, concentration=200.0, sobol=False)
    w = np.array(s.weights)
    shares = w / w.sum(axis=1, keepdims=True)
    expected = [f.share for f in s.factors]
    assert np.allclose(shares.mean(axis=0), expected, atol=0.005)
    assert s.evaluations == 4000  # A and B only without Sobol


def test_sobol_ranks_the_weight_that_moves_scores_most_and_its_interval_holds_it() -> None:
    s = sensitivity(kp.example_round(), draws=2000, seed=1, bootstrap=100)
    assert s.sobol is not None
    first = [x for x in s.sobol.first_score if x is not None]
    total = [x for x in s.sobol.total_score if x is not None]
    assert len(first) == len(s.factors) and all(-0.05 <= x <= 1.05 for x in first + total)
    # compare with the variance each factor explains, found by binning its draws
    n = s.params.draws
    w = np.array(s.weights[:n])
    shares = w / w.sum(axis=1, keepdims=True)
    ranking = np.argsort(first)[::-1]
    assert ranking[0] == np.argmax(np.abs(np.corrcoef(shares.T, _entity_draws(s)[:n])[-1, :-1]))
    for value, ci in zip(s.sobol.first_score, s.sobol.first_score_ci, strict=True):
        assert ci is not None and value is not None and ci[0] <= value <= ci[1]


def _entity_draws(s: Sensitivity) -> np.ndarray:
    """The entity score of each scored weight vector, recomputed with the internals."""
    round_ = kp.example_round()
    rubric = kp.get_rubric(round_.rubric)
    c = kp.score(round_).columns
    with _quiet():
        factors = _factors(rubric, c, "dirichlet", (), 50.0)
    tree = _Tree(rubric, c, factors)
    scaled, has = _unit_scores(tree, c, np.array(s.weights), rubric.precision, 0.0, 100.0)
    ent, _ = _entity_scores(c, scaled, has)
    return ent[:, 0].astype(float)


def test_competition_ranks() -> None:
    scaled = np.array([[500, 700, 700, 100], [1, 2, 3, 4]])
    has = np.array([[True, True, True, False], [True, True, True, True]])
    assert _ranks(scaled, has).tolist() == [[3, 1, 1, 0], [4, 3, 2, 1]]


def test_factors_that_cannot_move_are_warned_and_kept() -> None:
    base = kp.get_rubric("ombudsman-2024")
    data = base.model_dump()
    data["id"] = "uji-sensitivitas"
    nodes = {n["id"]: n for n in data["nodes"]}
    inner = nodes["input"]["children"][0]
    inner["children"] = inner["children"][:1]  # in01 alone under kompetensi_pelaksana
    nodes["input"]["children"] = [inner]
    data["nodes"] = [nodes["input"], nodes["proses"], nodes["pengaduan"]]
    rubric = kp.Rubric.model_validate(data)
    example = kp.example_round()
    keep = set(rubric.indicator_ids()) - {i for i in rubric.indicator_ids() if i.startswith("pg")}
    round_ = kp.Round(
        rubric=rubric.id,
        entities=example.entities,
        units=example.units,
        responses=[r for r in example.responses if r.indicator in keep],
    )
    with pytest.warns(SensitivityWarning) as caught:
        s = sensitivity(round_, groups=["input"], draws=10, bootstrap=0, rubric=rubric)
    said = " ".join(str(w.message) for w in caught)
    assert "'kompetensi_pelaksana' cannot change any score (it is an only child)" in said
    assert "'pengaduan' cannot change any score (no unit has a score for it)" in said
    varied = {f.node: f.varied for f in s.factors}
    assert varied == {
        "input": True,
        "proses": True,
        "pengaduan": False,
        "kompetensi_pelaksana": False,
    }
    assert s.sobol is not None
    assert [x is None for x in s.sobol.first_score] == [False, False, True, True]


def test_a_weight_whose_siblings_have_no_score_cannot_move_either() -> None:
    later = kp.rescore(kp.example_round(), "ombudsman-2025").round  # no trust answers
    with pytest.warns(SensitivityWarning) as caught:
        s = sensitivity(later, draws=10, bootstrap=0)
    said = " ".join(str(w.message) for w in caught)
    assert "'dimensi' cannot change any score (no unit has a score for any of its" in said
    assert [(f.node, f.varied) for f in s.factors] == [
        ("dimensi", False),
        ("kepercayaan_masyarakat", False),
    ]
    assert s.entities.lower == s.entities.upper == s.entities.published


def test_bad_arguments_are_all_located() -> None:
    with pytest.raises(kp.InvalidInputError) as info:
        sensitivity(kp.example_round(), draws=1, level=1.5, chunk_size=0, concentration=-1)
    found = {(p.location, p.code) for p in info.value.problems}
    assert found == {
        ("draws", "sensitivity_whole"),
        ("level", "sensitivity_fraction"),
        ("chunk_size", "sensitivity_whole"),
        ("concentration", "out_of_bounds"),
    }
    with pytest.raises(kp.InvalidInputError) as info:
        sensitivity(kp.example_round(), weights={"inptu": (1, 2), "proses": (3, 1)})
    found = {(p.location, p.code) for p in info.value.problems}
    assert found == {
        ("weights['inptu']", "unknown_node"),
        ("weights['proses']", "sensitivity_range"),
    }
    with pytest.raises(kp.InvalidInputError, match="groups"):
        sensitivity(kp.example_round(), groups=["in01"])
