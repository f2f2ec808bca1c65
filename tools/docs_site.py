"""mkdocs hooks for the docs site: pages written at build time, so they never go stale.

* The API reference (``reference/api/``): one page per area, listing every name in
  ``kepatuhan.__all__`` — read when the site is built, so a name added to ``__all__``
  appears without an edit here — plus the public modules ``kepatuhan.io``,
  ``kepatuhan.testing`` and ``kepatuhan.hookspecs``. A name whose module no area claims
  lands on the page "More names".
* The rubric reference (``reference/rubrics/``): a page per built-in rubric with its sources,
  zones, tree of weights and the provenance of every number, from the registered rubrics.

The nav entries ``reference/api/index.md`` and ``reference/rubrics/index.md`` in mkdocs.yml
are expanded into sections holding these pages.
"""

from __future__ import annotations

import html
import importlib
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

__all__ = [
    "API_AREAS",
    "API_INDEX",
    "MODULE_PAGES",
    "RUBRICS_INDEX",
    "api_pages",
    "on_config",
    "on_files",
    "rubric_pages",
]

API_INDEX = "reference/api/index.md"
RUBRICS_INDEX = "reference/rubrics/index.md"


@dataclass(frozen=True)
class Area:
    """One page of the API reference: the names of ``__all__`` defined in ``modules``.

    A module matches when its name below ``kepatuhan.`` is one of ``modules`` or starts with
    one of them followed by ``_`` or ``.`` (``rapor`` claims ``rapor_view`` and ``rapor.x``).
    """

    slug: str
    title: str
    intro: str
    modules: tuple[str, ...]


API_AREAS: tuple[Area, ...] = (
    Area(
        "rounds",
        "Rounds and their data",
        "An assessment round — entities (*instansi*), service units (*lokus*), answers — "
        "and the vocabularies its fields use.",
        (
            "entities",
            "round",
            "responses",
            "oversight",
            "vocab",
            "concat",
            "example",
            "validation",
            "frame_input",
        ),
    ),
    Area(
        "scoring",
        "Scoring and results",
        "Scoring a round, the result per unit and per entity, rounding and zoning.",
        ("scoring", "results", "rounding", "zoning"),
    ),
    Area(
        "rubrics",
        "Rubrics and plugins",
        "Rubrics (the year's method), their scales and provenance, rubric files, the "
        "registry and what a plugin uses.",
        (
            "rubric",
            "scales",
            "provenance",
            "opinion",
            "rubric_file",
            "strategies",
            "registry",
            "requirements",
            "hookspecs",
            "_version",
        ),
    ),
    Area(
        "decisions",
        "What-if, the planner, attribution",
        "From score to decision: edits and their deltas, the cheapest path to a target, "
        "where the points went.",
        ("whatif", "planning", "point_attribution"),
    ),
    Area(
        "reconcile",
        "Reconciliation",
        "A self-assessment against the official round, indicator by indicator.",
        ("reconciliation",),
    ),
    Area(
        "compare",
        "Year over year",
        "Comparing rounds, re-scoring under another year's rubric, crosswalks.",
        ("comparison", "crosswalk", "crosswalk_file", "rescoring"),
    ),
    Area(
        "draws",
        "Uncertainty and sensitivity",
        "How sure a zone is: respondent sampling and the assumed weights.",
        ("sampling_uncertainty", "weight_sensitivity"),
    ),
    Area(
        "skm",
        "SKM",
        "The public satisfaction survey (*Survei Kepuasan Masyarakat*) and its conventions.",
        ("skm",),
    ),
    Area("rapor", "The rapor", "The rapor: the printable report of a scored round.", ("rapor",)),
    Area(
        "web",
        "The web app",
        "The local web app and its JSON API (`kepatuhan serve`).",
        ("web", "serve"),
    ),
    Area("errors", "Errors", "The exception tree and the problems it carries.", ("errors",)),
)
MORE = Area("more", "More names", "Names of `kepatuhan.__all__` no other page claims.", ())

