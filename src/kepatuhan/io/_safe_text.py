"""Text from user data made safe for the file or screen it is written to.

One module for every writer, and for the reader that undoes what a writer did:

* CSV (OWASP "CSV injection"): a field a spreadsheet would run as a formula — one that
  starts with ``=``, ``+``, ``-``, ``@``, a TAB or a CR — gets a leading apostrophe.
  A field that already starts with apostrophes followed by such a character gets one more,
  so that :func:`csv_unquote` is the exact inverse of :func:`csv_quote` (the round's CSV
  reads back as written).
* Workbooks: text cells are stored as text, never as formulas; a text that starts like a
  formula is also marked "quote prefix" (Excel's leading apostrophe), so editing the cell
  does not turn it into one. Characters a workbook cannot hold (control characters other
  than TAB and LF, lone surrogates) are written visibly as ``\\x1b``.
* Terminal and text files: control characters (C0 but TAB and LF, DEL, C1), bidirectional
  overrides and lone surrogates are written visibly as ``\\x1b``, ``\\u202e``: a name cannot
  clear the screen, set the window title or hide a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "FORMULA_START",
    "csv_quote",
    "csv_unquote",
    "formula_like",
    "needs_quoting",
    "terminal_text",
    "text_cell",
    "text_only",
    "xlsx_column",
    "xlsx_rows",
    "xlsx_text",
]

FORMULA_START = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a field as a formula (OWASP)."""

_QUOTED = re.compile("'*[=+\\-@\t\r]")
"""Apostrophes (maybe none) and then a formula's first character."""

_XLSX_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 (a workbook's cells) cannot hold, those UTF-8 cannot encode, and CR
(which a workbook reads back as LF)."""

_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Control characters but TAB and LF, bidirectional overrides, lone surrogates."""

T = TypeVar("T")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def csv_quote(text: str) -> str:
    """``text`` as a CSV field a spreadsheet shows as text (see the module docstring)."""
    if text and (text[0] in FORMULA_START or (text[0] == "'" and _QUOTED.match(text))):
        return "'" + text
    return text


def csv_unquote(text: str) -> str:
    """The inverse of :func:`csv_quote`: one leading apostrophe off a quoted field."""
    if text[:1] == "'" and _QUOTED.match(text, 1):
        return text[1:]
    return text


def needs_quoting(row: Sequence[str]) -> bool:
    """Whether a CSV row holds a CR, which the csv module leaves unquoted when lines end
    with LF alone (Python's own reader then fails): such a row is written fully quoted."""
    return any("\r" in field for field in row)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` typed into a cell as a formula."""
    return text[:1] in ("=", "+", "-", "@")


def xlsx_text(text: str) -> str:
    """``text`` with what a workbook cell cannot hold written visibly (``\\x00``)."""
    return _XLSX_UNSAFE.sub(_escape, text) if _XLSX_UNSAFE.search(text) else text


def xlsx_column(values: list[T]) -> list[T]:
    """A column of cell values with :func:`xlsx_text` applied to each distinct text once;
    the same list when nothing changes (the common case)."""
    if _all_clean(values):
        return values
    texts = {v for v in values if isinstance(v, str)}
    changed = {t: xlsx_text(t) for t in texts if _XLSX_UNSAFE.search(t)}
    if not changed:
        return values
    return [cast("T", changed.get(v, v)) if isinstance(v, str) else v for v in values]


def xlsx_rows(rows: list[list[T]]) -> list[list[T]]:
    """Rows of cell values with :func:`xlsx_text` applied to their texts; the same rows
    when nothing changes (one check over all of them)."""
    if _all_clean([v for row in rows for v in row if isinstance(v, str)]):
        return rows
    return [xlsx_column(row) for row in rows]


def _all_clean(values: list[T]) -> bool:
    """Quickly, whether a column is all text without a character below U+0020 (TAB and LF
    included, so they take the exact path), a surrogate or U+FFFE/U+FFFF: one UTF-8
    encoding and one array minimum instead of a search per text."""
    try:
        text = " ".join(cast("list[str]", values))
        data = text.encode("utf-8")
    except (TypeError, UnicodeEncodeError):  # not all text, or a lone surrogate
        return False
    if not text.isascii() and ("\ufffe" in text or "\uffff" in text):
        return False
    return not data or int(np.frombuffer(data, dtype=np.uint8).min()) >= 0x20


def terminal_text(text: str) -> str:
    """``text`` with control characters written visibly (``\\x1b``), for the screen."""
    return _TERMINAL_UNSAFE.sub(_escape, text) if _TERMINAL_UNSAFE.search(text) else text


def text_only(workbook: Workbook) -> None:
    """Every text cell of ``workbook`` that openpyxl took for a formula made text again, and
    every text that starts like one marked with the quote prefix: for workbooks that hold
    text from data (a rubric's names) and no formula of their own."""
    for ws in workbook.worksheets:
        for cell in ws._cells.values():
            text_cell(cell)


def text_cell(cell: Any) -> None:
    """A workbook cell whose text starts like a formula kept as text (OWASP): stored as a
    string, with Excel's quote prefix so that editing it does not make it a formula either."""
    if isinstance(cell.value, str) and formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
