"""The rubric conformance suite: properties every rubric a plugin registers must have.

:func:`check_rubric` checks one rubric, :func:`check_registered` every rubric of a registry
(or of one plugin). Both run every property, collect every failure and raise one
:class:`ConformanceError` naming each failed property with a short reason, so a plugin
author sees everything wrong at once.

The suite needs only the library (numpy, no hypothesis): its synthetic rounds are drawn
with ``numpy.random.default_rng(seed)``, one stream per property, so a run is reproducible
and a property's examples do not change when another property changes.

Properties (their names are stable, see :data:`PROPERTIES`):

``weights_valid``
    Every weight is finite and > 0; the normalised weights of each group's children (and of
    the top-level nodes) add up to 1 within 1e-12.
``bands_cover_range``
    Bands are in ascending order and cover the reporting scale ``[zoning.minimum,
    zoning.maximum]`` (usually [0, 100]) exactly once at the zoning precision.
``all_best_is_maximum`` / ``all_worst_is_minimum``
    A round with one unit per unit type some indicator applies to, every indicator answered
    with the best (worst) value of its scale, scores exactly the top (bottom) of the reporting
    scale (usually 100 and 0) at the rubric's precision for every unit and entity.
``monotone``
    Raising one answer never lowers any node, unit or entity score (``examples`` random
    rounds, one answer raised in each).
``not_applicable_renormalises``
    Marking an indicator tidak_berlaku at a unit scores the unit as the rubric without that
    indicator (and without groups it leaves empty) does; unit totals agree within 1e-9.
``deterministic``
    Scoring the same round twice, or with a fresh copy of the rubric, writes the same bytes.
``json_round_trip``
    The rubric, a round and its result read back from their JSON equal the originals.
``provenance_present``
    Every weight, band, scale and the zoning rule carry a provenance whose source is in the
    rubric's ``sources``.
``labels_indonesian``
    Every band label, node name and the title are non-empty, and a band label or title is
    not just its English counterpart (``label_en``, ``title_en``) copied.

Crosswalks between two rubrics (:func:`check_crosswalk`, and :func:`check_registered` for
the crosswalks a plugin ships) have properties of their own (:data:`CROSSWALK_PROPERTIES`):

``crosswalk_ids_exist``
    Both rubrics are registered, every id the crosswalk names is an indicator of its rubric,
    and every indicator of both rubrics is mapped exactly once, with carried answers keeping
    their role and scale (:func:`kepatuhan.crosswalk.crosswalk_problems`).
``crosswalk_accounts_for_every_answer``
    Carrying random rounds of the earlier rubric, every answer falls under exactly one
    mapping, and the carried round holds exactly the rows the mappings say they wrote.
``crosswalk_rescore_scores``
    The carried rounds score under the later rubric without an error.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

import numpy as np
import numpy.typing as npt

from ..crosswalk import Crosswalk, crosswalk_problems
from ..entities import Entity, ServiceUnit
from ..errors import KepatuhanError
from ..registry import PluginProblem, RubricRegistry, default_registry
from ..rescoring import carry
from ..results import RoundColumns, RoundResult
from ..round import Round
from ..rubric import Group, Indicator, Rubric
from ..scales import Scale
from ..scoring import score
from ..vocab import EntityKind, ResponseStatus, UnitType

__all__ = [
    "CROSSWALK_PROPERTIES",
    "PROPERTIES",
    "ConformanceError",
    "check_crosswalk",
    "check_registered",
    "check_rubric",
    "plugin_problems",
]

PROPERTIES: tuple[str, ...] = (
    "weights_valid",
    "bands_cover_range",
    "all_best_is_maximum",
    "all_worst_is_minimum",
    "monotone",
    "not_applicable_renormalises",
    "deterministic",
    "json_round_trip",
    "provenance_present",
    "labels_indonesian",
)
"""Names of the properties :func:`check_rubric` checks, in the order it checks them."""
CROSSWALK_PROPERTIES: tuple[str, ...] = (
    "crosswalk_ids_exist",
    "crosswalk_accounts_for_every_answer",
    "crosswalk_rescore_scores",
)
"""Names of the properties :func:`check_crosswalk` checks, in order."""

SHARE_TOLERANCE = 1e-12
"""How far the normalised weights of a group's children may add up from 1."""
SCORE_TOLERANCE = 1e-9
"""How far raw (unrounded) scores may differ through float noise."""

