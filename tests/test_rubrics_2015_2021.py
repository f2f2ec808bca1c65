"""The survei kepatuhan rubrics: ``ombudsman-2015`` … ``ombudsman-2019`` and ``ombudsman-2021``."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kepatuhan as kp
from builders import answer, round_
from kepatuhan.rubrics import kepatuhan_standar, load_builtin
from kepatuhan.testing import check_rubric

FILE = "kepatuhan-standar-2015-2021.toml"
PLUGIN = "kepatuhan.rubrics.kepatuhan_standar"
PO_17_2015 = (
    "Peraturan Ombudsman Nomor 17 Tahun 2015 tentang Penelitian Kepatuhan terhadap Standar "
    "Pelayanan Publik"
)
PO_22_2016 = (
    "Peraturan Ombudsman Nomor 22 Tahun 2016 tentang Penilaian Kepatuhan terhadap Standar "
    "Pelayanan Publik"
)
PENILAIAN = "Penilaian Kepatuhan terhadap Standar Pelayanan Publik"
EDITIONS = {
    "ombudsman-2015": (
        2015,
        "Penelitian Kepatuhan terhadap Standar Pelayanan Publik 2015",
        PO_17_2015,
    ),
    **{f"ombudsman-{y}": (y, f"{PENILAIAN} {y}", PO_22_2016) for y in range(2016, 2020)},
    "ombudsman-2021": (2021, "Penilaian Kepatuhan Standar Pelayanan Publik 2021", PO_22_2016),
}
IDS = list(EDITIONS)
COMPONENTS = {  # art. 21 UU 25/2009, letters a–n
    "kp01": "Dasar hukum",
    "kp02": "Persyaratan",
    "kp03": "Sistem, mekanisme, dan prosedur",
    "kp04": "Jangka waktu penyelesaian",
    "kp05": "Biaya/tarif",
    "kp06": "Produk pelayanan",
    "kp07": "Sarana, prasarana, dan/atau fasilitas",
    "kp08": "Kompetensi pelaksana",
    "kp09": "Pengawasan internal",
    "kp10": "Penanganan pengaduan, saran, dan masukan",
    "kp11": "Jumlah pelaksana",
    "kp12": "Jaminan pelayanan",
    "kp13": "Jaminan keamanan dan keselamatan pelayanan",
    "kp14": "Evaluasi kinerja pelaksana",
}


@pytest.fixture(scope="module")
def registry() -> kp.RubricRegistry:
    return kp.RubricRegistry(
        strict=True,
        builtins=False,
        entry_points=False,
        plugins=[(PLUGIN, kepatuhan_standar)],
    )


@pytest.fixture(scope="module")
def rubrics(registry: kp.RubricRegistry) -> dict[str, kp.Rubric]:
    return {i: registry.get(i) for i in IDS}


# Loading and identity ---------------------------------------------------------------------------


def test_the_plugin_registers_exactly_the_editions(registry: kp.RubricRegistry) -> None:
    assert registry.ids() == IDS
    assert registry.problems == []
    assert all(registry.plugin_of(i) == PLUGIN for i in IDS)


def test_the_file_loads_the_same_editions_as_the_plugin(rubrics: dict[str, kp.Rubric]) -> None:
    loaded = load_builtin(FILE)
    assert [r.id for r in loaded] == IDS
    assert {r.id: r for r in loaded} == rubrics


@pytest.mark.parametrize("rubric_id", IDS)
def test_identity(rubrics: dict[str, kp.Rubric], rubric_id: str) -> None:
    r = rubrics[rubric_id]
    year, title, legal_basis = EDITIONS[rubric_id]
    assert (r.year, r.title, r.legal_basis) == (year, title, legal_basis)
    assert r.info.id == rubric_id
    assert r.title_en and str(year) in r.title_en
    # A validated rubric survives a round trip through its own model.
    assert kp.Rubric.model_validate(r.model_dump()) == r


def test_no_2020_edition(registry: kp.RubricRegistry) -> None:
    assert "ombudsman-2020" not in registry.ids()
    assert 2020 not in {r.year for r in load_builtin(FILE)}
    with pytest.raises(kp.UnknownRubricError, match="no assessment was held in 2020"):
        registry.get("ombudsman-2020")


# Structure -------------------------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", IDS)
def test_indicators_are_the_14_components_observed_present_or_absent(
    rubrics: dict[str, kp.Rubric], rubric_id: str
) -> None:
    r = rubrics[rubric_id]
    assert {i.id: i.name for i in r.indicators()} == COMPONENTS
    for ind in r.indicators():
        assert ind.scale == kp.Scale.binary(provenance=ind.scale.provenance)
        assert ind.role is kp.RespondentRole.OBSERVASI
        assert ind.respondents == 1
        assert ind.weight == 1.0
        assert ind.provenance is not None and ind.provenance.source == "UU25"
    assert [n.id for n in r.nodes] == [
        "standar_pelayanan",
        "sarana_prasarana",
        "pengelolaan_pengaduan",
    ]
    # Variable weights in proportion to their components: every component weighs 1/14.
    assert [n.weight for n in r.nodes] == [12, 1, 1]
    assert r.respondent_reduction == "mean"
    assert r.entity_rollup == "mean_of_units"


def test_editions_share_one_definition(rubrics: dict[str, kp.Rubric]) -> None:
    shared = ("nodes", "zoning", "provenance", "method_provenance", "description", "sources")
    base = rubrics["ombudsman-2016"]
    for rubric_id in ("ombudsman-2015", "ombudsman-2017", "ombudsman-2018", "ombudsman-2019"):
        for key in shared:
            assert getattr(rubrics[rubric_id], key) == getattr(base, key), (rubric_id, key)
    # 2021 keeps the same tree and strategies; only its zoning provenance, its description
    # and the provenance of its structure differ.
    r21 = rubrics["ombudsman-2021"]
    assert r21.nodes == base.nodes
    assert r21.method_provenance == base.method_provenance
    assert [(b.lower, b.upper, b.zone, b.label) for b in r21.zoning.bands] == [
        (b.lower, b.upper, b.zone, b.label) for b in base.zoning.bands
    ]
    assert r21.description != base.description and "electronic" in (r21.description or "")
    assert r21.provenance.is_assumed and "electronic" in (r21.provenance.note or "")


# Zoning ----------------------------------------------------------------------------------------

BANDS = [
    ("0", kp.Zone.MERAH, "Kepatuhan Rendah"),
    ("0.00", kp.Zone.MERAH, "Kepatuhan Rendah"),
    ("50.98", kp.Zone.MERAH, "Kepatuhan Rendah"),
    ("50.99", kp.Zone.MERAH, "Kepatuhan Rendah"),
    ("50.994", kp.Zone.MERAH, "Kepatuhan Rendah"),
    ("50.995", kp.Zone.KUNING, "Kepatuhan Sedang"),
    ("51.00", kp.Zone.KUNING, "Kepatuhan Sedang"),
    ("51.01", kp.Zone.KUNING, "Kepatuhan Sedang"),
    ("80.98", kp.Zone.KUNING, "Kepatuhan Sedang"),
    ("80.99", kp.Zone.KUNING, "Kepatuhan Sedang"),
    ("80.994", kp.Zone.KUNING, "Kepatuhan Sedang"),
    ("80.995", kp.Zone.HIJAU, "Kepatuhan Tinggi"),
    ("81.00", kp.Zone.HIJAU, "Kepatuhan Tinggi"),
    ("81.01", kp.Zone.HIJAU, "Kepatuhan Tinggi"),
    ("99.96", kp.Zone.HIJAU, "Kepatuhan Tinggi"),  # Ciamis 2018
    ("100", kp.Zone.HIJAU, "Kepatuhan Tinggi"),
]


@pytest.mark.parametrize("rubric_id", IDS)
@pytest.mark.parametrize(("score", "zone", "label"), BANDS)
def test_bands(
    rubrics: dict[str, kp.Rubric], rubric_id: str, score: str, zone: kp.Zone, label: str
) -> None:
    c = rubrics[rubric_id].classify(score)
    assert (c.zone, c.label, c.grade) == (zone, label, None)


@pytest.mark.parametrize("rubric_id", IDS)
def test_half_up_rounding_before_zoning(rubrics: dict[str, kp.Rubric], rubric_id: str) -> None:
    c = rubrics[rubric_id].classify(80.995)
    assert c.score == Decimal("81.00") and c.zone is kp.Zone.HIJAU
    assert rubrics[rubric_id].precision == 2


@pytest.mark.parametrize("rubric_id", IDS)
def test_no_grade(rubrics: dict[str, kp.Rubric], rubric_id: str) -> None:
    assert all(b.grade is None for b in rubrics[rubric_id].zoning.bands)
    assert [b.label_en for b in rubrics[rubric_id].zoning.bands] == [
        "Low compliance",
        "Medium compliance",
        "High compliance",
    ]


@pytest.mark.parametrize("score", ["78.25", "78.63", "79.72"])
def test_published_2021_scores_are_kuning_but_b_hijau_under_2023(
    rubrics: dict[str, kp.Rubric], score: str
) -> None:
    c21 = rubrics["ombudsman-2021"].classify(score)
    assert (c21.zone, c21.grade, c21.label) == (kp.Zone.KUNING, None, "Kepatuhan Sedang")
    c23 = kp.get_rubric("ombudsman-2023").classify(score)
    assert (c23.zone, c23.grade) == (kp.Zone.HIJAU, "B")


def test_band_provenance_is_honest(rubrics: dict[str, kp.Rubric]) -> None:
    # 2015–2019: integer bounds published, the two-decimal rule inferred → assumed.
    for rubric_id in IDS[:-1]:
        zoning = rubrics[rubric_id].zoning
        assert zoning.provenance is not None
        assert zoning.provenance.confidence is kp.Confidence.REPORTED
        for band in zoning.bands:
            assert band.provenance is not None and band.provenance.is_assumed
            assert "inferred" in (band.provenance.note or "")
    # 2021: two-decimal bounds published by two sources → reported.
    zoning = rubrics["ombudsman-2021"].zoning
    assert all(
        b.provenance is not None and b.provenance.confidence is kp.Confidence.REPORTED
        for b in zoning.bands
    )
    assert not any(a.what == "zoning bands" for a in rubrics["ombudsman-2021"].assumptions())


# Provenance and assumptions --------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", IDS)
def test_assumptions_list_every_indicator_weight_with_a_reason(
    rubrics: dict[str, kp.Rubric], rubric_id: str
) -> None:
    r = rubrics[rubric_id]
    assumptions = r.assumptions()
    weights = {a.what for a in assumptions if a.what.startswith("weight of kp")}
    assert weights == {f"weight of {i}" for i in COMPONENTS}
    assert {a.what for a in assumptions if a.what.startswith("scale of kp")} == {
        f"scale of {i}" for i in COMPONENTS
    }
    for a in assumptions:
        assert a.reason and a.reason != "(no reason given)", a.path
    strategies = {a.what for a in assumptions if a.what.startswith("method")}
    assert {"method: entity_rollup", "method: respondent_reduction"} <= strategies
    rollup = r.method_provenance["entity_rollup"]
    assert rollup.is_assumed and "2021" in (rollup.note or "")


@pytest.mark.parametrize("rubric_id", IDS)
def test_every_provenance_is_sourced_and_every_assumption_explained(
    rubrics: dict[str, kp.Rubric], rubric_id: str
) -> None:
    r = rubrics[rubric_id]
    for path, prov in r.provenances():
        assert prov.source in r.sources, path
        if prov.is_assumed:
            assert prov.note, path
    # Nothing in this method is official except the wording of the components (the law).
    official = [p for p, prov in r.provenances() if prov.confidence is kp.Confidence.OFFICIAL]
    assert official and all(p.endswith("].provenance") for p in official)
    assert all(r.sources[prov.source].title for _, prov in r.provenances())


# Scoring ---------------------------------------------------------------------------------------


def _all(rubric: kp.Rubric, value: float) -> kp.Round:
    rows = [answer("u1", i, value) for i in rubric.indicator_ids()]
    return round_(rows, rubric_id=rubric.id)


@pytest.mark.parametrize("rubric_id", ["ombudsman-2019", "ombudsman-2021"])
def test_all_present_is_100_and_all_absent_is_0(
    rubrics: dict[str, kp.Rubric], rubric_id: str
) -> None:
    r = rubrics[rubric_id]
    best = kp.score(_all(r, 1), r).units[0]
    assert best.score == Decimal("100.00") and best.zone is kp.Zone.HIJAU
    assert best.grade is None and best.label == "Kepatuhan Tinggi"
    worst = kp.score(_all(r, 0), r).units[0]
    assert worst.score == Decimal("0.00") and worst.zone is kp.Zone.MERAH


def test_each_component_weighs_one_fourteenth(rubrics: dict[str, kp.Rubric]) -> None:
    r = rubrics["ombudsman-2018"]
    # 11 of 14 present, the absent ones spread over all three variables.
    rows = [answer("u1", i, 0 if i in {"kp01", "kp07", "kp10"} else 1) for i in COMPONENTS]
    u = kp.score(round_(rows, rubric_id=r.id), r).units[0]
    assert u.score == Decimal("78.57")  # 11 / 14 = 78.571…
    assert u.zone is kp.Zone.KUNING and u.label == "Kepatuhan Sedang"


def test_product_observations_are_averaged(rubrics: dict[str, kp.Rubric]) -> None:
    r = rubrics["ombudsman-2017"]
    # Two products: the first has every component, the second misses 7 of them.
    rows = [answer("u1", i, 1, respondent="produk-1") for i in COMPONENTS]
    rows += [
        answer("u1", i, int(k % 2 == 0), respondent="produk-2") for k, i in enumerate(COMPONENTS)
    ]
    u = kp.score(round_(rows, rubric_id=r.id), r).units[0]
    assert u.score == Decimal("75.00")  # mean of the product scores 100 and 50


def test_entity_is_the_mean_of_its_units_assumed(rubrics: dict[str, kp.Rubric]) -> None:
    r = rubrics["ombudsman-2021"]
    rows = [answer("u1", i, 1) for i in COMPONENTS]
    rows += [answer("u2", i, 0 if i in {"kp01", "kp07", "kp10"} else 1) for i in COMPONENTS]
    res = kp.score(round_(rows, [("u1", "opd"), ("u2", "opd")], rubric_id=r.id), r)
    assert [u.score for u in res.units] == [Decimal("100.00"), Decimal("78.57")]
    entity = res.entities[0]
    assert entity.score == Decimal("89.29") and entity.zone is kp.Zone.HIJAU
    assert r.method_provenance["entity_rollup"].is_assumed


# Conformance -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", IDS)
def test_conformance(rubrics: dict[str, kp.Rubric], rubric_id: str) -> None:
    check_rubric(rubrics[rubric_id])
