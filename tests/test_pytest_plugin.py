"""The pytest plugin (kepatuhan.testing.pytest_plugin), run in pytester sessions.

Entry points cannot be created in a pytester directory, so the plugin under test is
loaded with ``-p`` (with entry-point autoloading off, so an installed ``pytest11`` entry
point does not register it a second time) and rubric plugins come from modules named in
``kepatuhan_conformance_modules``, or from a stand-in for the entry points.
"""

from __future__ import annotations

import importlib
import json
import textwrap
from importlib.metadata import entry_points
from typing import Any

import pytest

import kepatuhan as kp
from builders import ASSUMED, BANDS_2, SOURCES, indicator
from kepatuhan import registry as registry_module
from kepatuhan.testing import pytest_plugin

BUILTIN_IDS = kp.RubricRegistry(entry_points=False).ids()
"""Rubrics of the built-in plugins (the tests must not depend on how many there are)."""

pytest_plugins = ["pytester"]

PLUGIN = "kepatuhan.testing.pytest_plugin"
REAL_ENTRY_POINTS = registry_module._entry_points
BANDS = [{**band, "provenance": ASSUMED} for band in BANDS_2]


def rubric_data(rubric_id: str, **kw: Any) -> dict[str, Any]:
    """A rubric that passes the conformance suite, as JSON-able data."""
    scale = {"kind": "interval", "minimum": 0, "maximum": 3, "step": 1, "provenance": ASSUMED}
    return {
        "id": rubric_id,
        "title": f"Rubrik {rubric_id}",
        "nodes": [indicator("a", scale=scale), indicator("b", 2.0, scale=scale)],
        "zoning": {"bands": BANDS, "provenance": ASSUMED},
        "provenance": ASSUMED,
        "sources": SOURCES,
        **kw,
    }


ENGLISH = rubric_data(
    "rubrik-inggris",
    zoning={
        "bands": [{**BANDS[0], "label": "Low", "label_en": "Low"}, BANDS[1]],
        "provenance": ASSUMED,
    },
)


def plugin_source(*rubrics: dict[str, Any]) -> str:
    """A rubric plugin module whose hook returns ``rubrics`` (validated from data)."""
    return textwrap.dedent(
        f"""
        import json

        import kepatuhan as kp
        RUBRICS = json.loads({json.dumps(json.dumps(list(rubrics)))})


        @kp.hookimpl
        def kepatuhan_rubrics():
            return [kp.Rubric.model_validate(r) for r in RUBRICS]
        """
    )


def configure(
    pytester: pytest.Pytester, *, warnings_are_errors: bool = True, **options: Any
) -> None:
    """Write ``[tool.pytest.ini_options]`` with ``options`` into the pytester directory;
    any warning in the session is an error unless ``warnings_are_errors`` is false."""
    lines = ["[tool.pytest.ini_options]"]
    if warnings_are_errors:
        lines.append('filterwarnings = ["error"]')
    lines += [f"{key} = {json.dumps(value)}" for key, value in options.items()]
    pytester.makepyprojecttoml("\n".join(lines))


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", PLUGIN, "-p", "no:cacheprovider", *args)


class _EntryPoint:
    """Stands in for ``importlib.metadata.EntryPoint``."""

    group = "kepatuhan"

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def load(self) -> Any:
        return importlib.import_module(self.value)


@pytest.fixture(autouse=True)
def installed(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> list[_EntryPoint]:
    """A session of its own for each test: no pytest11 autoloading, plugin modules
    importable from the pytester directory, one ordinary test file, and as the entry points
    of the group ``kepatuhan`` (for the registry and the plugin) this list, empty unless the
    test adds to it — whatever rubric packages the environment has installed."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("KEPATUHAN_DISABLE_PLUGINS", raising=False)
    pytester.syspathinsert()
    pytester.makepyfile(test_biasa="def test_biasa():\n    pass\n")
    eps: list[_EntryPoint] = []
    monkeypatch.setattr(registry_module, "_entry_points", lambda: eps)
    monkeypatch.setattr(pytest_plugin, "entry_points", lambda group: list(eps))
    return eps


# Inert unless configured ------------------------------------------------------------------------


def test_inert_without_configuration(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No item, and no registry built (it would import every rubric plugin installed)."""

    def no_registry(*args: Any, **kw: Any) -> None:
        raise AssertionError("a registry was built")

    monkeypatch.setattr(pytest_plugin, "RubricRegistry", no_registry)
    configure(pytester)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=1)
    assert "kepatuhan-conformance" not in result.stdout.str()


# Items per rubric -------------------------------------------------------------------------------


