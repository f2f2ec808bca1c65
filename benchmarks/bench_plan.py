"""Time ``kp.plan`` on the bundled example: the cheapest path to hijau for its 7-unit entity
(``ombudsman-2024``), and for each of its units. A report, not a test: it always exits 0.

    python benchmarks/bench_plan.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

from kepatuhan.example import example_round
from kepatuhan.planning import Plan, plan

TARGET_SECONDS = 1.0  # the target for a 7-unit entity


def _best(run: Callable[[], Plan], repeat: int) -> tuple[float, Plan]:
    times = []
    found = run()
    for _ in range(repeat):
        start = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - start)
    return min(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args, _ = parser.parse_known_args()  # nox passes the other benchmarks' options too
    round_ = example_round()
    seconds, found = _best(lambda: plan(round_, target="hijau"), args.repeat)
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


if __name__ == "__main__":
    main()
