"""Registries own their plugins' strategies; hooks get their arguments through pluggy; the
opinion rule is a plugin strategy; plugin problems speak both languages; a plugin's stdout,
exits and questions while loading stay in hand (in-process; the subprocess cases are in
test_plugin_corpus.py)."""

from __future__ import annotations

import contextlib
import gc
import string
import sys
import threading
import types
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import kepatuhan as kp
from builders import answer, indicator, round_, rubric
from kepatuhan import registry as registry_module
from kepatuhan.errors import MESSAGES
from kepatuhan.oversight import EntityOpinion, OversightProduct
from kepatuhan.strategies import ENTITY_ROLLUPS, OPINION_RULES

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
LOADING_TIME_LIMIT = 30.0


def lowest_unit(
    entity: IntArray, scaled: IntArray, has: BoolArray, n: int
) -> tuple[IntArray, BoolArray]:
    """Entity score = its worst unit's published score."""
    out = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, entity[has], scaled[has])
    found = np.bincount(entity[has], minlength=n) > 0
    return np.where(found, out, 0), found


def other_rollup(
    entity: IntArray, scaled: IntArray, has: BoolArray, n: int
) -> tuple[IntArray, BoolArray]:
    return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)


def _plugin(**hooks: Callable[..., Any]) -> types.SimpleNamespace:
    return types.SimpleNamespace(**{name: kp.hookimpl(f) for name, f in hooks.items()})


def _registry(*plugins: tuple[str, object], **kw: Any) -> kp.RubricRegistry:
    """A registry of the built-ins and ``plugins``, loaded in a thread: a hang fails the test."""
    made: list[kp.RubricRegistry] = []
    failed: list[BaseException] = []
    kw.setdefault("entry_points", False)

    def load() -> None:
        try:
            made.append(kp.RubricRegistry(plugins=plugins, **kw))
        except BaseException as exc:  # handed to the test
            failed.append(exc)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(LOADING_TIME_LIMIT)
    if thread.is_alive():
        pytest.fail(f"loading {[n for n, _ in plugins]} hung")
    if failed:
        raise failed[0]
    return made[0]


def _lowest_rubric() -> kp.Rubric:
    return rubric([indicator("a")], id="terendah", entity_rollup="terendah")


LOWEST = kp.Strategy("entity_rollup", "terendah", lowest_unit)


def _two_units(rubric_id: str = "terendah") -> kp.Round:
    return round_(
        [answer("u1", "a", 3), answer("u2", "a", 1)],
        units=[("u1", "opd"), ("u2", "opd")],
        rubric_id=rubric_id,
    )


# Hooks are called through pluggy, with their arguments --------------------------------------


def test_a_hook_gets_the_registry_when_it_names_it() -> None:
    seen: list[object] = []

    def kepatuhan_rubrics(registry: kp.RubricRegistry) -> Sequence[kp.Rubric]:
        seen.append(registry)
        return [registry.get("ombudsman-2024").model_copy(update={"id": "dengan-argumen"})]

    reg = _registry(("berargumen", _plugin(kepatuhan_rubrics=kepatuhan_rubrics)), strict=True)
    assert seen == [reg]
    assert reg.get("dengan-argumen").nodes == reg.get("ombudsman-2024").nodes


def test_a_later_plugin_is_collected_first_when_asked_for() -> None:
    def derived(registry: kp.RubricRegistry) -> Sequence[kp.Rubric]:
        return [registry.get("dasar").model_copy(update={"id": "turunan"})]

    def base() -> Sequence[kp.Rubric]:
        return [rubric([indicator("a")], id="dasar")]

    reg = _registry(
        ("turunan", _plugin(kepatuhan_rubrics=derived)),
        ("dasar", _plugin(kepatuhan_rubrics=base)),
        strict=True,
    )
    assert reg.plugin_of("turunan") == "turunan" and reg.plugin_of("dasar") == "dasar"


def test_a_cycle_in_process_names_the_plugin_and_does_not_hang() -> None:
    def first(registry: kp.RubricRegistry) -> Sequence[kp.Rubric]:
        return [registry.get("kedua").model_copy(update={"id": "pertama"})]

    def second(registry: kp.RubricRegistry) -> Sequence[kp.Rubric]:
        return [registry.get("pertama").model_copy(update={"id": "kedua"})]

    plugins = (
        ("satu", _plugin(kepatuhan_rubrics=first)),
        ("dua", _plugin(kepatuhan_rubrics=second)),
    )
    with pytest.raises(kp.PluginError, match=r"^plugin 'dua': asked for rubric 'pertama'"):
        _registry(*plugins, strict=True)


