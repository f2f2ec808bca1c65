"""Where a number comes from, and how sure we are of it.

Every text a reader needs to judge a number (a source's title, the reason behind an
assumption) is English, with an optional Indonesian form beside it (``title_id``,
``note_id``, ``reason_id``…): user-facing tools default to Bahasa Indonesia, and the
``*_in(lang)`` methods pick the text in a language, falling back to English.
"""

from __future__ import annotations

from pydantic import Field

from ._model import FrozenModel
from .errors import Language
from .vocab import Confidence

__all__ = ["Assumption", "Provenance", "Source", "pick_text"]


def pick_text(english: str, indonesian: str | None, lang: Language) -> str:
    """The Indonesian text under ``"id"`` when there is one, else the English."""
    return indonesian if lang == "id" and indonesian else english


def in_language(text: str, english: str | None, lang: Language) -> str:
    """A name stored in Bahasa Indonesia (``text``), in its English form under ``"en"``
    when it has one."""
    return english if lang == "en" and english else text


class Source(FrozenModel):
    """A citable source: a regulation, a deck, a published table."""

    title: str = Field(min_length=1)
    title_id: str | None = Field(
        default=None,
        description="Indonesian title, for a source whose title is not Indonesian already",
    )
    url: str | None = None

    def title_in(self, lang: Language) -> str:
        """The title in ``lang`` (English, or the title as written, if no Indonesian)."""
        return pick_text(self.title, self.title_id, lang)


class Provenance(FrozenModel):
    """The source of one number and its confidence; ``note`` says why, above all for ``assumed``."""

    source: str = Field(min_length=1, description="a key of the rubric's ``sources`` table")
    confidence: Confidence
    note: str | None = None
    note_id: str | None = Field(default=None, description="``note`` in Bahasa Indonesia")

    @property
    def is_assumed(self) -> bool:
        return self.confidence is Confidence.ASSUMED

    def note_in(self, lang: Language) -> str | None:
        """The note in ``lang``; the English one if it has no Indonesian form."""
        if self.note is None:
            return self.note_id
        return pick_text(self.note, self.note_id, lang)


class Assumption(FrozenModel):
    """A number the rubric assumes because the official figure is not public.

    ``what``, ``value`` and ``reason`` are English; ``what_id``, ``value_id`` and
    ``reason_id`` their Indonesian forms where they differ (``value_id`` is set only when
    the value is words rather than a number or a code).
    """

    path: str = Field(description="where the number sits, e.g. ``nodes.input.weight``")
    what: str
    value: str
    reason: str
    what_id: str | None = Field(default=None, description="``what`` in Bahasa Indonesia")
    value_id: str | None = Field(
        default=None, description="``value`` in Bahasa Indonesia, when it is words"
    )
    reason_id: str | None = Field(default=None, description="``reason`` in Bahasa Indonesia")

    def what_in(self, lang: Language) -> str:
        """What is assumed, in ``lang`` (English if no Indonesian form exists)."""
        return pick_text(self.what, self.what_id, lang)

    def value_in(self, lang: Language) -> str:
        """The assumed value as text, in ``lang``."""
        return pick_text(self.value, self.value_id, lang)

    def reason_in(self, lang: Language) -> str:
        """Why it is assumed, in ``lang`` (English if no Indonesian form exists)."""
        return pick_text(self.reason, self.reason_id, lang)
