"""Crosswalk files: a crosswalk between two rubrics from TOML (with shorthands) or JSON."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .crosswalk import Crosswalk
from .errors import InvalidRubricError, Problem

__all__ = ["load_crosswalk"]


def load_crosswalk(path: str | Path) -> Crosswalk:
    """Read and validate a crosswalk (its ids are checked against the rubrics when a registry
    loads it).

    A TOML file may give ``[defaults.mapping]``, whose keys (a provenance above all) fill
    every mapping that does not set them, and a list ``same = ["in01", …]`` of indicators
    kept as they are: each becomes a ``same`` mapping with the default provenance (or
    ``same_provenance`` when given). The mappings are listed ``same`` first, then
    ``[[mappings]]`` in file order.
    """
    p = Path(path)
    if p.suffix == ".json":
        return Crosswalk.model_validate_json(p.read_bytes())
    with p.open("rb") as fh:
        data = tomllib.load(fh)
    return Crosswalk.model_validate(expand_shorthands(data))


def expand_shorthands(data: dict[str, Any]) -> dict[str, Any]:
    """The crosswalk data with ``[defaults.mapping]`` applied and ``same`` lists expanded."""
    data = dict(data)
    defaults = dict(data.pop("defaults", {}))
    mapping_defaults = dict(defaults.pop("mapping", {}))
    if defaults:
        problems = [Problem(f"defaults.{key}", "field_not_allowed", {}) for key in sorted(defaults)]
        raise InvalidRubricError(problems)
    same = data.pop("same", [])
    same_provenance = data.pop("same_provenance", mapping_defaults.get("provenance"))
    mappings: list[Any] = []
    for ident in same:
        entry: dict[str, Any] = {"kind": "same", "before": [ident], "after": [ident]}
        if same_provenance is not None:
            entry["provenance"] = same_provenance
        mappings.append(entry)
    for entry in data.get("mappings", []):
        mappings.append({**mapping_defaults, **entry} if isinstance(entry, dict) else entry)
    data["mappings"] = mappings
    return data
