"""Benchmark ``kp.score`` on a synthetic national-scale round, against the numpy floor and peers.

Run from the project root::

    python benchmarks/bench_score.py                 # full run (3,000 and 30,000 units)
    python benchmarks/bench_score.py --quick         # smoke run (1,000 and 10,000 units)
    python benchmarks/bench_score.py --profile       # also print cProfile hot spots
    python benchmarks/bench_score.py --json run.json # also write every figure as JSON

Every figure is measured in the same run on the same machine, so the ratios are what the
report is about; absolute times depend on the machine. Each time is the **best** (minimum)
of several repeats (``time.perf_counter``, garbage collector off while timing; one warm-up
first for the fast calls). Whatever must exist before a call (a copy of the round, a scored
result) is made outside the timed region.

What is timed, at the base size and at 10× the units (see docs/benchmarks.md):

* the numpy floor: the least numpy work that computes the same unit and entity scores of a
  complete round (two ``bincount``, one matmul with the leaves' effective weights, half-up
  rounding, the entity mean), on the int64/float64 arrays the round is built from;
* ``kp.score`` warm (the same round object again: the library may cache its checks) and cold
  (a fresh ``round_.model_copy()`` each time), and ``kp.validate`` cold;
* two peers: an idiomatic pandas script and a plain-Python dict loop, on the full size;
* ``Round.from_columns`` with integer unit, indicator, respondent and role positions, and
  with string respondent ids and roles (information);
* what a caller does with the result: ``to_frame("units")``, reading ``score``, ``zone``
  and ``grade`` of every unit, ``to_json()``, and (base size) the results workbook:
  kepatuhan's part (the sheets prepared as data) beside the whole export, whose rest is
  openpyxl building the cells and saving;
* the reference scorer of ``tests/reference_scorer.py`` (a subset, scaled: an estimate);
* the peak traced memory of one cold ``kp.score`` at 10× the units.

Targets are reported PASS or MISS, never asserted: the exit code is 0.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import inspect
import io
import json
import math
import os
import platform
import pstats
import sys
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

import kepatuhan as kp
from kepatuhan.io import export_result
from kepatuhan.io.export import xlsx_sheets

RUBRIC_ID = "ombudsman-2023"
UNITS_PER_ENTITY = 5
SEED = 20261123
ROOT = Path(__file__).resolve().parents[1]
REFERENCE_FILE = ROOT / "tests" / "reference_scorer.py"
REFERENCE_ENTRY = "score_reference"  # score_reference(rubric, round_) -> result with .units

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.str_]
S = TypeVar("S")
T = TypeVar("T")

# Entity kinds with roughly the national mix (38 pemprov, 416 pemkab, 98 pemkot, ~50 K/L),
# and the unit types each kind of entity has (drawn per unit).
ENTITY_KINDS = ("pemprov", "pemkab", "pemkot", "kementerian", "lembaga")
ENTITY_KIND_SHARE = (0.063, 0.693, 0.163, 0.05, 0.031)
UNIT_TYPES_PEMDA = ("opd", "opd", "opd", "puskesmas", "puskesmas", "rsud", "upt")
UNIT_TYPES_PUSAT = ("kantor_vertikal", "kantor_vertikal", "kantor_vertikal", "upt")
RESPONDENT_CODES = tuple(f"r{i:02d}" for i in range(1, 31))
ROLE_CODES = tuple(r.value for r in kp.RespondentRole)


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
    respondent: IntArray  # position into RESPONDENT_CODES ("r01".."r30", local to the unit)
    role: StrArray  # role value of the indicator
    role_index: IntArray  # the same as positions into ROLE_CODES
    unit_entity: IntArray  # position of each unit's entity

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_entities(self) -> int:
        return len(self.entities)

    @property
    def n_rows(self) -> int:
        return int(self.value.size)

    def respondent_ids(self) -> StrArray:
        """The respondent column as string ids (the slower ``from_columns`` form)."""
        ids: StrArray = np.array(RESPONDENT_CODES)[self.respondent]
        return ids

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
            role_index=self.role_index[:stop],
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
    role_index = np.array([ROLE_CODES.index(ind.role.value) for ind in indicators])
    per_unit = template_ind.size

    unit = np.repeat(np.arange(n_units, dtype=np.int64), per_unit)
    indicator = np.tile(template_ind, n_units)
    respondent = np.tile(template_resp, n_units)
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
        role_index=role_index[indicator],
        unit_entity=np.repeat(np.arange(n_entities, dtype=np.int64), UNITS_PER_ENTITY),
    )


def build_round(
    cols: Columns, rubric: kp.Rubric, respondent_ids: StrArray | None = None
) -> kp.Round:
    """``Round.from_columns`` in its fastest form — integer positions for unit, indicator,
    respondent and role (``role_codes``) — or, with ``respondent_ids``, with the respondent
    and role columns as strings (the slower form)."""
    role: IntArray | StrArray
    role_codes: Sequence[str] | None
    if respondent_ids is None:
        respondent: IntArray | StrArray = cols.respondent
        codes: Sequence[str] | None = RESPONDENT_CODES
        role, role_codes = cols.role_index, ROLE_CODES
    else:
        respondent, codes = respondent_ids, None
        role, role_codes = cols.role, None
    return kp.Round.from_columns(
        rubric=RUBRIC_ID,
        entities=cols.entities,
        units=cols.units,
        unit=cols.unit,
        indicator=cols.indicator,
        indicator_codes=rubric.indicator_ids(),
        value=cols.value,
        respondent=respondent,
        respondent_codes=codes,
        role=role,
        role_codes=role_codes,
        synthetic=True,
        title="benchmark round (synthetic)",
    )


# --------------------------------------------------------------------------------------------
# The numpy floor (the project's agreed definition)


@dataclass(frozen=True)
class Leaves:
    """Rubric facts the floor and the peers need per leaf, computed once (not timed)."""

    lo: FloatArray  # scale bound that normalises to 0 (the maximum if lower is better)
    hi: FloatArray  # scale bound that normalises to 1
    weight: FloatArray  # effective weight: product of the shares among siblings; sums to 1

    @property
    def n_leaves(self) -> int:
        return int(self.lo.size)


def leaves_of(rubric: kp.Rubric) -> Leaves:
    """Per-leaf bounds and effective weights, from the compiled tree."""
    c = rubric.compiled
    share = np.empty(c.n_nodes)
    for p in np.unique(c.parent).tolist():
        siblings = c.parent == p
        share[siblings] = c.weight[siblings] / c.weight[siblings].sum()
    weight = np.empty(c.n_indicators)
    for k, node in enumerate(c.indicator_node.tolist()):
        w = 1.0
        while node >= 0:
            w *= float(share[node])
            node = int(c.parent[node])
        weight[k] = w
    if not math.isclose(float(weight.sum()), 1.0, rel_tol=0.0, abs_tol=1e-12):
        raise RuntimeError(f"effective weights sum to {weight.sum()!r}, not 1")
    lo = np.where(c.higher_is_better, c.scale_min, c.scale_max)
    hi = np.where(c.higher_is_better, c.scale_max, c.scale_min)
    return Leaves(lo=lo, hi=hi, weight=weight)


def numpy_floor(
    lv: Leaves,
    unit: IntArray,
    indicator: IntArray,
    value: FloatArray,
    entity_of_unit: IntArray,
    n_units: int,
) -> tuple[FloatArray, FloatArray]:
    """Unit scores (half-up, 2 dp) and entity means of a complete round; nothing else."""
    n_leaves = lv.n_leaves
    key = unit * n_leaves + indicator
    sums = np.bincount(key, weights=value, minlength=n_units * n_leaves)
    counts = np.bincount(key, minlength=n_units * n_leaves)
    mean = (sums / np.maximum(counts, 1)).reshape(n_units, n_leaves)
    norm = (mean - lv.lo) / (lv.hi - lv.lo)
    score = 100 * (norm @ lv.weight)  # one matmul, no per-level loop
    score = np.floor(score * 100 + 0.5) / 100  # half-up to 2 dp
    entity: FloatArray = np.bincount(entity_of_unit, weights=score) / np.bincount(entity_of_unit)
    return score, entity


def floor_unrounded(lv: Leaves, cols: Columns) -> FloatArray:
    """The floor's unit scores before rounding (for the agreement check only)."""
    n_leaves = lv.n_leaves
    key = cols.unit * n_leaves + cols.indicator
    size = cols.n_units * n_leaves
    sums = np.bincount(key, weights=cols.value, minlength=size)
    counts = np.bincount(key, minlength=size)
    mean = (sums / np.maximum(counts, 1)).reshape(cols.n_units, n_leaves)
    raw: FloatArray = 100 * (((mean - lv.lo) / (lv.hi - lv.lo)) @ lv.weight)
    return raw


