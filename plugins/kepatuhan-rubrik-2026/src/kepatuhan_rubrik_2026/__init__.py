"""Draft 2026 Opini Ombudsman rubric as a kepatuhan plugin (entry point ``rubrik_2026``)."""

from __future__ import annotations

__version__ = "1.2.0"
