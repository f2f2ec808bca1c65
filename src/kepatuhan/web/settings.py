"""What a ``kepatuhan serve`` instance allows: where it listens, its token and its limits."""

from __future__ import annotations

import ipaddress

from pydantic import Field

from .._model import FrozenModel
from ..errors import InvalidInputError, Problem

__all__ = ["MiB", "ServeSettings", "is_loopback"]

MiB = 2**20


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (``localhost``, 127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


class ServeSettings(FrozenModel):
    """The settings of one app. A host that is not a loopback address needs a ``token``
    (:class:`~kepatuhan.InvalidInputError`, ``serve_host_token``, otherwise); with a
    token, every request must carry it (docs/api.md says how)."""

    error_class = InvalidInputError

    host: str = Field(default="127.0.0.1", min_length=1, description="address to listen on")
    port: int = Field(default=8000, ge=0, le=65535)
    token: str | None = Field(
        default=None, min_length=1, repr=False, description="the token every request needs"
    )
    max_upload_bytes: int = Field(
        default=64 * MiB, ge=1, description="largest request body (413 above it)"
    )
    max_rows: int = Field(
        default=2_000_000, ge=1, description="most answers in one round (422 above it)"
    )
    max_files: int = Field(default=50, ge=1, description="most files in one upload (422)")
    time_limit: float = Field(
        default=120.0, gt=0, description="seconds a request may work (503 after it)"
    )

    def _problems(self) -> list[Problem]:
        if self.token is None and not is_loopback(self.host):
            return [Problem("host", "serve_host_token", {"host": self.host})]
        return []
