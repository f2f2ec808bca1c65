"""One catalog of every user-facing text, in Bahasa Indonesia and English.

Each text is a :class:`Message` with named ``en`` and ``id`` fields, so the two languages
can never be swapped by position, and lives in a table of one *namespace*: problem codes
(``errors.MESSAGES``), command-line text, report labels, the Excel template, the SKM
convention line, assumption descriptions, sheet and column names, and the shared words of
the vocabularies (roles, zones, confidences, yes/no). A table stays next to the code that
uses it; :data:`NAMESPACES` says where, so :func:`message` and :func:`catalog_problems`
reach every table from here. Templates use :meth:`str.format`; both languages of a message
take the same placeholders, which :func:`catalog_problems` (and a test) checks.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Mapping
from typing import Literal, NamedTuple

from .vocab import Confidence, RespondentRole, Zone

__all__ = [
    "LANGUAGES",
    "NAMESPACES",
    "Language",
    "Message",
    "catalog_problems",
    "message",
    "placeholders",
    "table",
]

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = ("id", "en")


class Message(NamedTuple):
    """One text in English and Bahasa Indonesia (a ``str.format`` template in each)."""

    en: str
    id: str

    def template(self, lang: Language) -> str:
        """The template in ``lang`` (Indonesian for ``"id"``, else English)."""
        return self.id if lang == "id" else self.en

    def text(self, lang: Language, /, **params: object) -> str:
        """The text in ``lang``, formatted with ``params`` (a template without params is
        returned as it is, braces included)."""
        template = self.template(lang)
        return template.format(**params) if params else template


def placeholders(template: str) -> frozenset[str]:
    """The names a template formats (``{code!r}`` → ``code``; ``{a.b}`` → ``a``)."""
    names: set[str] = set()
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(name.split(".", 1)[0].split("[", 1)[0])
        if spec:
            names |= placeholders(spec)
    return frozenset(names)


# Vocabulary shared by the command line, the template and the reports ------------------------

ROLE_NAMES: Mapping[RespondentRole, Message] = {
    RespondentRole.PELAKSANA: Message(en="service staff", id="pelaksana"),
    RespondentRole.PENGGUNA_LAYANAN: Message(en="service users", id="pengguna layanan"),
    RespondentRole.PENGELOLA_PENGADUAN: Message(en="complaint officers", id="pengelola pengaduan"),
    RespondentRole.OBSERVASI: Message(en="observation", id="observasi"),
}
"""Respondent roles in words (the enum values are the codes a file holds)."""

ZONE_NAMES: Mapping[Zone, Message] = {
    Zone.MERAH: Message(en="red", id="merah"),
    Zone.KUNING: Message(en="yellow", id="kuning"),
    Zone.HIJAU: Message(en="green", id="hijau"),
    Zone.HITAM: Message(en="black", id="hitam"),
}

CONFIDENCE_NAMES: Mapping[Confidence, Message] = {
    Confidence.OFFICIAL: Message(en="official", id="resmi"),
    Confidence.REPORTED: Message(en="reported", id="dilaporkan"),
    Confidence.ASSUMED: Message(en="assumed", id="asumsi"),
}

WORDS: Mapping[str, Message] = {
    "yes": Message(en="yes", id="ya"),
    "no": Message(en="no", id="tidak"),
    "any_answer": Message(
        en="a number on the indicator's scale, tidak_berlaku or belum_dinilai",
        id="angka pada skala indikator, tidak_berlaku atau belum_dinilai",
    ),
}
"""Words every output shares (the readers read both languages' yes and no)."""


# The registry -------------------------------------------------------------------------------

NAMESPACES: Mapping[str, tuple[str, str]] = {
    "problem": ("kepatuhan.errors", "MESSAGES"),
    "term": ("kepatuhan.errors", "TERMS"),
    "cli": ("kepatuhan.cli.messages", "MESSAGES"),
    "report": ("kepatuhan.report_view", "LABELS"),
    "template": ("kepatuhan.io.template", "TEXTS"),
    "template_instructions": ("kepatuhan.io.template", "INSTRUCTIONS"),
    "skm_template": ("kepatuhan.io.skm_template", "TEXTS"),
    "column": ("kepatuhan.io.layout", "COLUMN_HEADERS"),
    "sheet": ("kepatuhan.io.export", "SHEET_NAMES"),
    "round_field": ("kepatuhan.io.round_writer", "NOT_IN_CSV"),
    "skm": ("kepatuhan.skm", "TEXTS"),
    "skm_sample": ("kepatuhan.skm_sample", "TEXTS"),
    "skm_report": ("kepatuhan.io.skm_export", "TEXTS"),
    "assumption": ("kepatuhan.rubric", "ASSUMPTION_TEXTS"),
    "reconcile": ("kepatuhan.reconciliation", "TEXTS"),
    "worklist": ("kepatuhan.io.worklist_export", "TEXTS"),
    "draws": ("kepatuhan.draw_view", "TEXTS"),
    "web": ("kepatuhan.web_texts", "TEXTS"),
    "rapor": ("kepatuhan.rapor_texts", "TEXTS"),
    "entity_kind": ("kepatuhan.rapor_texts", "KIND_NAMES"),
    "unit_type": ("kepatuhan.rapor_texts", "UNIT_TYPE_NAMES"),
    "role": ("kepatuhan.catalog", "ROLE_NAMES"),
    "zone": ("kepatuhan.catalog", "ZONE_NAMES"),
    "confidence": ("kepatuhan.catalog", "CONFIDENCE_NAMES"),
    "word": ("kepatuhan.catalog", "WORDS"),
}
"""Namespace → (module, table): where each table of the catalog lives."""


def table(namespace: str) -> Mapping[str, Message]:
    """The table of ``namespace`` (its module is imported on first use)."""
    module, name = NAMESPACES[namespace]
    found: Mapping[str, Message] = getattr(importlib.import_module(module), name)
    return found


def message(namespace: str, key: str, lang: Language, /, **params: object) -> str:
    """The message ``key`` of ``namespace`` in ``lang``, formatted with ``params``."""
    return table(namespace)[key].text(lang, **params)


def catalog_problems() -> list[str]:
    """Every inconsistency of the catalog, one line each: an entry that is not a
    :class:`Message`, an empty text in either language, or a different set of placeholders
    in English and Indonesian. Empty when the catalog is sound (a test asserts it)."""
    out: list[str] = []
    for namespace in NAMESPACES:
        for key, entry in table(namespace).items():
            where = f"{namespace}:{key}"
            if not isinstance(entry, Message):
                out.append(f"{where}: not a Message but {type(entry).__name__}")
                continue
            for lang in LANGUAGES:
                text = entry.template(lang)
                if not isinstance(text, str) or not text.strip():
                    out.append(f"{where}: no text in {lang!r}")
            try:
                en, id_ = placeholders(entry.en), placeholders(entry.id)
            except ValueError as exc:  # an unbalanced brace
                out.append(f"{where}: a template cannot be read ({exc})")
                continue
            if en != id_:
                out.append(f"{where}: placeholders differ: en {sorted(en)}, id {sorted(id_)}")
    return out
