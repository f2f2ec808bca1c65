"""Answer scales: bounds, allowed steps, and normalisation of raw answers to [0, 1]."""

from __future__ import annotations

import math
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from ._model import FrozenModel
from .errors import Problem
from .provenance import Provenance

__all__ = ["STEP_TOLERANCE", "Scale", "ScaleKind"]

FloatArray = npt.NDArray[np.float64]

STEP_TOLERANCE = 1e-9
"""How far (in steps) an answer may sit from a step and still count as on it: answers typed
in spreadsheets (2.0000000001) count as the step; anything further off is rejected."""


class ScaleKind(StrEnum):
    """The families of answer scales seen in the instruments."""

    BINARY = "binary"
    INTERVAL = "interval"
    LIKERT = "likert"
    ORDINAL = "ordinal"
    PERCENTAGE = "percentage"
    CONTINUOUS = "continuous"


class Scale(FrozenModel):
    """A bounded answer scale; ``step`` (if set) restricts answers to ``minimum + k·step``."""

    kind: ScaleKind
    minimum: float
    maximum: float
    step: float | None = None
    higher_is_better: bool = True
    provenance: Provenance | None = None

    def _problems(self) -> list[Problem]:
        problems = []
        for name in ("minimum", "maximum"):
            value = getattr(self, name)
            if not math.isfinite(value):
                problems.append(Problem(name, "not_finite", {"value": value}))
        bounds = {"minimum": _fmt(self.minimum), "maximum": _fmt(self.maximum)}
        if self.minimum >= self.maximum:
            problems.append(Problem("maximum", "scale_empty", bounds))
        if self.step is not None and not (math.isfinite(self.step) and self.step > 0):
            problems.append(Problem("step", "scale_bad_step", {"step": _fmt(self.step)}))
        elif self.step is not None and self.minimum < self.maximum:
            steps = (self.maximum - self.minimum) / self.step
            if abs(steps - round(steps)) > STEP_TOLERANCE:
                params = {**bounds, "step": _fmt(self.step)}
                problems.append(Problem("maximum", "scale_off_step", params))
        return problems

    def __str__(self) -> str:
        return f"{_fmt(self.minimum)}–{_fmt(self.maximum)}"

    def label(self) -> str:
        """Human-readable form such as ``0–3`` or ``1–4``."""
        return str(self)

    # Factories for the common scales --------------------------------------------------------

    @classmethod
    def binary(cls, **kw: Any) -> Scale:
        """0 = no, 1 = yes."""
        return cls(kind=ScaleKind.BINARY, minimum=0, maximum=1, step=1, **kw)

    @classmethod
    def interval(cls, minimum: int = 0, maximum: int = 3, **kw: Any) -> Scale:
        """Whole-number interval scale; the Ombudsman 2022–2024 instrument uses 0–3."""
        return cls(kind=ScaleKind.INTERVAL, minimum=minimum, maximum=maximum, step=1, **kw)

    @classmethod
    def likert(cls, minimum: int = 1, maximum: int = 4, **kw: Any) -> Scale:
        """Likert scale; the SKM uses 1–4."""
        return cls(kind=ScaleKind.LIKERT, minimum=minimum, maximum=maximum, step=1, **kw)

    @classmethod
    def percentage(cls, **kw: Any) -> Scale:
        """Any value from 0 to 100."""
        return cls(kind=ScaleKind.PERCENTAGE, minimum=0, maximum=100, **kw)

    # Answers ---------------------------------------------------------------------------

    def steps(self) -> tuple[float, ...] | None:
        """Every answer a stepped scale allows, lowest first (computed in decimal); None if
        the scale is continuous."""
        if self.step is None:
            return None
        lo, step = Decimal(repr(self.minimum)), Decimal(repr(self.step))
        n = int((Decimal(repr(self.maximum)) - lo) / step + Decimal("0.5"))
        return tuple(float(lo + k * step) for k in range(n + 1))

    @property
    def best(self) -> float:
        """The answer that normalises to 1."""
        return self.maximum if self.higher_is_better else self.minimum

    @property
    def worst(self) -> float:
        """The answer that normalises to 0."""
        return self.minimum if self.higher_is_better else self.maximum

    # Vectorised behaviour ---------------------------------------------------------------

    def normalise(self, values: npt.ArrayLike) -> FloatArray:
        """Map raw answers to [0, 1], 1 being best."""
        v = np.asarray(values, dtype=np.float64)
        share = (v - self.minimum) / (self.maximum - self.minimum)
        return share if self.higher_is_better else 1.0 - share

    def in_range(self, values: FloatArray) -> npt.NDArray[np.bool_]:
        """Which values lie within the bounds."""
        return (values >= self.minimum) & (values <= self.maximum)

    def on_step(self, values: FloatArray) -> npt.NDArray[np.bool_]:
        """Which values sit on an allowed step (all, for continuous scales)."""
        if self.step is None:
            return np.ones(values.shape, dtype=bool)
        k = (values - self.minimum) / self.step
        return np.abs(k - np.round(k)) <= STEP_TOLERANCE


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)
