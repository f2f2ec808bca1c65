"""SKM / IKM: ``skm-2017`` and ``skm-2004``, their conventions and the calculator."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp

SKM_2017 = kp.get_rubric("skm-2017")
SKM_2004 = kp.get_rubric("skm-2004")


def survey(answers: list[list[int]], rubric: kp.Rubric = SKM_2017) -> kp.Round:
    """One unit; ``answers[r][k]`` is respondent r's answer to unsur k."""
    values = np.asarray(answers, dtype=np.float64)
    n, k = values.shape
    return kp.Round.from_columns(
        rubric=rubric.id,
        entities=[{"code": "e", "name": "Pemerintah Kabupaten Uji", "kind": "pemkab"}],
        units=[{"code": "dukcapil", "name": "Disdukcapil", "entity": "e", "unit_type": "opd"}],
        unit=np.zeros(n * k, dtype=np.int64),
        indicator=np.tile(np.arange(k), n),
        indicator_codes=rubric.indicator_ids(),
        value=values.reshape(-1),
        respondent=np.repeat(np.arange(n), k),
        respondent_codes=[f"r{i:03d}" for i in range(n)],
    )


def with_total(respondents: int, total: int, unsur: int = 9) -> list[list[int]]:
    """A survey whose answers add up to ``total``: all 1s, raised cell by cell."""
    answers = [[1] * unsur for _ in range(respondents)]
    extra = total - respondents * unsur
    assert 0 <= extra <= 3 * respondents * unsur
    cells = [(r, k) for k in range(unsur) for r in range(respondents)]
    i = 0
    while extra:
        r, k = cells[i % len(cells)]
        if answers[r][k] < 4:
            answers[r][k] += 1
            extra -= 1
        i += 1
    return answers


def test_registered_with_legal_basis_and_unsur() -> None:
    infos = {i.id: i for i in kp.list_rubrics()}
    assert "Nomor 14 Tahun 2017" in (infos["skm-2017"].legal_basis or "")
    assert "KEP/25/M.PAN/2/2004" in (infos["skm-2004"].legal_basis or "")
    assert len(SKM_2017.indicators()) == 9 and len(SKM_2004.indicators()) == 14
    assert SKM_2017.indicators()[0].name == "Persyaratan"
    assert {i.scale.label() for i in SKM_2017.indicators()} == {"1–4"}
    assert (SKM_2017.zoning.minimum, SKM_2017.zoning.maximum) == (Decimal(25), Decimal(100))


@pytest.mark.parametrize(
    ("rubric", "weight", "expected"),
    [
        (SKM_2017, "exact", "100.00"),
        (SKM_2017, "0.111", "99.90"),
        (SKM_2017, "0.11", "99.00"),
        (SKM_2004, "exact", "100.00"),
        (SKM_2004, "0.071", "99.40"),
    ],
)
def test_perfect_survey(rubric: kp.Rubric, weight: str, expected: str) -> None:
    n = len(rubric.indicators())
    result = kp.skm_index(survey([[4] * n] * 30, rubric), weight=weight)
    unit = result.units[0]
    assert str(unit.converted) == expected
    assert unit.grade == "A" and unit.label == "Sangat Baik"
    assert all(u.nrr == 4 and u.respondents == 30 for u in unit.unsur)


def test_perfect_survey_is_exactly_100_through_score_too() -> None:
    assert kp.score(survey([[4] * 9] * 7)).units[0].score == Decimal("100.00")
    assert kp.score(survey([[1] * 9] * 7)).units[0].score == Decimal("25.00")


def test_worked_example_exact_vs_printed_weight() -> None:
    # Methodology section 9: one survey, 91.48 with the exact 1/9 and 90.56 with 0.11
    # (29 respondents; any answers adding up to 955 give both figures).
    answers = with_total(29, 955)
    exact = kp.skm_index(survey(answers))
    printed = kp.skm_index(survey(answers), weight="0.11")
    assert exact.units[0].converted == Decimal("91.48")
    assert printed.units[0].converted == Decimal("90.56")
    assert exact.units[0].index == Decimal("3.6590")
    assert exact.convention_text == (
        "bobot 1/9 (tepat); NRR tidak dibulatkan; indeks tidak dibulatkan; "
        "nilai konversi tidak dibulatkan; mutu dari nilai konversi"
    )
    assert printed.convention_text_en.startswith("weight 0.11 per unsur")
    assert '"weight":"0.11"' in printed.to_json()


