"""Crosswalks: the model, their checks against both rubrics, the hook and the shipped ones."""

from __future__ import annotations

import types
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import kepatuhan as kp
from kepatuhan.crosswalk import crosswalk_problems
from kepatuhan.crosswalk_file import load_crosswalk
from kepatuhan.testing import check_crosswalk, crosswalk_pairs

NOTE = {"source": "M", "confidence": "assumed", "note": "uji", "note_id": "uji"}
SHIPPED = [
    ("ombudsman-2021", "ombudsman-2022"),
    ("ombudsman-2022", "ombudsman-2023"),
    ("ombudsman-2023", "ombudsman-2024"),
    ("ombudsman-2024", "ombudsman-2025"),
]


def _crosswalk(mappings: list[dict[str, Any]], **over: Any) -> kp.Crosswalk:
    data: dict[str, Any] = {
        "before": "ombudsman-2023",
        "after": "ombudsman-2024",
        "provenance": NOTE,
        "sources": {"M": {"title": "uji"}},
        "mappings": mappings,
    }
    data.update(over)
    return kp.Crosswalk.model_validate(data)


def _same_all(**skip: Any) -> list[dict[str, Any]]:
    ids = [i for i in kp.get_rubric("ombudsman-2023").indicator_ids() if i not in skip]
    return [{"kind": "same", "before": [i], "after": [i], "provenance": NOTE} for i in ids]


def _problems(cw: kp.Crosswalk) -> list[tuple[str, str]]:
    before, after = kp.get_rubric(cw.before), kp.get_rubric(cw.after)
    return [(p.location, p.code) for p in crosswalk_problems(cw, before, after)]


# The shipped crosswalks ------------------------------------------------------------------------


def test_the_shipped_crosswalks_are_registered_and_pass_conformance() -> None:
    assert [cw.key for cw in kp.list_crosswalks()] == SHIPPED
    assert kp.RubricRegistry(entry_points=False).problems == []
    for cw in kp.list_crosswalks():
        check_crosswalk(cw, examples=5)


@pytest.mark.parametrize("key", SHIPPED)
def test_every_unpublished_mapping_is_labelled_assumed_with_its_reason(
    key: tuple[str, str],
) -> None:
    (cw,) = kp.get_crosswalk(*key)
    for m in cw.mappings:
        assert m.provenance.note and m.provenance.note_id, m
        assert m.provenance.source in cw.sources
    # Nothing in these years was published as a crosswalk: at most a few facts are reported.
    assert len(cw.assumed()) >= len(cw.mappings) // 2


def test_the_2024_to_2025_crosswalk_says_what_changed() -> None:
    (cw,) = kp.get_crosswalk("ombudsman-2024", "ombudsman-2025")
    kinds = {m.kind for m in cw.mappings}
    assert kinds == {
        kp.MappingKind.RENAMED,
        kp.MappingKind.MERGED,
        kp.MappingKind.DROPPED,
        kp.MappingKind.NEW,
    }
    merged = next(m for m in cw.mappings if m.kind is kp.MappingKind.MERGED)
    assert (merged.before, merged.after) == (("pr06a", "pr06b"), ("pr12",))
    new = {i for m in cw.mappings if m.kind is kp.MappingKind.NEW for i in m.after}
    assert {"km01", "km02", "km03", "km04", "km05"} <= new  # the trust survey is new


def test_a_chain_of_crosswalks_joins_years_that_are_not_consecutive() -> None:
    chain = kp.get_crosswalk("ombudsman-2021", "ombudsman-2025")
    assert [cw.key for cw in chain] == SHIPPED
    assert kp.get_crosswalk("ombudsman-2024", "ombudsman-2024") == ()
    with pytest.raises(kp.UnknownCrosswalkError, match="no crosswalk leads from rubric"):
        kp.get_crosswalk("ombudsman-2025", "ombudsman-2024")  # crosswalks go forwards
    with pytest.raises(kp.UnknownCrosswalkError) as info:
        kp.get_crosswalk("pekppp-2022", "ombudsman-2025")
    assert "tidak ada crosswalk" in info.value.render("id")


def test_a_crosswalk_file_round_trips_through_json(tmp_path: Any) -> None:
    (cw,) = kp.get_crosswalk("ombudsman-2022", "ombudsman-2023")
    path = tmp_path / "cw.json"
    path.write_text(cw.model_dump_json(), encoding="utf-8")
    assert load_crosswalk(path) == cw


