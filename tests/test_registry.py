"""The plugin registry: built-ins, entry points, failure isolation, strict mode, blocking."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any

import pytest

import kepatuhan as kp
from builders import indicator, rubric
from kepatuhan import registry as registry_module


class _EntryPoint:
    """Stands in for ``importlib.metadata.EntryPoint`` (name + load)."""

    def __init__(self, name: str, load: Any) -> None:
        self.name = name
        self._load = load

    def load(self) -> Any:
        return self._load()


def _plugin(*rubrics: Any, name: str = "p") -> types.SimpleNamespace:
    @kp.hookimpl
    def kepatuhan_rubrics() -> Sequence[Any]:
        return list(rubrics)

    return types.SimpleNamespace(kepatuhan_rubrics=kepatuhan_rubrics, __name__=name)


def _raising(exc: Exception) -> types.SimpleNamespace:
    @kp.hookimpl
    def kepatuhan_rubrics() -> Sequence[Any]:
        raise exc

    return types.SimpleNamespace(kepatuhan_rubrics=kepatuhan_rubrics)


@pytest.fixture
def entry_points(monkeypatch: pytest.MonkeyPatch) -> list[_EntryPoint]:
    eps: list[_EntryPoint] = []
    monkeypatch.setattr(registry_module, "_entry_points", lambda: eps)
    return eps


def _warned(**kw: Any) -> kp.RubricRegistry:
    """A non-strict registry whose every recorded problem was also warned about."""
    with pytest.warns(kp.PluginWarning) as record:
        reg = kp.RubricRegistry(**kw)
    assert [str(w.message) for w in record] == [str(p) for p in reg.problems]
    return reg


def _other(rubric_id: str = "lain") -> kp.Rubric:
    return rubric([indicator("a")], id=rubric_id)


def test_hook_kepatuhan_rubrics(entry_points: list[_EntryPoint]) -> None:
    calls: list[str] = []

    @kp.hookimpl
    def kepatuhan_rubrics() -> Sequence[Any]:
        calls.append("called")
        return [_other("satu"), _other("dua")]

    plugin = types.SimpleNamespace(kepatuhan_rubrics=kepatuhan_rubrics)
    reg = kp.RubricRegistry(plugins=[("dua-rubrik", plugin)])
    assert calls == ["called"]
    assert {reg.plugin_of("satu"), reg.plugin_of("dua")} == {"dua-rubrik"}
    assert reg.get("satu").id == "satu"


def test_builtins_are_ordinary_plugins(entry_points: list[_EntryPoint]) -> None:
    reg = kp.RubricRegistry()
    assert "ombudsman-2023" in reg.ids()
    assert reg.plugin_of("ombudsman-2023") == "kepatuhan.rubrics.opini_pengawasan"
    assert reg.problems == []


def test_entry_point_plugin_is_loaded(entry_points: list[_EntryPoint]) -> None:
    entry_points.append(_EntryPoint("rubrik-lain", lambda: _plugin(_other())))
    reg = kp.RubricRegistry()
    assert reg.get("lain").id == "lain"
    assert [i.plugin for i in reg.infos() if i.id == "lain"] == ["rubrik-lain"]


def test_plugin_may_return_validated_dicts(entry_points: list[_EntryPoint]) -> None:
    data = _other().model_dump(mode="json")
    reg = kp.RubricRegistry(plugins=[("dict-plugin", _plugin(data))])
    assert reg.get("lain") == _other()


def test_failing_import_is_reported_and_skipped(entry_points: list[_EntryPoint]) -> None:
    def broken() -> Any:
        raise ImportError("no module named 'hilang'")

    entry_points.append(_EntryPoint("rusak", broken))
    entry_points.append(_EntryPoint("baik", lambda: _plugin(_other())))
    reg = _warned()
    assert "lain" in reg.ids()
    assert [str(p) for p in reg.problems] == [
        "plugin 'rusak': failed to import: ImportError: no module named 'hilang'"
    ]
    with pytest.raises(kp.PluginError, match="rusak"):
        kp.RubricRegistry(strict=True)


def test_hook_that_raises_is_isolated(entry_points: list[_EntryPoint]) -> None:
    reg = _warned(plugins=[("meledak", _raising(RuntimeError("boom")))])
    assert "ombudsman-2023" in reg.ids()
    assert "meledak" in str(reg.problems[0]) and "RuntimeError: boom" in str(reg.problems[0])
    with pytest.raises(kp.PluginError, match="meledak"):
        kp.RubricRegistry(strict=True, plugins=[("meledak", _raising(RuntimeError("boom")))])


def test_invalid_rubric_is_reported(entry_points: list[_EntryPoint]) -> None:
    bad = _other().model_dump(mode="json")
    bad["nodes"][0]["weight"] = -1
    reg = _warned(plugins=[("salah", _plugin(bad, "not a rubric"))])
    messages = [str(p) for p in reg.problems]
    assert len(messages) == 2
    assert "returned an invalid rubric" in messages[0] and "nodes[0].weight" in messages[0]
    assert "returned str, not a Rubric" in messages[1]
    assert "lain" not in reg.ids()


def test_wrong_return_type(entry_points: list[_EntryPoint]) -> None:
    reg = kp.RubricRegistry(plugins=[("aneh", _plugin())])
    assert reg.problems == []
    odd = types.SimpleNamespace(kepatuhan_rubrics=kp.hookimpl(lambda: 42))
    reg = _warned(plugins=[("aneh", odd)])
    assert "returned int" in str(reg.problems[0])


def test_duplicate_ids_name_both_plugins(entry_points: list[_EntryPoint]) -> None:
    plugins = [("pertama", _plugin(_other())), ("kedua", _plugin(_other()))]
    reg = _warned(plugins=plugins)
    assert reg.plugin_of("lain") == "pertama"
    assert str(reg.problems[0]) == (
        "plugin 'kedua': rubric id 'lain' is already registered by plugin 'pertama'"
    )
    with pytest.raises(kp.DuplicateRubricError, match=r"'kedua'.*'pertama'"):
        kp.RubricRegistry(strict=True, plugins=plugins)


def test_builtin_id_cannot_be_taken_over(entry_points: list[_EntryPoint]) -> None:
    entry_points.append(_EntryPoint("palsu", lambda: _plugin(_other("ombudsman-2023"))))
    reg = _warned()
    assert reg.plugin_of("ombudsman-2023") == "kepatuhan.rubrics.opini_pengawasan"
    assert "already registered by plugin 'kepatuhan.rubrics.opini_pengawasan'" in str(
        reg.problems[0]
    )


def test_unknown_hook_is_reported(entry_points: list[_EntryPoint]) -> None:
    @kp.hookimpl
    def kepatuhan_tidak_ada() -> None:
        """Not a kepatuhan hook."""

    plugin = types.SimpleNamespace(kepatuhan_tidak_ada=kepatuhan_tidak_ada)
    reg = _warned(plugins=[("asing", plugin)])
    assert str(reg.problems[0]) == "plugin 'asing': implements unknown hook 'kepatuhan_tidak_ada'"
    assert "asing" not in reg.plugin_names()
    with pytest.raises(kp.PluginError):
        kp.RubricRegistry(strict=True, plugins=[("asing", plugin)])


def test_disable_by_environment(
    entry_points: list[_EntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_points.append(_EntryPoint("rubrik-lain", lambda: _plugin(_other())))
    monkeypatch.setenv(
        registry_module.DISABLE_ENV, ", ".join(["rubrik-lain", *registry_module.BUILTIN_PLUGINS])
    )
    reg = kp.RubricRegistry()
    assert reg.ids() == []
    with pytest.raises(kp.UnknownRubricError, match="known: none"):
        reg.get("ombudsman-2023")


def test_disabled_plugin_is_not_even_imported(entry_points: list[_EntryPoint]) -> None:
    def boom() -> Any:
        raise AssertionError("must not be loaded")

    entry_points.append(_EntryPoint("mati", boom))
    reg = kp.RubricRegistry(disabled=["mati"])
    assert reg.problems == []


def test_strict_from_environment(
    entry_points: list[_EntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(registry_module.STRICT_ENV, "1")
    with pytest.raises(kp.PluginError, match="meledak"):
        kp.RubricRegistry(plugins=[("meledak", _raising(RuntimeError("boom")))])


def test_default_registry_is_shared_and_reloadable() -> None:
    first = registry_module.default_registry()
    assert registry_module.default_registry() is first
    again = registry_module.default_registry(reload=True)
    assert again is not first
    assert kp.get_rubric("ombudsman-2023") == first.get("ombudsman-2023")
