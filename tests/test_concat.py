"""``concat_rounds``: several rounds joined into one, in an order that does not depend on the
order of the parts; every clash located in both parts."""

from __future__ import annotations

import random
import string
from collections.abc import Iterable, Sequence
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kepatuhan as kp
from builders import heavy
from kepatuhan.concat import concat_rounds
from kepatuhan.errors import MESSAGES
from kepatuhan.testing.strategies import rounds, rubrics
from test_io_write_round import opinion_round

RUBRIC = "ombudsman-2024"


def _entity(code: str, **changes: object) -> kp.Entity:
    fields: dict[str, object] = {"code": code, "name": f"Pemerintah {code}", "kind": "pemkot"}
    return kp.Entity(**{**fields, **changes})


def _unit(code: str, entity: str) -> kp.ServiceUnit:
    return kp.ServiceUnit(code=code, name=f"Unit {code}", entity=entity, unit_type="opd")


def _answers(unit: str, *, n: int = 2, **fields: object) -> list[kp.Response]:
    ind = kp.get_rubric(RUBRIC).indicators()[0]
    return [
        kp.Response(unit=unit, indicator=ind.id, respondent=f"r{k}", role=ind.role, value=k % 4,
                    **fields)
        for k in range(n)
    ]  # fmt: skip


def _round(
    entities: Iterable[kp.Entity],
    units: Iterable[kp.ServiceUnit],
    responses: Iterable[kp.Response] = (),
    **fields: object,
) -> kp.Round:
    return kp.Round(
        rubric=str(fields.pop("rubric", RUBRIC)),
        entities=tuple(entities),
        units=tuple(units),
        responses=list(responses),
        **fields,
    )


def _problems(rounds_: Sequence[kp.Round] | dict[str, kp.Round]) -> list[kp.Problem]:
    with pytest.raises(kp.InvalidRoundError) as err:
        concat_rounds(rounds_)
    return list(err.value.problems)


# Clashes ---------------------------------------------------------------------------------------


def test_a_unit_code_in_two_parts_names_both_whatever_the_mapping_order() -> None:
    a = _round([_entity("e1")], [_unit("x", "e1"), _unit("y", "e1")])
    b = _round([_entity("e2")], [_unit("z", "e2"), _unit("y", "e2")])
    for parts in ({"a.xlsx": a, "b.xlsx": b}, {"b.xlsx": b, "a.xlsx": a}):
        (problem,) = _problems(parts)
        assert problem.location == "b.xlsx: units[1].code"
        assert problem.code == "concat_unit_clash"
        assert problem.text("en") == "unit code 'y' is also in a.xlsx (units[1])"
        assert problem.text("id") == "kode unit 'y' juga ada di a.xlsx (units[1])"


def test_an_identical_unit_in_two_parts_is_still_a_clash() -> None:
    """Its answers would be counted twice."""
    part = _round([_entity("e1")], [_unit("x", "e1")], _answers("x"))
    (problem,) = _problems([part, part])
    assert problem.location == "rounds[1]: units[0].code"
    assert problem.params["other"] == "rounds[0]"


def test_an_entity_under_two_records_is_a_clash_per_field() -> None:
    a = _round([_entity("e1")], [_unit("x", "e1")])
    b = _round([_entity("e1", name="Pemkot Lain", province="Jambi")], [_unit("y", "e1")])
    problems = _problems({"a.xlsx": a, "b.xlsx": b})
    assert [p.location for p in problems] == [
        "b.xlsx: entities[0].name",
        "b.xlsx: entities[0].province",
    ]
    name = problems[0]
    assert name.code == "concat_entity_clash"
    assert name.text("en") == (
        "entity code 'e1' is also in a.xlsx (entities[0]) with name 'Pemerintah e1', "
        "here 'Pemkot Lain'"
    )
    assert "a.xlsx (entities[0])" in name.text("id")
    assert problems[1].params["first_value"] is None
    assert problems[1].params["value"] == "Jambi"


def test_an_identical_entity_in_two_parts_is_kept_once() -> None:
    """A Pemda's units may come in several workbooks, each listing the Pemda."""
    a = _round([_entity("e1")], [_unit("x", "e1")], _answers("x"))
    b = _round([_entity("e1")], [_unit("y", "e1")], _answers("y"))
    joined = concat_rounds({"a.xlsx": a, "b.xlsx": b})
    assert joined.entities == (_entity("e1"),)
    assert [u.code for u in joined.units] == ["x", "y"]
    entity = kp.score(joined).entities[0]
    assert entity.units_scored == 2