def test_rounding_each_nrr_and_the_index_before_conversion() -> None:
    # Every unsur answered 4, 3, 3: NRR 3.3333…; unrounded 83.33, but rounding NRR and
    # index to 2 dp first (one tool in use) gives 3.33 × 25 = 83.25.
    answers = [[4] * 9, [3] * 9, [3] * 9]
    plain = kp.skm_index(survey(answers)).units[0]
    rounded = kp.skm_index(survey(answers), nrr_decimals=2, index_decimals=2).units[0]
    assert plain.converted == Decimal("83.33") and plain.unsur[0].nrr == Decimal(10) / 3
    assert rounded.converted == Decimal("83.25")
    assert rounded.unsur[0].nrr == Decimal("3.33") and rounded.index == Decimal("3.33")


def test_rounding_the_converted_index_first_can_move_it() -> None:
    # 13 respondents, answers adding up to 151: 32.264957…; to 4 dp first gives 32.2650 -> 32.27.
    answers = with_total(13, 151)
    assert kp.skm_index(survey(answers)).units[0].converted == Decimal("32.26")
    four = kp.skm_index(survey(answers), converted_decimals=4).units[0]
    assert four.converted == Decimal("32.27")


def test_per_unsur_nrr_and_mutu() -> None:
    answers = [[4, 3, 2, 1, 4, 4, 4, 4, 4], [4, 3, 3, 1, 4, 4, 4, 4, 3]]
    unit = kp.skm_index(survey(answers)).units[0]
    by_id = {u.id: u for u in unit.unsur}
    assert by_id["u1"].nrr == 4 and by_id["u1"].grade == "A"
    assert by_id["u3"].nrr == Decimal("2.5") and by_id["u3"].converted == Decimal("62.50")
    assert by_id["u3"].grade == "D" and by_id["u3"].label == "Tidak Baik"
    assert by_id["u4"].converted == Decimal("25.00") and by_id["u4"].total == 2
    assert by_id["u9"].nrr == Decimal("3.5") and by_id["u9"].grade == "B"
    assert unit.respondents == 2


@pytest.mark.parametrize(
    ("value", "g2017", "g2004"),
    [
        ("25.00", "D", "D"),
        ("43.75", "D", "D"),
        ("43.76", "D", "C"),
        ("62.50", "D", "C"),
        ("62.51", "D", "B"),
        ("64.99", "D", "B"),
        ("64.995", "C", "B"),
        ("65.00", "C", "B"),
        ("76.00", "C", "B"),  # the same value: C under 2017, B under 2004
        ("76.60", "C", "B"),
        ("76.6049", "C", "B"),
        ("76.605", "B", "B"),
        ("76.61", "B", "B"),
        ("81.25", "B", "B"),
        ("81.26", "B", "A"),
        ("88.30", "B", "A"),
        ("88.31", "A", "A"),
        ("100", "A", "A"),
    ],
)
def test_mutu_tables_by_regulation(value: str, g2017: str, g2004: str) -> None:
    assert SKM_2017.classify(value).grade == g2017
    assert SKM_2004.classify(value).grade == g2004


def test_below_the_scale_with_a_printed_weight_is_grade_d() -> None:
    unit = kp.skm_index(survey([[1] * 9] * 4), weight="0.11").units[0]
    assert unit.converted == Decimal("24.75") and unit.grade == "D"


@given(
    st.lists(
        st.lists(st.integers(1, 4), min_size=9, max_size=9),
        min_size=1,
        max_size=40,
    )
)
def test_exact_convention_equals_the_scoring_pipeline(answers: list[list[int]]) -> None:
    round_ = survey(answers)
    assert kp.skm_index(round_).units[0].converted == kp.score(round_).units[0].score


