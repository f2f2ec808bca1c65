"""Shared by the web tests: a TestClient for an app with given settings, the example round
as the bytes a client sends, and the page's hidden round."""

from __future__ import annotations

import re
import warnings
from typing import Any

import kepatuhan as kp
from kepatuhan.io import write_round
from kepatuhan.web import ServeSettings, create_app

with warnings.catch_warnings():
    # starlette asks for httpx2, which the test extra does not install; httpx still works.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from starlette.testclient import TestClient

__all__ = ["TestClient", "client", "example_json", "hidden_round", "problems_on_page"]

_HIDDEN = re.compile(r'<input type="hidden" name="round" value="([^"]+)">')
_PROBLEM_ROW = re.compile(
    r'<td class="location">([^<]*)</td><td class="message">([^<]*)</td><td class="code">'
    r"([^<]*)</td>"
)


def client(raise_server_exceptions: bool = True, **settings: Any) -> TestClient:
    """A client of an app made with ``ServeSettings(**settings)``."""
    app = create_app(ServeSettings(**settings))
    return TestClient(app, raise_server_exceptions=raise_server_exceptions)


def example_json(round_: kp.Round | None = None) -> bytes:
    """A round (the example by default) as the JSON an API client posts."""
    return write_round(round_ if round_ is not None else kp.example_round(), format="json")


def hidden_round(html: str) -> str:
    """The round a results page carries to its buttons."""
    found = _HIDDEN.search(html)
    assert found is not None, "no hidden round on the page"
    return found.group(1)


def problems_on_page(html: str) -> list[tuple[str, str, str]]:
    """(location, message, code) of each row of a problems page (HTML-escaped text)."""
    return _PROBLEM_ROW.findall(html)
