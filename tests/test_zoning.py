"""Band edges of ombudsman-2023 and the zoning rule's coverage checks."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kepatuhan as kp
from builders import BANDS_2

R = kp.get_rubric("ombudsman-2023")

# (score, grade, zone) at every edge, ±0.01 around it.
EDGES = [
    ("0.00", "E", "merah"),
    ("31.99", "E", "merah"),
    ("32.00", "D", "merah"),
    ("32.01", "D", "merah"),
    ("53.99", "D", "merah"),
    ("54.00", "C", "kuning"),
    ("54.01", "C", "kuning"),
    ("77.99", "C", "kuning"),
    ("78.00", "B", "hijau"),
    ("78.01", "B", "hijau"),
    ("87.99", "B", "hijau"),
    ("88.00", "A", "hijau"),
    ("88.01", "A", "hijau"),
    ("99.99", "A", "hijau"),
    ("100.00", "A", "hijau"),
]

# Published pairs that pin each edge (methodology note, section 9).
PUBLISHED = [
    ("31.98", "E"),
    ("32.23", "D"),
    ("52.98", "D"),
    ("54.03", "C"),
    ("77.59", "C"),
    ("78.63", "B"),
    ("87.06", "B"),
    ("88.27", "A"),
]

LABELS = {
    "A": "Kualitas Tertinggi",
    "B": "Kualitas Tinggi",
    "C": "Kualitas Sedang",
    "D": "Kualitas Rendah",
    "E": "Kualitas Terendah",
}


@pytest.mark.parametrize(("score", "grade", "zone"), EDGES)
def test_band_edges(score: str, grade: str, zone: str) -> None:
    for value in (score, Decimal(score), float(score)):
        c = R.classify(value)
        assert (c.grade, c.zone, c.label) == (grade, zone, LABELS[grade])
        assert c.score == Decimal(score)


@pytest.mark.parametrize(("score", "grade"), PUBLISHED)
def test_published_edge_pairs(score: str, grade: str) -> None:
    assert R.classify(float(score)).grade == grade


@pytest.mark.parametrize(
    ("raw", "rounded", "grade"),
    [
        (87.995, "88.00", "A"),  # half-up lifts B to A
        (87.994999, "87.99", "B"),
        (77.995, "78.00", "B"),
        (53.995, "54.00", "C"),
        (31.995, "32.00", "D"),
        (31.994, "31.99", "E"),
        (86.625, "86.63", "B"),  # Python's round() gives 86.62
        ("87.995", "88.00", "A"),
        (Decimal("77.9949"), "77.99", "C"),
    ],
)
def test_half_up_rounding_before_zoning(raw: object, rounded: str, grade: str) -> None:
    c = R.classify(raw)  # type: ignore[arg-type]
    assert c.score == Decimal(rounded)
    assert c.grade == grade


@pytest.mark.parametrize(
    "bad", [-0.01, 100.01, 100.005, float("nan"), float("inf"), "abc", "", True]
)
def test_out_of_range_or_not_a_number(bad: object) -> None:
    with pytest.raises(kp.ScoreOutOfRangeError) as err:
        R.classify(bad)  # type: ignore[arg-type]
    assert isinstance(err.value, ValueError)
    assert err.value.problems[0].location == "score"


def test_tiny_negative_rounds_to_zero() -> None:
    assert R.classify(-0.004).score == Decimal("0.00")


def _rule(bands: list[dict[str, str]]) -> kp.ZoningRule:
    return kp.ZoningRule.model_validate({"bands": bands})


def test_bands_given_in_any_order_are_sorted() -> None:
    rule = _rule(list(reversed(BANDS_2)))
    assert [b.lower for b in rule.bands] == [Decimal("0.00"), Decimal("50.00")]


@pytest.mark.parametrize(
    ("bands", "fragment"),
    [
        ([{**BANDS_2[0], "upper": "49.98"}, BANDS_2[1]], "gap between 49.98 and 50.00"),
        ([{**BANDS_2[0], "upper": "50.00"}, BANDS_2[1]], "overlaps"),
        ([{**BANDS_2[0], "lower": "1.00"}, BANDS_2[1]], "starts at 1.00"),
        ([BANDS_2[0], {**BANDS_2[1], "upper": "99.99"}], "ends at 99.99"),
        ([BANDS_2[0], {**BANDS_2[1], "lower": "50.001"}], "more than 2 decimals"),
        ([{**BANDS_2[0], "lower": "49.99", "upper": "0.00"}], "above upper"),
    ],
)
def test_coverage_problems_are_located(bands: list[dict[str, str]], fragment: str) -> None:
    with pytest.raises(kp.InvalidInputError) as err:
        _rule(bands)
    text = str(err.value)
    assert fragment in text
    assert "bands[" in text


def test_every_two_decimal_score_has_exactly_one_band() -> None:
    lowers = [b.lower for b in R.zoning.bands]
    for hundredths in range(0, 10001):
        score = Decimal(hundredths).scaleb(-2)
        matching = [b for b in R.zoning.bands if b.lower <= score <= b.upper]
        assert len(matching) == 1
        assert R.classify(score).grade == matching[0].grade
    assert lowers == sorted(lowers)
