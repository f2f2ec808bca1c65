"""Rubric files: one rubric, or several editions, from TOML (with ``[defaults]``) or JSON."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import InvalidRubricError, Problem
from .rubric import Rubric

__all__ = ["apply_defaults", "load_rubric", "load_rubrics"]


def load_rubric(path: str | Path) -> Rubric:
    """Read a rubric from a TOML or JSON file and validate it.

    A TOML file may carry a ``[defaults]`` table with ``indicator`` and ``group`` sub-tables:
    their keys fill every indicator or group that does not set them, so a file need not
    repeat the scale, role or provenance of forty indicators. A file with several
    ``[[editions]]`` is read with :func:`load_rubrics`.
    """
    rubrics = load_rubrics(path)
    if len(rubrics) != 1:
        params = {"count": len(rubrics), "ids": ", ".join(r.id for r in rubrics)}
        raise InvalidRubricError([Problem("editions", "rubric_file_editions", params)])
    return rubrics[0]


def load_rubrics(path: str | Path) -> tuple[Rubric, ...]:
    """Every rubric a file defines: one, or one per ``[[editions]]`` entry.

    Years that share a method share one definition: each edition gives the keys that differ
    (``id``, ``year``, ``title``, ``provenance``…) and takes everything else from the file.
    An edition may also ``drop`` nodes by id (groups left empty go too) and give
    ``node_updates`` (id → keys to replace, e.g. a weight or a name with its provenance).
    Every edition is validated; all problems are reported at once, prefixed by its id.
    """
    p = Path(path)
    if p.suffix == ".json":
        return (Rubric.model_validate_json(p.read_bytes()),)
    with p.open("rb") as fh:
        data = apply_defaults(tomllib.load(fh))
    editions = data.pop("editions", None)
    if editions is None:
        return (Rubric.model_validate(data),)
    rubrics: list[Rubric] = []
    problems: list[Problem] = []
    for i, edition in enumerate(editions):
        name = edition.get("id", f"editions[{i}]")
        edition = dict(edition)
        drop = set(edition.pop("drop", []))
        updates = dict(edition.pop("node_updates", {}))
        merged = {**data, **edition}
        found: set[str] = set()
        merged["nodes"] = _edit_nodes(merged.get("nodes", []), drop, updates, found)
        for unknown in sorted((drop | set(updates)) - found):
            params = {"code": unknown}
            problems.append(Problem(f"{name}: editions", "edition_unknown_node", params))
        try:
            rubrics.append(Rubric.model_validate(merged))
        except InvalidRubricError as exc:
            problems += [Problem(f"{name}: {q.location}", q.code, q.params) for q in exc.problems]
    if problems:
        raise InvalidRubricError(problems)
    return tuple(rubrics)


def _edit_nodes(
    nodes: list[dict[str, Any]], drop: set[str], updates: dict[str, Any], found: set[str]
) -> list[dict[str, Any]]:
    """Nodes (as data) without the dropped ones and with updates merged; records ids seen."""
    out = []
    for node in nodes:
        ident = str(node.get("id", ""))
        if ident in drop or ident in updates:
            found.add(ident)
        if ident in drop:
            continue
        edited = {**node, **updates.get(ident, {})}
        if "children" in node:
            edited["children"] = _edit_nodes(node["children"], drop, updates, found)
            if not edited["children"]:
                continue
        out.append(edited)
    return out


def apply_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """Merge the file's ``[defaults]`` into its nodes (see :func:`load_rubric`)."""
    data = dict(data)
    defaults = data.pop("defaults", {})
    group_defaults = defaults.get("group", {})
    indicator_defaults = defaults.get("indicator", {})

    def fill(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for node in nodes:
            if "children" in node:
                merged = {**group_defaults, **node}
                merged["children"] = fill(node["children"])
            else:
                merged = {**indicator_defaults, **node}
            out.append(merged)
        return out

    data["nodes"] = fill(data.get("nodes", []))
    return data