# The model's own checks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mapping", "location", "code"),
    [
        (
            {"kind": "same", "before": ["in01"], "after": ["in02"]},
            "after",
            "crosswalk_same_differs",
        ),
        (
            {"kind": "renamed", "before": ["in01", "in02"], "after": ["x"]},
            "before",
            "crosswalk_arity",
        ),
        ({"kind": "split", "before": ["in01"], "after": ["x"]}, "after", "crosswalk_arity"),
        ({"kind": "merged", "before": ["in01"], "after": ["x"]}, "before", "crosswalk_arity"),
        ({"kind": "new", "before": [], "after": ["x"]}, "carry", "crosswalk_cannot_carry"),
        (
            {"kind": "dropped", "before": ["in01"], "carry": False, "after": ["x"]},
            "after",
            "crosswalk_arity",
        ),
        (
            {
                "kind": "renamed",
                "before": ["in01"],
                "after": ["x"],
                "carry": False,
                "values": [[0, 0]],
            },
            "values",
            "crosswalk_values_unused",
        ),
        (
            {"kind": "renamed", "before": ["in01"], "after": ["x"], "values": [[0, 0], [0, 1]]},
            "values",
            "crosswalk_value_twice",
        ),
    ],
)
def test_a_malformed_mapping_is_refused_at_its_field(
    mapping: dict[str, Any], location: str, code: str
) -> None:
    with pytest.raises(kp.InvalidRubricError) as info:
        _crosswalk([{**mapping, "provenance": NOTE}])
    assert (f"mappings[0].{location}", code) in [(p.location, p.code) for p in info.value.problems]


def test_an_assumed_mapping_needs_its_reason_and_sources_must_exist() -> None:
    bare = {"source": "X", "confidence": "assumed"}
    with pytest.raises(kp.InvalidRubricError) as info:
        _crosswalk([{"kind": "same", "before": ["in01"], "after": ["in01"], "provenance": bare}])
    found = {(p.location, p.code) for p in info.value.problems}
    assert ("mappings[0].provenance.note", "crosswalk_assumed_without_reason") in found
    unknown = {**bare, "note": "uji"}
    with pytest.raises(kp.InvalidRubricError) as info:
        _crosswalk([{"kind": "same", "before": ["in01"], "after": ["in01"], "provenance": unknown}])
    found = {(p.location, p.code) for p in info.value.problems}
    assert found == {("mappings[0].provenance.source", "crosswalk_unknown_source")}
    with pytest.raises(kp.InvalidRubricError, match="not 'ombudsman-2023' to itself"):
        _crosswalk(_same_all(), after="ombudsman-2023")


# Checks against both rubrics ---------------------------------------------------------------------


def test_a_complete_crosswalk_between_identical_instruments_has_no_problem() -> None:
    assert _problems(_crosswalk(_same_all())) == []


def test_unknown_ids_unmapped_and_twice_mapped_indicators_are_located() -> None:
    mappings = _same_all(in02=1)
    mappings[0] = {"kind": "renamed", "before": ["in01"], "after": ["in99"], "provenance": NOTE}
    mappings.append({"kind": "dropped", "before": ["pr01"], "carry": False, "provenance": NOTE})
    found = _problems(_crosswalk(mappings))
    assert ("mappings[0].after[0]", "crosswalk_unknown_indicator") in found
    assert (f"mappings[{len(mappings) - 1}].before[0]", "crosswalk_mapped_twice") in found
    unmapped = [loc for loc, code in found if code == "crosswalk_unmapped"]
    assert unmapped == ["mappings", "mappings"]  # in02 of both rubrics, in01 of the later one


def test_carrying_across_roles_or_scales_needs_an_explicit_decision() -> None:
    # in01 (pelaksana) → in10 (observasi): a role change cannot carry
    mappings = [m for m in _same_all() if m["before"][0] not in ("in01", "in10")]
    mappings += [
        {"kind": "renamed", "before": ["in01"], "after": ["in10"], "provenance": NOTE},
        {
            "kind": "renamed",
            "before": ["in10"],
            "after": ["in01"],
            "carry": False,
            "provenance": NOTE,
        },
    ]
    found = _problems(_crosswalk(mappings))
    assert (f"mappings[{len(mappings) - 2}].carry", "crosswalk_role_differs") in found
    assert len(found) == 1  # the same swap with carry = false is fine
    # 2021's yes/no scale → 2022's 0–3 needs a complete values map on both scales
    (shipped,) = kp.get_crosswalk("ombudsman-2021", "ombudsman-2022")
    data = shipped.model_dump()
    k = next(i for i, m in enumerate(data["mappings"]) if m["values"])
    data["mappings"][k]["values"] = None
    assert (f"mappings[{k}].values", "crosswalk_scale_differs") in _problems(
        kp.Crosswalk.model_validate(data)
    )
    data["mappings"][k]["values"] = [[1, 2.5]]
    found = _problems(kp.Crosswalk.model_validate(data))
    assert (f"mappings[{k}].values", "crosswalk_values_incomplete") in found
    assert (f"mappings[{k}].values[0][1]", "crosswalk_value_off_scale") in found


