"""Domain models: scales, response tables, the columnar constructor, immutability."""

from __future__ import annotations

from datetime import date

import numpy as np
import pydantic
import pytest

import kepatuhan as kp
from builders import answer, round_


@pytest.mark.parametrize(
    ("scale", "raw", "expected"),
    [
        (kp.Scale.binary(), [0, 1], [0.0, 1.0]),
        (kp.Scale.interval(), [0, 1, 2, 3], [0.0, 1 / 3, 2 / 3, 1.0]),
        (kp.Scale.likert(), [1, 4], [0.0, 1.0]),
        (kp.Scale.interval(0, 5), [0, 5], [0.0, 1.0]),
        (kp.Scale.percentage(), [0, 37.5, 100], [0.0, 0.375, 1.0]),
        (kp.Scale.likert(higher_is_better=False), [1, 4], [1.0, 0.0]),
    ],
)
def test_scales_normalise_to_unit_interval(
    scale: kp.Scale, raw: list[float], expected: list[float]
) -> None:
    assert scale.normalise(raw) == pytest.approx(expected)


def test_scale_bounds_and_steps() -> None:
    s = kp.Scale.interval()
    values = np.array([-1, 0, 1.5, 3, 3.0000000001, 4])
    assert s.in_range(values).tolist() == [False, True, True, True, False, False]
    assert s.on_step(values).tolist() == [True, True, False, True, True, True]
    assert str(s) == "0–3" and str(kp.Scale.percentage()) == "0–100"
    assert kp.Scale.percentage().on_step(np.array([12.345])).all()


@pytest.mark.parametrize(
    ("kw", "location"),
    [
        ({"minimum": 3, "maximum": 3}, "maximum"),
        ({"minimum": 0, "maximum": 3, "step": 0}, "step"),
        ({"minimum": 0, "maximum": float("inf")}, "maximum"),
    ],
)
def test_invalid_scales(kw: dict[str, float], location: str) -> None:
    with pytest.raises(kp.InvalidInputError) as err:
        kp.Scale(kind="interval", **kw)
    assert location in [p.location for p in err.value.problems]


def test_models_are_frozen_and_strict() -> None:
    e = kp.Entity(code="e1", name="E", kind="pemkot")
    with pytest.raises(pydantic.ValidationError):
        e.name = "other"  # type: ignore[misc]
    with pytest.raises(kp.InvalidInputError) as err:
        kp.Entity(code=" e1", name="E", kind="pemkot", extra=1)  # type: ignore[call-arg]
    assert [p.location for p in err.value.problems] == ["code", "extra"]


def test_response_checks_its_own_value() -> None:
    with pytest.raises(kp.InvalidInputError, match="needs a value"):
        kp.Response(unit="u", indicator="a")
    with pytest.raises(kp.InvalidInputError, match="must not carry a value"):
        kp.Response(unit="u", indicator="a", value=1, status="belum_dinilai")
    ok = kp.Response(unit="u", indicator="a", status="tidak_berlaku")
    assert ok.value is None


def test_response_table_is_a_sequence_of_responses() -> None:
    rows = [
        kp.Response(
            unit="u2",
            indicator="b",
            respondent="r1",
            role="pelaksana",
            value=2,
            evidence="https://contoh.go.id/bukti.pdf",
            collected=date(2024, 9, 17),
        ),
        kp.Response(unit="u1", indicator="a", status="tidak_berlaku"),
    ]
    table = kp.ResponseTable.from_responses(rows)
    assert len(table) == 2
    assert list(table) == rows
    assert table[-1] == rows[1]
    assert table[0:1] == rows[:1]
    assert table == kp.ResponseTable.from_responses(rows)
    assert table != kp.ResponseTable.from_responses(rows[::-1])
    assert table.decoded("unit").tolist() == ["u2", "u1"]
    with pytest.raises(IndexError):
        table[2]


def test_from_columns_with_codes_roles_and_statuses() -> None:
    r = kp.Round.from_columns(
        rubric="uji",
        entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
        units=[{"code": "u1", "name": "Unit u1", "entity": "e1", "unit_type": "opd"}],
        unit=["u1", "u1", "u1"],
        indicator=["a", "b", "c"],
        value=[3, np.nan, 1],
        respondent=["p1", "p1", "p2"],
        role=["pelaksana", None, kp.RespondentRole.OBSERVASI],
        status=["answered", "tidak_berlaku", "ANSWERED"],
    )
    listed = round_(
        [
            answer("u1", "a", 3, respondent="p1", role="pelaksana"),
            answer("u1", "b", None, respondent="p1", status="tidak_berlaku"),
            answer("u1", "c", 1, respondent="p2", role="observasi"),
        ]
    )
    assert r.responses == listed.responses
    assert r == listed


def test_round_json_round_trip_keeps_everything() -> None:
    r = kp.example_round()
    back = kp.Round.model_validate_json(r.model_dump_json())
    assert back == r
    assert back.model_dump_json() == r.model_dump_json()


def test_round_json_schema_describes_responses_as_a_list() -> None:
    schema = kp.Round.model_json_schema()
    assert schema["properties"]["responses"]["type"] == "array"
