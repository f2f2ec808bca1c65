"""JSON Schemas of the JSON files kepatuhan reads and writes."""

from __future__ import annotations

from typing import Any

from ..results import RoundResultModel
from ..round import Round

__all__ = ["json_schemas"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas() -> dict[str, dict[str, Any]]:
    """``round``: what ``read_round`` reads from JSON (a :class:`~kepatuhan.Round`);
    ``result``: what ``export_result`` and ``RoundResult.to_json`` write. Deterministic."""
    round_schema = Round.model_json_schema(mode="validation")
    result_schema = RoundResultModel.model_json_schema(mode="serialization")
    return {
        "round": {"$schema": _DIALECT, **round_schema},
        "result": {"$schema": _DIALECT, **result_schema},
    }
