"""The app: :func:`create_app` puts the pages, the API, the guard (token, size limit,
security headers) and the error handlers together."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from .._version import __version__
from ..errors import KepatuhanError, Problem
from ..round import Round
from .api import api_router
from .guard import SECURITY_HEADERS, Guard, Scope
from .pages import page_router
from .problems import (
    TimedOutError,
    error_body,
    http_problem,
    log,
    problems_of,
    status_of,
    validation_problems,
)
from .settings import ServeSettings
from .views import page

__all__ = ["create_app"]


def _wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def _reject(
    scope: Scope, problems: list[Problem], status: int, headers: dict[str, str]
) -> Response:
    """The error response: JSON for the API, a page for the pages. It carries the security
    headers itself: a 500 is answered outside the guard that adds them to the rest."""
    headers = {**SECURITY_HEADERS, **headers}
    if _wants_json(str(scope.get("path", ""))):
        body = json.dumps(error_body(problems), ensure_ascii=False)
        return Response(body, status_code=status, media_type="application/json", headers=headers)
    request = Request(dict(scope))
    response = page(
        request, "problems.html", {"problems": problems, "status": status}, status=status
    )
    response.headers.update(headers)
    return response


def _handlers(app: FastAPI) -> None:
    def answer(request: Request, problems: list[Problem], status: int, **headers: str) -> Response:
        return _reject(request.scope, problems, status, headers)

    @app.exception_handler(KepatuhanError)
    async def kepatuhan_error(request: Request, exc: KepatuhanError) -> Response:
        if status_of(exc) == 500:
            log.error("kepatuhan error on %s", request.url.path, exc_info=exc)
        return answer(request, problems_of(exc), status_of(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, validation_problems(exc.errors()), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        problem = http_problem(exc.status_code, request.url.path, request.method, exc.detail)
        return _reject(request.scope, [problem], exc.status_code, dict(exc.headers or {}))

    @app.exception_handler(TimedOutError)
    async def timed_out(request: Request, exc: TimedOutError) -> Response:
        problem = Problem("", "request_timeout", {"seconds": f"{exc.seconds:g}"})
        return answer(request, [problem], 503, **{"retry-after": "60"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return answer(request, [Problem("", "internal_error")], 500)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with the ``Round`` schema (and its parts) the round bodies use."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)  # fmt: skip
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    round_schema = Round.model_json_schema(
        mode="validation", ref_template="#/components/schemas/{model}"
    )
    for name, part in round_schema.pop("$defs", {}).items():
        if name in components and components[name] != part:
            raise RuntimeError(f"two different schemas named {name} in the OpenAPI document")
        components[name] = part
    components["Round"] = round_schema
    app.openapi_schema = schema
    return schema


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The web app and JSON API with ``settings`` (defaults: loopback, no token, the
    default limits). Serve it with uvicorn (``kepatuhan serve`` does)."""
    chosen = settings if settings is not None else ServeSettings()
    app = FastAPI(
        title="kepatuhan",
        version=__version__,
        description="Scoring of the Ombudsman RI public-service compliance assessment: "
        "the JSON API of `kepatuhan serve` (docs/api.md).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = chosen
    app.include_router(api_router(chosen))
    app.include_router(page_router(chosen))
    _handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(Guard, token=chosen.token, max_bytes=chosen.max_upload_bytes, reject=_reject)
    return app
