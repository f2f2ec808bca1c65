"""Hypothesis strategies for kepatuhan objects, valid by construction.

Every object drawn passes the library's own validation, so a failure in a property test is
a failure of the property, never of the generator. Sizes are small by default so that
property tests stay fast; every strategy has knobs to grow or shape what it draws.

``scales()``
    An answer :class:`~kepatuhan.Scale` of any :class:`~kepatuhan.ScaleKind`. Stepped scales
    always end on a step (``maximum = minimum + n·step``), so the best and worst answers are
    reachable; ``higher_is_better`` is drawn too. :func:`scale_steps`, :func:`best_value`,
    :func:`worst_value` and :func:`scale_values` give the answers a scale allows.

``zoning_rules(precision=2)``
    A :class:`~kepatuhan.ZoningRule` with 1 to ``max_bands`` bands that tile [0, 100] exactly
    at ``precision`` decimals: each band's lower bound is the previous upper bound plus
    ``10**-precision``. Bands are passed in shuffled order (the rule sorts them).

``rubrics(max_depth=3, max_children=4, ...)``
    A :class:`~kepatuhan.Rubric`: a random tree of :class:`~kepatuhan.Group` and
    :class:`~kepatuhan.Indicator` nodes (at most ``max_depth`` levels, ``max_children`` per
    group, about ``max_indicators`` leaves), random positive weights, random scales,
    the built-in respondent reductions of :mod:`kepatuhan.strategies` (per rubric
    and per indicator), some indicators limited by ``applies_to`` to a subset of
    :class:`~kepatuhan.UnitType`, random zoning and provenance whose every source is in the
    rubric's ``sources``.

``rounds(rubric, ...)``
    A :class:`~kepatuhan.Round` for ``rubric``: 1 to ``max_entities`` entities, ``min_units``
    to ``max_units`` units (an entity may have none), and per unit and applicable indicator a
    cell that is answered (1 to ``max_respondents`` responses whose values lie on the scale's
    steps, some of them ``NOT_ASSESSED`` or ``NOT_APPLICABLE`` beside the answers), marked
    not applicable (``na_probability``), not assessed (``not_assessed_probability``) or left
    without any response (``missing_probability``). Respondent ids are unique per unit and
    indicator (``anonymous_probability`` leaves some out). Responses are only drawn for
    indicators that apply to the unit's type. ``mixed_unanswered`` adds cells holding both
    ``NOT_APPLICABLE`` and ``NOT_ASSESSED`` responses and no answer.

``rubric_and_round(...)``
    A rubric and a round for it, as a pair.

``round_changes(rubric, round_, max_size=4)``
    A tuple of :func:`kepatuhan.whatif.what_if` changes that the round accepts: answers,
    answer distributions and ``tidak_berlaku`` marks for distinct (unit, indicator) cells
    where the indicator applies, with values on the indicator's scale.

``crosswalk_pairs(rubric=None, kinds=...)``
    ``(before, after, crosswalk)``: a rubric, a later rubric derived from it by keeping,
    renaming, splitting (into two copies), merging (two sibling indicators of one scale and
    role), dropping and adding indicators, and the valid :class:`~kepatuhan.Crosswalk`
    between them, every mapping labelled assumed.

``plan_requests(rubric, round_)``
    Keyword arguments that :func:`kepatuhan.plan` accepts for the round: a target, a cost
    table, fixed indicators, and a unit or entity.

Probabilities are drawn so that shrinking moves towards answered cells and fewer things.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ..entities import Entity, ServiceUnit
from ..provenance import Provenance, Source
from ..responses import Response
from ..round import Round
from ..rubric import Group, GroupKind, Indicator, MissingPolicy, Rubric
from ..scales import Scale, ScaleKind
from ..strategies import BUILTIN_OWNER, RESPONDENT_REDUCTIONS, strategy_owner
from ..vocab import (
    Confidence,
    EntityKind,
    RespondentRole,
    ResponseStatus,
    UnitType,
    Zone,
)
from ..zoning import Band, ZoningRule

__all__ = [
    "REPORTING_SCALES",
    "best_value",
    "crosswalk_pairs",
    "plan_requests",
    "round_changes",
    "rounds",
    "rubric_and_round",
    "rubrics",
    "scale_steps",
    "scale_values",
    "scales",
    "sibling_weights",
    "worst_value",
    "zoning_rules",
]

_SOURCE_KEYS = ("M", "S1", "S30", "T4", "R9")
_STEPS = ("1", "0.5", "0.25", "2", "5", "0.1", "10")
_RESOLUTION = 1000


def _chance(draw: st.DrawFn, probability: float) -> bool:
    """True with about ``probability``; shrinks towards False."""
    if probability <= 0:
        return False
    if probability >= 1:
        return True
    cut = round(probability * _RESOLUTION)
    return draw(st.integers(0, _RESOLUTION - 1)) >= _RESOLUTION - cut


def _pick(draw: st.DrawFn, outcomes: Sequence[tuple[str, float]], default: str) -> str:
    """One of ``outcomes`` with about its probability, else ``default`` (shrinks to it)."""
    if not any(p > 0 for _, p in outcomes):
        return default
    x = draw(st.integers(0, _RESOLUTION - 1))
    edge = _RESOLUTION
    for name, probability in outcomes:
        edge -= round(probability * _RESOLUTION)
        if x >= edge:
            return name
    return default


# Scales -------------------------------------------------------------------------------------


def _stepped(minimum: Decimal, step: Decimal, n: int, **kw: Any) -> Scale:
    return Scale(minimum=float(minimum), maximum=float(minimum + n * step), step=float(step), **kw)


@st.composite
def _scales(draw: st.DrawFn, continuous: bool, provenance: st.SearchStrategy[Provenance]) -> Scale:
    kinds = list(ScaleKind) if continuous else [k for k in ScaleKind if k not in _CONTINUOUS]
    kind = draw(st.sampled_from(kinds))
    kw: dict[str, Any] = {
        "kind": kind,
        "higher_is_better": draw(st.booleans()),
        "provenance": draw(st.none() | provenance),
    }
    if kind is ScaleKind.BINARY:
        return _stepped(Decimal(0), Decimal(1), 1, **kw)
    if kind is ScaleKind.INTERVAL:
        low = Decimal(draw(st.integers(-2, 2)))
        return _stepped(low, Decimal(1), draw(st.integers(1, 6)), **kw)
    if kind is ScaleKind.LIKERT:
        low = Decimal(draw(st.integers(0, 1)))
        return _stepped(low, Decimal(1), draw(st.integers(2, 6)), **kw)
    if kind is ScaleKind.ORDINAL:
        step = Decimal(draw(st.sampled_from(_STEPS)))
        return _stepped(Decimal(draw(st.integers(-5, 5))), step, draw(st.integers(1, 6)), **kw)
    if kind is ScaleKind.PERCENTAGE:
        return Scale(minimum=0, maximum=100, **kw)
    start: float = draw(st.integers(-100, 100) | st.floats(-100, 100, allow_subnormal=False))
    width = draw(st.floats(0.5, 1000))
    return Scale(minimum=start, maximum=start + width, **kw)


_CONTINUOUS = frozenset({ScaleKind.PERCENTAGE, ScaleKind.CONTINUOUS})


def _provenances(keys: Sequence[str]) -> st.SearchStrategy[Provenance]:
    return st.builds(
        Provenance,
        source=st.sampled_from(keys),
        confidence=st.sampled_from(Confidence),
        note=st.none() | st.just("generated"),
        note_id=st.none() | st.just("dibangkitkan"),
    )


def scales(
    *, continuous: bool = True, sources: Sequence[str] = _SOURCE_KEYS[:1]
) -> st.SearchStrategy[Scale]:
    """Answer scales of every kind; ``continuous=False`` keeps to stepped scales.

    A provenance, if drawn, cites one of ``sources``.
    """
    return _scales(continuous, _provenances(sources))


def scale_steps(scale: Scale) -> tuple[float, ...] | None:
    """Every answer a stepped scale allows (:meth:`Scale.steps`); None if continuous."""
    return scale.steps()


def best_value(scale: Scale) -> float:
    """The answer that normalises to 1 (:attr:`Scale.best`)."""
    return scale.best


def worst_value(scale: Scale) -> float:
    """The answer that normalises to 0 (:attr:`Scale.worst`)."""
    return scale.worst


def scale_values(scale: Scale) -> st.SearchStrategy[float]:
    """Answers on the scale: one of its steps, or any float within a continuous scale."""
    steps = scale_steps(scale)
    if steps is not None:
        return st.sampled_from(steps)
    ends = st.sampled_from((scale.minimum, scale.maximum))
    return ends | st.floats(scale.minimum, scale.maximum)


# Zoning -------------------------------------------------------------------------------------


REPORTING_SCALES: tuple[tuple[int, int], ...] = ((0, 100), (25, 100), (0, 5), (1, 4), (0, 1000))
"""Ranges a rubric's totals may be reported on (Ombudsman 0–100, SKM 25–100, IPP 0–5…)."""