# --------------------------------------------------------------------------------------------
# Peers: idiomatic pandas, and a plain-Python dict loop


@dataclass(frozen=True)
class PandasInputs:
    """The same round as data frames, built once (not timed)."""

    answers: pd.DataFrame  # unit, indicator, value: one row per answer
    leaves: pd.DataFrame  # indicator, lo, hi, weight
    units: pd.DataFrame  # unit, entity


def pandas_inputs(lv: Leaves, cols: Columns) -> PandasInputs:
    return PandasInputs(
        answers=pd.DataFrame({"unit": cols.unit, "indicator": cols.indicator, "value": cols.value}),
        leaves=pd.DataFrame(
            {
                "indicator": np.arange(lv.n_leaves, dtype=np.int64),
                "lo": lv.lo,
                "hi": lv.hi,
                "weight": lv.weight,
            }
        ),
        units=pd.DataFrame(
            {"unit": np.arange(cols.n_units, dtype=np.int64), "entity": cols.unit_entity}
        ),
    )


def pandas_peer(data: PandasInputs) -> tuple[pd.Series, pd.Series]:
    """Mean per (unit, indicator), merge the leaf table, weighted sum per unit, half-up to
    2 dp, mean per entity."""
    cells = data.answers.groupby(["unit", "indicator"], as_index=False)["value"].mean()
    cells = cells.merge(data.leaves, on="indicator")
    cells["points"] = (cells["value"] - cells["lo"]) / (cells["hi"] - cells["lo"]) * cells["weight"]
    unit = cells.groupby("unit")["points"].sum() * 100
    unit = np.floor(unit * 100 + 0.5) / 100
    entity = data.units.join(unit.rename("score"), on="unit").groupby("entity")["score"].mean()
    return unit, entity


