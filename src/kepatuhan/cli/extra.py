"""What to say when a package of the ``cli`` extra is not installed (no typer needed here)."""

from __future__ import annotations

from ..errors import Language
from .messages import text

__all__ = ["OPTIONAL_MODULES", "missing_extra"]

OPTIONAL_MODULES = frozenset({"typer", "click", "rich", "openpyxl"})
"""Top-level modules of the ``cli`` extra; without them the command says how to install it."""


def missing_extra(module: str | None, lang: Language) -> str:
    """One line: which optional module is missing and how to install it."""
    return text("missing_extra", lang, module=module or "?")
