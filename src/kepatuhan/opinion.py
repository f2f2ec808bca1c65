"""The opinion rule of a rubric (from 2025): how an entity's opinion label is written and
which named ``opinion_rule`` strategy decides its *Tanpa Maladministrasi* qualifier.

Kept apart from :mod:`kepatuhan.oversight` (the products and the built-in rule), which the
strategy table imports: the rule looks its strategy up there, so neither hides an import.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from ._model import FrozenModel
from .errors import PluginError, Problem
from .oversight import EntityOpinion, OversightProduct
from .provenance import Provenance
from .strategies import OPINION_RULES, opinion_rule_for

__all__ = ["OpinionRule"]


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
        if self.rule in OPINION_RULES:
            return []
        known = ", ".join(sorted(OPINION_RULES))
        params = {"kind": "opinion_rule", "name": self.rule, "known": known}
        return [Problem("rule", "unknown_strategy", params)]

    def decide(self, products: Iterable[OversightProduct] | None) -> EntityOpinion:
        """Qualifier decision from the products issued to one entity (None: not recorded),
        by the strategy :attr:`rule` names."""
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
