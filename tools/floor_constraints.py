"""Pin every runtime dependency and extra of pyproject.toml at its declared floor.

``python tools/floor_constraints.py > floors.txt`` writes a pip constraints file (``name==X``
for each ``name>=X``) of the core dependencies and the user extras (not ``test``, ``dev`` or
``docs``: the tools that check the library may be new). ``nox -s floors`` installs with it
and runs the suite, so the floors pyproject.toml states are floors that work.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
TOOL_EXTRAS = frozenset({"test", "dev", "docs"})
_FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def floors(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """Requirement name (normalised) → its lowest allowed version."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra, items in project.get("optional-dependencies", {}).items():
        if extra not in TOOL_EXTRAS:
            requirements.extend(items)
    out: dict[str, str] = {}
    for requirement in requirements:
        match = _FLOOR.match(requirement)
        if match is None:
            continue  # "kepatuhan[...]" (an extra of itself) or a requirement with no floor
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        if name == "kepatuhan":
            continue
        if name in out and out[name] != match.group(3):
            raise SystemExit(f"{name} has two floors: {out[name]} and {match.group(3)}")
        out[name] = match.group(3)
    return dict(sorted(out.items()))


def main() -> None:
    for name, version in floors().items():
        sys.stdout.write(f"{name}=={version}\n")


if __name__ == "__main__":
    main()
