"""Data in and out: Excel templates, reading rounds from xlsx/CSV/JSON, exporting results.

* :func:`write_template` — the Excel workbook field staff fill in for a rubric;
* :func:`read_round` — a checked :class:`~kepatuhan.Round` from a filled workbook, a long
  CSV file or the round's JSON; every problem is reported at once with its ``sheet!cell``;
* :func:`write_round` — a round as a filled workbook, a long CSV file or JSON, which
  :func:`read_round` reads back as the same round;
* :func:`export_result` — a scored round as a printable workbook, one CSV table, or JSON;
* :func:`export_skm` — an SKM result as a printable workbook, one CSV table, or JSON;
* :func:`export_uncertainty`, :func:`export_sensitivity` — sampling uncertainty and weight
  sensitivity as CSV, a printable workbook or JSON.
* :func:`export_plan`, :func:`export_reconciliation` — a plan's worklist and a
  reconciliation's "catatan kekurangan" as one CSV table, a printable workbook, or JSON;
* :func:`read_survey` — an SKM survey sheet as agencies keep it (one row per respondent,
  ``U1``…``Un``, profile columns), or any file :func:`read_round` reads, as a
  :class:`SkmSurvey`;
* :func:`json_schemas` — JSON Schemas of the round (input) and the result (output).

Each reads from a path, from bytes or from a binary file object, and writes to a path, into
a binary file object or to bytes, with no temporary file (for a web app's uploads and
downloads). Excel support needs the optional dependency openpyxl
(``pip install "kepatuhan[excel]"``); CSV and JSON work without it. The layouts are
described in docs/data-files.md.
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import IO, Any, Literal, TypeVar, get_args, overload

from ..errors import InvalidFileError, Language, Problem
from ..registry import resolve_rubric
from ..results import RoundResult
from ..round import Round
from ..rubric import Rubric
from ._streams import BinaryWriter, Source, Target, name_of, opened, sniff, write_all, writer
from .draws_export import export_sensitivity, export_uncertainty
from .skm_export import export_skm
from .skm_survey import SkmSurvey, read_survey
from .worklist_export import export_plan, export_reconciliation

__all__ = [
    "FileFormat",
    "Progress",
    "SkmSurvey",
    "Source",
    "Target",
    "export_plan",
    "export_reconciliation",
    "export_result",
    "export_sensitivity",
    "export_skm",
    "export_uncertainty",
    "json_schemas",
    "read_round",
    "read_survey",
    "write_round",
    "write_template",
]

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called while a file is read: rows for xlsx and CSV (``total``
as the file declares it, raised if more rows turn up), bytes for JSON; last call has
``done == total``."""

FileFormat = Literal["xlsx", "csv", "json"]
_FORMATS: tuple[str, ...] = get_args(FileFormat)

_W = TypeVar("_W", bound=BinaryWriter)
_PathArg = str | PathLike[str]


@overload
def write_template(
    rubric: Rubric | str, target: _PathArg, *, lang: Language = ..., overwrite: bool = ...
) -> Path: ...
@overload
def write_template(
    rubric: Rubric | str, target: _W, *, lang: Language = ..., overwrite: bool = ...
) -> _W: ...
@overload
def write_template(
    rubric: Rubric | str,
    target: None = ...,
    *,
    lang: Language = ...,
    path: _PathArg,
    overwrite: bool = ...,
) -> Path: ...
@overload
def write_template(
    rubric: Rubric | str, target: None = ..., *, lang: Language = ..., overwrite: bool = ...
) -> bytes: ...
def write_template(
    rubric: Rubric | str,
    target: Target | None = None,
    *,
    lang: Language = "id",
    path: _PathArg | None = None,
    overwrite: bool = True,
) -> Path | BinaryWriter | bytes:
    """The Excel template to fill in for ``rubric`` (an object or an id), in ``lang``.

    ``target`` is a path (returned), a writable binary file object (written into and
    returned) or ``None`` (the workbook's bytes are returned); the bytes are the same in
    each case. ``path`` is the former name of ``target``. Needs openpyxl.

    A path is written whole or not at all (``overwrite`` as in :func:`export_result`); a
    path whose suffix is not ``.xlsx`` raises :class:`InvalidFileError` (``unknown_format``).
    """
    from .template import template_bytes

    target = _renamed("write_template", target, path)
    name, file, out = _destination(target)
    if file is not None:
        _format(file.suffix, None, name, ("xlsx",))
    data = template_bytes(resolve_rubric(rubric), name, lang=lang)
    return _deliver(data, file, out, overwrite)


