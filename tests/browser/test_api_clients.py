"""The PHP and JavaScript examples of docs/api.md, run as they are written against a live
``kepatuhan serve``: a PHP app scores a round over HTTP, a Node back end imports a workbook,
scores it and downloads the rapor.

PHP (Debian's ``php-cli``) and Node.js are OS packages: where one is absent its test skips
with that reason; with ``CI=true`` it must run (``.ci/run`` installs them as root).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import serving

import kepatuhan as kp
from kepatuhan.io import write_round

ROOT = Path(__file__).resolve().parent.parent.parent
IN_CI = os.environ.get("CI") == "true"
DOCS_ADDRESS = "http://127.0.0.1:8000"
TOKEN = "rahasia-uji"


def _program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        if IN_CI:
            pytest.fail(f"CI=true but there is no {name}: .ci/run installs it when run as root")
        pytest.skip(f"no {name} on this machine (an OS package)")
    return found


def _example(language: str) -> str:
    """The one fenced ``language`` block of docs/api.md."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    (block,) = re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)
    assert DOCS_ADDRESS in block
    return str(block)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m kepatuhan serve`` with a token, on a free loopback port."""
    with serving(tmp_path_factory.mktemp("serve"), token=TOKEN) as base:
        yield base


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding the example round as ``round.json`` and ``penilaian.xlsx``."""
    round_ = kp.example_round()
    (tmp_path / "round.json").write_bytes(write_round(round_, format="json"))
    (tmp_path / "penilaian.xlsx").write_bytes(write_round(round_, format="xlsx"))
    return tmp_path


def _run(command: list[str], work: Path) -> str:
    done = subprocess.run(
        command,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KEPATUHAN_TOKEN": TOKEN},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _expected() -> list[str]:
    result = kp.score(kp.example_round())
    return [f"{e.name}: {e.score} ({e.zone.value if e.zone else ''}, {e.grade})"
            for e in result.entities]  # fmt: skip


def test_php_example_scores_the_round(server: str, work: Path) -> None:
    php = _program("php")
    (work / "client.php").write_text(_example("php").replace(DOCS_ADDRESS, server), "utf-8")
    out = _run([php, "client.php"], work)
    assert out.splitlines() == _expected()


def test_php_example_prints_located_errors(server: str, work: Path) -> None:
    php = _program("php")
    (work / "round.json").write_text('{"rubric": "ombudsman-2024", "units": 3}', "utf-8")
    (work / "client.php").write_text(_example("php").replace(DOCS_ADDRESS, server), "utf-8")
    out = _run([php, "client.php"], work)
    assert out.startswith("units: "), out


def test_javascript_example_imports_scores_and_downloads_the_rapor(server: str, work: Path) -> None:
    node = _program("node")
    (work / "client.mjs").write_text(_example("js").replace(DOCS_ADDRESS, server), "utf-8")
    out = _run([node, "client.mjs"], work)
    result = kp.score(kp.example_round())
    entity = result.entities[0]
    zone = entity.zone.value if entity.zone else ""
    assert out.splitlines() == [f"{entity.name} {entity.score} {zone} {entity.grade}"]
    pdf = (work / "rapor.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-"
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert entity.name in text
