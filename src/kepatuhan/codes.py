"""What a code and a name may hold, and "did you mean" for codes that name nothing.

Codes (entity, unit, indicator, respondent, document references) identify things, so two
codes that look the same must be the same code. A code is normalised to Unicode NFC, and
refused when it holds a control character, an invisible or formatting character (a
zero-width space, a right-to-left override, a no-break space…), or letters of more than one
script (``u1`` spelled with a Cyrillic ``о``). The script of a letter or digit is the first
word of its Unicode name (LATIN, CYRILLIC, GREEK, ARABIC…); ASCII digits, punctuation,
symbols and combining marks belong to every script, and Chinese, Japanese and Korean
characters count as one script.

Names and other text (entity and unit names, province, sector, a round's title) may not
hold control characters (C0, DEL, C1) either: printed in a terminal they would be commands.
Longer free text (a note, an evidence link) may hold line breaks and tabs, nothing else.

Every check returns the message code of :data:`kepatuhan.errors.MESSAGES` and its params,
so each reader can locate it at its own cell or field path.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import InvalidInputError, Problem

__all__ = [
    "MAX_CODE",
    "CodeProblem",
    "Suggester",
    "check_code",
    "check_text",
    "checked_codes",
    "code_validator",
    "grouped_unknown",
    "multiline_text_validator",
    "rows_by_value",
    "text_validator",
]

MAX_CODE = 200
"""Longest code, in characters."""

IntArray = npt.NDArray[np.int64]
CodeProblem = tuple[str, dict[str, object]]
"""A message code and its params."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})
# Default-ignorable characters outside the categories above: they draw nothing.
_IGNORABLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800, 0x3164,
     0xFFA0, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)  # fmt: skip
_CJK = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"})
_NO_SCRIPT = frozenset({"MODIFIER", "COMBINING", "DIGIT"})
_SUGGEST_LIMIT = 20_000
"""Known codes above which only cheap suggestions (same code up to case and blanks) are
looked for: difflib compares against every known code."""
_CUTOFF = 0.75
_LOOK_ALIKE = str.maketrans({"o": "0", "l": "1", "i": "1", "|": "1"})
"""Characters typed for one another (after case folding): ``in0l`` is ``in01``."""
_CLOSE_SEARCHES = 20
"""Unknown codes per check that difflib looks for a close known code for."""
_ELSEWHERE = 5
_LIMIT = 200
"""Distinct unknown codes reported per check; the rest are counted in one more problem."""


def _char(c: str) -> str:
    return f"U+{ord(c):04X}"


def _script(c: str) -> str | None:
    """The script of a letter or digit, None for what belongs to every script."""
    if c.isascii():
        return "LATIN" if c.isalpha() else None
    category = unicodedata.category(c)
    if category[0] not in "LN":
        return None
    word = unicodedata.name(c, "").split(" ", 1)[0].split("-", 1)[0]
    if not word or word in _NO_SCRIPT:
        return None
    return "CJK" if word in _CJK else word


def check_code(text: str) -> tuple[str, CodeProblem | None]:
    """``text`` in NFC, and the first reason it is not a code (None if it is one).

    Length and blanks at either end are the caller's: a model field and a table column
    check them differently."""
    if text.isascii():  # the common case: NFC already, one script, no invisible character
        found = _CONTROL.search(text)
        return text, None if found is None else ("control_character", {"code": text})
    text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text):
        return text, ("control_character", {"code": text})
    scripts: dict[str, str] = {}
    for c in text:
        code_point = ord(c)
        if code_point < 0x80:
            if c.isalpha():
                scripts.setdefault("LATIN", c)
            continue
        category = unicodedata.category(c)
        if (category in _INVISIBLE_CATEGORIES and c != " ") or code_point in _IGNORABLE:
            return text, ("invisible_character", {"code": text, "char": _char(c)})
        script = _script(c)
        if script is not None:
            scripts.setdefault(script, c)
    if len(scripts) > 1:
        names = sorted(scripts)
        # The odd one out: a letter not in Latin, else the first of the second script met.
        others = [c for s, c in scripts.items() if s != "LATIN"]
        odd = others[0] if "LATIN" in scripts else others[1]
        params: dict[str, object] = {
            "code": text,
            "scripts": ", ".join(names),
            "char": f"{_char(odd)} {odd!r}",
        }
        return text, ("mixed_scripts", params)
    return text, None