@dataclass(frozen=True)
class DictInputs:
    """The same round as plain Python lists, converted once (not timed)."""

    unit: list[int]
    indicator: list[int]
    value: list[float]
    lo: list[float]
    hi: list[float]
    weight: list[float]
    entity_of_unit: list[int]


def dict_inputs(lv: Leaves, cols: Columns) -> DictInputs:
    return DictInputs(
        unit=cols.unit.tolist(),
        indicator=cols.indicator.tolist(),
        value=cols.value.tolist(),
        lo=lv.lo.tolist(),
        hi=lv.hi.tolist(),
        weight=lv.weight.tolist(),
        entity_of_unit=cols.unit_entity.tolist(),
    )


def dict_peer(data: DictInputs) -> tuple[list[float], dict[int, float]]:
    """Sum and count per (unit, indicator) in a dict, then weighted sums; half-up to 2 dp;
    mean per entity."""
    acc: dict[tuple[int, int], list[float]] = {}
    for u, i, v in zip(data.unit, data.indicator, data.value, strict=True):
        cell = acc.get((u, i))
        if cell is None:
            acc[(u, i)] = [v, 1.0]
        else:
            cell[0] += v
            cell[1] += 1.0
    total = [0.0] * len(data.entity_of_unit)
    lo, hi, weight = data.lo, data.hi, data.weight
    for (u, i), (s, n) in acc.items():
        total[u] += (s / n - lo[i]) / (hi[i] - lo[i]) * weight[i]
    scores = [math.floor(100 * t * 100 + 0.5) / 100 for t in total]
    ent_sum: dict[int, float] = {}
    ent_n: dict[int, int] = {}
    for e, s in zip(data.entity_of_unit, scores, strict=True):
        ent_sum[e] = ent_sum.get(e, 0.0) + s
        ent_n[e] = ent_n.get(e, 0) + 1
    return scores, {e: ent_sum[e] / ent_n[e] for e in ent_sum}


# --------------------------------------------------------------------------------------------
# The reference scorer of the tests (a plain-Python loop over Response objects)


@dataclass(frozen=True)
class ReferenceScorer:
    run: Callable[[], object]
    unit_totals: Callable[[], dict[str, float | None]]  # unit code -> unrounded total


def reference_scorer(rubric: kp.Rubric, round_: kp.Round) -> ReferenceScorer | None:
    """``score_reference(rubric, round_)`` of ``tests/reference_scorer.py``, if it works."""
    if not REFERENCE_FILE.exists():
        print("note: tests/reference_scorer.py not found; its row is left out")
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
        print(f"note: tests/reference_scorer.py could not be imported ({exc!r}); row left out")
        return None
    finally:
        sys.path.remove(str(REFERENCE_FILE.parent))
    func = getattr(module, REFERENCE_ENTRY, None)
    if not callable(func):
        print(f"note: tests/reference_scorer.py has no {REFERENCE_ENTRY}(); row left out")
        return None
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

    return ReferenceScorer(run=run, unit_totals=unit_totals)


# --------------------------------------------------------------------------------------------
# Timing


@dataclass(frozen=True)
class Timed(Generic[T]):
    """Wall times of the repeats of one call, and what the last call returned."""

    times: tuple[float, ...]
    value: T

    @property
    def best(self) -> float:
        return min(self.times)


def best_of(
    run: Callable[[S], T], setup: Callable[[], S], repeats: int, warmup: int = 1
) -> Timed[T]:
    """Time ``run(setup())`` ``repeats`` times after ``warmup`` untimed runs; ``setup`` is
    not timed. Garbage collector off while timing, as ``timeit`` does."""
    if repeats < 1:
        raise ValueError("at least one timed repeat")
    for _ in range(warmup):
        run(setup())
    times: list[float] = []
    for _ in range(repeats):
        arg = setup()
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            value = run(arg)
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
        del arg
    return Timed(times=tuple(times), value=value)


def best_of_call(func: Callable[[], T], repeats: int, warmup: int = 1) -> Timed[T]:
    """:func:`best_of` for a call without setup."""
    return best_of(lambda _: func(), lambda: None, repeats, warmup)


# --------------------------------------------------------------------------------------------
# Report


def fmt_time(seconds: float) -> str:
    if seconds >= 1.0:
        return f"{seconds:8.3f} s "
    return f"{seconds * 1e3:8.2f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