def test_one_passing_item_per_rubric(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_uji=plugin_source(rubric_data("rubrik-a"), rubric_data("rubrik-b")))
    configure(pytester, kepatuhan_conformance_modules=["rubrik_uji"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "kepatuhan-conformance::rubrik-a PASSED*",
            "kepatuhan-conformance::rubrik-b PASSED*",
        ]
    )


def test_broken_rubric_fails_naming_the_property(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_uji=plugin_source(rubric_data("rubrik-a"), ENGLISH))
    configure(pytester, kepatuhan_conformance_modules=["rubrik_uji"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "kepatuhan-conformance::rubrik-a PASSED*",
            "kepatuhan-conformance::rubrik-inggris FAILED*",
            "rubric 'rubrik-inggris' fails 1 conformance property:",
        ]
    )
    lines = result.stdout.lines
    assert "  - labels_indonesian: zoning.bands[0].label 'Low' is its English text copied" in lines
    assert "(plugin 'rubrik_uji', seed 0)" in lines
    assert "Traceback" not in result.stdout.str()


def test_entry_point_names_select_plugins(
    pytester: pytest.Pytester, installed: list[_EntryPoint]
) -> None:
    """Only the named plugin's rubrics are checked; a module that an entry point provides
    is checked under the entry point's name, not registered twice."""
    pytester.makepyfile(
        uji_rubrik_2026=plugin_source(rubric_data("rubrik-2026")),
        uji_lain=plugin_source(ENGLISH),
    )
    installed += [
        _EntryPoint("rubrik_2026", "uji_rubrik_2026"),
        _EntryPoint("lain", "uji_lain"),
    ]
    configure(pytester, kepatuhan_conformance=["rubrik_2026"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["kepatuhan-conformance::rubrik-2026 PASSED*"])

    configure(pytester, kepatuhan_conformance_modules=["uji_rubrik_2026"])
    run(pytester, "-v").assert_outcomes(passed=2)


def test_star_checks_every_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_uji=plugin_source(rubric_data("rubrik-a")))
    configure(pytester, kepatuhan_conformance=["*"], kepatuhan_conformance_modules=["rubrik_uji"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=len(BUILTIN_IDS) + 2)
    for rid in (*BUILTIN_IDS, "rubrik-a"):  # items follow plugin order, ids are sorted
        result.stdout.fnmatch_lines([f"kepatuhan-conformance::{rid} PASSED*"])


def test_builtin_plugin_by_module_name(pytester: pytest.Pytester) -> None:
    configure(pytester, kepatuhan_conformance=["kepatuhan.rubrics.opini_pengawasan"])
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["kepatuhan-conformance::ombudsman-2023"])
    assert "rubrik" not in result.stdout.str()


# Plugins that cannot be checked fail the session ------------------------------------------------


def test_unknown_plugin_fails_clearly(pytester: pytest.Pytester) -> None:
    configure(pytester, kepatuhan_conformance=["tidak_ada"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=1, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "kepatuhan-conformance::plugin:tidak_ada FAILED*",
            "kepatuhan plugin 'tidak_ada' cannot be checked: no kepatuhan plugin named "
            "'tidak_ada' is installed (known: "
            "kepatuhan.rubrics.kepatuhan_standar, kepatuhan.rubrics.opini_*",
            "FAILED kepatuhan-conformance::plugin:tidak_ada - *",
        ]
    )


def test_module_that_does_not_import(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_rusak="import modul_yang_hilang\n")
    configure(pytester, kepatuhan_conformance_modules=["rubrik_rusak", "rubrik_tidak_ada"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*cannot be checked: failed to import: ModuleNotFoundError: "
            "No module named 'modul_yang_hilang'",
            "*cannot be checked: failed to import: ModuleNotFoundError: "
            "No module named 'rubrik_tidak_ada'",
        ],
        consecutive=False,
    )


def test_invalid_and_empty_plugins(pytester: pytest.Pytester) -> None:
    invalid = rubric_data("rubrik-salah")
    invalid["nodes"][0]["weight"] = -1
    pytester.makepyfile(
        rubrik_salah=textwrap.dedent(
            f"""
            import json
            import kepatuhan as kp

            @kp.hookimpl
            def kepatuhan_rubrics():
                return [json.loads({json.dumps(json.dumps(invalid))})]
            """
        ),
        rubrik_kosong=plugin_source(),
    )
    configure(pytester, kepatuhan_conformance_modules=["rubrik_salah", "rubrik_kosong"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=1, failed=2)
    out = result.stdout.str()
    assert "kepatuhan plugin 'rubrik_salah' cannot be checked: plugin 'rubrik_salah': " in out
    assert "returned an invalid rubric" in out and "nodes[0].weight" in out
    assert "kepatuhan plugin 'rubrik_kosong' cannot be checked: plugin 'rubrik_kosong' " in out
    assert "registers no rubrics" in out


# Selection, options, fixture --------------------------------------------------------------------


def test_items_deselect_like_any_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_uji=plugin_source(rubric_data("rubrik-a"), ENGLISH))
    configure(pytester, kepatuhan_conformance_modules=["rubrik_uji"])
    run(pytester, "-m", "not kepatuhan_conformance").assert_outcomes(passed=1, deselected=2)
    run(pytester, "-k", "rubrik and not inggris").assert_outcomes(passed=1, deselected=2)
    run(pytester, "--strict-markers", "-m", "kepatuhan_conformance").assert_outcomes(
        passed=1, failed=1, deselected=1
    )


