"""Hostile and awkward plugins (tests/corpus/plugins): each loaded as an entry point of the
process-wide registry in a fresh interpreter with a time limit. None may hang the process,
write to stdout, or end it; each either works or is a located plugin problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parent / "corpus" / "plugins"
TIME_LIMIT = 60.0
"""Seconds; loading takes well under one. A case over the limit hangs."""


def run(*modules: str, strict: bool = False) -> dict[str, Any]:
    """The JSON report of ``run_case.py``; fails the test if it hangs or stdout is not JSON."""
    args = [sys.executable, str(CORPUS / "run_case.py"), *modules]
    if strict:
        args.append("--strict")
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading {modules} hung (over {TIME_LIMIT} s)")
    assert done.returncode == 0, done.stderr
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"stdout is not the JSON report alone: {done.stdout!r}")
    report["stderr"] = done.stderr
    return report


def problems(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["plugin"], p["en"]) for p in report["problems"]]


# Asking for a rubric while the registry loads ------------------------------------------------


def test_derive_in_hook() -> None:
    report = run("derive_in_hook")
    assert "turunan-2024" in report["ids"] and report["problems"] == []
    assert "turunan-2024" in run("derive_in_hook", strict=True)["ids"]


def test_derive_at_import() -> None:
    report = run("derive_at_import")
    assert "impor-2024" in report["ids"] and report["problems"] == []
    assert "impor-2024" in run("derive_at_import", strict=True)["ids"]


def test_list_in_hook() -> None:
    report = run("list_in_hook")
    assert "daftar-pertama" in report["ids"] and report["problems"] == []


def test_derive_from_a_plugin_loaded_later() -> None:
    report = run("derive_from_plugin", "derive_in_hook", strict=True)
    assert {"turunan-2024", "turunan-kedua"} <= set(report["ids"])


def test_derive_unknown() -> None:
    report = run("derive_unknown")
    assert problems(report) == [
        (
            "derive_unknown",
            "plugin 'derive_unknown': hook kepatuhan_rubrics raised UnknownRubricError: "
            "no rubric 'ombudsman-1999' is registered (known: " + ", ".join(report["ids"]) + ")",
        )
    ]


def test_cycle() -> None:
    report = run("cycle_a", "cycle_b")
    assert not {"siklus-a", "siklus-b"} & set(report["ids"])
    assert problems(report)[0] == (
        "cycle_b",
        "plugin 'cycle_b': asked for rubric 'siklus-a' while plugin(s) 'cycle_a' were still "
        "loading: a dependency cycle",
    )
    assert report["problems"][0]["id"] == (
        "plugin 'cycle_b': meminta rubrik 'siklus-a' ketika plugin 'cycle_a' masih dimuat: "
        "ketergantungan melingkar"
    )
    assert [p for p, _ in problems(report)] == ["cycle_b", "cycle_a"]
    strict = run("cycle_a", "cycle_b", strict=True)
    assert strict["error"]["class"] == "PluginError"
    assert strict["error"]["message"].startswith("plugin 'cycle_b': asked for rubric 'siklus-a'")


# Output and exits ----------------------------------------------------------------------------


def test_print_goes_to_stderr() -> None:
    report = run("print_noise")  # ``run`` fails unless stdout is the JSON report alone
    assert "halo dari plugin (impor)" in report["stderr"]
    assert "halo dari plugin (hook)" in report["stderr"]


@pytest.mark.parametrize(
    ("module", "message"),
    [
        ("exit_at_import", "failed to import: SystemExit: 3"),
        ("interrupt_at_import", "failed to import: KeyboardInterrupt: "),
        ("exit_in_hook", "hook kepatuhan_rubrics raised SystemExit: selesai"),
    ],
)
def test_exits_are_the_plugins_failure(module: str, message: str) -> None:
    report = run(module, "derive_in_hook")
    assert problems(report) == [(module, f"plugin {module!r}: {message}")]
    assert "turunan-2024" in report["ids"]  # the others still load
    assert run(module, strict=True)["error"] == {
        "class": "PluginError",
        "message": f"plugin {module!r}: {message}",
    }


def test_every_corpus_module_is_a_case() -> None:
    cases = {
        "cycle_a",
        "cycle_b",
        "derive_at_import",
        "derive_from_plugin",
        "derive_in_hook",
        "derive_unknown",
        "exit_at_import",
        "exit_in_hook",
        "interrupt_at_import",
        "list_in_hook",
        "print_noise",
    }
    assert {p.stem for p in CORPUS.glob("*.py")} - {"run_case"} == cases
