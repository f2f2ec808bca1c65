"""Indonesian beside English: provenance notes, source titles and assumptions.

User-facing tools default to Bahasa Indonesia, so every reason a rubric gives for a number
must exist in Indonesian too; these tests keep the built-in rubric data from regressing.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import kepatuhan as kp
from builders import indicator, rubric

RUBRIC_IDS = [info.id for info in kp.list_rubrics()]

_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")
# Decimals take a point in both languages (as scores do); Indonesian text has no thousands
# separator, since "17.717" and "17,717" each read two ways there.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_REFERENCE = re.compile(r"\[[A-Z]+\d*\]")


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_every_note_and_assumption_has_an_indonesian_form(rubric_id: str) -> None:
    r = kp.get_rubric(rubric_id)
    for path, prov in r.provenances():
        assert prov.note is None or prov.note_id, f"{rubric_id}: {path} has no note_id"
    for a in r.assumptions():
        assert a.reason_id and a.reason_id != "(alasan tidak diberikan)", (rubric_id, a.path)
        assert a.what_id, (rubric_id, a.path)
        assert a.reason_in("id") == a.reason_id and a.reason_in("en") == a.reason


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_translations_keep_numbers_and_references(rubric_id: str) -> None:
    """A note and its Indonesian form cite the same sources and give the same numbers."""
    for path, prov in kp.get_rubric(rubric_id).provenances():
        if prov.note is None or prov.note_id is None:
            continue
        for pattern in (_NUMBER, _REFERENCE):
            english = Counter(pattern.findall(_THOUSANDS.sub("", prov.note)))
            indonesian = Counter(pattern.findall(prov.note_id))
            assert english == indonesian, f"{rubric_id}: {path}: {english} != {indonesian}"
        assert not _THOUSANDS.search(prov.note_id), f"{rubric_id}: {path}: {prov.note_id}"


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_an_indonesian_title_differs_from_the_english_one(rubric_id: str) -> None:
    for key, source in kp.get_rubric(rubric_id).sources.items():
        assert source.title_id != source.title, f"{rubric_id}: source {key}"


def test_english_method_and_source_titles_have_indonesian_forms() -> None:
    r = kp.get_rubric("ombudsman-2023")
    by_path = {a.path: a for a in r.assumptions()}
    method = by_path["method_provenance.respondent_reduction"]
    assert method.what == "method: respondent_reduction"
    assert method.what_in("id") == "metode: penggabungan jawaban responden"
    assert method.value_in("id") == method.value == "mean"
    assert "rata-rata responden" in method.reason_in("id")
    weight = by_path["nodes[0].children[0].children[1].weight_provenance"]
    assert (weight.what_in("en"), weight.what_in("id")) == ("weight of in02", "bobot in02")
    assert r.sources["M"].title_in("id").startswith("kepatuhan: asumsi")
    assert r.sources["M"].title_in("en").startswith("kepatuhan: assumption")
    regulation = kp.get_rubric("ombudsman-2025").sources["S4"]
    assert regulation.title_id is None  # already Indonesian: shown as it is in both languages
    assert regulation.title_in("id") == regulation.title_in("en") == regulation.title


def test_a_method_without_a_field_value_says_see_the_reason_in_both_languages() -> None:
    rounding = {a.path: a for a in kp.get_rubric("ombudsman-2015").assumptions()}[
        "method_provenance.rounding"
    ]
    assert (rounding.value_in("en"), rounding.value_in("id")) == (
        "(see the reason)",
        "(lihat alasan)",
    )
    assert rounding.what_in("id") == "metode: pembulatan"


def test_an_assumption_without_a_note_says_so_in_both_languages() -> None:
    silent = {"source": "M", "confidence": "assumed"}
    r = rubric([indicator("a", weight_provenance=silent)])
    a = {a.path: a for a in r.assumptions()}["nodes[0].weight_provenance"]
    assert (a.reason_in("en"), a.reason_in("id")) == (
        "(no reason given)",
        "(alasan tidak diberikan)",
    )


def test_a_note_without_indonesian_falls_back_to_english() -> None:
    r = rubric([indicator("a")])  # builders' provenance: note "test", no note_id
    a = r.assumptions()[0]
    assert a.reason_id is None and a.reason_in("id") == a.reason == "test"
    prov = kp.Provenance(source="M", confidence="assumed", note="only English")
    assert prov.note_in("id") == prov.note_in("en") == "only English"
    assert kp.Provenance(source="M", confidence="official").note_in("id") is None
    both = kp.Provenance(source="M", confidence="assumed", note="why", note_id="mengapa")
    assert (both.note_in("en"), both.note_in("id")) == ("why", "mengapa")


def test_assumption_json_without_the_indonesian_fields_still_reads() -> None:
    """JSON written before the Indonesian fields existed is read, and shows English."""
    old = '{"path": "provenance", "what": "rubric structure", "value": "x", "reason": "why"}'
    a = kp.Assumption.model_validate_json(old)
    assert (a.what_id, a.value_id, a.reason_id) == (None, None, None)
    assert (a.what_in("id"), a.value_in("id"), a.reason_in("id")) == (
        "rubric structure",
        "x",
        "why",
    )
    again = kp.Assumption.model_validate_json(a.model_dump_json())
    assert again == a


def test_scored_results_carry_the_indonesian_reasons() -> None:
    result = kp.score(kp.example_round())
    assumptions = result.model().assumptions
    assert assumptions and all(a.reason_id for a in assumptions)
    rubric_ = kp.get_rubric(kp.example_round().rubric)
    assert assumptions == rubric_.assumptions()
