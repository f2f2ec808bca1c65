"""``kepatuhan serve``: a local web app and JSON API over the library (FastAPI on uvicorn).

Pages for people (choose a rubric and download its form, upload filled files and see every
problem with its cell, the results table, the rapor, a plan to hijau, the SKM index) and a
JSON API under ``/api/`` for other tools (OpenAPI at ``/openapi.json``). Stateless: nothing
is kept after a response. Needs the ``serve`` extra: ``pip install "kepatuhan[serve]"``;
importing this package without it raises :class:`ServeExtraMissingError`.

>>> from kepatuhan.web import ServeSettings, create_app
>>> app = create_app(ServeSettings(max_files=5))
>>> app.title
'kepatuhan'
"""

from __future__ import annotations

import importlib.util

from ..errors import KepatuhanError

__all__ = ["ServeExtraMissingError", "ServeSettings", "create_app"]


class ServeExtraMissingError(KepatuhanError, ImportError):
    """A package of the ``serve`` extra (FastAPI, Jinja2, python-multipart) is missing."""


_NEEDED = {
    "fastapi": ("fastapi",),
    "jinja2": ("jinja2",),
    "python-multipart": ("python_multipart", "multipart"),  # its module's new and old names
}


def _missing() -> list[str]:
    """The packages of the extra that cannot be found (looked up, not imported)."""
    return [
        package
        for package, modules in _NEEDED.items()
        if not any(importlib.util.find_spec(m) is not None for m in modules)
    ]


if missing := _missing():
    raise ServeExtraMissingError(
        f'kepatuhan serve needs {", ".join(missing)}: pip install "kepatuhan[serve]"'
    )

from .app import create_app  # noqa: E402
from .settings import ServeSettings  # noqa: E402