@dataclass(frozen=True)
class Row:
    """One line of the table, and the same figure for the JSON file."""

    key: str
    what: str
    size: str
    timed: Timed[Any] | None = None
    ratio: str = ""
    target: str = ""
    verdict: str = ""
    numbers: dict[str, Any] = field(default_factory=dict)  # extra figures for the JSON

    def cells(self) -> tuple[str, ...]:
        best = fmt_time(self.timed.best) if self.timed is not None else ""
        return (self.what, self.size, best, self.ratio, self.target, self.verdict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "what": self.what, "size": self.size}
        if self.timed is not None:
            out["best_s"] = self.timed.best
            out["times_s"] = list(self.timed.times)
        out.update(self.numbers)
        out.update(ratio=self.ratio, target=self.target, verdict=self.verdict or None)
        return out


def print_table(rows: Sequence[Row]) -> None:
    headers = ("measurement", "size", "best", "ratio", "target", "")
    cells = [r.cells() for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())


def machine_info() -> dict[str, str]:
    affinity = getattr(os, "sched_getaffinity", None)
    usable = len(affinity(0)) if affinity is not None else os.cpu_count()
    return {
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "kepatuhan": kp.__version__,
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "processor": _cpu_model(),
        "cpu count": f"{os.cpu_count()} (usable: {usable})",
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(not set)"),
    }


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


# --------------------------------------------------------------------------------------------
# Measurements


@dataclass(frozen=True)
class Repeats:
    """How many timed repeats each kind of figure gets at one size."""

    fast: int  # floor, kp.score warm/cold, kp.validate
    build: int  # Round.from_columns
    pandas: int
    dict: int
    result: int  # to_frame, units loop, to_json, workbook


@dataclass(frozen=True)
class Config:
    entities: int  # base size; units = 5 per entity
    scale: int  # the large size multiplies the base size
    base: Repeats
    large: Repeats
    reference_units: int  # reference scorer: subset it is timed on
    reference_repeats: int


FULL = Config(
    entities=600,
    scale=10,
    base=Repeats(fast=9, build=5, pandas=5, dict=3, result=3),
    large=Repeats(fast=5, build=3, pandas=3, dict=2, result=2),
    reference_units=300,
    reference_repeats=3,
)
QUICK = Config(
    entities=200,
    scale=10,
    base=Repeats(fast=5, build=3, pandas=3, dict=2, result=2),
    large=Repeats(fast=3, build=2, pandas=2, dict=1, result=1),
    reference_units=100,
    reference_repeats=2,
)


@dataclass(frozen=True)
class Sizing:
    """Every figure of one round size."""

    cols: Columns
    round_: kp.Round
    floor: Timed[tuple[FloatArray, FloatArray]]
    score_warm: Timed[kp.RoundResult]
    score_cold: Timed[kp.RoundResult]
    validate_cold: Timed[None]
    pandas: Timed[tuple[pd.Series, pd.Series]]
    dict: Timed[tuple[list[float], dict[int, float]]]
    build_fast: Timed[kp.Round]
    build_ids: Timed[kp.Round]
    to_frame: Timed[object]
    units_loop: Timed[int]
    first_access: Mapping[str, float]  # field -> seconds per view, first read of that field
    to_json: Timed[int]  # value: length of the JSON text
    json_dumps: Timed[int]  # the stdlib encoder on the same document, parsed beforehand

    @property
    def label(self) -> str:
        c = self.cols
        return f"{c.n_entities:,} ent / {c.n_units:,} units / {c.n_rows:,} rows"


def read_units(result: kp.RoundResult) -> int:
    """Read score, zone and grade of every unit (the count keeps the loop honest)."""
    seen = 0
    for u in result.units:
        if u.score is not None and u.zone is not None and u.grade is not None:
            seen += 1
    return seen


def first_access(round_: kp.Round, repeats: int) -> dict[str, float]:
    """Per field of ``UnitResult`` and ``EntityResult``: seconds per view to read that field
    of every unit (entity) of a freshly scored result, views created by the loop; the best
    of ``repeats``. The per-round work the first read triggers is shared by all views."""
    out: dict[str, float] = {}
    for kind, fields in (
        ("unit", kp.UnitResult.model_fields),
        ("entity", kp.EntityResult.model_fields),
    ):
        for name in fields:

            def read(result: kp.RoundResult, kind: str = kind, name: str = name) -> int:
                views = result.units if kind == "unit" else result.entities
                for view in views:
                    getattr(view, name)
                return len(views)

            timed = best_of(read, lambda: kp.score(round_), repeats, warmup=0)
            out[f"{kind}.{name}"] = timed.best / timed.value
    return out


def time_to_frame(round_: kp.Round, repeats: int) -> Timed[object]:
    """``result.to_frame("units")`` (pandas) on a freshly scored result."""
    return best_of(lambda r: r.to_frame("units"), lambda: kp.score(round_), repeats)


