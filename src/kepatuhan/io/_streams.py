"""Where a data file comes from and where it goes: a path, bytes, or a binary file object.

Nothing goes through a temporary file. A source is read as one seekable binary stream: a
path's own file, the bytes themselves, the caller's stream when it can seek, else its bytes
read into memory once. A file to write is made in memory, then written to a path, written
into a file object, or returned.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol, TypeAlias, cast

from ..errors import InvalidFileError, Problem

__all__ = [
    "DEFAULT_NAME",
    "BinaryReader",
    "BinaryWriter",
    "Source",
    "Target",
    "name_of",
    "opened",
    "sniff",
    "write_all",
    "writer",
]

DEFAULT_NAME = "data"
"""The name of bytes, and of a file object without a ``.name``, in problem locations
(the same word in Indonesian and English)."""

_CHUNK = 1 << 16
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a legacy .xls (or .doc) compound file
_WORKBOOK = "xl/workbook.xml"
_BLANK = b" \t\r\n"
_TEXT_STREAM = (
    "kepatuhan.io reads and writes binary data: open the file in binary mode ('rb' or 'wb'), "
    "or use io.BytesIO instead of io.StringIO"
)


class BinaryReader(Protocol):
    """What a readable file object offers: ``read(size)`` returning bytes."""

    def read(self, size: int = -1, /) -> bytes: ...


class BinaryWriter(Protocol):
    """What a writable file object offers: ``write(data)`` taking bytes."""

    def write(self, data: bytes, /) -> object: ...


Source: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryReader
"""What ``read_round`` reads: a path, the file's bytes, or a readable binary file object."""

Target: TypeAlias = str | os.PathLike[str] | BinaryWriter
"""Where a file is written: a path or a writable binary file object."""


def name_of(obj: object) -> str:
    """The base name of a file object's ``.name`` (``upload/jawaban.csv`` → ``jawaban.csv``),
    else :data:`DEFAULT_NAME` (a file descriptor number, no name, an empty one)."""
    raw = getattr(obj, "name", None)
    if isinstance(raw, os.PathLike):
        raw = os.fspath(raw)
    if isinstance(raw, bytes):
        raw = os.fsdecode(raw)
    if isinstance(raw, str):
        base = re.split(r"[\\/]", raw)[-1].strip()
        if base:
            return base
    return DEFAULT_NAME


@contextmanager
def opened(source: Source, name: str | None) -> Iterator[tuple[IO[bytes], str]]:
    """``(stream, name)``: ``source`` as a seekable binary stream at its data's first byte,
    and the name problems are located at (``name`` if given)."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        with path.open("rb") as handle:
            yield handle, name or path.name
    elif isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(source), name or DEFAULT_NAME
    else:
        yield _seekable(source), name or name_of(source)


def _seekable(source: object) -> IO[bytes]:
    """The caller's stream itself when it is at its start and can seek, else its bytes
    (from where it stands) read into memory once."""
    if isinstance(source, io.TextIOBase):
        raise TypeError(f"{_TEXT_STREAM} (got {type(source).__name__})")
    read = getattr(source, "read", None)
    if not callable(read):
        what = type(source).__name__
        raise TypeError(f"expected a path, bytes or a readable binary file object, got {what}")
    if isinstance(source, io.IOBase):
        try:
            if source.readable() and source.seekable() and source.tell() == 0:
                source.seek(0, io.SEEK_END)
                source.seek(0)
                return cast("IO[bytes]", source)
        except (OSError, ValueError):  # cannot seek after all: read it once
            pass
    chunks: list[bytes] = []
    while chunk := read(_CHUNK):
        if isinstance(chunk, str):
            raise TypeError(f"{_TEXT_STREAM} (got {type(source).__name__})")
        chunks.append(bytes(chunk))
    return io.BytesIO(b"".join(chunks))


def sniff(stream: IO[bytes], name: str) -> str:
    """The format of the data in ``stream`` (left at its start): ``xlsx`` for a zip that
    holds ``xl/workbook.xml`` (or a damaged zip, which the workbook reader reports),
    ``json`` when the first non-blank byte after an optional UTF-8 BOM is ``{``, else
    ``csv``. No data, a zip of another kind or a legacy .xls is a located problem."""
    try:
        head = _read_up_to(stream, len(_OLE))
        if not head:
            raise InvalidFileError([Problem(name, "empty_file")], subject=name)
        if head.startswith(_ZIP):
            stream.seek(0)
            if not _holds_workbook(stream):
                raise InvalidFileError([Problem(name, "zip_not_xlsx")], subject=name)
            return "xlsx"
        if head == _OLE:
            raise InvalidFileError([Problem(name, "not_xlsx")], subject=name)
        stream.seek(0)
        return "json" if _first_byte(stream) == b"{" else "csv"
    finally:
        stream.seek(0)


def _read_up_to(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes, fewer only at the end (a raw stream may return less per read)."""
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _first_byte(stream: IO[bytes]) -> bytes:
    """The first byte that is not JSON whitespace, after an optional UTF-8 BOM."""
    chunk = _read_up_to(stream, _CHUNK)
    if chunk.startswith(codecs.BOM_UTF8):
        chunk = chunk[len(codecs.BOM_UTF8) :]
    while True:
        rest = chunk.lstrip(_BLANK)
        if rest:
            return rest[:1]
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b""


def _holds_workbook(stream: IO[bytes]) -> bool:
    """Whether the zip in ``stream`` is a workbook; True when its directory cannot be read
    (a truncated workbook: the reader reports it as damaged, as it does for a path)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            return _WORKBOOK in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return True


def writer(target: object) -> BinaryWriter:
    """``target`` checked to be a writable binary file object (before anything is made)."""
    if isinstance(target, io.TextIOBase):
        raise TypeError(f"{_TEXT_STREAM} (got {type(target).__name__})")
    if not callable(getattr(target, "write", None)):
        what = type(target).__name__
        raise TypeError(f"expected a path, a writable binary file object or None, got {what}")
    return cast("BinaryWriter", target)


def write_all(target: BinaryWriter, data: bytes) -> None:
    """Write every byte of ``data`` (a raw stream may take fewer per call)."""
    done = 0
    while done < len(data):
        count = target.write(data[done:] if done else data)
        if not isinstance(count, int) or count >= len(data) - done:
            return  # a writer that returns nothing, or took the rest
        if count <= 0:
            raise OSError(f"{type(target).__name__}.write() took no bytes")
        done += count