def test_a_strict_failure_swallowed_by_a_waiting_plugin_still_raises() -> None:
    def waiting(registry: kp.RubricRegistry) -> Sequence[kp.Rubric]:
        with contextlib.suppress(Exception):  # a careless plugin: swallows everything
            registry.get("rusak")
        return []

    def broken() -> Sequence[kp.Rubric]:
        raise RuntimeError("boom")

    plugins = (
        ("menunggu", _plugin(kepatuhan_rubrics=waiting)),
        ("rusak", _plugin(kepatuhan_rubrics=broken)),
    )
    with pytest.raises(kp.PluginError, match=r"^plugin 'rusak': hook kepatuhan_rubrics raised"):
        _registry(*plugins, strict=True)


# Registries own their strategies -------------------------------------------------------------


def _lowest_plugin() -> types.SimpleNamespace:
    return _plugin(
        kepatuhan_strategies=lambda: [LOWEST], kepatuhan_rubrics=lambda: [_lowest_rubric()]
    )


def test_strategies_belong_to_the_registry_that_loaded_them() -> None:
    reg = _registry(("terendah", _lowest_plugin()), strict=True)
    assert reg.strategies.owner("entity_rollup", "terendah") == "terendah"
    assert "terendah" not in ENTITY_ROLLUPS  # not process-wide
    res = kp.score(_two_units(), reg.get("terendah"))
    assert [str(e.score) for e in res.entities] == ["33.33"]  # the worst unit, not the mean
    # Another registry neither sees it nor refuses the name for a function of its own.
    other = kp.Strategy("entity_rollup", "terendah", other_rollup)
    plain = _registry(("lain", _plugin(kepatuhan_strategies=lambda: [other])), strict=True)
    assert plain.strategies.find("entity_rollup", "terendah") is other_rollup
    assert kp.score(_two_units(), reg.get("terendah")).entities[0].score is not None


def test_a_discarded_registry_takes_its_strategies_with_it() -> None:
    reg = _registry(("terendah", _lowest_plugin()), strict=True)
    del reg
    gc.collect()
    assert "terendah" not in ENTITY_ROLLUPS
    with pytest.raises(kp.InvalidRubricError) as err:
        _lowest_rubric()
    assert [p.location for p in err.value.problems] == ["entity_rollup"]
    # A plugin that names it without providing it is an invalid rubric, located.
    data = rubric([indicator("a")], id="terendah").model_dump(mode="json")
    data["entity_rollup"] = "terendah"
    bare = _plugin(kepatuhan_rubrics=lambda: [data])
    with pytest.warns(kp.PluginWarning):
        loaded = _registry(("tanpa", bare))
    assert loaded.problems[0].details[0].location == "entity_rollup"


def test_a_copy_finds_plugin_strategies_in_the_registry_in_use() -> None:
    reg = _registry(("terendah", _lowest_plugin()), strict=True)
    copy = reg.get("terendah").model_copy(update={"id": "salinan"})
    with pytest.raises(kp.UnknownStrategyError, match="'terendah'"):
        kp.score(_two_units("salinan"), copy)  # located by name, never a silent mean
    with reg.use():
        assert kp.get_rubric("terendah") is reg.get("terendah")
        assert str(kp.score(_two_units("salinan"), copy).entities[0].score) == "33.33"


# The opinion rule is a strategy kind ---------------------------------------------------------


def most_followed_up(products: tuple[OversightProduct, ...]) -> EntityOpinion:
    """Qualifies when at most half the products are outstanding."""
    outstanding = tuple(sorted(p.reference for p in products if not p.followed_up))
    return EntityOpinion(
        without_maladministration=2 * len(outstanding) <= len(products), outstanding=outstanding
    )


