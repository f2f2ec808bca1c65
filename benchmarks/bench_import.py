"""Benchmark ``kepatuhan.io.read_round`` on a 100,000-answer workbook, CSV and JSON file.

Run from the project root::

    python benchmarks/bench_import.py            # 100,000 answers, best of 5
    python benchmarks/bench_import.py --quick    # 20,000 answers, best of 3

The files are generated in a temporary directory from the ``ombudsman-2024`` rubric (the
example rubric): units of the example round's shape, every indicator answered by as many
respondents as the rubric says, seeded values on the 0–3 scale. Each figure is the best of
N runs (``time.perf_counter``, garbage collector off while timing) measured in the same run
as its floor:

* xlsx: ``read_round`` against openpyxl's own read-only iteration of the same sheets
  (``iter_rows(values_only=True)``, nothing else) — the least any openpyxl-based reader
  pays (``read_round`` streams the XML itself since the hardening, so it is a peer, not a
  floor ``read_round`` cannot beat);
* CSV: ``read_round`` against the csv module's plain reading of the same file;
* JSON: ``read_round`` against ``Round.model_validate_json`` of the same bytes.

Reading includes every check: cells, codes, references, and the rubric checks of
``kp.score``. The exit code is 0: this is a report, not a test (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import csv
import gc
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl

import kepatuhan as kp
from kepatuhan import io as kio
from kepatuhan.io.layout import role_blocks

RUBRIC_ID = "ombudsman-2024"
SEED = 20261124
UNITS_PER_ENTITY = 5
SHEETS = ("_meta", "Penilaian", "Instansi", "Unit", "Jawaban")


def build_round(answers: int, seed: int = SEED) -> kp.Round:
    """A synthetic round of about ``answers`` answers (whole units), seeded."""
    rubric = kp.get_rubric(RUBRIC_ID)
    indicators = rubric.indicators()
    per_unit = sum(i.respondents or 1 for i in indicators)
    n_units = max(1, round(answers / per_unit))
    rng = np.random.default_rng(seed)
    entities = [
        kp.Entity(code=f"e{j:04d}", name=f"Pemerintah Daerah {j}", kind="pemkab")
        for j in range((n_units + UNITS_PER_ENTITY - 1) // UNITS_PER_ENTITY)
    ]
    units = [
        kp.ServiceUnit(
            code=f"u{k:05d}",
            name=f"Unit Layanan {k}",
            entity=entities[k // UNITS_PER_ENTITY].code,
            unit_type="opd",
        )
        for k in range(n_units)
    ]
    unit_col: list[str] = []
    ind_col: list[str] = []
    resp_col: list[str] = []
    role_col: list[str] = []
    for u in units:
        for ind in indicators:
            for r in range(ind.respondents or 1):
                unit_col.append(u.code)
                ind_col.append(ind.id)
                resp_col.append(f"{ind.role.value}-{r + 1}")
                role_col.append(ind.role.value)
    values = rng.integers(0, 4, size=len(unit_col)).astype(np.float64)
    return kp.Round.from_columns(
        rubric=RUBRIC_ID,
        title="Benchmark (data sintetis)",
        synthetic=True,
        entities=entities,
        units=units,
        unit=unit_col,
        indicator=ind_col,
        respondent=resp_col,
        role=role_col,
        value=values,
    )


def write_workbook(round_: kp.Round, path: Path) -> None:
    """The round in the template layout (write-only openpyxl: fast, same sheets)."""
    rubric = kp.get_rubric(round_.rubric)
    columns = [i.id for _, block in role_blocks(rubric) for i in block]
    position = {ident: 4 + k for k, ident in enumerate(columns)}
    wb = openpyxl.Workbook(write_only=True)
    meta = wb.create_sheet("_meta")
    for pair in (("format", "kepatuhan-template"), ("rubric", rubric.id)):
        meta.append(list(pair))
    info = wb.create_sheet("Penilaian")
    info.append(["Isian", "Nilai"])
    info.append(["Judul Penilaian", round_.title])
    info.append(["Data Sintetis", "ya"])
    entities = wb.create_sheet("Instansi")
    entities.append(["Kode Instansi", "Nama Instansi", "Jenis Instansi", "Provinsi"])
    for e in round_.entities:
        entities.append([e.code, e.name, e.kind.value, e.province])
    units = wb.create_sheet("Unit")
    units.append(["Kode Unit", "Nama Unit", "Kode Instansi", "Jenis Unit", "Sektor"])
    for u in round_.units:
        units.append([u.code, u.name, u.entity, u.unit_type.value, u.sector])
    answers = wb.create_sheet("Jawaban")
    answers.append([])
    answers.append(["Kode Unit", "Peran", "Responden", "Bukti", *columns])
    answers.append([])
    rows: dict[tuple[str, str | None, str | None], list[object]] = {}
    width = 4 + len(columns)
    for r in round_.responses:
        key = (r.unit, r.role.value if r.role else None, r.respondent)
        row = rows.setdefault(key, [key[0], key[1], key[2], *([None] * (width - 3))])
        row[position[r.indicator]] = int(r.value) if r.value is not None else r.status.value
    for row in rows.values():
        answers.append(row)
    wb.save(path)


def write_csv(round_: kp.Round, path: Path) -> None:
    entities = {e.code: e for e in round_.entities}
    units = {u.code: u for u in round_.units}
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["kode_instansi", "nama_instansi", "jenis_instansi", "kode_unit",
                         "nama_unit", "jenis_unit", "indikator", "responden", "peran",
                         "nilai"])  # fmt: skip
        for r in round_.responses:
            u = units[r.unit]
            e = entities[u.entity]
            value = "" if r.value is None else str(int(r.value))
            writer.writerow([e.code, e.name, e.kind.value, u.code, u.name, u.unit_type.value,
                             r.indicator, r.respondent, r.role.value if r.role else "",
                             value])  # fmt: skip


# Floors --------------------------------------------------------------------------------------


def openpyxl_floor(path: Path) -> int:
    """openpyxl's own read-only iteration of the sheets read_round reads; cells seen."""
    cells = 0
    with path.open("rb") as handle:
        wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        for name in SHEETS:
            for row in wb[name].iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def csv_floor(path: Path) -> int:
    """The csv module's plain reading of the file; rows seen."""
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f))