@pytest.mark.parametrize("weight", ["abc", "0", "1.5", "nan", ""])
def test_bad_weight_is_refused(weight: str) -> None:
    with pytest.raises(kp.InvalidInputError) as err:
        kp.skm_index(survey([[4] * 9]), weight=weight)
    assert [p.location for p in err.value.problems] == ["weight"]


def test_not_an_skm_rubric() -> None:
    round_ = survey([[4] * 9])
    with pytest.raises(
        kp.InvalidRubricError, match=r"invalid rubric ombudsman-2023 \(not an SKM rubric\)"
    ):
        kp.skm_index(round_, "ombudsman-2023")


def test_missing_unsur_and_bad_answers_are_refused_with_locations() -> None:
    with pytest.raises(kp.IncompleteDataError, match="u9"):
        kp.skm_index(
            survey([[4] * 8], SKM_2017.derive("skm-8", reason="uji", drop=["u9"])), SKM_2017
        )
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.skm_index(survey([[4, 5, 4, 4, 4, 4, 4, 4, 0]]))
    assert [p.location for p in err.value.problems] == ["responses[1].value", "responses[8].value"]


def test_a_derived_survey_with_eight_unsur_uses_one_eighth() -> None:
    eight = SKM_2017.derive("skm-8-unsur", reason="unsur biaya tidak berlaku", drop=["u4"])
    result = kp.skm_index(survey([[4] * 8, [3] * 8], eight), eight)
    assert result.convention_text.startswith("bobot 1/8 (tepat)")
    assert result.units[0].converted == Decimal("87.50")


# Grading: the converted table, or the 1–4 table (as is, or at 2 dp) --------------------------


def same_nrr(respondents: int, fours: int, rubric: kp.Rubric = SKM_2017) -> kp.Round:
    """Every unsur answered ``fours`` times 4 and otherwise 3, so every NRR is equal."""
    row = [4] * fours + [3] * (respondents - fours)
    k = len(rubric.indicators())
    return survey([[row[r]] * k for r in range(respondents)], rubric)


@pytest.mark.parametrize(
    ("rubric", "respondents", "fours", "grades"),
    [
        # NRR 3.0642857: ×25 = 76.607 → 76.61 B; under 3.0644 on the 1–4 table; 3.06 at 2 dp.
        (SKM_2017, 140, 9, ("B", "C", "C")),
        # NRR 3.534: ×25 = 88.35 A; at least 3.5324 on the 1–4 table; but 3.53 at 2 dp.
        (SKM_2017, 500, 267, ("A", "A", "B")),
        # NRR 3.0650: clear of every edge, all three agree.
        (SKM_2017, 200, 13, ("B", "B", "B")),
        # 2004: NRR 3.2503 is 81.26 A converted; the 1–4 edge is 81.26 ÷ 25 = 3.2504 (3.26).
        (SKM_2004, 3000, 751, ("A", "B", "B")),
    ],
)
def test_the_three_gradings_disagree_only_at_an_edge(
    rubric: kp.Rubric, respondents: int, fours: int, grades: tuple[str, str, str]
) -> None:
    r = same_nrr(respondents, fours, rubric)
    got = []
    for grading in ("converted", "index", "index-2dp"):
        result = kp.skm_index(r, rubric, grading=grading)
        unit = result.units[0]
        assert {u.grade for u in unit.unsur} == {unit.grade}  # every NRR equals the index
        got.append(unit.grade)
    assert tuple(got) == grades


def test_the_grading_is_stated_in_the_result() -> None:
    r = same_nrr(140, 9)
    result = kp.skm_index(r, grading="index-2dp")
    assert result.convention.grading == "index-2dp"
    assert result.convention_text.endswith("mutu dari nilai 1–4 dibulatkan 2 desimal")
    assert result.convention_text_en.endswith("mutu from the 1–4 value rounded to 2 dp")
    assert '"grading":"index-2dp"' in result.to_json()
    with pytest.raises(kp.InvalidInputError):
        kp.skm_index(r, grading="nrr")  # type: ignore[arg-type]


@given(answers=st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1,
                        max_size=12))  # fmt: skip