def read_round(
    source: Source | None = None,
    *,
    rubric: Rubric | str | None = None,
    format: FileFormat | None = None,
    progress: Progress | None = None,
    name: str | None = None,
    path: _PathArg | None = None,
) -> Round:
    """Read and check an assessment round from a template workbook, a CSV file or JSON.

    ``source`` is a path (str or PathLike), the file's bytes (``bytes``, ``bytearray``,
    ``memoryview``) or a readable binary file object (an open file, ``io.BytesIO``, an
    upload stream), read from where it stands and left open; one that cannot seek is read
    into memory once. A text stream (``io.StringIO``) raises :class:`TypeError`. ``path``
    is the former name of ``source``.

    The format is ``format`` if given, else a path's suffix (``.xlsx``, ``.csv``,
    ``.json``), else sniffed from bytes and file objects: a zip holding
    ``xl/workbook.xml`` is a workbook, a first non-blank byte ``{`` (after an optional
    UTF-8 BOM) is JSON, anything else is CSV. ``name`` is the file name that problem
    locations start with (``jawaban.csv!I3``): by default a path's name, a file object's
    ``.name`` without its folders, else ``data``.

    ``rubric`` is required for CSV; a workbook and a JSON file name their rubric, and if
    ``rubric`` is given too they must agree. The round is checked against itself and
    against the rubric (the checks ``kp.score`` runs); :class:`InvalidFileError` lists
    every problem with its location (``Jawaban!F14``). Nothing is returned from a file
    with problems.
    """
    if source is None:
        if path is None:
            raise TypeError("read_round() needs a source: a path, bytes or a binary file object")
        source = path
    elif path is not None:
        raise TypeError("read_round() got both source and path (its former name): give one")
    if isinstance(source, str | PathLike):
        file = Path(source)
        label = name or file.name
        kind = _format(file.suffix, format, label)
        rub = None if rubric is None else resolve_rubric(rubric)
        _need_rubric(kind, rub, label)
        if kind == "xlsx":
            from ._excel import require_openpyxl

            require_openpyxl()  # said before a missing file is, as it always was
        with opened(file, label) as (stream, label):
            return _read(kind, stream, label, rub, progress)
    rub = None if rubric is None else resolve_rubric(rubric)
    with opened(source, name) as (stream, label):
        kind = sniff(stream, label) if format is None else _format("", format, label)
        _need_rubric(kind, rub, label)
        return _read(kind, stream, label, rub, progress)


@overload
def write_round(
    round_: Round,
    target: _PathArg,
    *,
    rubric: Rubric | str | None = ...,
    format: FileFormat | None = ...,
    lang: Language = ...,
    overwrite: bool = ...,
) -> Path: ...
@overload
def write_round(
    round_: Round,
    target: _W,
    *,
    rubric: Rubric | str | None = ...,
    format: FileFormat | None = ...,
    lang: Language = ...,
    overwrite: bool = ...,
) -> _W: ...
@overload
def write_round(
    round_: Round,
    target: None = ...,
    *,
    rubric: Rubric | str | None = ...,
    format: FileFormat | None = ...,
    lang: Language = ...,
    path: _PathArg,
    overwrite: bool = ...,
) -> Path: ...
@overload
def write_round(
    round_: Round,
    target: None = ...,
    *,
    rubric: Rubric | str | None = ...,
    format: FileFormat | None = ...,
    lang: Language = ...,
    overwrite: bool = ...,
) -> bytes: ...
def write_round(
    round_: Round,
    target: Target | None = None,
    *,
    rubric: Rubric | str | None = None,
    format: FileFormat | None = None,
    lang: Language = "id",
    path: _PathArg | None = None,
    overwrite: bool = True,
) -> Path | BinaryWriter | bytes:
    """Write a round as a file :func:`read_round` reads back as the same round: the
    rubric's template filled in (xlsx), the long CSV file, or the round's JSON. For
    instance, to prefill next year's workbook with this year's units.

    ``target`` is a path (returned), a writable binary file object (written into and
    returned) or ``None`` (the file's bytes are returned); the bytes are the same in each
    case. The format is ``format`` if given, else the path's suffix; a file object or
    ``None`` needs ``format``. ``path`` is the former name of ``target``. ``lang`` is the
    language of the template or of the CSV headers. ``rubric`` (an object or an id)
    defaults to the round's. The round is first checked against the rubric as
    :func:`read_round` checks a file (:class:`~kepatuhan.InvalidRoundError`); what the
    format cannot carry — the round's title, note and synthetic flag, dimension scores,
    oversight products or units without answers in CSV, collection dates outside JSON —
    raises :class:`InvalidFileError` instead of being dropped. Nothing is written then
    (docs/data-files.md lists what comes back in another order). The same round always
    gives the same bytes. A path is written whole or not at all (``overwrite`` as in
    :func:`export_result`).
    """
    from .round_writer import round_bytes

    target = _renamed("write_round", target, path)
    name, file, out = _destination(target)
    kind = _format(file.suffix if file is not None else "", format, name)
    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    return _deliver(round_bytes(round_, rub, name, kind, lang), file, out, overwrite)


