"""Where a number comes from, and how sure we are of it."""

from __future__ import annotations

from pydantic import Field

from ._model import FrozenModel
from .vocab import Confidence

__all__ = ["Assumption", "Provenance", "Source"]


class Source(FrozenModel):
    """A citable source: a regulation, a deck, a published table."""

    title: str = Field(min_length=1)
    url: str | None = None


class Provenance(FrozenModel):
    """The source of one number and its confidence; ``note`` says why, above all for ``assumed``."""

    source: str = Field(min_length=1, description="a key of the rubric's ``sources`` table")
    confidence: Confidence
    note: str | None = None

    @property
    def is_assumed(self) -> bool:
        return self.confidence is Confidence.ASSUMED


class Assumption(FrozenModel):
    """A number the rubric assumes because the official figure is not public."""

    path: str = Field(description="where the number sits, e.g. ``nodes.input.weight``")
    what: str
    value: str
    reason: str
