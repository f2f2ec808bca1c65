"""What a request brings: uploaded files read into one round, the round JSON of an API
body, and the round a results page carries to its buttons (the stateless design: the
round travels in the page, compressed, instead of being kept on the server).

Everything is read from memory (the request body is already bounded by the size limit):
no temporary file is written.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..concat import concat_rounds
from ..errors import InvalidFileError, InvalidInputError, Problem, UnknownRubricError
from ..round import Round
from ..rubric import Rubric
from .settings import ServeSettings

__all__ = [
    "Upload",
    "check_rows",
    "decode_round",
    "encode_round",
    "file_format",
    "read_body_round",
    "read_uploads",
]

Upload = tuple[str, bytes]
"""An uploaded file: its name (without folders) and its bytes."""

_EXPANSION = 16
"""How much larger than the upload limit a page's round may grow when decompressed."""


def check_rows(round_: Round, settings: ServeSettings, where: str = "") -> Round:
    """``round_``, unless it holds more answers than the app allows (``too_many_rows``)."""
    count = len(round_.responses)
    if count > settings.max_rows:
        problem = Problem(where, "too_many_rows", {"count": count, "limit": settings.max_rows})
        raise InvalidInputError([problem])
    return round_


def _in_file(name: str, exc: InvalidInputError | UnknownRubricError) -> list[Problem]:
    """The problems of one of several files, each located in the file ``name``."""
    if isinstance(exc, InvalidInputError):
        found: Sequence[Problem] = exc.problems
    else:
        found = [exc.problem or Problem("", "invalid_field", {"detail": str(exc)})]
    return [
        Problem(name if p.location in ("", name) else f"{name}: {p.location}", p.code, p.params)
        for p in found
    ]


def _names(uploads: Sequence[Upload]) -> list[str]:
    """Each file's name, numbered where two files share one (``a.xlsx (2)``)."""
    counts = Counter(name for name, _ in uploads)
    seen: Counter[str] = Counter()
    out = []
    for name, _ in uploads:
        seen[name] += 1
        out.append(name if counts[name] == 1 else f"{name} ({seen[name]})")
    return out


def file_format(name: str) -> Any:
    """The format a file name's suffix names (``.xlsx``, ``.csv``, ``.json``), else None:
    recognised from the bytes, as for a file without a suffix."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in ("xlsx", "csv", "json") else None


def read_uploads(
    uploads: Sequence[Upload], rubric: Rubric | None, settings: ServeSettings
) -> Round:
    """The round in the uploaded files: one file as it is, several joined with
    :func:`~kepatuhan.concat_rounds` (the command line's rule); the problems of every file
    are raised together, each located in its file (``b.xlsx: Jawaban!F14``)."""
    from ..io import read_round

    if not uploads:
        raise InvalidInputError([Problem("files", "no_file")])
    if len(uploads) > settings.max_files:
        params = {"count": len(uploads), "limit": settings.max_files}
        raise InvalidInputError([Problem("files", "too_many_files", params)])
    if len(uploads) == 1:
        name, data = uploads[0]
        found = read_round(data, rubric=rubric, name=name, format=file_format(name))
        return check_rows(found, settings, name)
    rounds: dict[str, Round] = {}
    problems: list[Problem] = []
    failed: list[str] = []
    for name, (_, data) in zip(_names(uploads), uploads, strict=True):
        try:
            rounds[name] = read_round(data, rubric=rubric, name=name, format=file_format(name))
        except (InvalidInputError, UnknownRubricError) as exc:
            failed.append(name)
            problems += _in_file(name, exc)
    if problems:
        raise InvalidFileError(problems, subject=", ".join(failed))
    total = sum(len(r.responses) for r in rounds.values())
    if total > settings.max_rows:
        params = {"count": total, "limit": settings.max_rows}
        raise InvalidInputError([Problem("files", "too_many_rows", params)])
    return concat_rounds(rounds)


def read_body_round(body: bytes, rubric: Rubric | None, settings: ServeSettings) -> Round:
    """The round JSON of an API request body, read strictly as
    :func:`kepatuhan.io.read_round` reads a ``.json`` file (problems at field paths)."""
    from ..io import read_round

    return check_rows(read_round(body, rubric=rubric, format="json", name="body"), settings)


def encode_round(round_: Round) -> str:
    """The round as a page carries it: its JSON, deflated, in URL-safe base64 (the example
    round's 258 kB of JSON is 9 kB here)."""
    from ..io import write_round

    return base64.urlsafe_b64encode(zlib.compress(write_round(round_, format="json"), 9)).decode()


def decode_round(text: str, settings: ServeSettings) -> Round:
    """The round a page carried back (:func:`encode_round`), checked like any upload; a
    value that does not decode is ``page_round``. The server trusts nothing in it."""
    from ..io import read_round

    limit = settings.max_upload_bytes * _EXPANSION
    try:
        packed = base64.urlsafe_b64decode(text.strip().encode("ascii"))
        inflate = zlib.decompressobj()
        data = inflate.decompress(packed, limit)
        if inflate.unconsumed_tail or not inflate.eof:
            raise ValueError("too large or truncated")
    except (ValueError, UnicodeEncodeError, binascii.Error, zlib.error):
        raise InvalidInputError([Problem("round", "page_round")]) from None
    return check_rows(read_round(data, format="json", name="round"), settings, "round")
