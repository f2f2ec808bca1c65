"""The ASGI layer in front of every route: the token, the request size limit, and the
security headers of every response. Pure ASGI, so that a body over the limit is refused
as it arrives (no more than the limit is ever held) and before any form parser sees it."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.responses import RedirectResponse, Response

from ..errors import Problem

__all__ = ["SECURITY_HEADERS", "TOKEN_COOKIE", "Guard", "Reject"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Reject = Callable[[Scope, list[Problem], int, dict[str, str]], Response]
"""``reject(scope, problems, status, headers)``: the error response (HTML or JSON)."""

TOKEN_COOKIE = "kepatuhan_token"

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}
"""Headers every response gets, unless the route set its own (a rapor sets its CSP)."""


def _same(given: str, token: str) -> bool:
    return secrets.compare_digest(given.encode(), token.encode())


class Guard:
    """Token check, then body size limit, then the app; security headers on the way out."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_bytes: int, reject: Reject):
        self.app, self.token, self.max_bytes, self.reject = app, token, max_bytes, reject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send)
        if self.token is not None:
            refused = self._authorise(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_large = int(length) > self.max_bytes
            except ValueError:
                too_large = True
            if too_large:
                await self._too_large(scope, receive, send)
                return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    def _authorise(self, scope: Scope) -> Response | None:
        """None when the request carries the token; else the 401 (or, for ``?token=`` on
        a GET, the redirect that sets the cookie and drops the token from the address)."""
        assert self.token is not None
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and _same(given.strip(), self.token):
            return None
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except CookieError:  # a malformed cookie header carries no token
            cookie = SimpleCookie()
        if TOKEN_COOKIE in cookie and _same(cookie[TOKEN_COOKIE].value, self.token):
            return None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        offered = [v for k, v in query if k == "token"]
        if offered and _same(offered[0], self.token):
            if scope["method"] not in ("GET", "HEAD"):
                return None
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), 303)
            response.set_cookie(
                TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/"
            )
            return response
        return self.reject(scope, [Problem("", "token_required")], 401,
                           {"www-authenticate": 'Bearer realm="kepatuhan"'})  # fmt: skip

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = Problem("", "upload_too_large", {"limit": self.max_bytes})
        response = self.reject(scope, [problem], 413, {"connection": "close"})
        await response(scope, receive, send)

    def _with_headers(self, send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in raw}
                raw += [
                    (k.encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k not in present
                ]
                message["headers"] = raw
            await send(message)

        return sending


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then waits as the server's does."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
