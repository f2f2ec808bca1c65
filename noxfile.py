"""Developer sessions: ``nox -s tests lint typecheck docs benchmarks``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "docs"]
nox.options.reuse_existing_virtualenvs = True
NO_MKDOCS_NOTICE = {"NO_MKDOCS_2_WARNING": "1"}  # mkdocs-material's end-of-life banner


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
    """Run every Python example in README.md and docs/ as a doctest, then build the docs site
    strictly: a broken link or anchor, a page left out of the nav, a docstring mkdocstrings
    cannot render fails it (mkdocs.yml; the API and rubric references are generated)."""
    session.install("-e", ".[test,docs]")
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
    site = f"{session.create_tmp()}/site"
    session.run("python", "-m", "mkdocs", "build", "--strict", "-d", site, env=NO_MKDOCS_NOTICE)


@nox.session
def benchmarks(session: nox.Session) -> None:
    """Benchmarks: scoring, import, planning and draws against baselines timed in the same run
    (ratios); the web API under load (latencies, not asserted)."""
    session.install("-e", ".[test]")  # the test extra brings pandas, the scoring peer
    session.run("python", "benchmarks/bench_score.py", *session.posargs)
    session.run("python", "benchmarks/bench_import.py", *session.posargs)
    session.run("python", "benchmarks/bench_plan.py", *session.posargs)
    session.run("python", "benchmarks/bench_draws.py", *session.posargs)
    session.run("python", "benchmarks/bench_serve.py", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """The real-browser test: Chromium from the OS package manager, driven by Playwright,
    through `kepatuhan serve` (skipped with a reason where there is no Chromium, never when
    CI=true). KEPATUHAN_SCREENSHOTS=DIR keeps its screenshots (docs/img/ for the tutorial)."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/browser", *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Build the sdist and wheel, `twine check` them, install the wheel with every extra
    into this fresh session venv and run the smoke test there (tools/smoke_wheel.py)."""
    import glob
    import shutil
    import tempfile

    session.install("build>=1.2", "twine>=5")
    out = tempfile.mkdtemp(prefix="kepatuhan-dist-")
    session.run("python", "-m", "build", "--outdir", out)
    session.run("python", "-m", "twine", "check", "--strict", *glob.glob(f"{out}/*"))
    (wheel,) = glob.glob(f"{out}/*.whl")
    session.install(f"{wheel}[all]")
    smoke = shutil.copy("tools/smoke_wheel.py", out)
    version = wheel.split("-")[1]
    with session.chdir(out):
        session.run("python", smoke, version)


@nox.session
def floors(session: nox.Session) -> None:
    """The suite on the lowest versions pyproject.toml allows of the dependencies and the
    user extras (tools/floor_constraints.py); the test tools themselves may be new."""
    import tempfile

    pins = session.run("python", "tools/floor_constraints.py", silent=True)
    constraints = f"{tempfile.mkdtemp(prefix='kepatuhan-floors-')}/floors.txt"
    with open(constraints, "w", encoding="utf-8") as handle:
        handle.write(str(pins))
    session.install("-c", constraints, "-e", ".[test]")
    session.install("-c", constraints, "-e", "./plugins/kepatuhan-rubrik-2026")
    session.run("python", "-m", "pip", "list", "--format=freeze")
    session.run("pytest", *session.posargs)
    session.run("pytest", "plugins/kepatuhan-rubrik-2026")


@nox.session(python=["3.11", "3.12", "3.13"])
def newest(session: nox.Session) -> None:
    """The suite on the newest versions of everything, on each supported Python present."""
    session.install("--upgrade", "--upgrade-strategy", "eager", "-e", ".[test]")
    session.install("-e", "./plugins/kepatuhan-rubrik-2026")
    session.run("pytest", *session.posargs)