def test_figures_must_name_a_top_level_node_of_both_rubrics() -> None:
    cw = _crosswalk(_same_all(), figures=["input", "kompetensi_pelaksana"], figures_provenance=NOTE)
    assert _problems(cw) == [("figures[1]", "crosswalk_unknown_figure")]
    with pytest.raises(kp.InvalidRubricError, match="figures_provenance"):
        _crosswalk(_same_all(), figures=["input"])


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(crosswalk_pairs())
def test_generated_crosswalks_name_only_ids_of_their_rubrics(pair: Any) -> None:
    before, after, cw = pair
    assert crosswalk_problems(cw, before, after) == []
    # and dropping any one mapping leaves an indicator unmapped
    if len(cw.mappings) > 1:
        fewer = cw.model_copy(update={"mappings": cw.mappings[1:]})
        assert "crosswalk_unmapped" in {p.code for p in crosswalk_problems(fewer, before, after)}


# The hook -------------------------------------------------------------------------------------


def _registry(*plugins: tuple[str, object], strict: bool = False) -> kp.RubricRegistry:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kp.PluginWarning)
        return kp.RubricRegistry(entry_points=False, plugins=list(plugins), strict=strict)


def _plugin(returned: object) -> object:
    return types.SimpleNamespace(kepatuhan_crosswalks=kp.hookimpl(lambda registry: returned))


def test_hook_kepatuhan_crosswalks() -> None:
    # A plugin's crosswalk between rubrics of other plugins is checked and registered.
    base = kp.get_rubric("ombudsman-2024")
    twin = base.model_copy(update={"id": "ombudsman-2024-uji"})
    rubric_plugin = types.SimpleNamespace(kepatuhan_rubrics=kp.hookimpl(lambda: [twin]))
    cw = _crosswalk(_same_all(), before="ombudsman-2024", after="ombudsman-2024-uji")
    reg = _registry(("uji-rubrik", rubric_plugin), ("uji", _plugin([cw])))
    assert reg.problems == []
    assert reg.crosswalk_path("ombudsman-2023", "ombudsman-2024-uji")[-1] is cw
    assert reg.crosswalk_owner("ombudsman-2024", "ombudsman-2024-uji") == "uji"


@pytest.mark.parametrize(
    ("returned", "code"),
    [
        ("not a list", "plugin_crosswalks_not_sequence"),
        ([42], "plugin_not_crosswalk"),
        ([_crosswalk(_same_all())], "plugin_duplicate_crosswalk"),
        ([_crosswalk(_same_all(), after="ombudsman-2099")], "plugin_crosswalk_unknown_rubric"),
        ([_crosswalk(_same_all()[1:], before="ombudsman-2022")], "plugin_invalid_crosswalk"),
    ],
)
def test_a_bad_crosswalk_is_reported_and_skipped_or_raises_in_strict_mode(
    returned: object, code: str
) -> None:
    reg = _registry(("uji", _plugin(returned)))
    assert [p.code for p in reg.problems] == [code]
    assert [cw.key for cw in reg.crosswalks()] == SHIPPED  # the others still load
    with pytest.raises(kp.PluginError, match="plugin 'uji'"):
        _registry(("uji", _plugin(returned)), strict=True)


def test_an_invalid_crosswalk_reports_each_located_problem() -> None:
    mappings = _same_all()[1:]
    reg = _registry(("uji", _plugin([_crosswalk(mappings, before="ombudsman-2022")])))
    (problem,) = reg.problems
    text = problem.render("id")
    assert "tidak sah" in text and "in05" in text  # 2022 has no in05 or in15
    assert any(d.code == "crosswalk_unknown_indicator" for d in problem.details)
