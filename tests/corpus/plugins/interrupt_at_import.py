"""Raises ``KeyboardInterrupt`` when imported."""

from __future__ import annotations

raise KeyboardInterrupt