def _opinion_plugin(rule: str, function: Callable[..., Any] = most_followed_up) -> object:
    def rubrics(registry: kp.RubricRegistry) -> Sequence[kp.Rubric]:
        base = registry.get("ombudsman-2025")
        data = base.model_dump(mode="json")
        data["id"] = "ombudsman-2025-mayoritas"
        data["opinion"]["rule"] = rule
        return [kp.Rubric.model_validate(data)]

    strategy = kp.Strategy("opinion_rule", "sebagian_besar", function)
    return _plugin(kepatuhan_strategies=lambda: [strategy], kepatuhan_rubrics=rubrics)


def _opinions(rub: kp.Rubric, followed: Sequence[bool]) -> str | None:
    dims = [n.id for n in rub.nodes]
    products = [
        kp.OversightProduct(entity="e1", kind="saran_perbaikan", reference=f"S-{i}", followed_up=f)
        for i, f in enumerate(followed)
    ]
    round_ = kp.Round(
        rubric=rub.id,
        entities=[kp.Entity(code="e1", name="Pemkab Uji", kind="pemkab")],
        units=[kp.ServiceUnit(code="u1", name="Dinas Uji", entity="e1", unit_type="opd")],
        dimension_scores=[kp.DimensionScore(unit="u1", dimension=d, value=80.0) for d in dims],
        oversight_products=products,
    )
    return kp.score(round_, rub).entities[0].opinion


def test_a_plugin_provides_an_opinion_rule() -> None:
    reg = _registry(("opini", _opinion_plugin("sebagian_besar")), strict=True)
    rub = reg.get("ombudsman-2025-mayoritas")
    assert rub.opinion is not None and rub.opinion.rule == "sebagian_besar"
    assert "sebagian_besar" not in OPINION_RULES  # the registry's own
    qualified = _opinions(rub, [True, False])
    assert qualified is not None and qualified.endswith("Tanpa Maladministrasi")
    builtin = reg.get("ombudsman-2025")  # the default rule: one outstanding product is enough
    assert builtin.opinion is not None and builtin.opinion.rule == "all_followed_up"
    assert not (_opinions(builtin, [True, False]) or "").endswith("Tanpa Maladministrasi")


def test_an_unknown_opinion_rule_is_a_located_problem() -> None:
    with pytest.warns(kp.PluginWarning):
        reg = _registry(("opini", _opinion_plugin("tidak_ada")))
    [problem] = reg.problems
    assert problem.plugin == "opini" and problem.code == "plugin_hook_raised"
    assert "opinion.rule: unknown opinion_rule strategy 'tidak_ada'" in problem.message
    assert "known: all_followed_up, sebagian_besar" in problem.message


def test_an_opinion_rule_returning_something_else_is_a_plugin_error() -> None:
    reg = _registry(("opini", _opinion_plugin("sebagian_besar", lambda p: True)), strict=True)
    with pytest.raises(kp.PluginError, match="'sebagian_besar' returned bool"):
        _opinions(reg.get("ombudsman-2025-mayoritas"), [True])


# Problems in both languages, chosen by class -------------------------------------------------


PLUGIN_CODES = sorted(c for c in MESSAGES if c.startswith(("plugin_", "strategy_")))


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("code", PLUGIN_CODES)
def test_plugin_messages_have_both_languages_with_the_same_placeholders(code: str) -> None:
    english, indonesian = MESSAGES[code]
    assert _fields(english) == _fields(indonesian)
    assert english != indonesian


class _EntryPoint:
    def __init__(self, name: str, load: Callable[[], Any]) -> None:
        self.name, self.load = name, load


