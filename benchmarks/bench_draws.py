"""Time the draw analyses against a bare-numpy floor timed in the same run (issue 13).

The round is ``bench_score.py``'s national one (600 entities × 5 units = 3,000 units,
``ombudsman-2023``, every respondent answering). A report, not a test: it always exits 0.

    python benchmarks/bench_draws.py                  # 10,000 draws, both analyses
    python benchmarks/bench_draws.py --draws 2000     # fewer draws
    python benchmarks/bench_draws.py --quick          # smoke: 100 entities, 500 draws

**Weight sensitivity** (``kp.sensitivity``, top-level weights, Sobol on): the floor scores
the *same* weight vectors (``draws × (4 + 2)``) in bare numpy — shares, one matmul per chunk
of the weights with the units' top-level scores, half-up rounding to 2 decimals, banding by
``searchsorted``, and the entity means by ``reduceat`` — and nothing else (no ranks, no
histograms, no Sobol).

**Sampling uncertainty** (``kp.uncertainty``), against two floors. The scoring floor takes
the resampled cell means the library drew (the same draws) and scores them in bare numpy:
the batched product of the cell means with their weights (a segmented sum per unit),
rounding, banding and entity means; drawing is not in it. The bootstrap floor starts, as
the scoring floor of ``bench_score.py`` does, from the raw answers: it resamples each
cell's respondents with ``rng.integers`` and takes their mean, then scores as the other.

Reported: seconds of each (best of ``--repeat``), the ratio to its floor (target ≤ 5×), the
growth when the draws double and when the units double (linear: ≈ 2×), and the peak memory
of the library call (``tracemalloc``; target ≤ 1 GB at the default chunk). For sampling
uncertainty also the drawing alone, in CPU nanoseconds per cell-draw (a micro-benchmark of
the sampler: 1,024 draws of the resampled means in chunks of 256).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

import kepatuhan as kp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import RUBRIC_ID, build_round, make_columns  # the sibling script

FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")
TARGET_RATIO = 5.0
TARGET_PEAK = 1 << 30
CHUNK = 1024


def best(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The best of ``repeat`` timed runs (at least one), after one untimed warm-up run."""
    times, out = [], run()
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - start)
    return min(times), out


def peak_of(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def national(n_entities: int) -> kp.Round:
    rubric = kp.get_rubric(RUBRIC_ID)
    return build_round(make_columns(rubric, n_entities), rubric)


# Weight sensitivity -------------------------------------------------------------------------


def sensitivity_floor(round_: kp.Round, weights: FloatArray) -> None:
    """The same weight vectors scored in bare numpy (see the module docstring)."""
    c = kp.score(round_).columns
    top = c.node_score[:, c.top]  # units × top-level nodes, complete round: no NaN
    lowers = np.array([int(b.lower.scaleb(2)) for b in c.bands], dtype=np.int64)
    order = np.argsort(c.unit_entity, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(c.unit_entity[order]) != 0])
    sizes = np.diff(np.r_[starts, order.size])
    for k in range(0, weights.shape[0], CHUNK):
        w = weights[k : k + CHUNK]
        scores = (w / w.sum(axis=1, keepdims=True)) @ top.T
        scaled = np.floor(scores * 100 + 0.5).astype(np.int64)
        np.searchsorted(lowers, scaled, side="right")
        entity = np.add.reduceat(scaled[:, order], starts, axis=1) / sizes
        np.floor(entity + 0.5)


def bench_sensitivity(
    round_: kp.Round, draws: int, repeat: int, *, full: bool = True
) -> tuple[float, float, int]:
    """Seconds of the library, of the floor and the library's peak memory (``full``), or
    the library's seconds alone."""
    run = lambda: kp.sensitivity(round_, draws=draws, seed=0, bootstrap=0)  # noqa: E731
    seconds, result = best(run, repeat)
    if not full:
        return seconds, 0.0, 0
    weights = np.array(result.weights)
    floor, _ = best(lambda: sensitivity_floor(round_, weights), repeat)
    return seconds, floor, peak_of(run)


# Sampling uncertainty ----------------------------------------------------------------------