MODULE_PAGES: tuple[tuple[str, str, str], ...] = (
    ("io", "kepatuhan.io", "Data in and out: templates, reading and writing rounds, exports."),
    ("testing", "kepatuhan.testing", "Hypothesis strategies and the plugin conformance kit."),
    ("hookspecs", "kepatuhan.hookspecs", "The hooks a rubric plugin implements."),
    (
        "web-app",
        "kepatuhan.web",
        "The web app to embed in another ASGI server: `create_app` and its settings.",
    ),
)


def _module_of(name: str) -> str:
    """The module (below ``kepatuhan.``) that defines the public ``name``, by static analysis."""
    import griffe

    package = _griffe_package()
    try:
        member = package.members[name]
        path = member.target_path if member.is_alias else member.path
    except (KeyError, griffe.AliasResolutionError):
        return ""
    return path.removeprefix("kepatuhan.").rsplit(".", 1)[0] if "." in path else ""


_PACKAGE: list[Any] = []


def _griffe_package() -> Any:
    if not _PACKAGE:
        import griffe

        _PACKAGE.append(griffe.load("kepatuhan", resolve_aliases=False))
    return _PACKAGE[0]


def _claims(area: Area, module: str) -> bool:
    return any(module == m or module.startswith((m + "_", m + ".")) for m in area.modules)


def public_names() -> list[str]:
    """``kepatuhan.__all__`` as the installed package has it now."""
    return list(importlib.import_module("kepatuhan").__all__)


def api_pages() -> list[tuple[Area, list[str]]]:
    """Each area with the names of ``__all__`` it documents (areas without names left out)."""
    pages: dict[str, list[str]] = {}
    for name in public_names():
        module = _module_of(name)
        area = next((a for a in API_AREAS if _claims(a, module)), MORE)
        pages.setdefault(area.slug, []).append(name)
    areas = [*API_AREAS, MORE]
    return [(a, sorted(pages[a.slug], key=str.casefold)) for a in areas if a.slug in pages]


def _api_area_page(area: Area, names: Sequence[str]) -> str:
    lines = [
        f"# {area.title}",
        "",
        area.intro,
        "",
        "*Generated from the docstrings of `kepatuhan.__all__` when the site is built.*",
        "",
    ]
    for name in names:
        lines += [f"::: kepatuhan.{name}", ""]
    return "\n".join(lines)


def _api_index(pages: Sequence[tuple[Area, list[str]]]) -> str:
    lines = [
        "# API reference",
        "",
        "Every name of `kepatuhan.__all__` (`import kepatuhan as kp`), by area, and the public",
        "modules beside it. The pages are generated from the docstrings when the site is built;",
        "[What is public](../../index.md#what-is-public) says what may be relied on.",
        "",
    ]
    for area, names in pages:
        links = ", ".join(f"[`{n}`]({area.slug}.md#kepatuhan.{n})" for n in names)
        lines += [f"## [{area.title}]({area.slug}.md)", "", links, ""]
    lines += ["## Modules", ""]
    for slug, module, what in MODULE_PAGES:
        lines.append(f"- [`{module}`]({slug}.md) — {what}")
    return "\n".join(lines) + "\n"


def _module_page(module: str, what: str) -> str:
    return "\n".join(
        [
            f"# `{module}`",
            "",
            what,
            "",
            "*Generated from the docstrings when the site is built.*",
            "",
            f"::: {module}",
            "    options:",
            "      show_root_heading: false",
            "      show_submodules: false",
            "",
        ]
    )


# Rubrics ------------------------------------------------------------------------------------


_SOURCE_KEY = re.compile(r"\\\[([A-Za-z0-9_.-]+)\\\]")