_MAX_ISSUES = 5  # issues named per failed property; the rest are counted
_MAX_RESPONDENTS = 3  # respondents per cell in the synthetic rounds
_RESPONDENT_CODES = tuple(f"r{j}" for j in range(_MAX_RESPONDENTS))

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Failure = tuple[str, str]


class ConformanceError(KepatuhanError, AssertionError):
    """A rubric (or several) failed the conformance suite.

    ``failures`` holds ``(property_name, reason)`` pairs; ``rubrics`` the ids of the rubrics
    that failed (from :func:`check_registered`, whose reasons start with the rubric id).
    An ``AssertionError`` too, so test runners report it as a failed check.
    """

    def __init__(
        self,
        failures: Iterable[Failure],
        *,
        subject: str,
        rubrics: Sequence[str] = (),
        message: str | None = None,
    ) -> None:
        self.failures: tuple[Failure, ...] = tuple(failures)
        self.subject = subject
        self.rubrics: tuple[str, ...] = tuple(rubrics)
        super().__init__(message if message is not None else self._render())

    @property
    def properties(self) -> tuple[str, ...]:
        """Names of the failed properties, each once, in check order."""
        return tuple(dict.fromkeys(name for name, _ in self.failures))

    def _render(self) -> str:
        count = len(self.failures)
        noun = "property" if count == 1 else "properties"
        lines = [f"{self.subject} fails {count} conformance {noun}:"]
        lines += [f"  - {name}: {reason}" for name, reason in self.failures]
        return "\n".join(lines)


# Entry points ---------------------------------------------------------------------------------


def check_rubric(rubric: Rubric, *, examples: int = 30, seed: int = 0) -> None:
    """Run every conformance property on ``rubric``; raise :class:`ConformanceError` if any fails.

    ``examples`` random rounds are drawn for the ``monotone`` property (and a few of them
    reused by ``deterministic`` and ``json_round_trip``); ``seed`` makes every draw
    reproducible. A property that raises counts as failed, with the exception as reason.
    """
    if examples < 1:
        raise ValueError("examples must be at least 1")
    checker = _Checker(rubric, examples, seed)
    failures: list[Failure] = []
    for k, name in enumerate(PROPERTIES):
        check: Callable[[np.random.Generator], list[str]] = getattr(checker, name)
        try:
            with warnings.catch_warnings():
                # numpy's float warnings (overflow…) would fail a check only where warnings
                # are errors; the wrong scores they come with fail it everywhere.
                warnings.simplefilter("ignore", RuntimeWarning)
                issues = check(np.random.default_rng([seed, k]))
        except Exception as exc:
            issues = [f"raised {_describe_exception(exc)}"]
        if issues:
            failures.append((name, _summarise(issues)))
    if failures:
        raise ConformanceError(failures, subject=f"rubric {rubric.id!r}")


def check_registered(
    *,
    registry: RubricRegistry | None = None,
    plugin: str | None = None,
    examples: int = 30,
    seed: int = 0,
) -> None:
    """Run :func:`check_rubric` on every rubric of ``registry`` (default: the process-wide one).

    With ``plugin``, only the rubrics that plugin registered (by entry-point name, or module
    name for built-ins). A plugin that failed to load, or is named here but not installed or
    registers nothing, fails as property ``plugin_loads`` (see :func:`plugin_problems`).
    Raises one :class:`ConformanceError` naming the failing rubric ids, each reason
    prefixed with its rubric.
    """
    reg = registry if registry is not None else default_registry()
    failures: list[Failure] = [
        ("plugin_loads", problem) for problem in plugin_problems(reg, plugin)
    ]
    ids = [i for i in reg.ids() if plugin is None or reg.plugin_of(i) == plugin]
    failed: list[str] = []
    sections: list[str] = []
    for rubric_id in ids:
        try:
            check_rubric(reg.get(rubric_id), examples=examples, seed=seed)
        except ConformanceError as exc:
            failed.append(rubric_id)
            sections.append(str(exc))
            failures += [(name, f"rubric {rubric_id!r}: {why}") for name, why in exc.failures]
    for cw in reg.crosswalks():
        if plugin is not None and reg.crosswalk_owner(*cw.key) != plugin:
            continue
        try:
            check_crosswalk(cw, registry=reg, examples=min(examples, 10), seed=seed)
        except ConformanceError as exc:
            sections.append(str(exc))
            failures += [(name, f"{exc.subject}: {why}") for name, why in exc.failures]
    if not failures:
        return
    subject = "registry" if plugin is None else f"plugin {plugin!r}"
    head = f"{subject} fails conformance"
    if failed:
        head += f": {len(failed)} of {len(ids)} rubric(s) fail ({', '.join(map(repr, failed))})"
    lines = [head + ":"]
    lines += [f"  - plugin_loads: {why}" for name, why in failures if name == "plugin_loads"]
    lines += sections
    raise ConformanceError(failures, subject=subject, rubrics=failed, message="\n".join(lines))


