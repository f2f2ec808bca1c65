"""The bundled example rounds: Kota Pagar Alam's seven loci of 2024 (and 2023), with synthetic
answers."""

from __future__ import annotations

from importlib.resources import files

from .errors import InvalidInputError, Problem
from .round import Round

__all__ = ["EXAMPLE_YEARS", "example_round"]

EXAMPLE_FILE = "example-pagar-alam-2024.json"
EXAMPLE_YEARS: tuple[int, ...] = (2023, 2024)
"""The years :func:`example_round` has: 2024, and the year before it for comparisons."""


def example_round(year: int = 2024) -> Round:
    """Kota Pagar Alam's seven loci with SYNTHETIC answers (``round.synthetic`` is True).

    Scored with ``ombudsman-2024`` (or ``ombudsman-2023`` for ``year=2023``, the same units a
    year earlier, for :func:`kepatuhan.compare`). Useful for trying the library and in tests;
    the answers are made up and say nothing about the real units.
    """
    if year not in EXAMPLE_YEARS:
        allowed = ", ".join(map(str, EXAMPLE_YEARS))
        raise InvalidInputError(
            [Problem("year", "invalid_choice", {"value": year, "allowed": allowed})]
        )
    name = EXAMPLE_FILE.replace("2024", str(year))
    data = files(__package__).joinpath("data", name).read_bytes()
    return Round.model_validate_json(data)
