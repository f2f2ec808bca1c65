"""pytest plugin: kepatuhan's conformance suite as one test item per rubric of a plugin.

Registered under the ``pytest11`` entry point ``kepatuhan``, so pytest loads it wherever
kepatuhan is installed; it stays inert (no registry, no items) until a project names the
rubric plugins to check, in one line of its pytest configuration::

    [tool.pytest.ini_options]
    kepatuhan_conformance = ["rubrik_2026"]   # entry-point names, or "*" for every plugin

Options (all optional):

``kepatuhan_conformance``
    Plugins whose rubrics are checked: entry-point names of the group ``kepatuhan``, module
    names of the built-in plugins, or ``*`` for every registered plugin.
``kepatuhan_conformance_modules``
    Import paths of plugin modules to register in addition to the entry points, and to
    check — for a plugin under development that is not installed, or for tests. A module
    that an installed entry point (or a built-in) already provides is checked under that
    name rather than registered twice.
``kepatuhan_conformance_examples`` / ``kepatuhan_conformance_seed``
    ``examples`` and ``seed`` passed to :func:`~kepatuhan.testing.check_rubric` (30 and 0).

How the items are made: a wrapper of ``pytest_make_collect_report`` appends one collector,
``kepatuhan-conformance``, to what the session collects — when the session collects a
directory (plain ``pytest``, ``testpaths``, or a directory argument), not when it runs only
chosen files or test ids. pytest then collects it like any other node, so ``-k``, ``-m``,
``--deselect``, ``--co`` and ``--lf`` treat its items as ordinary tests:
``kepatuhan-conformance::<rubric-id>`` runs ``check_rubric`` and fails with the
:class:`~kepatuhan.testing.ConformanceError` message; a plugin that cannot be loaded, is not
installed or registers nothing gives a failing item ``kepatuhan-conformance::plugin:<name>``
that says why. Every item carries the marker ``kepatuhan_conformance`` (deselect them with
``-m "not kepatuhan_conformance"``; ``-p no:kepatuhan`` disables the plugin altogether).

The fixture ``kepatuhan_registry`` gives a strict :class:`~kepatuhan.RubricRegistry` of
the installed plugins and the ``kepatuhan_conformance_modules``.

PYTEST_DONT_REWRITE: the module holds no assertions for pytest to rewrite; the marker keeps
in-process pytest runs (``pytester``) from warning that it was imported before them.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Generator, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..errors import PluginError, PluginWarning
from ..registry import BUILTIN_PLUGINS, ENTRY_POINT_GROUP, RubricRegistry
from .conformance import ConformanceError, check_rubric, plugin_problems

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr, TracebackStyle

    from ..rubric import Rubric

__all__ = [
    "COLLECTOR_NAME",
    "MARKER",
    "ConformanceCollector",
    "PluginFailureItem",
    "RubricItem",
    "kepatuhan_registry",
]

COLLECTOR_NAME = "kepatuhan-conformance"
MARKER = "kepatuhan_conformance"
EVERY_PLUGIN = "*"

_PLUGINS_INI = "kepatuhan_conformance"
_MODULES_INI = "kepatuhan_conformance_modules"
_EXAMPLES_INI = "kepatuhan_conformance_examples"
_SEED_INI = "kepatuhan_conformance_seed"


# Hooks ------------------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ini options (the plugin does nothing until one is set)."""
    parser.addini(
        _PLUGINS_INI,
        help="kepatuhan rubric plugins (entry-point names, or * for all) whose rubrics "
        "get a conformance test item",
        type="args",
        default=[],
    )
    parser.addini(
        _MODULES_INI,
        help="import paths of kepatuhan plugin modules to register and check in addition "
        "to the installed entry points",
        type="args",
        default=[],
    )
    parser.addini(
        _EXAMPLES_INI, help="random rounds per rubric for the monotone check", default="30"
    )
    parser.addini(_SEED_INI, help="seed of the conformance checks' random rounds", default="0")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker; check the numeric options when the plugin is configured."""
    config.addinivalue_line(
        "markers", f"{MARKER}: conformance check of a kepatuhan rubric (kepatuhan plugin)"
    )
    if _configured(config):
        _examples_and_seed(config)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """Append the conformance collector to the session's own collection, when configured.

    ``tryfirst`` makes this the outermost wrapper, so the collector is added after other
    wrappers (``--lf`` ordering) have handled the session's result.
    """
    report = yield
    if (
        isinstance(collector, pytest.Session)
        and report.passed
        and _configured(collector.config)
        and _whole_suite(collector.config)
    ):
        config = collector.config
        path = config.inipath if config.inipath is not None else config.rootpath
        report.result.append(
            ConformanceCollector.from_parent(
                collector, name=COLLECTOR_NAME, path=Path(path), nodeid=COLLECTOR_NAME
            )
        )
    return report


@pytest.fixture(scope="session")
def kepatuhan_registry(pytestconfig: pytest.Config) -> RubricRegistry:
    """A strict registry: installed plugins plus ``kepatuhan_conformance_modules``.

    Strict, so a plugin that fails to load raises :class:`~kepatuhan.PluginError` here
    instead of being skipped with a warning.
    """
    modules = _modules(pytestconfig)
    plugins = []
    for module in modules.to_import:
        try:
            plugins.append((module, importlib.import_module(module)))
        except Exception as exc:
            raise PluginError(
                f"plugin {module!r}: failed to import: {type(exc).__name__}: {exc}"
            ) from exc
    return RubricRegistry(strict=True, plugins=plugins)


# Nodes ------------------------------------------------------------------------------------------


class ConformanceCollector(pytest.Collector):
    """Collects one :class:`RubricItem` per rubric of the configured plugins, and one
    :class:`PluginFailureItem` per configured plugin that cannot be checked."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        config = self.config
        names = list(config.getini(_PLUGINS_INI))
        every = EVERY_PLUGIN in names
        modules = _modules(config)
        plugins: list[tuple[str, object]] = []
        failed: dict[str, str] = {}
        for module in modules.to_import:
            try:
                plugins.append((module, importlib.import_module(module)))
            except Exception as exc:
                failed[module] = f"failed to import: {type(exc).__name__}: {exc}"
        with warnings.catch_warnings():
            # Every problem is kept in registry.problems and becomes a failing item.
            warnings.simplefilter("ignore", PluginWarning)
            registry = RubricRegistry(strict=False, plugins=plugins)

        selected = [n for n in names if n != EVERY_PLUGIN] + list(modules.selected)
        if every:
            selected += sorted({p.plugin for p in registry.problems})
        selected = [n for n in dict.fromkeys(selected) if n not in failed]
        for name in selected:
            problems = plugin_problems(registry, name)
            if problems:
                failed[name] = "; ".join(problems)

        items: list[pytest.Item | pytest.Collector] = []
        for name, message in failed.items():
            items.append(
                PluginFailureItem.from_parent(
                    self, name=f"plugin:{name}", plugin=name, message=message
                )
            )
        if every:
            ids = registry.ids()
        else:
            wanted = set(selected) - set(failed)
            ids = [i for i in registry.ids() if registry.plugin_of(i) in wanted]
        examples, seed = _examples_and_seed(config)
        for rubric_id in ids:
            items.append(
                RubricItem.from_parent(
                    self,
                    name=rubric_id,
                    rubric=registry.get(rubric_id),
                    plugin=registry.plugin_of(rubric_id),
                    examples=examples,
                    seed=seed,
                )
            )
        for item in items:
            item.add_marker(MARKER)
        return items


