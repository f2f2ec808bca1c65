"""Release engineering: the sdist and wheel build, pass `twine check`, hold what they must,
and the wheel installed with every extra into a fresh venv passes the smoke test.

Building and installing from the package index takes minutes, so this runs in CI
(``CI=true``) or when ``KEPATUHAN_RELEASE_TEST=1``; elsewhere it is skipped with that reason.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import kepatuhan

ROOT = Path(__file__).resolve().parent.parent
RUN = os.environ.get("CI") == "true" or os.environ.get("KEPATUHAN_RELEASE_TEST") == "1"

pytestmark = pytest.mark.skipif(
    not RUN,
    reason="builds the sdist and wheel and installs them into a fresh venv from the package "
    "index (minutes); runs when CI=true or KEPATUHAN_RELEASE_TEST=1",
)


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    return out


def _one(dist: Path, pattern: str) -> Path:
    (found,) = dist.glob(pattern)
    return found


def test_twine_check_passes(dist: Path) -> None:
    _run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))


def test_wheel_metadata_and_contents(dist: Path) -> None:
    wheel = _one(dist, "kepatuhan-*.whl")
    assert wheel.name.startswith(f"kepatuhan-{kepatuhan.__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"kepatuhan-{kepatuhan.__version__}.dist-info"
        meta = email.parser.Parser().parsestr(archive.read(f"{info}/METADATA").decode())
    assert f"{info}/licenses/LICENSE" in names
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.11"
    extras = set(meta.get_all("Provides-Extra") or ())
    assert {"cli", "excel", "frames", "plan", "rapor", "serve", "all"} <= extras
    assert "kepatuhan/py.typed" in names
    # The data the package reads at run time: every rubric, crosswalk and example file.
    source = ROOT / "src"
    shipped = {
        p.relative_to(source).as_posix()
        for p in (source / "kepatuhan").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped <= names, sorted(shipped - names)[:10]
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", ".ci/"))]


def test_sdist_contents(dist: Path) -> None:
    sdist = _one(dist, "kepatuhan-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for needed in (
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "pyproject.toml",
        "src/kepatuhan/py.typed",
    ):
        assert needed in names, needed


def test_wheel_with_every_extra_in_a_fresh_venv(dist: Path, tmp_path: Path) -> None:
    wheel = _one(dist, "kepatuhan-*.whl")
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    python = env / ("Scripts" if os.name == "nt" else "bin") / "python"
    _run(python, "-m", "pip", "install", "-q", f"{wheel}[all]")
    work = tmp_path / "elsewhere"  # not the source tree: only the installed package is found
    work.mkdir()
    smoke = shutil.copy(ROOT / "tools" / "smoke_wheel.py", work)
    out = _run(python, smoke, kepatuhan.__version__, cwd=work)
    assert out.count("ok  ") == 9, out
