"""The formats a scored round is exported in: a registry of exporters.

An :class:`Exporter` is a name (``"xlsx"``), the file suffixes it writes (``.xlsx``) and a
function from a result to bytes. :func:`kepatuhan.io.export_result` and the command line
(``kepatuhan score --format``/``-o``) take their formats from :func:`default_exporters`,
so a new format (HTML, PDF) is a new module that calls :func:`register_exporter`; no
list elsewhere is edited. Reading rounds has its own, separate formats: an export format
is never read back by :func:`kepatuhan.io.read_round`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InvalidFileError, Language, Problem

if TYPE_CHECKING:
    from ..results import RoundResult

__all__ = ["Exporter", "Exporters", "default_exporters", "register_exporter"]

WriteResult = Callable[["RoundResult", Language], bytes]
"""``write(result, lang)``: the file's bytes, the same for the same result."""


@dataclass(frozen=True)
class Exporter:
    """One export format: its name, its file suffixes (the first is the usual one), the
    function that writes it, and whether it may be printed to stdout (a workbook may not:
    binary data does not belong on a terminal)."""

    name: str
    suffixes: tuple[str, ...]
    write: WriteResult
    stdout: bool = True

    def __post_init__(self) -> None:
        if not self.name or self.name != self.name.strip().lower():
            raise ValueError(f"an exporter's name is lower-case text, got {self.name!r}")
        bad = [s for s in self.suffixes if not s.startswith(".") or s != s.lower()]
        if not self.suffixes or bad:
            raise ValueError(f"exporter {self.name!r}: suffixes are like '.csv', got {bad}")


class Exporters:
    """Exporters by name and by suffix, in the order registered (the order the command
    line lists them in). Two exporters may share neither a name nor a suffix."""

    def __init__(self, exporters: Iterable[Exporter] = ()) -> None:
        self._by_name: dict[str, Exporter] = {}
        for exporter in exporters:
            self.register(exporter)

    def register(self, exporter: Exporter, *, replace: bool = False) -> Exporter:
        """Add ``exporter``; ``replace=True`` puts it in place of one with its name.
        A name or suffix already taken raises :class:`ValueError`."""
        others = {k: e for k, e in self._by_name.items() if not (replace and k == exporter.name)}
        if exporter.name in others:
            raise ValueError(f"an exporter named {exporter.name!r} is registered already")
        for other in others.values():
            shared = set(other.suffixes) & set(exporter.suffixes)
            if shared:
                raise ValueError(
                    f"exporter {exporter.name!r}: {sorted(shared)} belong to {other.name!r}"
                )
        self._by_name[exporter.name] = exporter
        return exporter

    def unregister(self, name: str) -> Exporter:
        """Remove the exporter ``name`` and return it (:class:`KeyError` if none)."""
        return self._by_name.pop(name)

    def copy(self) -> Exporters:
        """A registry holding the same exporters, to extend without changing this one."""
        return Exporters(self)

    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def get(self, name: str) -> Exporter | None:
        return self._by_name.get(name)

    def for_suffix(self, suffix: str) -> Exporter | None:
        """The exporter writing files with ``suffix`` (any case), if any."""
        wanted = suffix.lower()
        return next((e for e in self if wanted in e.suffixes), None)

    def choose(self, suffix: str, format: str | None, name: str) -> Exporter:
        """The exporter ``format`` names, else the one for a path's ``suffix``; neither is
        :class:`InvalidFileError` ``unknown_format`` located at the file ``name``."""
        exporter = self.get(format) if format is not None else self.for_suffix(suffix)
        if exporter is None:
            params = {"suffix": suffix if format is None else format}
            raise InvalidFileError([Problem(name, "unknown_format", params)], subject=name)
        return exporter

    def __iter__(self) -> Iterator[Exporter]:
        return iter(tuple(self._by_name.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __len__(self) -> int:
        return len(self._by_name)


def _xlsx(result: RoundResult, lang: Language) -> bytes:
    from .export import xlsx_bytes

    return xlsx_bytes(result, lang)


def _csv(result: RoundResult, lang: Language) -> bytes:
    from .export import csv_bytes

    return csv_bytes(result)


def _json(result: RoundResult, lang: Language) -> bytes:
    from .export import json_bytes

    return json_bytes(result)


BUILT_IN = (
    Exporter("json", (".json",), _json),
    Exporter("csv", (".csv",), _csv),
    Exporter("xlsx", (".xlsx",), _xlsx, stdout=False),
)
"""The formats kepatuhan itself writes."""

_DEFAULT = Exporters(BUILT_IN)


def default_exporters() -> Exporters:
    """The registry :func:`kepatuhan.io.export_result` and the command line use."""
    return _DEFAULT


def register_exporter(exporter: Exporter, *, replace: bool = False) -> Exporter:
    """Add ``exporter`` to :func:`default_exporters` (see :meth:`Exporters.register`)."""
    return _DEFAULT.register(exporter, replace=replace)