def test_rounds_of_another_rubric_are_the_odd_ones_out() -> None:
    parts = {
        "a.json": _round([_entity("e1")], [_unit("x", "e1")]),
        "b.json": _round([_entity("e2")], [_unit("y", "e2")], rubric="ombudsman-2023"),
        "c.json": _round([_entity("e3")], [_unit("z", "e3")]),
    }
    (problem,) = _problems(parts)
    assert problem.location == "b.json: rubric"
    assert problem.code == "concat_rubric_mismatch"
    assert problem.params == {"found": "ombudsman-2023", "expected": RUBRIC, "other": "a.json"}


def test_every_problem_is_reported_at_once() -> None:
    a = _round([_entity("e1")], [_unit("x", "e1")])
    b = _round([_entity("e1", kind="pemkab")], [_unit("x", "e1")], rubric="ombudsman-2023")
    codes = [p.code for p in _problems({"a": a, "b": b})]
    assert sorted(codes) == ["concat_entity_clash", "concat_rubric_mismatch", "concat_unit_clash"]


def test_nothing_to_join() -> None:
    (problem,) = _problems([])
    assert (problem.location, problem.code) == ("rounds", "concat_empty")


def test_one_round_is_not_a_sequence_of_rounds() -> None:
    with pytest.raises(TypeError):
        concat_rounds(kp.example_round())  # type: ignore[arg-type]


# Round fields ----------------------------------------------------------------------------------


def test_synthetic_if_any_part_is() -> None:
    real = _round([_entity("e1")], [_unit("x", "e1")])
    made_up = _round([_entity("e2")], [_unit("y", "e2")], synthetic=True)
    assert concat_rounds([real, made_up]).synthetic is True
    assert concat_rounds([made_up, real]).synthetic is True
    assert concat_rounds([real]).synthetic is False


def test_title_given_else_common_else_none() -> None:
    a = _round([_entity("e1")], [_unit("x", "e1")], title="Penilaian 2024")
    b = _round([_entity("e2")], [_unit("y", "e2")], title="Penilaian 2024")
    c = _round([_entity("e3")], [_unit("z", "e3")], title="Kota C")
    untitled = _round([_entity("e4")], [_unit("w", "e4")])
    assert concat_rounds([a, b]).title == "Penilaian 2024"
    assert concat_rounds([a, c]).title is None
    assert concat_rounds([a, untitled]).title is None
    assert concat_rounds([a, c], title="Perwakilan Sumsel").title == "Perwakilan Sumsel"


def test_notes_distinct_in_source_order() -> None:
    parts = {
        "c.xlsx": _round([_entity("e3")], [_unit("z", "e3")], note="Catatan C"),
        "a.xlsx": _round([_entity("e1")], [_unit("x", "e1")], note="Catatan A"),
        "b.xlsx": _round([_entity("e2")], [_unit("y", "e2")], note="Catatan C"),
        "d.xlsx": _round([_entity("e4")], [_unit("w", "e4")]),
    }
    assert concat_rounds(parts).note == "Catatan A\n\nCatatan C"
    assert concat_rounds({"d.xlsx": parts["d.xlsx"]}).note is None


# Oversight products ------------------------------------------------------------------------------


def _split_opinion_round(
    products: tuple[kp.OversightProduct, ...] | None = None,
) -> tuple[kp.Round, kp.Round]:
    """The 2025 opinion round split by entity, each part listing every product."""
    whole = opinion_round(products)
    parts = []
    for entity in whole.entities:
        units = [u for u in whole.units if u.entity == entity.code]
        codes = {u.code for u in units}
        parts.append(
            whole.model_copy(
                update={
                    "entities": (entity,),
                    "units": tuple(units),
                    "responses": kp.ResponseTable.from_responses(
                        r for r in whole.responses if r.unit in codes
                    ),
                    "dimension_scores": tuple(
                        ds for ds in whole.dimension_scores if ds.unit in codes
                    ),
                    "oversight_products": None
                    if whole.oversight_products is None
                    else tuple(p for p in whole.oversight_products if p.entity == entity.code),
                }
            )
        )
    return parts[0], parts[1]


