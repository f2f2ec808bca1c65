"""``RoundResult.to_frame``, ``summary`` and ``ranking``: every field agrees with the views,
every backend holds the same values, and counts and ranks agree with a brute-force count."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given

import kepatuhan as kp
from builders import heavy, rapor_round
from kepatuhan.tables import INDICATOR_STATUSES, LEVELS
from kepatuhan.testing import rubric_and_round

LevelName = Any  # one of LEVELS


def rows(result: kp.RoundResult, level: LevelName, scores: str = "decimal") -> list[dict[str, Any]]:
    table = result.to_frame(level, backend="numpy", scores=scores)  # type: ignore[call-overload]
    names = list(table)
    return [dict(zip(names, values, strict=True)) for values in zip(*table.values(), strict=True)]


def value(x: Any) -> Any:
    """An enum member as its value; other values as they are."""
    return getattr(x, "value", x)


def check_against_views(result: kp.RoundResult) -> None:
    units = {u.code: u for u in result.units}
    entities = {e.code: e for e in result.entities}
    unit_rows = rows(result, "units")
    assert [r["unit"] for r in unit_rows] == [u.code for u in result.units]
    for r in unit_rows:
        u = units[r["unit"]]
        e = entities[u.entity]
        assert (r["entity"], r["unit_name"], r["entity_name"]) == (u.entity, u.name, e.name)
        assert (r["entity_kind"], r["province"]) == (e.kind.value, e.province)
        assert (r["unit_type"], r["input_level"]) == (u.unit_type.value, u.input_level.value)
        assert r["score"] == u.score
        assert (r["grade"], r["zone"], r["label"], r["quality"]) == (
            u.grade, value(u.zone), u.label, u.quality,
        )  # fmt: skip
    for r in rows(result, "entities"):
        e = entities[r["entity"]]
        assert (r["entity_name"], r["entity_kind"], r["province"]) == (
            e.name, e.kind.value, e.province,
        )  # fmt: skip
        assert (r["score"], r["grade"], r["zone"], r["label"], r["quality"]) == (
            e.score, e.grade, value(e.zone), e.label, e.quality,
        )  # fmt: skip
        assert (r["units"], r["units_scored"]) == (len(e.units), e.units_scored)
        assert r["without_maladministration"] == e.without_maladministration
        assert r["outstanding_products"] == len(e.outstanding_products)
        assert (r["opinion"], r["awarded"]) == (e.opinion, e.awarded)
    dims = rows(result, "dimensions")
    assert len(dims) == sum(len(u.dimensions) for u in result.units)
    for r in dims:
        u = units[r["unit"]]
        assert r["entity"] == u.entity
        assert r["score"] == u.dimensions[r["dimension"]]
        assert r["contribution"] == u.contributions[r["dimension"]]
        if u.input_level is kp.InputLevel.DIMENSION and r["score"] is not None:
            assert r["points_lost"] == u.points_lost[r["dimension"]]
    for r in rows(result, "entity_dimensions"):
        e = entities[r["entity"]]
        assert r["score"] == e.dimensions[r["dimension"]]
        assert r["contribution"] == e.contributions[r["dimension"]]
    indicators = rows(result, "indicators")
    n_ind = len(result.columns.indicator_ids)
    assert len(indicators) == len(units) * n_ind
    for r in indicators:
        u = units[r["unit"]]
        status = r["status"]
        assert status in INDICATOR_STATUSES
        node = u.nodes[r["indicator"]]
        if status == "dimension_input":
            assert u.input_level is kp.InputLevel.DIMENSION
            assert r["points_lost"] is None
        elif status == "not_applicable":
            assert r["indicator"] in u.completeness.not_applicable
        elif status == "missing":
            assert r["indicator"] in u.completeness.missing
        else:
            assert r["indicator"] not in u.completeness.missing
        if node is None:
            assert np.isnan(r["score"])
        else:
            assert r["score"] == node
        assert r["points_lost"] == u.points_lost.get(r["indicator"])
    for r in rows(result, "completeness"):
        c = units[r["unit"]].completeness
        assert (r["applicable"], r["assessed"], r["missing"]) == (
            c.applicable, c.assessed, len(c.missing),
        )  # fmt: skip
        assert r["not_applicable"] == len(c.not_applicable)
        assert r["ratio"] == c.ratio
        assert r["complete"] == c.complete
        assert r["respondents_short"] == bool(c.respondents_short)
    by_unit: dict[str, list[tuple[str, int, int, bool]]] = {u.code: [] for u in result.units}
    for r in rows(result, "respondents"):
        by_unit[r["unit"]].append((r["role"], r["required"], r["collected"], r["short"]))
    for u in result.units:
        counts = u.completeness.respondents
        assert by_unit[u.code] == [(x.role.value, x.required, x.collected, x.short) for x in counts]


def respondents_by_count(
    rubric: kp.Rubric, round_: kp.Round, result: kp.RoundResult
) -> dict[str, list[tuple[str, int, int]]]:
    """(role, required, collected) per unit, counted answer by answer."""
    answered: Counter[tuple[str, str]] = Counter(
        (r.unit, r.indicator) for r in round_.responses if r.status == kp.ResponseStatus.ANSWERED
    )
    out: dict[str, list[tuple[str, int, int]]] = {}
    for u in result.units:
        per_role: dict[str, tuple[int, int]] = {}
        if u.input_level == kp.InputLevel.INDICATOR:
            for ind in rubric.indicators():
                if ind.respondents is None or ind.id in u.completeness.not_applicable:
                    continue
                need, got = per_role.get(ind.role.value, (0, 0))
                per_role[ind.role.value] = (
                    max(need, ind.respondents),
                    max(got, answered[(u.code, ind.id)]),
                )
        out[u.code] = [
            (role.value, *per_role[role.value])
            for role in kp.RespondentRole
            if role.value in per_role
        ]
    return out


@heavy()
@given(data=rubric_and_round(max_units=5, max_respondents=4))
def test_respondents_collected_against_required_agree_with_a_count(
    data: tuple[kp.Rubric, kp.Round],
) -> None:
    rubric, round_ = data
    result = kp.score(round_, rubric)
    expected = respondents_by_count(rubric, round_, result)
    for u in result.units:
        counts = u.completeness.respondents
        assert [(x.role.value, x.required, x.collected) for x in counts] == expected[u.code]
        assert u.completeness.respondents_short == tuple(
            x for x in counts if x.collected < x.required
        )


def test_a_unit_with_a_third_of_its_service_users_is_short_of_respondents() -> None:
    """The issue's case: a unit with 10 of the 30 service users the rubric asks for."""
    round_ = kp.example_round()
    rubric = kp.get_rubric(round_.rubric)
    unit = next(u for u in round_.units if u.unit_type == kp.UnitType.PUSKESMAS)
    users = {i.id for i in rubric.indicators() if i.role == kp.RespondentRole.PENGGUNA_LAYANAN}

    def kept(r: kp.Response) -> bool:
        dropped = r.unit == unit.code and r.indicator in users
        return not dropped or int(str(r.respondent).rsplit("-", 1)[1]) <= 10

    table = kp.ResponseTable.from_responses(r for r in round_.responses if kept(r))
    short = kp.score(round_.model_copy(update={"responses": table}))
    view = next(u for u in short.units if u.code == unit.code)
    counts = {c.role: c for c in view.completeness.respondents}
    users_count = counts[kp.RespondentRole.PENGGUNA_LAYANAN]
    assert (users_count.required, users_count.collected, users_count.short) == (30, 10, True)
    assert view.completeness.complete  # every indicator still has answers
    assert view.completeness.respondents_short == (users_count,)
    assert [u.code for u in short.units if u.completeness.respondents_short] == [unit.code]
    assert not any(u.completeness.respondents_short for u in kp.score(round_).units)