def check_crosswalk(
    crosswalk: Crosswalk,
    *,
    registry: RubricRegistry | None = None,
    examples: int = 10,
    seed: int = 0,
) -> None:
    """Run the crosswalk properties (:data:`CROSSWALK_PROPERTIES`) on ``crosswalk``, with its
    rubrics from ``registry`` (default: the process-wide one); raise :class:`ConformanceError`
    if any fails. ``examples`` random rounds of the earlier rubric are carried."""
    if examples < 1:
        raise ValueError("examples must be at least 1")
    reg = registry if registry is not None else default_registry()
    subject = f"crosswalk {crosswalk.before!r} → {crosswalk.after!r}"
    missing = [i for i in crosswalk.key if i not in reg.ids()]
    if missing:
        why = f"rubric(s) not registered: {', '.join(map(repr, missing))}"
        raise ConformanceError([("crosswalk_ids_exist", why)], subject=subject)
    before, after = reg.get(crosswalk.before), reg.get(crosswalk.after)
    problems = crosswalk_problems(crosswalk, before, after)
    if problems:
        issues = [p.render("en") for p in problems]
        raise ConformanceError([("crosswalk_ids_exist", _summarise(issues))], subject=subject)
    accounted: list[str] = []
    scored: list[str] = []
    with reg.use():
        for k, sample in enumerate(_Checker(before, examples, seed).samples):
            round_ = sample.round(before)
            carried, step = carry(round_, crosswalk, before, after)
            found = sum(m.answers for m in step.mappings)
            written = sum(m.carried_answers for m in step.mappings)
            if found != len(round_.responses) or written != len(carried.responses):
                accounted.append(
                    f"round {k}: {len(round_.responses)} answers, {found} under a mapping; "
                    f"{written} written, {len(carried.responses)} in the carried round"
                )
            try:
                score(carried, after)
            except Exception as exc:
                scored.append(f"round {k}: raised {_describe_exception(exc)}")
    failures: list[Failure] = []
    if accounted:
        failures.append(("crosswalk_accounts_for_every_answer", _summarise(accounted)))
    if scored:
        failures.append(("crosswalk_rescore_scores", _summarise(scored)))
    if failures:
        raise ConformanceError(failures, subject=subject)


def plugin_problems(registry: RubricRegistry, plugin: str | None = None) -> list[str]:
    """Why ``plugin`` (every plugin if None) could not be checked: load failures, absence.

    Empty if the plugin loaded and registered at least one rubric.
    """
    problems: list[PluginProblem] = [
        p for p in registry.problems if plugin is None or p.plugin == plugin
    ]
    out = [str(p) for p in problems]
    if plugin is None or out:
        return out
    if plugin in registry.disabled:
        return [f"plugin {plugin!r} is disabled (KEPATUHAN_DISABLE_PLUGINS or disabled=)"]
    if plugin not in registry.plugin_names():
        known = ", ".join(registry.plugin_names()) or "none"
        return [f"no kepatuhan plugin named {plugin!r} is installed (known: {known})"]
    if not any(registry.plugin_of(i) == plugin for i in registry.ids()):
        return [f"plugin {plugin!r} registers no rubrics"]
    return []


