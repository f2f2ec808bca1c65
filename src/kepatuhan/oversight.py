"""Oversight products and the opinion label they qualify (from 2025).

From the 2025 assessment (PO 61/2025) an entity's result is an *opinion*: ``Opini`` + its
quality category (``Kualitas Sedang``), with `` Tanpa Maladministrasi`` appended when the
entity followed up the Ombudsman's oversight products (tindakan korektif, saran perbaikan,
saran penyempurnaan, rekomendasi). The round records those products; the rubric's
:class:`OpinionRule` says how they decide the qualifier, through a rule that is a named
strategy (kind ``opinion_rule``): the built-in ``all_followed_up``, or one a plugin provides.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field

from ._model import FrozenModel
from .entities import Code, FreeText
from .errors import PluginError, Problem
from .provenance import Provenance
from .vocab import OversightProductKind

__all__ = ["EntityOpinion", "OpinionRule", "OversightProduct", "all_followed_up"]


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


class OpinionRule(FrozenModel):
    """How an entity's opinion label is written and when it carries the qualifier.

    ``rule`` names a strategy of kind ``opinion_rule`` (an unknown name is a problem at
    ``rule``). The built-in and default ``all_followed_up``: the entity qualifies when the round
    records oversight products and none issued to it is outstanding (an entity that received
    none qualifies).
    """

    prefix: str = Field(default="Opini", min_length=1)
    prefix_en: str = "Opinion:"
    qualifier: str = Field(default="Tanpa Maladministrasi", min_length=1)
    qualifier_en: str = "without maladministration"
    rule: str = Field(default="all_followed_up", description="name of an opinion_rule strategy")
    awarded_grades: tuple[str, ...] = Field(
        default=("A",), description="grades whose entities are formally awarded the opinion"
    )
    provenance: Provenance
    rule_provenance: Provenance

    def _problems(self) -> list[Problem]:
        from .strategies import OPINION_RULES

        if self.rule in OPINION_RULES:
            return []
        known = ", ".join(sorted(OPINION_RULES))
        params = {"kind": "opinion_rule", "name": self.rule, "known": known}
        return [Problem("rule", "unknown_strategy", params)]

    def decide(self, products: Iterable[OversightProduct] | None) -> EntityOpinion:
        """Qualifier decision from the products issued to one entity (None: not recorded),
        by the strategy :attr:`rule` names."""
        from .strategies import opinion_rule_for

        if products is None:
            return EntityOpinion(without_maladministration=None, outstanding=())
        decided = opinion_rule_for(self, self.rule)(tuple(products))
        if not isinstance(decided, EntityOpinion):
            kind = type(decided).__name__
            raise PluginError(f"opinion rule {self.rule!r} returned {kind}, not an EntityOpinion")
        return decided

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


def all_followed_up(products: tuple[OversightProduct, ...]) -> EntityOpinion:
    """The built-in opinion rule: without maladministration when no product issued to the
    entity is outstanding (one that received none qualifies)."""
    outstanding = tuple(sorted(p.reference for p in products if not p.followed_up))
    return EntityOpinion(without_maladministration=not outstanding, outstanding=outstanding)