def test_only_sessions_that_collect_a_directory(pytester: pytest.Pytester) -> None:
    """Running chosen files or tests leaves the conformance items out; a directory not."""
    pytester.makepyfile(rubrik_uji=plugin_source(rubric_data("rubrik-a")))
    configure(pytester, kepatuhan_conformance_modules=["rubrik_uji"])
    run(pytester, "test_biasa.py").assert_outcomes(passed=1)
    run(pytester, "test_biasa.py::test_biasa").assert_outcomes(passed=1)
    run(pytester, ".").assert_outcomes(passed=2)
    run(pytester, "test_biasa.py", str(pytester.path)).assert_outcomes(passed=2)


def test_examples_and_seed_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_uji=plugin_source(ENGLISH))
    configure(
        pytester,
        kepatuhan_conformance_modules=["rubrik_uji"],
        kepatuhan_conformance_examples="3",
        kepatuhan_conformance_seed="42",
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    assert "(plugin 'rubrik_uji', seed 42)" in result.stdout.lines

    configure(
        pytester, kepatuhan_conformance_modules=["rubrik_uji"], kepatuhan_conformance_examples="0"
    )
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*kepatuhan_conformance_examples must be an integer >= 1, not '0'"]
    )


def test_registry_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(rubrik_uji=plugin_source(rubric_data("rubrik-a")))
    pytester.makepyfile(
        test_registry_fixture=textwrap.dedent(
            """
            def test_registry(kepatuhan_registry):
                assert kepatuhan_registry.strict
                assert kepatuhan_registry.plugin_of("rubrik-a") == "rubrik_uji"
                assert "ombudsman-2023" in kepatuhan_registry.ids()
            """
        )
    )
    configure(pytester, kepatuhan_conformance_modules=["rubrik_uji"])
    run(pytester, "-v").assert_outcomes(passed=3)
    configure(pytester)  # the fixture works without the conformance options too
    pytester.makepyfile(
        test_registry_fixture="def test_registry(kepatuhan_registry):\n"
        f"    assert kepatuhan_registry.ids() == {BUILTIN_IDS!r}\n"
    )
    run(pytester).assert_outcomes(passed=2)


def test_installed_plugin_package(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example package plugins/kepatuhan-rubrik-2026, through its real entry point."""
    if not any(ep.name == "rubrik_2026" for ep in REAL_ENTRY_POINTS()):
        pytest.skip("kepatuhan-rubrik-2026 (plugins/) is not installed")
    monkeypatch.setattr(registry_module, "_entry_points", REAL_ENTRY_POINTS)
    monkeypatch.setattr(pytest_plugin, "entry_points", entry_points)
    configure(pytester, kepatuhan_conformance=["rubrik_2026"])
    result = run(pytester, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["kepatuhan-conformance::ombudsman-2026-draft PASSED*"])


def test_pytest11_entry_point(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the package declares the ``pytest11`` entry point, pytest loads the plugin by
    itself (no ``-p``), and ``-p no:kepatuhan`` turns it off."""
    ours = [ep for ep in entry_points(group="pytest11") if ep.value == PLUGIN]
    if not ours:
        pytest.skip("the pytest11 entry point 'kepatuhan' is not installed yet")
    assert [ep.name for ep in ours] == ["kepatuhan"]
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    # Not warnings_are_errors: with the plugin off, its options are unknown (a warning).
    configure(
        pytester,
        warnings_are_errors=False,
        kepatuhan_conformance=["kepatuhan.rubrics.opini_pengawasan"],
    )
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    opini = kp.RubricRegistry(entry_points=False)
    checked = [r for r in BUILTIN_IDS if opini.plugin_of(r) == "kepatuhan.rubrics.opini_pengawasan"]
    result.assert_outcomes(passed=len(checked) + 1)
    result.stdout.fnmatch_lines(["kepatuhan-conformance::ombudsman-2023 PASSED*"])
    pytester.runpytest("-p", "no:kepatuhan").assert_outcomes(passed=1)
