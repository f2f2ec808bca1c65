"""Codes and names (kepatuhan.codes): NFC, no invisible characters, one script; names
without control characters; one "did you mean" problem per unknown code."""

from __future__ import annotations

import string
import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp
from kepatuhan.codes import (
    Suggester,
    check_code,
    check_text,
    grouped_unknown,
    rows_by_value,
)
from kepatuhan.errors import MESSAGES
from kepatuhan.responses import ResponseTable

ENTITY = {"code": "e1", "name": "Pemkab", "kind": "pemkab"}
UNIT = {"code": "u1", "name": "Dinsos", "entity": "e1", "unit_type": "opd"}
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u00ad", "\u00a0",
             "\u3000", "\u2028", "\u3164", "\ufe0f", "\U000e0041"]  # fmt: skip
LOOK_ALIKES = {"o": "\u043e", "a": "\u0430", "e": "\u0435", "p": "\u0440", "i": "\u0456",
               "c": "\u0441", "x": "\u0445", "y": "\u0443"}  # Latin → Cyrillic  # fmt: skip


def test_new_messages_exist_in_both_languages_with_the_same_placeholders() -> None:
    codes = ["invisible_character", "mixed_scripts", "code_blank_ends", "text_control_character",
             "also_elsewhere", "did_you_mean", "csv_field_too_large", "csv_malformed",
             "value_without_header", "number_underflow", "unknown_key", "duplicate_key",
             "json_not_a_number"]  # fmt: skip
    for code in codes:
        english, indonesian = MESSAGES[code]
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in MESSAGES[code]]
        assert fields[0] == fields[1], code
        assert english != indonesian, code


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_anywhere_in_a_code_is_refused(char: str) -> None:
    for code in (f"u1{char}", f"u{char}1", f"{char}u1"):
        _, problem = check_code(code)
        assert problem is not None and problem[0] == "invisible_character", code
        assert problem[1]["char"] == f"U+{ord(char):04X}"


@pytest.mark.parametrize("latin", sorted(LOOK_ALIKES))
def test_a_look_alike_letter_from_another_script_is_refused(latin: str) -> None:
    _, problem = check_code(f"dinsos-{LOOK_ALIKES[latin]}")
    assert problem is not None and problem[0] == "mixed_scripts"
    assert problem[1]["scripts"] == "CYRILLIC, LATIN"
    assert problem[1]["char"] == f"U+{ord(LOOK_ALIKES[latin]):04X} {LOOK_ALIKES[latin]!r}"
    _, greek = check_code("u\u03bf1")  # Greek omicron
    assert greek is not None and greek[1]["scripts"] == "GREEK, LATIN"


@pytest.mark.parametrize(
    "code",
    ["dinas-sosial", "16.72", "Dinas Sosial", "désa-ñ", "дом-1", "東京都", "ひらがな漢字",
     "서울시청", "مدرسة-٣", "u1_ǘ", "ʼokina"],
)  # fmt: skip
def test_codes_of_one_script_with_ascii_digits_and_marks_pass(code: str) -> None:
    assert check_code(code) == (unicodedata.normalize("NFC", code), None)


def test_codes_are_normalised_to_nfc_everywhere_they_enter() -> None:
    decomposed, composed = "dinse\u0301", "dins\u00e9"
    unit = kp.ServiceUnit(**{**UNIT, "code": decomposed})
    assert unit.code == composed
    table, problems = ResponseTable.from_columns(
        unit=[composed, decomposed, "u2"], indicator=["a", "a", "b"], value=[1.0, 2.0, 3.0]
    )
    assert problems == [] and table.unit_codes == (composed, "u2")
    assert table.unit.tolist() == [0, 0, 1]


def test_model_codes_are_refused_with_their_field_path() -> None:
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round(
            rubric="ombudsman-2024",
            entities=[ENTITY],
            units=[{**UNIT, "code": "u1\u200b"}, {**UNIT, "code": " u2"}],
            responses=[{"unit": "u1", "indicator": "in\u043e1", "value": 1}],
        )
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("units[0].code", "invisible_character"),
        ("units[1].code", "code_blank_ends"),
        ("responses[0].indicator", "mixed_scripts"),
    ]


def test_table_codes_from_columns_are_checked_per_distinct_code() -> None:
    _, problems = ResponseTable.from_columns(
        unit=["u1", "u1\u202e", "u1\u202e"], indicator=["a", "a", "a"], value=[1.0, 1.0, 1.0]
    )
    assert [(p.location, p.code) for p in problems] == [("unit[1]", "invisible_character")]


def test_table_codes_given_as_categories_are_checked_too() -> None:
    """Integer positions into given codes (the fast path of from_columns and from_frame):
    the same checks, and two spellings of one code become one category."""
    table, problems = ResponseTable.from_columns(
        unit=[0, 1, 2, 3],
        unit_codes=["dinse\u0301", "u1", "dins\u00e9", "p\u200b"],
        indicator=["a", "b", "c", "d"],
        value=[1.0, 2.0, 3.0, 4.0],
    )
    assert [(p.location, p.code) for p in problems] == [("unit[3]", "invisible_character")]
    assert table.unit_codes == ("dins\u00e9", "u1", "p\u200b")
    assert table.unit.tolist() == [0, 1, 0, 2]


