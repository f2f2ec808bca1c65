"""The rubric registry: a typed facade over pluggy that loads built-in and external plugins.

Plugins run with the full trust of the process (docs/plugins.md). The registry still keeps
what it can in hand: it calls hooks through pluggy (so hooks may gain arguments), sends what
plugins print while they load to stderr, treats an exit or interrupt raised by a plugin as that
plugin's failure, owns the strategies its plugins provide, and answers ``kp.get_rubric`` asked
by a plugin while it loads (from the plugins loaded so far) instead of waiting for itself.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

import pluggy

from . import hookspecs
from .crosswalk import Crosswalk, crosswalk_problems
from .errors import (
    MESSAGES,
    TERMS,
    DuplicateRubricError,
    InvalidRubricError,
    Language,
    PluginError,
    PluginWarning,
    Problem,
    UnknownCrosswalkError,
    UnknownRubricError,
)
from .rubric import Rubric, RubricInfo
from .strategies import (
    PROCESS,
    Strategy,
    StrategyRejectedError,
    StrategyTable,
    bind,
    set_default_table,
)

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "NOT_HELD",
    "STRICT_ENV",
    "PluginProblem",
    "RubricRegistry",
    "current_registry",
    "default_problems",
    "default_registry",
    "get_crosswalk",
    "get_rubric",
    "list_crosswalks",
    "list_rubrics",
    "resolve_rubric",
]

ENTRY_POINT_GROUP = "kepatuhan"
DISABLE_ENV = "KEPATUHAN_DISABLE_PLUGINS"
STRICT_ENV = "KEPATUHAN_STRICT_PLUGINS"
_NOT_HELD_YEARS: Mapping[str, tuple[int, int]] = MappingProxyType({"ombudsman-2020": (2020, 2021)})
"""Rubric ids that cannot exist: the year without an assessment, and the year it restarted."""
NOT_HELD: Mapping[str, str] = MappingProxyType(
    {
        rubric_id: f"no assessment was held in {year} (the method was restarted in {restart})"
        for rubric_id, (year, restart) in _NOT_HELD_YEARS.items()
    }
)
"""Rubric ids that cannot exist, with the reason the error gives (in English)."""
BUILTIN_PLUGINS: tuple[str, ...] = (
    "kepatuhan.rubrics.kepatuhan_standar",
    "kepatuhan.rubrics.opini_pengawasan",
    "kepatuhan.rubrics.opini_ombudsman",
    "kepatuhan.rubrics.skm",
    "kepatuhan.rubrics.pekppp",
)

_FAILURES = (Exception, SystemExit, KeyboardInterrupt)
"""What a plugin's import or hook may raise and still be only that plugin's failure."""


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that could not be used, and why.

    ``message`` is the English text; ``code`` and ``params`` (a key of ``kepatuhan.errors
    .MESSAGES``) give it in either language through :meth:`render`; ``details`` are the
    problems of an invalid rubric the plugin returned.
    """

    plugin: str
    message: str
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    details: tuple[Problem, ...] = ()

    def text(self, lang: Language = "en") -> str:
        """What went wrong, without the plugin's name, in ``lang``."""
        if self.code not in MESSAGES:
            return self.message
        said = Problem("", self.code, self.params).text(lang)
        if self.details:
            said += "\n" + InvalidRubricError(self.details).render(lang)
        return said

    def render(self, lang: Language = "en") -> str:
        """``plugin 'name': what went wrong`` in ``lang`` (``str()`` is the English one)."""
        return f"plugin {self.plugin!r}: {self.text(lang)}"

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}: {self.message}"


class _CycleError(PluginError):
    """A plugin asked, while loading, for a rubric only plugins still loading might provide."""

    def __init__(self, rubric_id: str, waiting: Sequence[str]) -> None:
        self.params = {"id": rubric_id, "waiting": ", ".join(repr(w) for w in waiting)}
        super().__init__(Problem("", "plugin_cycle", self.params).text("en"))


