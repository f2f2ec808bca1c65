"""Meta-tests: every hook is documented with its exact signature and has a test."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from kepatuhan import hookspecs

ROOT = Path(__file__).resolve().parents[1]
HOOKS = sorted(
    name
    for name, obj in vars(hookspecs).items()
    if name.startswith("kepatuhan_") and inspect.isfunction(obj)
)


def _signature(name: str) -> str:
    sig = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(
        f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
        for p in sig.parameters.values()
    )
    return f"{name}({params}) -> {sig.return_annotation}"


def test_there_are_hooks() -> None:
    assert HOOKS == ["kepatuhan_crosswalks", "kepatuhan_rubrics", "kepatuhan_strategies"]


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_with_its_signature(hook: str) -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert f"### `{_signature(hook)}`" in docs


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_test(hook: str) -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    assert re.search(rf"def test_hook_{hook}\b", sources), f"no test_hook_{hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docstring_contract(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert "Return" in doc and len(doc) > 100