@st.composite
def _zoning_rules(
    draw: st.DrawFn,
    precision: int,
    max_bands: int,
    provenance: st.SearchStrategy[Provenance],
    scale: tuple[int, int] = (0, 100),
) -> ZoningRule:
    bottom, top = (end * 10**precision for end in scale)
    n_cuts = draw(st.integers(0, min(max_bands - 1, top - bottom)))
    cuts = sorted(draw(st.sets(st.integers(bottom + 1, top), min_size=n_cuts, max_size=n_cuts)))
    lowers = [bottom, *cuts]
    uppers = [c - 1 for c in cuts] + [top]
    bands = []
    for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
        bands.append(
            Band(
                lower=Decimal(lo).scaleb(-precision),
                upper=Decimal(hi).scaleb(-precision),
                zone=draw(st.sampled_from(Zone)),
                grade=draw(st.none() | st.sampled_from("ABCDE")),
                label=f"Zona {i}",
                label_en=draw(st.none() | st.just(f"Zone {i}")),
                provenance=draw(st.none() | provenance),
            )
        )
    shuffled = draw(st.permutations(bands))
    return ZoningRule(
        precision=precision,
        minimum=Decimal(scale[0]),
        maximum=Decimal(scale[1]),
        bands=tuple(shuffled),
        provenance=draw(st.none() | provenance),
    )


