"""A small user CSV file (a cost table, a code map): rows, and the columns its header names."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import InvalidFileError, Problem

__all__ = ["read_csv_table"]


def read_csv_table(
    path: str | Path, aliases: Mapping[str, str], required: Sequence[tuple[str, str]]
) -> tuple[str, list[list[str]], dict[str, int]]:
    """The file's name, its rows after the header, and the position of each column.

    ``aliases`` maps a header (case-insensitive) to the column it means; ``required`` lists
    ``(word, column)`` pairs that must be there, ``word`` being what the error names. Raises
    :class:`~kepatuhan.InvalidFileError`: not UTF-8, empty, or a required column missing
    (each at row 1 of the file).
    """
    file = Path(path)
    name = file.name
    try:
        rows = list(csv.reader(io.StringIO(file.read_bytes().decode("utf-8-sig"))))
    except UnicodeDecodeError:
        raise InvalidFileError([Problem(name, "not_utf8", {"row": 1})]) from None
    if not rows:
        raise InvalidFileError([Problem(name, "empty_file", {})])
    header = [aliases.get(cell.strip().casefold()) for cell in rows[0]]
    missing = [
        Problem(f"{name}!1", "missing_column", {"column": word})
        for word, column in required
        if column not in header
    ]
    if missing:
        raise InvalidFileError(missing)
    return name, rows[1:], {column: header.index(column) for _, column in required}
