"""Per-object caches kept outside the object, so copies of a model never inherit them.

Pydantic's ``model_copy`` and ``copy.copy`` duplicate an instance's ``__dict__``; a value
cached there (a compiled rubric, say) would then describe the original, not the copy.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["cached", "peek"]

T = TypeVar("T")

_store: dict[int, dict[str, Any]] = {}
_lock = threading.Lock()


def cached(owner: object, key: str, build: Callable[[], T]) -> T:
    """The value cached for ``owner`` under ``key``, built by ``build`` on first use."""
    ident = id(owner)
    with _lock:
        entry = _store.get(ident)
        if entry is not None and key in entry:
            return entry[key]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        entry = _store.get(ident)
        if entry is None:
            entry = _store[ident] = {}
            weakref.finalize(owner, _store.pop, ident, None)
        return entry.setdefault(key, value)  # type: ignore[no-any-return]


def peek(owner: object, key: str) -> Any:
    """The value cached for ``owner`` under ``key``, or None; builds nothing."""
    with _lock:
        entry = _store.get(id(owner))
        return None if entry is None else entry.get(key)
