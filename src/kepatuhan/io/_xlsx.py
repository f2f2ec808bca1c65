"""The parts of an .xlsx package the round reader needs, read with bounded time and memory.

A workbook is a zip of XML parts. Before any part is expanded, its declared size and its
compression ratio are checked against the limits below (a zip bomb is refused, never
expanded). Each part is then streamed through expat with handlers that keep only what is
read — no element tree, no text outside cells — so blanks, unknown elements or a long tail
cost time in proportion to the (bounded) part size and no memory. A document type
declaration (entities) is refused. Rows are yielded as they appear, never padded: a row or
column number beyond Excel's last (row 1,048,576, column XFD) is refused with its location.

Problems are raised as :class:`PackageProblemError` (one located problem, fatal: the file is
damaged or hostile); anything unreadable in the zip or the XML as :class:`DamagedPackageError`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from xml.parsers import expat

from ._cells import column_letter

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_PACKAGE_BYTES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "RATIO_FLOOR",
    "DamagedPackageError",
    "Package",
    "PackageProblemError",
    "SheetRow",
]

MAX_ROWS = 1_048_576
"""Excel's last row: a row numbered beyond it is refused."""
MAX_COLUMNS = 16_384
"""Excel's last column (XFD): a cell beyond it is refused."""
MAX_CELL_CHARS = 32_767
"""The most characters an Excel cell holds: a longer text is refused."""
MAX_PART_BYTES = 256 * 2**20
"""The most one part read (a sheet, the shared strings, the styles…) may expand to."""
MAX_PACKAGE_BYTES = 1024 * 2**20
"""The most all the parts read may expand to together."""
MAX_RATIO = 100
"""The most a part larger than :data:`RATIO_FLOOR` may expand relative to its compressed
size: real sheets expand 5–30 times, a zip bomb hundreds or a thousand times."""
RATIO_FLOOR = 2**20

_CHUNK = 1 << 16
_NO_STYLE = 0
_DATE = 1
_TIMEDELTA = 2
_PERCENT = 3
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_DIGITS = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_REF = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")
_DIMENSION_ROW = re.compile(r"([0-9]+)$")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>|<(?:[\w.-]+:)?sheetData\s*/>")
_MERGE = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\s[^>]{0,2000}?ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\""
)
_MERGE_OVERLAP = 4096  # longer than any match of _MERGE
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')

SheetRow = tuple[int, tuple[Any, ...], tuple[int, ...], tuple[tuple[int, Any], ...]]
"""``(row number, values, percent, beyond)``: the values from column A to the last value
(at most ``width`` of them), the 0-based positions among them of numbers shown as a
percentage, and ``(column, value)`` of each non-blank value past ``width``."""


class PackageProblemError(Exception):
    """One located problem that stops the reading (a damaged or hostile part)."""

    def __init__(self, location: str, code: str, params: Mapping[str, object]) -> None:
        super().__init__(location, code)
        self.location = location
        self.code = code
        self.params = dict(params)


class DamagedPackageError(Exception):
    """The zip or the XML of a part cannot be read."""


class _StopError(Exception):
    """Ends a parse early (the part's head was all that was needed)."""


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str


def _local(name: str) -> str:
    return name if ":" not in name else name.rpartition(":")[2]


def _refuse_doctype(*_: object) -> None:
    raise DamagedPackageError("document type declaration")


def _parser() -> Any:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    return parser


