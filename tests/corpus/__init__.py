"""Hostile cases of issue 10, one folder per slice (a package, so mypy and pytest agree on
the module names of the helpers kept here)."""
