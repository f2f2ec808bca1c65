"""``kepatuhan serve`` started as a user starts it, for the tests that drive OS programs."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


@contextlib.contextmanager
def serving(folder: Path, *, token: str | None = None) -> Iterator[str]:
    """``python -m kepatuhan serve`` on a free loopback port (with ``token`` through
    ``KEPATUHAN_TOKEN``); yields its address once it answers, stops it afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ)
    env.pop("KEPATUHAN_TOKEN", None)
    headers = {}
    if token is not None:
        env["KEPATUHAN_TOKEN"] = token
        headers["Authorization"] = f"Bearer {token}"
    log = folder / "serve-stderr.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "kepatuhan", "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"kepatuhan serve stopped: {log.read_text(errors='replace')}")
            try:
                if httpx.get(base + "/api/rubrics", headers=headers, timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("kepatuhan serve did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