def measure(rubric: kp.Rubric, lv: Leaves, cols: Columns, rep: Repeats) -> Sizing:
    round_ = build_round(cols, rubric)
    n_units = cols.n_units

    floor = best_of_call(
        lambda: numpy_floor(lv, cols.unit, cols.indicator, cols.value, cols.unit_entity, n_units),
        rep.fast,
    )
    score_warm = best_of_call(lambda: kp.score(round_), rep.fast)
    score_cold = best_of(kp.score, round_.model_copy, rep.fast)
    validate_cold = best_of(kp.validate, round_.model_copy, rep.fast)

    # The peers' inputs and the string respondent ids live only while they are timed.
    pandas_t = best_of(pandas_peer, lambda: pandas_inputs(lv, cols), rep.pandas)
    dict_t = best_of(dict_peer, lambda: dict_inputs(lv, cols), rep.dict, warmup=0)
    warm_build = 1 if rep.build > 2 else 0
    build_fast = best_of_call(lambda: build_round(cols, rubric), rep.build, warm_build)
    build_ids = best_of(
        lambda ids: build_round(cols, rubric, ids), cols.respondent_ids, rep.build, warm_build
    )

    def fresh() -> kp.RoundResult:
        """A freshly scored result (made outside the timed region)."""
        return kp.score(round_)

    return Sizing(
        cols=cols,
        round_=round_,
        floor=floor,
        score_warm=score_warm,
        score_cold=score_cold,
        validate_cold=validate_cold,
        pandas=pandas_t,
        dict=dict_t,
        build_fast=build_fast,
        build_ids=build_ids,
        to_frame=time_to_frame(round_, rep.result),
        # Seconds per call at national size: no warm-up (the best of the repeats is kept).
        units_loop=best_of(read_units, fresh, rep.result, warmup=0),
        first_access=first_access(round_, rep.result),
        to_json=best_of(lambda r: len(r.to_json()), fresh, rep.result, warmup=0),
        json_dumps=best_of(
            lambda doc: len(json.dumps(doc, ensure_ascii=False, separators=(",", ":"))),
            lambda: json.loads(fresh().to_json()),
            rep.result,
            warmup=0,
        ),
    )


@dataclass(frozen=True)
class Workbook:
    """The results workbook: kepatuhan's part (the sheets prepared as data,
    ``kepatuhan.io.export.xlsx_sheets``) and the whole ``export_result`` call, whose
    remainder is openpyxl building the cells and saving."""

    prepare: Timed[int]  # value: rows prepared
    total: Timed[int]  # value: bytes written


def measure_workbook(round_: kp.Round, repeats: int) -> Workbook:
    """Both on a freshly scored result each time."""

    def prepare(result: kp.RoundResult) -> int:
        return sum(len(sheet.rows) for sheet in xlsx_sheets(result, "id"))

    def export(result: kp.RoundResult) -> int:
        return len(export_result(result, io.BytesIO(), format="xlsx").getbuffer())

    return Workbook(
        prepare=best_of(prepare, lambda: kp.score(round_), repeats),
        total=best_of(export, lambda: kp.score(round_), repeats, warmup=0),
    )


@dataclass(frozen=True)
class Memory:
    peak: int
    inputs: int

    @property
    def ratio(self) -> float:
        return self.peak / self.inputs


def measure_memory(round_: kp.Round) -> Memory:
    """Peak traced memory of one cold ``kp.score``, beside the response arrays' bytes."""
    t = round_.responses
    inputs = sum(a.nbytes for a in (t.unit, t.indicator, t.respondent, t.role, t.value, t.status))
    copy = round_.model_copy()
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = kp.score(copy)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return Memory(peak=peak, inputs=inputs)


# --------------------------------------------------------------------------------------------
# Checks (not timed): everybody computes the same scores


def kp_unit_scores(result: kp.RoundResult) -> FloatArray:
    """``kp.score``'s published (rounded) unit scores as floats."""
    c = result.columns
    scores: FloatArray = c.unit_scaled / 10.0**c.meta.precision
    return scores


def kp_entity_scores(result: kp.RoundResult) -> FloatArray:
    c = result.columns
    scores: FloatArray = c.entity_scaled / 10.0**c.meta.precision
    return scores


def differing(a: FloatArray, b: FloatArray, tol: float = 1e-9) -> IntArray:
    diff: IntArray = np.flatnonzero(np.abs(a - b) > tol)
    return diff


def check_size(lv: Leaves, s: Sizing) -> dict[str, Any]:
    """Unit and entity agreement of the floor with kp.score, and of the peers with the floor."""
    result = s.score_cold.value
    ours = kp_unit_scores(result)
    floor_unit, floor_entity = s.floor.value
    raw_floor = floor_unrounded(lv, s.cols)
    unit_raw_diff = float(np.max(np.abs(result.columns.unit_raw - raw_floor)))
    bad = differing(floor_unit, ours)
    examples = [
        {
            "unit": s.cols.units[i]["code"],
            "floor": float(floor_unit[i]),
            "kp.score": float(ours[i]),
            "unrounded": float(raw_floor[i]),
        }
        for i in bad[:5].tolist()
    ]
    pd_unit, pd_entity = s.pandas.value
    pd_units = pd_unit.reindex(range(s.cols.n_units)).to_numpy(dtype=np.float64)
    pd_entities = pd_entity.reindex(range(s.cols.n_entities)).to_numpy(dtype=np.float64)
    dict_unit, dict_entity = s.dict.value
    dict_units = np.array(dict_unit, dtype=np.float64)
    dict_entities = np.array([dict_entity.get(e, math.nan) for e in range(s.cols.n_entities)])
    return {
        "units": s.cols.n_units,
        "unit_raw_max_abs_diff_kp_vs_floor": unit_raw_diff,
        "units_differing_floor_vs_kp": int(bad.size),
        "units_differing_examples": examples,
        "entity_max_abs_diff_floor_vs_kp": float(
            np.max(np.abs(floor_entity - kp_entity_scores(result)))
        ),
        "units_differing_pandas_vs_floor": int(differing(pd_units, floor_unit).size),
        "entity_max_abs_diff_pandas_vs_floor": float(np.max(np.abs(pd_entities - floor_entity))),
        "units_differing_dict_vs_floor": int(differing(dict_units, floor_unit).size),
        "entity_max_abs_diff_dict_vs_floor": float(np.max(np.abs(dict_entities - floor_entity))),
        "units_reading_score_zone_grade": s.units_loop.value,
    }


