"""Time ``Round.from_frame`` on a 702,000-answer long categorical pandas frame.

Run from the project root::

    python benchmarks/bench_from_frame.py

The round is the synthetic national round of ``bench_score.py`` (600 entities, 3,000 units,
702,000 answers to the ``ombudsman-2023`` indicators). The same answers are timed three ways,
each the median of 5 runs (``time.perf_counter``, garbage collector off while timing):

* ``Round.from_frame`` on a pandas frame whose unit, indicator, respondent and role columns
  are ``Categorical`` and whose value column is float64 (entities and units as frames too);
* ``Round.from_columns`` with integer unit, indicator and respondent positions (the fastest
  form it takes) and role strings, as ``bench_score.py`` builds it;
* that, followed by ``kp.validate`` — ``from_frame`` also runs the rubric's checks, so that
  its problems can be located in the frame.

It prints the figures and exits 0: a report, not a test.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

import kepatuhan as kp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import (  # the sibling script, found through sys.path
    RESPONDENT_CODES,
    RUBRIC_ID,
    build_round,
    make_columns,
)

N_ENTITIES = 600
REPEATS = 5


def median_time(call: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median seconds of ``repeats`` calls, garbage collector off while timing."""
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times)


def categorical(codes: npt.NDArray[np.int64], categories: Sequence[str]) -> Any:
    """A pandas Categorical from integer codes (no strings per row)."""
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(list(categories)))


def main() -> int:
    rubric = kp.get_rubric(RUBRIC_ID)
    cols = make_columns(rubric, N_ENTITIES)
    ids = rubric.indicator_ids()
    roles = sorted({ind.role.value for ind in rubric.indicators()})
    role_of = np.array([roles.index(i.role.value) for i in rubric.indicators()], dtype=np.int64)
    unit_codes = [u["code"] for u in cols.units]
    frame = pd.DataFrame(
        {
            "unit": categorical(cols.unit, unit_codes),
            "indicator": categorical(cols.indicator, ids),
            "respondent": categorical(cols.respondent, RESPONDENT_CODES),
            "role": categorical(role_of[cols.indicator], roles),
            "value": cols.value,
        }
    )
    entities = pd.DataFrame(cols.entities)
    units = pd.DataFrame(cols.units)

    def from_frame() -> kp.Round:
        return kp.Round.from_frame(
            frame,
            rubric=rubric,
            entities=entities,
            units=units,
            synthetic=True,
            title="benchmark round (synthetic)",
        )

    def from_columns_and_validate() -> None:
        kp.validate(build_round(cols, rubric), rubric)

    assert from_frame() == build_round(cols, rubric)  # the same round, once, not timed
    figures = {
        "Round.from_frame (categorical pandas)": median_time(from_frame),
        "Round.from_columns (integer positions)": median_time(lambda: build_round(cols, rubric)),
        "Round.from_columns + kp.validate": median_time(from_columns_and_validate),
    }
    print(f"{cols.n_rows:,} answers, {cols.n_units:,} units; median of {REPEATS} runs")
    for name, seconds in figures.items():
        print(f"  {name:<42} {seconds * 1000:9.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
