"""A bounded load test of ``kepatuhan serve`` on loopback: concurrent clients scoring the
example round through ``POST /api/score``. Reports latency percentiles and errors; asserts
nothing (docs/benchmarks.md).

    python benchmarks/bench_serve.py                 # 20 clients x 50 requests
    python benchmarks/bench_serve.py --clients 5 --requests 10
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

import kepatuhan as kp
from kepatuhan.io import write_round


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(port: int) -> subprocess.Popen[bytes]:
    """``kepatuhan serve`` in its own process, as a user starts it."""
    server = subprocess.Popen(
        [sys.executable, "-m", "kepatuhan", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent,
        env={**os.environ, "NO_COLOR": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"kepatuhan serve stopped: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/rubrics", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("kepatuhan serve did not answer within 60 s")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="per client")
    parser.add_argument("--quick", action="store_true", help="5 clients x 10 requests")
    args = parser.parse_args(argv)
    clients, per_client = (5, 10) if args.quick else (args.clients, args.requests)

    round_ = kp.example_round()
    buffer = io.BytesIO()
    write_round(round_, buffer, format="json")
    body = buffer.getvalue()

    # In-process reference: what one request's work costs without HTTP.
    t0 = time.perf_counter()
    for _ in range(20):
        kp.score(kp.Round.model_validate_json(body)).to_json()
    direct = (time.perf_counter() - t0) / 20

    port = _free_port()
    server = _start(port)
    url = f"http://127.0.0.1:{port}/api/score"
    headers = {"content-type": "application/json"}
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        with httpx.Client(timeout=60) as warm:
            for _ in range(5):
                warm.post(url, content=body, headers=headers).raise_for_status()

        def client() -> None:
            with httpx.Client(timeout=60) as http:
                for _ in range(per_client):
                    start = time.perf_counter()
                    try:
                        response = http.post(url, content=body, headers=headers)
                        ok = response.status_code == 200 and b'"entities"' in response.content
                        problem = "" if ok else f"HTTP {response.status_code}"
                    except httpx.HTTPError as exc:
                        problem = type(exc).__name__
                    elapsed = time.perf_counter() - start
                    with lock:
                        latencies.append(elapsed)
                        if problem:
                            errors.append(problem)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
    finally:
        server.terminate()
        server.wait(timeout=30)

    ms = [x * 1000 for x in latencies]
    print(f"kepatuhan serve, POST /api/score of the example round ({len(body):,} bytes)")
    print(f"clients x requests   {clients} x {per_client} = {len(ms)}")
    print(f"errors               {len(errors)}" + (f" ({sorted(set(errors))})" if errors else ""))
    print(f"latency p50          {_percentile(ms, 0.50):8.1f} ms")
    print(f"latency p95          {_percentile(ms, 0.95):8.1f} ms")
    print(f"latency max          {max(ms):8.1f} ms")
    print(f"latency mean         {statistics.fmean(ms):8.1f} ms")
    print(f"throughput           {len(ms) / wall:8.1f} requests/s")
    print(f"in-process reference {direct * 1000:8.1f} ms (parse, score, to_json; no HTTP)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
