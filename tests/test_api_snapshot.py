"""The public API cannot change by accident: it must match the committed snapshot.

A deliberate change runs ``python tools/api_snapshot.py --update`` and records the change in
CHANGELOG.md in the same commit (docs/versioning.md).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "api_snapshot", ROOT / "tools" / "api_snapshot.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("api_snapshot", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _tool()


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "tests" / "api_snapshot.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def now(tool: ModuleType) -> dict[str, Any]:
    data: dict[str, Any] = tool.snapshot()
    return data


_HOW = (
    "the public API changed; if deliberate, run `python tools/api_snapshot.py --update` "
    "and record it in CHANGELOG.md:\n"
)


def test_public_api_matches_the_snapshot(
    tool: ModuleType, committed: dict[str, Any], now: dict[str, Any]
) -> None:
    """Names, signatures, model fields, hooks, CLI options and the outline of the round and
    result JSON Schemas (properties, required fields, types): on every supported Python and
    dependency version."""
    diff = tool.difference(
        tool.dumps(tool.without_schemas(committed)), tool.dumps(tool.without_schemas(now))
    )
    assert not diff, _HOW + diff


def test_json_schemas_match_the_snapshot(
    tool: ModuleType, committed: dict[str, Any], now: dict[str, Any]
) -> None:
    """The round and result JSON Schemas to the letter, under the pydantic release that wrote
    the snapshot (other releases spell the same schema differently: ``allOf`` around a
    ``$ref``, a pattern on decimal strings; the outline above is compared everywhere)."""
    recorded = committed["json_schemas"]["pydantic"]
    if now["json_schemas"]["pydantic"] != recorded:
        pytest.skip(f"the snapshot's schemas were written with pydantic {recorded}")
    diff = tool.difference(tool.dumps(committed["json_schemas"]), tool.dumps(now["json_schemas"]))
    assert not diff, _HOW + diff


def test_snapshot_covers_every_public_name(now: dict[str, Any]) -> None:
    import kepatuhan
    import kepatuhan.io
    import kepatuhan.testing
    import kepatuhan.web

    python = now["python"]
    for module in (kepatuhan, kepatuhan.io, kepatuhan.testing, kepatuhan.web):
        assert sorted(python[module.__name__]) == sorted(module.__all__)


def test_a_changed_signature_is_caught(tool: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check fails on a new keyword, a changed default, and a dropped model field."""
    import kepatuhan

    before = tool.dumps(tool.snapshot())

    def score(round_: object, rubric: object = None, *, missing: object = None, x: int = 1) -> None:
        """A stand-in with one more keyword."""

    monkeypatch.setattr(kepatuhan, "score", score)
    assert "x: int = 1" in tool.difference(before, tool.dumps(tool.snapshot()))


def test_a_changed_model_field_is_caught(tool: ModuleType) -> None:
    from pydantic import BaseModel

    class Old(BaseModel):
        code: str
        name: str = "x"

    class New(BaseModel):
        code: str
        name: str = "y"

    class Fewer(BaseModel):
        code: str

    old = tool.describe(Old)
    assert tool.describe(New) != old
    assert tool.describe(Fewer) != old
    assert old["fields"] == {"code": "str (required)", "name": "str = 'x'"}


def test_cli_options_are_in_the_snapshot(now: dict[str, Any]) -> None:
    cli = now["cli"]
    assert set(cli["id"]["commands"]) == set(cli["en"]["commands"])
    assert "--output/-o" in cli["id"]["commands"]["score"]["out"]


def test_types_spelled_the_same_on_every_python(tool: ModuleType) -> None:
    from typing import Literal, Optional, Union

    assert tool.type_text(Optional[int]) == "int | None"  # noqa: UP045
    assert tool.type_text(Union[int, str]) == "int | str"  # noqa: UP007
    assert tool.type_text(int | None) == "int | None"
    assert tool.type_text(Literal["a", 1]) == "Literal['a', 1]"
    assert tool.type_text(tuple[int, ...]) == "tuple[int, ...]"


def test_the_schema_outline_sees_a_changed_field(tool: ModuleType) -> None:
    """A field renamed, made optional or given another type changes the outline; a title
    or an ``allOf`` around a ``$ref`` does not."""
    base = {
        "type": "object",
        "properties": {"code": {"type": "string", "title": "Code"}, "x": {"$ref": "#/$defs/X"}},
        "required": ["code"],
        "$defs": {"X": {"type": "integer"}},
    }
    outline = tool.schema_outline(base)
    respelled = {
        **base,
        "properties": {"code": {"type": "string"}, "x": {"allOf": [{"$ref": "#/$defs/X"}]}},
    }
    assert tool.schema_outline(respelled) == outline
    renamed = {**base, "properties": {"kode": {"type": "string"}, "x": {"$ref": "#/$defs/X"}}}
    optional = {**base, "required": []}
    retyped = {**base, "$defs": {"X": {"type": "string"}}}
    for changed in (renamed, optional, retyped):
        assert tool.schema_outline(changed) != outline
