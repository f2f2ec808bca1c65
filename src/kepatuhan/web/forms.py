"""Forms posted by the pages, parsed in memory: the body is already bounded by the size
limit (:mod:`kepatuhan.web.guard`), so uploads are never spooled to a temporary file."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request

from ..errors import InvalidInputError, Problem
from .inputs import Upload
from .settings import ServeSettings

__all__ = ["form_text", "read_form", "uploads_of"]

_MAX_FIELDS = 100
_MAX_PARTS = 1000  # beyond the app's max_files, so that too_many_files can count them


async def read_form(request: Request, settings: ServeSettings) -> FormData:
    """The posted form (multipart or urlencoded); ``bad_form`` when it cannot be parsed.
    Each part may be as large as the whole request is allowed to be."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    limit = settings.max_upload_bytes
    try:
        if kind == "multipart/form-data":
            parser = MultiPartParser(
                request.headers, request.stream(),
                max_files=_MAX_PARTS, max_fields=_MAX_FIELDS, max_part_size=limit,
            )  # fmt: skip
            parser.spool_max_size = limit + 1  # held in memory: never rolled over to disk
            return await parser.parse()
        if kind == "application/x-www-form-urlencoded":
            form = FormParser(request.headers, request.stream(), max_fields=_MAX_FIELDS,
                              max_part_size=limit)  # fmt: skip
            return await form.parse()
    except MultiPartException:
        raise InvalidInputError([Problem("", "bad_form")]) from None
    return FormData()


def form_text(form: FormData, key: str) -> str | None:
    """A text field of the form (None when absent, blank, or a file)."""
    value = form.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


async def uploads_of(form: FormData, key: str, settings: ServeSettings) -> list[Upload]:
    """The files posted under ``key`` (empty file inputs skipped), their names without
    folders; more than the app allows is ``too_many_files``."""
    found = [f for f in form.getlist(key) if isinstance(f, UploadFile) and f.filename]
    out: list[Upload] = []
    try:
        if len(found) > settings.max_files:
            params = {"count": len(found), "limit": settings.max_files}
            raise InvalidInputError([Problem(key, "too_many_files", params)])
        for upload in found:
            name = (upload.filename or "data").replace("\\", "/").rsplit("/", 1)[-1] or "data"
            out.append((name, await upload.read()))
    finally:
        await form.close()
    return out