def test_every_field_of_the_example_agrees_with_the_views() -> None:
    check_against_views(kp.score(kp.example_round()))


@heavy()
@given(data=rubric_and_round(max_units=5))
def test_every_field_of_every_level_agrees_with_the_views(
    data: tuple[kp.Rubric, kp.Round],
) -> None:
    rubric, round_ = data
    check_against_views(kp.score(round_, rubric))


def test_a_2025_round_with_opinions_agrees_with_the_views() -> None:
    products = [
        kp.OversightProduct(entity="a", kind="saran_perbaikan", reference="L-1", followed_up=True),
        kp.OversightProduct(entity="b", kind="rekomendasi", reference="R-2", followed_up=False),
    ]
    result = kp.score(rapor_round("ombudsman-2025", {"a": 90.61, "b": 62.57, "c": 53.0}, products))
    check_against_views(result)
    table = result.to_frame("entities", backend="numpy")
    assert table["without_maladministration"].tolist() == [True, False, True]
    assert table["awarded"].tolist() == [True, False, False]
    assert table["outstanding_products"].tolist() == [0, 1, 0]


# Backends ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    return kp.score(kp.example_round())


@pytest.mark.parametrize("level", LEVELS)
def test_every_backend_holds_the_same_values(result: kp.RoundResult, level: LevelName) -> None:
    reference = result.to_frame(level, backend="numpy")
    frame = result.to_frame(level)
    polars = result.to_frame(level, backend="polars")
    arrow = result.to_frame(level, backend="pyarrow")
    assert isinstance(frame, pd.DataFrame)
    assert isinstance(polars, pl.DataFrame)
    assert isinstance(arrow, pa.Table)
    assert list(frame.columns) == list(polars.columns) == arrow.column_names == list(reference)
    for name, expected in reference.items():
        want = [None if v is None or (isinstance(v, float) and np.isnan(v)) else v
                for v in expected.tolist()]  # fmt: skip
        got_pandas = [None if pd.isna(v) else v for v in frame[name].tolist()]
        got_polars = [None if v is not None and v != v else v for v in polars[name].to_list()]
        got_arrow = [None if v is not None and v != v else v for v in arrow[name].to_pylist()]
        assert got_pandas == want, name
        assert got_polars == want, name
        assert got_arrow == want, name


