"""The JSON API under ``/api/`` (docs/api.md): rubrics, classify, validate, score, import,
rapor and plan. A round travels as the body, in the round's own JSON (the ``Round`` schema
of ``/openapi.json``); everything else is a query parameter, so that ``curl
--data-binary @round.json`` or PHP's ``file_get_contents`` is all a caller needs."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from ..errors import IncompleteDataError, InvalidInputError, Problem, UnknownRubricError
from ..planning import Plan
from ..registry import get_rubric, list_rubrics
from ..results import RoundResultModel
from ..round import Round
from ..rubric import Rubric, RubricInfo
from ..zoning import Classification
from .downloads import download
from .inputs import file_format, read_body_round
from .problems import ErrorItem, ErrorResponse, error_body, problem_item, problems_of
from .settings import ServeSettings
from .work import within_limit

__all__ = ["ImportResponse", "ValidateResponse", "api_router"]

ROUND_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "the round's JSON, as kepatuhan.io.write_round writes it",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Round"}}},
    }
}
FILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "a filled workbook (.xlsx), a long CSV file or the round's JSON",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": what}
    for code, what in {
        401: "no valid token",
        404: "not found",
        413: "the request is larger than the limit",
        422: "the input has problems (every one located)",
        500: "an internal error (details in the server's log only)",
        503: "the request took longer than the time limit",
    }.items()
}

RubricParam = Annotated[
    str | None,
    Query(description="rubric id; a CSV file needs it, a workbook and JSON name their own"),
]


class ValidateResponse(BaseModel):
    """What ``/api/validate`` found: the problems that keep the round from being scored,
    and the applicable indicators still without an answer (scored by the rubric's
    missing-data policy)."""

    valid: bool
    problems: list[ErrorItem]
    incomplete: list[ErrorItem]


class ImportResponse(BaseModel):
    """A file read as a round: the round's JSON, or every problem with its cell."""

    round: dict[str, Any] | None = Field(description="the round (the Round schema), or null")
    problems: list[ErrorItem]


def _rubric(rubric_id: str | None) -> Rubric | None:
    return None if rubric_id is None else get_rubric(rubric_id)