def uncertainty_floor(round_: kp.Round, draws: int) -> float:
    """Seconds of the bare-numpy floor on the library's own draws, chunk by chunk: drawing
    them (``drawn_means``) is not timed; scoring them is — the segmented product of the cell
    means with their weights (one multiply and one sum per unit: the batched matmul of a
    block-diagonal matrix), half-up rounding, banding and the entity means."""
    from kepatuhan.sampling_uncertainty import drawn_means

    c = kp.score(round_).columns
    lowers = np.array([int(b.lower.scaleb(2)) for b in c.bands], dtype=np.int64)
    first = drawn_means(round_, 1)
    starts = np.flatnonzero(np.r_[True, np.diff(first.cell_unit) != 0])
    fixed = c.unit_raw.copy()
    order = np.argsort(c.unit_entity, kind="stable")
    ent_starts = np.flatnonzero(np.r_[True, np.diff(c.unit_entity[order]) != 0])
    sizes = np.diff(np.r_[ent_starts, order.size])
    spent = 0.0
    for k in range(0, draws, CHUNK):
        drawn = drawn_means(round_, min(CHUNK, draws - k), first=k)
        start = time.perf_counter()
        totals = np.add.reduceat(drawn.means * drawn.weight, starts, axis=1) + drawn.offset
        scores = np.broadcast_to(fixed, (totals.shape[0], fixed.size)).copy()
        scores[:, drawn.units] = totals
        scaled = np.floor(scores * 100 + 0.5).astype(np.int64)
        np.searchsorted(lowers, scaled, side="right")
        entity = np.add.reduceat(scaled[:, order], ent_starts, axis=1) / sizes
        np.floor(entity + 0.5)
        spent += time.perf_counter() - start
    return spent


def bootstrap_floor(round_: kp.Round, draws: int) -> float:
    """Seconds of the least numpy work that makes the same kind of draws from the raw answers
    and scores them, as the scoring floor starts from the raw answers: per resampled cell
    and draw, ``n`` respondents drawn with replacement (``rng.integers``) and their answers'
    mean; then the segmented product, rounding, banding and entity means as above. Cells are
    those the library resamples (their weights from ``drawn_means``), grouped by ``n``."""
    from kepatuhan.sampling_uncertainty import drawn_means

    c = kp.score(round_).columns
    plan = drawn_means(round_, 1)
    table = round_.responses
    answered = table.status == 0
    ind_of = np.array([c.indicator_ids.index(i) for i in table.indicator_codes])
    key = table.unit[answered] * len(c.indicator_ids) + ind_of[table.indicator[answered]]
    values = table.value[answered]
    order = np.argsort(key, kind="stable")
    key, values = key[order], values[order]
    cells = plan.cell_unit * len(c.indicator_ids) + plan.cell_indicator
    lo = np.searchsorted(key, cells, side="left")
    n = np.searchsorted(key, cells, side="right") - lo
    groups = [(m, np.flatnonzero(n == m)) for m in np.unique(n)]
    answers = {m: values[lo[g][:, None] + np.arange(m)] for m, g in groups}
    lowers = np.array([int(b.lower.scaleb(2)) for b in c.bands], dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, np.diff(plan.cell_unit) != 0])
    fixed = c.unit_raw.copy()
    order_e = np.argsort(c.unit_entity, kind="stable")
    ent_starts = np.flatnonzero(np.r_[True, np.diff(c.unit_entity[order_e]) != 0])
    sizes = np.diff(np.r_[ent_starts, order_e.size])
    rng = np.random.default_rng(0)
    chunk = 64  # the index arrays are draws × cells × n
    start = time.perf_counter()
    for k in range(0, draws, chunk):
        d = min(chunk, draws - k)
        means = np.empty((d, cells.size))
        for m, g in groups:
            pick = rng.integers(0, m, size=(d, g.size, m), dtype=np.int8)
            means[:, g] = np.take_along_axis(answers[m][None], pick, axis=2).mean(axis=2)
        totals = np.add.reduceat(means * plan.weight, starts, axis=1) + plan.offset
        scores = np.broadcast_to(fixed, (d, fixed.size)).copy()
        scores[:, plan.units] = totals
        scaled = np.floor(scores * 100 + 0.5).astype(np.int64)
        np.searchsorted(lowers, scaled, side="right")
        entity = np.add.reduceat(scaled[:, order_e], ent_starts, axis=1) / sizes
        np.floor(entity + 0.5)
    return time.perf_counter() - start