# Synthetic rounds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sample:
    """A synthetic round as columns, so that one answer can be changed and scored again."""

    units: tuple[ServiceUnit, ...]
    entities: tuple[Entity, ...]
    unit: IntArray
    indicator: IntArray
    respondent: IntArray
    value: FloatArray
    status: tuple[ResponseStatus, ...]
    roles: tuple[str, ...]

    def round(self, rubric: Rubric, rows: npt.NDArray[np.bool_] | None = None) -> Round:
        """The round (only ``rows`` of it, if given)."""
        keep = np.ones(self.value.size, dtype=bool) if rows is None else rows
        picked = np.flatnonzero(keep)
        return Round.from_columns(
            rubric=rubric.id,
            entities=self.entities,
            units=self.units,
            unit=self.unit[keep],
            indicator=self.indicator[keep],
            indicator_codes=rubric.indicator_ids(),
            value=self.value[keep],
            respondent=self.respondent[keep],
            respondent_codes=_RESPONDENT_CODES,
            role=[self.roles[i] for i in picked],
            status=[self.status[i] for i in picked],
            synthetic=True,
        )

    def with_value(self, row: int, value: float) -> _Sample:
        changed = self.value.copy()
        changed[row] = value
        return replace(self, value=changed)


class _Rows:
    """Accumulates response rows of a synthetic round."""

    def __init__(self) -> None:
        self.unit: list[int] = []
        self.indicator: list[int] = []
        self.respondent: list[int] = []
        self.value: list[float] = []
        self.status: list[ResponseStatus] = []
        self.roles: list[str] = []

    def add(self, unit: int, indicator: int, ind: Indicator, values: Sequence[float]) -> None:
        for j, v in enumerate(values):
            self._row(unit, indicator, ind, j, v, ResponseStatus.ANSWERED)

    def not_applicable(self, unit: int, indicator: int, ind: Indicator) -> None:
        self._row(unit, indicator, ind, 0, math.nan, ResponseStatus.NOT_APPLICABLE)

    def _row(
        self, unit: int, indicator: int, ind: Indicator, j: int, v: float, status: ResponseStatus
    ) -> None:
        self.unit.append(unit)
        self.indicator.append(indicator)
        self.respondent.append(j)
        self.value.append(v)
        self.status.append(status)
        self.roles.append(ind.role.value)

    def sample(self, units: Sequence[ServiceUnit], entities: Sequence[Entity]) -> _Sample:
        return _Sample(
            units=tuple(units),
            entities=tuple(entities),
            unit=np.array(self.unit, dtype=np.int64),
            indicator=np.array(self.indicator, dtype=np.int64),
            respondent=np.array(self.respondent, dtype=np.int64),
            value=np.array(self.value, dtype=np.float64),
            status=tuple(self.status),
            roles=tuple(self.roles),
        )


def _entity(j: int) -> Entity:
    return Entity(code=f"e{j}", name=f"Instansi uji {j}", kind=EntityKind.PEMKAB)


def _unit(i: int, unit_type: UnitType, entity: int) -> ServiceUnit:
    return ServiceUnit(code=f"u{i}", name=f"Unit uji {i}", entity=f"e{entity}", unit_type=unit_type)


def _applies(ind: Indicator, unit_type: UnitType) -> bool:
    return ind.applies_to is None or unit_type in ind.applies_to


def _respondents(ind: Indicator) -> int:
    """Respondents per cell: the indicator's count (2 if unset), at most 3."""
    return max(1, min(ind.respondents or 2, _MAX_RESPONDENTS))


def _is_better(scale: Scale, a: float, b: float) -> bool:
    """Whether answer ``a`` is strictly better than ``b``."""
    return a > b if scale.higher_is_better else a < b


def _random_answer(scale: Scale, rng: np.random.Generator) -> float:
    steps = scale.steps()
    if steps is not None:
        return steps[int(rng.integers(len(steps)))]
    if rng.random() < 0.2:  # the ends, which a uniform draw never hits
        return scale.minimum if rng.random() < 0.5 else scale.maximum
    return float(rng.uniform(scale.minimum, scale.maximum))