def zoning_rules(
    precision: int = 2,
    *,
    max_bands: int = 6,
    sources: Sequence[str] = _SOURCE_KEYS[:1],
    scale: tuple[int, int] = (0, 100),
) -> st.SearchStrategy[ZoningRule]:
    """Bands tiling the reporting ``scale`` (default [0, 100]) exactly at ``precision``
    decimals, 1 to ``max_bands`` of them."""
    return _zoning_rules(precision, max_bands, _provenances(sources), scale)


# Rubrics ------------------------------------------------------------------------------------


def sibling_weights() -> st.SearchStrategy[float]:
    """Positive sibling weights: small integers, and arbitrary floats from 0.001 to 1000."""
    return st.integers(1, 10).map(float) | st.floats(0.001, 1000)


@st.composite
def _rubrics(
    draw: st.DrawFn,
    max_depth: int,
    max_children: int,
    max_indicators: int,
    min_indicators: int,
    precision: int | None,
    weight: st.SearchStrategy[float],
    applies_to_probability: float,
    missing_policies: Sequence[MissingPolicy],
    continuous: bool,
    reporting_scales: bool,
) -> Rubric:
    keys = draw(st.lists(st.sampled_from(_SOURCE_KEYS), min_size=1, max_size=3, unique=True))
    prov = _provenances(keys)
    reductions = sorted(  # plugins' strategies are theirs to test
        name
        for name in RESPONDENT_REDUCTIONS
        if strategy_owner("respondent_reduction", name) == BUILTIN_OWNER
    )
    budget = [max_indicators]
    counter = [0]

    def next_id(prefix: str) -> str:
        counter[0] += 1
        return f"{prefix}{counter[0]}"

    def indicator() -> Indicator:
        budget[0] -= 1
        applies: frozenset[UnitType] | None = None
        if _chance(draw, applies_to_probability):
            applies = frozenset(draw(st.sets(st.sampled_from(UnitType), min_size=1)))
        ident = next_id("i")
        return Indicator(
            id=ident,
            name=f"Indikator {ident}",
            weight=draw(weight),
            weight_provenance=draw(prov),
            scale=draw(_scales(continuous, prov)),
            role=draw(st.sampled_from(RespondentRole)),
            respondents=draw(st.none() | st.integers(1, 30)),
            reduction=draw(st.none() | st.sampled_from(reductions)),
            applies_to=applies,
            provenance=draw(st.none() | prov),
        )

    def node(depth: int) -> Group | Indicator:
        if depth >= max_depth or budget[0] <= 1 or not draw(st.booleans()):
            return indicator()
        ident = next_id("g")
        children = [node(depth + 1)]
        for _ in range(draw(st.integers(0, max_children - 1))):
            if budget[0] <= 0:
                break
            children.append(node(depth + 1))
        return Group(
            id=ident,
            name=f"Kelompok {ident}",
            kind=draw(st.sampled_from(GroupKind)),
            weight=draw(weight),
            weight_provenance=draw(prov),
            children=tuple(children),
            provenance=draw(st.none() | prov),
        )

    nodes = [node(1)]
    while (
        budget[0] > 0
        and len(nodes) < max_children
        and (max_indicators - budget[0] < min_indicators or draw(st.booleans()))
    ):
        nodes.append(node(1))
    p = draw(st.integers(0, 4)) if precision is None else precision
    scales = REPORTING_SCALES if reporting_scales else REPORTING_SCALES[:1]
    method = draw(
        st.dictionaries(
            st.sampled_from(("respondent_reduction", "entity_rollup", "missing_policy")), prov
        )
    )
    return Rubric(
        id="rubrik-uji",
        title="Rubrik uji (dibangkitkan)",
        nodes=tuple(nodes),
        zoning=draw(_zoning_rules(p, 5, prov, draw(st.sampled_from(scales)))),
        respondent_reduction=draw(st.sampled_from(reductions)),
        missing_policy=draw(st.sampled_from(missing_policies)),
        method_provenance=method,
        provenance=draw(prov),
        sources={k: Source(title=f"Sumber {k}") for k in keys},
    )


