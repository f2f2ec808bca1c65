"""kepatuhan.io.write_round: the file it writes reads back as the round, the same bytes every
time, and what a format cannot carry is refused before anything is written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from builders import group, indicator, rapor_round, rubric
from io_files import fill_template
from kepatuhan import io as kio
from kepatuhan.io._cells import number_text, read_number
from kepatuhan.testing import rubric_and_round

DATA_SHEETS = ("Penilaian", "Instansi", "Unit", "Jawaban", "Nilai Dimensi", "Produk Pengawasan")
SCALES = {
    "bin": {"kind": "binary", "minimum": 0, "maximum": 1, "step": 1},
    "int": {"kind": "interval", "minimum": 0, "maximum": 3, "step": 1},
    "pct": {"kind": "percentage", "minimum": 0, "maximum": 100},
    "half": {"kind": "interval", "minimum": 0, "maximum": 2, "step": 0.5},
}
SCALE_RUBRIC = rubric([group("d", [indicator(k, scale=s) for k, s in SCALES.items()])])
FORMATS = [("xlsx", "id"), ("xlsx", "en"), ("csv", "id"), ("csv", "en"), ("json", "id")]


# Rounds -------------------------------------------------------------------------------------


def answers(round_: kp.Round) -> list[tuple[object, ...]]:
    """The answers as a sorted list: a workbook gives them back in the order of its rows."""
    return sorted(
        (r.unit, r.indicator, r.respondent or "", r.role or "", r.status, r.value is None,
         r.value or 0.0, r.evidence or "")
        for r in round_.responses
    )  # fmt: skip


def assert_same(got: kp.Round, want: kp.Round, kind: str) -> None:
    """``got`` is ``want`` as far as the format ``kind`` keeps it (see docs/data-files.md)."""
    if kind == "json":
        assert got == want
        assert got.model_dump_json() == want.model_dump_json()
    elif kind == "xlsx":  # answers in the order of the Jawaban rows; all else as it was
        assert got.model_dump(exclude={"responses"}) == want.model_dump(exclude={"responses"})
        assert answers(got) == answers(want)
    else:  # CSV: the answers in order; entities and units in order of their first answer
        assert got.responses == want.responses
        assert sorted(got.entities, key=str) == sorted(want.entities, key=str)
        assert sorted(got.units, key=str) == sorted(want.units, key=str)
        assert (got.rubric, got.title, got.synthetic, got.note) == (want.rubric, None, False, None)
        assert (want.title, want.synthetic, want.note) == (None, False, None)  # else refused
        assert got.dimension_scores == () and got.oversight_products is None


def round_trip(
    round_: kp.Round, path: Path, rub: kp.Rubric | str | None = None, lang: str = "id"
) -> kp.Round:
    written = kio.write_round(round_, path, rubric=rub, lang=lang)  # type: ignore[call-overload]
    assert written == path
    return kio.read_round(path, rubric=rub or round_.rubric)


def scale_round() -> kp.Round:
    """Every status, fractional values, evidence, roles given or not, anonymous respondents
    answering one indicator three times, a unit without answers."""
    r: list[dict[str, Any]] = [
        {"unit": "u1", "indicator": "bin", "respondent": "p-1", "role": "pelaksana", "value": 1},
        {"unit": "u1", "indicator": "int", "respondent": "p-1", "role": "pelaksana", "value": 2},
        {"unit": "u1", "indicator": "half", "respondent": "p-1", "role": "pelaksana",
         "value": 1.5, "evidence": "https://bukti.example/u1?a=1;b=2"},
        {"unit": "u1", "indicator": "pct", "respondent": "p-1", "value": 100 / 3},
        {"unit": "u1", "indicator": "pct", "respondent": "p-2", "value": 1.234},
        {"unit": "u1", "indicator": "pct", "respondent": "p-3", "value": 0.00001},
        {"unit": "u1", "indicator": "half", "respondent": "p-2", "status": "tidak_berlaku"},
        {"unit": "u1", "indicator": "int", "respondent": "p-2", "status": "belum_dinilai"},
        {"unit": "u2", "indicator": "int", "value": 3},
        {"unit": "u2", "indicator": "int", "value": 0},
        {"unit": "u2", "indicator": "int", "status": "tidak_berlaku"},
        {"unit": "u2", "indicator": "pct", "value": 62.57, "evidence": "https://bukti.example/2"},
        {"unit": "u2", "indicator": "bin", "status": "belum_dinilai"},
    ]  # fmt: skip
    return kp.Round(
        rubric="uji",
        title="Penilaian uji",
        synthetic=True,
        note="Baris dua\nbaris tiga",
        entities=[
            kp.Entity(code="e1", name="Pemkot Uji", kind="pemkot", province="Jambi"),
            kp.Entity(code="007", name='=Lembaga; "kutip"', kind="lembaga"),
        ],
        units=[
            kp.ServiceUnit(code="u1", name="Unit 1", entity="e1", unit_type="opd"),
            kp.ServiceUnit(code="u2", name="#N/A", entity="007", unit_type="upt", sector="1.234"),
            kp.ServiceUnit(code="16.70", name="Unit tanpa jawaban", entity="e1", unit_type="rsud"),
        ],
        responses=r,
    )


def replace(round_: kp.Round, **changes: Any) -> kp.Round:
    """A copy of ``round_`` with ``changes``, checked as a new round."""
    return kp.Round(**{**dict(round_), **changes})


def answered_only(round_: kp.Round) -> kp.Round:
    """``round_`` without its units that have no answers (and entities left without units)."""
    used = {r.unit for r in round_.responses}
    units = [u for u in round_.units if u.code in used]
    entities = [e for e in round_.entities if e.code in {u.entity for u in units}]
    return replace(round_, units=units, entities=entities)


def csv_ready(round_: kp.Round) -> kp.Round:
    """``round_`` as a CSV file can hold it: answered units only, no title, note or synthetic
    flag (a writer refuses them rather than drop them; see test_csv_refuses_round_fields)."""
    return replace(answered_only(round_), title=None, note=None, synthetic=False)


def undated(round_: kp.Round) -> kp.Round:
    """``round_`` without collection dates (only JSON carries them)."""
    return replace(round_, responses=[r.model_copy(update={"collected": None})
                                      for r in round_.responses])  # fmt: skip


def opinion_round(products: tuple[kp.OversightProduct, ...] | None = None) -> kp.Round:
    """A 2025 round: two entities scored from rapor figures (one unit as percentages, one as
    contributions), one unit from answers, and oversight products."""
    rub = kp.get_rubric("ombudsman-2025")
    rapor = rapor_round("ombudsman-2025", {"82.72": 62.57, "16.72": 88.0})
    contributions = [
        kp.DimensionScore(unit="u-c", dimension=node.id, value=round(float(share) * 75, 2),
                          form="contribution")
        for node, share in zip(rub.nodes, rub.compiled.top_share, strict=True)
    ]  # fmt: skip
    answered = [
        kp.Response(
            unit="pkm", indicator=ind.id, respondent=f"{ind.role.value}-{k}", role=ind.role,
            value=ind.scale.best if k == 0 else 62.57,
        )
        for ind in rub.indicators()
        if ind.applies_to is None
        for k in range(2 if str(ind.scale) == "0–100" else 1)
    ]  # fmt: skip
    if products is None:
        products = (
            kp.OversightProduct(entity="82.72", kind="saran_perbaikan", reference="LAHP-12/2025",
                                issued=date(2025, 3, 14), followed_up=True, note="Selesai"),
            kp.OversightProduct(entity="16.72", kind="rekomendasi", reference="R-1/2025",
                                followed_up=False),
        )  # fmt: skip
    return kp.Round(
        rubric="ombudsman-2025",
        title="Penilaian 2025",
        entities=rapor.entities,
        units=[
            *rapor.units,
            kp.ServiceUnit(code="u-c", name="Dinas C", entity="82.72", unit_type="upt"),
            kp.ServiceUnit(code="pkm", name="Puskesmas", entity="16.72", unit_type="puskesmas"),
        ],
        dimension_scores=[*rapor.dimension_scores, *contributions],
        responses=answered,
        oversight_products=products,
    )


def best_round(rub: kp.Rubric) -> kp.Round:
    """Best and worst answers to every indicator of ``rub`` at one unit, one not assessed."""
    inds = [i for i in rub.indicators() if i.applies_to is None or kp.UnitType.OPD in i.applies_to]
    return kp.Round(
        rubric=rub.id,
        entities=[kp.Entity(code="e1", name="Pemerintah Kota Uji", kind="pemkot")],
        units=[kp.ServiceUnit(code="u1", name="Dinas Uji", entity="e1", unit_type="opd")],
        responses=[
            kp.Response(unit="u1", indicator=ind.id, respondent=f"r{k}", role=ind.role,
                        value=[ind.scale.best, ind.scale.worst, None][k],
                        status="belum_dinilai" if k == 2 else "answered")
            for n, ind in enumerate(inds)
            for k in range(3 if n == 0 else 2)
        ],
    )  # fmt: skip


# Round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "lang"), FORMATS)
def test_the_example_round_reads_back(tmp_path: Path, kind: str, lang: str) -> None:
    example = kp.example_round() if kind != "csv" else csv_ready(kp.example_round())
    got = round_trip(example, tmp_path / f"round.{kind}", lang=lang)
    assert_same(got, example, kind)
    if kind != "csv":
        assert kp.score(got).to_json() == kp.score(example).to_json()


@pytest.mark.parametrize(("kind", "lang"), FORMATS)
def test_statuses_fractions_and_evidence_read_back(tmp_path: Path, kind: str, lang: str) -> None:
    source = scale_round() if kind != "csv" else csv_ready(scale_round())
    got = round_trip(source, tmp_path / f"round.{kind}", SCALE_RUBRIC, lang)
    assert_same(got, source, kind)
    assert [r.value for r in got.responses if r.indicator == "pct"].count(100 / 3) == 1


@pytest.mark.parametrize(("kind", "lang"), [("xlsx", "id"), ("xlsx", "en"), ("json", "id")])
def test_dimension_scores_and_oversight_products_read_back(
    tmp_path: Path, kind: str, lang: str
) -> None:
    source = opinion_round()
    got = round_trip(source, tmp_path / f"round.{kind}", lang=lang)
    assert_same(got, source, kind)
    result = kp.score(got)
    assert result.to_json() == kp.score(source).to_json()
    assert result.entity("82.72").opinion is not None
    assert {ds.form for ds in got.dimension_scores} == {"percentage", "contribution"}


@pytest.mark.parametrize("products", [None, ()], ids=["not-recorded", "recorded-none"])
@pytest.mark.parametrize("rubric_id", ["ombudsman-2025", "ombudsman-2024"])
def test_the_recorded_flag_reads_back(
    tmp_path: Path, products: tuple[kp.OversightProduct, ...] | None, rubric_id: str
) -> None:
    source = kp.Round(
        rubric=rubric_id,
        entities=[kp.Entity(code="e1", name="Pemkot Uji", kind="pemkot")],
        oversight_products=products,
    )
    path = kio.write_round(source, tmp_path / "round.xlsx")
    assert kio.read_round(path) == source
    wb = openpyxl.load_workbook(path)
    if rubric_id == "ombudsman-2025" or products is not None:
        # A rubric without an opinion rule gets the sheet only to keep the products.
        assert wb["Produk Pengawasan"]["B1"].value == ("tidak" if products is None else "ya")
    else:
        assert "Produk Pengawasan" not in wb.sheetnames


@pytest.mark.parametrize("rubric_id", [info.id for info in kp.list_rubrics()])
def test_every_registered_rubric(tmp_path: Path, rubric_id: str) -> None:
    source = best_round(kp.get_rubric(rubric_id))
    for kind in ("xlsx", "csv", "json"):
        given = csv_ready(source) if kind == "csv" else source
        assert_same(round_trip(given, tmp_path / f"round.{kind}"), given, kind)


def test_texts_that_need_quoting_or_escaping(tmp_path: Path) -> None:
    base = answered_only(scale_round())
    e1, e2 = base.entities
    u1, u2 = base.units
    first, *rest = base.responses
    source = replace(
        base,
        entities=[e1.model_copy(update={"name": "=SUM(A1:A3)", "province": "#DIV/0!"}),
                  e2.model_copy(update={"name": 'a "b", c; d'})],
        units=[u1.model_copy(update={"name": "_x0041_", "sector": "1.234"}),
               u2.model_copy(update={"name": "é ✓ 😀"})],
        responses=[first.model_copy(update={"evidence": "x\ny\tz"}), *rest],  # no tab in names
        note="x\ny",
    )  # fmt: skip
    assert_same(round_trip(source, tmp_path / "r.xlsx", SCALE_RUBRIC), source, "xlsx")
    in_csv = csv_ready(source)
    assert_same(round_trip(in_csv, tmp_path / "r.csv", SCALE_RUBRIC), in_csv, "csv")


# The workbook -------------------------------------------------------------------------------


def cells(path: Path) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        yield ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("make", [kp.example_round, opinion_round], ids=["example", "2025"])
def test_the_workbook_is_the_filled_template(tmp_path: Path, make: Any) -> None:
    """Cell for cell what the independent helper ``fill_template`` writes with plain
    openpyxl, data sheets and template sheets alike. The rows come in the same order (one per
    unit, role, respondent and evidence, first seen first); the rounds have no value with 17
    significant digits, which write_round keeps as exact text and openpyxl rounds to 16."""
    source = make()
    ours = dict(cells(kio.write_round(source, tmp_path / "ours.xlsx")))
    theirs = dict(cells(fill_template(source, tmp_path / "theirs.xlsx")))
    assert list(ours) == list(theirs)
    assert {s for s in DATA_SHEETS if s in ours} >= set(DATA_SHEETS[:5])
    for sheet in ours:
        assert ours[sheet] == theirs[sheet], sheet
    assert any(len(rows) > 3 for rows in ours.values())


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("rubric_id", ["ombudsman-2024", "pekppp-2022"])
def test_an_empty_round_is_the_template_itself(tmp_path: Path, lang: str, rubric_id: str) -> None:
    empty = kp.Round(rubric=rubric_id)
    ours = kio.write_round(empty, tmp_path / "ours.xlsx", lang=lang)  # type: ignore[call-overload]
    template = kio.write_template(rubric_id, tmp_path / "t.xlsx", lang=lang)  # type: ignore[call-overload]
    assert ours.read_bytes() == template.read_bytes()


def test_answer_cells_are_numbers_or_status_words(tmp_path: Path) -> None:
    path = kio.write_round(scale_round(), tmp_path / "r.xlsx", rubric=SCALE_RUBRIC)
    ws = openpyxl.load_workbook(path)["Jawaban"]
    header = [c.value for c in ws[2]]
    rows = [(row[:4], {header[k]: v for k, v in enumerate(row) if k >= 4 and v is not None})
            for row in ws.iter_rows(min_row=4, values_only=True)]  # fmt: skip
    link = "https://bukti.example/u1?a=1;b=2"
    assert rows == [
        (("u1", "pelaksana", "p-1", None), {"bin": 1, "int": 2}),
        (("u1", "pelaksana", "p-1", link), {"half": 1.5}),
        (("u1", None, "p-1", None), {"pct": repr(100 / 3)}),  # 17 digits: exact text
        (("u1", None, "p-2", None), {"pct": 1.234, "half": "tidak_berlaku",
                                     "int": "belum_dinilai"}),
        (("u1", None, "p-3", None), {"pct": 0.00001}),
        (("u2", None, None, None), {"int": 3, "bin": "belum_dinilai"}),  # anonymous: a row
        (("u2", None, None, None), {"int": 0}),  # for each answer to one indicator
        (("u2", None, None, None), {"int": "tidak_berlaku"}),
        (("u2", None, None, "https://bukti.example/2"), {"pct": 62.57}),
    ]  # fmt: skip
    assert all(type(v) is int for v in rows[0][1].values())
    assert type(rows[1][1]["half"]) is float


@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_the_same_round_gives_the_same_bytes(tmp_path: Path, kind: str) -> None:
    def example() -> kp.Round:
        return csv_ready(kp.example_round()) if kind == "csv" else kp.example_round()

    source = example()
    a = kio.write_round(source, tmp_path / f"a.{kind}").read_bytes()
    b = kio.write_round(example(), tmp_path / f"b.{kind}").read_bytes()
    assert a == b
    again = kio.read_round(tmp_path / f"a.{kind}", rubric=source.rubric)
    assert kio.write_round(again, tmp_path / f"c.{kind}").read_bytes() == a


def test_json_is_the_round_model_json(tmp_path: Path) -> None:
    path = kio.write_round(kp.example_round(), tmp_path / "round.data", format="json")
    assert path.read_bytes() == kp.example_round().model_dump_json().encode("utf-8")


def test_csv_headers_follow_the_language(tmp_path: Path) -> None:
    source = csv_ready(kp.example_round())
    for lang, first in (("id", "kode_instansi"), ("en", "entity_code")):
        path = kio.write_round(source, tmp_path / f"{lang}.csv", lang=lang)  # type: ignore[call-overload]
        head, row = path.read_bytes().decode("utf-8").split("\r\n")[:2]
        assert head.split(",")[0] == first and len(head.split(",")) == 14
        assert row.startswith("16.72,")


# Refusals -----------------------------------------------------------------------------------


def refused(round_: kp.Round, path: Path, **kw: Any) -> list[tuple[str, str]]:
    with pytest.raises(kp.InvalidFileError) as info:
        kio.write_round(round_, path, **kw)
    assert not path.exists()
    for problem in info.value.problems:  # a message in both languages, never the fallback
        assert problem.code not in problem.text("id") and problem.code not in problem.text("en")
    return [(p.location, p.code) for p in info.value.problems]


def test_csv_refuses_dimension_scores_and_oversight_products(tmp_path: Path) -> None:
    source = rapor_round("ombudsman-2025", {"82.72": 62.57}, oversight=())
    assert refused(source, tmp_path / "r.csv") == [
        ("dimension_scores", "not_in_csv"),
        ("oversight_products", "not_in_csv"),  # () says "recorded, none issued": CSV cannot
        ("units[0]", "csv_needs_answers"),
        ("entities[0]", "csv_needs_answers"),
    ]
    with pytest.raises(kp.InvalidFileError) as info:
        kio.write_round(replace(opinion_round(), title=None), tmp_path / "r.csv")
    first = info.value.problems[0]
    assert first.render("en") == (
        "dimension_scores: a CSV file has no place for dimension scores: write the round as "
        ".xlsx or .json"
    )
    assert first.text("id").startswith("berkas CSV tidak memiliki tempat untuk nilai dimensi")
    assert not (tmp_path / "r.csv").exists()


def test_csv_refuses_units_without_answers(tmp_path: Path) -> None:
    source = replace(scale_round(), title=None, note=None, synthetic=False)
    assert refused(source, tmp_path / "r.csv", rubric=SCALE_RUBRIC) == [
        ("units[2]", "csv_needs_answers")
    ]


def test_csv_refuses_round_fields(tmp_path: Path) -> None:
    """Title, note and above all ``synthetic``: example data must not come back as real."""
    source = answered_only(scale_round())
    assert refused(source, tmp_path / "r.csv", rubric=SCALE_RUBRIC) == [
        ("title", "not_in_csv"),
        ("note", "not_in_csv"),
        ("synthetic", "not_in_csv"),
    ]
    flagged = kio.write_round(source, tmp_path / "r.xlsx", rubric=SCALE_RUBRIC)
    assert kio.read_round(flagged, rubric=SCALE_RUBRIC).synthetic


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_collection_dates_need_json(tmp_path: Path, kind: str) -> None:
    base = csv_ready(scale_round())
    responses = [r.model_copy(update={"collected": date(2025, 1, k + 1)}) if k in (2, 5) else r
                 for k, r in enumerate(base.responses)]  # fmt: skip
    source = replace(base, responses=responses)
    assert refused(source, tmp_path / f"r.{kind}", rubric=SCALE_RUBRIC) == [
        ("responses[2].collected", "collected_needs_json")
    ]
    assert round_trip(source, tmp_path / "r.json", SCALE_RUBRIC) == source


def test_text_that_would_change_is_refused(tmp_path: Path) -> None:
    base = answered_only(scale_round())
    entity = base.entities[0].model_copy(update={"name": " Pemkot Uji ", "province": ""})
    responses = [r.model_copy(update={"evidence": "a\rb"}) for r in base.responses]
    source = replace(base, title="", entities=(entity, *base.entities[1:]), responses=responses)
    assert refused(source, tmp_path / "r.xlsx", rubric=SCALE_RUBRIC) == [
        ("title", "text_not_kept"),
        ("entities[0].name", "text_not_kept"),
        ("entities[0].province", "text_not_kept"),
        ("responses[0].evidence", "text_not_kept"),  # Excel reads "\r" back as "\n"
    ]
    assert refused(source, tmp_path / "r.csv", rubric=SCALE_RUBRIC) == [
        ("title", "not_in_csv"),
        ("note", "not_in_csv"),
        ("synthetic", "not_in_csv"),
        ("entities[0].name", "text_not_kept"),
        ("entities[0].province", "text_not_kept"),
    ]


@pytest.mark.parametrize("kind", ["xlsx", "csv", "json"])
def test_a_round_that_does_not_fit_its_rubric_writes_nothing(tmp_path: Path, kind: str) -> None:
    source = replace(answered_only(scale_round()), responses=[
        {"unit": "u1", "indicator": "int", "value": 5},
        {"unit": "u1", "indicator": "nope", "value": 1},
    ])  # fmt: skip
    path = tmp_path / f"r.{kind}"
    with pytest.raises(kp.InvalidRoundError) as info:
        kio.write_round(source, path, rubric=SCALE_RUBRIC)
    assert not isinstance(info.value, kp.InvalidFileError)
    assert {p.code for p in info.value.problems} == {"out_of_scale", "unknown_indicator"}
    with pytest.raises(kp.InvalidRoundError) as info:
        kio.write_round(kp.example_round(), path, rubric="ombudsman-2023")
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("rubric", "round_rubric_mismatch")
    ]
    assert not path.exists()


def test_an_unknown_format_writes_nothing(tmp_path: Path) -> None:
    assert refused(kp.example_round(), tmp_path / "r.ods") == [("r.ods", "unknown_format")]


# Properties ---------------------------------------------------------------------------------


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_text_reads_back_exactly(value: float) -> None:
    assert read_number(number_text(value), "0–100") == value


@given(data=rubric_and_round(anonymous_probability=0.3), kind=st.sampled_from(["csv", "json"]))
def test_generated_rounds_read_back(tmp_path_factory: Any, data: Any, kind: str) -> None:
    rub, source = data
    if kind == "csv":
        source = replace(undated(source), title=None, note=None, synthetic=False)
    path = tmp_path_factory.mktemp("w") / f"round.{kind}"
    if kind == "csv" and answered_only(source) != source:
        codes = {code for _, code in refused(source, path, rubric=rub)}
        assert codes == {"csv_needs_answers"}
        source = answered_only(source)
    assert_same(round_trip(source, path, rub), source, kind)


@settings(max_examples=15)
@given(data=rubric_and_round(anonymous_probability=0.3))
def test_generated_rounds_read_back_from_a_workbook(tmp_path_factory: Any, data: Any) -> None:
    rub, source = data
    source = undated(source)
    path = tmp_path_factory.mktemp("w") / "round.xlsx"
    assert_same(round_trip(source, path, rub), source, "xlsx")