def test_gradings_agree_away_from_the_edges(answers: list[list[int]]) -> None:
    edges = [b.lower / 25 for b in SKM_2017.zoning.bands[1:]]  # 2.60, 3.0644, 3.5324
    units = {
        g: kp.skm_index(survey(answers), grading=g).units[0]
        for g in ("converted", "index", "index-2dp")
    }
    index = units["index"].index
    if all(abs(index - edge) >= Decimal("0.01") for edge in edges):
        assert len({u.grade for u in units.values()}) == 1


# Conventions: presets, blanks, tidak_berlaku, float mode, grade tables (issue 11) ------------


def columns(n: int, totals: list[int]) -> list[list[int]]:
    """n respondents whose answers to unsur k add up to ``totals[k]``."""
    cols = []
    for total in totals:
        base, extra = divmod(total, n)
        cols.append([base + (1 if r < extra else 0) for r in range(n)])
    return [list(row) for row in zip(*cols, strict=True)]


def with_status(answers: list[list[int | None]], status: str = "belum_dinilai") -> kp.Round:
    """One unit; ``None`` is a response row with ``status`` instead of an answer."""
    n, k = len(answers), len(answers[0])
    flat = [a for row in answers for a in row]
    return kp.Round.from_columns(
        rubric="skm-2017",
        entities=[{"code": "e", "name": "Pemerintah Kabupaten Uji", "kind": "pemkab"}],
        units=[{"code": "dukcapil", "name": "Disdukcapil", "entity": "e", "unit_type": "opd"}],
        unit=np.zeros(n * k, dtype=np.int64),
        indicator=np.tile(np.arange(k), n),
        indicator_codes=SKM_2017.indicator_ids(),
        value=np.array([np.nan if a is None else a for a in flat], dtype=np.float64),
        respondent=np.repeat(np.arange(n), k),
        respondent_codes=[f"r{i:03d}" for i in range(n)],
        status=["answered" if a is not None else status for a in flat],
    )


def test_the_issue_ties_print_half_up_and_half_even_is_available() -> None:
    r = survey(columns(24, [39, 39, 41, 48, 39, 37, 38, 29, 41]))  # exactly 40.625
    assert kp.skm_index(r).units[0].converted == Decimal("40.63")
    even = kp.SkmConvention(rounding="half-even")
    assert kp.skm_index(r, convention=even).units[0].converted == Decimal("40.62")
    tied = survey(columns(363, [919, 1255, 837, 1207, 933, 464, 1093, 1234, 1133]))
    unit = kp.skm_index(tied, weight="0.111").units[0]
    assert (unit.index, unit.converted) == (Decimal("2.7750"), Decimal("69.38"))


def test_presets_are_named_stated_and_round_trip_through_json() -> None:
    from kepatuhan.skm_convention import skm_conventions

    presets = skm_conventions()
    assert {"permenpan-2017", "nrr-2dp-tertimbang-2dp", "bobot-0.111-3dp", "float-php"} <= set(
        presets
    )
    r = survey(with_total(29, 955))
    for name, preset in presets.items():
        assert preset.name == name
        result = kp.skm_index(r, convention=name)
        assert result.convention == preset
        assert result.convention_text.startswith(f"{name}: bobot")
        assert result.convention_text_en.startswith(f"{name}: weight")
        assert type(result).model_validate_json(result.to_json()) == result
    # the default states nothing new: the line of earlier results is unchanged
    assert kp.skm_index(r).convention_text == (
        "bobot 1/9 (tepat); NRR tidak dibulatkan; indeks tidak dibulatkan; "
        "nilai konversi tidak dibulatkan; mutu dari nilai konversi"
    )


