"""Tailoring: rubrics derived from others, validated, with their own id and a parent."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kepatuhan as kp
from builders import answer, group, indicator, round_, rubric
from kepatuhan.testing import check_rubric

BASE = rubric(
    [group("d1", [indicator("a"), indicator("b")], weight=3), group("d2", [indicator("c")])]
)


def test_drop_removes_indicators_and_emptied_groups() -> None:
    d = BASE.derive("uji-tanpa-c", reason="c tidak dinilai tahun ini", drop=["c"])
    assert (d.id, d.parent) == ("uji-tanpa-c", "uji")
    assert d.indicator_ids() == ("a", "b")
    assert [n.id for n in d.nodes] == ["d1"]
    assert "Diturunkan dari uji" in (d.description or "")
    assert BASE.indicator_ids() == ("a", "b", "c")  # the parent is untouched


def test_keep_selects_indicators() -> None:
    d = BASE.derive("hanya-a", reason="uji", keep=["a"])
    assert d.indicator_ids() == ("a",)


def test_reweighting_with_official_figures_clears_the_assumption() -> None:
    official = kp.Source(title="Tabel bobot resmi", url="https://contoh.go.id/bobot.pdf")
    d = BASE.derive(
        "uji-resmi",
        reason="bobot resmi",
        weights={"a": 3, "d2": 1},
        source=official,
        confidence="official",
    )
    prov = d.node("a").weight_provenance
    assert (prov.source, prov.confidence, prov.note) == (
        "tailoring:uji-resmi",
        kp.Confidence.OFFICIAL,
        "bobot resmi",
    )
    assert d.sources["tailoring:uji-resmi"] == official
    assumed = {a.path for a in d.assumptions()}
    assert "nodes[0].children[0].weight_provenance" not in assumed  # a
    assert "nodes[0].children[1].weight_provenance" in assumed  # b still assumed
    # The new weights change the score: a (3) and b (1) inside d1.
    r = round_([answer("u1", "a", 3), answer("u1", "b", 0), answer("u1", "c", 3)])
    assert kp.score(r, BASE).units[0].score == Decimal("62.50")  # (3·50 + 100) / 4
    assert kp.score(r, d).units[0].score == Decimal("81.25")  # (3·75 + 100) / 4


def test_changing_unit_types() -> None:
    d = BASE.derive("uji-rsud", reason="c hanya untuk RSUD", applies_to={"c": ["rsud"]})
    c = d.node("c")
    assert isinstance(c, kp.Indicator)
    assert c.applies_to == frozenset({kp.UnitType.RSUD})
    r = round_([answer("u1", "a", 3), answer("u1", "b", 3)], units=[("u1", "puskesmas")])
    unit = kp.score(r, d).units[0]
    assert unit.completeness.not_applicable == ("c",)
    assert unit.score == Decimal("100.00")


def test_unknown_ids_are_all_reported() -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        BASE.derive(
            "x", reason="r", drop=["zz"], keep=["yy"], weights={"qq": 1}, applies_to={"ww": None}
        )
    assert [p.location for p in err.value.problems] == [
        "drop['zz']",
        "keep['yy']",
        "weights['qq']",
        "applies_to['ww']",
    ]
    assert "no node 'qq' in rubric 'uji'" in str(err.value)


def test_derived_rubric_is_validated() -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        BASE.derive("x", reason="r", weights={"a": -1})
    assert [p.location for p in err.value.problems] == ["nodes[0].children[0].weight"]
    with pytest.raises(kp.InvalidRubricError):
        BASE.derive("Bukan Id", reason="r")


def test_derived_2023_rubric_conforms() -> None:
    parent = kp.get_rubric("ombudsman-2023")
    d = parent.derive("ombudsman-2023-tanpa-in05", reason="contoh", drop=["in05"])
    assert len(d.indicators()) == len(parent.indicators()) - 1
    check_rubric(d, examples=5)


def test_a_reason_in_indonesian_goes_with_the_changed_weights() -> None:
    d = BASE.derive(
        "uji-bilingual",
        reason="weights agreed with the regional office",
        reason_id="bobot yang disepakati dengan kantor perwakilan",
        weights={"a": 2},
    )
    prov = d.node("a").weight_provenance
    assert (prov.note, prov.note_id) == (
        "weights agreed with the regional office",
        "bobot yang disepakati dengan kantor perwakilan",
    )
    by_path = {a.path: a for a in d.assumptions()}
    a = by_path["nodes[0].children[0].weight_provenance"]
    assert a.reason_in("id") == "bobot yang disepakati dengan kantor perwakilan"
    assert a.reason_in("en") == "weights agreed with the regional office"
    source = d.sources["tailoring:uji-bilingual"]
    assert source.title_in("en") == "tailoring of uji: weights agreed with the regional office"
    assert source.title_in("id") == (
        "penyesuaian dari uji: bobot yang disepakati dengan kantor perwakilan"
    )
    assert d.description == "Diturunkan dari uji: bobot yang disepakati dengan kantor perwakilan"


def test_without_an_indonesian_reason_the_given_one_is_shown() -> None:
    d = BASE.derive("uji-satu-bahasa", reason="bobot resmi", weights={"a": 2})
    prov = d.node("a").weight_provenance
    assert prov.note_id is None and prov.note_in("id") == "bobot resmi"
