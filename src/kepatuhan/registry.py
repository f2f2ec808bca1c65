"""The rubric registry: a typed facade over pluggy that loads built-in and external plugins."""

from __future__ import annotations

import importlib
import os
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

import pluggy

from . import hookspecs
from .errors import (
    DuplicateRubricError,
    InvalidRubricError,
    PluginError,
    PluginWarning,
    UnknownRubricError,
)
from .rubric import Rubric, RubricInfo
from .strategies import Strategy, register_strategy

__all__ = [
    "BUILTIN_PLUGINS",
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "NOT_HELD",
    "STRICT_ENV",
    "PluginProblem",
    "RubricRegistry",
    "default_registry",
    "get_rubric",
    "list_rubrics",
]

ENTRY_POINT_GROUP = "kepatuhan"
DISABLE_ENV = "KEPATUHAN_DISABLE_PLUGINS"
STRICT_ENV = "KEPATUHAN_STRICT_PLUGINS"
NOT_HELD: Mapping[str, str] = MappingProxyType(
    {"ombudsman-2020": "no assessment was held in 2020 (the method was restarted in 2021)"}
)
"""Rubric ids that cannot exist, with the reason the error gives."""
BUILTIN_PLUGINS: tuple[str, ...] = (
    "kepatuhan.rubrics.kepatuhan_standar",
    "kepatuhan.rubrics.opini_pengawasan",
    "kepatuhan.rubrics.opini_ombudsman",
    "kepatuhan.rubrics.skm",
    "kepatuhan.rubrics.pekppp",
)


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that could not be used, and why."""

    plugin: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}: {self.message}"


class RubricRegistry:
    """Rubrics provided by plugins, by id.

    Plugins are the built-in modules of :data:`BUILTIN_PLUGINS`, entry points of the group
    ``kepatuhan`` and any object passed in ``plugins``. A plugin that fails is reported in
    :attr:`problems` and skipped; with ``strict=True`` the first failure raises
    :class:`~kepatuhan.PluginError`. Names listed (comma-separated) in the environment
    variable ``KEPATUHAN_DISABLE_PLUGINS``, or in ``disabled``, are not loaded.
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
        if strict is None:
            strict = os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes"}
        self.strict = strict
        if disabled is None:
            disabled = [n.strip() for n in os.environ.get(DISABLE_ENV, "").split(",")]
        self.disabled = frozenset(n for n in disabled if n)
        self.problems: list[PluginProblem] = []
        self._pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._rubrics: dict[str, Rubric] = {}
        self._owner: dict[str, str] = {}
        if builtins:
            for module in BUILTIN_PLUGINS:
                self._register(module, lambda m=module: importlib.import_module(m))
        if entry_points:
            for ep in _entry_points():
                self._register(ep.name, ep.load)
        for name, plugin in plugins:
            self._register(name, lambda p=plugin: p)
        self._collect()

    # Loading ----------------------------------------------------------------------------------

    def _fail(self, plugin: str, message: str, cause: BaseException | None = None) -> None:
        if self.strict:
            duplicate = message.startswith("rubric id") and "already registered" in message
            error_class = DuplicateRubricError if duplicate else PluginError
            raise error_class(f"plugin {plugin!r}: {message}") from cause
        problem = PluginProblem(plugin, message)
        self.problems.append(problem)
        warnings.warn(str(problem), PluginWarning, stacklevel=3)

    def _register(self, name: str, load: Any) -> None:
        if name in self.disabled:
            return
        try:
            plugin = load()
        except Exception as exc:
            self._fail(name, f"failed to import: {type(exc).__name__}: {exc}", exc)
            return
        try:
            self._pm.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            self._fail(name, f"cannot be registered: {exc}", exc)
            return
        for hook in _unknown_hooks(self._pm, plugin):
            self._pm.unregister(plugin)
            self._fail(name, f"implements unknown hook {hook!r}")
            return

    def _collect(self) -> None:
        self._collect_strategies()
        impls = self._pm.hook.kepatuhan_rubrics.get_hookimpls()
        for impl in impls:
            name = impl.plugin_name
            try:
                returned = impl.function()
            except Exception as exc:
                self._fail(name, f"hook kepatuhan_rubrics raised {type(exc).__name__}: {exc}", exc)
                continue
            if isinstance(returned, Rubric):
                returned = [returned]
            if not isinstance(returned, Sequence) or isinstance(returned, str):
                self._fail(
                    name,
                    f"hook kepatuhan_rubrics returned {type(returned).__name__}, "
                    "not a sequence of rubrics",
                )
                continue
            for item in returned:
                rubric = self._as_rubric(name, item)
                if rubric is None:
                    continue
                if rubric.id in self._rubrics:
                    self._fail(
                        name,
                        f"rubric id {rubric.id!r} is already registered by plugin "
                        f"{self._owner[rubric.id]!r}",
                    )
                    continue
                self._rubrics[rubric.id] = rubric
                self._owner[rubric.id] = name

    def _collect_strategies(self) -> None:
        for impl in self._pm.hook.kepatuhan_strategies.get_hookimpls():
            name = impl.plugin_name
            try:
                returned = impl.function()
            except Exception as exc:
                message = f"hook kepatuhan_strategies raised {type(exc).__name__}: {exc}"
                self._fail(name, message, exc)
                continue
            if not isinstance(returned, Sequence) or isinstance(returned, str):
                kind = type(returned).__name__
                self._fail(name, f"hook kepatuhan_strategies returned {kind}, not a sequence")
                continue
            for item in returned:
                if not isinstance(item, Strategy):
                    self._fail(name, f"returned {type(item).__name__}, not a Strategy")
                    continue
                try:
                    register_strategy(item, name)
                except PluginError as exc:
                    self._fail(name, str(exc), exc)

    def _as_rubric(self, plugin: str, item: object) -> Rubric | None:
        if isinstance(item, Rubric):
            return item
        if isinstance(item, dict):
            try:
                return Rubric.model_validate(item)
            except InvalidRubricError as exc:
                self._fail(plugin, f"returned an invalid rubric:\n{exc}", exc)
                return None
        self._fail(plugin, f"returned {type(item).__name__}, not a Rubric")
        return None

    # Queries ----------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return sorted(self._rubrics)

    def get(self, rubric_id: str) -> Rubric:
        """The rubric with this id; :class:`~kepatuhan.UnknownRubricError` if none."""
        try:
            return self._rubrics[rubric_id]
        except KeyError:
            known = ", ".join(self.ids()) or "none"
            why = NOT_HELD.get(rubric_id)
            because = f"; {why}" if why else ""
            raise UnknownRubricError(
                f"no rubric {rubric_id!r} is registered{because} (known: {known})"
            ) from None

    def infos(self) -> list[RubricInfo]:
        return [
            self._rubrics[i].info.model_copy(update={"plugin": self._owner[i]}) for i in self.ids()
        ]

    def plugin_of(self, rubric_id: str) -> str:
        self.get(rubric_id)
        return self._owner[rubric_id]

    def plugin_names(self) -> list[str]:
        return sorted(name for name, _ in self._pm.list_name_plugin())


def _entry_points() -> Sequence[Any]:
    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _unknown_hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """Hook implementations of ``plugin`` that match no hookspec."""
    unknown = []
    for caller in pm.get_hookcallers(plugin) or []:
        if caller.spec is None:
            unknown.append(caller.name)
    return unknown


_default: RubricRegistry | None = None
_lock = threading.Lock()


def default_registry(*, reload: bool = False) -> RubricRegistry:
    """The process-wide registry, loaded on first use."""
    global _default
    with _lock:
        if _default is None or reload:
            _default = RubricRegistry()
        return _default


def get_rubric(rubric_id: str) -> Rubric:
    """The registered rubric with this id; :class:`~kepatuhan.UnknownRubricError` if none."""
    return default_registry().get(rubric_id)


def resolve_rubric(rubric: Rubric | str) -> Rubric:
    """``rubric`` itself, or the registered rubric of that id (the functions that take
    either)."""
    return get_rubric(rubric) if isinstance(rubric, str) else rubric


def list_rubrics() -> list[RubricInfo]:
    """Every registered rubric, sorted by id."""
    return default_registry().infos()