def rubrics(
    max_depth: int = 3,
    max_children: int = 4,
    *,
    max_indicators: int = 12,
    min_indicators: int = 1,
    precision: int | None = 2,
    weights: st.SearchStrategy[float] | None = None,
    applies_to_probability: float = 0.25,
    missing_policies: Sequence[MissingPolicy] = ("exclude", "zero"),
    continuous: bool = True,
    reporting_scales: bool = False,
) -> st.SearchStrategy[Rubric]:
    """Random valid rubrics (see the module docstring).

    ``max_indicators`` is a soft cap (a group started when the budget runs out still gets
    one child); ``min_indicators`` asks for at least that many when ``max_children`` allows.
    ``precision=None`` draws the zoning precision from 0 to 4. ``continuous=False`` keeps to
    stepped scales. ``reporting_scales=True`` draws the range totals are reported on from
    :data:`REPORTING_SCALES` instead of always [0, 100].
    """
    if max_depth < 1 or max_children < 1 or max_indicators < 1:
        raise ValueError("max_depth, max_children and max_indicators must be at least 1")
    return _rubrics(
        max_depth,
        max_children,
        max_indicators,
        min_indicators,
        precision,
        weights if weights is not None else sibling_weights(),
        applies_to_probability,
        tuple(missing_policies),
        continuous,
        reporting_scales,
    ).filter(lambda r: len(r.indicators()) >= min_indicators)


# Rounds -------------------------------------------------------------------------------------


