"""``python -m kepatuhan`` as a real process: exit codes, pipes, what reaches stdout and stderr.

Slow (a fresh interpreter each): only what the in-process tests cannot see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import kepatuhan as kp


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"KEPATUHAN_LANG", "FORCE_COLOR"}}
    if lang is not None:
        env["KEPATUHAN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "kepatuhan", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


def test_score_example_piped_has_the_table_and_no_progress_bar() -> None:
    proc = run("score", "--example")
    assert proc.returncode == 0, proc.stderr
    assert "Pemerintah Kota Pagar Alam" in proc.stdout and "data sintetis" in proc.stdout
    assert "\x1b[" not in proc.stdout  # no colour codes in a pipe
    assert proc.stderr == ""  # the progress bar is for terminals only


def test_json_on_stdout_parses_to_the_library_result() -> None:
    proc = run("score", "--example", "--format", "json", lang="en")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert json.loads(proc.stdout) == json.loads(kp.score(kp.example_round()).to_json())


def test_invalid_file_exits_1_with_its_location_and_no_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    proc = run("score", str(empty))
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[1] == "  - kosong.xlsx: berkas kosong (0 byte)"


def test_usage_error_exits_2_and_user_error_exits_1_without_traceback() -> None:
    usage = run("score", "--example", "--format", "pdf")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert "--format" in usage.stderr
    unknown = run("classify", "ombudsman-1999", "50", lang="en")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert unknown.stderr.startswith("error: no rubric 'ombudsman-1999' is registered")


def test_a_closed_pipe_is_not_an_error() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "kepatuhan", "rubrics", "ombudsman-2023"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first write, as with `| head -0`
        stderr = proc.stderr.read().decode("utf-8")
        assert proc.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"kepatuhan {kp.__version__}"
