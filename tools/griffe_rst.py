"""A griffe extension for the docs site: kepatuhan's reST-flavoured docstrings as Markdown.

The docstrings are written for ``help()`` and for reading in the source: cross-references as
reST roles (``:class:`~kepatuhan.Round```), examples as bare doctest lines (``>>> ...``) and
literal blocks after ``::``. Markdown would print the roles as text and quote the doctest
lines (``>`` starts a block quote), so before mkdocstrings renders a docstring this extension

* turns a role into a link to the object when the site documents it (an optional autorefs
  reference: an object the site does not render stays plain code, never a broken link);
* fences each doctest block as ``pycon``;
* ends a paragraph that introduces a literal block with ``:`` instead of ``::`` (the indented
  block after it is already code in Markdown);
* gives a pydantic field without a docstring its ``Field(description=...)`` as docstring, so
  the reference says what each field of a public model holds.

The docstrings themselves are not changed; ``help()`` and the doctests see them as written.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import griffe

__all__ = ["RestDocstrings", "field_description", "markdown_of"]

_ROLE = re.compile(r":(?:py:)?(?:func|class|mod|meth|attr|data|exc|obj|const):`(~?)([^`]+)`")
_PROMPT = re.compile(r"^(\s*)>>> ")


def _target(name: str, module: str) -> tuple[str, str]:
    """The identifier a role names (qualified by ``module`` when it is bare) and a fallback."""
    if name.startswith("kepatuhan"):
        return name, name
    return f"{module}.{name}", f"kepatuhan.{name}"


def _role(match: re.Match[str], module: str) -> str:
    tilde, name = match.group(1), match.group(2).strip()
    if "<" in name:  # ``:class:`text <target>``` — the text is what is shown
        shown, _, name = name.partition("<")
        name, shown = name.rstrip(">").strip(), shown.strip()
    else:
        shown = name.rsplit(".", 1)[-1] if tilde else name
    identifier, fallback = _target(name, module)
    return (
        f'<autoref identifier="{identifier}" slug="{fallback}" optional>'
        f"<code>{shown}</code></autoref>"
    )


def _fence_doctests(lines: list[str]) -> list[str]:
    """Every run of doctest lines (a prompt, its continuations and its output) in a fence."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        prompt = _PROMPT.match(lines[i])
        inside_fence = sum(line.lstrip().startswith("```") for line in out) % 2 == 1
        if prompt is None or inside_fence:
            out.append(lines[i])
            i += 1
            continue
        indent = prompt.group(1)
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip():
            out.append(lines[i])
            i += 1
        out.append(f"{indent}```")
    return out


def markdown_of(text: str, module: str) -> str:
    """``text`` (a docstring of an object in ``module``) with its reST idioms as Markdown."""
    lines = _fence_doctests(text.splitlines())
    out = []
    for line in lines:
        if line.rstrip().endswith("::") and not line.strip().startswith(("::", ">>>", "...")):
            line = line.rstrip()[:-1]
        out.append(_ROLE.sub(lambda m: _role(m, module), line))
    return "\n".join(out)


def field_description(value: object) -> str | None:
    """The literal ``description=`` of a ``Field(...)`` call (griffe's expression of a class
    attribute's value), or ``None``."""
    if not isinstance(value, griffe.ExprCall) or str(value.function) not in {
        "Field",
        "pydantic.Field",
    }:
        return None
    for argument in value.arguments:
        if isinstance(argument, griffe.ExprKeyword) and argument.name == "description":
            try:
                text = ast.literal_eval(str(argument.value))
            except (ValueError, SyntaxError):
                return None
            return text if isinstance(text, str) and text.strip() else None
    return None


class RestDocstrings(griffe.Extension):
    """Rewrites each docstring as it is loaded (see the module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_of(obj.docstring.value, obj.module.path)

    def on_attribute_instance(self, *, attr: griffe.Attribute, **kwargs: Any) -> None:
        if attr.docstring is None and (text := field_description(attr.value)) is not None:
            attr.docstring = griffe.Docstring(markdown_of(text, attr.module.path), parent=attr)