def test_every_kind_of_failure_renders_in_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Any:
        raise ImportError("hilang")

    monkeypatch.setattr(registry_module, "_entry_points", lambda: [_EntryPoint("impor", missing)])
    taken = kp.Strategy("entity_rollup", "mean_of_units", other_rollup)
    failing: list[tuple[str, object]] = [
        ("asing", _plugin(kepatuhan_tidak_ada=lambda: None)),
        ("ditolak", _plugin(kepatuhan_rubrics=lambda bukan_argumen: [])),
        ("meledak", _plugin(kepatuhan_rubrics=lambda: 1 / 0)),
        ("angka", _plugin(kepatuhan_rubrics=lambda: 42)),
        ("teks", _plugin(kepatuhan_rubrics=lambda: ["bukan rubrik"])),
        ("salah", _plugin(kepatuhan_rubrics=lambda: [{"id": "x"}])),
        (
            "ganda",
            _plugin(kepatuhan_rubrics=lambda: [rubric([indicator("a")], id="ombudsman-2023")]),
        ),
        ("strategi", _plugin(kepatuhan_strategies=lambda: 5)),
        ("bukan", _plugin(kepatuhan_strategies=lambda: ["x"])),
        (
            "nama",
            _plugin(
                kepatuhan_strategies=lambda: [kp.Strategy("entity_rollup", "Nama", other_rollup)]
            ),
        ),
        ("rebut", _plugin(kepatuhan_strategies=lambda: [taken])),
    ]
    with pytest.warns(kp.PluginWarning):
        reg = _registry(*failing, entry_points=True)
    assert [(p.plugin, p.code) for p in reg.problems] == [
        ("impor", "plugin_import_failed"),
        ("asing", "plugin_unknown_hook"),
        ("ditolak", "plugin_not_registered"),
        ("strategi", "plugin_strategies_not_sequence"),
        ("bukan", "plugin_not_strategy"),
        ("nama", "strategy_bad_name"),
        ("rebut", "strategy_taken"),
        ("meledak", "plugin_hook_raised"),
        ("angka", "plugin_rubrics_not_sequence"),
        ("teks", "plugin_not_rubric"),
        ("salah", "plugin_invalid_rubric"),
        ("ganda", "plugin_duplicate_rubric"),
    ]
    english_words = ("returned", "raised", "already", "invalid", "must", "not a", "failed")
    for problem in reg.problems:
        indonesian = problem.render("id")
        assert indonesian.startswith(f"plugin {problem.plugin!r}: ")
        assert problem.render("en") == str(problem)
        said = indonesian.split(": ", 1)[1]
        for word in english_words:  # the plugin's own exception text aside
            assert word not in said.replace("ZeroDivisionError: division by zero", ""), said
    invalid = next(p for p in reg.problems if p.code == "plugin_invalid_rubric")
    assert invalid.render("id").startswith(
        "plugin 'salah': mengembalikan rubrik tidak sah:\nrubrik tidak sah: "
    )
    assert invalid.details


def test_duplicates_are_chosen_by_class_not_by_message() -> None:
    def says_duplicate() -> Sequence[kp.Rubric]:
        raise RuntimeError("rubric id 'x' is already registered")

    with pytest.raises(kp.PluginError) as err:
        _registry(("penipu", _plugin(kepatuhan_rubrics=says_duplicate)), strict=True)
    assert not isinstance(err.value, kp.DuplicateRubricError)
    twice = _plugin(kepatuhan_rubrics=lambda: [rubric([indicator("a")], id="ombudsman-2023")])
    with pytest.raises(kp.DuplicateRubricError):
        _registry(("ganda", twice), strict=True)


# stdout and exits, in process ----------------------------------------------------------------


def test_what_a_plugin_prints_while_loading_goes_to_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def rubrics() -> Sequence[kp.Rubric]:
        print("dari hook")
        return []

    def strategies() -> Sequence[kp.Strategy]:
        sys.stdout.write("dari strategi\n")
        return []

    kp.RubricRegistry(
        entry_points=False,
        plugins=[("cerewet", _plugin(kepatuhan_rubrics=rubrics, kepatuhan_strategies=strategies))],
    )
    out, err = capsys.readouterr()
    assert out == ""
    assert "dari hook" in err and "dari strategi" in err
    print("sesudahnya")
    assert capsys.readouterr().out == "sesudahnya\n"  # stdout is back


@pytest.mark.parametrize("exc", [SystemExit(2), KeyboardInterrupt()])
def test_an_exit_in_a_hook_is_the_plugins_failure(exc: BaseException) -> None:
    def rubrics() -> Sequence[kp.Rubric]:
        raise exc

    with pytest.warns(kp.PluginWarning):
        reg = _registry(("keluar", _plugin(kepatuhan_rubrics=rubrics)))
    assert [p.plugin for p in reg.problems] == ["keluar"]
    assert "ombudsman-2023" in reg.ids()
    with pytest.raises(kp.PluginError, match=type(exc).__name__):
        _registry(("keluar", _plugin(kepatuhan_rubrics=rubrics)), strict=True)


def test_default_problems_do_not_load_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_module, "_default", None)
    assert registry_module.default_problems() == []
    assert registry_module._default is None
