"""The rapor (kp.rapor_render.rapor, summary_rapor): what the HTML and the PDF say, that they
say it the same way twice, that the PDF is drawn (a page rendered to pixels has ink where
the chart is), that hostile names stay text, and that a wrong request fails located."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import kepatuhan as kp
from builders import rapor_round
from kepatuhan.rapor_render import rapor, summary_rapor
from kepatuhan.report_view import decimal_text
from kepatuhan.testing.strategies import rubric_and_round, rubrics

pytest.importorskip("jinja2")
pytest.importorskip("typst")
pytest.importorskip("vl_convert")
pypdf = pytest.importorskip("pypdf")
pdfium = pytest.importorskip("pypdfium2")

HOSTILE_ENTITY = "<script>alert('x')</script> #set page(width: 1cm) *b* $x$ <l> @r \\ ]"
HOSTILE_UNIT = "=cmd|'/c calc'!A1 <img src=x onerror=alert(1)>"
HOSTILE_PROVINCE = "</style><b onmouseover=alert(1)>Prov #emph[x]"


class _Page(HTMLParser):
    """The text of an HTML page (outside <style>), its tags and their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("style", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)


def parse(html: bytes) -> _Page:
    page = _Page()
    page.feed(html.decode("utf-8"))
    return page


def words(text: str) -> str:
    """Whitespace made single spaces (a PDF line break inside a table cell is a space)."""
    return " ".join(text.split())


def html_text(html: bytes) -> str:
    return words(" ".join(parse(html).texts))