def print_checks(checks: dict[str, Any]) -> None:
    n = checks["units"]
    print(f"  {n:,} units:")
    print(
        f"    floor vs kp.score: {checks['units_differing_floor_vs_kp']} unit score(s) differ "
        f"(unrounded totals within {checks['unit_raw_max_abs_diff_kp_vs_floor']:.1e}); "
        f"max |Δ entity| = {checks['entity_max_abs_diff_floor_vs_kp']:.4f} "
        "(kp.score rounds the entity mean to 2 dp, the floor does not)"
    )
    for ex in checks["units_differing_examples"]:
        print(
            f"      {ex['unit']}: floor {ex['floor']:.2f}, kp.score {ex['kp.score']:.2f} "
            f"(unrounded {ex['unrounded']!r})"
        )
    for peer in ("pandas", "dict"):
        print(
            f"    {peer} peer vs floor: {checks[f'units_differing_{peer}_vs_floor']} unit "
            f"score(s) differ; max |Δ entity| = "
            f"{checks[f'entity_max_abs_diff_{peer}_vs_floor']:.1e}"
        )
    if checks["units_reading_score_zone_grade"] != n:
        print(f"    units with score, zone and grade: {checks['units_reading_score_zone_grade']}")


# --------------------------------------------------------------------------------------------
# The table


def size_rows(s: Sizing, tag: str) -> list[Row]:
    """The rows of one size. ``tag`` keys the JSON figures ("3000", "30000")."""
    floor = s.floor.best
    warm, cold = s.score_warm.best, s.score_cold.best
    rows = [
        Row(f"{tag}.floor", "numpy floor", s.label, s.floor),
    ]
    for name, t in (("warm", s.score_warm), ("cold", s.score_cold)):
        r = t.best / floor
        rows.append(
            Row(
                f"{tag}.score_{name}",
                f"kp.score ({name})",
                s.label,
                t,
                f"{r:.2f}× floor",
                "≤ 2× floor",
                verdict(r <= 2),
                {"ratio_to_floor": r},
            )
        )
    share = s.validate_cold.best / cold
    rows.append(
        Row(
            f"{tag}.validate_cold",
            "kp.validate (cold)",
            s.label,
            s.validate_cold,
            f"{share:.2f}× kp.score (cold)",
            "(info)",
            numbers={"share_of_score_cold": share},
        )
    )
    peers: tuple[tuple[str, str, Timed[Any], float], ...] = (
        ("pandas", "pandas peer", s.pandas, 5.0),
        ("dict", "dict peer (plain Python)", s.dict, 100.0),
    )
    for key, what, peer, need in peers:
        fw, fc = peer.best / warm, peer.best / cold
        rows.append(
            Row(
                f"{tag}.{key}",
                what,
                s.label,
                peer,
                f"kp.score {fw:,.1f}× (warm) / {fc:,.1f}× (cold) faster",
                f"≥ {need:g}× faster",
                verdict(min(fw, fc) >= need),
                {"speedup_warm": fw, "speedup_cold": fc},
            )
        )
    r = s.build_fast.best / floor
    rows.append(
        Row(
            f"{tag}.from_columns_fast",
            "Round.from_columns (int positions)",
            s.label,
            s.build_fast,
            f"{r:.2f}× floor",
            "≤ 2× floor",
            verdict(r <= 2),
            {"ratio_to_floor": r},
        )
    )
    r = s.build_ids.best / floor
    rows.append(
        Row(
            f"{tag}.from_columns_ids",
            "Round.from_columns (respondent ids)",
            s.label,
            s.build_ids,
            f"{r:.2f}× floor; {s.build_ids.best / s.build_fast.best:.2f}× int form",
            "(info)",
            numbers={"ratio_to_floor": r},
        )
    )
    r = s.to_frame.best / warm
    rows.append(
        Row(
            f"{tag}.to_frame",
            'result.to_frame("units")',
            s.label,
            s.to_frame,
            f"{r:.2f}× kp.score (warm)",
            "≤ kp.score",
            verdict(r <= 1),
            {"ratio_to_score_warm": r},
        )
    )
    r = s.units_loop.best / warm
    rows.append(
        Row(
            f"{tag}.units_loop",
            "score/zone/grade of each unit (first read)",
            s.label,
            s.units_loop,
            f"{r:.2f}× kp.score (warm)",
            "≤ 2× kp.score",
            verdict(r <= 2),
            {"ratio_to_score_warm": r},
        )
    )
    slowest = max(s.first_access, key=lambda k: s.first_access[k])
    worst = s.first_access[slowest] * 1e6
    rows.append(
        Row(
            f"{tag}.first_access",
            "first read of a view field, slowest field",
            s.label,
            None,
            f"{worst:.1f} µs per view ({slowest})",
            "≤ 20 µs",
            verdict(worst <= 20),
            {"us_per_view": {k: v * 1e6 for k, v in s.first_access.items()}},
        )
    )
    r = s.to_json.best / warm
    rows.append(
        Row(
            f"{tag}.to_json",
            "result.to_json()",
            s.label,
            s.to_json,
            f"{r:.2f}× kp.score (warm)",
            "≤ 2× kp.score",
            verdict(r <= 2),
            {"ratio_to_score_warm": r, "json_chars": s.to_json.value},
        )
    )
    r = s.json_dumps.best / warm
    rows.append(
        Row(
            f"{tag}.json_dumps",
            "json.dumps of the same document (peer)",
            s.label,
            s.json_dumps,
            f"{r:.2f}× kp.score (warm); to_json {s.to_json.best / s.json_dumps.best:.2f}× it",
            "(info)",
            "",
            {"ratio_to_score_warm": r, "to_json_ratio": s.to_json.best / s.json_dumps.best},
        )
    )
    return rows


