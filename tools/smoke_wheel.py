"""Smoke test of an installed kepatuhan (the built wheel with every extra, in a fresh venv).

Run with the venv's Python from a directory outside the source tree, so that only the
installed package is found: ``python smoke_wheel.py EXPECTED_VERSION``. Prints one line per
check and exits non-zero on the first failure.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def _check(name: str, run: Callable[[], object]) -> None:
    run()
    print(f"ok  {name}")


def main(expected_version: str) -> None:
    import kepatuhan as kp

    here = Path(kp.__file__).resolve()
    if "site-packages" not in here.parts:
        raise SystemExit(f"kepatuhan imported from {here}, not from an installed wheel")

    def version() -> None:
        assert kp.__version__ == expected_version, (kp.__version__, expected_version)

    def rubrics() -> None:
        ids = {r.id for r in kp.list_rubrics()}
        years = {f"ombudsman-{y}" for y in (*range(2015, 2020), *range(2021, 2026))}
        assert years | {"skm-2017", "pekppp-2022"} <= ids, sorted(ids)

    result = kp.score(kp.example_round())

    def score() -> None:
        entity = result.entities[0]
        assert (str(entity.score), entity.grade) == ("74.10", "C"), (entity.score, entity.grade)
        assert kp.get_crosswalk("ombudsman-2023", "ombudsman-2024") is not None

    def cli() -> None:
        out = subprocess.run(
            [sys.executable, "-m", "kepatuhan", "score", "--example"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Pagar Alam" in out, out

    def excel() -> None:
        from kepatuhan.io import read_round, write_round, write_template

        assert write_template("ombudsman-2024")[:2] == b"PK"
        buffer = io.BytesIO()
        write_round(kp.example_round(), buffer, format="xlsx")
        again = read_round(io.BytesIO(buffer.getvalue()), format="xlsx")
        assert kp.score(again).entities[0].score == result.entities[0].score

    def frames() -> None:
        for backend in ("pandas", "polars", "pyarrow"):
            assert len(result.to_frame("units", backend=backend)) == len(result.units)

    def plan() -> None:
        p = kp.plan(kp.example_round(), target="hijau")
        assert p.reachable, p
        assert p.changes, p

    def rapor() -> None:
        html = kp.rapor(result, lang="id", format="html")
        assert b"Pagar Alam" in html
        assert kp.rapor(result, format="pdf")[:5] == b"%PDF-"

    def serve() -> None:
        import uvicorn  # noqa: F401 - the server the extra brings

        from kepatuhan.web import create_app

        paths = set(create_app().openapi()["paths"])
        assert {"/api/score", "/api/import", "/api/rapor", "/api/plan"} <= paths, sorted(paths)

    for name, run in [
        ("version", version),
        ("rubrics", rubrics),
        ("score the example", score),
        ("extra cli", cli),
        ("extra excel", excel),
        ("extra frames", frames),
        ("extra plan", plan),
        ("extra rapor", rapor),
        ("extra serve", serve),
    ]:
        _check(name, run)


if __name__ == "__main__":
    main(sys.argv[1])
