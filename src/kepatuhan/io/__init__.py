"""Data in and out: Excel templates, reading rounds from xlsx/CSV/JSON, exporting results.

Excel support needs the optional dependency openpyxl (``pip install "kepatuhan[excel]"``);
CSV and JSON work without it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ..errors import Language
from ..results import RoundResult
from ..round import Round
from ..rubric import Rubric

__all__ = ["Progress", "export_result", "json_schemas", "read_round", "write_template"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called while a file is read (rows done of rows in total)."""

FileFormat = Literal["xlsx", "csv", "json"]


def write_template(rubric: Rubric | str, path: str | Path, *, lang: Language = "id") -> Path:
    """Write an Excel template to fill in for ``rubric``; returns the path written."""
    raise NotImplementedError


def read_round(
    path: str | Path,
    *,
    rubric: Rubric | str | None = None,
    format: FileFormat | None = None,
    progress: Progress | None = None,
) -> Round:
    """Read an assessment round from a template workbook, a CSV file or a JSON file."""
    raise NotImplementedError


def export_result(
    result: RoundResult,
    path: str | Path,
    *,
    format: FileFormat | None = None,
    lang: Language = "id",
) -> Path:
    """Write a scored round to xlsx, CSV or JSON; returns the path written."""
    raise NotImplementedError


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of the file formats: ``round`` (input) and ``result`` (output)."""
    raise NotImplementedError