class RubricItem(pytest.Item):
    """Runs :func:`~kepatuhan.testing.check_rubric` on one rubric."""

    def __init__(self, *, rubric: Rubric, plugin: str, examples: int, seed: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.rubric = rubric
        self.plugin = plugin
        self.examples = examples
        self.seed = seed

    def runtest(self) -> None:
        check_rubric(self.rubric, examples=self.examples, seed=self.seed)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> str | TerminalRepr:
        """The suite's own message (every failed property), not a traceback into it."""
        if isinstance(excinfo.value, ConformanceError):
            return f"{excinfo.value}\n(plugin {self.plugin!r}, seed {self.seed})"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"conformance of rubric {self.name!r} (plugin {self.plugin!r})"


class PluginFailureItem(pytest.Item):
    """Fails with why a configured plugin could not be checked (so the session fails)."""

    def __init__(self, *, plugin: str, message: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.plugin = plugin
        self.message = message

    def runtest(self) -> None:
        raise PluginError(f"plugin {self.plugin!r}: {self.message}")

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, PluginError):
            return f"kepatuhan plugin {self.plugin!r} cannot be checked: {self.message}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"kepatuhan plugin {self.plugin!r}"


# Configuration ----------------------------------------------------------------------------------


def _configured(config: pytest.Config) -> bool:
    return bool(config.getini(_PLUGINS_INI) or config.getini(_MODULES_INI))


def _whole_suite(config: pytest.Config) -> bool:
    """Whether the session collects a directory (plain ``pytest``, ``testpaths`` or a
    directory argument), not only chosen files or test ids."""
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return True
    base = config.invocation_params.dir
    return any((base / arg.split("::", 1)[0]).is_dir() for arg in config.args)


def _examples_and_seed(config: pytest.Config) -> tuple[int, int]:
    values = []
    for name, lowest in ((_EXAMPLES_INI, 1), (_SEED_INI, 0)):
        text = str(config.getini(name)).strip()
        try:
            value = int(text)
        except ValueError:
            value = lowest - 1
        if value < lowest:
            raise pytest.UsageError(f"{name} must be an integer >= {lowest}, not {text!r}")
        values.append(value)
    return values[0], values[1]


class _Modules:
    """The configured plugin modules: which to import and register, and the plugin name
    each is checked under (an installed entry point's name if one provides the module)."""

    def __init__(self, modules: Sequence[str]) -> None:
        provided = {m: m for m in BUILTIN_PLUGINS}
        provided.update({ep.value.strip(): ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})
        self.to_import = [m for m in dict.fromkeys(modules) if m not in provided]
        self.selected = [provided.get(m, m) for m in dict.fromkeys(modules)]


def _modules(config: pytest.Config) -> _Modules:
    return _Modules([str(m) for m in config.getini(_MODULES_INI)])