def checked_codes(
    codes: Sequence[str], index: IntArray, column: str, problems: list[Problem]
) -> tuple[tuple[str, ...], IntArray]:
    """Distinct codes and each row's position in them (-1: none), as
    :func:`check_code` leaves them: each code in NFC and, if two became one, once (in
    order of first appearance, positions moved). A code that is not one is a problem at
    ``column[row]``, its first row. Printable ASCII codes are checked in one pass."""
    names = [str(c) for c in codes]
    joined = "".join(names)
    if joined.isascii() and _CONTROL.search(joined) is None:
        return tuple(names), index
    checked = [check_code(name) for name in names]
    for k, (_, problem) in enumerate(checked):
        if problem is not None:
            rows = np.flatnonzero(index == k)
            if rows.size:
                problems.append(Problem(f"{column}[{int(rows[0])}]", problem[0], problem[1]))
    normal = [text for text, _ in checked]
    if normal == names:
        return tuple(names), index
    first: dict[str, int] = {}
    remap = np.array([first.setdefault(text, len(first)) for text in normal], dtype=np.int64)
    return tuple(first), np.where(index >= 0, remap[np.maximum(index, 0)], -1)


def check_text(text: str, *, multiline: bool = False) -> CodeProblem | None:
    """Why ``text`` (a name or other text) cannot be kept, or None: a control character.
    ``multiline`` text may hold tabs and line breaks (``\\t``, ``\\n``, ``\\r``)."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(text)
    if found is None:
        return None
    return "text_control_character", {"text": text, "char": _char(found.group())}


def _raise(problem: CodeProblem) -> None:
    raise InvalidInputError([Problem("", problem[0], problem[1])])


def code_validator(text: str) -> str:
    """The pydantic after-validator of :data:`kepatuhan.entities.Code`: the NFC code, or
    an error located at the field (blanks at either end are refused too)."""
    if text.isascii() and text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text  # the common case, decided in C: no control character, one script
    text, problem = check_code(text)
    if problem is None and (text[:1].isspace() or text[-1:].isspace()):
        problem = ("code_blank_ends", {"code": text})
    if problem is not None:
        _raise(problem)
    return text


def text_validator(text: str) -> str:
    """The pydantic after-validator of a name: no control character."""
    if text.isascii() and text.isprintable():
        return text
    problem = check_text(text)
    if problem is not None:
        _raise(problem)
    return text


def multiline_text_validator(text: str) -> str:
    """The pydantic after-validator of free text (a note, evidence): tabs and line breaks
    allowed, no other control character."""
    problem = check_text(text, multiline=True)
    if problem is not None:
        _raise(problem)
    return text


def _folded(code: str) -> str:
    """A code compared loosely: compatibility forms, case, blanks and invisible characters
    do not matter."""
    text = unicodedata.normalize("NFKC", code).casefold()
    return "".join(
        c
        for c in text
        if not (c.isspace() or unicodedata.category(c) in _INVISIBLE_CATEGORIES)
        and ord(c) not in _IGNORABLE
    )


class Suggester:
    """The known code closest to an unknown one, for "did you mean": the same code up to
    case, blanks and invisible characters, else up to look-alikes (``0``/``o``,
    ``1``/``l``/``i``), else the closest by ``difflib`` (among up to 20,000 known codes,
    for the first 20 unknown codes)."""

    def __init__(self, known: Iterable[str]) -> None:
        self._known = sorted(set(known))
        self._folded: dict[str, str] | None = None
        self._skeletons: dict[str, str] | None = None
        self._searches = 0

    def __call__(self, code: str) -> str | None:
        if not self._known:
            return None
        if self._folded is None:
            self._folded = {}
            for k in self._known:
                self._folded.setdefault(_folded(k), k)
        same = self._folded.get(_folded(code))
        if same is not None and same != code:
            return same
        if self._skeletons is None:
            self._skeletons = {}
            for k in self._known:
                self._skeletons.setdefault(_folded(k).translate(_LOOK_ALIKE), k)
        same = self._skeletons.get(_folded(code).translate(_LOOK_ALIKE))
        if same is not None and same != code:
            return same
        if len(self._known) > _SUGGEST_LIMIT or self._searches >= _CLOSE_SEARCHES:
            return None
        self._searches += 1
        close = difflib.get_close_matches(code, self._known, n=1, cutoff=_CUTOFF)
        return close[0] if close and close[0] != code else None


def grouped_unknown(
    occurrences: Mapping[str, Sequence[Any] | npt.NDArray[Any]],
    code: str,
    where: Callable[[Any], tuple[str, Any]],
    known: Collection[str] | Suggester,
    *,
    extra: Mapping[str, object] | None = None,
    summary: tuple[str, Any] | None = None,
) -> list[tuple[Any, Problem]]:
    """One problem ``code`` per unknown code (in order of first occurrence), located at
    its first occurrence, with how often it occurs, where else, and the known code it is
    closest to: a typo met on 40 rows is one problem, not 40.

    ``occurrences`` maps each unknown code to its positions, in order; ``where(position)``
    gives ``(location, sort key)``; ``extra`` adds params to every problem. After 200
    codes the rest are counted in one ``more_problems`` problem at ``summary``
    (``(location, sort key)``, by default the first code's). Returns ``(sort key,
    problem)`` pairs."""
    suggest = known if isinstance(known, Suggester) else Suggester(known)
    out: list[tuple[Any, Problem]] = []
    for n, (unknown, positions) in enumerate(occurrences.items()):
        if n == _LIMIT:
            location, key = summary or where(next(iter(occurrences.values()))[0])
            more = {"count": len(occurrences) - _LIMIT, "code": code}
            out.append((key, Problem(location, "more_problems", more)))
            break
        location, key = where(positions[0])
        params: dict[str, object] = {"code": unknown, **(extra or {})}
        # Several positions can share a location (a workbook row holds many answers): each
        # place is counted and named once.
        places = list(dict.fromkeys(where(p)[0] for p in positions))
        if len(places) > 1:
            params["occurrences"] = len(places)
            params["elsewhere"] = _elsewhere(location, places[1 : _ELSEWHERE + 1])
            if len(places) > _ELSEWHERE + 1:
                params["elsewhere"] = f"{params['elsewhere']}, …"
        suggestion = suggest(unknown)
        if suggestion is not None:
            params["suggestion"] = suggestion
        out.append((key, Problem(location, code, params)))
    return out


def rows_by_value(values: npt.NDArray[Any], mask: npt.NDArray[np.bool_]) -> list[IntArray]:
    """The rows where ``mask`` holds, grouped by their value in ``values``: one array of
    rows per distinct value, in order of first occurrence (one sort, not a pass per value)."""
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return []
    found = values[rows]
    order = np.argsort(found, kind="stable")
    ordered = found[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    groups = np.split(rows[order], starts[1:])
    groups.sort(key=lambda g: int(g[0]))
    return groups


def _elsewhere(first: str, others: list[str]) -> str:
    """Further locations, without the sheet or file name they share with ``first``."""
    sheet = first.rsplit("!", 1)[0] + "!" if "!" in first else None
    return ", ".join(o[len(sheet) :] if sheet and o.startswith(sheet) else o for o in others)
