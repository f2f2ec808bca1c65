"""Rubrics: a weighted tree (dimension → variable → indicator), scales, zoning, provenance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from pydantic import Field

from ._cache import cached
from ._deprecation import deprecated
from ._model import FrozenModel
from .catalog import Message
from .compile import CompiledRubric, compile_rubric
from .errors import TERMS, InvalidRubricError, Problem
from .opinion import OpinionRule
from .provenance import Assumption, Provenance, Source
from .rubric_nodes import ID_PATTERN, Group, GroupKind, Indicator, Node, Text
from .strategies import ENTITY_ROLLUPS, RESPONDENT_REDUCTIONS
from .tailoring import derive_rubric
from .vocab import Confidence, UnitType
from .zoning import Classification, ZoningRule

__all__ = [
    "Group",
    "GroupKind",
    "Indicator",
    "MissingPolicy",
    "Node",
    "Rubric",
    "RubricInfo",
]

MissingPolicy = Literal["exclude", "zero", "strict"]
"""What to do with indicators that apply to a unit but were not assessed.

* ``exclude`` — leave them out and renormalise their siblings; the result lists them.
* ``zero`` — count them as the worst answer.
* ``strict`` — refuse to score (:class:`~kepatuhan.IncompleteDataError`).
"""


class _Described(NamedTuple):
    """What an assumed item is (English, Indonesian) and its value (and Indonesian value)."""

    what: str
    what_id: str
    value: str
    value_id: str | None = None


ASSUMPTION_TEXTS: Mapping[str, Message] = {
    # The reason of an assumption whose provenance has no note.
    "no_reason": Message(en="(no reason given)", id="(alasan tidak diberikan)"),
    # The value of an assumed method that is not a field of the rubric (e.g. ``rounding``).
    "see_reason": Message(en="(see the reason)", id="(lihat alasan)"),
    "method": Message(en="method: {method}", id="metode: {method}"),
    "band": Message(en="band {name}", id="rentang {name}"),
    "opinion_label": Message(en="opinion label", id="label opini"),
    "opinion_rule": Message(
        en="opinion qualifier rule ({qualifier})", id="aturan keterangan opini ({qualifier})"
    ),
    "zoning": Message(en="zoning bands", id="rentang zona"),
    "structure": Message(en="rubric structure", id="struktur rubrik"),
    "scale": Message(en="scale of {id}", id="skala {id}"),
    "definition": Message(en="definition of {id}", id="definisi {id}"),
    "weight": Message(en="weight of {id}", id="bobot {id}"),
    # The usual ``method_provenance`` keys (other keys are shown as they are).
    "method.respondent_reduction": Message(
        en="respondent_reduction", id="penggabungan jawaban responden"
    ),
    "method.entity_rollup": Message(
        en="entity_rollup", id="penghitungan nilai instansi dari nilai unit"
    ),
    "method.missing_policy": Message(
        en="missing_policy", id="perlakuan indikator yang tidak dinilai"
    ),
    "method.rounding": Message(en="rounding", id="pembulatan"),
    "method.respondents": Message(en="respondents", id="jumlah responden"),
}
"""What an assumption is about, in English and Indonesian (the "assumption" namespace of
kepatuhan.catalog)."""


def _both(key: str, **params: object) -> tuple[str, str]:
    """The text ``key`` of :data:`ASSUMPTION_TEXTS` in English and in Indonesian; a
    :class:`Message` param is put in the same language."""
    message = ASSUMPTION_TEXTS[key]

    def text(lang: Literal["en", "id"]) -> str:
        said = {k: v.template(lang) if isinstance(v, Message) else v for k, v in params.items()}
        return message.text(lang, **said)

    return text("en"), text("id")


class RubricInfo(FrozenModel):
    """What ``list_rubrics()`` shows of a rubric."""

    id: str
    year: int | None
    title: str
    legal_basis: str | None
    version: str
    plugin: str | None = None


class Rubric(FrozenModel):
    """One assessment method: tree, weights, scales, zoning, strategies and their provenance.

    Weights are relative to siblings: each group's score is the weighted mean of its
    applicable children, so siblings' weights need not add up to anything in particular.
    """

    error_class = InvalidRubricError

    id: str = Field(pattern=ID_PATTERN)
    year: int | None = Field(default=None, ge=2000, le=2100)
    title: Text
    title_en: str | None = None
    legal_basis: str | None = None
    version: str = "1"
    description: str | None = None
    parent: str | None = Field(default=None, description="id of the rubric this one derives from")
    nodes: tuple[Node, ...]
    zoning: ZoningRule
    respondent_reduction: str = "mean"
    entity_rollup: str = "mean_of_units"
    missing_policy: MissingPolicy = "exclude"
    method_provenance: dict[str, Provenance] = Field(
        default_factory=dict,
        description="provenance of the strategies: keys respondent_reduction, entity_rollup…",
    )
    opinion: OpinionRule | None = Field(
        default=None,
        description="how an entity's opinion label and its qualifier are written (from 2025)",
    )
    provenance: Provenance
    sources: dict[str, Source] = Field(default_factory=dict)

    # Validation -----------------------------------------------------------------------------

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if not self.nodes:
            problems.append(Problem("nodes", "rubric_no_nodes"))
        seen: dict[str, str] = {}
        for path, node in self.walk():
            if node.id in seen:
                problems.append(
                    Problem(
                        f"{path}.id",
                        "duplicate_code",
                        {"what": TERMS["node_id"], "code": node.id, "first": seen[node.id]},
                    )
                )
            else:
                seen[node.id] = path
            if (
                isinstance(node, Indicator)
                and node.reduction is not None
                and node.reduction not in RESPONDENT_REDUCTIONS
            ):
                problems.append(
                    _unknown_strategy(
                        f"{path}.reduction",
                        "respondent_reduction",
                        node.reduction,
                        RESPONDENT_REDUCTIONS,
                    )
                )
        if self.respondent_reduction not in RESPONDENT_REDUCTIONS:
            problems.append(
                _unknown_strategy(
                    "respondent_reduction",
                    "respondent_reduction",
                    self.respondent_reduction,
                    RESPONDENT_REDUCTIONS,
                )
            )
        if self.entity_rollup not in ENTITY_ROLLUPS:
            problems.append(
                _unknown_strategy(
                    "entity_rollup", "entity_rollup", self.entity_rollup, ENTITY_ROLLUPS
                )
            )
        for path, prov in self.provenances():
            if prov.source not in self.sources:
                params = {"source": prov.source}
                problems.append(Problem(f"{path}.source", "unknown_source", params))
        return problems

    # Tree access ----------------------------------------------------------------------------

    def walk(self) -> Iterator[tuple[str, Group | Indicator]]:
        """Every node in pre-order with its field path (``nodes[0].children[1]``)."""

        def visit(
            nodes: tuple[Group | Indicator, ...], prefix: str
        ) -> Iterator[tuple[str, Group | Indicator]]:
            for i, node in enumerate(nodes):
                path = f"{prefix}[{i}]"
                yield path, node
                if isinstance(node, Group):
                    yield from visit(node.children, f"{path}.children")

        yield from visit(self.nodes, "nodes")

    def indicators(self) -> tuple[Indicator, ...]:
        """All indicators in tree order."""
        return tuple(n for _, n in self.walk() if isinstance(n, Indicator))

    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators())

    def node(self, node_id: str) -> Group | Indicator:
        """The node with this id; ``KeyError`` if none."""
        return self._nodes_by_id[node_id]

    @property
    def _nodes_by_id(self) -> dict[str, Group | Indicator]:
        def build() -> dict[str, Group | Indicator]:
            by_id: dict[str, Group | Indicator] = {}
            for _, node in self.walk():
                by_id.setdefault(node.id, node)
            return by_id

        return cached(self, "nodes_by_id", build)

    @property
    def _nodes_by_path(self) -> dict[str, Group | Indicator]:
        return cached(self, "nodes_by_path", lambda: dict(self.walk()))

    def dimensions(self) -> tuple[Group | Indicator, ...]:
        """The dimensions: the top-level nodes, with a top-level group of kind ``bagian`` (a
        part of the total, e.g. the 2025 "nilai dimensi" over four dimensions) replaced by its
        children. Results report a score and a contribution for each of them."""
        return cached(self, "dimensions", lambda: _look_through_parts(self.nodes))

    def parts(self) -> tuple[Group | Indicator, ...]:
        """The parts of the total: the top-level nodes when one of them is a ``bagian``
        group (results then report their contributions too); empty otherwise."""
        has_part = any(isinstance(n, Group) and n.kind is GroupKind.PART for n in self.nodes)
        return self.nodes if has_part else ()

    def provenances(self) -> Iterator[tuple[str, Provenance]]:
        """Every provenance the rubric carries, with its field path."""
        yield "provenance", self.provenance
        for key, prov in self.method_provenance.items():
            yield f"method_provenance.{key}", prov
        if self.zoning.provenance is not None:
            yield "zoning.provenance", self.zoning.provenance
        if self.opinion is not None:
            yield "opinion.provenance", self.opinion.provenance
            yield "opinion.rule_provenance", self.opinion.rule_provenance
        for i, band in enumerate(self.zoning.bands):
            if band.provenance is not None:
                yield f"zoning.bands[{i}].provenance", band.provenance
        for path, node in self.walk():
            if node.provenance is not None:
                yield f"{path}.provenance", node.provenance
            yield f"{path}.weight_provenance", node.weight_provenance
            if isinstance(node, Indicator) and node.scale.provenance is not None:
                yield f"{path}.scale.provenance", node.scale.provenance

    def assumptions(self) -> tuple[Assumption, ...]:
        """Every number or rule this rubric assumes rather than takes from a source."""
        return cached(self, "assumptions", self._find_assumptions)

    def _find_assumptions(self) -> tuple[Assumption, ...]:
        out = []
        for path, prov in self.provenances():
            if not prov.is_assumed:
                continue
            d = self._describe(path)
            no_reason = ASSUMPTION_TEXTS["no_reason"]
            reason = prov.note or no_reason.en
            reason_id = prov.note_id or (None if prov.note else no_reason.id)
            out.append(
                Assumption(
                    path=path,
                    what=d.what,
                    what_id=d.what_id,
                    value=d.value,
                    value_id=d.value_id,
                    reason=reason,
                    reason_id=reason_id,
                )
            )
        return tuple(out)

    def _describe(self, path: str) -> _Described:
        """What the provenance at ``path`` is about, in English and Indonesian, and its value."""
        if path.startswith("method_provenance."):
            key = path.split(".", 1)[1]
            value = getattr(self, key, None) if key in type(self).model_fields else None
            method = ASSUMPTION_TEXTS.get(f"method.{key}", Message(en=key, id=key))
            if value is None:
                return _Described(*_both("method", method=method), *_both("see_reason"))
            return _Described(*_both("method", method=method), str(value))
        if path.startswith("zoning.bands["):
            band = self.zoning.bands[int(path[len("zoning.bands[") :].split("]", 1)[0])]
            name = band.grade or band.label
            zone = f" {band.zone.value}" if band.zone is not None else ""
            return _Described(*_both("band", name=name), f"{band.lower}–{band.upper}{zone}")
        if path == "opinion.provenance" and self.opinion is not None:
            label = f"{self.opinion.prefix} <kategori> {self.opinion.qualifier}"
            return _Described(*_both("opinion_label"), label)
        if path == "opinion.rule_provenance" and self.opinion is not None:
            what = _both("opinion_rule", qualifier=self.opinion.qualifier)
            return _Described(*what, self.opinion.rule)
        if path.startswith("zoning"):
            bands = ", ".join(
                f"{b.grade or (b.zone.value if b.zone else b.label)} ≥ {b.lower}"
                for b in reversed(self.zoning.bands)
            )
            return _Described(*_both("zoning"), bands)
        if path == "provenance":
            return _Described(*_both("structure"), self.id)
        node_path, leaf = path.rsplit(".", 1)
        node = self._at(node_path.removesuffix(".scale"))
        if path.endswith("scale.provenance") and isinstance(node, Indicator):
            return _Described(*_both("scale", id=node.id), str(node.scale))
        if leaf == "provenance":
            return _Described(*_both("definition", id=node.id), node.name)
        return _Described(*_both("weight", id=node.id), repr(node.weight))

    def _at(self, path: str) -> Group | Indicator:
        return self._nodes_by_path[path]

    # Behaviour ------------------------------------------------------------------------------

    @property
    def precision(self) -> int:
        """Decimals of published scores (and of the zoning bands)."""
        return self.zoning.precision

    def classify(self, score: float | int | str | Decimal) -> Classification:
        """Zone, grade and label of a score, rounded half-up to the published precision first."""
        return self.zoning.classify(score)

    def derive(
        self,
        id: str,
        *,
        reason: str,
        title: str | None = None,
        year: int | None = None,
        drop: Iterable[str] = (),
        keep: Iterable[str] | None = None,
        weights: Mapping[str, float] | None = None,
        applies_to: Mapping[str, Iterable[UnitType | str] | None] | None = None,
        source: Source | None = None,
        confidence: Confidence | str = Confidence.ASSUMED,
        reason_id: str | None = None,
    ) -> Rubric:
        """A validated rubric derived from this one, with its own ``id`` and ``parent``.

        ``drop`` or ``keep`` select indicators (groups left empty go too); ``weights`` sets
        node weights (e.g. the official table a user holds); ``applies_to`` changes the unit
        types of indicators (``None``: all). Changed weights carry a provenance with
        ``confidence`` and ``reason`` from the source ``source`` (recorded as
        ``tailoring:<id>``); ``reason_id`` is the reason in Bahasa Indonesia, shown by
        Indonesian tools (without it they show ``reason``). Unknown ids are all reported at
        once.
        """
        return derive_rubric(
            self,
            id,
            reason=reason,
            title=title,
            year=year,
            drop=drop,
            keep=keep,
            weights=weights,
            applies_to=applies_to,
            source=source,
            confidence=confidence,
            reason_id=reason_id,
        )

    @property
    def info(self) -> RubricInfo:
        return RubricInfo(
            id=self.id,
            year=self.year,
            title=self.title,
            legal_basis=self.legal_basis,
            version=self.version,
        )

    @property
    def compiled(self) -> CompiledRubric:
        """The rubric as numpy arrays for the scoring pipeline (built once per object)."""
        return cached(self, "compiled", lambda: compile_rubric(self))


def _look_through_parts(nodes: tuple[Group | Indicator, ...]) -> tuple[Group | Indicator, ...]:
    out: list[Group | Indicator] = []
    for node in nodes:
        if isinstance(node, Group) and node.kind is GroupKind.PART:
            out += _look_through_parts(node.children)
        else:
            out.append(node)
    return tuple(out)


def _unknown_strategy(location: str, kind: str, name: str, known: Mapping[str, object]) -> Problem:
    """A rubric's (or its opinion rule's) strategy of ``kind`` that is not in ``known``."""
    params = {"kind": kind, "name": name, "known": ", ".join(sorted(known))}
    return Problem(location, "unknown_strategy", params)


_MOVED = frozenset({"load_rubric", "load_rubrics", "apply_defaults"})


def __getattr__(name: str) -> Any:
    """The file loaders moved to :mod:`kepatuhan.rubric_file` (use ``kp.load_rubric``)."""
    if name in _MOVED:
        from . import rubric_file

        deprecated(
            f"kepatuhan.rubric.{name}",
            since="0.2.0",
            removal="0.3.0",
            use=f"kepatuhan.rubric_file.{name} (kp.load_rubric and kp.load_rubrics are unchanged)",
        )
        return getattr(rubric_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