def _cell(value: object, sources: Collection[str] = ()) -> str:
    """``value`` as the text of a Markdown table cell: no pipes, line breaks, HTML or
    reference links; a source key in brackets (``[S40]``) links to the sources table."""
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False).replace("|", "\\|")
    text = text.replace("[", "\\[").replace("]", "\\]")

    def link(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"[\\[{key}\\]](#sources)" if key in sources else match.group(0)

    return _SOURCE_KEY.sub(link, text)


def _builtin_rubrics() -> list[Any]:
    """The rubrics kepatuhan ships (installed plugins are left out: the site documents the
    library, and the same build must give the same pages on any machine)."""
    registry = importlib.import_module("kepatuhan.registry")
    builtins = registry.RubricRegistry(entry_points=False, strict=True, disabled=())
    return [builtins.get(rubric_id) for rubric_id in builtins.ids()]


def _nodes(nodes: Sequence[Any], depth: int = 0) -> Iterator[tuple[int, Any, Sequence[Any]]]:
    for node in nodes:
        yield depth, node, nodes
        yield from _nodes(getattr(node, "children", ()), depth + 1)


def _rubric_page(rubric: Any) -> str:
    counts = Counter(prov.confidence.value for _, prov in rubric.provenances())
    rows = [
        ("Title", rubric.title),
        ("English title", rubric.title_en),
        ("Year", rubric.year),
        ("Legal basis", rubric.legal_basis),
        ("Version", rubric.version),
        ("Derived from", rubric.parent),
        ("Respondent reduction", f"`{rubric.respondent_reduction}`"),
        ("Entity roll-up", f"`{rubric.entity_rollup}`"),
        ("Missing data", f"`{rubric.missing_policy}`"),
        (
            "Scores",
            f"{rubric.zoning.minimum}–{rubric.zoning.maximum}, {rubric.zoning.precision} decimals",
        ),
        (
            "Provenance",
            f"{sum(counts.values())} numbers and rules: {counts['official']} "
            f"official, {counts['reported']} reported, {counts['assumed']} assumed",
        ),
    ]
    out = [
        f"# `{rubric.id}`",
        "",
        f"*{_cell(rubric.title)}* — generated when the site is built from the registered "
        f"rubric; `kepatuhan rubrics {rubric.id}` prints the same on the command line.",
        "",
        "| field | value |",
        "|---|---|",
    ]
    out += [f"| {k} | {v if str(v).startswith('`') else _cell(v)} |" for k, v in rows]
    if rubric.description:
        out += ["", _cell(rubric.description)]
    out += ["", "## Sources", "", "| key | source | link |", "|---|---|---|"]
    for key, source in rubric.sources.items():
        url = f"<{source.url}>" if source.url else "—"
        out.append(f"| `{key}` | {_cell(source.title)} | {url} |")
    out += [
        "",
        "## Zones and grades",
        "",
        "| range | zone | grade | label | quality | confidence | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for band in reversed(rubric.zoning.bands):
        prov = band.provenance or rubric.zoning.provenance
        out.append(
            f"| {band.lower}–{band.upper} | {_cell(band.zone and band.zone.value)} "
            f"| {_cell(band.grade)} | {_cell(band.label)} | {_cell(band.quality)} "
            f"| {_cell(prov and prov.confidence.value)} | {_cell(prov and prov.source)} |"
        )
    out += [
        "",
        "## Tree and weights",
        "",
        "Weights are relative to siblings; the share is the weight over the siblings' sum.",
        "",
        "| node | name | share | weight: confidence | source | scale | respondent |",
        "|---|---|---|---|---|---|---|",
    ]
    for depth, node, siblings in _nodes(rubric.nodes):
        share = 100 * node.weight / sum(s.weight for s in siblings)
        scale = getattr(node, "scale", None)
        role = getattr(node, "role", None)
        who = role.value if role is not None else None
        if who and getattr(node, "respondents", None):
            who += f" ×{node.respondents}"
        kind = getattr(node, "kind", None)
        name = _cell(node.name) + (f" ({kind.value})" if kind is not None else "")
        out.append(
            f"| {'&emsp;' * depth}`{node.id}` | {name} | {share:.2f} % "
            f"| {node.weight_provenance.confidence.value} | `{node.weight_provenance.source}` "
            f"| {_cell(scale)} | {_cell(who)} |"
        )
    out += [
        "",
        "## Provenance of every number",
        "",
        "| where | confidence | source | note |",
        "|---|---|---|---|",
    ]
    for path, prov in rubric.provenances():
        note = _cell(prov.note, rubric.sources)
        out.append(f"| `{path}` | {prov.confidence.value} | `{prov.source}` | {note} |")
    out += ["", "## Assumptions", ""]
    assumptions = rubric.assumptions()
    if assumptions:
        out += ["| where | what | value | reason |", "|---|---|---|---|"]
        out += [
            f"| `{a.path}` | {_cell(a.what)} | {_cell(a.value)} "
            f"| {_cell(a.reason, rubric.sources)} |"
            for a in assumptions
        ]
    else:
        out.append("None: every number and rule has a source.")
    return "\n".join(out) + "\n"


def _rubrics_index(rubrics: Sequence[Any]) -> str:
    out = [
        "# Rubrics",
        "",
        "Every rubric kepatuhan ships, generated from the registered rubrics when the site is",
        "built: each page has the rubric's sources, zones and grades, its tree of weights and",
        "the provenance (`official`, `reported` or `assumed`) of every number and rule.",
        "Installed plugins add rubrics of their own: `kepatuhan rubrics` lists what is",
        "registered on your machine. [Method per year](../../rubrics.md) explains each method.",
        "",
        "| rubric | year | title | version | official | reported | assumed |",
        "|---|---|---|---|---|---|---|",
    ]
    for rubric in rubrics:
        counts = Counter(prov.confidence.value for _, prov in rubric.provenances())
        out.append(
            f"| [`{rubric.id}`]({rubric.id}.md) | {_cell(rubric.year)} | {_cell(rubric.title)} "
            f"| {_cell(rubric.version)} | {counts['official']} | {counts['reported']} "
            f"| {counts['assumed']} |"
        )
    return "\n".join(out) + "\n"


def rubric_pages() -> dict[str, str]:
    """The rubric reference: path under docs/ → Markdown."""
    rubrics = _builtin_rubrics()
    pages = {RUBRICS_INDEX: _rubrics_index(rubrics)}
    for rubric in rubrics:
        pages[f"reference/rubrics/{rubric.id}.md"] = _rubric_page(rubric)
    return pages


# Hooks --------------------------------------------------------------------------------------


def _expand(nav: Any, index: str, children: list[dict[str, str]]) -> bool:
    """Replace the nav entry ``{title: index}`` by a section: the index, then ``children``."""
    if isinstance(nav, list):
        for i, entry in enumerate(nav):
            if isinstance(entry, dict) and len(entry) == 1:
                ((title, value),) = entry.items()
                if value == index:
                    nav[i] = {title: [index, *children]}
                    return True
            if _expand(entry, index, children):
                return True
    elif isinstance(nav, dict):
        return any(_expand(value, index, children) for value in nav.values())
    return False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Put the generated pages into the nav, under their index entries."""
    api = [{area.title: f"reference/api/{area.slug}.md"} for area, _ in api_pages()]
    api += [{module: f"reference/api/{slug}.md"} for slug, module, _ in MODULE_PAGES]
    rubrics = [{r.id: f"reference/rubrics/{r.id}.md"} for r in _builtin_rubrics()]
    for index, children in ((API_INDEX, api), (RUBRICS_INDEX, rubrics)):
        if not _expand(config.nav, index, children):
            raise ValueError(f"mkdocs.yml: the nav has no entry for {index}")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated pages."""
    pages = api_pages()
    generated = {API_INDEX: _api_index(pages)}
    for area, names in pages:
        generated[f"reference/api/{area.slug}.md"] = _api_area_page(area, names)
    for slug, module, what in MODULE_PAGES:
        generated[f"reference/api/{slug}.md"] = _module_page(module, what)
    generated.update(rubric_pages())
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files