class RubricRegistry:
    """Rubrics provided by plugins, by id, and the strategies those plugins provided.

    Plugins are the built-in modules of :data:`BUILTIN_PLUGINS`, entry points of the group
    ``kepatuhan`` and any object passed in ``plugins``. A plugin that fails is reported in
    :attr:`problems` and skipped; with ``strict=True`` the first failure raises
    :class:`~kepatuhan.PluginError`. Names listed (comma-separated) in the environment
    variable ``KEPATUHAN_DISABLE_PLUGINS``, or in ``disabled``, are not loaded.

    While it loads, ``kp.get_rubric`` and ``kp.list_rubrics`` called by a plugin (at import or
    in a hook) answer from this registry: the rubrics of the plugins loaded before it, or of
    any other plugin whose hook can run first; a cycle fails with a :class:`PluginError`.
    """

    def __init__(
        self,
        *,
        strict: bool | None = None,
        entry_points: bool = True,
        builtins: bool = True,
        plugins: Iterable[tuple[str, object]] = (),
        disabled: Iterable[str] | None = None,
    ) -> None:
        self._setup(strict, disabled)
        self._load(builtins, entry_points, plugins)

    def _setup(self, strict: bool | None, disabled: Iterable[str] | None) -> None:
        if strict is None:
            strict = os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes"}
        self.strict = strict
        if disabled is None:
            disabled = [n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",")]
        self.disabled = frozenset(n for n in disabled if n)
        self.problems: list[PluginProblem] = []
        self.strategies = StrategyTable(PROCESS)
        """The strategies this registry's plugins provided, on top of the process-wide ones."""
        self._pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._rubrics: dict[str, Rubric] = {}
        self._crosswalks: dict[tuple[str, str], Crosswalk] = {}
        self._crosswalk_owner: dict[tuple[str, str], str] = {}
        self._owner: dict[str, str] = {}
        self._order: list[str] = []  # registered plugins, in order
        self._solo: dict[str, pluggy.PluginManager] = {}
        self._strategies_done: set[str] = set()
        self._rubrics_done: set[str] = set()
        self._running: list[tuple[str, str]] = []  # (plugin, "import" | hook name), innermost last
        self._loader: int | None = None  # thread loading plugins, while it does
        self._fatal: PluginError | None = None

    # Loading ----------------------------------------------------------------------------------

    def _load(
        self, builtins: bool, with_entry_points: bool, plugins: Iterable[tuple[str, object]]
    ) -> None:
        token = _current.set(self)
        self._loader = threading.get_ident()
        try:
            with self.strategies.use(), _stdout_to_stderr():
                if builtins:
                    for module in BUILTIN_PLUGINS:
                        self._register(module, functools.partial(importlib.import_module, module))
                if with_entry_points:
                    for ep in _entry_points():
                        self._register(ep.name, ep.load)
                for name, plugin in plugins:
                    self._register(name, functools.partial(_given, plugin))
                self._collect_strategies()
                for name in list(self._order):
                    self._collect_rubrics(name)
                for name in list(self._order):
                    self._collect_crosswalks(name)
        finally:
            self._loader = None
            _current.reset(token)
        self._raise_fatal()

    def _raise_fatal(self) -> None:
        if self._fatal is not None:
            raise self._fatal

    def _fail(
        self,
        plugin: str,
        code: str,
        params: Mapping[str, object],
        cause: BaseException | None = None,
        *,
        details: tuple[Problem, ...] = (),
        error_class: type[PluginError] = PluginError,
    ) -> None:
        """Record that ``plugin`` failed (a warning too), or raise in strict mode."""
        problem = PluginProblem(plugin, "", code, dict(params), details)
        problem = PluginProblem(plugin, problem.text("en"), code, dict(params), details)
        if self.strict:
            error = error_class(str(problem))
            error.__cause__ = cause
            if self._fatal is None:
                self._fatal = error
            raise self._fatal
        self.problems.append(problem)
        warnings.warn(str(problem), PluginWarning, stacklevel=3)

    @contextlib.contextmanager
    def _running_code(self, plugin: str, what: str) -> Iterator[None]:
        self._running.append((plugin, what))
        try:
            yield
        finally:
            self._running.pop()

    def _register(self, name: str, load: Callable[[], object]) -> None:
        if name in self.disabled:
            return
        try:
            with self._running_code(name, "import"):
                plugin = load()
        except _FAILURES as exc:
            self._raise_fatal()
            self._fail(name, "plugin_import_failed", {"error": _describe(exc)}, exc)
            return
        self._raise_fatal()
        try:
            self._pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            self._fail(name, "plugin_not_registered", {"error": str(exc)}, exc)
            return
        for hook in _unknown_hooks(self._pm, plugin):
            self._pm.unregister(plugin)
            self._fail(name, "plugin_unknown_hook", {"hook": hook})
            return
        solo = pluggy.PluginManager(hookspecs.PROJECT_NAME)  # to call this plugin's hooks alone
        solo.add_hookspecs(hookspecs)
        solo.register(plugin, name=name)
        self._solo[name] = solo
        self._order.append(name)

    def _call(self, name: str, hook: str) -> object:
        """The hook ``hook`` of plugin ``name`` alone, called through pluggy (``pm.hook``) with
        every argument the hookspec has; an implementation takes the ones it names."""
        with_registry = hook in ("kepatuhan_rubrics", "kepatuhan_crosswalks")
        kwargs: dict[str, object] = {"registry": self} if with_registry else {}
        with self._running_code(name, hook):
            results = getattr(self._solo[name].hook, hook)(**kwargs)
        return results[0] if results else None

    def _implements(self, name: str, hook: str) -> bool:
        return any(i.plugin_name == name for i in getattr(self._pm.hook, hook).get_hookimpls())

    def _collect_strategies(self) -> None:
        for name in list(self._order):
            if name in self._strategies_done:
                continue
            self._strategies_done.add(name)
            if self._implements(name, "kepatuhan_strategies"):
                self._collect_strategies_of(name)

    def _collect_strategies_of(self, name: str) -> None:
        hook = "kepatuhan_strategies"
        try:
            returned = self._call(name, hook)
        except _FAILURES as exc:
            self._raise_fatal()
            self._fail(name, "plugin_hook_raised", {"hook": hook, "error": _describe(exc)}, exc)
            return
        if not isinstance(returned, Sequence) or isinstance(returned, str):
            self._fail(name, "plugin_strategies_not_sequence", {"type": type(returned).__name__})
            return
        for item in returned:
            if not isinstance(item, Strategy):
                self._fail(name, "plugin_not_strategy", {"type": type(item).__name__})
                continue
            try:
                self.strategies.add(item, name)
            except StrategyRejectedError as exc:
                self._fail(name, exc.code, exc.params, exc)

    def _collect_rubrics(self, name: str) -> None:
        if name in self._rubrics_done or any(n == name for n, _ in self._running):
            return
        self._rubrics_done.add(name)
        if not self._implements(name, "kepatuhan_rubrics"):
            return
        returned = self._returned(name, "kepatuhan_rubrics", Rubric, "plugin_rubrics_not_sequence")
        for item in returned:
            rubric = self._as_rubric(name, item)
            if rubric is None:
                continue
            if rubric.id in self._rubrics:
                self._fail(
                    name,
                    "plugin_duplicate_rubric",
                    {"id": rubric.id, "owner": self._owner[rubric.id]},
                    error_class=DuplicateRubricError,
                )
                continue
            bind(rubric, self.strategies)
            if rubric.opinion is not None:
                bind(rubric.opinion, self.strategies)
            self._rubrics[rubric.id] = rubric
            self._owner[rubric.id] = name

    def _as_rubric(self, plugin: str, item: object) -> Rubric | None:
        if isinstance(item, Rubric):
            return item
        if isinstance(item, dict):
            try:
                return Rubric.model_validate(item)
            except InvalidRubricError as exc:
                self._fail(plugin, "plugin_invalid_rubric", {}, exc, details=exc.problems)
                return None
        self._fail(plugin, "plugin_not_rubric", {"type": type(item).__name__})
        return None

    def _returned(self, name: str, hook: str, one: type, not_sequence: str) -> Sequence[object]:
        """What plugin ``name``'s ``hook`` returned, as a sequence (a single ``one`` is made
        one); a hook that raised or returned anything else is reported and gives nothing."""
        try:
            returned = self._call(name, hook)
        except _CycleError as exc:
            self._raise_fatal()
            self._fail(name, "plugin_cycle", exc.params, exc)
            return ()
        except _FAILURES as exc:
            self._raise_fatal()
            self._fail(name, "plugin_hook_raised", {"hook": hook, "error": _describe(exc)}, exc)
            return ()
        self._raise_fatal()
        if isinstance(returned, one):
            return [returned]
        if not isinstance(returned, Sequence) or isinstance(returned, str):
            self._fail(name, not_sequence, {"type": type(returned).__name__})
            return ()
        return returned

    def _collect_crosswalks(self, name: str) -> None:
        hook = "kepatuhan_crosswalks"
        if not self._implements(name, hook):
            return
        returned = self._returned(name, hook, Crosswalk, "plugin_crosswalks_not_sequence")
        for item in returned:
            if not isinstance(item, Crosswalk):
                self._fail(name, "plugin_not_crosswalk", {"type": type(item).__name__})
                continue
            self._add_crosswalk(name, item)

    def _add_crosswalk(self, name: str, crosswalk: Crosswalk) -> None:
        ends = {"before": crosswalk.before, "after": crosswalk.after}
        for rubric_id in crosswalk.key:
            if rubric_id not in self._rubrics:
                self._fail(name, "plugin_crosswalk_unknown_rubric", {**ends, "id": rubric_id})
                return
        if crosswalk.key in self._crosswalks:
            owner = self._crosswalk_owner[crosswalk.key]
            self._fail(name, "plugin_duplicate_crosswalk", {**ends, "owner": owner})
            return
        before, after = (self._rubrics[i] for i in crosswalk.key)
        problems = crosswalk_problems(crosswalk, before, after)
        if problems:
            error = InvalidRubricError(problems)
            self._fail(name, "plugin_invalid_crosswalk", ends, error, details=tuple(problems))
            return
        self._crosswalks[crosswalk.key] = crosswalk
        self._crosswalk_owner[crosswalk.key] = name

    def _resolve(self, rubric_id: str) -> None:
        """Asked for ``rubric_id`` while loading: run the rubric hooks that have not run yet,
        in order, until one provides it; a cycle if only plugins still loading might."""
        self._collect_strategies()
        for name in list(self._order):
            if rubric_id in self._rubrics:
                return
            self._collect_rubrics(name)
        if rubric_id in self._rubrics:
            return
        waiting = [n for n, what in self._running[:-1] if what == "kepatuhan_rubrics"]
        if waiting:
            raise _CycleError(rubric_id, waiting)

    def _loading_here(self) -> bool:
        return self._loader == threading.get_ident()

    # Queries ----------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return sorted(self._rubrics)

    def get(self, rubric_id: str) -> Rubric:
        """The rubric with this id; :class:`~kepatuhan.UnknownRubricError` if none."""
        if rubric_id not in self._rubrics and self._loading_here():
            self._resolve(rubric_id)
        try:
            return self._rubrics[rubric_id]
        except KeyError:
            raise UnknownRubricError(problem=self._unknown(rubric_id)) from None

    def _unknown(self, rubric_id: str) -> Problem:
        """The problem that no rubric ``rubric_id`` is registered here, with the known ids
        (and why, for a year without an assessment)."""
        ids = self.ids()
        params: dict[str, object] = {
            "id": rubric_id,
            "known": ", ".join(ids) if ids else TERMS["none"],
        }
        held = _NOT_HELD_YEARS.get(rubric_id)
        if held is None:
            return Problem("", "unknown_rubric", params)
        params["year"], params["restarted"] = held
        return Problem("", "rubric_not_held", params)

    def crosswalks(self) -> list[Crosswalk]:
        """Every crosswalk the plugins provided, by ``(before, after)``."""
        return [self._crosswalks[k] for k in sorted(self._crosswalks)]

    def crosswalk_owner(self, before: str, after: str) -> str:
        """The plugin that provided the crosswalk ``before`` → ``after``."""
        return self._crosswalk_owner[self.crosswalk_path(before, after)[0].key]

    def crosswalk_path(self, before: str, after: str) -> tuple[Crosswalk, ...]:
        """The shortest chain of crosswalks from rubric ``before`` to ``after`` (empty when they
        are the same); :class:`~kepatuhan.UnknownCrosswalkError` if none leads there.

        Among chains of equal length the one through the smallest ids is taken, so the
        answer does not depend on the order plugins loaded in.
        """
        if before == after:
            return ()
        chains: dict[str, tuple[Crosswalk, ...]] = {before: ()}
        frontier = [before]
        while frontier and after not in chains:
            nxt: list[str] = []
            for here in sorted(frontier):
                for key in sorted(self._crosswalks):
                    if key[0] == here and key[1] not in chains:
                        chains[key[1]] = (*chains[here], self._crosswalks[key])
                        nxt.append(key[1])
            frontier = nxt
        if after in chains:
            return chains[after]
        known = ", ".join(f"{a} → {b}" for a, b in sorted(self._crosswalks)) or TERMS["none"]
        problem = Problem("", "no_crosswalk", {"before": before, "after": after, "known": known})
        raise UnknownCrosswalkError(problem=problem)

    def infos(self) -> list[RubricInfo]:
        return [
            self._rubrics[i].info.model_copy(update={"plugin": self._owner[i]}) for i in self.ids()
        ]

    def plugin_of(self, rubric_id: str) -> str:
        self.get(rubric_id)
        return self._owner[rubric_id]

    def plugin_names(self) -> list[str]:
        return sorted(name for name, _ in self._pm.list_name_plugin())

    @contextlib.contextmanager
    def use(self) -> Iterator[RubricRegistry]:
        """Make this the registry in use in this context: ``kp.get_rubric``, the functions that
        take a rubric id (``kp.score``, ``kepatuhan.io``…) and rubrics no registry accepted
        find rubrics and strategies here."""
        token = _current.set(self)
        try:
            with self.strategies.use():
                yield self
        finally:
            _current.reset(token)


