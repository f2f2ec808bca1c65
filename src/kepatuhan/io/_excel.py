"""openpyxl as an optional dependency, and workbooks saved byte-for-byte reproducibly."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import KepatuhanError

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["FIXED_TIME", "require_openpyxl", "workbook_bytes"]

FIXED_TIME = datetime(2000, 1, 1)
"""Created/modified time written into every workbook, so the same input gives the same bytes."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)")


def require_openpyxl() -> ModuleType:
    """The openpyxl module, or a :class:`KepatuhanError` that says how to install it."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - exercised with openpyxl absent
        raise KepatuhanError(
            'Excel files (.xlsx) need openpyxl: pip install "kepatuhan[excel]" '
            "(CSV and JSON work without it)"
        ) from None
    return openpyxl


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved ``workbook``'s bytes, with fixed document times and fixed zip entry times.

    openpyxl stamps the save time into ``docProps/core.xml`` and the zip entries; both are
    replaced so that saving the same content twice gives identical bytes.
    """
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
                data = _CREATED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    return out.getvalue()
