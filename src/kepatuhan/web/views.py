"""Server-rendered pages: the Jinja2 environment (autoescaped), the page language, and the
helpers templates call (texts from the message catalog, zone classes, numbers)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..catalog import LANGUAGES, Language, message
from ..provenance import in_language
from ..report_view import decimal_text
from ..vocab import Zone

__all__ = ["LANG_COOKIE", "page", "page_lang", "stylesheet"]

LANG_COOKIE = "kepatuhan_lang"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kepatuhan", "templates/web"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_lang(request: Request) -> Language:
    """``?lang=`` if given, else the language cookie, else Bahasa Indonesia."""
    for given in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if given in LANGUAGES:
            return given
    return "id"


def _helpers(lang: Language) -> dict[str, Any]:
    def t(key: str, **params: object) -> str:
        return message("web", key, lang, **params)

    def r(key: str, **params: object) -> str:
        return message("report", key, lang, **params)

    def num(value: Decimal | float | None) -> str:
        if value is None:
            return "–"
        return decimal_text(value if isinstance(value, Decimal) else Decimal(str(value)), lang)

    def answer(value: float) -> str:
        """An answer as the command line's plan prints it: at most two decimals."""
        return decimal_text(Decimal(f"{value:.2f}".rstrip("0").rstrip(".")), lang)

    def zone_name(zone: Zone | str | None) -> str:
        return "" if zone is None else message("zone", str(Zone(zone).value), lang)

    def named(text: str, english: str | None) -> str:
        return in_language(text, english, lang)

    return {"t": t, "r": r, "num": num, "answer": answer, "zone_name": zone_name,
            "named": named, "lang": lang, "other_lang": "en" if lang == "id" else "id"}  # fmt: skip


def page(
    request: Request, template: str, context: Mapping[str, Any], *, status: int = 200
) -> Response:
    """The page ``template`` in the request's language; ``?lang=`` is remembered in a cookie."""
    lang = page_lang(request)
    html = _environment().get_template(template).render(**_helpers(lang), **context)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict", path="/")
    return response


@cache
def stylesheet() -> bytes:
    """The pages' stylesheet (served from the app, so that the CSP allows only 'self')."""
    return resources.files("kepatuhan").joinpath("templates/web/style.css").read_bytes()