def growth_rows(base: Sizing, large: Sizing, k: int) -> list[Row]:
    floor_growth = large.floor.best / base.floor.best
    rows = [
        Row(
            "growth.floor",
            f"numpy floor, {k}× units",
            large.label,
            None,
            f"{floor_growth:.2f}× base",
            "(info)",
            numbers={"growth": floor_growth},
        )
    ]
    for name, b, lg in (
        ("warm", base.score_warm, large.score_warm),
        ("cold", base.score_cold, large.score_cold),
    ):
        g = lg.best / b.best
        rows.append(
            Row(
                f"growth.score_{name}",
                f"kp.score ({name}), {k}× units",
                large.label,
                None,
                f"{g:.2f}× base (floor: {floor_growth:.2f}×)",
                f"≤ {k + 1}×",
                verdict(g <= k + 1),
                {"growth": g, "floor_growth": floor_growth},
            )
        )
    g = large.build_fast.best / base.build_fast.best
    rows.append(
        Row(
            "growth.from_columns_fast",
            f"Round.from_columns (int), {k}× units",
            large.label,
            None,
            f"{g:.2f}× base",
            "(info)",
            numbers={"growth": g},
        )
    )
    return rows


def workbook_rows(base: Sizing, wb: Workbook, tag: str) -> list[Row]:
    warm = base.score_warm.best
    own, total = wb.prepare.best, wb.total.best
    r = own / warm
    return [
        Row(
            f"{tag}.xlsx_prepare",
            "results workbook, kepatuhan's part",
            base.label,
            wb.prepare,
            f"{r:.2f}× kp.score (warm)",
            "≤ 2× kp.score",
            verdict(r <= 2),
            {"ratio_to_score_warm": r, "rows": wb.prepare.value},
        ),
        Row(
            f"{tag}.xlsx",
            'export_result(format="xlsx"), whole',
            base.label,
            wb.total,
            f"{total / warm:.2f}× kp.score (warm); openpyxl {1 - own / total:.0%} of it",
            "(info)",
            numbers={"bytes": wb.total.value, "ratio_to_score_warm": total / warm},
        ),
    ]


def reference_rows(
    rubric: kp.Rubric, base: Sizing, units: int, repeats: int, tag: str
) -> tuple[list[Row], float | None]:
    """The reference scorer on the first ``units`` units, scaled linearly to the base size."""
    sub = base.cols.head(min(units, base.cols.n_units))
    sub_round = build_round(sub, rubric)
    scorer = reference_scorer(rubric, sub_round)
    if scorer is None:
        return [], None
    try:
        t = best_of_call(scorer.run, repeats)
    except Exception as exc:  # a half-written reference must not stop the report
        print(f"note: tests/reference_scorer.py failed ({exc!r}); row left out")
        return [], None
    scale_up = base.cols.n_units / sub.n_units
    estimate = t.best * scale_up
    r = estimate / base.score_warm.best
    res = kp.score(sub_round).columns
    theirs = scorer.unit_totals()
    worst = 0.0
    for unit, ours in zip(res.units, res.unit_raw.tolist(), strict=True):
        other = theirs.get(unit.code)
        worst = math.inf if other is None else max(worst, abs(ours - other))
    rows = [
        Row(
            f"{tag}.reference_measured",
            "reference scorer, measured",
            f"first {sub.n_units:,} units",
            t,
        ),
        Row(
            f"{tag}.reference_estimate",
            f"reference scorer, ×{scale_up:g} ESTIMATE",
            f"{base.cols.n_units:,} units (scaled linearly)",
            Timed(times=(estimate,), value=None),
            f"kp.score {r:,.1f}× (warm) faster",
            "(info)",
            numbers={"speedup_warm": r, "scale_up": scale_up},
        ),
    ]
    return rows, worst


