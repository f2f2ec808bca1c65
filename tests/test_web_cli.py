"""``kepatuhan serve``: it refuses a host that is not loopback without a token, takes the
token from KEPATUHAN_TOKEN, and hands uvicorn an app with the limits given (uvicorn.run
is replaced here, so that no server starts)."""

from __future__ import annotations

from typing import Any

import pytest

from kepatuhan.web import ServeSettings
from test_cli import invoke


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []

    def run(app: Any, **kwargs: Any) -> None:
        calls.append({"settings": app.state.settings, **kwargs})

    monkeypatch.setattr(uvicorn, "run", run)
    return calls


def test_a_host_that_is_not_loopback_is_refused_without_a_token(
    served: list[dict[str, Any]],
) -> None:
    result = invoke("serve", "--host", "0.0.0.0", env={"KEPATUHAN_TOKEN": ""})
    assert result.exit_code == 1
    assert "host: mendengarkan di 0.0.0.0, yang bukan alamat loopback" in result.output
    assert served == []
    english = invoke("--lang", "en", "serve", "--host", "0.0.0.0", env={"KEPATUHAN_TOKEN": ""})
    assert "needs a token (--token or KEPATUHAN_TOKEN)" in english.output


def test_the_token_and_the_limits_reach_the_app(served: list[dict[str, Any]]) -> None:
    result = invoke(
        "serve", "--host", "0.0.0.0", "--port", "8123", "--max-upload-mb", "2",
        "--max-rows", "10", "--max-files", "3", "--time-limit", "5",
        env={"KEPATUHAN_TOKEN": "rahasia"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (call,) = served
    assert call["host"] == "0.0.0.0" and call["port"] == 8123
    assert call["settings"] == ServeSettings(
        host="0.0.0.0", port=8123, token="rahasia", max_upload_bytes=2 * 2**20, max_rows=10,
        max_files=3, time_limit=5,
    )  # fmt: skip
    assert "rahasia" not in result.output  # the token is never printed
    assert "http://0.0.0.0:8123/" in result.output


def test_loopback_by_default(served: list[dict[str, Any]]) -> None:
    assert invoke("serve", env={"KEPATUHAN_TOKEN": ""}).exit_code == 0
    assert served[0]["settings"] == ServeSettings()
