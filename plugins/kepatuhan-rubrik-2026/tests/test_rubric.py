"""The draft 2026 rubric, through kepatuhan's plugin discovery (the package must be installed)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from kepatuhan_rubrik_2026 import plugin

import kepatuhan as kp

RUBRIC_ID = "ombudsman-2026-draft"


def test_discovered_through_the_entry_point() -> None:
    registry = kp.RubricRegistry(strict=True)
    assert registry.plugin_of(RUBRIC_ID) == "rubrik_2026"
    info = {i.id: i for i in kp.list_rubrics()}[RUBRIC_ID]
    assert (info.year, info.plugin) == (2026, "rubrik_2026")
    assert kp.get_rubric(RUBRIC_ID) == plugin.load()


def test_structure() -> None:
    rubric = kp.get_rubric(RUBRIC_ID)
    assert {d.id: d.weight for d in rubric.nodes} == {"dimensi": 70, "kepercayaan_masyarakat": 30}
    weights = {d.id: d.weight for d in rubric.dimensions()}
    assert weights == {
        "input": 17.5,
        "proses": 17.5,
        "pengaduan": 17.5,
        "output": 17.5,
        "kepercayaan_masyarakat": 30,
    }
    assert sum(weights.values()) == pytest.approx(100)
    counts = {d.id: len(d.children) for d in rubric.dimensions() if isinstance(d, kp.Group)}
    assert counts == {
        "input": 3,
        "proses": 14,
        "pengaduan": 9,
        "output": 4,
        "kepercayaan_masyarakat": 1,
    }
    out04 = rubric.node("out04")
    assert isinstance(out04, kp.Indicator)
    assert out04.applies_to == frozenset({kp.UnitType.KANTOR_VERTIKAL})


def test_assumptions_are_visible() -> None:
    rubric = kp.get_rubric(RUBRIC_ID)
    paths = {a.path for a in rubric.assumptions()}
    assert "nodes[0].children[0].weight_provenance" in paths  # input's 17.5 is assumed
    assert "nodes[0].weight_provenance" not in paths  # the 70 % part is reported
    trust = rubric.node("kepercayaan_masyarakat")
    assert trust.weight_provenance.confidence is kp.Confidence.REPORTED


def test_reasons_and_english_titles_are_also_in_indonesian() -> None:
    rubric = kp.get_rubric(RUBRIC_ID)
    for path, prov in rubric.provenances():
        assert prov.note, path
        assert prov.note_id, path
    by_path = {a.path: a for a in rubric.assumptions()}
    input_weight = by_path["nodes[0].children[0].weight_provenance"]
    assert input_weight.what_in("id") == "bobot input"
    assert input_weight.reason_in("id") == (
        "Keempat dimensi bersama-sama berbobot 70 % [S5]; "
        "diasumsikan sama besar, masing-masing 17.5."
    )
    assert input_weight.reason_in("en").startswith("The four dimensions weigh 70 %")
    assert rubric.sources["A"].title_in("id").startswith("kepatuhan-rubrik-2026: asumsi")
    assert rubric.sources["S5"].title_id is None  # an Indonesian headline already


@pytest.mark.parametrize(
    ("score", "grade", "zone"),
    [("88.00", "A", "hijau"), ("53.38", "D", "merah"), ("31.99", "E", "hitam")],
)
def test_bands(score: str, grade: str, zone: str) -> None:
    c = kp.get_rubric(RUBRIC_ID).classify(score)
    assert (c.grade, c.zone) == (grade, zone)


def test_scores_a_round() -> None:
    rubric = kp.get_rubric(RUBRIC_ID)
    responses = []
    for ind in rubric.indicators():
        if ind.applies_to is not None and kp.UnitType.OPD not in ind.applies_to:
            continue
        best = ind.scale.maximum
        for k in range(ind.respondents or 1):
            responses.append(
                kp.Response(unit="dinsos", indicator=ind.id, respondent=f"r{k}", value=best)
            )
    round_ = kp.Round(
        rubric=RUBRIC_ID,
        entities=[kp.Entity(code="33.16", name="Pemerintah Kabupaten Blora", kind="pemkab")],
        units=[kp.ServiceUnit(code="dinsos", name="Dinas Sosial", entity="33.16", unit_type="opd")],
        responses=responses,
    )
    unit = kp.score(round_).units[0]
    assert unit.score == Decimal("100.00")
    assert unit.completeness.not_applicable == ("out04",)


def test_opinion_qualifier_from_oversight_products() -> None:
    rubric = kp.get_rubric(RUBRIC_ID)
    dimensions = [n.id for n in rubric.nodes]

    def entity(products: list[kp.OversightProduct] | None) -> kp.EntityResult:
        round_ = kp.Round(
            rubric=RUBRIC_ID,
            entities=[kp.Entity(code="33.16", name="Pemerintah Kabupaten Blora", kind="pemkab")],
            units=[
                kp.ServiceUnit(code="dinsos", name="Dinas Sosial", entity="33.16", unit_type="opd")
            ],
            dimension_scores=[
                kp.DimensionScore(unit="dinsos", dimension=d, value=80.0) for d in dimensions
            ],
            oversight_products=products,
        )
        return kp.score(round_).entities[0]

    done = kp.OversightProduct(
        entity="33.16", kind="tindakan_korektif", reference="LAHP-1", followed_up=True
    )
    open_ = done.model_copy(update={"reference": "LAHP-2", "followed_up": False})
    assert entity([done]).opinion == "Opini Kualitas Tinggi Tanpa Maladministrasi"
    assert entity([done, open_]).opinion == "Opini Kualitas Tinggi"
    assert entity(None).opinion is None