@st.composite
def _rounds(
    draw: st.DrawFn,
    rubric: Rubric,
    max_entities: int,
    min_units: int,
    max_units: int,
    max_respondents: int,
    na_probability: float,
    not_assessed_probability: float,
    missing_probability: float,
    anonymous_probability: float,
    mixed_unanswered: bool,
    extras: bool,
) -> Round:
    n_entities = draw(st.integers(1, max_entities))
    entities = [
        Entity(
            code=f"e{j}",
            name=f"Instansi {j}",
            kind=draw(st.sampled_from(EntityKind)),
            province=draw(st.none() | st.just("Sumatera Selatan")) if extras else None,
        )
        for j in range(n_entities)
    ]
    units = [
        ServiceUnit(
            code=f"u{i}",
            name=f"Unit {i}",
            entity=draw(st.sampled_from([e.code for e in entities])),
            unit_type=draw(st.sampled_from(UnitType)),
            sector=draw(st.none() | st.just("kesehatan")) if extras else None,
        )
        for i in range(draw(st.integers(min_units, max_units)))
    ]
    outcomes = [
        ("not_assessed", not_assessed_probability),
        ("na", na_probability),
        ("missing", missing_probability),
    ]
    responses: list[Response] = []
    for unit in units:
        for ind in rubric.indicators():
            if ind.applies_to is not None and unit.unit_type not in ind.applies_to:
                continue
            mode = _pick(draw, outcomes, "answered")
            if mode == "answered" and mixed_unanswered and _chance(draw, 0.1):
                mode = "mixed"
            if mode == "missing":
                continue
            if mode == "mixed":
                n = draw(st.integers(2, max(max_respondents, 2)))
            else:
                n = draw(st.integers(1, max_respondents))
            statuses = _cell_statuses(draw, mode, n)
            for j, status in enumerate(statuses):
                answered = status is ResponseStatus.ANSWERED
                responses.append(
                    Response(
                        unit=unit.code,
                        indicator=ind.id,
                        respondent=None if _chance(draw, anonymous_probability) else f"r{j}",
                        role=draw(st.sampled_from((None, ind.role))),
                        value=draw(scale_values(ind.scale)) if answered else None,
                        status=status,
                        evidence=draw(st.none() | st.just(f"https://bukti.example/{j}"))
                        if extras
                        else None,
                        collected=draw(st.none() | st.dates(date(2023, 1, 1), date(2024, 12, 31)))
                        if extras
                        else None,
                    )
                )
    return Round(
        rubric=rubric.id,
        title=draw(st.none() | st.just("Penilaian uji")) if extras else None,
        synthetic=draw(st.booleans()) if extras else False,
        note=draw(st.none() | st.just("dibangkitkan oleh hypothesis")) if extras else None,
        entities=tuple(entities),
        units=tuple(units),
        responses=responses,
    )


def _cell_statuses(draw: st.DrawFn, mode: str, n: int) -> list[ResponseStatus]:
    if mode == "na":
        return [ResponseStatus.NOT_APPLICABLE] * n
    if mode == "not_assessed":
        return [ResponseStatus.NOT_ASSESSED] * n
    if mode == "mixed":
        rest = draw(
            st.lists(
                st.sampled_from((ResponseStatus.NOT_APPLICABLE, ResponseStatus.NOT_ASSESSED)),
                min_size=n - 2,
                max_size=n - 2,
            )
        )
        return [ResponseStatus.NOT_APPLICABLE, ResponseStatus.NOT_ASSESSED, *rest]
    # answered: the first respondent answers; the others may not.
    others = st.sampled_from(tuple(ResponseStatus))
    return [ResponseStatus.ANSWERED] + [
        draw(others) if _chance(draw, 0.2) else ResponseStatus.ANSWERED for _ in range(n - 1)
    ]


def rounds(
    rubric: Rubric,
    *,
    max_entities: int = 3,
    min_units: int = 1,
    max_units: int = 4,
    max_respondents: int = 3,
    na_probability: float = 0.1,
    not_assessed_probability: float = 0.1,
    missing_probability: float = 0.1,
    anonymous_probability: float = 0.0,
    mixed_unanswered: bool = False,
    extras: bool = True,
) -> st.SearchStrategy[Round]:
    """Valid rounds for ``rubric`` (see the module docstring).

    ``extras`` fills the optional descriptive fields (title, note, evidence, dates…).
    """
    if max_entities < 1 or max_units < min_units or max_respondents < 1:
        raise ValueError("need max_entities ≥ 1, max_units ≥ min_units, max_respondents ≥ 1")
    cells = (na_probability, not_assessed_probability, missing_probability)
    if min(cells) < 0 or sum(cells) > 1:
        raise ValueError("cell probabilities must be ≥ 0 and add up to at most 1")
    return _rounds(
        rubric,
        max_entities,
        min_units,
        max_units,
        max_respondents,
        na_probability,
        not_assessed_probability,
        missing_probability,
        anonymous_probability,
        mixed_unanswered,
        extras,
    )