def pdf_pages(pdf: bytes) -> list[str]:
    return [words(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def example() -> kp.Round:
    return kp.example_round()


@pytest.fixture(scope="module")
def result(example: kp.Round) -> kp.RoundResult:
    return kp.score(example)


@pytest.fixture(scope="module")
def html_id(result: kp.RoundResult) -> bytes:
    return rapor(result)


@pytest.fixture(scope="module")
def pdf_id(result: kp.RoundResult) -> bytes:
    return rapor(result, format="pdf")


@pytest.fixture(scope="module")
def three() -> kp.RoundResult:
    """Three 2025 entities with oversight products: one outstanding, one followed up, one
    with none."""
    products = [
        kp.OversightProduct(entity="a", kind="rekomendasi", reference="R-7", followed_up=False),
        kp.OversightProduct(entity="b", kind="saran_perbaikan", reference="S-1", followed_up=True),
    ]
    return kp.score(rapor_round("ombudsman-2025", {"a": 80.0, "b": 90.0, "c": 55.5}, products))


@pytest.fixture(scope="module")
def hostile() -> kp.RoundResult:
    round_ = kp.example_round()
    entity = round_.entities[0].model_copy(
        update={"name": HOSTILE_ENTITY, "province": HOSTILE_PROVINCE}
    )
    units = [
        u.model_copy(update={"name": HOSTILE_UNIT}) if k == 0 else u
        for k, u in enumerate(round_.units)
    ]
    return kp.score(round_.model_copy(update={"entities": [entity], "units": units}))


def top_lost_names(result: kp.RoundResult, code: str, count: int) -> list[str]:
    rubric = kp.get_rubric(result.rubric.id)
    lost = [k for k, v in result.entity(code).points_lost.items() if v > 0][:count]
    return [rubric.node(k).name for k in lost]


# The HTML -----------------------------------------------------------------------------------


def test_html_shows_the_entity(result: kp.RoundResult, html_id: bytes) -> None:
    text = html_text(html_id)
    e = result.entities[0]
    assert e.name in text
    assert e.score is not None and "," in decimal_text(e.score, "id")
    assert decimal_text(e.score, "id") in text  # decimal comma
    assert str(e.score) not in text.replace(decimal_text(e.score, "id"), "")
    assert e.grade is not None and f"Kategori {e.grade}" in text.replace("KATEGORI", "Kategori")
    assert f"Zona {e.zone}" in text
    assert e.label is not None and e.label in text
    rubric = kp.get_rubric(result.rubric.id)
    assert rubric.legal_basis is not None and rubric.legal_basis in text
    for u in result.units:
        assert u.name in text and u.code in text
        assert u.score is not None and decimal_text(u.score, "id") in text
    for name in top_lost_names(result, e.code, 10):
        assert name in text


def test_html_marks_synthetic_data_and_says_it_is_not_official(html_id: bytes) -> None:
    text = html_text(html_id)
    assert "SINTETIS" in text
    assert "Perhitungan mandiri, bukan hasil resmi" in text
    unmarked = kp.score(kp.example_round().model_copy(update={"synthetic": False}))
    assert "SINTETIS" not in html_text(rapor(unmarked))


def test_html_lists_the_assumptions_behind_the_score(
    result: kp.RoundResult, html_id: bytes
) -> None:
    text = html_text(html_id)
    assumptions = result.model().assumptions
    assert assumptions
    for a in assumptions:
        if not a.path.startswith(("nodes[", "zoning.bands[")):  # rubric-wide: always listed
            assert words(a.reason_in("id")) in text


def test_assumptions_of_nodes_no_unit_scored_are_left_out() -> None:
    """A unit given as dimension figures scores no indicator: no indicator's assumed
    weight is listed, the rubric-wide ones are."""
    res = kp.score(rapor_round("ombudsman-2024", {"a": 70.0}))
    text = html_text(rapor(res))
    rubric = kp.get_rubric("ombudsman-2024")
    weights = [a for a in rubric.assumptions() if ".children[" in a.path]
    assert weights and not any(f"bobot {a.what.split()[-1]}," in text for a in weights)
    assert rubric.assumptions()[0].reason_in("id") in text


def test_html_bands_table_and_dimension_chart(result: kp.RoundResult, html_id: bytes) -> None:
    rubric = kp.get_rubric(result.rubric.id)
    text = html_text(html_id)
    for band in rubric.zoning.bands:
        assert f"{decimal_text(band.lower, 'id')}–{decimal_text(band.upper, 'id')}" in text
    svgs = [tag for tag, _ in parse(html_id).tags if tag == "svg"]
    assert len(svgs) == 1  # the dimension chart, inline
    for dimension in rubric.dimensions():
        assert f">{dimension.name}</text>" in html_id.decode()


def test_html_in_english(result: kp.RoundResult) -> None:
    text = html_text(rapor(result, lang="en"))
    e = result.entities[0]
    assert e.score is not None and str(e.score) in text
    assert "SYNTHETIC" in text and "SINTETIS" not in text
    assert "Own calculation, not an official result" in text
    assert "Completeness" in text and "Kelengkapan" not in text
    for u in result.units:
        assert u.name in text


def test_html_is_printable_and_self_contained(html_id: bytes) -> None:
    html = html_id.decode()
    assert "@page" in html and "size: A4" in html
    page = parse(html_id)
    for tag, attrs in page.tags:
        for name, value in attrs:
            if name in ("src", "href"):
                assert value is None or not re.match(r"(https?:)?//", value), (tag, value)
    assert not any(tag in ("script", "link", "img") for tag, _ in page.tags)


def test_every_entity_has_its_page(three: kp.RoundResult) -> None:
    html = rapor(three)
    pages = [dict(attrs).get("class") for tag, attrs in parse(html).tags if tag == "article"]
    assert pages == ["page page-entity"] * 3
    assert html.decode().count("break-before: page") == 1  # one CSS rule, each page after


def test_unit_rapor(result: kp.RoundResult) -> None:
    u = result.units[1]
    text = html_text(rapor(result, unit=u.code))
    assert u.name in text and u.score is not None and decimal_text(u.score, "id") in text
    assert result.entities[0].name in text  # the entity it belongs to
    assert "Rapor unit layanan" in text
    others = [v.name for v in result.units if v.code != u.code]
    assert not any(f" {name} " in f" {text} " for name in others if name not in u.name)
    rubric = kp.get_rubric(result.rubric.id)
    lost = [k for k, v in u.points_lost.items() if v > 0][:10]
    for k in lost:
        assert rubric.node(k).name in text


def test_qualifier_and_its_reason(three: kp.RoundResult) -> None:
    text = html_text(rapor(three, entity="a"))
    assert "Opini Kualitas Tinggi" in text
    assert "Tanpa Maladministrasi: tidak" in text and "R-7" in text
    text = html_text(rapor(three, entity="b"))
    assert "Opini Kualitas Tertinggi Tanpa Maladministrasi" in text
    assert "Tanpa Maladministrasi: ya" in text and "Dianugerahi" in text
    english = html_text(rapor(three, entity="a", lang="en"))
    assert "Without maladministration: no" in english and "R-7" in english


def test_rank_among_the_same_kind(three: kp.RoundResult) -> None:
    assert "Peringkat 1 dari 3" in html_text(rapor(three, entity="b"))
    assert "Peringkat 3 dari 3" in html_text(rapor(three, entity="c"))


def test_plan_comparison_and_uncertainty(example: kp.Round, result: kp.RoundResult) -> None:
    plan = kp.plan(example, target="hijau")
    comparison = kp.compare(kp.example_round(2023), example)
    spread = kp.uncertainty(example, draws=200)
    text = html_text(rapor(result, plan=plan, comparison=comparison, uncertainty=spread))
    assert plan.steps
    for step in plan.steps:
        assert f"{step.indicator} {step.name}" in text
    assert plan.after is not None and decimal_text(plan.after, "id") in text
    before = comparison.entities[0].before.score
    assert before is not None and f"Sebelumnya {decimal_text(before, 'id')}" in text
    assert "Peluang zona hijau" in text and "200 tarikan" in text
    plain = html_text(rapor(result))
    assert "Jalan menuju" not in plain and "Sebelumnya" not in plain


def test_plans_per_entity(three: kp.RoundResult) -> None:
    round_ = rapor_round("ombudsman-2025", {"a": 80.0, "b": 90.0, "c": 55.5})
    plans = {"c": kp.plan(round_, target="hijau", entity="c")}
    html = rapor(three, plan=plans)
    assert html_text(html).count("Jalan menuju hijau") == 1


def test_near_an_edge_needs_the_uncertainty(example: kp.Round, result: kp.RoundResult) -> None:
    text = html_text(summary_rapor(result))
    assert "Tidak dihitung" in text
    spread = kp.uncertainty(example, draws=200)
    assert spread.entities.borderline == (False,)  # 74,10: far from 78,00
    text = html_text(summary_rapor(result, uncertainty=spread))
    assert "Tidak dihitung" not in text and "Tidak ada instansi di dekat batas rentang" in text
    near = spread.entities.model_copy(update={"borderline": (True,)})
    text = html_text(
        summary_rapor(result, uncertainty=spread.model_copy(update={"entities": near}))
    )
    assert "Tidak ada instansi di dekat" not in text
    assert f"{result.entities[0].name} 74,10 Peluang zona hijau" in text


def test_summary_counts_and_ranking(three: kp.RoundResult) -> None:
    html = summary_rapor(three)
    text = html_text(html)
    assert "Zona menurut jenis instansi" in text and "Zona menurut provinsi" in text
    ranks = re.findall(r"pemerintah kabupaten (\d) Pemerintah (\w)", text)
    assert ranks == [("1", "b"), ("2", "a"), ("3", "c")]
    assert html.decode().count("<svg") == 2
    zones = [e.zone and e.zone.value for e in three.entities]
    counts = " ".join(str(zones.count(z)) for z in ("hijau", "kuning", "merah", "hitam"))
    assert f"pemerintah kabupaten {counts} 0 3" in text  # per zone, no score, total
    grades = [e.grade for e in three.entities]
    counts = " ".join(str(grades.count(g)) for g in "ABCDE")
    assert f"pemerintah kabupaten {counts} 0 3" in text


# Errors -------------------------------------------------------------------------------------


def problem(exc: pytest.ExceptionInfo[kp.InvalidInputError]) -> tuple[str, str]:
    (p,) = exc.value.problems
    return p.location, p.code


def test_unknown_entity_is_located(result: kp.RoundResult) -> None:
    with pytest.raises(kp.InvalidInputError) as exc:
        rapor(result, entity="16.73")
    assert problem(exc) == ("entity", "rapor_unknown_entity")
    assert exc.value.problems[0].params.get("suggestion") == "16.72"
    assert "16.73" in exc.value.render("id")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"unit": "dinas-x"}, ("unit", "rapor_unknown_unit")),
        ({"unit": "dinsos", "entity": "16.72"}, ("unit", "rapor_subject")),
        ({"format": "docx"}, ("format", "rapor_format")),
        ({"lang": "jv"}, ("lang", "rapor_language")),
    ],
)
def test_bad_requests_are_located(
    result: kp.RoundResult, kwargs: dict[str, str], expected: tuple[str, str]
) -> None:
    with pytest.raises(kp.InvalidInputError) as exc:
        rapor(result, **kwargs)  # type: ignore[arg-type]
    assert problem(exc) == expected