def test_a_preset_by_name_or_object_and_the_shorthands() -> None:
    r = survey(with_total(29, 955))
    by_name = kp.skm_index(r, convention="bobot-0.11").units[0]
    by_keyword = kp.skm_index(r, weight="0.11").units[0]
    assert by_name.converted == by_keyword.converted == Decimal("90.56")
    # a shorthand that agrees with the convention is fine, one that contradicts it is not
    assert kp.skm_index(r, convention="bobot-0.11", weight="0.110").units[0] == by_name
    with pytest.raises(kp.InvalidInputError) as err:
        kp.skm_index(r, convention="bobot-0.11", weight="0.111", grading="index")
    assert [p.location for p in err.value.problems] == ["weight", "grading"]
    assert "weight='0.111' contradicts the convention bobot-0.11" in str(err.value)
    with pytest.raises(kp.InvalidInputError) as err:
        kp.skm_index(r, convention="bobot-0,11")
    assert [p.code for p in err.value.problems] == ["skm_convention_unknown"]
    assert "bobot-0.11" in str(err.value)


def test_the_weighted_nrr_and_a_rounded_weight() -> None:
    r = survey(with_total(29, 955))
    unit = kp.skm_index(r, convention="nrr-2dp-tertimbang-2dp").units[0]
    assert all(u.weighted == (u.nrr / 9).quantize(Decimal("0.01")) for u in unit.unsur)
    assert unit.index == sum(u.weighted or 0 for u in unit.unsur)
    rounded = kp.skm_index(r, convention="bobot-1/n-3dp")
    assert rounded.units[0].converted == kp.skm_index(r, weight="0.111").units[0].converted
    assert rounded.convention_text_en.startswith("bobot-1/n-3dp: weight 1/9 rounded to 3 dp")


def test_one_unsur_tidak_berlaku_keeps_the_weights_summing_to_one() -> None:
    # Defect 3: a perfect unit with u4 (biaya) tidak_berlaku scores what a perfect unit
    # scores without it: 100.00 exact, 99.00 with the printed 0.11 (not 88.00).
    answers: list[list[int | None]] = [[4, 4, 4, None, 4, 4, 4, 4, 4]] * 5
    r = with_status(answers, "tidak_berlaku")
    expected = {"exact": "100.00", "0.11": "99.00", "0.111": "99.90"}
    for weight, converted in expected.items():
        unit = kp.skm_index(r, weight=weight).units[0]
        assert str(unit.converted) == converted
        assert [u.id for u in unit.unsur] == ["u1", "u2", "u3", "u5", "u6", "u7", "u8", "u9"]
    # round(1/8, 3) = 0.125: the computed weight needs no scaling
    assert kp.skm_index(r, convention="bobot-1/n-3dp").units[0].converted == Decimal("100.00")
    # and a mixed unit: the 8 NRRs weigh 0.11 × 9/8 each
    mixed = with_status([[3, 4, 4, None, 4, 4, 4, 4, 4]] * 2, "tidak_berlaku")
    assert kp.skm_index(mixed, weight="0.11").units[0].converted == Decimal("95.91")


def test_blanks_answered_zero_and_listwise() -> None:
    answers: list[list[int | None]] = [
        [4, 4, 4, 4, 4, 4, 4, 4, 4],
        [2, 2, 2, 2, 2, 2, 2, 2, None],
        [3, 3, 3, 3, 3, 3, 3, 3, 3],
    ]
    r = with_status(answers)
    answered = kp.skm_index(r).units[0]
    zero = kp.skm_index(r, convention="kosong-nol").units[0]
    listwise = kp.skm_index(r, convention="listwise").units[0]
    # answered: u1–u8 NRR 3, u9 NRR 3.5 → (24 + 3.5)/9 × 25 = 76.39
    assert answered.converted == Decimal("76.39") and answered.respondents == 3
    # zero: u9 = 7/3 → (24 + 7/3)/9 × 25 = 73.15
    assert zero.converted == Decimal("73.15") and zero.respondents == 3
    assert zero.unsur[8].nrr.quantize(Decimal("0.0001")) == Decimal("2.3333")
    # listwise: respondent 2 is dropped, every NRR 3.5 → 87.50
    assert listwise.converted == Decimal("87.50")
    assert (listwise.respondents, listwise.dropped) == (2, 1)
    assert kp.skm_index(r, convention="listwise").convention_text_en.endswith(
        "respondents with a blank answer left out; mutu from the converted value"
    )


