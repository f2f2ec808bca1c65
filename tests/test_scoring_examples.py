"""Worked examples, computed by hand, for the scoring pipeline."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

import kepatuhan as kp
from builders import answer, group, indicator, round_, rubric

# d1 (weight 3) = mean of a, b; c (weight 1) on its own.
RUB = rubric([group("d1", [indicator("a"), indicator("b")], weight=3), indicator("c", weight=1)])


def _base(**b_status: Any) -> list[dict[str, Any]]:
    rows = [
        answer("u1", "a", 3, respondent="p1"),
        answer("u1", "c", 1, respondent="p1"),
    ]
    if b_status:
        rows.append(answer("u1", "b", None, **b_status))
    else:
        rows += [answer("u1", "b", 0, respondent="p1"), answer("u1", "b", 3, respondent="p2")]
    return rows


def test_weighted_means_and_points_lost() -> None:
    res = kp.score(round_(_base()), RUB)
    u = res.units[0]
    # b = mean(0, 1) = 0.5; d1 = 75; c = 33.33…; total = (3·75 + 33.33…) / 4
    assert u.nodes["b"] == pytest.approx(50.0)
    assert u.nodes["d1"] == pytest.approx(75.0)
    assert u.score == Decimal("64.58")
    assert u.zone is kp.Zone.HIJAU and u.label == "Tinggi"
    assert u.dimensions == {"d1": Decimal("75.00"), "c": Decimal("33.33")}
    assert u.contributions == {"d1": Decimal("56.25"), "c": Decimal("8.33")}
    # b carries 3/4 · 1/2 of the points and lost half of them; c a quarter, lost two thirds.
    assert list(u.points_lost.items()) == [
        ("b", Decimal("18.75")),
        ("c", Decimal("16.67")),
        ("a", Decimal("0.00")),
    ]
    raw = res.columns
    lost = sum(raw.node_share[0, n] * (100 - raw.node_score[0, n]) for n in raw.indicator_node)
    assert lost + raw.unit_raw[0] == pytest.approx(100.0, abs=1e-9)
    assert u.input_level is kp.InputLevel.INDICATOR


def test_not_applicable_drops_out_and_siblings_renormalise() -> None:
    u = kp.score(round_(_base(status="tidak_berlaku")), RUB).units[0]
    assert u.nodes["d1"] == pytest.approx(100.0)
    assert u.nodes["b"] is None
    assert u.score == Decimal("83.33")  # (3·100 + 33.33…) / 4
    assert u.completeness.not_applicable == ("b",)
    assert u.completeness.missing == ()
    assert "b" not in u.points_lost


@pytest.mark.parametrize("rows", [_base(status="belum_dinilai"), _base()[:2]])
def test_missing_is_excluded_but_reported(rows: list[dict[str, Any]]) -> None:
    u = kp.score(round_(rows), RUB).units[0]
    assert u.score == Decimal("83.33")
    assert u.completeness.missing == ("b",)
    assert not u.completeness.complete
    assert u.completeness.ratio == pytest.approx(2 / 3)


def test_missing_counted_as_worst_under_zero_policy() -> None:
    u = kp.score(round_(_base(status="belum_dinilai")), RUB, missing="zero").units[0]
    assert u.score == Decimal("45.83")  # d1 = 50; (150 + 33.33…) / 4
    assert u.completeness.missing == ("b",)


@pytest.mark.parametrize(
    ("reduction", "expected"),
    [("mean", 50.0), ("median", 1 / 3 * 100), ("min", 0.0), ("max", 100.0)],
)
def test_respondent_reductions(reduction: str, expected: float) -> None:
    rub = rubric([indicator("a", reduction=reduction)])
    rows = [answer("u1", "a", v, respondent=f"p{i}") for i, v in enumerate([0, 1, 3, 2, 0, 3])]
    rows = rows[:3] if reduction != "mean" else rows
    # mean of 0,1,3,2,0,3 = 1.5 → 50; median/min/max of 0,1,3 → 1/3, 0, 1.
    u = kp.score(round_(rows), rub).units[0]
    assert u.nodes["a"] == pytest.approx(expected)


def test_lower_is_better_scale() -> None:
    scale = {"kind": "ordinal", "minimum": 1, "maximum": 5, "step": 1, "higher_is_better": False}
    rub = rubric([indicator("a", scale=scale)])
    u = kp.score(round_([answer("u1", "a", 2)]), rub).units[0]
    assert u.score == Decimal("75.00")


def test_empty_node_is_missing_never_zero() -> None:
    r = round_(
        [
            answer("u1", "a", None, status="tidak_berlaku"),
            answer("u1", "b", None, status="tidak_berlaku"),
            answer("u1", "c", 3),
        ],
    )
    u = kp.score(r, RUB).units[0]
    assert u.nodes["d1"] is None
    assert u.dimensions["d1"] is None
    assert u.score == Decimal("100.00")


def test_unit_and_entity_without_data() -> None:
    r = kp.Round(
        rubric="uji",
        entities=[
            {"code": "e1", "name": "A", "kind": "pemkot"},
            {"code": "e2", "name": "B", "kind": "pemkab"},
        ],
        units=[{"code": "u1", "name": "U", "entity": "e1", "unit_type": "opd"}],
    )
    res = kp.score(r, RUB)
    assert res.units[0].score is None and res.units[0].zone is None
    assert res.units[0].completeness.missing == ("a", "b", "c")
    assert [(e.score, e.units, e.units_scored) for e in res.entities] == [
        (None, ("u1",), 0),
        (None, (), 0),
    ]


def _dimension_round(scores: list[float], form: str = "percentage") -> kp.Round:
    units = [(f"u{i}", "opd") for i in range(len(scores))]
    return round_(
        [],
        units=units,
        dimension_scores=[
            {"unit": f"u{i}", "dimension": "a", "value": s, "form": form}
            for i, s in enumerate(scores)
        ],
    )


def test_entity_is_the_mean_of_rounded_unit_scores() -> None:
    rub = rubric([indicator("a")])
    res = kp.score(_dimension_round([10.005, 10.004]), rub)
    assert [u.score for u in res.units] == [Decimal("10.01"), Decimal("10.00")]
    # mean of published 10.01 and 10.00 is 10.005 → 10.01 (the raw mean 10.0045 would give 10.00)
    assert res.entities[0].score == Decimal("10.01")


def test_entity_mean_of_seven_published_unit_scores() -> None:
    published = ["86.63", "79.12", "91.05", "68.40", "88.27", "74.51", "80.00"]
    rub = rubric([indicator("a")])
    res = kp.score(_dimension_round([float(s) for s in published]), rub)
    assert [str(u.score) for u in res.units] == published
    expected = (sum((Decimal(s) for s in published), Decimal(0)) / 7).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert res.entities[0].score == expected == Decimal("81.14")
    assert all(u.input_level is kp.InputLevel.DIMENSION for u in res.units)


def test_published_contributions_add_up_to_the_unit_total() -> None:
    # A 2023 Puskesmas rapor: input 8.72, proses 10.76, output 20.76, pengaduan 9.61 = 49.85.
    parts = {"input": 8.72, "proses": 10.76, "output": 20.76, "pengaduan": 9.61}
    r = kp.Round(
        rubric="ombudsman-2023",
        entities=[{"code": "e", "name": "Pemkab", "kind": "pemkab"}],
        units=[{"code": "pkm", "name": "Puskesmas", "entity": "e", "unit_type": "puskesmas"}],
        dimension_scores=[
            {"unit": "pkm", "dimension": d, "value": v, "form": "contribution"}
            for d, v in parts.items()
        ],
    )
    u = kp.score(r).units[0]
    assert u.score == Decimal("49.85")
    assert (u.grade, u.zone, u.label) == ("D", kp.Zone.MERAH, "Kualitas Rendah")
    assert u.input_level is kp.InputLevel.DIMENSION
    assert u.contributions == {d: Decimal(str(v)) for d, v in parts.items()}
    assert u.dimensions["input"] == Decimal("39.91")  # 8.72 / 21.85
    # weight − contribution: proses 21.61, input 13.13, pengaduan 11.93, output 3.48
    assert u.points_lost == {
        "proses": Decimal("21.61"),
        "input": Decimal("13.13"),
        "pengaduan": Decimal("11.93"),
        "output": Decimal("3.48"),
    }
    assert list(u.points_lost) == ["proses", "input", "pengaduan", "output"]
    # Equivalent percentages give the same total.
    pct = kp.Round(
        rubric="ombudsman-2023",
        entities=r.entities,
        units=r.units,
        dimension_scores=[
            {"unit": "pkm", "dimension": d, "value": v / w * 100}
            for (d, v), w in zip(parts.items(), [21.85, 32.37, 24.24, 21.54], strict=True)
        ],
    )
    assert kp.score(pct).units[0].score == Decimal("49.85")


@pytest.mark.parametrize(("value", "expected", "grade"), [(3, "100.00", "A"), (0, "0.00", "E")])
def test_2023_all_best_and_all_worst(value: int, expected: str, grade: str) -> None:
    rub = kp.get_rubric("ombudsman-2023")
    rows = [
        answer("u1", ind.id, value, respondent=f"r{k}", role=ind.role.value)
        for ind in rub.indicators()
        for k in range(ind.respondents or 1)
    ]
    res = kp.score(round_(rows, rubric_id="ombudsman-2023"))
    assert res.units[0].score == Decimal(expected)
    assert res.units[0].grade == grade
    assert res.entities[0].score == Decimal(expected)
    assert res.units[0].completeness.ratio == 1.0


def test_rubric_override_and_policy_recorded() -> None:
    res = kp.score(round_(_base(), rubric_id="tidak-terdaftar"), RUB)
    assert res.rubric.id == "uji"
    assert res.model().missing_policy == "exclude"
    with pytest.raises(kp.UnknownRubricError):
        kp.score(round_(_base(), rubric_id="tidak-terdaftar"))


def test_example_round() -> None:
    r = kp.example_round()
    assert r.synthetic is True
    assert "sintetis" in (r.title or "").lower()
    assert r.rubric == "ombudsman-2024"
    assert [e.name for e in r.entities] == ["Pemerintah Kota Pagar Alam"]
    assert [u.name for u in r.units] == [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Sosial",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Dinas Kesehatan",
        "Dinas Pendidikan dan Kebudayaan",
        "Puskesmas Pengaringan",
        "Puskesmas Sidorejo",
    ]
    res = kp.score(r)
    assert res.model().synthetic
    assert res.unit("dinsos").completeness.missing == ("pg02",)
    assert res.unit("pkm-sidorejo").completeness.not_applicable == ("pr11",)
    scores = [u.score for u in res.units]
    assert all(s is not None for s in scores)
    mean = sum((s for s in scores if s is not None), Decimal(0)) / len(scores)
    assert res.entities[0].score == mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert len({u.zone for u in res.units}) >= 2  # the example spans zones on purpose


def test_result_json_is_deterministic_and_round_trips() -> None:
    a = kp.score(kp.example_round())
    b = kp.score(kp.example_round())
    assert a.to_json() == b.to_json()
    back = kp.RoundResult.from_json(a.to_json())
    assert back == a
    assert back.to_json() == a.to_json()
    assert back.units[2] == a.units[2]
    with pytest.raises(AttributeError):
        _ = back.columns