def rubric_and_round(
    rubric: st.SearchStrategy[Rubric] | None = None, **round_options: Any
) -> st.SearchStrategy[tuple[Rubric, Round]]:
    """A rubric (from ``rubric``, default :func:`rubrics`) and a round drawn for it.

    ``round_options`` go to :func:`rounds`.
    """
    return (rubric if rubric is not None else rubrics()).flatmap(
        lambda r: st.tuples(st.just(r), rounds(r, **round_options))
    )


@st.composite
def _round_changes(
    draw: st.DrawFn, rubric: Rubric, round_: Round, max_size: int
) -> tuple[Any, ...]:
    from ..whatif import AnswerCount, MarkNotApplicable, SetAnswer, SetDistribution

    cells = [
        (unit.code, ind)
        for unit in round_.units
        for ind in rubric.indicators()
        if ind.applies_to is None or unit.unit_type in ind.applies_to
    ]
    if not cells:
        return ()
    picked = draw(
        st.lists(st.sampled_from(cells), max_size=max_size, unique_by=lambda c: (c[0], c[1].id))
    )
    out: list[Any] = []
    for unit, ind in picked:
        kind = draw(st.sampled_from(["answer", "distribution", "tidak_berlaku"]))
        if kind == "answer":
            value = draw(scale_values(ind.scale))
            out.append(SetAnswer(unit=unit, indicator=ind.id, value=value))
        elif kind == "distribution":
            counts = st.builds(AnswerCount, value=scale_values(ind.scale), count=st.integers(1, 3))
            answers = tuple(draw(st.lists(counts, min_size=1, max_size=3)))
            out.append(SetDistribution(unit=unit, indicator=ind.id, answers=answers))
        else:
            out.append(MarkNotApplicable(unit=unit, indicator=ind.id))
    return tuple(out)


def round_changes(
    rubric: Rubric, round_: Round, *, max_size: int = 4
) -> st.SearchStrategy[tuple[Any, ...]]:
    """What-if changes that ``round_`` accepts under ``rubric`` (see the module docstring)."""
    return _round_changes(rubric, round_, max_size)


_CROSSWALK_KINDS = ("same", "renamed", "split", "merged", "dropped", "new")


