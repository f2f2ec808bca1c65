"""Developer sessions: ``nox -s tests lint typecheck docs benchmarks``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "docs"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (hypothesis profile ``ci`` when CI=true)."""
    session.install("-e", ".[test]", "-e", "./plugins/kepatuhan-rubrik-2026")
    session.run("pytest", *session.posargs)
    session.run("pytest", "plugins/kepatuhan-rubrik-2026")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting-independent checks."""
    session.install("ruff>=0.5")
    session.run("ruff", "check", "src", "tests", "benchmarks", "tools", "plugins", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the library, its tests and benchmarks."""
    session.install(
        "-e",
        ".[test]",
        "-e",
        "./plugins/kepatuhan-rubrik-2026",
        "mypy>=1.10",
        "types-openpyxl",
        "pandas-stubs",  # the tables, their tests and the pandas peer of the benchmark
        "nox",
    )
    session.run("mypy", "--strict")


@nox.session
def docs(session: nox.Session) -> None:
    """Run every Python example in README.md and docs/ as a doctest."""
    session.install("-e", ".[test]")
    session.run(
        "pytest",
        "--doctest-glob=*.md",
        "-p",
        "no:cacheprovider",
        "README.md",
        "docs",
        "-o",
        "testpaths=",
        "-o",
        "addopts=",
    )


@nox.session
def benchmarks(session: nox.Session) -> None:
    """Benchmark scoring and file import against their baselines (ratios, same run)."""
    session.install("-e", ".[test]")  # the test extra brings pandas, the scoring peer
    session.run("python", "benchmarks/bench_score.py", *session.posargs)
    session.run("python", "benchmarks/bench_import.py", *session.posargs)
    session.run("python", "benchmarks/bench_plan.py", *session.posargs)
    session.run("python", "benchmarks/bench_draws.py", *session.posargs)
