"""Deprecations: a warning that names the release in which the old name goes.

The policy (docs/versioning.md): a public name is deprecated for at least one minor release
before it is removed; the warning says since when, what replaces it and when it goes.
"""

from __future__ import annotations

import warnings

from ._version import __version__


def deprecated(old: str, *, since: str, removal: str, use: str, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated since ``since`` and goes in ``removal``; use ``use``."""
    warnings.warn(
        f"{old} is deprecated since kepatuhan {since} and will be removed in {removal} "
        f"(this is {__version__}); use {use}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