@overload
def export_result(
    result: RoundResult,
    target: _PathArg,
    *,
    format: str | None = ...,
    lang: Language = ...,
    overwrite: bool = ...,
) -> Path: ...
@overload
def export_result(
    result: RoundResult,
    target: _W,
    *,
    format: str | None = ...,
    lang: Language = ...,
    overwrite: bool = ...,
) -> _W: ...
@overload
def export_result(
    result: RoundResult,
    target: None = ...,
    *,
    format: str | None = ...,
    lang: Language = ...,
    path: _PathArg,
    overwrite: bool = ...,
) -> Path: ...
@overload
def export_result(
    result: RoundResult,
    target: None = ...,
    *,
    format: str | None = ...,
    lang: Language = ...,
    overwrite: bool = ...,
) -> bytes: ...
def export_result(
    result: RoundResult,
    target: Target | None = None,
    *,
    format: str | None = None,
    lang: Language = "id",
    path: _PathArg | None = None,
    overwrite: bool = True,
) -> Path | BinaryWriter | bytes:
    """Export a scored round as xlsx (printable, headers in ``lang``), CSV (one table,
    English column names), JSON (``result.to_json()``), or a format registered with
    :func:`kepatuhan.io.exporters.register_exporter`.

    ``target`` is a path (returned), a writable binary file object (written into and
    returned) or ``None`` (the file's bytes are returned); the bytes are the same in each
    case. The format is ``format`` if given, else the path's suffix; a file object or
    ``None`` needs ``format``. ``path`` is the former name of ``target``. The same result
    always gives the same bytes.

    A path is written whole or not at all: through a temporary file in its folder, then
    renamed; a symbolic link there is replaced, never followed. ``overwrite=False``
    refuses a path that exists (:class:`InvalidFileError`, ``output_exists``); the default
    replaces it, as before.
    """
    from .exporters import default_exporters

    target = _renamed("export_result", target, path)
    name, file, out = _destination(target)
    exporter = default_exporters().choose(file.suffix if file is not None else "", format, name)
    return _deliver(exporter.write(result, lang), file, out, overwrite)


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas (draft 2020-12): ``round`` (what ``read_round`` reads as JSON) and
    ``result`` (what ``export_result`` writes as JSON). Deterministic."""
    from .schema import json_schemas as schemas

    return schemas()


def _format(suffix: str, format: str | None, name: str, formats: tuple[str, ...] = _FORMATS) -> str:
    """The format asked for, else the one a path's ``suffix`` names; ``unknown_format``
    (located at the file ``name``) when neither gives one of ``formats``."""
    kind = format if format is not None else suffix.lower().lstrip(".")
    if kind not in formats:
        params = {"suffix": suffix if format is None else format}
        raise InvalidFileError([Problem(name, "unknown_format", params)], subject=name)
    return kind


def _need_rubric(kind: str, rubric: Rubric | None, name: str) -> None:
    """A CSV file does not name its rubric: reading one needs ``rubric=``."""
    if kind == "csv" and rubric is None:
        raise InvalidFileError([Problem(name, "rubric_required")], subject=name)


def _read(
    kind: str, stream: IO[bytes], name: str, rubric: Rubric | None, progress: Progress | None
) -> Round:
    try:
        return _read_kind(kind, stream, name, rubric, progress)
    except InvalidFileError as err:
        # An SKM survey sheet (U1…Un, one row per respondent) is not a round: say how to
        # read it, above the reader's own problems.
        from .skm_survey import survey_hint

        hint = survey_hint(stream, name, kind) if kind in ("xlsx", "csv") else None
        if hint is None:
            raise
        raise InvalidFileError([hint, *err.problems], subject=err.subject) from None


def _read_kind(
    kind: str, stream: IO[bytes], name: str, rubric: Rubric | None, progress: Progress | None
) -> Round:
    if kind == "xlsx":
        from .workbook import read_workbook

        return read_workbook(stream, name, rubric, progress)
    if kind == "csv":
        from .csv_format import read_csv

        assert rubric is not None  # _need_rubric
        return read_csv(stream, name, rubric, progress)
    from .json_format import read_json

    return read_json(stream, name, rubric, progress)


def _renamed(function: str, target: Target | None, path: _PathArg | None) -> Target | None:
    """``target``, or ``path`` given under the parameter's former name."""
    if path is None:
        return target
    if target is not None:
        raise TypeError(f"{function}() got both target and path (its former name): give one")
    return path


def _destination(target: Target | None) -> tuple[str, Path | None, BinaryWriter | None]:
    """``(file name for problems, path, file object)`` of a target, checked before any
    work: a text stream or a non-writer raises :class:`TypeError`."""
    if target is None:
        return name_of(None), None, None
    if isinstance(target, str | PathLike):
        file = Path(target)
        return file.name, file, None
    out = writer(target)
    return name_of(out), None, out


def _deliver(
    data: bytes, file: Path | None, out: BinaryWriter | None, overwrite: bool = True
) -> Path | BinaryWriter | bytes:
    """Write ``data`` to the path (whole, through a temporary file) or into the file
    object and return it, or return it."""
    if file is not None:
        from ._atomic import write_file

        return write_file(file, data, overwrite=overwrite)
    if out is not None:
        write_all(out, data)
        return out
    return data