def _given(plugin: object) -> object:
    return plugin


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """What plugins print while they load goes to stderr: stdout may be a JSON document."""
    target = sys.stderr if sys.stderr is not None else io.StringIO()
    with contextlib.redirect_stdout(target):
        yield


def _entry_points() -> Sequence[Any]:
    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _unknown_hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """Hook implementations of ``plugin`` that match no hookspec."""
    unknown = []
    for caller in pm.get_hookcallers(plugin) or []:
        if caller.spec is None:
            unknown.append(caller.name)
    return unknown


_current: ContextVar[RubricRegistry | None] = ContextVar("kepatuhan_registry", default=None)
_default: RubricRegistry | None = None
_building: RubricRegistry | None = None  # the process-wide registry while it loads
_lock = threading.RLock()  # re-entered only by the thread loading the process-wide registry


def default_registry(*, reload: bool = False) -> RubricRegistry:
    """The process-wide registry, loaded on first use.

    Asked for again by a plugin while it loads (same thread), it is the registry as loaded so
    far, never a wait for itself; other threads wait until it is loaded.
    """
    global _default, _building
    with _lock:
        if _building is not None:
            return _building
        if _default is None or reload:
            registry = RubricRegistry.__new__(RubricRegistry)
            registry._setup(None, None)
            _building = registry
            try:
                registry._load(True, True, ())
            finally:
                _building = None
            _default = registry
            set_default_table(registry.strategies)
        return _default