def _better_answer(scale: Scale, value: float, rng: np.random.Generator) -> float | None:
    """A random answer strictly better than ``value``; None if ``value`` is the best."""
    steps = scale.steps()
    if steps is not None:
        options = [v for v in steps if _is_better(scale, v, value)]
        return options[int(rng.integers(len(options)))] if options else None
    best = scale.best
    if not _is_better(scale, best, value):
        return None
    drawn = float(rng.uniform(min(value, best), max(value, best)))
    return drawn if _is_better(scale, drawn, value) else best


def _can_raise(scale: Scale, value: float) -> bool:
    """Whether some allowed answer is strictly better than ``value``."""
    steps = scale.steps()
    candidates = (scale.best,) if steps is None else steps
    return any(_is_better(scale, v, float(value)) for v in candidates)


def _on_scale(scale: Scale, value: float) -> bool:
    """Whether ``value`` is an answer the scale accepts (the round checks' own test)."""
    arr = np.array([value])
    return bool(scale.in_range(arr)[0] and scale.on_step(arr)[0])


# The checks ---------------------------------------------------------------------------------


class _Checker:
    """One method per property, each returning the issues it found (empty: it holds)."""

    def __init__(self, rubric: Rubric, examples: int, seed: int) -> None:
        self.rubric = rubric
        self.examples = examples
        self.seed = seed

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.rubric.indicators()

    @cached_property
    def unit_types(self) -> tuple[UnitType, ...]:
        """Unit types at least one indicator applies to."""
        return tuple(t for t in UnitType if any(_applies(i, t) for i in self.indicators))

    @cached_property
    def samples(self) -> tuple[_Sample, ...]:
        """The random rounds of ``monotone`` (drawn once, reused by later properties)."""
        rng = np.random.default_rng([self.seed, len(PROPERTIES)])
        return tuple(self._random_sample(rng) for _ in range(self.examples))

    def _random_sample(self, rng: np.random.Generator) -> _Sample:
        """1–3 units of random types in 1–2 entities; each applicable cell answered by 1–3
        respondents, or (one in ten each) marked tidak_berlaku or left without a response
        (the latter not under the ``strict`` missing-data policy)."""
        if not self.unit_types:
            raise ValueError("no unit type has an applicable indicator")
        n_entities = int(rng.integers(1, 3))
        entities = [_entity(j) for j in range(n_entities)]
        units = [
            _unit(
                i,
                self.unit_types[int(rng.integers(len(self.unit_types)))],
                int(rng.integers(n_entities)),
            )
            for i in range(int(rng.integers(1, 4)))
        ]
        may_miss = self.rubric.missing_policy != "strict"
        rows = _Rows()
        for u, unit in enumerate(units):
            for k, ind in enumerate(self.indicators):
                if not _applies(ind, unit.unit_type):
                    continue
                draw = rng.random()
                if draw < 0.1:
                    rows.not_applicable(u, k, ind)
                elif draw < 0.2 and may_miss:
                    continue
                else:
                    n = int(rng.integers(1, _respondents(ind) + 1))
                    rows.add(u, k, ind, [_random_answer(ind.scale, rng) for _ in range(n)])
        return rows.sample(units, entities)

    def _uniform_sample(self, pick: Callable[[Scale], float]) -> _Sample:
        """One entity, one unit per applicable unit type, every cell answered by ``pick``."""
        rows = _Rows()
        units = [_unit(i, t, 0) for i, t in enumerate(self.unit_types)]
        for u, unit in enumerate(units):
            for k, ind in enumerate(self.indicators):
                if _applies(ind, unit.unit_type):
                    rows.add(u, k, ind, [pick(ind.scale)] * _respondents(ind))
        return rows.sample(units, [_entity(0)])

    # weights_valid ------------------------------------------------------------------------

    def weights_valid(self, rng: np.random.Generator) -> list[str]:
        issues: list[str] = []
        siblings: list[tuple[str, list[tuple[str, float]]]] = [
            (
                "top-level nodes",
                [(f"nodes[{i}]", n.weight) for i, n in enumerate(self.rubric.nodes)],
            )
        ]
        for path, node in self.rubric.walk():
            w = node.weight
            if not (isinstance(w, int | float) and math.isfinite(w) and w > 0):
                issues.append(f"{path}.weight: {w!r} is not a finite number > 0")
            if isinstance(node, Group):
                children = [
                    (f"{path}.children[{i}]", c.weight) for i, c in enumerate(node.children)
                ]
                siblings.append((f"children of {node.id!r}", children))
        for what, weights in siblings:
            if not weights:
                issues.append(f"{what}: no children to weigh")
                continue
            values = [float(w) for _, w in weights]
            total = sum(values)
            shares = [w / total for w in values] if total else [math.nan]
            share_sum = sum(shares)
            if not abs(share_sum - 1.0) <= SHARE_TOLERANCE:
                issues.append(f"{what}: normalised weights add up to {share_sum!r}, not 1")
        return issues

    # bands_cover_range --------------------------------------------------------------------

    def bands_cover_range(self, rng: np.random.Generator) -> list[str]:
        zoning = self.rubric.zoning
        issues: list[str] = []
        if not zoning.bands:
            return ["zoning has no bands"]
        lowers = [b.lower for b in zoning.bands]
        if lowers != sorted(lowers):
            issues.append("zoning.bands are not in ascending order of lower bound")
        if zoning.minimum >= zoning.maximum:
            issues.append(f"zoning covers [{zoning.minimum}, {zoning.maximum}], an empty range")
        issues += [p.render() for p in zoning.coverage_problems()]
        return issues

    # all_best_is_maximum / all_worst_is_minimum ------------------------------------------------

    def all_best_is_maximum(self, rng: np.random.Generator) -> list[str]:
        return self._extreme(lambda s: s.best, self.rubric.zoning.maximum, "best")

    def all_worst_is_minimum(self, rng: np.random.Generator) -> list[str]:
        return self._extreme(lambda s: s.worst, self.rubric.zoning.minimum, "worst")

    def _extreme(self, pick: Callable[[Scale], float], target: Decimal, what: str) -> list[str]:
        if not self.unit_types:
            return ["no unit type has an applicable indicator: nothing can be scored"]
        unreachable = [
            f"{what} answer {pick(i.scale)!r} of {i.id!r} is not on its scale {i.scale}"
            for i in self.indicators
            if not _on_scale(i.scale, pick(i.scale))
        ]
        if unreachable:
            return unreachable
        result = score(self._uniform_sample(pick).round(self.rubric), self.rubric)
        expected = str(target.quantize(Decimal(1).scaleb(-self.rubric.precision)))
        issues = [
            f"unit {u.code!r} ({u.unit_type.value}) scores {u.score}, not {expected}"
            for u in result.units
            if str(u.score) != expected
        ]
        issues += [
            f"entity {e.code!r} scores {e.score}, not {expected}"
            for e in result.entities
            if str(e.score) != expected
        ]
        return issues

    # monotone -------------------------------------------------------------------------------

    def monotone(self, rng: np.random.Generator) -> list[str]:
        issues: list[str] = []
        raised = 0
        for n, sample in enumerate(self.samples):
            candidates = [
                row
                for row in range(sample.value.size)
                if sample.status[row] is ResponseStatus.ANSWERED
                and _can_raise(self.indicators[sample.indicator[row]].scale, sample.value[row])
            ]
            if not candidates:
                continue
            row = candidates[int(rng.integers(len(candidates)))]
            ind = self.indicators[sample.indicator[row]]
            old = float(sample.value[row])
            new = _better_answer(ind.scale, old, rng)
            assert new is not None
            before = score(sample.round(self.rubric), self.rubric).columns
            after = score(sample.with_value(row, new).round(self.rubric), self.rubric).columns
            raised += 1
            where = (
                f"example {n}: raising {ind.id!r} at unit "
                f"{sample.units[sample.unit[row]].code!r} from {old!r} to {new!r}"
            )
            problem = _lowered(before, after)
            if problem:
                issues.append(f"{where} {problem}")
        if raised == 0:
            issues.append("no example had an answer that could be raised")
        return issues

    # not_applicable_renormalises --------------------------------------------------------------

    def not_applicable_renormalises(self, rng: np.random.Generator) -> list[str]:
        targets = [
            (k, ind, next(t for t in UnitType if _applies(ind, t)))
            for k, ind in enumerate(self.indicators)
            if ind.applies_to is None or ind.applies_to
        ]
        if not targets:
            return []
        rows = _Rows()
        units = []
        for u, (target, _, unit_type) in enumerate(targets):
            units.append(_unit(u, unit_type, 0))
            for k, ind in enumerate(self.indicators):
                if not _applies(ind, unit_type):
                    continue
                if k == target:
                    rows.not_applicable(u, k, ind)
                else:
                    n = int(rng.integers(1, _respondents(ind) + 1))
                    rows.add(u, k, ind, [_random_answer(ind.scale, rng) for _ in range(n)])
        sample = rows.sample(units, [_entity(0)])
        marked = score(sample.round(self.rubric), self.rubric).columns.unit_raw
        issues = []
        for u, (target, ind, _) in enumerate(targets):
            smaller = _without(self.rubric, ind.id)
            keep = (sample.unit == u) & (sample.indicator != target)
            if smaller is None:
                expected = math.nan
            else:
                one = _Sample(
                    units=(units[u],),
                    entities=sample.entities,
                    unit=np.zeros(int(keep.sum()), dtype=np.int64),
                    indicator=np.array(
                        [
                            smaller.compiled.indicator_index[self.indicators[k].id]
                            for k in sample.indicator[keep]
                        ],
                        dtype=np.int64,
                    ),
                    respondent=sample.respondent[keep],
                    value=sample.value[keep],
                    status=tuple(s for s, m in zip(sample.status, keep, strict=True) if m),
                    roles=tuple(r for r, m in zip(sample.roles, keep, strict=True) if m),
                )
                expected = float(score(one.round(smaller), smaller).columns.unit_raw[0])
            got = float(marked[u])
            if not _close(got, expected):
                issues.append(
                    f"{ind.id!r} tidak_berlaku at a unit of type "
                    f"{units[u].unit_type.value!r} gives {_fmt(got)}; "
                    f"the rubric without it gives {_fmt(expected)}"
                )
        return issues

    # deterministic --------------------------------------------------------------------------

    def deterministic(self, rng: np.random.Generator) -> list[str]:
        issues = []
        fresh = self.rubric.model_copy()  # a new object: compiled again, no shared cache
        rounds = [(f"example {n}", s.round(self.rubric)) for n, s in enumerate(self.samples[:3])]
        for what, rnd in rounds:
            first = score(rnd, self.rubric).to_json()
            if score(rnd, self.rubric).to_json() != first:
                issues.append(f"{what}: scoring twice gives different JSON")
            if score(rnd, fresh).to_json() != first:
                issues.append(f"{what}: a copy of the rubric gives different JSON")
        return issues

    # json_round_trip ------------------------------------------------------------------------

    def json_round_trip(self, rng: np.random.Generator) -> list[str]:
        issues = []
        rubric_back = Rubric.model_validate_json(self.rubric.model_dump_json())
        if rubric_back != self.rubric:
            issues.append("the rubric read back from its JSON differs")
        rnd = self.samples[0].round(self.rubric)
        if Round.model_validate_json(rnd.model_dump_json()) != rnd:
            issues.append("a round read back from its JSON differs")
        result = score(rnd, self.rubric)
        text = result.to_json()
        back = RoundResult.from_json(text)
        if back != result:
            issues.append("a result read back from its JSON differs")
        elif back.to_json() != text:
            issues.append("a result read back from its JSON writes different JSON")
        return issues

    # provenance_present -----------------------------------------------------------------------

    def provenance_present(self, rng: np.random.Generator) -> list[str]:
        rubric = self.rubric
        required: list[tuple[str, object]] = [
            ("provenance", rubric.provenance),
            ("zoning.provenance", rubric.zoning.provenance),
        ]
        required += [
            (f"zoning.bands[{i}].provenance", b.provenance)
            for i, b in enumerate(rubric.zoning.bands)
        ]
        for path, node in rubric.walk():
            required.append((f"{path}.weight_provenance", node.weight_provenance))
            if isinstance(node, Indicator):
                required.append((f"{path}.scale.provenance", node.scale.provenance))
        missing = [path for path, prov in required if prov is None]
        issues = []
        if missing:
            issues.append("no provenance at " + _listing(missing))
        unknown = [
            f"{path} ({prov.source!r})"
            for path, prov in rubric.provenances()
            if prov.source not in rubric.sources
        ]
        if unknown:
            issues.append("source not in the rubric's sources at " + _listing(unknown))
        return issues

    # labels_indonesian ------------------------------------------------------------------------

    def labels_indonesian(self, rng: np.random.Generator) -> list[str]:
        rubric = self.rubric
        issues = []
        texts = [("title", rubric.title, rubric.title_en)]
        texts += [
            (f"zoning.bands[{i}].label", b.label, b.label_en)
            for i, b in enumerate(rubric.zoning.bands)
        ]
        for path, text, english in texts:
            if not text.strip():
                issues.append(f"{path} is empty")
            elif english is not None and _copied_english(text, english):
                issues.append(f"{path} {text!r} is its English text copied")
        issues += [
            f"{path}.name of {node.id!r} is empty"
            for path, node in rubric.walk()
            if not node.name.strip()
        ]
        return issues


