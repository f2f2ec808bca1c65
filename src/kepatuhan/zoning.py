"""Zoning rules: ordered score bands with zone, optional grade and opinion label."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import numpy.typing as npt
from pydantic import Field, field_validator

from ._model import FrozenModel
from .errors import Problem, ScoreOutOfRangeError
from .provenance import Provenance
from .rounding import quantize, to_scaled_int
from .vocab import Zone

__all__ = ["Band", "Classification", "ZoningRule"]


class Band(FrozenModel):
    """A closed score range ``[lower, upper]`` at the rule's precision, and what it means."""

    lower: Decimal
    upper: Decimal
    zone: Zone | None = Field(
        default=None, description="traffic-light zone; None in schemes without zones (SKM)"
    )
    grade: str | None = None
    label: str = Field(min_length=1, pattern=r"\S", description="official Indonesian label")
    label_en: str | None = None
    quality: str | None = Field(
        default=None, description="quality word published with the band (2025: Sangat Baik…)"
    )
    quality_en: str | None = None
    provenance: Provenance | None = None


class Classification(FrozenModel):
    """The rounded score and the band it falls in."""

    score: Decimal
    zone: Zone | None
    grade: str | None
    label: str
    label_en: str | None = None
    quality: str | None = None
    quality_en: str | None = None


class ZoningRule(FrozenModel):
    """Bands that tile ``[minimum, maximum]`` exactly once at ``precision`` decimals.

    ``[minimum, maximum]`` is the reporting scale of totals: 0–100 for the Ombudsman
    assessments, 25–100 for the converted SKM index, 0–5 for the PEKPPP IPP. The pipeline
    maps a unit's 0–100 total linearly onto it before rounding.

    The published tables are closed ranges at two decimals (``78.00–87.99``); a score is
    rounded half-up to ``precision`` first and then looked up, so 87.995 is 88.00.
    """

    precision: int = Field(default=2, ge=0, le=6)
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(100)
    bands: tuple[Band, ...] = Field(min_length=1)
    provenance: Provenance | None = None

    @field_validator("bands")
    @classmethod
    def _ascending(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        return tuple(sorted(bands, key=lambda b: b.lower))

    def _problems(self) -> list[Problem]:
        return self.coverage_problems(root="")

    def coverage_problems(self, root: str = "zoning") -> list[Problem]:
        """Every way the bands fail to cover the range exactly once."""
        problems: list[Problem] = []
        ulp = Decimal(1).scaleb(-self.precision)

        def bad(where: str, code: str, **params: Decimal | int) -> None:
            location = f"{root}.{where}" if root else where
            problems.append(Problem(location, code, {k: str(v) for k, v in params.items()}))

        for i, band in enumerate(self.bands):
            for name in ("lower", "upper"):
                value: Decimal = getattr(band, name)
                if not value.is_finite():
                    bad(f"bands[{i}].{name}", "not_finite", value=value)
                elif value != value.quantize(ulp):
                    bad(
                        f"bands[{i}].{name}", "band_decimals", value=value, precision=self.precision
                    )
            if band.lower > band.upper:
                bad(f"bands[{i}]", "band_reversed", lower=band.lower, upper=band.upper)
        if problems:
            return problems
        first, last = self.bands[0], self.bands[-1]
        if first.lower != self.minimum:
            bad("bands[0].lower", "band_start", value=first.lower, minimum=self.minimum)
        if last.upper != self.maximum:
            where = f"bands[{len(self.bands) - 1}].upper"
            bad(where, "band_end", value=last.upper, maximum=self.maximum)
        for i in range(1, len(self.bands)):
            prev, cur = self.bands[i - 1], self.bands[i]
            expected = prev.upper + ulp
            if cur.lower > expected:
                bad(f"bands[{i}].lower", "band_gap", previous=prev.upper, value=cur.lower)
            elif cur.lower < expected:
                bad(f"bands[{i}].lower", "band_overlap", previous=prev.upper, value=cur.lower)
        return problems

    # Lookup ---------------------------------------------------------------------------------

    def _lowers_scaled(self) -> npt.NDArray[np.int64]:
        return np.array([int(b.lower.scaleb(self.precision)) for b in self.bands], dtype=np.int64)

    def classify(self, score: float | int | str | Decimal) -> Classification:
        """Round ``score`` half-up to the rule's precision and return its band."""
        try:
            rounded = quantize(score, self.precision)
        except ValueError:
            raise ScoreOutOfRangeError(
                [Problem("score", "score_range", self._range_params(score))]
            ) from None
        if not self.minimum <= rounded <= self.maximum:
            raise ScoreOutOfRangeError([Problem("score", "score_range", self._range_params(score))])
        return self.classification(self.band_of(rounded), rounded)

    def band_of(self, rounded: Decimal) -> Band:
        """The band of a score already at the rule's precision; a score below (above) the
        range falls in the lowest (highest) band, as in :meth:`band_indices`."""
        scaled = int(rounded.scaleb(self.precision))
        return self.bands[int(self.band_indices(np.array([scaled], dtype=np.int64))[0])]

    def _range_params(self, score: object) -> dict[str, object]:
        return {"value": score, "minimum": self.minimum, "maximum": self.maximum}

    @staticmethod
    def classification(band: Band, rounded: Decimal) -> Classification:
        return Classification(
            score=rounded,
            zone=band.zone,
            grade=band.grade,
            label=band.label,
            label_en=band.label_en,
            quality=band.quality,
            quality_en=band.quality_en,
        )

    def band_indices(self, scaled: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        """Band index of each score given as integers in units of 10**-precision."""
        idx = np.searchsorted(self._lowers_scaled(), scaled, side="right") - 1
        return np.clip(idx, 0, len(self.bands) - 1)

    def classify_array(self, scores: npt.ArrayLike) -> npt.NDArray[np.intp]:
        """Band index for each float score (rounded half-up first); NaN maps to band 0."""
        return self.band_indices(to_scaled_int(scores, self.precision))