def default_problems() -> list[PluginProblem]:
    """The problems of the process-wide registry, without loading it (empty until it is
    loaded): what a front end reports, in its language, after a command ran."""
    with _lock:
        return [] if _default is None else list(_default.problems)


def current_registry() -> RubricRegistry:
    """The registry in use: one loading plugins or made current with ``registry.use()`` in this
    context, else the process-wide one."""
    current = _current.get()
    return current if current is not None else default_registry()


def get_rubric(rubric_id: str) -> Rubric:
    """The registered rubric with this id; :class:`~kepatuhan.UnknownRubricError` if none."""
    return current_registry().get(rubric_id)


def resolve_rubric(rubric: Rubric | str) -> Rubric:
    """``rubric`` itself, or the registered rubric of that id (the functions that take
    either)."""
    return get_rubric(rubric) if isinstance(rubric, str) else rubric


def get_crosswalk(before: str, after: str) -> tuple[Crosswalk, ...]:
    """The chain of crosswalks from rubric ``before`` to ``after`` in the registry in use
    (one crosswalk for consecutive years); :class:`~kepatuhan.UnknownCrosswalkError` if none."""
    return current_registry().crosswalk_path(before, after)


def list_crosswalks() -> list[Crosswalk]:
    """Every crosswalk registered in the registry in use."""
    return current_registry().crosswalks()


def list_rubrics() -> list[RubricInfo]:
    """Every registered rubric, sorted by id."""
    return current_registry().infos()