# Timing --------------------------------------------------------------------------------------


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def peak_memory(fn: Callable[[], object]) -> int:
    """Peak Python allocation (tracemalloc) while ``fn`` runs, in bytes; not timed."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="20,000 answers, best of 3")
    parser.add_argument("--answers", type=int, default=None, help="answers in the round")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (best of)")
    args, ignored = parser.parse_known_args(argv)  # nox passes bench_score's options too
    if ignored:
        print(f"(ignoring options meant for bench_score.py: {' '.join(ignored)})")
    answers = args.answers or (20_000 if args.quick else 100_000)
    repeat = args.repeat or (3 if args.quick else 5)

    round_ = build_round(answers)
    n = len(round_.responses)
    print(f"kepatuhan {kp.__version__}, openpyxl {openpyxl.__version__}, numpy {np.__version__}")
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    print(f"round: {len(round_.units):,} units, {n:,} answers ({RUBRIC_ID}); best of {repeat}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="kepatuhan-bench-") as tmp:
        xlsx, csv_path, json_path = Path(tmp, "r.xlsx"), Path(tmp, "r.csv"), Path(tmp, "r.json")
        write_workbook(round_, xlsx)
        write_csv(round_, csv_path)
        json_path.write_text(round_.model_dump_json(), encoding="utf-8")
        for path in (xlsx, csv_path):  # the files read back as the round written
            got = kio.read_round(path, rubric=RUBRIC_ID)
            assert len(got.responses) == n, (path.suffix, len(got.responses))
            assert list(kp.score(got).units) == list(kp.score(round_).units), path.suffix
        data = json_path.read_bytes()
        cases = [
            ("xlsx", xlsx, "openpyxl read-only iteration", lambda: openpyxl_floor(xlsx)),
            ("csv", csv_path, "csv.reader", lambda: csv_floor(csv_path)),
            (
                "json",
                json_path,
                "Round.model_validate_json",
                lambda: kp.Round.model_validate_json(data),
            ),
        ]
        for kind, path, floor_name, floor in cases:
            size = path.stat().st_size
            t_read = best_of(repeat, lambda p=path: kio.read_round(p, rubric=RUBRIC_ID))  # type: ignore[misc]
            t_floor = best_of(repeat, floor)
            rows.append((kind, size, t_read, floor_name, t_floor))
        memory = peak_memory(lambda: kio.read_round(xlsx, rubric=RUBRIC_ID))

    print()
    print(f"{'file':<5} {'size':>9} {'read_round':>11} {'answers/s':>11}  {'floor':<30} "
          f"{'floor time':>10} {'ratio':>6}")  # fmt: skip
    for kind, size, t_read, floor_name, t_floor in rows:
        print(f"{kind:<5} {size / 1e6:>7.2f}MB {t_read * 1e3:>9.1f}ms {n / t_read:>11,.0f}  "
              f"{floor_name:<30} {t_floor * 1e3:>8.1f}ms {t_read / t_floor:>5.2f}×")  # fmt: skip
    print()
    print(f"peak Python memory while reading the workbook (tracemalloc): {memory / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