@st.composite
def _crosswalk_pairs(
    draw: st.DrawFn, rubric: st.SearchStrategy[Rubric], kinds: tuple[str, ...]
) -> tuple[Rubric, Rubric, Any]:
    from ..crosswalk import Crosswalk, same_scale_key

    before = draw(rubric)
    data = before.model_dump()
    data["id"] = f"{before.id}-lanjut"
    taken = {node.id for _, node in before.walk()}
    mappings: list[dict[str, Any]] = []
    note = {"source": "M", "confidence": "assumed", "note": "generated for a property test"}

    def fresh(base: str, prefix: str) -> str:
        ident = f"{prefix}{base}"
        while ident in taken:
            ident = f"{prefix}{ident}"
        taken.add(ident)
        return ident

    def edit(children: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        i = 0
        while i < len(children):
            node = children[i]
            i += 1
            if "children" in node:
                node["children"] = edit(node["children"])
                out.append(node)
                continue
            kind = draw(st.sampled_from(kinds))
            ident = node["id"]
            nxt = children[i] if i < len(children) else None
            same_as_next = (
                nxt is not None
                and "children" not in nxt
                and nxt["role"] == node["role"]
                and same_scale_key(Scale.model_validate(nxt["scale"]))
                == same_scale_key(Scale.model_validate(node["scale"]))
            )
            if kind == "merged" and same_as_next:
                assert nxt is not None
                i += 1
                merged = {**node, "id": fresh(ident, "m_")}
                mappings.append(_mapping("merged", [ident, nxt["id"]], [merged["id"]], note))
                out.append(merged)
            elif kind == "dropped" and (len(children) > 1 or out):
                mappings.append(_mapping("dropped", [ident], [], note, carry=False))
            elif kind == "split":
                parts = [{**node, "id": fresh(ident, f"s{k}_")} for k in range(2)]
                mappings.append(_mapping("split", [ident], [p["id"] for p in parts], note))
                out += parts
            elif kind == "renamed":
                renamed = {**node, "id": fresh(ident, "r_")}
                mappings.append(_mapping("renamed", [ident], [renamed["id"]], note))
                out.append(renamed)
            elif kind == "new":
                added = {**node, "id": fresh(ident, "n_")}
                mappings.append(_mapping("same", [ident], [ident], note))
                mappings.append(_mapping("new", [], [added["id"]], note, carry=False))
                out += [node, added]
            else:
                mappings.append(_mapping("same", [ident], [ident], note))
                out.append(node)
        if not out:  # every child dropped: keep the first as it was
            first = children[0]
            mappings[:] = [m for m in mappings if first["id"] not in m["before"]]
            mappings.append(_mapping("same", [first["id"]], [first["id"]], note))
            out.append(first)
        return out

    data["nodes"] = edit(data["nodes"])
    after = Rubric.model_validate(data)
    crosswalk = Crosswalk.model_validate(
        {
            "before": before.id,
            "after": after.id,
            "provenance": note,
            "mappings": mappings,
            "sources": {"M": {"title": "generated"}},
        }
    )
    return before, after, crosswalk


def _mapping(
    kind: str, before: list[str], after: list[str], note: dict[str, str], *, carry: bool = True
) -> dict[str, Any]:
    return {"kind": kind, "before": before, "after": after, "carry": carry, "provenance": note}


def crosswalk_pairs(
    rubric: st.SearchStrategy[Rubric] | None = None,
    *,
    kinds: Sequence[str] = _CROSSWALK_KINDS,
) -> st.SearchStrategy[tuple[Rubric, Rubric, Any]]:
    """``(before, after, crosswalk)``: a rubric, a later one derived from it, and a valid
    :class:`~kepatuhan.Crosswalk` between them (see the module docstring)."""
    unknown = set(kinds) - set(_CROSSWALK_KINDS)
    if unknown or not kinds:
        raise ValueError(f"kinds must be some of {_CROSSWALK_KINDS}, not {sorted(unknown)}")
    return _crosswalk_pairs(rubric if rubric is not None else rubrics(), tuple(kinds))


@st.composite
def _plan_requests(draw: st.DrawFn, rubric: Rubric, round_: Round) -> dict[str, Any]:
    bands = rubric.zoning.bands
    target = draw(
        st.one_of(
            st.sampled_from([b.zone.value for b in bands if b.zone is not None] or ["0"]),
            st.sampled_from([b.grade for b in bands if b.grade] or ["0"]),
            st.decimals(min_value=0, max_value=100, places=rubric.zoning.precision),
        )
    )
    ids = [ind.id for ind in rubric.indicators()]
    cost = draw(
        st.dictionaries(
            st.sampled_from(ids),
            st.one_of(
                st.floats(min_value=0, max_value=10, allow_nan=False),
                st.lists(
                    st.floats(min_value=0, max_value=10, allow_nan=False), min_size=1, max_size=3
                ),
            ),
            max_size=3,
        )
    )
    fixed = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    request: dict[str, Any] = {"target": target, "cost": cost or None, "fixed": tuple(fixed)}
    for_unit: bool = draw(st.booleans())
    if round_.units and for_unit:
        request["unit"] = draw(st.sampled_from([u.code for u in round_.units]))
    elif round_.entities:
        request["entity"] = draw(st.sampled_from([e.code for e in round_.entities]))
    return request


def plan_requests(rubric: Rubric, round_: Round) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments that :func:`kepatuhan.plan` accepts for ``round_``: a target (a zone,
    grade or score of the rubric), a cost table over a few indicators (per step, or per
    successive steps), some fixed indicators, and a unit or an entity to plan for."""
    return _plan_requests(rubric, round_)
