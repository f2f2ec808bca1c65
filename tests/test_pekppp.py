"""``pekppp-2022``: six aspects, Kebijakan Pelayanan weights, 0–5 indicators, IPP on 0–5."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kepatuhan as kp
from builders import answer, round_
from kepatuhan.testing import check_rubric

RUBRIC = kp.get_rubric("pekppp-2022")
ASPECTS = {
    "kebijakan_pelayanan": 0.24,
    "profesionalisme_sdm": 0.25,
    "sarana_prasarana": 0.18,
    "sistem_informasi": 0.11,
    "konsultasi_pengaduan": 0.10,
    "inovasi": 0.12,
}
KEBIJAKAN = [17, 14, 7, 14, 10, 17, 7, 7, 7]


def unit_round(values: dict[str, int]) -> kp.Round:
    return round_(
        [
            answer("u1", ind, value, respondent="evaluator", role="observasi")
            for ind, value in values.items()
        ],
        rubric_id="pekppp-2022",
    )


def aspects(
    kebijakan: int, sdm: int, sarpras: int, si: int, pengaduan: int, inovasi: int
) -> dict[str, int]:
    values = {f"kp{i}": kebijakan for i in range(1, 10)}
    values |= {
        "profesionalisme_sdm_nilai": sdm,
        "sarana_prasarana_nilai": sarpras,
        "sistem_informasi_nilai": si,
        "konsultasi_pengaduan_nilai": pengaduan,
        "inovasi_nilai": inovasi,
    }
    return values


def test_registered_with_legal_basis() -> None:
    info = next(i for i in kp.list_rubrics() if i.id == "pekppp-2022")
    assert "Nomor 29 Tahun 2022" in (info.legal_basis or "")
    assert info.plugin == "kepatuhan.rubrics.pekppp"


def test_aspect_and_kebijakan_weights() -> None:
    shares = dict(zip([n.id for n in RUBRIC.nodes], RUBRIC.compiled.top_share, strict=True))
    assert shares == pytest.approx(ASPECTS, abs=1e-12)
    kebijakan = RUBRIC.node("kebijakan_pelayanan")
    assert isinstance(kebijakan, kp.Group)
    assert [c.weight for c in kebijakan.children] == KEBIJAKAN
    assert all(c.weight_provenance.confidence is kp.Confidence.REPORTED for c in kebijakan.children)
    assert {i.scale.label() for i in RUBRIC.indicators()} == {"0–5"}


def test_ipp_bands_are_labelled_assumptions() -> None:
    assumed = {a.path for a in RUBRIC.assumptions()}
    assert {f"zoning.bands[{i}].provenance" for i in range(9)} <= assumed
    assert "zoning.provenance" in assumed
    assert (RUBRIC.zoning.minimum, RUBRIC.zoning.maximum) == (Decimal(0), Decimal(5))


@pytest.mark.parametrize(
    ("value", "grade", "label"),
    [
        ("5", "A", "Pelayanan Prima"),
        ("4.51", "A", "Pelayanan Prima"),
        ("4.505", "A", "Pelayanan Prima"),
        ("4.50", "A-", "Sangat Baik"),
        ("4.01", "A-", "Sangat Baik"),
        ("4.00", "B", "Baik"),
        ("3.50", "B-", "Baik (dengan catatan)"),
        ("3.01", "B-", "Baik (dengan catatan)"),
        ("3.00", "C", "Cukup"),
        ("2.50", "C-", "Cukup (dengan catatan)"),
        ("2.00", "D", "Buruk"),
        ("1.50", "E", "Sangat Buruk"),
        ("1.01", "E", "Sangat Buruk"),
        ("1.00", "F", "Gagal"),
        ("0", "F", "Gagal"),
    ],
)
def test_ipp_categories(value: str, grade: str, label: str) -> None:
    c = RUBRIC.classify(value)
    assert (c.grade, c.label, c.zone) == (grade, label, None)


def test_a_score_above_five_is_refused() -> None:
    with pytest.raises(kp.ScoreOutOfRangeError):
        RUBRIC.classify("5.01")


def test_worked_ipp() -> None:
    # 0.24·4 + 0.25·3 + 0.18·5 + 0.11·2 + 0.10·4 + 0.12·1 = 3.35
    res = kp.score(unit_round(aspects(4, 3, 5, 2, 4, 1)))
    unit = res.units[0]
    assert unit.score == Decimal("3.35")
    assert (unit.grade, unit.label) == ("B-", "Baik (dengan catatan)")
    assert unit.dimensions["kebijakan_pelayanan"] == Decimal("80.00")  # 4 of 5, as a percentage
    # Contributions and points lost are on the IPP scale: they add up to 3.35 and 5 − 3.35.
    assert unit.contributions["sarana_prasarana"] == Decimal("0.90")
    assert sum(v for v in unit.contributions.values() if v is not None) == Decimal("3.35")
    assert sum(unit.points_lost.values()) == Decimal("1.65")
    assert res.to_json().count('"score_range":["0","5"]') == 1


def test_kebijakan_weights_drive_the_aspect() -> None:
    values = aspects(0, 5, 5, 5, 5, 5) | {"kp1": 5, "kp6": 5}  # the two 17 % indicators
    unit = kp.score(unit_round(values)).units[0]
    assert unit.nodes["kebijakan_pelayanan"] == pytest.approx(34.0)
    # 0.24·1.70 + 0.76·5 = 4.208
    assert unit.score == Decimal("4.21")
    assert list(unit.points_lost)[:1] == ["kp2"]  # 14 % of 24 % of 5 points: the largest loss


def test_extremes_and_conformance() -> None:
    assert kp.score(unit_round(aspects(5, 5, 5, 5, 5, 5))).units[0].score == Decimal("5.00")
    assert kp.score(unit_round(aspects(0, 0, 0, 0, 0, 0))).units[0].score == Decimal("0.00")
    check_rubric(RUBRIC)
