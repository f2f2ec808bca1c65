"""The docs site: ``mkdocs build --strict`` passes (a broken link, a missing anchor, a page left
out of the nav or a docstring mkdocstrings cannot render fails it), and the generated
references cover every public name and every built-in rubric's provenance.

One build per test session (about 10 s of CPU), shared by the tests below.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kepatuhan as kp
import kepatuhan.hookspecs
import kepatuhan.io
import kepatuhan.testing
from kepatuhan.registry import RubricRegistry

ROOT = Path(__file__).resolve().parent.parent
_ID = re.compile(r'\bid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


class Site:
    """The built site: its output, and the element ids and text of its pages."""

    def __init__(self, directory: Path, output: str) -> None:
        self.directory = directory
        self.output = output

    def page(self, path: str) -> str:
        return (self.directory / path / "index.html").read_text(encoding="utf-8")

    def ids(self, under: str) -> set[str]:
        found: set[str] = set()
        for page in (self.directory / under).rglob("*.html"):
            found.update(_ID.findall(page.read_text(encoding="utf-8")))
        return found

    def text(self, path: str) -> str:
        return html.unescape(_TAG.sub("", self.page(path)))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        # Not -q: quiet mode drops the warnings before strict mode counts them.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{output}"
    return Site(out, output)


def test_strict_build_succeeds_with_the_generated_pages(site: Site) -> None:
    """The build passed (the fixture asserts it) and the hooks wrote their pages."""
    for page in ("", "reference/api", "reference/rubrics", "tutorials/menilai-putaran"):
        assert (site.directory / page / "index.html").is_file(), page


def test_every_name_of_all_has_its_entry_in_the_api_reference(site: Site) -> None:
    ids = site.ids("reference/api")
    missing = [name for name in kp.__all__ if f"kepatuhan.{name}" not in ids]
    assert missing == []


@pytest.mark.parametrize("module", [kepatuhan.io, kepatuhan.testing], ids=lambda m: m.__name__)
def test_public_modules_document_their_all(site: Site, module: object) -> None:
    name = getattr(module, "__name__", "")
    ids = site.ids("reference/api")
    missing = [n for n in getattr(module, "__all__", ()) if f"{name}.{n}" not in ids]
    assert missing == []


def test_every_hook_is_documented(site: Site) -> None:
    hooks = [n for n in kepatuhan.hookspecs.__all__ if n.startswith("kepatuhan_")]
    assert hooks, "hookspecs lists no hooks"
    ids = site.ids("reference/api/hookspecs")
    assert [h for h in hooks if f"kepatuhan.hookspecs.{h}" not in ids] == []


BUILT_IN = RubricRegistry(entry_points=False, disabled=())
"""The rubrics kepatuhan ships: the site documents these, whatever plugins are installed."""


@pytest.mark.parametrize("rubric_id", BUILT_IN.ids())
def test_rubric_page_is_generated_from_the_rubric(site: Site, rubric_id: str) -> None:
    """Every provenance row (where, confidence, source), assumption and source of the rubric
    is on its page: checked against the rubric itself, not against figures copied here."""
    rubric = BUILT_IN.get(rubric_id)
    text = " ".join(site.text(f"reference/rubrics/{rubric_id}").split())
    for path, prov in rubric.provenances():
        assert f"{path} {prov.confidence.value} {prov.source}" in text
    for assumption in rubric.assumptions():
        assert assumption.path in text
    for key in rubric.sources:
        assert key in text
    assert rubric_id in site.text("reference/rubrics")


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    module = sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_docstring_roles_become_optional_links() -> None:
    markdown_of = _tool("griffe_rst").markdown_of
    text = markdown_of("Returns a :class:`~kepatuhan.Round`; see :func:`score`.", "kepatuhan.x")
    assert ":class:" not in text and ":func:" not in text
    assert 'identifier="kepatuhan.Round"' in text and "<code>Round</code>" in text
    assert 'identifier="kepatuhan.x.score"' in text and 'slug="kepatuhan.score"' in text
    assert " optional>" in text  # an object the site does not render is code, not a warning


def test_docstring_doctests_are_fenced_once() -> None:
    markdown_of = _tool("griffe_rst").markdown_of
    text = markdown_of("An example::\n\n>>> 1 + 1\n2\n\nAfter.", "kepatuhan")
    assert text.splitlines() == ["An example:", "", "```pycon", ">>> 1 + 1", "2", "```", "",
                                 "After."]  # fmt: skip
    fenced = "```python\n>>> 1 + 1\n2\n```"
    assert markdown_of(fenced, "kepatuhan") == fenced


def test_rubric_table_cells_are_escaped_and_cite_their_sources() -> None:
    cell = _tool("docs_site")._cell
    assert cell("a|b <x>\nc [S1] [Z9]", {"S1"}) == "a\\|b &lt;x&gt; c [\\[S1\\]](#sources) \\[Z9\\]"
    assert cell(None) == cell("") == "—"


def test_a_pydantic_field_is_documented_by_its_description() -> None:
    import griffe

    tool = _tool("griffe_rst")
    package = griffe.load(
        "kepatuhan",
        search_paths=[str(ROOT / "src")],
        resolve_aliases=False,
        extensions=griffe.load_extensions(tool.RestDocstrings()),
    )
    band = package["zoning.Band"]
    assert band.members["label"].docstring.value == kp.Band.model_fields["label"].description
    assert kp.Band.model_fields["lower"].description is None
    assert band.members["lower"].docstring is None  # no description: none made up
