"""The conformance suite (kepatuhan.testing.check_rubric): it passes for sound rubrics and
names the right properties for broken ones."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings

import kepatuhan as kp
from builders import ASSUMED, BANDS_2, SOURCES, group, indicator
from kepatuhan import strategies as strategies_module
from kepatuhan.testing import (
    PROPERTIES,
    ConformanceError,
    check_registered,
    check_rubric,
    rubrics,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Reduction = Callable[[IntArray, FloatArray, int], FloatArray]

SCALE = {
    "kind": "interval",
    "minimum": 0,
    "maximum": 3,
    "step": 1,
    "provenance": ASSUMED,
}
BANDS = [{**band, "provenance": ASSUMED} for band in BANDS_2]


def item(ident: str, weight: float = 1.0, **kw: Any) -> dict[str, Any]:
    """An indicator with every provenance the suite asks for."""
    return indicator(ident, weight, **{"scale": SCALE, **kw})


def data(nodes: list[dict[str, Any]] | None = None, **kw: Any) -> dict[str, Any]:
    """A rubric (as data) that passes the whole suite unless ``kw`` breaks it."""
    default = [group("g", [item("a"), item("b", 2.0)]), item("c", respondents=3)]
    return {
        "id": "uji",
        "title": "Rubrik uji",
        "nodes": default if nodes is None else nodes,
        "zoning": {"bands": BANDS, "provenance": ASSUMED},
        "provenance": ASSUMED,
        "sources": SOURCES,
        **kw,
    }


def sound(nodes: list[dict[str, Any]] | None = None, **kw: Any) -> kp.Rubric:
    return kp.Rubric.model_validate(data(nodes, **kw))


def failed(rub: kp.Rubric, **kw: Any) -> ConformanceError:
    """The error ``check_rubric`` raises for ``rub`` (the test fails if it passes)."""
    with pytest.raises(ConformanceError) as info:
        check_rubric(rub, **kw)
    return info.value


def reason(error: ConformanceError, name: str) -> str:
    (found,) = [why for prop, why in error.failures if prop == name]
    return found


def with_full_provenance(rub: kp.Rubric) -> kp.Rubric:
    """``rub`` with a provenance on the zoning rule, every band and every scale."""
    prov = kp.Provenance(
        source=next(iter(rub.sources)), confidence=kp.Confidence.ASSUMED, note="added by test"
    )
    bands = tuple(
        b if b.provenance else b.model_copy(update={"provenance": prov}) for b in rub.zoning.bands
    )
    zoning = rub.zoning.model_copy(
        update={"bands": bands, "provenance": rub.zoning.provenance or prov}
    )

    def fill(node: kp.Group | kp.Indicator) -> kp.Group | kp.Indicator:
        if isinstance(node, kp.Group):
            return node.model_copy(update={"children": tuple(map(fill, node.children))})
        scale = node.scale.model_copy(update={"provenance": node.scale.provenance or prov})
        return node.model_copy(update={"scale": scale})

    filled = rub.model_copy(update={"zoning": zoning, "nodes": tuple(map(fill, rub.nodes))})
    return kp.Rubric.model_validate_json(filled.model_dump_json())  # validated again


@pytest.fixture
def register_reduction() -> Iterator[Callable[[str, Reduction], None]]:
    """Register a respondent reduction for one test: in a strategy table of its own, in use
    while the test runs."""
    table = strategies_module.StrategyTable(strategies_module.active_table())

    def register(name: str, reduce: Reduction) -> None:
        table.add(kp.Strategy("respondent_reduction", name, reduce), "test")

    with table.use():
        yield register


# Sound rubrics pass ---------------------------------------------------------------------------


def test_builtin_rubric_passes() -> None:
    check_rubric(kp.get_rubric("ombudsman-2023"))
    check_rubric(kp.get_rubric("ombudsman-2023"), examples=5, seed=123)


def test_small_rubric_passes() -> None:
    check_rubric(sound())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rub=rubrics(precision=None, missing_policies=("exclude", "zero", "strict")))
def test_generated_rubrics_pass(rub: kp.Rubric) -> None:
    """Generated rubrics conform once complete; the generator leaves band and scale
    provenance out at random, and that is the only thing the suite may hold against them."""
    check_rubric(with_full_provenance(rub), examples=8)
    optional = [rub.zoning.provenance, *(b.provenance for b in rub.zoning.bands)]
    optional += [i.scale.provenance for i in rub.indicators()]
    if all(optional):
        check_rubric(rub, examples=8)
    else:
        assert failed(rub, examples=8).properties == ("provenance_present",)


def test_registered_builtins_pass() -> None:
    registry = kp.RubricRegistry(entry_points=False)
    check_registered(registry=registry)
    check_registered(registry=registry, plugin="kepatuhan.rubrics.opini_pengawasan")


# Broken rubrics fail with the right names -------------------------------------------------------


def _replace_indicator(rub: kp.Rubric, ident: str, **update: Any) -> kp.Rubric:
    """``rub`` with indicator ``ident`` changed, without validation (model_copy)."""

    def change(node: kp.Group | kp.Indicator) -> kp.Group | kp.Indicator:
        if isinstance(node, kp.Group):
            return node.model_copy(update={"children": tuple(map(change, node.children))})
        return node.model_copy(update=update) if node.id == ident else node

    return rub.model_copy(update={"nodes": tuple(map(change, rub.nodes))})


def test_zero_weight() -> None:
    """Only ``model_copy``/``model_construct`` get a zero weight past validation."""
    error = failed(_replace_indicator(sound(), "a", weight=0.0))
    assert error.properties == ("weights_valid", "json_round_trip")
    assert "nodes[0].children[0].weight: 0.0 is not a finite number > 0" in str(error)


def _with_nodes(rub: kp.Rubric, **update: Any) -> kp.Rubric:
    """``rub`` with every top-level node updated, unvalidated (as a careless plugin might)."""
    nodes = tuple(n.model_copy(update=update) for n in rub.nodes)
    return rub.model_copy(update={"nodes": nodes})


def test_weights_that_overflow_are_refused_and_do_not_conform() -> None:
    """Each weight is finite, their sum is not: every share becomes 0 and nothing scores."""
    with pytest.raises(kp.InvalidRubricError, match=r"nodes\[0\]\.weight"):
        sound([item("a", 1e308), item("b", 1e308)])
    error = failed(_with_nodes(sound([item("a"), item("b")]), weight=1e308))
    # An unvalidated rubric that validation refuses cannot be read back from JSON either.
    assert error.properties == (
        "weights_valid",
        "all_best_is_maximum",
        "all_worst_is_minimum",
        "not_applicable_renormalises",
        "json_round_trip",
    )
    assert "top-level nodes: normalised weights add up to 0.0, not 1" in reason(
        error, "weights_valid"
    )
    assert "scores None, not 100.00" in reason(error, "all_best_is_maximum")


def _zoning(*bands: tuple[str, str]) -> kp.ZoningRule:
    """Bands as given (unsorted, unchecked), built without validation."""
    prov = kp.Provenance.model_validate(ASSUMED)
    made = tuple(
        kp.Band(
            lower=Decimal(lo), upper=Decimal(hi), zone=kp.Zone.HIJAU, label="Zona", provenance=prov
        )
        for lo, hi in bands
    )
    return kp.ZoningRule.model_construct(
        precision=2, minimum=Decimal(0), maximum=Decimal(100), bands=made, provenance=prov
    )


@pytest.mark.parametrize(
    ("bands", "detail"),
    [
        ((("0.00", "49.98"), ("50.00", "100.00")), "gap between 49.98 and 50.00"),
        ((("0.00", "50.00"), ("50.00", "100.00")), "overlaps the band ending at 50.00"),
        ((("50.00", "100.00"), ("0.00", "49.99")), "not in ascending order"),
        ((("0.00", "99.99"),), "last band ends at 99.99, not 100"),
    ],
)
def test_bands_that_do_not_tile_0_to_100(bands: tuple[tuple[str, str], ...], detail: str) -> None:
    """The JSON of such a rubric no longer validates (or, sorted, no longer equals it)."""
    rub = sound().model_copy(update={"zoning": _zoning(*bands)})
    error = failed(rub)
    assert error.properties == ("bands_cover_range", "json_round_trip")
    assert detail in reason(error, "bands_cover_range")


def test_missing_provenance_is_listed_by_path() -> None:
    bands = [BANDS[0], BANDS_2[1]]  # the second band has no provenance
    rub = sound(zoning={"bands": bands}, nodes=[item("a"), indicator("b")])
    error = failed(rub)
    assert error.properties == ("provenance_present",)
    assert reason(error, "provenance_present") == (
        "no provenance at zoning.provenance, zoning.bands[1].provenance, nodes[1].scale.provenance"
    )


def test_provenance_citing_an_unknown_source() -> None:
    rub = sound().model_copy(update={"sources": {"lain": kp.Source(title="Sumber lain")}})
    error = failed(rub)
    assert error.properties == ("json_round_trip", "provenance_present")
    assert "source not in the rubric's sources at provenance ('M')" in reason(
        error, "provenance_present"
    )


def test_english_band_labels() -> None:
    bands = [
        {**BANDS[0], "label": "Low quality", "label_en": "low  quality"},
        {**BANDS[1], "grade": "A", "label": "A", "label_en": "A"},  # a code: allowed
    ]
    error = failed(sound(zoning={"bands": bands, "provenance": ASSUMED}))
    assert error.properties == ("labels_indonesian",)
    assert reason(error, "labels_indonesian") == (
        "zoning.bands[0].label 'Low quality' is its English text copied"
    )


def test_blank_names() -> None:
    with pytest.raises(kp.InvalidRubricError) as refused:
        sound([item("a", name="  "), item("b")], title=" ")
    assert [p.location for p in refused.value.problems] == ["title", "nodes[0].name"]
    rub = sound([item("a"), item("b")])
    first = rub.nodes[0].model_copy(update={"name": "  "})
    blank = rub.model_copy(update={"title": " ", "nodes": (first, rub.nodes[1])})
    error = failed(blank)
    assert error.properties == ("json_round_trip", "labels_indonesian")
    assert reason(error, "labels_indonesian") == "title is empty; nodes[0].name of 'a' is empty"


def test_best_answer_that_is_not_a_step() -> None:
    """0–10 in steps of 3 is refused; built anyway, 10 is no allowed answer: nothing scores 100."""
    odd = {"kind": "ordinal", "minimum": 0, "maximum": 10, "step": 3, "provenance": ASSUMED}
    with pytest.raises(kp.InvalidRubricError, match="must lie on a step"):
        sound([item("a", scale=odd), item("b")])
    rub = sound([item("a"), item("b")])
    scale = kp.Scale.model_construct(
        kind=kp.ScaleKind.ORDINAL,
        minimum=0.0,
        maximum=10.0,
        step=3.0,
        higher_is_better=True,
        provenance=kp.Provenance.model_validate(ASSUMED),
    )
    first = rub.nodes[0].model_copy(update={"scale": scale})
    error = failed(rub.model_copy(update={"nodes": (first, rub.nodes[1])}))
    assert error.properties == ("all_best_is_maximum", "json_round_trip")
    assert (
        reason(error, "all_best_is_maximum") == "best answer 10.0 of 'a' is not on its scale 0–10"
    )


def _gap_reduction(group: IntArray, value: FloatArray, n: int) -> FloatArray:
    """Highest answer when the respondents are within one step of each other, else lowest:
    equal answers give themselves (best stays best), but a better answer can lower it."""
    low = strategies_module.RESPONDENT_REDUCTIONS["min"](group, value, n)
    high = strategies_module.RESPONDENT_REDUCTIONS["max"](group, value, n)
    return np.where(high - low <= 1 + 1e-9, high, low)


def test_non_monotone_reduction(register_reduction: Callable[[str, Reduction], None]) -> None:
    register_reduction("ragu", _gap_reduction)
    rub = sound([item("a", respondents=2), item("b", respondents=3)], respondent_reduction="ragu")
    error = failed(rub)
    assert error.properties == ("monotone",)
    assert "lowered node" in reason(error, "monotone")


def test_non_deterministic_reduction(register_reduction: Callable[[str, Reduction], None]) -> None:
    """A reduction with state: the lowest answer on odd calls, the highest on even ones."""
    calls = itertools.count()

    def flip_flop(group: IntArray, value: FloatArray, n: int) -> FloatArray:
        kind = "min" if next(calls) % 2 else "max"
        return strategies_module.RESPONDENT_REDUCTIONS[kind](group, value, n)

    register_reduction("acak", flip_flop)
    error = failed(sound([item("a", respondents=3)], respondent_reduction="acak"))
    assert "deterministic" in error.properties
    assert "scoring twice gives different JSON" in reason(error, "deterministic")


def test_a_check_that_raises_is_a_failure_not_a_crash() -> None:
    """An unknown strategy (possible only without validation) breaks scoring itself."""
    rub = sound().model_copy(update={"respondent_reduction": "hilang"})
    error = failed(rub)
    assert {"all_best_is_maximum", "monotone", "json_round_trip"} <= set(error.properties)
    assert reason(error, "all_best_is_maximum").startswith("raised UnknownStrategyError")


# The error and the entry points ------------------------------------------------------------------


def test_error_lists_every_failure() -> None:
    rub = sound([item("a")], zoning={"bands": BANDS_2})
    error = failed(_with_nodes(rub, name=" "))
    assert isinstance(error, AssertionError) and isinstance(error, kp.KepatuhanError)
    assert error.properties == ("json_round_trip", "provenance_present", "labels_indonesian")
    assert str(error).splitlines() == [
        "rubric 'uji' fails 3 conformance properties:",
        "  - json_round_trip: raised InvalidRubricError: invalid rubric: 1 problem "
        "- nodes[0].name: must not be empty or blank",
        "  - provenance_present: no provenance at zoning.provenance, "
        "zoning.bands[0].provenance, zoning.bands[1].provenance",
        "  - labels_indonesian: nodes[0].name of 'a' is empty",
    ]
    assert all(name in PROPERTIES for name in error.properties)


def test_same_seed_same_verdict(register_reduction: Callable[[str, Reduction], None]) -> None:
    register_reduction("ragu", _gap_reduction)
    rub = sound([item("a", respondents=2), item("b", respondents=3)], respondent_reduction="ragu")
    assert str(failed(rub, seed=7)) == str(failed(rub, seed=7))


def test_examples_must_be_positive() -> None:
    with pytest.raises(ValueError, match="examples"):
        check_rubric(sound(), examples=0)


def _plugin(*rubrics: Any) -> types.SimpleNamespace:
    @kp.hookimpl
    def kepatuhan_rubrics() -> Sequence[Any]:
        return list(rubrics)

    return types.SimpleNamespace(kepatuhan_rubrics=kepatuhan_rubrics)


def test_check_registered_names_failing_rubrics() -> None:
    english = {**BANDS[0], "label": "Low quality", "label_en": "Low quality"}
    bad = data(id="buruk", zoning={"bands": [english, BANDS[1]], "provenance": ASSUMED})
    registry = kp.RubricRegistry(
        entry_points=False, builtins=False, plugins=[("rubrik_uji", _plugin(data(), bad))]
    )
    with pytest.raises(ConformanceError) as info:
        check_registered(registry=registry, plugin="rubrik_uji")
    error = info.value
    assert error.rubrics == ("buruk",)
    assert error.properties == ("labels_indonesian",)
    assert error.failures[0][1].startswith("rubric 'buruk': zoning.bands[0].label")
    assert str(error).splitlines()[0] == (
        "plugin 'rubrik_uji' fails conformance: 1 of 2 rubric(s) fail ('buruk'):"
    )


def test_check_registered_fails_for_plugins_it_cannot_check() -> None:
    @kp.hookimpl
    def kepatuhan_rubrics() -> Sequence[Any]:
        raise RuntimeError("boom")

    raising = types.SimpleNamespace(kepatuhan_rubrics=kepatuhan_rubrics)
    with pytest.warns(kp.PluginWarning):
        registry = kp.RubricRegistry(
            entry_points=False, plugins=[("meledak", raising), ("kosong", _plugin())]
        )
    cases = {
        "meledak": "hook kepatuhan_rubrics raised RuntimeError: boom",
        "kosong": "plugin 'kosong' registers no rubrics",
        "tidak_ada": "no kepatuhan plugin named 'tidak_ada' is installed",
    }
    for plugin, message in cases.items():
        with pytest.raises(ConformanceError) as info:
            check_registered(registry=registry, plugin=plugin)
        assert info.value.properties == ("plugin_loads",)
        assert message in str(info.value)
    with pytest.raises(ConformanceError, match="meledak"):
        check_registered(registry=registry)  # every plugin: a broken one fails the lot


def test_works_without_hypothesis() -> None:
    """The suite and the pytest plugin need only the library: run them where hypothesis
    cannot be imported (the strategies alone need it)."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["hypothesis"] = None  # import hypothesis now raises ImportError
        import kepatuhan as kp
        from kepatuhan.testing import check_rubric
        import kepatuhan.testing.pytest_plugin  # loaded by every pytest session
        check_rubric(kp.get_rubric("ombudsman-2023"), examples=3)
        try:
            from kepatuhan.testing import rubrics
        except ImportError:
            print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