class Package:
    """An open workbook package: its sheets (in workbook order), shared strings and styles."""

    def __init__(self, handle: IO[bytes], name: str, read: Callable[[list[str]], list[str]]):
        """Open the zip in ``handle``; ``read(sheet names)`` says which sheets will be read,
        so that their parts are checked against the limits with the others first."""
        self.name = name
        try:
            self.archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
            raise DamagedPackageError(str(err)) from None
        self._infos = {info.filename: info for info in self.archive.infolist()}
        self._checked: dict[str, int] = {}
        self.epoch = _EPOCH_1900
        book = self._office_document()
        self._check(book)
        targets = self._relations(book)
        self.sheets = self._workbook(book, targets)
        self.names = [s.name for s in self.sheets]
        kinds = [targets.get(key, "") for key in ("styles", "sharedStrings")]
        for part in kinds:
            if part:
                self._check(part)
        wanted = set(read(self.names))
        for sheet in self.sheets:
            if sheet.name in wanted and sheet.part is not None:
                self._check(sheet.part, sheet.name)
        self._styles = self._read_styles(kinds[0]) if kinds[0] else array("b")
        self._strings, self._offsets = self._read_strings(kinds[1])

    def close(self) -> None:
        self.archive.close()

    # Limits -----------------------------------------------------------------------------

    def _check(self, part: str, sheet: str | None = None) -> None:
        """Refuse a part that would expand beyond the limits, before it is expanded; the
        problem is located at its sheet's name, else at the file's."""
        info = self._infos.get(part)
        if info is None or part in self._checked:
            return
        where = sheet if sheet is not None else self.name
        size, packed = info.file_size, max(info.compress_size, 1)
        params: dict[str, object]
        if size > MAX_PART_BYTES:
            params = {"part": part, "size": _mib(size), "limit": _mib(MAX_PART_BYTES)}
            raise PackageProblemError(where, "xlsx_part_too_large", params)
        if size > RATIO_FLOOR and size > MAX_RATIO * packed:
            params = {"part": part, "ratio": size // packed, "limit": MAX_RATIO}
            raise PackageProblemError(where, "xlsx_compression_ratio", params)
        self._checked[part] = size
        total = sum(self._checked.values())
        if total > MAX_PACKAGE_BYTES:
            params = {"size": _mib(total), "limit": _mib(MAX_PACKAGE_BYTES)}
            raise PackageProblemError(self.name, "xlsx_too_large", params)

    def _open(self, part: str) -> IO[bytes]:
        if part not in self._checked:
            self._check(part)
        try:
            return self.archive.open(part)
        except (KeyError, RuntimeError, NotImplementedError, zipfile.BadZipFile) as err:
            raise DamagedPackageError(f"{part}: {err}") from None  # missing, encrypted, unknown

    def _parse(self, part: str, parser: Any) -> None:
        """Feed ``part`` to ``parser`` chunk by chunk (stops quietly on :class:`_StopError`)."""
        try:
            with self._open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _StopError:
            return
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
            raise DamagedPackageError(str(err)) from None

    # Workbook ---------------------------------------------------------------------------

    def _office_document(self) -> str:
        """The workbook part, as the package relationships name it."""
        targets = self._read_rels("_rels/.rels", "") if "_rels/.rels" in self._infos else {}
        return targets.get("officeDocument", "xl/workbook.xml")

    def _relations(self, part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        return self._read_rels(rels, folder) if rels in self._infos else {}

    def _read_rels(self, rels: str, folder: str) -> dict[str, str]:
        """Relationship id → part, plus the last part of each type by its type's last word."""
        self._check(rels)
        targets: dict[str, str] = {}

        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) != "Relationship" or attrs.get("TargetMode") == "External":
                return
            target = attrs.get("Target", "")
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(folder, target))
            targets[attrs.get("Id", "")] = path
            kind = attrs.get("Type", "").rpartition("/")[2]
            targets.setdefault(kind, path)

        parser = _parser()
        parser.StartElementHandler = start
        self._parse(rels, parser)
        return targets

    def _workbook(self, part: str, targets: Mapping[str, str]) -> list[_Sheet]:
        if part not in self._infos:
            raise DamagedPackageError("no workbook part")
        sheets: list[_Sheet] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                target = targets.get(rid)
                if target is None or target not in self._infos:
                    raise DamagedPackageError(f"sheet part {target} missing")
                sheets.append(_Sheet(attrs.get("name", ""), target))
            elif local == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
                self.epoch = _EPOCH_1904

        parser = _parser()
        parser.StartElementHandler = start
        self._parse(part, parser)
        return sheets

    def _read_styles(self, part: str) -> array[int]:
        """What each cell style shows a number as: plain, date, duration or percentage."""
        from openpyxl.styles.numbers import (
            BUILTIN_FORMATS,
            is_date_format,
            is_timedelta_format,
        )

        custom: dict[str, str] = {}
        cell_formats: list[str] = []
        depth = {"cellXfs": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "numFmt":
                custom[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                depth["cellXfs"] += 1
            elif local == "xf" and depth["cellXfs"]:
                cell_formats.append(attrs.get("numFmtId", "0"))

        def end(name: str) -> None:
            if _local(name) == "cellXfs":
                depth["cellXfs"] -= 1

        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        self._parse(part, parser)
        kinds: dict[str, int] = {}
        styles = array("b")
        for fmt_id in cell_formats:
            kind = kinds.get(fmt_id)
            if kind is None:
                code = custom.get(fmt_id)
                if code is None and _DIGITS.fullmatch(fmt_id) and len(fmt_id) < 4:
                    code = BUILTIN_FORMATS.get(int(fmt_id))
                if code is None:
                    kind = _NO_STYLE
                elif is_timedelta_format(code):
                    kind = _TIMEDELTA
                elif is_date_format(code):
                    kind = _DATE
                elif _is_percent(code):
                    kind = _PERCENT
                else:
                    kind = _NO_STYLE
                if len(kinds) < 4096:
                    kinds[fmt_id] = kind
            styles.append(kind)
        return styles

    def _read_strings(self, part: str) -> tuple[bytearray, array[int]]:
        """The shared strings, kept compact: their UTF-8 bytes end to end, and offsets."""
        blob = bytearray()
        offsets = array("q", [0])
        if not part:
            return blob, offsets
        state = {"depth": 0, "phonetic": 0, "text": False}
        pieces: list[str] = []
        size = [0]

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "si":
                state["depth"] = 1
                pieces.clear()
                size[0] = 0
            elif local == "rPh":
                state["phonetic"] += 1
            elif local == "t" and state["depth"] and not state["phonetic"]:
                state["text"] = True

        def end(name: str) -> None:
            local = _local(name)
            if local == "t":
                state["text"] = False
            elif local == "rPh":
                state["phonetic"] -= 1
            elif local == "si" and state["depth"]:
                state["depth"] = 0
                text = "".join(pieces).replace("x005F_", "")  # as openpyxl reads them
                blob.extend(text.encode("utf-8", "surrogatepass"))
                offsets.append(len(blob))

        def data(text: str) -> None:
            if state["text"]:
                size[0] += len(text)
                if size[0] > MAX_CELL_CHARS:
                    raise PackageProblemError(self.name, "cell_too_long", {"limit": MAX_CELL_CHARS})
                pieces.append(text)

        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        self._parse(part, parser)
        return blob, offsets

    def shared_string(self, index: int) -> str | None:
        if 0 <= index < len(self._offsets) - 1:
            start, end = self._offsets[index], self._offsets[index + 1]
            return self._strings[start:end].decode("utf-8", "surrogatepass")
        return None

    @property
    def shared_count(self) -> int:
        return len(self._offsets) - 1

    # Sheets -----------------------------------------------------------------------------

    def _sheet(self, name: str) -> _Sheet:
        return next(s for s in self.sheets if s.name == name)

    def declared_rows(self, name: str) -> int:
        """The last row the sheet's ``<dimension>`` declares (0 if none): for progress only."""
        part = self._sheet(name).part
        found = [0]

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "dimension":
                match = _DIMENSION_ROW.search(attrs.get("ref", ""))
                found[0] = min(int(match.group(1)), MAX_ROWS) if match else 0
                raise _StopError
            if local == "sheetData":
                raise _StopError

        parser = _parser()
        parser.StartElementHandler = start
        self._parse(part, parser)
        return found[0]

    def rows(self, name: str) -> SheetRows:
        """Every ``<row>`` of sheet ``name`` in order, streamed (see :class:`SheetRows`)."""
        return SheetRows(self, name, self._sheet(name).part)

    def merged(self, name: str) -> list[str]:
        """Merged ranges of sheet ``name``, scanned from the bytes after its rows (linear
        time, constant memory: only a window of the tail is kept)."""
        part = self._sheet(name).part
        found: list[str] = []
        window = b""
        after = False
        try:
            with self._open(part) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    last = not chunk
                    window += chunk
                    if not after:
                        end = _SHEET_DATA_END.search(window)
                        if end is None:
                            window = window[-64:]
                            if last:
                                return found
                            continue
                        after = True
                        window = window[end.start() :]
                    cut = len(window) if last else max(len(window) - _MERGE_OVERLAP, 0)
                    for match in _MERGE.finditer(window):
                        if match.start() >= cut:
                            break
                        found.append(match.group(1).decode())
                    if last:
                        return found
                    window = window[cut:]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
            raise DamagedPackageError(str(err)) from None


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def _is_percent(code: str) -> bool:
    """Whether a number format shows a positive number as a percentage (Excel multiplies
    it by 100): a ``%`` in its first section, outside quotes, escapes and brackets."""
    first = _FORMAT_LITERAL.sub("", code).split(";")[0]
    return "%" in first


class SheetRows:
    """The rows of one sheet as :data:`SheetRow` items, parsed a chunk at a time.

    ``width`` (None: unlimited) caps how many values a row holds; rows parsed after it is
    set hold at most that many, so a value far to the right costs nothing per row.
    """

    def __init__(self, package: Package, sheet: str, part: str) -> None:
        self._reader = _RowReader(package, sheet, None)
        self._items = self._generate(package, part)

    @property
    def width(self) -> int | None:
        return self._reader.width

    @width.setter
    def width(self, value: int | None) -> None:
        self._reader.width = value

    def __iter__(self) -> SheetRows:
        return self

    def __next__(self) -> SheetRow:
        return next(self._items)

    def _generate(self, package: Package, part: str) -> Iterator[SheetRow]:
        reader = self._reader
        parse = reader.parser.Parse
        try:
            with package._open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    parse(chunk, False)
                    if reader.rows:
                        done, reader.rows = reader.rows, []
                        yield from done
                parse(b"", True)
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
            raise DamagedPackageError(str(err)) from None
        yield from reader.rows
        reader.rows = []


class _RowReader:
    """expat handlers for one sheet: rows built from the cells that hold a value."""

    def __init__(self, package: Package, sheet: str, width: int | None) -> None:
        self.package = package
        self.sheet = sheet
        self.width = width
        self.styles = package._styles
        self.epoch = package.epoch
        self.rows: list[SheetRow] = []
        self.row_no = 0
        self.in_row = False
        self.cells: list[tuple[int, Any]] = []
        self.percent: list[int] = []
        self.col = -1
        self.cell: tuple[int, str, int] | None = None  # column, type, style
        self.value: str | None = None  # the <v> text
        self.inline: list[str] | None = None  # the <is> text
        self.capture: list[str] | None = None
        self.captured = 0
        self.phonetic = 0
        parser = _parser()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        self.parser = parser

    # Locations --------------------------------------------------------------------------

    def _at(self, col: int) -> str:
        return f"{self.sheet}!{column_letter(col + 1)}{self.row_no}"

    def _fail(self, location: str, code: str, **params: object) -> PackageProblemError:
        return PackageProblemError(location, code, params)

    # Handlers ---------------------------------------------------------------------------

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "c":
            if not self.in_row:
                return
            self._start_cell(attrs)
        elif local == "v":
            if self.cell is not None:
                self.capture = []
                self.captured = 0
        elif local == "row":
            self._start_row(attrs.get("r"))
        elif local == "is":
            if self.cell is not None:
                self.inline = []
        elif local == "t":
            if self.inline is not None and not self.phonetic:
                self.capture = self.inline
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "v":
            if self.capture is not None and self.inline is None:
                self.value = "".join(self.capture)
            self.capture = None
        elif local == "c":
            if self.cell is not None:
                self._end_cell()
        elif local == "row":
            self._end_row()
        elif local == "t":
            if self.inline is not None:
                self.capture = None
        elif local == "rPh":
            self.phonetic -= 1

    def data(self, text: str) -> None:
        capture = self.capture
        if capture is not None:
            self.captured += len(text)
            if self.captured > MAX_CELL_CHARS:
                col = self.cell[0] if self.cell is not None else 0
                raise self._fail(self._at(col), "cell_too_long", limit=MAX_CELL_CHARS)
            capture.append(text)

    # Rows and cells ---------------------------------------------------------------------

    def _start_row(self, ref: str | None) -> None:
        previous = self.row_no
        if ref is None:
            row_no = previous + 1
        elif _DIGITS.fullmatch(ref) and len(ref) <= 12:
            row_no = int(ref)
        else:
            raise self._fail(self.sheet, "cell_damaged", text=ref[:40], kind="r")
        if row_no > MAX_ROWS or row_no < 1:
            raise self._fail(self.sheet, "beyond_sheet", ref=f"{row_no}:{row_no}")
        if row_no <= previous:
            where = f"{self.sheet}!{row_no}:{row_no}"
            params = {"ref": f"{row_no}:{row_no}", "previous": f"{previous}:{previous}"}
            raise PackageProblemError(where, "out_of_order", params)
        self.row_no = row_no
        self.in_row = True
        self.cells = []
        self.percent = []
        self.col = -1

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            col = self.col + 1
        else:
            match = _REF.fullmatch(ref)
            if match is None:
                where = f"{self.sheet}!{self.row_no}:{self.row_no}"
                raise self._fail(where, "cell_damaged", text=ref[:40], kind="r")
            letters = match.group(1).upper()
            col = 0
            for letter in letters[:4]:
                col = col * 26 + ord(letter) - 64
            col -= 1
            if len(letters) > 3 or col >= MAX_COLUMNS:
                raise self._fail(self.sheet, "beyond_sheet", ref=ref[:40])
        if col > MAX_COLUMNS - 1:
            raise self._fail(self.sheet, "beyond_sheet", ref=f"{self.row_no}:{self.row_no}")
        if col <= self.col:
            previous = f"{column_letter(self.col + 1)}{self.row_no}"
            raise self._fail(
                self._at(col), "out_of_order", ref=self._at(col).split("!")[1], previous=previous
            )
        self.col = col
        style_text = attrs.get("s")
        style = 0
        if style_text and _DIGITS.fullmatch(style_text) and len(style_text) < 10:
            index = int(style_text)
            style = self.styles[index] if index < len(self.styles) else 0
        self.cell = (col, attrs.get("t", "n"), style)
        self.value = None
        self.inline = None
        self.captured = 0

    def _end_cell(self) -> None:
        assert self.cell is not None
        col, kind, style = self.cell
        self.cell = None
        inline, self.inline = self.inline, None
        text = self.value
        if kind == "inlineStr":
            value: Any = "".join(inline) if inline is not None else None
        elif not text:
            return
        elif kind == "s":
            value = self._shared(col, text)
        elif kind == "n":
            value = self._number(col, text, style)
        elif kind in ("str", "e"):
            value = text
        elif kind == "b":
            if text.strip() not in ("0", "1"):
                raise self._fail(self._at(col), "cell_damaged", text=text[:40], kind=kind)
            value = text.strip() == "1"
        elif kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            parse_iso: Callable[[str], Any] = from_ISO8601
            try:
                value = parse_iso(text.strip())
            except (ValueError, TypeError, OverflowError):
                raise self._fail(self._at(col), "cell_damaged", text=text[:40], kind=kind) from None
        else:
            raise self._fail(self._at(col), "cell_damaged", text=text[:40], kind=kind[:20])
        if value is None:
            return
        self.cells.append((col, value))

    def _shared(self, col: int, text: str) -> str:
        text = text.strip()
        index = int(text) if _DIGITS.fullmatch(text) and len(text) < 12 else -1
        value = self.package.shared_string(index)
        if value is None:
            count = self.package.shared_count
            raise self._fail(self._at(col), "shared_string_missing", index=text[:20], count=count)
        return value

    def _number(self, col: int, text: str, style: int) -> Any:
        text = text.strip()
        if _NUMBER.fullmatch(text) is None:
            raise self._fail(self._at(col), "cell_damaged", text=text[:40], kind="n")
        number = float(text) if "." in text or "e" in text or "E" in text else int(text)
        if style == _NO_STYLE:
            return number
        if style == _PERCENT:
            self.percent.append(col)
            return number
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(number, self.epoch, timedelta=style == _TIMEDELTA)
        except (OverflowError, ValueError):
            return "#VALUE!"  # as openpyxl reads a date cell whose number is no date

    def _end_row(self) -> None:
        if not self.in_row:
            return
        self.in_row = False
        cells = self.cells
        if not cells:
            self.rows.append((self.row_no, (), (), ()))
            return
        width = self.width
        beyond: tuple[tuple[int, Any], ...] = ()
        size = cells[-1][0] + 1
        if width is not None and size > width:
            size = width
            beyond = tuple(
                (col, value)
                for col, value in cells
                if col >= width and not (isinstance(value, str) and not value.strip())
            )
        values: list[Any] = [None] * size
        for col, value in cells:
            if col < size:
                values[col] = value
        percent = tuple(p for p in self.percent if p < size) if self.percent else ()
        self.rows.append((self.row_no, tuple(values), percent, beyond))
