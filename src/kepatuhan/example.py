"""The bundled example round: Kota Pagar Alam's seven loci of 2024, with synthetic answers."""

from __future__ import annotations

from importlib.resources import files

from .round import Round

__all__ = ["example_round"]

EXAMPLE_FILE = "example-pagar-alam-2024.json"


def example_round() -> Round:
    """Kota Pagar Alam's seven 2024 loci with SYNTHETIC answers (``round.synthetic`` is True).

    Scored with ``ombudsman-2024``. Useful for trying the library
    and in tests; the answers are made up and say nothing about the real units.
    """
    data = files(__package__).joinpath("data", EXAMPLE_FILE).read_bytes()
    return Round.model_validate_json(data)