def test_a_plan_for_another_subject_is_refused(example: kp.Round, result: kp.RoundResult) -> None:
    plan = kp.plan(example, target="hijau", unit="dinsos")
    with pytest.raises(kp.InvalidInputError) as exc:
        rapor(result, plan=plan)  # a unit's plan on the entity rapor
    assert problem(exc) == ("plan", "rapor_plan_subject")
    assert rapor(result, unit="dinsos", plan=plan)


def test_unknown_province_is_located(result: kp.RoundResult) -> None:
    with pytest.raises(kp.InvalidInputError) as exc:
        summary_rapor(result, province="Sumatera Selatn")
    assert problem(exc) == ("province", "rapor_unknown_province")
    assert exc.value.problems[0].params.get("suggestion") == "Sumatera Selatan"
    assert summary_rapor(result, province="Sumatera Selatan")


# Escaping -----------------------------------------------------------------------------------


def test_hostile_names_stay_text_in_html(hostile: kp.RoundResult) -> None:
    for html in (rapor(hostile), summary_rapor(hostile), rapor(hostile, unit="disdukcapil")):
        page = parse(html)
        assert not any(tag in ("script", "img", "b") for tag, _ in page.tags)
        assert not any(name.startswith("on") for _, attrs in page.tags for name, _ in attrs)
        text = words(" ".join(page.texts))
        assert words(HOSTILE_ENTITY) in text or "Seluruh instansi" in text
        assert words(HOSTILE_PROVINCE) in text
    assert words(HOSTILE_UNIT) in html_text(rapor(hostile))


