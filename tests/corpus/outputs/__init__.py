"""Hostile text for every writer (slice C)."""
