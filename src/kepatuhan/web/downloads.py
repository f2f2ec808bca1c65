"""Files the app sends: a safe file name and the headers that make a browser save (or, for
the HTML rapor, show in a sandbox) rather than run what it receives."""

from __future__ import annotations

import re
import unicodedata

from starlette.responses import Response

__all__ = ["MEDIA_TYPES", "RAPOR_CSP", "download", "safe_filename"]

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}

RAPOR_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
"""An HTML rapor is self-contained (inline CSS and SVG): it may style itself and nothing
else; ``sandbox`` keeps it from running anything even if a name slipped through."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(stem: str, suffix: str) -> str:
    """``stem.suffix`` in ASCII letters, digits, ``.``, ``_`` and ``-`` only (at most 80
    characters), never empty and never starting with a dot."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean = _UNSAFE.sub("-", ascii_stem).strip(".-_")[:80] or "kepatuhan"
    return f"{clean}.{suffix}"


def download(
    data: bytes, kind: str, stem: str, *, inline: bool = False, csp: str | None = None
) -> Response:
    """``data`` as a file of ``kind`` (``xlsx``, ``csv``…) named after ``stem``; an
    attachment unless ``inline``."""
    disposition = "inline" if inline else "attachment"
    headers = {"content-disposition": f'{disposition}; filename="{safe_filename(stem, kind)}"'}
    if csp is not None:
        headers["content-security-policy"] = csp
    return Response(data, media_type=MEDIA_TYPES[kind], headers=headers)