def api_router(settings: ServeSettings) -> APIRouter:
    """The API's routes, with the app's limits."""
    router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
    limit = settings.time_limit

    async def round_of(request: Request, rubric_id: str | None) -> Round:
        body = await request.body()
        return await within_limit(limit, read_body_round, body, _rubric(rubric_id), settings)

    @router.get("/rubrics", response_model=list[RubricInfo], summary="The registered rubrics")
    async def rubrics() -> Response:
        infos = [json.loads(info.model_dump_json()) for info in list_rubrics()]
        return Response(json.dumps(infos, ensure_ascii=False), media_type="application/json")

    @router.get("/rubrics/{rubric_id}", response_model=Rubric, summary="One rubric, in full")
    async def rubric_detail(rubric_id: str) -> Response:
        try:
            found = get_rubric(rubric_id)
        except UnknownRubricError as exc:
            return Response(json.dumps(error_body(problems_of(exc)), ensure_ascii=False),
                            status_code=404, media_type="application/json")  # fmt: skip
        return Response(found.model_dump_json(), media_type="application/json")

    @router.get("/classify", response_model=Classification, summary="Band, zone and grade")
    async def classify(
        rubric: Annotated[str, Query(description="rubric id")],
        score: Annotated[str, Query(description="a score on the rubric's scale, e.g. 88.27")],
    ) -> Response:
        found = get_rubric(rubric).classify(score)
        return Response(found.model_dump_json(), media_type="application/json")

    @router.post(
        "/validate",
        response_model=ValidateResponse,
        openapi_extra=ROUND_BODY,
        summary="Check a round without scoring it",
    )
    async def validate_round(request: Request, rubric: RubricParam = None) -> ValidateResponse:
        from ..scoring import validate

        chosen = _rubric(rubric)
        try:
            found = await round_of(request, rubric)
        except InvalidInputError as exc:
            items = [ErrorItem.model_validate(problem_item(p)) for p in exc.problems]
            return ValidateResponse(valid=False, problems=items, incomplete=[])
        incomplete: tuple[Problem, ...] = ()
        try:
            await within_limit(limit, validate, found, chosen, missing="strict")
        except IncompleteDataError as exc:
            incomplete = exc.problems
        items = [ErrorItem.model_validate(problem_item(p)) for p in incomplete]
        return ValidateResponse(valid=True, problems=[], incomplete=items)

    @router.post(
        "/score",
        response_model=RoundResultModel,
        openapi_extra=ROUND_BODY,
        summary="Score a round: the result's JSON",
    )
    async def score_round(
        request: Request,
        rubric: RubricParam = None,
        missing: Annotated[
            Literal["exclude", "zero", "strict"] | None,
            Query(description="override the rubric's missing-data policy"),
        ] = None,
    ) -> Response:
        from ..scoring import score

        found = await round_of(request, rubric)
        result = await within_limit(limit, score, found, _rubric(rubric), missing=missing)
        return Response(result.to_json(), media_type="application/json")

    @router.post(
        "/import",
        response_model=ImportResponse,
        openapi_extra=FILE_BODY,
        summary="Read a workbook, CSV or JSON file as a round",
    )
    async def import_file(
        request: Request,
        rubric: RubricParam = None,
        name: Annotated[
            str,
            Query(
                max_length=200,
                description="the file's name: problem locations start with it, and its suffix "
                "(.xlsx, .csv, .json) gives the format (else it is recognised from the bytes)",
            ),
        ] = "data",
    ) -> Response:
        from ..io import read_round, write_round
        from .inputs import check_rows

        body = await request.body()
        chosen = _rubric(rubric)

        kind = file_format(name)

        def read() -> bytes:
            found = read_round(body, rubric=chosen, name=name, format=kind)
            check_rows(found, settings, name)
            return write_round(found, format="json")

        try:
            data = await within_limit(limit, read)
        except InvalidInputError as exc:
            problems = [problem_item(p) for p in exc.problems]
            text = json.dumps({"round": None, "problems": problems}, ensure_ascii=False)
            return Response(text, media_type="application/json")
        return Response(b'{"round":' + data + b',"problems":[]}', media_type="application/json")

    @router.post(
        "/rapor",
        openapi_extra=ROUND_BODY,
        summary="The rapor of an entity or unit, as HTML or PDF",
        response_class=Response,
        responses={
            200: {
                "description": "the rapor",
                "content": {
                    "text/html": {"schema": {"type": "string"}},
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        },
    )
    async def rapor(
        request: Request,
        entity: Annotated[
            str | None, Query(description="entity code (the only one if none)")
        ] = None,
        unit: Annotated[str | None, Query(description="unit code: a unit rapor")] = None,
        format: Annotated[Literal["html", "pdf"], Query()] = "html",
        lang: Annotated[Literal["id", "en"], Query()] = "id",
        target: Annotated[
            str | None, Query(max_length=100, description="add the plan to this target (hijau)")
        ] = None,
        rubric: RubricParam = None,
    ) -> Response:
        from .reports import rapor_bytes

        found = await round_of(request, rubric)
        data = await within_limit(
            limit, rapor_bytes, found, _rubric(rubric), entity=entity, unit=unit,
            fmt=format, lang=lang, target=target,
        )  # fmt: skip
        return download(data, format, f"rapor-{unit or entity or found.rubric}")

    @router.post(
        "/plan",
        response_model=Plan,
        openapi_extra=ROUND_BODY,
        summary="The cheapest plan to reach a target (hijau, a grade, or a score)",
    )
    async def plan_route(
        request: Request,
        target: Annotated[str, Query(min_length=1, max_length=100)] = "hijau",
        entity: Annotated[str | None, Query(description="entity code")] = None,
        unit: Annotated[str | None, Query(description="unit code (wins over entity)")] = None,
        rubric: RubricParam = None,
    ) -> Response:
        from ..planning import plan

        found = await round_of(request, rubric)
        made = await within_limit(
            limit, plan, found, target=target, entity=entity, unit=unit, rubric=_rubric(rubric)
        )
        return Response(made.model_dump_json(), media_type="application/json")

    return router
