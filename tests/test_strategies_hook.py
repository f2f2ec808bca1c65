"""Plugins provide named strategies (``kepatuhan_strategies``): a new roll-up or respondent
reduction without touching the core."""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

import kepatuhan as kp
from builders import answer, indicator, round_, rubric
from kepatuhan.strategies import ENTITY_ROLLUPS, RESPONDENT_REDUCTIONS, strategy_owner

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def best_of_units(
    entity: IntArray, scaled: IntArray, has: BoolArray, n: int
) -> tuple[IntArray, BoolArray]:
    """Entity score = its best unit's published score (a rule a future year might use)."""
    out = np.zeros(n, dtype=np.int64)
    np.maximum.at(out, entity[has], scaled[has])
    return out, np.bincount(entity[has], minlength=n) > 0


def second_answer(group: IntArray, value: npt.NDArray[np.float64], n: int) -> Any:
    """Not order-free on purpose: only used to test registration, never to score."""
    return np.zeros(n)


def _plugin(strategies: Sequence[Any], *rubrics: Callable[[], kp.Rubric]) -> types.SimpleNamespace:
    @kp.hookimpl
    def kepatuhan_strategies() -> Sequence[Any]:
        return list(strategies)

    @kp.hookimpl
    def kepatuhan_rubrics() -> Sequence[kp.Rubric]:
        # Built inside the hook: the plugin's own strategies are registered by now.
        return [make() for make in rubrics]

    return types.SimpleNamespace(
        kepatuhan_strategies=kepatuhan_strategies, kepatuhan_rubrics=kepatuhan_rubrics
    )


BEST = kp.Strategy("entity_rollup", "best_of_units", best_of_units, "the best unit counts")


def test_hook_kepatuhan_strategies() -> None:
    def make() -> kp.Rubric:
        return rubric([indicator("a")], id="terbaik", entity_rollup="best_of_units")

    reg = kp.RubricRegistry(
        strict=True,
        builtins=False,
        entry_points=False,
        plugins=[("rollup-baru", _plugin([BEST], make))],
    )
    # The registry owns its plugins' strategies: nothing process-wide changed.
    assert "best_of_units" not in ENTITY_ROLLUPS
    assert reg.strategies.find("entity_rollup", "best_of_units") is best_of_units
    assert reg.strategies.owner("entity_rollup", "best_of_units") == "rollup-baru"
    assert reg.strategies.owner("entity_rollup", "mean_of_units") == "kepatuhan"
    assert strategy_owner("entity_rollup", "mean_of_units") == "kepatuhan"
    res = kp.score(
        round_(
            [answer("u1", "a", 3), answer("u2", "a", 1)],
            units=[("u1", "opd"), ("u2", "opd")],
            rubric_id="terbaik",
        ),
        reg.get("terbaik"),
    )
    assert [u.score for u in res.units] == [Decimal("100.00"), Decimal("33.33")]
    assert res.entities[0].score == Decimal("100.00")  # not the mean, 66.67
    # Loading the same plugin again (another registry) is harmless.
    kp.RubricRegistry(
        strict=True, builtins=False, entry_points=False, plugins=[("lagi", _plugin([BEST]))]
    )


def test_a_name_taken_by_another_function_is_refused_naming_both() -> None:
    clash = kp.Strategy("entity_rollup", "mean_of_units", best_of_units)
    with pytest.raises(kp.PluginError) as err:
        kp.RubricRegistry(
            strict=True, builtins=False, entry_points=False, plugins=[("penimpa", _plugin([clash]))]
        )
    assert str(err.value) == (
        "plugin 'penimpa': entity_rollup strategy 'mean_of_units' is already registered by "
        "'kepatuhan'"
    )
    assert not isinstance(err.value, kp.DuplicateRubricError)
    assert ENTITY_ROLLUPS["mean_of_units"] is not best_of_units


def test_bad_strategies_are_reported_and_skipped() -> None:
    bad = [
        kp.Strategy("respondent_reduction", "Bukan Nama", second_answer),
        kp.Strategy("weighting", "x", second_answer),  # type: ignore[arg-type]
        "not a strategy",
        kp.Strategy("respondent_reduction", "tanpa_fungsi", None),  # type: ignore[arg-type]
    ]
    with pytest.warns(kp.PluginWarning):
        reg = kp.RubricRegistry(
            builtins=False, entry_points=False, plugins=[("salah", _plugin(bad))]
        )
    messages = [p.message for p in reg.problems]
    assert messages == [
        "strategy name 'Bukan Nama' must be lower-case letters, digits and '_'",
        "unknown strategy kind 'weighting' (known: respondent_reduction, entity_rollup, "
        "opinion_rule)",
        "returned str, not a Strategy",
        "strategy 'tanpa_fungsi' has no callable function",
    ]
    assert "tanpa_fungsi" not in RESPONDENT_REDUCTIONS


def test_a_raising_hook_does_not_stop_the_others() -> None:
    @kp.hookimpl
    def kepatuhan_strategies() -> Sequence[Any]:
        raise RuntimeError("rusak")

    broken = types.SimpleNamespace(kepatuhan_strategies=kepatuhan_strategies)
    with pytest.warns(kp.PluginWarning, match="hook kepatuhan_strategies raised RuntimeError"):
        reg = kp.RubricRegistry(entry_points=False, plugins=[("rusak", broken)])
    assert "ombudsman-2023" in reg.ids()


def test_register_strategy_directly() -> None:
    strategy = kp.Strategy("respondent_reduction", "uji_langsung", second_answer)
    kp.register_strategy(strategy, "skrip")
    kp.register_strategy(strategy, "skrip")  # the same function again: no-op
    assert RESPONDENT_REDUCTIONS["uji_langsung"] is second_answer
    other = kp.Strategy("respondent_reduction", "uji_langsung", best_of_units)
    with pytest.raises(kp.PluginError, match="already registered by 'skrip'"):
        kp.register_strategy(other, "lain")