def test_codes_are_categorical_in_every_backend(result: kp.RoundResult) -> None:
    frame = result.to_frame("indicators")
    for name in ("unit", "entity", "indicator", "dimension", "status"):
        assert isinstance(frame[name].dtype, pd.CategoricalDtype), name
    assert result.to_frame("units", backend="polars").schema["grade"] == pl.Enum(
        ["A", "B", "C", "D", "E"]
    )
    arrow = result.to_frame("units", backend="pyarrow")
    assert pa.types.is_dictionary(arrow.schema.field("zone").type)


def test_scores_are_exact_two_decimal_values_in_each_form(result: kp.RoundResult) -> None:
    floats = result.to_frame("units")["score"].tolist()
    exact = [u.score for u in result.units]
    # The shortest text of each float is the published decimal itself (87.99, not 87.98999…).
    assert [Decimal(repr(f)) for f in floats] == exact
    assert result.to_frame("units", scores="decimal")["score"].tolist() == exact
    assert result.to_frame("units", scores="string")["score"].tolist() == [str(d) for d in exact]
    decimals = result.to_frame("units", backend="pyarrow", scores="decimal").column("score")
    assert pa.types.is_decimal(decimals.type)
    assert decimals.to_pylist() == exact
    assert result.to_frame("units", backend="polars", scores="decimal")["score"].to_list() == exact


def test_arrow_tables_are_read_by_other_libraries(result: kp.RoundResult) -> None:
    arrow = result.to_frame("units", backend="pyarrow")
    assert hasattr(arrow, "__arrow_c_stream__")
    assert pl.DataFrame(arrow)["score"].to_list() == result.to_frame("units")["score"].tolist()
    from_arrow = getattr(pd.DataFrame, "from_arrow", None)  # pandas >= 3: the C stream
    frame = from_arrow(arrow) if from_arrow is not None else arrow.to_pandas()
    assert frame["unit"].tolist() == [u.code for u in result.units]


def test_bad_arguments_name_the_choices(result: kp.RoundResult) -> None:
    with pytest.raises(ValueError, match="level must be one of units"):
        result.to_frame("unit")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="backend must be one of pandas"):
        result.to_frame("units", backend="excel")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="scores must be one of float"):
        result.to_frame("units", scores="int")  # type: ignore[call-overload]
    back = kp.RoundResult.from_json(result.to_json())
    with pytest.raises(ValueError, match="score the round again"):
        back.to_frame("units")


def test_import_needs_no_frame_library() -> None:
    code = (
        "import sys, kepatuhan as kp; kp.score(kp.example_round()).units[0].points_lost; "
        "print(sorted(m for m in ('pandas', 'polars', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_missing_backend_says_how_to_install_it(
    result: kp.RoundResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"kepatuhan\[frames\]"):
        result.to_frame("units", backend="polars")


# Summaries and rankings ----------------------------------------------------------------------


def brute_summary(
    result: kp.RoundResult, by: str | None, count: str
) -> dict[tuple[Any, ...], Counter[Any]]:
    out: dict[tuple[Any, ...], Counter[Any]] = {}
    for e in result.entities:
        key = () if by is None else (value(getattr(e, "kind" if by == "entity_kind" else by)),)
        out.setdefault(key, Counter())[value(getattr(e, count))] += 1
    return out


