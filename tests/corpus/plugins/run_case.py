"""Load corpus plugins as entry points of the process-wide registry and report, as JSON on
stdout, what the registry made of them.

``python run_case.py [--strict] module...``: every named module of this folder becomes an entry
point named after it. Nothing but the JSON report may reach stdout.
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import kepatuhan as kp
from kepatuhan import registry


class EntryPoint:
    def __init__(self, name: str) -> None:
        self.name = name

    def load(self) -> Any:
        return importlib.import_module(self.name)


def main(args: list[str]) -> None:
    strict = "--strict" in args
    names = [a for a in args if not a.startswith("--")]
    sys.path.insert(0, str(Path(__file__).parent))
    registry._entry_points = lambda: [EntryPoint(n) for n in names]
    report: dict[str, Any] = {}
    if strict:
        import os

        os.environ[registry.STRICT_ENV] = "1"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kp.PluginWarning)
        try:
            report["ids"] = [info.id for info in kp.list_rubrics()]
        except kp.KepatuhanError as exc:
            report["error"] = {"class": type(exc).__name__, "message": str(exc)}
        else:
            problems = registry.default_registry().problems
            report["problems"] = [
                {"plugin": p.plugin, "code": p.code, "en": p.render("en"), "id": p.render("id")}
                for p in problems
            ]
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