def test_blanks_as_zero_can_go_below_25_and_grade_d() -> None:
    # Defect (g): nine respondents, each answered one unsur (with 1): every NRR is 1/9.
    answers: list[list[int | None]] = [[1 if k == r else None for k in range(9)] for r in range(9)]
    unit = kp.skm_index(with_status(answers), convention="kosong-nol").units[0]
    assert unit.converted == Decimal("2.78") and unit.grade == "D"
    assert kp.skm_index(with_status(answers)).units[0].converted == Decimal("25.00")


def test_listwise_that_leaves_nobody_and_anonymous_blanks_are_refused() -> None:
    answers: list[list[int | None]] = [[4] * 8 + [None], [None] + [4] * 8]
    with pytest.raises(kp.InvalidRoundError) as err:
        kp.skm_index(with_status(answers), convention="listwise")
    assert [(p.location, p.code) for p in err.value.problems] == [
        ("units[0]", "skm_no_complete_respondent")
    ]
    anonymous = kp.Round.from_columns(
        rubric="skm-2017",
        entities=[{"code": "e", "name": "Pemerintah Kabupaten Uji", "kind": "pemkab"}],
        units=[{"code": "dukcapil", "name": "Disdukcapil", "entity": "e", "unit_type": "opd"}],
        unit=np.zeros(9, dtype=np.int64),
        indicator=np.arange(9),
        indicator_codes=SKM_2017.indicator_ids(),
        value=np.full(9, 4.0),
    )
    assert kp.skm_index(anonymous).units[0].converted == Decimal("100.00")
    with pytest.raises(kp.InvalidRoundError, match="need a respondent code"):
        kp.skm_index(anonymous, convention="kosong-nol")


def test_the_float_mode_grades_an_exact_65_as_d_as_a_php_calculator_does() -> None:
    # Defect (h): these totals give exactly 65.00, but Σ NRR × (1/9) in doubles is
    # 64.99999999999999: the PHP calculator prints 65.00 and grades D.
    r = survey(columns(5, [14, 18, 10, 16, 9, 15, 14, 7, 14]))
    exact = kp.skm_index(r).units[0]
    php = kp.skm_index(r, convention="float-php").units[0]
    assert (exact.converted, exact.grade) == (Decimal("65.00"), "C")
    assert (php.converted, php.grade) == (Decimal("65.00"), "D")
    # the same value graded with the custom edges in exact arithmetic is C
    edges = kp.SkmConvention(
        grading="edges", edges=(Decimal(65), Decimal("76.61"), Decimal("88.31"))
    )
    assert kp.skm_index(r, convention=edges).units[0].grade == "C"


def test_output_decimals_and_an_agency_grade_table() -> None:
    r = same_nrr(140, 9)  # NRR 3.0642857…: 76.607 converted
    three = kp.skm_index(r, convention="konversi-3dp").units[0]
    assert three.converted == Decimal("76.607") and three.grade == "B"
    agency = kp.skm_index(r, convention="tabel-instansi").units[0]
    assert agency.converted == Decimal("76.61") and agency.grade == "C"  # B only from 76.66


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"grading": "edges"}, "skm_edges_grading"),
        ({"edges": ["65", "76.61", "88.31"]}, "skm_edges_grading"),
        ({"grading": "edges", "edges": ["76.61", "65", "88.31"]}, "skm_edges"),
        ({"weight": "0.11", "weight_decimals": 3}, "skm_weight_decimals"),
    ],
)
def test_bad_conventions_are_refused(fields: dict[str, object], code: str) -> None:
    with pytest.raises(kp.InvalidInputError) as err:
        kp.SkmConvention.model_validate(fields)
    assert [p.code for p in err.value.problems] == [code]


def test_edges_must_match_the_grade_table() -> None:
    two = kp.SkmConvention(grading="edges", edges=(Decimal(65), Decimal(80)))
    with pytest.raises(kp.InvalidInputError) as err:
        kp.skm_index(survey([[4] * 9]), convention=two)
    assert [p.code for p in err.value.problems] == ["skm_edges_count"]
    assert "4 bands, so 3 lower edges are needed, not 2" in str(err.value)
