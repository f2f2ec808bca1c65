"""Oversight products and the opinion label they qualify (from 2025).

From the 2025 assessment (PO 61/2025) an entity's result is an *opinion*: ``Opini`` + its
quality category (``Kualitas Sedang``), with `` Tanpa Maladministrasi`` appended when the
entity followed up the Ombudsman's oversight products (tindakan korektif, saran perbaikan,
saran penyempurnaan, rekomendasi). The round records those products; the rubric's
:class:`OpinionRule` says how they decide the qualifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import Field

from ._model import FrozenModel
from .entities import Code
from .provenance import Provenance
from .vocab import OversightProductKind

__all__ = ["EntityOpinion", "OpinionRule", "OversightProduct"]


class OversightProduct(FrozenModel):
    """One oversight product the Ombudsman issued to an entity, and whether it was followed up."""

    entity: Code = Field(description="code of the entity the product was issued to")
    kind: OversightProductKind
    reference: Code = Field(description="document number (LAHP, rekomendasi…), unique per entity")
    issued: date | None = None
    followed_up: bool = Field(description="True once the entity has carried it out")
    note: str | None = None


class EntityOpinion(FrozenModel):
    """The qualifier decision for one entity."""

    without_maladministration: bool | None = Field(
        description="None when the round records no oversight products at all"
    )
    outstanding: tuple[str, ...] = Field(description="references of products not followed up")


class OpinionRule(FrozenModel):
    """How an entity's opinion label is written and when it carries the qualifier.

    ``rule`` ``all_followed_up``: the entity qualifies when the round records oversight
    products and none issued to it is outstanding (an entity that received none qualifies).
    """

    prefix: str = Field(default="Opini", min_length=1)
    prefix_en: str = "Opinion:"
    qualifier: str = Field(default="Tanpa Maladministrasi", min_length=1)
    qualifier_en: str = "without maladministration"
    rule: Literal["all_followed_up"] = "all_followed_up"
    awarded_grades: tuple[str, ...] = Field(
        default=("A",), description="grades whose entities are formally awarded the opinion"
    )
    provenance: Provenance
    rule_provenance: Provenance

    def decide(self, products: Iterable[OversightProduct] | None) -> EntityOpinion:
        """Qualifier decision from the products issued to one entity (None: not recorded)."""
        if products is None:
            return EntityOpinion(without_maladministration=None, outstanding=())
        outstanding = tuple(sorted(p.reference for p in products if not p.followed_up))
        return EntityOpinion(without_maladministration=not outstanding, outstanding=outstanding)

    def label(self, band_label: str, without_maladministration: bool | None) -> str | None:
        """``Opini Kualitas Sedang[ Tanpa Maladministrasi]``; None while undecided."""
        if without_maladministration is None:
            return None
        text = f"{self.prefix} {band_label}"
        return f"{text} {self.qualifier}" if without_maladministration else text

    def label_en(
        self, band_label_en: str | None, without_maladministration: bool | None
    ) -> str | None:
        if without_maladministration is None or band_label_en is None:
            return None
        text = f"{self.prefix_en} {band_label_en}"
        return f"{text}, {self.qualifier_en}" if without_maladministration else text
