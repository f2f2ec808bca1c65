"""Writing a file whole or not at all: a temporary file beside it, then a rename.

A reader never sees half a file, a failed write leaves the old file as it was, and a
symbolic link at the path is replaced by the new file, never followed (writing through a
link could overwrite a file elsewhere). ``overwrite=False`` refuses an existing path (a
file, a link, even a dangling one) without a race: the new file is linked into place,
which fails if something is already there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from ..errors import InvalidFileError, Problem

__all__ = ["output_exists", "write_file"]


def output_exists(path: Path) -> InvalidFileError:
    """The error for an output path that is already taken (located at its file name)."""
    return InvalidFileError([Problem(path.name, "output_exists", {"path": str(path)})],
                            subject=path.name)  # fmt: skip


def write_file(path: Path, data: bytes, *, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and return
    ``path``. An existing file keeps its permissions; a new one gets the usual ones (the
    umask). An :class:`OSError` names ``path``, not the temporary file."""
    folder = path.parent
    temp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        mode = _mode_to_keep(path)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise _about(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _about(exc, path) from None
        raise
    return path


def _mode_to_keep(path: Path) -> int | None:
    """The permission bits of a regular file at ``path`` (not through a link), None for a
    link or nothing; a folder, device or pipe there is an :class:`OSError`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        # a device, a pipe, a socket: never replaced by a file (think of /dev/null)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _link_new(temp: Path, path: Path) -> None:
    """Move ``temp`` to ``path`` only if nothing is there: a hard link fails on an existing
    name; where links are not supported, a check just before the rename."""
    try:
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise output_exists(path) from None
    except OSError:  # no hard links here (some network and FAT file systems)
        if os.path.lexists(path):
            raise output_exists(path) from None
        os.replace(temp, path)
    else:
        os.unlink(temp)


def _about(exc: OSError, path: Path) -> OSError:
    """``exc`` as an error about ``path`` (the temporary file is ours, not the user's)."""
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))
