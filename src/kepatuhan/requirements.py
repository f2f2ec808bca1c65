"""Fail early when a tool needs rubric plugins that are missing or too old."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from packaging.requirements import InvalidRequirement, Requirement

from .errors import PluginError

__all__ = ["require_plugins"]


def require_plugins(*requirements: str) -> None:
    """Check installed plugin packages against requirement strings such as
    ``"kepatuhan-rubrik-2026>=1.0"``; raise :class:`~kepatuhan.PluginError` naming every
    requirement that is malformed, not installed, or not satisfied by the installed version.
    """
    failures = []
    for text in requirements:
        try:
            req = Requirement(text)
        except InvalidRequirement as exc:
            reason = str(exc).splitlines()[0]
            failures.append(f"{text!r} is not a valid requirement ({reason})")
            continue
        try:
            installed = version(req.name)
        except PackageNotFoundError:
            failures.append(f"{req} is required, but {req.name} is not installed")
            continue
        if not req.specifier.contains(installed, prereleases=True):
            failures.append(f"{req} is required, but {req.name} {installed} is installed")
    if failures:
        raise PluginError(
            "plugin requirements not met:\n" + "\n".join(f"  - {f}" for f in failures)
        )