def memory_row(large: Sizing, mem: Memory, tag: str) -> Row:
    mb = 1024 * 1024
    return Row(
        f"{tag}.memory",
        "peak traced memory, cold kp.score",
        large.label,
        None,
        f"{mem.peak / mb:,.1f} MiB = {mem.ratio:.2f}× the response arrays "
        f"({mem.inputs / mb:,.1f} MiB)",
        "≤ 3× inputs",
        verdict(mem.ratio <= 3),
        {"peak_bytes": mem.peak, "input_bytes": mem.inputs, "ratio": mem.ratio},
    )


# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark kp.score against the numpy floor, a pandas and a dict peer."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 200 entities / 1,000 units (×10: 10,000), fewer repeats",
    )
    parser.add_argument("--profile", action="store_true", help="also print cProfile hot spots")
    parser.add_argument("--seed", type=int, default=SEED, help=f"RNG seed (default {SEED})")
    parser.add_argument("--json", metavar="FILE", type=Path, help="write every figure as JSON")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    k = cfg.scale
    started = time.perf_counter()

    info = machine_info()
    print(f"kepatuhan scoring benchmark{' (--quick)' if args.quick else ''}")
    for key, value in info.items():
        print(f"  {key:<18} {value}")

    rubric = kp.get_rubric(RUBRIC_ID)
    compiled = rubric.compiled  # compiled once, cached on the rubric: outside every timing
    lv = leaves_of(rubric)  # rubric facts: outside every timing
    cols_large = make_columns(rubric, cfg.entities * k, seed=args.seed)
    cols = cols_large.head(cfg.entities * UNITS_PER_ENTITY)
    print(
        f"  round              {RUBRIC_ID}: {compiled.n_indicators} indicators, "
        f"{cols.n_rows // cols.n_units} answers per unit, values 0–3, seed {args.seed}"
    )
    print("  timing             best of repeats, gc off while timed\n")

    tags = (str(cols.n_units), str(cols_large.n_units))  # keys of the JSON figures
    base = measure(rubric, lv, cols, cfg.base)
    workbook = measure_workbook(base.round_, cfg.base.result)
    ref_rows, ref_diff = reference_rows(
        rubric, base, cfg.reference_units, cfg.reference_repeats, tags[0]
    )
    large = measure(rubric, lv, cols_large, cfg.large)
    memory = measure_memory(large.round_)

    rows = size_rows(base, tags[0]) + workbook_rows(base, workbook, tags[0]) + ref_rows
    rows += size_rows(large, tags[1]) + growth_rows(base, large, k)
    rows.append(memory_row(large, memory, tags[1]))
    print_table(rows)

    checks = [check_size(lv, base), check_size(lv, large)]
    print("\nchecks (not timed)")
    for c in checks:
        print_checks(c)
    if ref_diff is not None:
        print(
            f"  reference scorer vs kp.score (first {min(cfg.reference_units, cols.n_units):,} "
            f"units): max |Δ unrounded unit total| = {ref_diff:.1e}"
        )

    print("\nnotes")
    print(
        "  warm: kp.score(round_) on the same round object (the library may cache its checks "
        "per round);\n  cold: kp.score(round_.model_copy()), the copy made outside the timing"
    )
    print(
        "  to_frame, units loop, to_json and the workbook run on a freshly scored result; "
        "their ratios are to warm kp.score"
    )
    for name, rep in (("base", cfg.base), (f"×{k}", cfg.large)):
        print(
            f"  repeats at {name}: {rep.fast} (floor, kp.score, kp.validate), {rep.build} "
            f"(from_columns), {rep.pandas} (pandas), {rep.dict} (dict), {rep.result} (result)"
        )

    if args.profile:
        profile("Round.from_columns (int positions), base size", lambda: build_round(cols, rubric))
        profile("kp.score (cold), base size", lambda: kp.score(base.round_.model_copy()))
        profile(f"kp.score (cold), ×{k} size", lambda: kp.score(large.round_.model_copy()))

    wall = time.perf_counter() - started
    print(f"\ntotal benchmark wall time: {wall:.1f} s")
    if checks[0]["units_differing_floor_vs_kp"] > cols.n_units // 100:
        print("WARNING: kp.score and the numpy floor disagree; the floor ratios are meaningless")

    if args.json is not None:
        report = {
            "benchmark": "bench_score",
            "quick": bool(args.quick),
            "seed": args.seed,
            "rubric": RUBRIC_ID,
            "machine": info,
            "sizes": {
                tag: {"entities": s.cols.n_entities, "units": s.cols.n_units, "rows": s.cols.n_rows}
                for tag, s in zip(tags, (base, large), strict=True)
            },
            "repeats": {"base": vars(cfg.base), "large": vars(cfg.large)},
            "figures": [row.as_json() for row in rows],
            "checks": checks,
            "reference_max_abs_diff": ref_diff,
            "wall_time_s": wall,
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