def test_oversight_products_joined_in_canonical_order() -> None:
    a, b = _split_opinion_round()
    joined = concat_rounds({"b.xlsx": b, "a.xlsx": a})
    whole = opinion_round()
    assert joined.oversight_products is not None and whole.oversight_products is not None
    assert [p.entity for p in joined.oversight_products] == ["16.72", "82.72"]
    assert set(joined.oversight_products) == set(whole.oversight_products)
    assert kp.score(joined).entities[0].outstanding_products == ("R-1/2025",)


def test_an_identical_product_in_two_parts_is_kept_once_a_different_one_clashes() -> None:
    a, b = _split_opinion_round()
    shared = b.entities[0]  # the entity and its product listed in both workbooks
    assert a.oversight_products is not None and b.oversight_products is not None
    a_too = a.model_copy(
        update={
            "entities": (*a.entities, shared),
            "oversight_products": (*a.oversight_products, *b.oversight_products),
        }
    )
    joined = concat_rounds({"a.xlsx": a_too, "b.xlsx": b})
    assert joined.oversight_products is not None and len(joined.oversight_products) == 2

    changed = b.oversight_products[0].model_copy(update={"followed_up": True})
    b_changed = b.model_copy(update={"oversight_products": (changed,)})
    (problem,) = _problems({"a.xlsx": a_too, "b.xlsx": b_changed})
    assert problem.location == "b.xlsx: oversight_products[0].followed_up"
    assert problem.code == "concat_product_clash"
    assert problem.params["other"] == "a.xlsx"
    assert problem.params["first"] == "oversight_products[1]"


def test_products_recorded_in_some_parts_only_is_a_problem() -> None:
    """A part without them would read as "none issued" and wrongly qualify."""
    a, b = _split_opinion_round()
    unrecorded = b.model_copy(update={"oversight_products": None})
    (problem,) = _problems({"a.xlsx": a, "b.xlsx": unrecorded})
    assert problem.location == "b.xlsx: oversight_products"
    assert problem.code == "concat_oversight_unrecorded"
    assert problem.params == {"other": "a.xlsx"}


def test_no_part_records_products() -> None:
    a, b = _split_opinion_round()
    a, b = (r.model_copy(update={"oversight_products": None}) for r in (a, b))
    assert concat_rounds([a, b]).oversight_products is None


def test_recorded_with_none_issued_stays_recorded() -> None:
    a, b = _split_opinion_round(products=())
    assert concat_rounds([a, b]).oversight_products == ()


# Columns ---------------------------------------------------------------------------------------


def test_evidence_and_dates_are_carried_row_by_row() -> None:
    a = _round(
        [_entity("e1")],
        [_unit("y", "e1")],
        _answers("y", evidence="https://bukti.example/y", collected=date(2024, 5, 2)),
    )
    b = _round([_entity("e1")], [_unit("x", "e1")], _answers("x", n=3))  # no evidence, no dates
    joined = concat_rounds([a, b])
    rows = [(r.unit, r.respondent, r.evidence, r.collected) for r in joined.responses]
    assert rows == [
        ("x", "r0", None, None),
        ("x", "r1", None, None),
        ("x", "r2", None, None),
        ("y", "r0", "https://bukti.example/y", date(2024, 5, 2)),
        ("y", "r1", "https://bukti.example/y", date(2024, 5, 2)),
    ]


def test_dimension_scores_in_canonical_order() -> None:
    a, b = _split_opinion_round()
    joined = concat_rounds([a, b])
    unit_pos = {u.code: i for i, u in enumerate(joined.units)}
    keys = [(unit_pos[ds.unit], ds.dimension) for ds in joined.dimension_scores]
    assert keys == sorted(keys)
    assert set(joined.dimension_scores) == set(opinion_round().dimension_scores)


def test_responses_grouped_by_unit_keep_their_relative_order() -> None:
    """Units sorted by (entity position, code); each unit's rows as they came."""
    ind = kp.get_rubric(RUBRIC).indicators()
    rows = [
        kp.Response(unit=u, indicator=ind[k].id, respondent=f"r{k}", role=ind[k].role, value=1)
        for u, k in [("b2", 3), ("a9", 1), ("b2", 0), ("a9", 0), ("b1", 2)]
    ]
    part = _round(
        [_entity("B"), _entity("A")],
        [_unit("b2", "B"), _unit("a9", "A"), _unit("b1", "B")],
        rows,
    )
    joined = concat_rounds([part])
    assert [e.code for e in joined.entities] == ["A", "B"]
    assert [u.code for u in joined.units] == ["a9", "b1", "b2"]
    assert [(r.unit, r.respondent) for r in joined.responses] == [
        ("a9", "r1"), ("a9", "r0"), ("b1", "r2"), ("b2", "r3"), ("b2", "r0"),
    ]  # fmt: skip