def test_hostile_names_stay_text_in_pdf(hostile: kp.RoundResult) -> None:
    text = " ".join(pdf_pages(rapor(hostile, format="pdf")))
    assert words(HOSTILE_ENTITY) in text
    assert words(HOSTILE_UNIT) in text
    assert words(HOSTILE_PROVINCE) in text
    summary = " ".join(pdf_pages(summary_rapor(hostile, format="pdf")))
    assert words(HOSTILE_PROVINCE) in summary


# The PDF ------------------------------------------------------------------------------------


def test_pdf_text(result: kp.RoundResult, pdf_id: bytes) -> None:
    text = " ".join(pdf_pages(pdf_id))
    e = result.entities[0]
    assert e.name in text
    assert e.score is not None and decimal_text(e.score, "id") in text
    assert f"KATEGORI {e.grade}" in text.upper()
    for u in result.units:
        assert u.name in text
        assert u.score is not None and decimal_text(u.score, "id") in text
    for name in top_lost_names(result, e.code, 10):
        assert name in text
    assert "SINTETIS" in text and "Perhitungan mandiri, bukan hasil resmi" in text


def test_pdf_in_english(result: kp.RoundResult) -> None:
    text = " ".join(pdf_pages(rapor(result, format="pdf", lang="en")))
    assert "SYNTHETIC" in text and "Dimensions" in text
    e = result.entities[0]
    assert e.score is not None and str(e.score) in text