def _lowered(before: RoundColumns, after: RoundColumns) -> str | None:
    """How a raised answer lowered or removed a score; None if it did not."""
    if not np.array_equal(np.isnan(before.node_score), np.isnan(after.node_score)):
        return "changed which nodes have a score"
    both = ~np.isnan(before.node_score)
    drop = np.where(both, before.node_score - after.node_score, 0.0)
    if (drop > SCORE_TOLERANCE).any():
        row, col = (int(x) for x in np.unravel_index(int(np.argmax(drop)), drop.shape))
        return (
            f"lowered node {before.node_ids[col]!r} of unit {before.units[row].code!r} from "
            f"{_fmt(before.node_score[row, col])} to {_fmt(after.node_score[row, col])}"
        )
    has = before.unit_has
    if not np.array_equal(has, after.unit_has):
        return "changed which units have a score"
    low = has & (
        (after.unit_raw < before.unit_raw - SCORE_TOLERANCE)
        | (after.unit_scaled < before.unit_scaled)
    )
    if low.any():
        u = int(np.flatnonzero(low)[0])
        return (
            f"lowered unit {before.units[u].code!r} from {_fmt(before.unit_raw[u])} "
            f"to {_fmt(after.unit_raw[u])}"
        )
    ent = before.entity_has
    if not np.array_equal(ent, after.entity_has):
        return "changed which entities have a score"
    low = ent & (after.entity_scaled < before.entity_scaled)
    if low.any():
        j = int(np.flatnonzero(low)[0])
        return (
            f"lowered entity {before.entities[j].code!r} from "
            f"{before.decimal(before.entity_scaled[j])} to {after.decimal(after.entity_scaled[j])}"
        )
    return None