def test_new_messages_have_both_languages_with_the_same_placeholders() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    codes = [code for code in MESSAGES if code.startswith("concat_")]
    assert len(codes) == 6
    for code in codes:
        english, indonesian = MESSAGES[code]
        assert english != indonesian and fields(english) == fields(indonesian), code


# Properties ------------------------------------------------------------------------------------


def canonical(round_: kp.Round) -> kp.Round:
    """The round in the documented canonical order, built plainly from Response objects
    (a second description of the order, sharing no code with concat_rounds)."""
    entities = sorted(round_.entities, key=lambda e: e.code)
    entity_pos = {e.code: i for i, e in enumerate(entities)}
    units = sorted(round_.units, key=lambda u: (entity_pos[u.entity], u.code))
    unit_pos = {u.code: i for i, u in enumerate(units)}
    return kp.Round(
        rubric=round_.rubric,
        title=round_.title,
        synthetic=round_.synthetic,
        note=round_.note,
        entities=entities,
        units=units,
        responses=sorted(round_.responses, key=lambda r: unit_pos[r.unit]),  # stable
        dimension_scores=sorted(
            round_.dimension_scores, key=lambda ds: (unit_pos[ds.unit], ds.dimension)
        ),
    )


def _part(whole: kp.Round, entities: Sequence[kp.Entity], unit_codes: set[str]) -> kp.Round:
    return kp.Round(
        rubric=whole.rubric,
        title=whole.title,
        synthetic=whole.synthetic,
        note=whole.note,
        entities=entities,
        units=[u for u in whole.units if u.code in unit_codes],
        responses=[r for r in whole.responses if r.unit in unit_codes],
    )


@st.composite
def split_rounds(draw: st.DrawFn) -> tuple[kp.Rubric, kp.Round, list[kp.Round]]:
    """A rubric, a round, and the round split into 1–4 parts: by entity (each entity and its
    units in one part), or by unit (each unit in one part, which lists the unit's entity)."""
    rubric = draw(rubrics(max_indicators=6))
    whole = draw(rounds(rubric, max_entities=4, max_units=6, anonymous_probability=0.3))
    k = draw(st.integers(1, 4))
    parts = []
    if draw(st.booleans()):
        home = {e.code: draw(st.integers(0, k - 1)) for e in whole.entities}
        for i in range(k):
            entities = [e for e in whole.entities if home[e.code] == i]
            codes = {u.code for u in whole.units if home[u.entity] == i}
            parts.append(_part(whole, entities, codes))
    else:
        home = {u.code: draw(st.integers(0, k - 1)) for u in whole.units}
        for i in range(k):
            codes = {code for code, part in home.items() if part == i}
            used = {u.entity for u in whole.units if u.code in codes}
            entities = [e for e in whole.entities if e.code in used or i == 0]
            parts.append(_part(whole, entities, codes))
    return rubric, whole, draw(st.permutations(parts))


@heavy()
@given(split_rounds())
def test_a_split_round_joined_scores_like_the_canonical_whole(
    case: tuple[kp.Rubric, kp.Round, list[kp.Round]],
) -> None:
    rubric, whole, parts = case
    joined = concat_rounds(parts)
    expected = canonical(whole)
    assert joined == expected
    assert kp.score(joined, rubric).to_json() == kp.score(expected, rubric).to_json()


@heavy()
@given(split_rounds(), st.randoms(use_true_random=False))
def test_joining_is_idempotent_and_order_independent(
    case: tuple[kp.Rubric, kp.Round, list[kp.Round]], rng: random.Random
) -> None:
    _, whole, parts = case
    joined = concat_rounds(parts)
    assert concat_rounds([joined]) == joined
    assert concat_rounds([canonical(whole)]) == canonical(whole)
    names = [f"pemda-{i}.xlsx" for i in range(len(parts))]
    named = dict(zip(names, parts, strict=True))
    reordered = list(named.items())
    rng.shuffle(reordered)
    assert concat_rounds(dict(reordered)) == concat_rounds(named) == joined
    assert concat_rounds(parts[::-1]) == joined
