"""The public surface of kepatuhan as one JSON document, and its committed snapshot.

What another government tool can depend on: every name in ``kepatuhan.__all__``,
``kepatuhan.io.__all__`` and ``kepatuhan.testing.__all__`` (signatures, public methods and
properties, the fields of public models, enum members), the hook specifications, the
command line (commands and options, in both languages' help-free form) and the JSON
Schemas of a round and a result: their outline (properties, required fields, types), compared
on every pydantic release, and their full text, compared under the release that wrote it.

``python tools/api_snapshot.py`` prints the differences from ``tests/api_snapshot.json``;
``--update`` rewrites it. A deliberate change updates the snapshot and CHANGELOG.md in the
same commit (docs/versioning.md); ``tests/test_api_snapshot.py`` fails on any other.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "api_snapshot.json"
MODULES = ("kepatuhan", "kepatuhan.io", "kepatuhan.testing", "kepatuhan.web")

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _clean(text: str) -> str:
    """Drop what differs between runs or Python versions but not in the API."""
    text = _ADDRESS.sub("", text)
    text = text.replace("typing.", "").replace("collections.abc.", "")
    return re.sub(r"<class '([\w.]+)'>", r"\1", text)


def type_text(tp: Any) -> str:
    """A type annotation in one stable spelling across Python 3.11–3.13."""
    if isinstance(tp, str):
        return _clean(tp)
    if tp is type(None):
        return "None"
    if tp is Ellipsis:
        return "..."
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(type_text(a) for a in args)
    if origin is typing.Annotated:
        return type_text(args[0])
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(a) for a in args) + "]"
    if origin is not None:
        name = getattr(origin, "__qualname__", None) or _clean(repr(origin))
        if not args:
            return str(name)
        return f"{name}[" + ", ".join(type_text(a) for a in args) + "]"
    if isinstance(tp, type):
        return tp.__qualname__
    if isinstance(tp, list):  # Callable's argument list
        return "[" + ", ".join(type_text(a) for a in tp) + "]"
    return _clean(repr(tp))


def signature_text(obj: Callable[..., Any]) -> str:
    """The call signature, annotations as written in the source (strings there)."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(?)"
    params = list(sig.parameters.values())
    parts: list[str] = []
    for i, p in enumerate(params):
        if p.kind is p.KEYWORD_ONLY and (i == 0 or params[i - 1].kind is p.POSITIONAL_OR_KEYWORD):
            parts.append("*")
        star = "*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else ""
        text = star + p.name
        if p.annotation is not p.empty:
            text += ": " + type_text(p.annotation)
        if p.default is not p.empty:
            text += " = " + _clean(repr(p.default))
        parts.append(text)
        if p.kind is p.POSITIONAL_ONLY and (
            i + 1 == len(params) or params[i + 1].kind is not p.POSITIONAL_ONLY
        ):
            parts.append("/")
    out = "(" + ", ".join(parts) + ")"
    if sig.return_annotation is not sig.empty:
        out += " -> " + type_text(sig.return_annotation)
    return out


def _own_members(cls: type) -> dict[str, Any]:
    """Public methods and properties ``cls`` defines or overrides (not pydantic's own)."""
    from pydantic import BaseModel

    skip = set(dir(BaseModel)) if issubclass(cls, BaseModel) else set()
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.split(".")[0] != "kepatuhan":
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") and name not in ("__call__", "__init__"):
                continue
            if name in skip and name not in vars(cls):
                continue
            if name == "__init__" and issubclass(cls, BaseModel):
                continue
            if isinstance(value, property):
                ann = typing.get_type_hints(value.fget).get("return") if value.fget else None
                out[name] = f"property -> {type_text(ann)}" if ann else "property"
            elif isinstance(value, classmethod | staticmethod):
                out[name] = f"{type(value).__name__} {signature_text(value.__func__)}"
            elif inspect.isfunction(value):
                out[name] = "def " + signature_text(value)
            elif getattr(value, "__module__", "").startswith("functools") or hasattr(value, "func"):
                out[name] = "cached"
    return dict(sorted(out.items()))


def _model_fields(cls: type) -> dict[str, str]:
    fields: dict[str, Any] = getattr(cls, "model_fields", {})
    out = {}
    for name, info in fields.items():
        text = type_text(info.annotation)
        if info.is_required():
            text += " (required)"
        elif info.default_factory is not None:
            text += " = <factory>"
        else:
            text += " = " + _clean(repr(info.default))
        if info.alias and info.alias != name:
            text += f" (alias {info.alias!r})"
        out[name] = text
    return out