@given(st.text(alphabet=string.ascii_letters + string.digits + "-_./ ", min_size=1))
def test_printable_ascii_codes_pass_unchanged(code: str) -> None:
    assert check_code(code) == (code, None)


@given(st.text(min_size=1, max_size=20))
def test_check_code_is_idempotent_and_keeps_only_nfc(code: str) -> None:
    text, problem = check_code(code)
    assert text == unicodedata.normalize("NFC", code)
    assert check_code(text) == (text, problem)
    if problem is None:
        assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") for c in text), text


@given(
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
    st.sampled_from(INVISIBLE),
    st.integers(min_value=0, max_value=8),
)
def test_an_inserted_invisible_character_is_always_caught(base: str, char: str, at: int) -> None:
    code = base[:at] + char + base[at:]
    _, problem = check_code(code)
    assert problem is not None and problem[0] == "invisible_character"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x9b"])
def test_names_hold_no_control_character(char: str) -> None:
    problem = check_text(f"Dinas{char}Sosial")
    assert problem is not None and problem[0] == "text_control_character"
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round(
            rubric="ombudsman-2024", title=f"x{char}", entities=[{**ENTITY, "name": f"a{char}"}]
        )
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("title", "text_control_character"),
        ("entities[0].name", "text_control_character"),
    ]


def test_free_text_keeps_line_breaks_and_tabs_only() -> None:
    assert check_text("a\nb\r\nc\td", multiline=True) is None
    problem = check_text("a\x1b[2Jb", multiline=True)
    assert problem is not None and problem[1]["char"] == "U+001B"
    round_ = kp.Round(rubric="ombudsman-2024", note="baris 1\nbaris 2")
    assert round_.note == "baris 1\nbaris 2"
    with pytest.raises(kp.InvalidInputError):
        kp.Response(unit="u1", indicator="in01", value=1, evidence="http://x\x1b]8;;")


def test_suggestions() -> None:
    suggest = Suggester(["disdukcapil", "dinsos", "in01", "in10", "Dinkes"])
    assert suggest("disdukcapl") == "disdukcapil"  # one letter dropped (difflib)
    assert suggest("in0l") == "in01"  # look-alikes, not the equally close "in10"
    assert suggest("DINKES") == "Dinkes"  # case
    assert suggest("dinsos\u200b") == "dinsos"  # an invisible character
    assert suggest("zzz") is None
    assert suggest("dinsos") is None  # a known code needs no hint
    assert Suggester([])("x") is None


def test_grouped_unknown_is_one_problem_per_code_in_order() -> None:
    occurrences = {"b": list(range(2, 10)), "alpah": [0]}
    found = grouped_unknown(occurrences, "unknown_unit", lambda i: (f"J!A{i}", i), ["alpha"])
    problems = [p for _, p in found]
    assert [(p.location, dict(p.params)) for p in problems] == [
        ("J!A2", {"code": "b", "occurrences": 8, "elsewhere": "A3, A4, A5, A6, A7, …"}),
        ("J!A0", {"code": "alpah", "suggestion": "alpha"}),
    ]
    assert (
        problems[0].text("en") == "unknown unit 'b' (8 times in all; also at A3, A4, A5, A6, A7, …)"
    )
    assert problems[1].text("id") == "unit 'alpah' tidak dikenal; mungkin maksudnya 'alpha'?"


def test_grouped_unknown_stops_after_200_codes() -> None:
    occurrences = {f"x{k}": [k] for k in range(250)}
    found = grouped_unknown(
        occurrences, "unknown_unit", lambda i: (f"r[{i}]", i), [], summary=("r", None)
    )
    assert len(found) == 201
    assert (found[-1][1].location, found[-1][1].code) == ("r", "more_problems")
    assert found[-1][1].params["count"] == 50


def test_rows_by_value_groups_in_order_of_first_occurrence() -> None:
    values = np.array([3, 1, 3, 2, 1, 3])
    mask = np.array([True, True, True, False, True, True])
    assert [g.tolist() for g in rows_by_value(values, mask)] == [[0, 2, 5], [1, 4]]
    assert rows_by_value(values, np.zeros(6, dtype=bool)) == []


def test_unknown_indicators_are_grouped_with_a_hint_when_scored() -> None:
    responses = [{"unit": "u1", "indicator": "in0l", "respondent": f"p{k}", "role": "pelaksana",
                  "value": 1} for k in range(3)]  # fmt: skip
    round_ = kp.Round(rubric="ombudsman-2024", entities=[ENTITY], units=[UNIT], responses=responses)
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.score(round_)
    (problem,) = [p for p in info.value.problems if p.code == "unknown_indicator"]
    assert problem.location == "responses[0].indicator"
    assert problem.params["occurrences"] == 3 and problem.params["suggestion"] == "in01"
    assert problem.params["elsewhere"] == "responses[1].indicator, responses[2].indicator"


def test_units_naming_an_unknown_entity_are_one_problem_per_entity_code() -> None:
    units = [{**UNIT, "code": f"u{k}", "entity": "16.27"} for k in range(3)]
    entity = {**ENTITY, "code": "16.72"}
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round(rubric="ombudsman-2024", entities=[entity], units=units)
    (problem,) = info.value.problems
    assert (problem.location, problem.code) == ("units[0].entity", "unknown_entity")
    assert problem.params["occurrences"] == 3 and problem.params["suggestion"] == "16.72"
