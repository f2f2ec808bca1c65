"""Oversight products and the opinion label they qualify (from 2025).

From the 2025 assessment (PO 61/2025) an entity's result is an *opinion*: ``Opini`` + its
quality category (``Kualitas Sedang``), with `` Tanpa Maladministrasi`` appended when the
entity followed up the Ombudsman's oversight products (tindakan korektif, saran perbaikan,
saran penyempurnaan, rekomendasi). The round records those products; the rubric's
:class:`~kepatuhan.opinion.OpinionRule` says how they decide the qualifier, through a rule
that is a named strategy (kind ``opinion_rule``): the built-in ``all_followed_up`` defined
here, or one a plugin provides.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ._model import FrozenModel
from .entities import Code, FreeText
from .vocab import OversightProductKind

__all__ = ["EntityOpinion", "OversightProduct", "all_followed_up"]


class OversightProduct(FrozenModel):
    """One oversight product the Ombudsman issued to an entity, and whether it was followed up."""

    entity: Code = Field(description="code of the entity the product was issued to")
    kind: OversightProductKind
    reference: Code = Field(description="document number (LAHP, rekomendasi…), unique per entity")
    issued: date | None = None
    followed_up: bool = Field(description="True once the entity has carried it out")
    note: FreeText | None = None


class EntityOpinion(FrozenModel):
    """The qualifier decision for one entity."""

    without_maladministration: bool | None = Field(
        description="None when the round records no oversight products at all"
    )
    outstanding: tuple[str, ...] = Field(description="references of products not followed up")


def all_followed_up(products: tuple[OversightProduct, ...]) -> EntityOpinion:
    """The built-in opinion rule: without maladministration when no product issued to the
    entity is outstanding (one that received none qualifies)."""
    outstanding = tuple(sorted(p.reference for p in products if not p.followed_up))
    return EntityOpinion(without_maladministration=not outstanding, outstanding=outstanding)
