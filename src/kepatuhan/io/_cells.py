"""Single cells: reading codes, text, numbers (decimal comma), enum words, yes/no, and
writing numbers and yes/no so that they read back.

Each reader returns the value or a :class:`CellError` (a message code and its params),
so the caller can attach the cell's location. Nothing here knows about sheets or files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from ..catalog import WORDS, Language

__all__ = [
    "MAX_CODE",
    "CellError",
    "answer_allowed",
    "column_letter",
    "header_key",
    "is_blank",
    "number_text",
    "read_bool",
    "read_code",
    "read_date",
    "read_enum",
    "read_number",
    "read_text",
    "yes_no",
]

MAX_CODE = 200  # as kepatuhan.entities.Code
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# ASCII digits only, as JSON: "٣" or "３" reads as 3 to Python, not to the person who typed it.
_NUMBER = re.compile(r"([+-]?)([0-9]+)(?:([.,])([0-9]+))?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_TRUE = frozenset({"ya", "yes", "true", "benar", "1", "y"})
_FALSE = frozenset({"tidak", "no", "false", "salah", "0", "t", "n"})

_STATUS_WORDS = "tidak_berlaku, belum_dinilai"  # ResponseStatus, as a file spells them

E = TypeVar("E", bound=StrEnum)

Cell = object
"""A raw cell value as openpyxl or the csv module gives it (str, int, float, bool, dates…)."""


@dataclass(frozen=True)
class CellError:
    """Why a cell could not be read: a message code of ``kepatuhan.errors.MESSAGES``."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 1-based index: 1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_key(value: Cell) -> str:
    """A header compared loosely: case, blanks, hyphens and underscores do not matter."""
    text = "" if value is None else str(value)
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: Cell, *, limit: int | None = None) -> str | CellError:
    """Free text (names, links): trimmed; numbers are written as they read."""
    if isinstance(value, bool | datetime | date | time):
        return CellError("not_text", {"value": str(value)})
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value).strip()
    if limit is not None and len(text) > limit:
        return CellError("text_too_long", {"maximum": limit})
    return text


def read_code(value: Cell) -> str | CellError:
    """An identifier (unit code, respondent…): trimmed text without control characters."""
    text = read_text(value, limit=MAX_CODE)
    if isinstance(text, str) and _CONTROL.search(text):
        return CellError("control_character", {"code": text})
    return text


def number_text(value: float) -> str:
    """``value`` as decimal text that ``read_number`` reads back exactly: no exponent, and
    never the ``1.234`` form it refuses as ambiguous (written ``1.2340``)."""
    value = float(value)  # an int is a float to the type checker, not to is_integer()
    if value.is_integer():
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    whole, _, fraction = text.lstrip("-").partition(".")
    if len(fraction) == 3 and whole != "0" and len(whole) <= 3:
        text += "0"
    return text


def answer_allowed(scale: object) -> str:
    """What an answer cell of an indicator on ``scale`` may hold, for ``not_a_number``:
    the scale as ``out_of_scale`` names it, and the two status words."""
    return f"{scale}, {_STATUS_WORDS}"


def read_number(value: Cell, allowed: object) -> float | CellError:
    """A number cell, or text holding one unambiguously (``"2"``, ``"2.5"``, ``"2,5"``) in
    ASCII digits (other digits, ``"٣"`` or ``"３"``, are refused as ``non_ascii_digits``).
    ``allowed`` names what the cell may hold (a text, or a catalog ``Message``), which
    ``not_a_number`` says.

    One separator, dot or comma, is a decimal separator — unless it could also be a
    thousands separator (``"1.234"``, ``"12,500"``: a non-zero whole part and exactly three
    digits after it), which is refused as ambiguous rather than guessed.
    """
    if isinstance(value, bool):
        return CellError("not_a_number", {"text": str(value), "allowed": allowed})
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return CellError("not_finite", {"value": number})
        return number
    if not isinstance(value, str):
        return CellError("not_a_number", {"text": str(value), "allowed": allowed})
    text = value.strip()
    match = _NUMBER.fullmatch(text)
    if match is None:
        if any(c.isdecimal() and not c.isascii() for c in text):
            return CellError("non_ascii_digits", {"text": text})
        return CellError("not_a_number", {"text": text, "allowed": allowed})
    sign, whole, separator, fraction = match.groups()
    if separator and len(fraction) == 3 and whole != "0" and len(whole) <= 3:
        return CellError(
            "ambiguous_number",
            {
                "text": text,
                "decimal": f"{sign}{whole}.{fraction}",
                "thousands": f"{sign}{whole}{fraction}",
            },
        )
    return float(f"{sign}{whole}.{fraction}" if separator else f"{sign}{whole}")


def read_date(value: Cell) -> date | CellError:
    """A date cell, or text ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (day first, also with ``-`` or
    ``.``). A bare number is refused: it may be a date whose cell lost its date format."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if isinstance(value, str):
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = match.groups()
        elif match := _DAY_FIRST.fullmatch(text):
            day, month, year = match.groups()
        else:
            return CellError("not_a_date", {"text": text})
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    return CellError("not_a_date", {"text": text})


def read_enum(
    value: Cell, enum: type[E], column: str, *, aliases: dict[str, E] | None = None
) -> E | CellError:
    """An enum member from its value or name, loosely (``Pengguna Layanan`` → pengguna_layanan)."""
    key = header_key(value)
    for member in enum:
        if key in (member.value, member.name.lower()):
            return member
    if aliases and key in aliases:
        return aliases[key]
    allowed = ", ".join(m.value for m in enum)
    params = {"value": str(value).strip(), "column": column, "allowed": allowed}
    return CellError("unknown_value", params)


def yes_no(value: bool, lang: Language) -> str:
    """The word for ``value`` in ``lang`` (ya/tidak, yes/no), which :func:`read_bool` reads."""
    return WORDS["yes" if value else "no"].template(lang)


def read_bool(value: Cell, column: str) -> bool | CellError:
    """Yes/no: ya/tidak, yes/no, true/false, 1/0 (or an Excel boolean)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = header_key(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return CellError(
        "unknown_value", {"value": str(value).strip(), "column": column, "allowed": "ya, tidak"}
    )