def _without(rubric: Rubric, ident: str) -> Rubric | None:
    """``rubric`` without indicator ``ident`` and the groups that leaves empty; None if
    nothing is left. Copied, not validated again: the other properties judge validity."""

    def prune(nodes: Sequence[Group | Indicator]) -> Iterator[Group | Indicator]:
        for node in nodes:
            if isinstance(node, Indicator):
                if node.id != ident:
                    yield node
                continue
            children = tuple(prune(node.children))
            if children:
                yield node.model_copy(update={"children": children})

    nodes = tuple(prune(rubric.nodes))
    return rubric.model_copy(update={"nodes": nodes}) if nodes else None


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= SCORE_TOLERANCE


def _fmt(x: float) -> str:
    return "no score" if math.isnan(x) else f"{float(x):.12g}"


def _is_short_code(text: str) -> bool:
    """A grade-like code (``A``, ``B+``, ``II``), which reads the same in any language."""
    return len(text) <= 4 and not any(c.isspace() or c.islower() for c in text)


def _copied_english(text: str, english: str) -> bool:
    """Whether ``text`` is ``english`` again (ASCII, ignoring case and spacing)."""
    a, b = " ".join(text.split()), " ".join(english.split())
    same = a.isascii() and a.casefold() == b.casefold()
    return same and not (_is_short_code(a) and _is_short_code(b))


def _listing(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_MAX_ISSUES])
    more = len(items) - _MAX_ISSUES
    return shown + (f" (+{more} more)" if more > 0 else "")


def _summarise(issues: Sequence[str]) -> str:
    shown = "; ".join(issues[:_MAX_ISSUES])
    more = len(issues) - _MAX_ISSUES
    return shown + (f" (+{more} more)" if more > 0 else "")


def _describe_exception(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
