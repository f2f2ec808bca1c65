"""Data in and out: Excel templates, reading rounds from xlsx/CSV/JSON, exporting results.

* :func:`write_template` — the Excel workbook field staff fill in for a rubric;
* :func:`read_round` — a checked :class:`~kepatuhan.Round` from a filled workbook, a long
  CSV file or the round's JSON; every problem is reported at once with its ``sheet!cell``;
* :func:`write_round` — a round as a filled workbook, a long CSV file or JSON, which
  :func:`read_round` reads back as the same round;
* :func:`export_result` — a scored round as a printable workbook, one CSV table, or JSON;
* :func:`json_schemas` — JSON Schemas of the round (input) and the result (output).

Excel support needs the optional dependency openpyxl (``pip install "kepatuhan[excel]"``);
CSV and JSON work without it. The layouts are described in docs/data-files.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args

from ..errors import InvalidFileError, Language, Problem
from ..registry import resolve_rubric
from ..results import RoundResult
from ..round import Round
from ..rubric import Rubric

__all__ = [
    "FileFormat",
    "Progress",
    "export_result",
    "json_schemas",
    "read_round",
    "write_round",
    "write_template",
]

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called while a file is read: rows for xlsx and CSV (``total``
as the file declares it, raised if more rows turn up), bytes for JSON; last call has
``done == total``."""

FileFormat = Literal["xlsx", "csv", "json"]
_FORMATS: tuple[str, ...] = get_args(FileFormat)


def write_template(rubric: Rubric | str, path: str | Path, *, lang: Language = "id") -> Path:
    """Write the Excel template to fill in for ``rubric`` (an object or an id); returns the
    path written. Needs openpyxl."""
    from .template import write_template as write

    return write(resolve_rubric(rubric), Path(path), lang=lang)


def read_round(
    path: str | Path,
    *,
    rubric: Rubric | str | None = None,
    format: FileFormat | None = None,
    progress: Progress | None = None,
) -> Round:
    """Read and check an assessment round from a template workbook, a CSV file or JSON.

    The format comes from the suffix (``.xlsx``, ``.csv``, ``.json``) unless ``format`` is
    given. ``rubric`` is required for CSV; a workbook and a JSON file name their rubric,
    and if ``rubric`` is given too they must agree. The round is checked against itself
    and against the rubric (the checks ``kp.score`` runs); :class:`InvalidFileError` lists
    every problem with its location (``Jawaban!F14``). Nothing is returned from a file with
    problems.
    """
    file = Path(path)
    kind = _format(file, format)
    rub = None if rubric is None else resolve_rubric(rubric)
    if kind == "xlsx":
        from .workbook import read_workbook

        return read_workbook(file, rub, progress)
    if kind == "csv":
        from .csv_format import read_csv

        if rub is None:
            raise InvalidFileError([Problem(file.name, "rubric_required")],
                                   subject=file.name)  # fmt: skip
        return read_csv(file, rub, progress)
    from .json_format import read_json

    return read_json(file, rub, progress)


def write_round(
    round_: Round,
    path: str | Path,
    *,
    rubric: Rubric | str | None = None,
    format: FileFormat | None = None,
    lang: Language = "id",
) -> Path:
    """Write a round as a file :func:`read_round` reads back as the same round: the
    rubric's template filled in (xlsx), the long CSV file, or the round's JSON; returns
    the path. For instance, to prefill next year's workbook with this year's units.

    The format comes from the suffix unless ``format`` is given; ``lang`` is the language
    of the template or of the CSV headers. ``rubric`` (an object or an id) defaults to the
    round's. The round is first checked against the rubric as :func:`read_round` checks a
    file (:class:`~kepatuhan.InvalidRoundError`); what the format cannot carry — the
    round's title, note and synthetic flag, dimension scores, oversight products or units
    without answers in CSV, collection dates outside JSON — raises
    :class:`InvalidFileError` instead of being dropped. Nothing is written then
    (docs/data-files.md lists what comes back in another order). The same round always
    gives the same bytes.
    """
    file = Path(path)
    kind = _format(file, format)
    from .round_writer import write_round as write

    rub = resolve_rubric(rubric if rubric is not None else round_.rubric)
    return write(round_, rub, file, kind, lang)


def export_result(
    result: RoundResult,
    path: str | Path,
    *,
    format: FileFormat | None = None,
    lang: Language = "id",
) -> Path:
    """Write a scored round to ``path`` as xlsx (printable, headers in ``lang``), CSV (one
    table, English column names) or JSON (``result.to_json()``); returns the path.

    The same result always gives the same bytes.
    """
    file = Path(path)
    kind = _format(file, format)
    from . import export

    if kind == "xlsx":
        return export.write_xlsx(result, file, lang)
    if kind == "csv":
        return export.write_csv(result, file)
    return export.write_json(result, file)


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas (draft 2020-12): ``round`` (what ``read_round`` reads as JSON) and
    ``result`` (what ``export_result`` writes as JSON). Deterministic."""
    from .schema import json_schemas as schemas

    return schemas()


def _format(path: Path, format: str | None) -> str:
    kind = format if format is not None else path.suffix.lower().lstrip(".")
    if kind not in _FORMATS:
        params = {"suffix": path.suffix if format is None else format}
        raise InvalidFileError([Problem(path.name, "unknown_format", params)],
                               subject=path.name)  # fmt: skip
    return kind