def test_pdf_pages(result: kp.RoundResult, pdf_id: bytes, three: kp.RoundResult) -> None:
    assert 1 <= len(pdf_pages(pdf_id)) <= 3  # a rapor a Pemda reads through
    each = [pdf_pages(rapor(three, entity=e.code, format="pdf")) for e in three.entities]
    every = pdf_pages(rapor(three, format="pdf"))
    assert len(every) == sum(map(len, each)) >= len(three.entities)
    start = 0
    for e, pages in zip(three.entities, each, strict=True):
        assert e.name in every[start]  # each entity starts on a new page
        start += len(pages)


def test_same_bytes_twice(example: kp.Round, html_id: bytes, pdf_id: bytes) -> None:
    again = kp.score(example)
    assert rapor(again) == html_id
    assert rapor(again, format="pdf") == pdf_id
    reader = pypdf.PdfReader(io.BytesIO(pdf_id))
    meta = reader.metadata or {}
    assert "/CreationDate" not in meta and "/ModDate" not in meta
    summary = summary_rapor(again, format="pdf")
    assert summary == summary_rapor(kp.score(example), format="pdf")


def _ink(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(rgb[:, :, :3].min(axis=2) < 200)


def _text_box(page: object, needle: str) -> tuple[float, float, float, float]:
    """The (left, bottom, right, top) box of ``needle`` on a pypdfium2 page, in points."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    search = textpage.search(needle)
    found = search.get_next()
    assert found is not None, f"{needle!r} not on the page"
    index, count = found
    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _chart_region(pdf: bytes, top_text: str, bottom_text: str) -> Iterator[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    scale = 1.0
    rgb = page.render(scale=scale).to_numpy()
    height = page.get_height()
    _, _, _, top = _text_box(page, top_text)  # the chart's title
    _, bottom, _, _ = _text_box(page, bottom_text)  # its axis title
    assert bottom < top
    yield rgb
    yield rgb[int((height - top) * scale) : int((height - bottom) * scale)]


def test_rendered_page_has_ink_in_the_chart(pdf_id: bytes) -> None:
    whole, chart = _chart_region(pdf_id, "Nilai dimensi terhadap batas rentang", "nilai (0–100)")
    assert 0.02 < _ink(whole).mean() < 0.6  # not blank, not black
    assert chart.shape[0] > 80  # the chart is drawn at a readable height
    bars = np.all(np.abs(chart[:, :, :3].astype(int) - 0x40) <= 12, axis=2)
    assert bars.sum() > 1500  # the dimension bars (dark grey)
    spread = chart[:, :, :3].max(axis=2).astype(int) - chart[:, :, :3].min(axis=2)
    assert (spread > 30).sum() > 3000  # the band shading in the zone colours


def test_scores_are_not_rounded_again(result: kp.RoundResult) -> None:
    """A dimension's printed figure is the result's, to the cent."""
    e = result.entities[0]
    text = html_text(rapor(result))
    for value in e.dimensions.values():
        assert isinstance(value, Decimal) and decimal_text(value, "id") in text


# Any round, any rubric ----------------------------------------------------------------------


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rubric_and_round(rubrics(reporting_scales=True), max_entities=2, max_units=3))
def test_any_round_shows_every_entity_and_unit(data: tuple[kp.Rubric, kp.Round]) -> None:
    """Under any rubric (zones or none, any reporting scale, any precision) and any round,
    the rapor of every entity names each of them, their units and the published scores."""
    rubric, round_ = data
    result = kp.score(round_, rubric=rubric)
    text = html_text(rapor(result, rubric=rubric))
    for e in result.entities:
        assert words(e.name) in text
        if e.score is not None:
            assert decimal_text(e.score, "id") in text
    for u in result.units:
        assert words(u.name) in text
    summary = html_text(summary_rapor(result, rubric=rubric))
    for e in result.entities:
        assert words(e.name) in summary


@pytest.mark.parametrize("module", ["jinja2", "typst", "vl_convert"])
def test_without_the_extra_it_says_what_to_install(
    result: kp.RoundResult, module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(kp.KepatuhanError, match=r"pip install [\"']kepatuhan\[rapor\][\"']"):
        rapor(result, format="pdf" if module == "typst" else "html")