@heavy()
@given(data=rubric_and_round(max_entities=8, max_units=3))
def test_summaries_and_rankings_agree_with_brute_force(data: tuple[kp.Rubric, kp.Round]) -> None:
    rubric, round_ = data
    result = kp.score(round_, rubric)
    check_summaries(result)
    check_ranks(result)
    check_band_boundaries(result)


def check_summaries(result: kp.RoundResult) -> None:
    for by in (None, "entity_kind", "province"):
        for count in ("grade", "zone"):
            table = result.summary(by=by, count=count, backend="numpy")
            expected = brute_summary(result, by, count)
            got: dict[tuple[Any, ...], Counter[Any]] = {}
            keys = [] if by is None else table[by].tolist()
            for i, (cat, n) in enumerate(zip(table[count], table["count"], strict=True)):
                key = () if by is None else (keys[i],)
                got.setdefault(key, Counter())[cat] += int(n)
            assert {k: +v for k, v in got.items()} == {k: +v for k, v in expected.items()}
            for key in got:
                in_group = [i for i in range(len(table["count"]))
                            if by is None or (table[by][i],) == key]  # fmt: skip
                shares = [table["share"][i] for i in in_group]
                assert round(sum(shares), 6) == 100.0
                total = sum(int(table["count"][i]) for i in in_group)
                for i in in_group:
                    exact = 100 * int(table["count"][i]) / total
                    assert abs(table["share"][i] - exact) < 0.01 + 1e-9


def test_published_2024_counts_read_as_a_summary_of_grades() -> None:
    # 2024: A/B/C/D/E = 337/157/70/14/9 of 587. Each share rounded half-up on its own gives
    # 57.41 + 26.75 + 11.93 + 2.39 + 1.53 = 100.01; the largest remainders give 100.00:
    # 14/587 = 2.38500…% has a smaller remainder (.500) than 70/587 = 11.92504…% (.504).
    scores = [95.0] * 337 + [80.0] * 157 + [70.0] * 70 + [40.0] * 14 + [20.0] * 9
    round_ = rapor_round("ombudsman-2024", {f"e{i:03d}": s for i, s in enumerate(scores)})
    table = kp.score(round_).summary(by=None, backend="numpy")
    assert table["grade"].tolist() == ["A", "B", "C", "D", "E"]
    assert table["count"].tolist() == [337, 157, 70, 14, 9]
    assert table["share"].tolist() == [57.41, 26.75, 11.93, 2.38, 1.53]
    assert sum(Decimal(str(s)) for s in table["share"]) == Decimal(100)


def check_ranks(result: kp.RoundResult) -> None:
    for by in (None, "entity_kind"):
        table = result.ranking(by=by, backend="numpy", scores="decimal")
        groups = [()] * len(table["rank"]) if by is None else [(k,) for k in table[by]]
        for i, code in enumerate(table["entity"]):
            e = result.entity(code)
            assert table["score"][i] == e.score
            peers = [p for p in result.entities
                     if by is None or (p.kind.value,) == groups[i]]  # fmt: skip
            if e.score is None:
                assert table["rank"][i] is None
                continue
            better = sum(1 for p in peers if p.score is not None and p.score > e.score)
            assert table["rank"][i] == better + 1
        # Rows run best first within a group, ties by code, unscored last.
        seen: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        for i, code in enumerate(table["entity"]):
            score = table["score"][i]
            seen.setdefault(groups[i], []).append((score is None, -(score or 0), code))
        assert all(keys == sorted(keys) for keys in seen.values())


def check_band_boundaries(result: kp.RoundResult) -> None:
    """In a ranking, the band boundaries coincide with the band counts of the summary."""
    ranking = result.ranking(by=None, backend="numpy")
    summary = result.summary(by=None, count="label", backend="numpy")
    counts = dict(zip(summary["label"].tolist(), summary["count"].tolist(), strict=True))
    start = 0
    labels = ranking["label"].tolist()
    for label in [v for v in summary["label"].tolist() if v is not None]:
        n = counts[label]
        # The n rows after the better bands are exactly this band, and their ranks lie there.
        assert labels[start : start + n] == [label] * n
        ranks = ranking["rank"][start : start + n].tolist()
        assert all(start + 1 <= r <= start + n for r in ranks)
        if n:
            assert ranks[0] == start + 1
        start += n
