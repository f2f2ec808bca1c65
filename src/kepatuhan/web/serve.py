"""``kepatuhan serve``: the app on uvicorn."""

from __future__ import annotations

import sys

from ..catalog import Language
from .app import create_app
from .settings import ServeSettings

__all__ = ["serve"]


def serve(*, lang: Language = "id", **settings: object) -> None:
    """Check ``settings`` (a host that is not loopback needs a token), say where the app
    listens, and serve it until interrupted."""
    import uvicorn

    from ..cli.messages import text

    chosen = ServeSettings(**settings)
    note = text("serve.token_note", lang) if chosen.token is not None else ""
    print(text("serve.listening", lang, host=chosen.host, port=chosen.port, token=note),
          file=sys.stderr)  # fmt: skip
    uvicorn.run(create_app(chosen), host=chosen.host, port=chosen.port, log_level="warning",
                server_header=False)  # fmt: skip