def bench_uncertainty(
    round_: kp.Round, draws: int, repeat: int, *, full: bool = True
) -> tuple[float, float, int]:
    """Seconds of the library, of the floor and the library's peak memory (``full``), or
    the library's seconds alone."""
    run = lambda: kp.uncertainty(round_, draws=draws, seed=0)  # noqa: E731
    seconds, _ = best(run, repeat)
    if not full:
        return seconds, 0.0, 0
    floor = min(uncertainty_floor(round_, draws) for _ in range(max(1, repeat)))
    return seconds, floor, peak_of(run)


def bench_bootstrap_floor(round_: kp.Round, draws: int, repeat: int) -> float:
    return min(bootstrap_floor(round_, draws) for _ in range(max(1, repeat)))


def sampler_ns(round_: kp.Round, draws: int = 1024, chunk: int = 256) -> tuple[float, int]:
    """The drawing alone, as a micro-benchmark: nanoseconds of CPU time (``process_time``:
    less sensitive to other work on the machine) per cell-draw of the library's draws of
    the resampled cell means (``drawn_means`` without building the plan), best of three;
    and the number of resampled cells."""
    from kepatuhan.sampling_uncertainty import _Plan

    plan = _Plan(round_, None)
    cells = plan.k.size
    times = []
    for _ in range(3):
        start = time.process_time()
        for first in range(0, draws, chunk):
            plan.means(first, min(chunk, draws - first), 0, "bootstrap", 0.0)
        times.append(time.process_time() - start)
    return min(times) / draws / max(cells, 1) * 1e9, cells


# Report ---------------------------------------------------------------------------------------


def line(name: str, seconds: float, floor: float) -> str:
    ratio = seconds / floor
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    return f"{name:<46} {seconds:8.2f} s  floor {floor:7.2f} s  ratio {ratio:5.1f}×  {verdict}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.draws, args.entities = 500, 100
    round_ = national(args.entities)
    half = national(args.entities // 2)
    print(
        f"round: {len(round_.entities)} entities, {len(round_.units)} units, "
        f"{len(round_.responses)} answers ({RUBRIC_ID}); numpy {np.__version__}"
    )
    s, f, peak = bench_sensitivity(round_, args.draws, args.repeat)
    print(line(f"sensitivity, {args.draws} draws (× 6 weightings)", s, f))
    print(f"{'':<46} peak memory {peak / 2**20:7.1f} MiB "
          f"({'PASS' if peak <= TARGET_PEAK else 'MISS'} ≤ 1 GiB)")  # fmt: skip
    s_half_draws, _, _ = bench_sensitivity(round_, args.draws // 2, args.repeat, full=False)
    s_half_units, _, _ = bench_sensitivity(half, args.draws, args.repeat, full=False)
    print(f"{'':<46} growth: draws ×2 → {s / s_half_draws:4.2f}×, "
          f"units ×2 → {s / s_half_units:4.2f}× (linear: 2)")  # fmt: skip
    u, f, peak = bench_uncertainty(round_, args.draws, args.repeat)
    print(line(f"uncertainty, {args.draws} draws", u, f))
    fb = bench_bootstrap_floor(round_, args.draws, args.repeat)
    print(line("  … against the bare-numpy bootstrap floor", u, fb))
    print(f"{'':<46} peak memory {peak / 2**20:7.1f} MiB "
          f"({'PASS' if peak <= TARGET_PEAK else 'MISS'} ≤ 1 GiB)")  # fmt: skip
    u_half_draws, _, _ = bench_uncertainty(round_, args.draws // 2, args.repeat, full=False)
    u_half_units, _, _ = bench_uncertainty(half, args.draws, args.repeat, full=False)
    print(f"{'':<46} growth: draws ×2 → {u / u_half_draws:4.2f}×, "
          f"units ×2 → {u / u_half_units:4.2f}× (linear: 2)")  # fmt: skip
    ns, cells = sampler_ns(round_)
    print(f"{'':<46} drawing alone: {ns:5.1f} ns per cell-draw "
          f"(CPU; {cells} cells, 1,024 draws)")  # fmt: skip


if __name__ == "__main__":
    main()