def describe(obj: Any) -> dict[str, Any] | str:
    """One public name: what kind of thing it is and its shape."""
    from pydantic import BaseModel

    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        return {"kind": "enum", "members": {m.name: _clean(repr(m.value)) for m in obj}}
    if isinstance(obj, type) and issubclass(obj, BaseException):
        bases = [b.__qualname__ for b in obj.__bases__]
        return {"kind": "exception", "bases": bases, "members": _own_members(obj)}
    if isinstance(obj, type) and issubclass(obj, BaseModel):
        return {
            "kind": "model",
            "bases": [b.__qualname__ for b in obj.__bases__],
            "fields": _model_fields(obj),
            "members": _own_members(obj),
        }
    if isinstance(obj, type):
        out: dict[str, Any] = {"kind": "class", "members": _own_members(obj)}
        if typing.is_protocol(obj) if hasattr(typing, "is_protocol") else False:
            out["kind"] = "protocol"
        return out
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "def " + signature_text(obj)
    if isinstance(obj, str | int | float | bool | tuple | frozenset):
        return f"{type(obj).__name__} = {_clean(repr(obj))}"
    if typing.get_origin(obj) is not None or isinstance(obj, types.UnionType):
        return "type alias = " + type_text(obj)
    return f"{type(obj).__name__}"


def _python_names() -> dict[str, Any]:
    import importlib

    out: dict[str, Any] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        names = sorted(getattr(module, "__all__", ()))
        out[module_name] = {name: describe(getattr(module, name)) for name in names}
    return out


def _hooks() -> dict[str, str]:
    from kepatuhan import hookspecs

    out = {}
    for name, value in sorted(vars(hookspecs).items()):
        if name.startswith("kepatuhan_") and inspect.isfunction(value):
            out[name] = "def " + signature_text(value)
    return out


def _cli() -> dict[str, Any]:
    import typer.main

    from kepatuhan.cli.app import make_app

    out: dict[str, Any] = {}
    for lang in ("id", "en"):
        group = typer.main.get_command(make_app(lang))
        commands: dict[str, Any] = {}
        for name, command in sorted(getattr(group, "commands", {}).items()):
            params = {}
            for p in command.params:
                text = "/".join(p.opts + p.secondary_opts) or p.name or "?"
                kind = "argument" if p.param_type_name == "argument" else "option"
                flags = [kind]
                if p.required:
                    flags.append("required")
                if p.multiple or p.nargs == -1:
                    flags.append("many")
                params[str(p.name)] = f"{text} ({', '.join(flags)})"
            commands[name] = params
        globals_ = {str(p.name): "/".join(p.opts + p.secondary_opts) for p in group.params}
        out[lang] = {"global": globals_, "commands": commands}
    return out


def _schemas() -> dict[str, Any]:
    from kepatuhan.io import json_schemas

    return dict(sorted(json_schemas().items()))


def pydantic_minor() -> str:
    """The installed pydantic's major.minor: its JSON Schemas differ between releases."""
    import pydantic

    return ".".join(pydantic.VERSION.split(".")[:2])


def _shape(node: Any) -> Any:
    """What a JSON Schema node accepts, without what pydantic releases spell differently
    (titles, descriptions, string patterns of decimals, an ``allOf`` around one ``$ref``)."""
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return "ref " + str(node["$ref"]).rsplit("/", 1)[-1]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _shape(node["allOf"][0])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return {key: sorted((_shape(n) for n in node[key]), key=json.dumps)}
    out: dict[str, Any] = {}
    for key in ("type", "enum", "const", "required"):
        if key in node:
            out[key] = node[key]
    if "properties" in node:
        out["properties"] = {k: _shape(v) for k, v in node["properties"].items()}
    for key in ("items", "additionalProperties", "prefixItems"):
        if key in node:
            value = node[key]
            out[key] = [_shape(v) for v in value] if isinstance(value, list) else _shape(value)
    return out


def schema_outline(schema: dict[str, Any]) -> dict[str, Any]:
    """Every definition of a JSON Schema by its properties, required fields and types:
    what a caller depends on, the same under every pydantic release."""
    defs = {name: _shape(d) for name, d in schema.get("$defs", {}).items()}
    root = {k: v for k, v in schema.items() if k != "$defs"}
    return {"root": _shape(root), "defs": dict(sorted(defs.items()))}


def snapshot() -> dict[str, Any]:
    """The public surface now."""
    schemas = _schemas()
    return {
        "python": _python_names(),
        "hooks": _hooks(),
        "cli": _cli(),
        "json_schema_outlines": {name: schema_outline(s) for name, s in schemas.items()},
        "json_schemas": {"pydantic": pydantic_minor(), "schemas": schemas},
    }


def without_schemas(data: dict[str, Any]) -> dict[str, Any]:
    """The surface but the JSON Schemas (which depend on the pydantic release too)."""
    return {key: value for key, value in data.items() if key != "json_schemas"}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def difference(old: str, new: str) -> str:
    """A unified diff of two snapshots, empty when they agree."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            "tests/api_snapshot.json (committed)",
            "public API now",
            n=4,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot")
    args = parser.parse_args(argv)
    now = dumps(snapshot())
    if args.update:
        SNAPSHOT.write_text(now, encoding="utf-8")
        print(f"wrote {SNAPSHOT.name}")
        return 0
    old = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    diff = difference(old, now)
    sys.stdout.write(diff or "the public API matches the snapshot\n")
    return 1 if diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
