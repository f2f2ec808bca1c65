"""Rapor figures at any group level, and ``ombudsman-2025`` as it is published: two parts,
"nilai dimensi" on 0–70 and public trust on 0–30, that add up to the total."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from builders import heavy
from kepatuhan.testing.strategies import rounds, rubric_and_round, rubrics
from reference_scorer import ambiguous

RUBRIC = kp.get_rubric("ombudsman-2025")
FIVE_TOP = kp.load_rubric(Path(__file__).parent / "fixtures" / "ombudsman-2025-five-top-level.toml")
TRUST = "kepercayaan_masyarakat"


def _round(figures: list[dict[str, Any]], *, unit_type: str = "kantor_vertikal") -> kp.Round:
    return kp.Round(
        rubric="ombudsman-2025",
        entities=[kp.Entity(code="polres", name="Polres Solok Kota", kind="kementerian")],
        units=[kp.ServiceUnit(code="u", name="SPKT", entity="polres", unit_type=unit_type)],
        dimension_scores=[kp.DimensionScore(unit="u", **f) for f in figures],
    )


# The published case --------------------------------------------------------------------------


def test_the_published_two_parts_give_the_published_total_and_quality_word() -> None:
    # A Polres in Sumbar, 2025: nilai dimensi 52.72 (0–70) + trust 8.02 (0–30) = 60.74, Cukup.
    res = kp.score(
        _round(
            [
                {"dimension": "dimensi", "value": 52.72, "form": "contribution"},
                {"dimension": TRUST, "value": 8.02, "form": "contribution"},
            ]
        )
    )
    unit = res.unit("u")
    assert unit.score == Decimal("60.74")
    assert (unit.grade, unit.label, unit.quality) == ("C", "Kualitas Sedang", "Cukup")
    assert res.entity("polres").score == Decimal("60.74")
    # Both parts are shown as published, beside the dimensions (which the rapor does not give).
    assert unit.contributions["dimensi"] == Decimal("52.72")
    assert unit.contributions[TRUST] == Decimal("8.02")
    assert unit.contributions["input"] is None and unit.dimensions["proses"] is None
    assert unit.points_lost == {"dimensi": Decimal("17.28"), TRUST: Decimal("21.98")}
    assert unit.input_level == "dimension"
    assert kp.RoundResult.from_json(res.to_json()) == res


def test_the_parts_as_percentages_give_the_same_total() -> None:
    res = kp.score(
        _round(
            [
                {"dimension": "dimensi", "value": 52.72 / 70 * 100},
                {"dimension": TRUST, "value": 8.02 / 30 * 100},
            ]
        )
    )
    assert res.unit("u").score == Decimal("60.74")


def test_a_contribution_is_checked_against_its_nodes_maximum() -> None:
    ok = [
        {"dimension": "dimensi", "value": 70.004, "form": "contribution"},  # 70 at 2 decimals
        {"dimension": TRUST, "value": 30, "form": "contribution"},
    ]
    assert kp.score(_round(ok)).unit("u").score == Decimal("100.00")
    bad = [
        {"dimension": "dimensi", "value": 70.01, "form": "contribution"},
        {"dimension": TRUST, "value": 30.01, "form": "contribution"},
        {"dimension": "input", "value": 17.6, "form": "contribution"},
    ]
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(_round([*bad[:2], {"dimension": "pr01", "value": 50}]))
    got = [(p.location, p.code, p.params.get("maximum")) for p in err.value.problems]
    assert got == [
        ("dimension_scores[0].value", "contribution_too_large", 70),
        ("dimension_scores[1].value", "contribution_too_large", 30),
        ("dimension_scores[2].dimension", "figure_not_group", None),
    ]
    # A dimension inside the part: its own maximum (17.5 of the 100 points).
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(_round([bad[2], {"dimension": TRUST, "value": 8.02, "form": "contribution"}]))
    assert [p.params["maximum"] for p in err.value.problems] == [17.5]


def test_a_group_and_a_node_inside_it_for_one_unit_is_located() -> None:
    figures = [
        {"dimension": "input", "value": 60},
        {"dimension": "dimensi", "value": 52.72, "form": "contribution"},
        {"dimension": TRUST, "value": 8.02, "form": "contribution"},
    ]
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.score(_round(figures))
    [problem] = err.value.problems
    assert (problem.location, problem.code) == ("dimension_scores[0].dimension", "figure_overlap")
    assert problem.params["group"] == "dimensi" and problem.params["node"] == "input"
    assert problem.params["other"] == "dimension_scores[1]"
    assert "dimension_scores[1]" in problem.render("id")


@pytest.mark.parametrize(
    ("policy", "score", "missing"),
    [("exclude", Decimal("26.73"), None), ("zero", Decimal("8.02"), None), ("strict", None, 1)],
)
def test_only_some_parts_follow_the_missing_data_policy(
    policy: str, score: Decimal | None, missing: int | None
) -> None:
    # Some articles print only the trust part: the dimensions part is missing.
    r = _round([{"dimension": TRUST, "value": 8.02, "form": "contribution"}])
    if missing is not None:
        with pytest.raises(kp.IncompleteDataError) as err:
            kp.score(r, missing=policy)  # type: ignore[arg-type]
        [problem] = err.value.problems
        assert (problem.location, problem.code) == ("units[0]", "missing_figures")
        assert problem.params["nodes"] == "dimensi"
        with pytest.raises(kp.IncompleteDataError):
            kp.validate(r, missing=policy)  # type: ignore[arg-type]
        return
    unit = kp.score(r, missing=policy).unit("u")  # type: ignore[arg-type]
    assert unit.score == score


def test_a_missing_sibling_inside_a_part_is_missing_too() -> None:
    figures = [
        {"dimension": "input", "value": 80},
        {"dimension": "proses", "value": 60},
        {"dimension": TRUST, "value": 50},
    ]
    with pytest.raises(kp.IncompleteDataError) as err:
        kp.score(_round(figures), missing="strict")
    assert err.value.problems[0].params["nodes"] == "pengaduan, output"
    # exclude: the part is the mean of the dimensions given; zero: the others count 0.
    assert kp.score(_round(figures)).unit("u").score == Decimal("64.00")  # .7 × 70 + .3 × 50
    zero = kp.score(_round(figures), missing="zero").unit("u")
    assert zero.score == Decimal("39.50")  # .175 × (80 + 60) + .3 × 50
    assert zero.points_lost["output"] == Decimal("17.50")


def test_a_part_that_does_not_apply_to_the_unit_is_not_missing() -> None:
    rub = RUBRIC.derive(
        "t-output-vertical",
        reason="test",
        applies_to={i: ["kantor_vertikal"] for i in ("out01", "out02", "out03", "out04")},
    )
    figures = [
        {"dimension": "input", "value": 80},
        {"dimension": "proses", "value": 60},
        {"dimension": "pengaduan", "value": 70},
        {"dimension": TRUST, "value": 50},
    ]
    kp.score(_round(figures, unit_type="opd"), rub, missing="strict")
    with pytest.raises(kp.IncompleteDataError):
        kp.score(_round(figures, unit_type="kantor_vertikal"), rub, missing="strict")


# The restructure changes no score -------------------------------------------------------------


def _published(res: kp.RoundResult) -> tuple[bytes, bytes]:
    c = res.columns
    units = np.where(c.unit_has, c.unit_scaled, -1).tobytes()
    return units, np.where(c.entity_has, c.entity_scaled, -1).tobytes()


def _all_or_none_of_the_four(res: kp.RoundResult) -> bool:
    """Every unit has all four dimensions or none of them (only then the old tree, which
    renormalised a missing dimension against trust too, and the new one agree)."""
    c = res.columns
    four = [c.node_ids.index(d) for d in ("input", "proses", "pengaduan", "output")]
    has = ~np.isnan(c.node_score[:, four])
    return bool(np.all(has.all(axis=1) | ~has.any(axis=1)))


@heavy()
@given(st.data())
def test_scores_are_those_of_the_five_top_level_tree(data: st.DataObject) -> None:
    round_ = data.draw(rounds(RUBRIC, max_units=4, max_respondents=2, missing_probability=0.05))
    new = kp.score(round_)
    assume(_all_or_none_of_the_four(new))
    old = kp.score(round_, FIVE_TOP)
    assume(not any(ambiguous(float(x)) for x in old.columns.unit_raw if not math.isnan(x)))
    assert _published(new) == _published(old)
    np.testing.assert_allclose(new.columns.unit_raw, old.columns.unit_raw, rtol=0, atol=1e-9)
    for u_new, u_old in zip(new.units, old.units, strict=True):
        assert u_new.points_lost == u_old.points_lost
        assert {k: v for k, v in u_new.dimensions.items() if k != "dimensi"} == u_old.dimensions


def test_the_bundled_example_scores_the_same_under_2025_both_ways() -> None:
    round_ = kp.example_round(2024)
    rescored = kp.rescore(round_, "ombudsman-2025").round
    new, old = kp.score(rescored), kp.score(rescored, FIVE_TOP)
    assert _published(new) == _published(old)


# Figures at any level reproduce the score ----------------------------------------------------


@st.composite
def _cut(draw: st.DrawFn, c: Any, node: int, children: dict[int, list[int]]) -> list[int]:
    """A set of groups that covers the subtree of ``node`` once: it, or a cut of each child
    (figures name groups: a group with an indicator among its children is taken whole)."""
    kids = children.get(node, [])
    if not kids or not c.is_group[kids].all() or draw(st.booleans()):
        return [node]
    return [k for kid in kids for k in draw(_cut(c, kid, children))]


def _tree_cut(data: st.DataObject, c: Any) -> list[int]:
    children: dict[int, list[int]] = {}
    for k, p in enumerate(c.parent.tolist()):
        children.setdefault(p, []).append(k)
    return [k for top in children[-1] for k in data.draw(_cut(c, top, children))]


def _rescored(
    round_: kp.Round, rub: kp.Rubric, figures: list[kp.DimensionScore], units: list[str]
) -> kp.RoundResult:
    """The round with ``units`` given as ``figures`` instead of answers. A node without a
    score (nothing applied or was assessed) gets no figure: it is left out, as it was."""
    keep = [r for r in round_.responses if r.unit not in units]
    again = round_.model_copy(update={"responses": keep, "dimension_scores": tuple(figures)})
    return kp.score(kp.Round.model_validate(again.model_dump()), rub, missing="exclude")


@heavy()
@given(
    rubric_and_round(rubrics(max_depth=3, reporting_scales=True), max_units=3),
    st.data(),
)
def test_the_figures_of_any_cut_of_a_scored_unit_reproduce_its_score(
    pair: tuple[kp.Rubric, kp.Round], data: st.DataObject
) -> None:
    rub, round_ = pair
    res = kp.score(round_, rub)
    c = res.columns
    scored = [i for i in range(len(round_.units)) if c.unit_has[i]]
    assume(scored and not c.dimension_input.any())
    figures: list[kp.DimensionScore] = []
    units = []
    for i in scored:
        code = round_.units[i].code
        units.append(code)
        for k in _tree_cut(data, rub.compiled):
            value = float(c.node_score[i, k])
            if not math.isnan(value):
                figures.append(kp.DimensionScore(unit=code, dimension=c.node_ids[k], value=value))
    assume(figures)
    again = _rescored(round_, rub, figures, units)
    for i in scored:
        assume(not ambiguous(float(c.unit_raw[i])))
        assert again.columns.unit_scaled[i] == c.unit_scaled[i]
        assert math.isclose(again.columns.unit_raw[i], c.unit_raw[i], abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_exact_contributions_of_the_parts_reproduce_a_2025_score(data: st.DataObject) -> None:
    round_ = data.draw(
        rounds(RUBRIC, max_units=3, max_respondents=2, na_probability=0, missing_probability=0,
               not_assessed_probability=0)
    )  # fmt: skip
    res = kp.score(round_)
    c = res.columns
    level = data.draw(
        st.sampled_from([("dimensi", TRUST), tuple(n.id for n in RUBRIC.dimensions())])
    )
    figures, units = [], []
    for i, unit in enumerate(round_.units):
        if not c.unit_has[i]:
            continue
        units.append(unit.code)
        for node in level:
            k = c.node_ids.index(node)
            share = RUBRIC.compiled.full_share[k]
            assume(math.isclose(c.node_share[i, k], share, rel_tol=1e-12))  # every node applies
            contribution = float(c.node_score[i, k] * share)
            figures.append(
                kp.DimensionScore(unit=unit.code, dimension=node, value=contribution,
                                  form="contribution")
            )  # fmt: skip
    assume(units)
    again = _rescored(round_, RUBRIC, figures, units)
    for i in range(len(round_.units)):
        if c.unit_has[i] and not ambiguous(float(c.unit_raw[i])):
            assert again.columns.unit_scaled[i] == c.unit_scaled[i]


def test_attribution_refuses_a_unit_given_a_part_and_splits_one_given_dimensions() -> None:
    parts = _round(
        [
            {"dimension": "dimensi", "value": 52.72, "form": "contribution"},
            {"dimension": TRUST, "value": 8.02, "form": "contribution"},
        ]
    )
    with pytest.raises(kp.InvalidInputError) as err:
        kp.attribution(kp.score(parts), entity="polres")
    [problem] = err.value.problems
    assert (problem.location, problem.code) == ("units[0]", "attribution_group_figures")
    assert problem.params["nodes"] == "dimensi"
    dims = _round([{"dimension": d.id, "value": 60.0} for d in RUBRIC.dimensions()])
    split = kp.attribution(kp.score(dims), entity="polres")
    assert math.isclose(split.units[0].contribution, 60.0, abs_tol=1e-9)


# Files and the CLI ------------------------------------------------------------------------------


def _two_units() -> kp.Round:
    return kp.Round(
        rubric="ombudsman-2025",
        entities=[kp.Entity(code="polres", name="Polres Solok Kota", kind="kementerian")],
        units=[
            kp.ServiceUnit(code="u", name="SPKT", entity="polres", unit_type="kantor_vertikal"),
            kp.ServiceUnit(
                code="v", name="Satlantas", entity="polres", unit_type="kantor_vertikal"
            ),
        ],
        dimension_scores=[
            kp.DimensionScore(unit="u", dimension="dimensi", value=52.72, form="contribution"),
            kp.DimensionScore(unit="u", dimension=TRUST, value=8.02, form="contribution"),
            kp.DimensionScore(unit="v", dimension=TRUST, value=8.02, form="contribution"),
        ],
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_group_figures_go_through_the_workbook_and_json(tmp_path: Path, suffix: str) -> None:
    round_ = _two_units()
    path = kp.io.write_round(round_, tmp_path / f"rapor{suffix}")
    again = kp.io.read_round(path)
    assert again.dimension_scores == round_.dimension_scores
    assert kp.score(again).unit("u").score == Decimal("60.74")


def test_kepatuhan_check_lists_a_unit_given_only_some_parts(tmp_path: Path) -> None:
    from kepatuhan.cli.exits import INVALID_INPUT, OK
    from test_cli import invoke

    path = kp.io.write_round(_two_units(), tmp_path / "rapor.json")
    result = invoke("check", str(path))
    assert result.exit_code == OK, result.stderr
    row = next(line for line in result.stdout.splitlines() if " v " in line)
    assert "dimensi" in row
    assert "1 dari 2 unit lengkap" in result.stdout
    strict = invoke("check", str(path), "--strict")
    assert strict.exit_code == INVALID_INPUT
    assert "Traceback" not in strict.stdout + strict.stderr


def test_a_what_if_may_set_a_part_and_is_refused_inside_a_given_part() -> None:
    from kepatuhan.whatif import SetDimension

    change = SetDimension(unit="v", dimension="dimensi", value=60.0, form="contribution")
    w = kp.what_if(_two_units(), [change])
    assert w.result.unit("v").score == Decimal("68.02")  # 60 + 8.02
    inside = SetDimension(unit="u", dimension="input", value=10.0)
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.what_if(_two_units(), [inside])
    assert [(p.location, p.code) for p in err.value.problems] == [
        ("changes[0].dimension", "figure_overlap")
    ]


def test_a_2025_round_file_with_the_five_dimensions_still_reads_and_scores_the_same() -> None:
    # Written in the format of before the part (figures for the five former top-level nodes).
    round_ = kp.io.read_round(
        Path(__file__).parent / "fixtures" / "rapor-2025-five-dimensions.json"
    )
    new, old = kp.score(round_), kp.score(round_, FIVE_TOP)
    assert _published(new) == _published(old)
    unit = new.unit("u-tidore")
    assert unit.dimensions == {
        **old.unit("u-tidore").dimensions,
        "dimensi": unit.dimensions["dimensi"],
    }
    # The part: the mean of the four dimensions (equal inner weights), 0.7 of the total.
    assert unit.dimensions["dimensi"] == Decimal("68.44")  # (70 + 65.5 + 58.25 + 80) / 4
    assert unit.contributions["dimensi"] == Decimal("47.91")


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_bundled_examples_still_read_and_score(year: int) -> None:
    round_ = kp.example_round(year)
    assert all(u.score is not None for u in kp.score(round_).units)


def test_tables_put_each_indicator_under_its_dimension_and_list_the_part() -> None:
    pytest.importorskip("pandas")
    res = kp.score(kp.rescore(kp.example_round(2024), "ombudsman-2025").round)
    indicators = res.to_frame("indicators")
    under = {i.id: d.id for d in RUBRIC.dimensions() if isinstance(d, kp.Group) for i in d.children}
    pairs = zip(indicators["indicator"], indicators["dimension"], strict=True)
    seen = {str(k): str(v) for k, v in pairs}
    assert seen == {k: v for k, v in under.items() if k in seen}
    assert len(seen) == len(under)  # every indicator of every unit is a row
    dims = res.to_frame("dimensions")
    assert list(dims["dimension"].astype(str).unique()) == [
        "dimensi",
        *(d.id for d in RUBRIC.dimensions()),
    ]


def test_a_whole_dimension_unassessed_leaves_the_part_at_seventy_percent() -> None:
    responses = []
    for k, ind in enumerate(RUBRIC.indicators()):
        if ind.id.startswith("out"):
            continue  # the whole Output dimension unassessed
        low, high = ind.scale.minimum, ind.scale.maximum
        for r in range(ind.respondents or 1):
            value = low if (k + r) % 3 == 0 else high
            responses.append(
                kp.Response(unit="u", indicator=ind.id, respondent=f"r{r}", value=value)
            )
    round_ = _round([]).model_copy(update={"dimension_scores": (), "responses": responses})
    round_ = kp.Round.model_validate(round_.model_dump())
    new, old = kp.score(round_), kp.score(round_, FIVE_TOP)
    c = new.columns
    s = {d: float(c.node_score[0, c.node_ids.index(d)]) for d in ("input", "proses", "pengaduan")}
    trust = float(c.node_score[0, c.node_ids.index(TRUST)])
    expected = 0.7 * sum(s.values()) / 3 + 0.3 * trust
    assert math.isclose(float(c.unit_raw[0]), expected, abs_tol=1e-9)
    former = (17.5 * sum(s.values()) + 30 * trust) / 82.5  # trust grew in the former tree
    assert math.isclose(float(old.columns.unit_raw[0]), former, abs_tol=1e-9)
