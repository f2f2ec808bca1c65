"""The server-rendered pages (work without JavaScript). Stateless: a results page carries
its round, compressed, in one hidden field; its buttons post that field back to the rapor,
plan, export and sort routes (``form=``/``formaction=``), which read and check it again."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ..errors import InvalidInputError, Problem
from ..example import example_round
from ..registry import get_rubric, list_rubrics
from ..results import RoundResult
from ..round import Round
from ..rubric import Rubric
from ..vocab import Zone
from .downloads import RAPOR_CSP, download
from .forms import form_text, read_form, uploads_of
from .inputs import check_rows, decode_round, encode_round, read_uploads
from .reports import rapor_bytes
from .settings import MiB, ServeSettings
from .views import page, page_lang, stylesheet
from .work import within_limit

__all__ = ["SORT_KEYS", "page_router"]

_ZONE_ORDER = {Zone.HITAM: 0, Zone.MERAH: 1, Zone.KUNING: 2, Zone.HIJAU: 3}

SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "code": lambda row: row.code,
    "name": lambda row: row.name.casefold(),
    "score": lambda row: row.score if row.score is not None else Decimal(-1),
    "zone": lambda row: _ZONE_ORDER.get(row.zone, -1) if row.zone is not None else -1,
    "grade": lambda row: row.grade or "",
}
"""``?sort=`` keys of the results tables (``-score``: descending)."""


def _sorted(rows: list[Any], sort: str | None) -> list[Any]:
    if not sort:
        return rows
    key = SORT_KEYS.get(sort.lstrip("-"))
    if key is None:
        return rows
    return sorted(rows, key=key, reverse=sort.startswith("-"))


def page_router(settings: ServeSettings) -> APIRouter:
    """The pages' routes, with the app's limits."""
    router = APIRouter(include_in_schema=False)
    limit = settings.time_limit

    async def carried(request: Request) -> Round:
        form = await read_form(request, settings)
        text = form_text(form, "round")
        if text is None:
            raise InvalidInputError([Problem("round", "page_round")])
        return await within_limit(limit, decode_round, text, settings)

    @router.get("/")
    async def index(request: Request) -> Response:
        context = {
            "rubrics": list_rubrics(),
            "max_files": settings.max_files,
            "max_megabytes": max(1, settings.max_upload_bytes // MiB),
        }
        return page(request, "index.html", context)

    @router.get("/static/style.css")
    async def style() -> Response:
        return Response(stylesheet(), media_type="text/css")

    @router.get("/template")
    async def template(
        request: Request, rubric: Annotated[str, Query(min_length=1, max_length=200)]
    ) -> Response:
        from ..io import write_template

        found = get_rubric(rubric)
        lang = page_lang(request)
        data: bytes = await within_limit(limit, lambda: write_template(found, None, lang=lang))
        return download(data, "xlsx", f"formulir-{found.id}")

    @router.post("/results")
    async def results(
        request: Request, sort: Annotated[str | None, Query(max_length=20)] = None
    ) -> Response:
        form = await read_form(request, settings)
        uploads = await uploads_of(form, "files", settings)
        rubric_id = form_text(form, "rubric")
        rubric = get_rubric(rubric_id) if rubric_id else None
        carried_round = form_text(form, "round")
        if uploads:
            round_ = await within_limit(limit, read_uploads, uploads, rubric, settings)
        elif carried_round is not None:
            round_ = await within_limit(limit, decode_round, carried_round, settings)
        elif form_text(form, "example") is not None:
            round_ = check_rows(example_round(), settings)
        else:
            raise InvalidInputError([Problem("files", "no_file")])
        return await _results_page(request, round_, rubric, sort)

    async def _results_page(
        request: Request, round_: Round, rubric: Rubric | None, sort: str | None
    ) -> Response:
        from ..scoring import score

        result: RoundResult = await within_limit(limit, score, round_, rubric)
        encoded = await within_limit(limit, encode_round, round_)
        context = {
            "round": round_,
            "result": result,
            "entities": _sorted(list(result.entities), sort),
            "units": _sorted(list(result.units), sort),
            "encoded": encoded,
            "sort": sort or "",
            "columns": ["code", "name", "score", "zone", "grade"],
        }
        return page(request, "results.html", context)

    @router.post("/rapor")
    async def rapor(
        request: Request,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        format: Annotated[Literal["html", "pdf"], Query()] = "html",
        download_: Annotated[bool, Query(alias="download")] = False,
    ) -> Response:
        round_ = await carried(request)
        data = await within_limit(
            limit, rapor_bytes, round_, None, entity=entity, unit=None, fmt=format,
            lang=page_lang(request), plan_if_possible=True,
        )  # fmt: skip
        stem = f"rapor-{entity or round_.rubric}"
        if format == "html" and not download_:
            return download(data, "html", stem, inline=True, csp=RAPOR_CSP)
        return download(data, format, stem, csp=RAPOR_CSP if format == "html" else None)

    @router.post("/export")
    async def export(
        request: Request, format: Annotated[Literal["xlsx", "csv", "json"], Query()] = "xlsx"
    ) -> Response:
        from ..io import export_result
        from ..scoring import score

        round_ = await carried(request)
        result = await within_limit(limit, score, round_)
        lang = page_lang(request)
        data: bytes = await within_limit(
            limit, lambda: export_result(result, None, format=format, lang=lang)
        )
        return download(data, format, f"hasil-{round_.rubric}")

    @router.post("/plan")
    async def plan_page(
        request: Request,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        target: Annotated[str, Query(min_length=1, max_length=100)] = "hijau",
    ) -> Response:
        from ..planning import plan

        round_ = await carried(request)
        made = await within_limit(limit, plan, round_, target=target, entity=entity)
        names = {e.code: e.name for e in round_.entities} | {u.code: u.name for u in round_.units}
        context = {"plan": made, "name": names.get(made.code, made.code), "round": round_}
        return page(request, "plan.html", context)

    @router.post("/skm")
    async def skm(request: Request) -> Response:
        from ..io import read_survey
        from ..skm import skm_index

        form = await read_form(request, settings)
        uploads = await uploads_of(form, "file", settings)
        if not uploads:
            raise InvalidInputError([Problem("file", "no_file")])
        name, data = uploads[0]
        rubric_id = form_text(form, "rubric")
        unit = form_text(form, "unit")

        def compute() -> Any:
            survey = read_survey(data, rubric=rubric_id, unit=unit, name=name)
            check_rows(survey.round, settings, name)
            return skm_index(survey.round, survey.rubric)

        result = await within_limit(limit, compute)
        return page(request, "skm.html", {"result": result})

    return router
