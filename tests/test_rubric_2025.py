"""``ombudsman-2025``: 70 % four dimensions + 30 % public trust, quality words, opinion label."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import kepatuhan as kp
from builders import rapor_round
from kepatuhan.testing import check_rubric

RUBRIC = kp.get_rubric("ombudsman-2025")


def test_registered_with_year_title_and_legal_basis() -> None:
    info = next(i for i in kp.list_rubrics() if i.id == "ombudsman-2025")
    assert info.year == 2025
    assert info.legal_basis == "Peraturan Ombudsman Nomor 61 Tahun 2025"
    assert "Opini Ombudsman" in info.title
    assert info.plugin == "kepatuhan.rubrics.opini_ombudsman"


def test_four_dimensions_seventy_percent_and_trust_thirty() -> None:
    # Two parts, as 2025 rapor print them: "nilai dimensi" on 0–70 and trust on 0–30.
    shares = dict(zip([n.id for n in RUBRIC.nodes], RUBRIC.compiled.top_share, strict=True))
    assert tuple(shares) == ("dimensi", "kepercayaan_masyarakat")
    assert shares["dimensi"] == pytest.approx(0.70, abs=1e-12)
    assert shares["kepercayaan_masyarakat"] == pytest.approx(0.30, abs=1e-12)
    part = RUBRIC.node("dimensi")
    assert isinstance(part, kp.Group) and part.kind is kp.GroupKind.PART
    assert [n.id for n in RUBRIC.parts()] == ["dimensi", "kepercayaan_masyarakat"]
    dims = [n.id for n in RUBRIC.dimensions()]
    assert dims == ["input", "proses", "pengaduan", "output", "kepercayaan_masyarakat"]
    c = RUBRIC.compiled
    full = {c.node_ids[k]: float(c.full_share[k]) for k in c.dimensions.tolist()}
    assert full["kepercayaan_masyarakat"] == pytest.approx(0.30, abs=1e-12)
    assert sum(v for k, v in full.items() if k != "kepercayaan_masyarakat") == pytest.approx(0.70)
    # The 70/30 split is reported, and cites the published two-part rapor [S74].
    for node in (part, RUBRIC.node("kepercayaan_masyarakat")):
        assert node.weight_provenance.confidence is kp.Confidence.REPORTED
        assert "[S74]" in (node.weight_provenance.note or "")
        assert "[S74]" in (node.weight_provenance.note_id or "")
    assert part.weight_provenance.source == "S74" and "S74" in RUBRIC.sources
    # The split inside the 70 % is not public: each dimension weight is an assumption.
    assumed = {a.path for a in RUBRIC.assumptions()}
    for i, node in enumerate(part.children):
        assert f"nodes[0].children[{i}].weight_provenance" in assumed, node.id
    assert "nodes[0].weight_provenance" not in assumed


def test_indicator_lists() -> None:
    count = {n.id: len(n.children) for n in RUBRIC.dimensions() if isinstance(n, kp.Group)}
    assert count == {
        "input": 3,
        "proses": 14,
        "pengaduan": 9,
        "output": 4,
        "kepercayaan_masyarakat": 5,
    }
    out04 = RUBRIC.node("out04")
    assert isinstance(out04, kp.Indicator)
    assert out04.applies_to == frozenset({kp.UnitType.KANTOR_VERTIKAL})


@pytest.mark.parametrize(
    ("value", "grade", "label", "quality", "zone"),
    [
        # Published 2025 results (methodology section 4.4 and 9).
        ("90.61", "A", "Kualitas Tertinggi", "Sangat Baik", "hijau"),
        ("88.52", "A", "Kualitas Tertinggi", "Sangat Baik", "hijau"),
        ("80.01", "B", "Kualitas Tinggi", "Baik", "hijau"),
        ("76.04", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("74.54", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("69.63", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("65.98", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("60.65", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("57.61", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("53.38", "D", "Kualitas Rendah", "Kurang", "merah"),
        # Edges and ±0.01 around them.
        ("88.00", "A", "Kualitas Tertinggi", "Sangat Baik", "hijau"),
        ("87.99", "B", "Kualitas Tinggi", "Baik", "hijau"),
        ("78.00", "B", "Kualitas Tinggi", "Baik", "hijau"),
        ("77.99", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("54.00", "C", "Kualitas Sedang", "Cukup", "kuning"),
        ("53.99", "D", "Kualitas Rendah", "Kurang", "merah"),
        ("32.00", "D", "Kualitas Rendah", "Kurang", "merah"),
        ("31.99", "E", "Kualitas Terendah", "Sangat Kurang", "hitam"),
        ("0", "E", "Kualitas Terendah", "Sangat Kurang", "hitam"),
        ("100", "A", "Kualitas Tertinggi", "Sangat Baik", "hijau"),
        # Half-up at the second decimal.
        ("87.995", "A", "Kualitas Tertinggi", "Sangat Baik", "hijau"),
        ("87.9949", "B", "Kualitas Tinggi", "Baik", "hijau"),
        ("31.995", "D", "Kualitas Rendah", "Kurang", "merah"),
    ],
)
def test_categories_and_quality_words(
    value: str, grade: str, label: str, quality: str, zone: str
) -> None:
    c = RUBRIC.classify(value)
    assert (c.grade, c.label, c.quality, c.zone) == (grade, label, quality, zone)


def test_unsettled_points_are_labelled() -> None:
    by_path = {a.path: a for a in RUBRIC.assumptions()}
    e_band = by_path["zoning.bands[0].provenance"]  # bands are kept in ascending order
    assert "hitam" in e_band.reason and "conflict" in e_band.reason
    assert "Sangat Kurang" in e_band.reason
    rule = by_path["opinion.rule_provenance"]
    assert rule.what == "opinion qualifier rule (Tanpa Maladministrasi)"
    assert rule.value == "all_followed_up"
    assert "not public" in rule.reason
    assert "no colour zone" in (RUBRIC.zoning.provenance.note or "")  # type: ignore[union-attr]


def test_conformance() -> None:
    check_rubric(RUBRIC)


# Opinion and the Tanpa Maladministrasi qualifier -------------------------------------------------


def _round_2025(percentages: dict[str, float], oversight: list[Any] | None) -> kp.Round:
    return rapor_round("ombudsman-2025", percentages, oversight)


def _product(entity: str, ref: str, done: bool, kind: str = "saran_perbaikan") -> dict[str, Any]:
    return {"entity": entity, "kind": kind, "reference": ref, "followed_up": done}


def test_opinion_label_follows_the_oversight_products() -> None:
    products = [
        _product("tidore", "LAHP-01/2025", True, "tindakan_korektif"),
        _product("halut", "LAHP-07/2025", True),
        _product("halut", "R-02/2025", False, "rekomendasi"),
        _product("halut", "LAHP-03/2025", False),
    ]
    res = kp.score(
        _round_2025({"tidore": 62.57, "halut": 69.63, "sula": 57.61, "badung": 90.00}, products)
    )
    tidore, halut, sula, badung = (res.entity(c) for c in ("tidore", "halut", "sula", "badung"))
    assert tidore.score == Decimal("62.57") and tidore.quality == "Cukup"
    assert tidore.without_maladministration is True
    assert tidore.opinion == "Opini Kualitas Sedang Tanpa Maladministrasi"
    assert halut.without_maladministration is False
    assert halut.opinion == "Opini Kualitas Sedang"
    assert halut.outstanding_products == ("LAHP-03/2025", "R-02/2025")
    # Received no product: nothing outstanding (the assumed rule).
    assert sula.opinion == "Opini Kualitas Sedang Tanpa Maladministrasi"
    assert badung.opinion == "Opini Kualitas Tertinggi Tanpa Maladministrasi"
    assert [e.awarded for e in (tidore, halut, sula, badung)] == [False, False, False, True]
    assert res.unit("u-halut").quality == "Cukup"
    again = kp.RoundResult.from_json(res.to_json())
    assert again.entity("halut").outstanding_products == ("LAHP-03/2025", "R-02/2025")
    assert again == res


def test_without_oversight_records_the_qualifier_is_undecided_not_guessed() -> None:
    res = kp.score(_round_2025({"morotai": 53.38}, None))
    morotai = res.entity("morotai")
    assert (morotai.grade, morotai.label, morotai.quality) == ("D", "Kualitas Rendah", "Kurang")
    assert morotai.without_maladministration is None
    assert morotai.opinion is None
    # Recorded, but none issued: the entity qualifies.
    recorded = kp.score(_round_2025({"morotai": 53.38}, [])).entity("morotai")
    assert recorded.opinion == "Opini Kualitas Rendah Tanpa Maladministrasi"


def test_rubrics_without_an_opinion_rule_leave_the_fields_empty() -> None:
    res = kp.score(rapor_round("ombudsman-2023", {"x": 80.0}, [_product("x", "A-1", False)]))
    entity = res.entity("x")
    assert entity.grade == "B" and entity.quality is None
    assert entity.without_maladministration is None and entity.opinion is None
    assert entity.outstanding_products == () and entity.awarded is None


def test_oversight_products_are_validated_with_locations() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        _round_2025(
            {"a": 60.0},
            [
                _product("a", "L-1", True),
                _product("zz", "L-2", True),
                _product("a", "L-1", False),
            ],
        )
    rendered = [p.render() for p in err.value.problems]
    assert "oversight_products[1].entity: refers to entity 'zz', which is not in the round" in (
        rendered
    )
    assert (
        "oversight_products[2].reference: duplicate oversight product 'L-1' "
        "(first at oversight_products[0])"
    ) in rendered
    indonesian = [p.render("id") for p in err.value.problems]
    assert "oversight_products[1].entity: merujuk instansi 'zz' yang tidak ada dalam penilaian" in (
        indonesian
    )


def test_unknown_oversight_product_kind_is_located() -> None:
    bad = {"entity": "a", "kind": "teguran", "reference": "L-3", "followed_up": True}
    with pytest.raises(kp.InvalidRoundError) as err:
        _round_2025({"a": 60.0}, [_product("a", "L-1", True), bad])
    assert [p.location for p in err.value.problems] == ["oversight_products[1].kind"]
    assert "rekomendasi" in str(err.value)
