"""Benchmark ``kp.score`` on a synthetic national-scale round, against its baselines.

Run from the project root::

    python benchmarks/bench_score.py            # full run (3,000 and 30,000 units)
    python benchmarks/bench_score.py --quick    # smaller, faster run
    python benchmarks/bench_score.py --profile  # also print cProfile hot spots

Every figure is measured in the same run on the same machine, so the ratios are what the
report is about; absolute times depend on the machine. Each time is the median of several
repeats (``time.perf_counter``, garbage collector off while timing, one warm-up first).

Figures (see docs/benchmarks.md):

(a) ``Round.from_columns``, ``kp.score`` and ``kp.validate`` (its checks alone) on the
    columnar path;
(b) plain-Python scorers on the same answers, timed on the first units and scaled linearly:
    ``score_reference`` of ``tests/reference_scorer.py`` (target: ``kp.score`` ≥ 100× faster)
    and a minimal dict-of-lists baseline written here (for information; it takes the target
    when the reference scorer is missing or fails);
(c) a bare numpy floor (bincount + weighted sums per level + entity mean, nothing else);
    target: ``kp.score`` ≤ 3× the floor;
(d) scaling to 10× the units; target: time ratio ≤ 11× (linear).

The exit code is 0 even when a target is missed: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import inspect
import io
import math
import os
import platform
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import kepatuhan as kp

RUBRIC_ID = "ombudsman-2023"
UNITS_PER_ENTITY = 5
SEED = 20261123
ROOT = Path(__file__).resolve().parents[1]
REFERENCE_FILE = ROOT / "tests" / "reference_scorer.py"
REFERENCE_ENTRY = "score_reference"  # score_reference(rubric, round_) -> result with .units

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.str_]

# Entity kinds with roughly the national mix (38 pemprov, 416 pemkab, 98 pemkot, ~50 K/L),
# and the unit types each kind of entity has (drawn per unit).
ENTITY_KINDS = ("pemprov", "pemkab", "pemkot", "kementerian", "lembaga")
ENTITY_KIND_SHARE = (0.063, 0.693, 0.163, 0.05, 0.031)
UNIT_TYPES_PEMDA = ("opd", "opd", "opd", "puskesmas", "puskesmas", "rsud", "upt")
UNIT_TYPES_PUSAT = ("kantor_vertikal", "kantor_vertikal", "kantor_vertikal", "upt")
RESPONDENT_CODES = tuple(f"r{i:02d}" for i in range(1, 31))


# --------------------------------------------------------------------------------------------
# Synthetic round


@dataclass(frozen=True)
class Columns:
    """The inputs of ``Round.from_columns`` for one synthetic round, plus plain arrays."""

    entities: list[dict[str, Any]]
    units: list[dict[str, Any]]
    unit: IntArray  # position into ``units``
    indicator: IntArray  # position into ``rubric.indicator_ids()``
    value: FloatArray  # 0–3 integers
    respondent: StrArray  # "r01".."r30", local to the unit
    role: StrArray  # role value of the indicator
    unit_entity: IntArray  # position of each unit's entity

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_rows(self) -> int:
        return int(self.value.size)

    def head(self, n_units: int) -> Columns:
        """The first ``n_units`` units (rows are grouped by unit) and their entities."""
        stop = int(np.searchsorted(self.unit, n_units))
        n_ent = int(self.unit_entity[n_units - 1]) + 1
        return Columns(
            entities=self.entities[:n_ent],
            units=self.units[:n_units],
            unit=self.unit[:stop],
            indicator=self.indicator[:stop],
            value=self.value[:stop],
            respondent=self.respondent[:stop],
            role=self.role[:stop],
            unit_entity=self.unit_entity[:n_units],
        )


def make_columns(rubric: kp.Rubric, n_entities: int, seed: int = SEED) -> Columns:
    """A seeded synthetic round: ``n_entities`` × 5 units, every indicator fully answered."""
    rng = np.random.default_rng(seed)
    indicators = rubric.indicators()
    kinds = rng.choice(len(ENTITY_KINDS), size=n_entities, p=ENTITY_KIND_SHARE)
    entities: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    for j, k in enumerate(kinds.tolist()):
        kind = ENTITY_KINDS[k]
        code = f"e{j:05d}"
        entities.append({"code": code, "name": f"Instansi {j}", "kind": kind})
        pool = UNIT_TYPES_PUSAT if kind in ("kementerian", "lembaga") else UNIT_TYPES_PEMDA
        for t in rng.integers(0, len(pool), size=UNITS_PER_ENTITY).tolist():
            units.append(
                {
                    "code": f"{code}-u{len(units):06d}",
                    "name": f"Unit {len(units)}",
                    "entity": code,
                    "unit_type": pool[t],
                }
            )
    n_units = len(units)

    # One unit's row template: indicator k answered by its ``respondents`` respondents.
    counts = np.array([ind.respondents or 1 for ind in indicators], dtype=np.int64)
    template_ind = np.repeat(np.arange(len(indicators), dtype=np.int64), counts)
    template_resp = np.concatenate([np.arange(c, dtype=np.int64) for c in counts.tolist()])
    roles = np.array([ind.role.value for ind in indicators])
    per_unit = template_ind.size

    unit = np.repeat(np.arange(n_units, dtype=np.int64), per_unit)
    indicator = np.tile(template_ind, n_units)
    respondent = np.array(RESPONDENT_CODES)[np.tile(template_resp, n_units)]
    # Unit quality and indicator difficulty set the chance of each point of the 0–3 answer.
    quality = rng.beta(5.0, 2.0, size=n_units)
    difficulty = rng.normal(0.0, 0.12, size=len(indicators))
    p = np.clip(quality[unit] + difficulty[indicator], 0.02, 0.98)
    value = rng.binomial(3, p).astype(np.float64)
    return Columns(
        entities=entities,
        units=units,
        unit=unit,
        indicator=indicator,
        value=value,
        respondent=respondent,
        role=roles[indicator],
        unit_entity=np.repeat(np.arange(n_entities, dtype=np.int64), UNITS_PER_ENTITY),
    )


def build_round(cols: Columns, rubric: kp.Rubric) -> kp.Round:
    return kp.Round.from_columns(
        rubric=RUBRIC_ID,
        entities=cols.entities,
        units=cols.units,
        unit=cols.unit,
        indicator=cols.indicator,
        indicator_codes=rubric.indicator_ids(),
        value=cols.value,
        respondent=cols.respondent,
        role=cols.role,
        synthetic=True,
        title="benchmark round (synthetic)",
    )


# --------------------------------------------------------------------------------------------
# (c) The bare numpy floor


@dataclass(frozen=True)
class FloorPlan:
    """What the floor needs from the rubric, prepared once (not timed)."""

    n_indicators: int
    n_nodes: int
    offset: FloatArray  # per indicator: normalised = offset + slope * raw
    slope: FloatArray
    indicator_node: IntArray
    levels: tuple[tuple[IntArray, IntArray, FloatArray], ...]  # children, parents, weights
    top: IntArray
    top_share: FloatArray


def floor_plan(rubric: kp.Rubric) -> FloorPlan:
    c = rubric.compiled
    span = c.scale_max - c.scale_min
    up_slope, up_offset = 1.0 / span, -c.scale_min / span
    slope = np.where(c.higher_is_better, up_slope, -up_slope) * 100.0
    offset = np.where(c.higher_is_better, up_offset, 1.0 - up_offset) * 100.0
    levels = tuple((lv.children, lv.parents, lv.member / lv.member.sum(axis=0)) for lv in c.levels)
    return FloorPlan(
        n_indicators=c.n_indicators,
        n_nodes=c.n_nodes,
        offset=offset,
        slope=slope,
        indicator_node=c.indicator_node,
        levels=levels,
        top=c.top,
        top_share=c.top_share,
    )


def numpy_floor(
    plan: FloorPlan,
    unit: IntArray,
    indicator: IntArray,
    value: FloatArray,
    unit_entity: IntArray,
    n_units: int,
    n_entities: int,
) -> tuple[FloatArray, FloatArray]:
    """Unit and entity scores with nothing but the arithmetic (complete data assumed)."""
    n_ind = plan.n_indicators
    cell = unit * n_ind + indicator
    total = np.bincount(cell, weights=value, minlength=n_units * n_ind)
    count = np.bincount(cell, minlength=n_units * n_ind)
    mean = (total / count).reshape(n_units, n_ind)
    node = np.empty((n_units, plan.n_nodes))
    node[:, plan.indicator_node] = plan.offset + plan.slope * mean
    for children, parents, weights in plan.levels:
        node[:, parents] = node[:, children] @ weights
    unit_score: FloatArray = node[:, plan.top] @ plan.top_share
    entity_score: FloatArray = np.bincount(
        unit_entity, weights=unit_score, minlength=n_entities
    ) / np.bincount(unit_entity, minlength=n_entities)
    return unit_score, entity_score


# --------------------------------------------------------------------------------------------
# (b) Plain Python: the reference scorer, or a minimal baseline


@dataclass(frozen=True)
class PyNode:
    """A rubric node as plain Python: an indicator (``children`` empty) or a group."""

    id: str
    weight: float
    children: tuple[PyNode, ...]
    minimum: float = 0.0
    maximum: float = 1.0
    higher_is_better: bool = True


def py_tree(rubric: kp.Rubric) -> tuple[PyNode, ...]:
    def convert(node: kp.Group | kp.Indicator) -> PyNode:
        if isinstance(node, kp.Indicator):
            s = node.scale
            return PyNode(node.id, node.weight, (), s.minimum, s.maximum, s.higher_is_better)
        return PyNode(node.id, node.weight, tuple(convert(ch) for ch in node.children))

    return tuple(convert(n) for n in rubric.nodes)


def python_baseline(
    tree: tuple[PyNode, ...],
    unit_codes: list[str],
    indicator_ids: list[str],
    values: list[float],
    unit_entity: dict[str, str],
) -> tuple[dict[str, float], dict[str, float]]:
    """Dict-of-lists mean per (unit, indicator), weighted means up the tree, entity mean."""
    answers: defaultdict[tuple[str, str], list[float]] = defaultdict(list)
    for u, ind, v in zip(unit_codes, indicator_ids, values, strict=True):
        answers[(u, ind)].append(v)
    leaf: defaultdict[str, dict[str, float]] = defaultdict(dict)
    for (u, ind), vs in answers.items():
        leaf[u][ind] = sum(vs) / len(vs)

    def node_score(node: PyNode, scores: dict[str, float]) -> float | None:
        if not node.children:
            raw = scores.get(node.id)
            if raw is None:
                return None
            share = (raw - node.minimum) / (node.maximum - node.minimum)
            return 100.0 * (share if node.higher_is_better else 1.0 - share)
        return weighted(node.children, scores)

    def weighted(nodes: tuple[PyNode, ...], scores: dict[str, float]) -> float | None:
        num = den = 0.0
        for child in nodes:
            s = node_score(child, scores)
            if s is not None:
                num += child.weight * s
                den += child.weight
        return num / den if den > 0 else None

    unit_score: dict[str, float] = {}
    for u, scores in leaf.items():
        total = weighted(tree, scores)
        if total is not None:
            unit_score[u] = total
    by_entity: defaultdict[str, list[float]] = defaultdict(list)
    for u, s in unit_score.items():
        by_entity[unit_entity[u]].append(s)
    entity_score = {e: sum(ss) / len(ss) for e, ss in by_entity.items()}
    return unit_score, entity_score


@dataclass(frozen=True)
class PythonScorer:
    """A plain-Python scorer prepared for one set of columns: ``run()`` is what is timed."""

    name: str
    run: Callable[[], object]
    note: str
    unit_totals: Callable[[], dict[str, float | None]]  # unit code -> unrounded total


def reference_scorer(rubric: kp.Rubric, cols: Columns) -> PythonScorer | None:
    """``score_reference(rubric, round_)`` of ``tests/reference_scorer.py``, if it exists."""
    if not REFERENCE_FILE.exists():
        return None
    sys.path.insert(0, str(REFERENCE_FILE.parent))
    try:
        spec = importlib.util.spec_from_file_location("reference_scorer", REFERENCE_FILE)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    except Exception as exc:  # a half-written file must not stop the report
        sys.modules.pop("reference_scorer", None)
        print(f"note: tests/reference_scorer.py could not be imported ({exc!r}); using baseline")
        return None
    finally:
        sys.path.remove(str(REFERENCE_FILE.parent))
    func = getattr(module, REFERENCE_ENTRY, None)
    if not callable(func):
        print(f"note: tests/reference_scorer.py has no {REFERENCE_ENTRY}(); using the baseline")
        return None
    round_ = build_round(cols, rubric)
    names = set(inspect.signature(func).parameters)
    if {"rubric", "round_"} <= names:

        def run() -> object:
            return func(rubric=rubric, round_=round_)
    else:

        def run() -> object:
            return func(rubric, round_)

    def unit_totals() -> dict[str, float | None]:
        result = run()
        return {code: u.total for code, u in getattr(result, "units", {}).items()}

    return PythonScorer(
        name=f"tests/reference_scorer.py:{REFERENCE_ENTRY}",
        run=run,
        note="pure-Python reference scorer: iterates the Round's Response objects",
        unit_totals=unit_totals,
    )


def baseline_scorer(rubric: kp.Rubric, cols: Columns) -> PythonScorer:
    tree = py_tree(rubric)
    ids = rubric.indicator_ids()
    unit_codes = [str(cols.units[u]["code"]) for u in cols.unit.tolist()]
    indicator_ids = [ids[k] for k in cols.indicator.tolist()]
    values = cols.value.tolist()
    unit_entity = {str(u["code"]): str(u["entity"]) for u in cols.units}

    def run() -> tuple[dict[str, float], dict[str, float]]:
        return python_baseline(tree, unit_codes, indicator_ids, values, unit_entity)

    def unit_totals() -> dict[str, float | None]:
        return dict(run()[0])

    return PythonScorer(
        name="minimal dict-of-lists baseline (benchmarks/bench_score.py)",
        run=run,
        note="plain lists of codes and values in (converted before timing), unit scores and "
        "entity means out",
        unit_totals=unit_totals,
    )


# --------------------------------------------------------------------------------------------
# Timing and report


def timed(func: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    """Median wall time of ``func()`` in seconds over ``repeats`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times)


def fmt_time(seconds: float) -> str:
    if seconds >= 1.0:
        return f"{seconds:8.3f} s "
    return f"{seconds * 1e3:8.2f} ms"


@dataclass(frozen=True)
class Row:
    what: str
    size: str
    seconds: float | None = None
    ratio: str = ""
    target: str = ""
    verdict: str = ""

    def cells(self) -> tuple[str, ...]:
        median = fmt_time(self.seconds) if self.seconds is not None else ""
        return (self.what, self.size, median, self.ratio, self.target, self.verdict)


def print_table(rows: Sequence[Row]) -> None:
    headers = ("measurement", "size", "median", "ratio", "target", "")
    cells = [r.cells() for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def machine_info() -> list[tuple[str, str]]:
    affinity = getattr(os, "sched_getaffinity", None)
    usable = len(affinity(0)) if affinity is not None else os.cpu_count()
    return [
        ("python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("numpy", np.__version__),
        ("kepatuhan", kp.__version__),
        ("platform", f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("processor", _cpu_model()),
        ("cpu count", f"{os.cpu_count()} (usable: {usable})"),
        ("OPENBLAS_CORETYPE", os.environ.get("OPENBLAS_CORETYPE", "(not set)")),
    ]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def profile(label: str, func: Callable[[], object], top: int = 15) -> None:
    prof = cProfile.Profile()
    prof.enable()
    func()
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    print(f"\n--- cProfile: {label} (sorted by own time, top {top}) ---")
    body = out.getvalue()
    start = body.find("   ncalls")
    print(body[start:].rstrip() if start >= 0 else body.rstrip())


@dataclass(frozen=True)
class Config:
    entities: int  # base size; units = 5 per entity
    scale: int  # (d) multiplies the base size
    repeats: int  # kp.score and floor, base size
    repeats_large: int  # kp.score and floor, ×scale
    build_repeats: int  # Round.from_columns, base size
    build_repeats_large: int  # Round.from_columns, ×scale
    python_units: int  # (b) subset the plain-Python scorers are timed on
    python_repeats: int


FULL = Config(
    entities=600,
    scale=10,
    repeats=9,
    repeats_large=5,
    build_repeats=5,
    build_repeats_large=3,
    python_units=300,
    python_repeats=3,
)
QUICK = Config(
    entities=200,
    scale=10,
    repeats=5,
    repeats_large=3,
    build_repeats=3,
    build_repeats_large=1,
    python_units=100,
    python_repeats=3,
)


@dataclass(frozen=True)
class Sizing:
    """Times of one round size."""

    cols: Columns
    round_: kp.Round
    from_columns: float
    score: float
    validate: float
    floor: float


def run_floor(plan: FloorPlan, cols: Columns) -> tuple[FloatArray, FloatArray]:
    return numpy_floor(
        plan,
        cols.unit,
        cols.indicator,
        cols.value,
        cols.unit_entity,
        cols.n_units,
        len(cols.entities),
    )


def measure(
    rubric: kp.Rubric, plan: FloorPlan, cols: Columns, repeats: int, build_repeats: int
) -> Sizing:
    round_ = build_round(cols, rubric)
    return Sizing(
        cols=cols,
        round_=round_,
        from_columns=timed(lambda: build_round(cols, rubric), build_repeats),
        score=timed(lambda: kp.score(round_), repeats),
        validate=timed(lambda: kp.validate(round_), repeats),
        floor=timed(lambda: run_floor(plan, cols), repeats),
    )


def floor_agreement(plan: FloorPlan, s: Sizing) -> tuple[float, float]:
    """Largest |difference| kp.score − floor: unrounded unit totals, entity scores."""
    res = kp.score(s.round_).columns
    unit_score, entity_score = run_floor(plan, s.cols)
    unit_diff = float(np.max(np.abs(res.unit_raw - unit_score)))
    entity = res.entity_scaled / 10.0**res.meta.precision
    return unit_diff, float(np.max(np.abs(entity - entity_score)))


def python_agreement(scorer: PythonScorer, round_: kp.Round) -> float:
    """Largest |difference| of unrounded unit totals between kp.score and ``scorer``."""
    res = kp.score(round_).columns
    theirs = scorer.unit_totals()
    worst = 0.0
    for unit, ours in zip(res.units, res.unit_raw.tolist(), strict=True):
        other = theirs.get(unit.code)
        if other is None or not math.isfinite(ours):
            return math.inf
        worst = max(worst, abs(ours - other))
    return worst


def size_label(cols: Columns) -> str:
    return f"{len(cols.entities):,} ent / {cols.n_units:,} units / {cols.n_rows:,} rows"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark kp.score against a plain-Python scorer and a bare numpy floor."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 200 entities / 1,000 units (×10: 10,000), fewer repeats",
    )
    parser.add_argument("--profile", action="store_true", help="also print cProfile hot spots")
    parser.add_argument("--seed", type=int, default=SEED, help=f"RNG seed (default {SEED})")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    k = cfg.scale
    started = time.perf_counter()

    print(f"kepatuhan scoring benchmark{' (--quick)' if args.quick else ''}")
    for key, value in machine_info():
        print(f"  {key:<18} {value}")

    rubric = kp.get_rubric(RUBRIC_ID)
    compiled = rubric.compiled  # compiled once, cached on the rubric: outside every timing
    plan = floor_plan(rubric)
    cols_large = make_columns(rubric, cfg.entities * k, seed=args.seed)
    cols = cols_large.head(cfg.entities * UNITS_PER_ENTITY)
    print(
        f"  round              {RUBRIC_ID}: {compiled.n_indicators} indicators, "
        f"{cols.n_rows // cols.n_units} answers per unit, values 0–3, seed {args.seed}"
    )
    print("  timing             median of repeats after one warm-up, gc off while timed\n")

    base = measure(rubric, plan, cols, cfg.repeats, cfg.build_repeats)
    large = measure(rubric, plan, cols_large, cfg.repeats_large, cfg.build_repeats_large)

    # (b) plain Python on the first units, scaled linearly to the base size.
    sub = cols.head(min(cfg.python_units, cols.n_units))
    sub_round = build_round(sub, rubric)
    scale_up = cols.n_units / sub.n_units
    scorers: list[PythonScorer] = []
    py_times: list[float] = []
    for candidate in (reference_scorer(rubric, sub), baseline_scorer(rubric, sub)):
        if candidate is None:
            continue
        try:
            py_times.append(timed(candidate.run, cfg.python_repeats))
        except Exception as exc:  # a half-written reference must not stop the report
            print(f"note: {candidate.name} failed ({exc!r}); left out")
            continue
        scorers.append(candidate)

    rows = [
        Row("(a) Round.from_columns", size_label(cols), base.from_columns),
        Row("(a) kp.score", size_label(cols), base.score),
        Row(
            "(a) kp.validate",
            size_label(cols),
            base.validate,
            f"{base.validate / base.score:.2f}× kp.score",
            "(info)",
        ),
    ]
    for i, (scorer, t_sub) in enumerate(zip(scorers, py_times, strict=True)):
        primary = i == 0
        label = "(b) " + ("reference scorer" if "reference" in scorer.name else "py baseline")
        ratio = t_sub * scale_up / base.score
        rows.append(Row(f"{label}, measured", f"first {sub.n_units:,} units", t_sub))
        rows.append(
            Row(
                f"{label}, ×{scale_up:g} est.",
                f"{cols.n_units:,} units (linear)",
                t_sub * scale_up,
                f"kp.score {ratio:,.1f}× faster",
                "≥ 100×" if primary else "(info)",
                verdict(ratio >= 100) if primary else "",
            )
        )
    floor_ratio = base.score / base.floor
    scale_ratio = large.score / base.score
    rows += [
        Row(
            "(c) numpy floor",
            size_label(cols),
            base.floor,
            f"kp.score = {floor_ratio:.2f}× floor",
            "≤ 3×",
            verdict(floor_ratio <= 3),
        ),
        Row(
            "(d) Round.from_columns",
            size_label(cols_large),
            large.from_columns,
            f"{large.from_columns / base.from_columns:.2f}× base",
            "(info)",
        ),
        Row(
            "(d) numpy floor",
            size_label(cols_large),
            large.floor,
            f"{large.floor / base.floor:.2f}× base",
            "(info)",
        ),
        Row(
            "(d) kp.score",
            size_label(cols_large),
            large.score,
            f"{scale_ratio:.2f}× base ({k}× units)",
            f"≤ {k + 1}×",
            verdict(scale_ratio <= k + 1),
        ),
        Row(
            "(d) kp.score vs floor growth",
            size_label(cols_large),
            large.score,
            f"{scale_ratio / (large.floor / base.floor):.2f}× the floor's growth; "
            f"{large.score / large.floor:.2f}× floor",
            "(info)",
        ),
    ]
    print_table(rows)

    print("\nnotes")
    if scorers and scorers[0].name.startswith("minimal"):
        print("  tests/reference_scorer.py not used: the ≥ 100× target applies to the baseline")
    for scorer in scorers:
        diff = python_agreement(scorer, sub_round)
        print(f"  {scorer.name}\n    {scorer.note}; max |unit total − kp.score| = {diff:.1e}")
    print(
        f"  plain Python timed on the first {sub.n_units:,} units (median of "
        f"{cfg.python_repeats}) and scaled linearly ×{scale_up:g} to {cols.n_units:,} units"
    )
    if scorers:
        end_to_end = py_times[0] * scale_up / (base.from_columns + base.score)
        print(
            f"  {scorers[0].name.split(':')[0]} vs Round.from_columns + kp.score together: "
            f"{end_to_end:,.1f}×"
        )
    unit_diff, entity_diff = floor_agreement(plan, base)
    print(
        f"  floor vs kp.score: max |Δ unit total| = {unit_diff:.1e}, max |Δ entity| = "
        f"{entity_diff:.4f} (kp.score averages units rounded to 2 dp)"
    )
    print(
        f"  repeats (kp.score, floor / from_columns): {cfg.repeats} / {cfg.build_repeats} at "
        f"base size, {cfg.repeats_large} / {cfg.build_repeats_large} at ×{k}; "
        "rubric compiled before timing"
    )

    if args.profile:
        profile("Round.from_columns, base size", lambda: build_round(cols, rubric))
        profile("kp.score, base size", lambda: kp.score(base.round_))
        profile(f"kp.score, ×{k} size", lambda: kp.score(large.round_))

    print(f"\ntotal benchmark wall time: {time.perf_counter() - started:.1f} s")
    if not unit_diff <= 1e-6:
        print("WARNING: kp.score and the numpy floor disagree; the floor ratio is meaningless")
    return 0


if __name__ == "__main__":
    sys.exit(main())
