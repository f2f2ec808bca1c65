"""Time ``kp.plan``: the cheapest path to hijau for the bundled example's 7-unit entity
(``ombudsman-2024``) and each of its units, then the national batch: a plan to hijau for
every entity of the synthetic national round of ``bench_score.py`` (600 entities × 5 units,
``ombudsman-2023``). A report, not a test: it always exits 0.

    python benchmarks/bench_plan.py [--repeat N]                # example, then 600 entities
    python benchmarks/bench_plan.py --quick                     # smoke: a 20-entity round
    python benchmarks/bench_plan.py --entities 600 --limit 50   # the first 50 entities only
    python benchmarks/bench_plan.py --skip-national             # the example only

Each national plan is ``kp.plan(round_, target="hijau", entity=code)`` on the whole round,
as a user calls it, timed alone. With ``--timeout S`` (default 10; 0 runs in this process
with no limit) each plan runs in a forked child and one still running after S seconds is
stopped and counted as timed out, so that a hard programme cannot hold the batch: the
report says how many. Reported: entities planned, reached / already there / unreachable /
timed out, the total seconds (the sum of the plans, and the wall clock of the batch), and
the median and the maximum per entity (with the slowest entity's code).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

import kepatuhan as kp
from kepatuhan.example import example_round
from kepatuhan.planning import Plan, plan

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import RUBRIC_ID, build_round, make_columns  # the sibling script

TARGET_SECONDS = 1.0  # the target for a 7-unit entity
NATIONAL_ENTITIES = 600  # as bench_score.py's national round
QUICK_ENTITIES = 20


def _best(run: Callable[[], Plan], repeat: int) -> tuple[float, Plan]:
    times = []
    found = run()
    for _ in range(repeat):
        start = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - start)
    return min(times), found


def example(repeat: int) -> None:
    """The example's entity (best of ``repeat``) and each of its units."""
    round_ = example_round()
    seconds, found = _best(lambda: plan(round_, target="hijau"), repeat)
    verdict = "PASS" if seconds <= TARGET_SECONDS else "MISS"
    print(f"plan, entity {found.code} ({len(round_.units)} units, {round_.rubric}) → hijau:")
    print(
        f"  {seconds * 1000:8.1f} ms  (target ≤ {TARGET_SECONDS * 1000:.0f} ms: {verdict}); "
        f"{len(found.steps)} changes, cost {found.total_cost:g}, {found.before} → {found.after}"
    )
    for unit in round_.units:
        seconds, found = _best(partial(plan, round_, target="hijau", unit=unit.code), 1)
        shown = f"{found.before} → {found.after}" if found.reachable else "unreachable"
        print(
            f"  unit {unit.code:<16} {seconds * 1000:8.1f} ms  "
            f"{len(found.steps):3d} changes, {shown}"
        )


# The national batch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One entity's plan: its seconds (None when stopped) and what it found."""

    entity: str
    seconds: float | None
    plan: Plan | None


def _plan_once(round_: kp.Round, code: str) -> tuple[float, Plan]:
    start = time.perf_counter()
    found = plan(round_, target="hijau", entity=code)
    return time.perf_counter() - start, found


def _child(round_: kp.Round, code: str, conn: Connection) -> None:
    """In the forked child: plan, send (seconds, plan JSON). HiGHS's own chatter on stdout
    is sent to /dev/null so that it does not mix with the report."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    seconds, found = _plan_once(round_, code)
    conn.send((seconds, found.model_dump_json()))
    conn.close()


def _plan_capped(round_: kp.Round, code: str, timeout: float) -> Outcome:
    """The plan in a forked child (the round is inherited, not copied), stopped after
    ``timeout`` seconds."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(round_, code, send), daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(timeout):
            seconds, data = receive.recv()
            child.join()
            return Outcome(code, seconds, Plan.model_validate_json(data))
    except EOFError:  # the child died (its error is on stderr)
        child.join()
        return Outcome(code, None, None)
    child.terminate()
    child.join()
    return Outcome(code, None, None)


def national(n_entities: int, limit: int | None, timeout: float) -> None:
    """A plan to hijau for each entity (the first ``limit``) of the national round."""
    rubric = kp.get_rubric(RUBRIC_ID)
    round_ = build_round(make_columns(rubric, n_entities), rubric)
    codes = [e.code for e in round_.entities][:limit]
    print(
        f"\nnational batch: plan → hijau for {len(codes)} of {len(round_.entities)} entities "
        f"({len(round_.units)} units, {len(round_.responses):,} answers, {RUBRIC_ID}; "
        f"{'no time limit' if timeout <= 0 else f'{timeout:g} s per plan at most'})"
    )
    kp.score(round_)  # the round's first scoring and SciPy's import are not a plan's time
    import scipy.optimize  # noqa: F401

    outcomes: list[Outcome] = []
    wall = time.perf_counter()
    for code in codes:
        if timeout <= 0:
            seconds, found = _plan_once(round_, code)
            outcomes.append(Outcome(code, seconds, found))
        else:
            outcomes.append(_plan_capped(round_, code, timeout))
    wall = time.perf_counter() - wall
    _report(outcomes, wall, timeout)


def _report(outcomes: list[Outcome], wall: float, timeout: float) -> None:
    done = [o for o in outcomes if o.seconds is not None and o.plan is not None]
    stopped = len(outcomes) - len(done)
    reached = sum(1 for o in done if o.plan is not None and o.plan.reachable and o.plan.steps)
    already = sum(1 for o in done if o.plan is not None and o.plan.reachable and not o.plan.steps)
    unreachable = sum(1 for o in done if o.plan is not None and not o.plan.reachable)
    print(
        f"  entities planned {len(done)} of {len(outcomes)}: {reached} reach hijau, "
        f"{already} already there, {unreachable} unreachable, "
        f"{stopped} stopped after {timeout:g} s or failed"
    )
    if not done:
        return
    times = [o.seconds for o in done if o.seconds is not None]
    slowest = max(done, key=lambda o: o.seconds or 0.0)
    steps = [len(o.plan.steps) for o in done if o.plan is not None]
    print(f"  total {sum(times):8.2f} s of planning ({wall:.2f} s wall clock, forks included)")
    print(
        f"  per entity: median {statistics.median(times) * 1000:8.1f} ms, "
        f"max {max(times) * 1000:8.1f} ms ({slowest.entity}); "
        f"changes per plan: median {statistics.median(steps):g}, max {max(steps)}"
    )
    if stopped:
        names = ", ".join(o.entity for o in outcomes if o.seconds is None)
        print(f"  stopped: {names}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="a 20-entity national round")
    parser.add_argument("--entities", type=int, default=None, help="entities in the round")
    parser.add_argument("--limit", type=int, default=None, help="plan the first N entities")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per plan (0: none)")
    parser.add_argument("--skip-national", action="store_true", help="the example only")
    args, _ = parser.parse_known_args()  # nox passes the other benchmarks' options too
    example(args.repeat)
    if not args.skip_national:
        size = args.entities or (QUICK_ENTITIES if args.quick else NATIONAL_ENTITIES)
        national(size, args.limit, args.timeout)


if __name__ == "__main__":
    main()
