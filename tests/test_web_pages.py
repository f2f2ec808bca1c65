"""The pages of ``kepatuhan serve`` through TestClient, without JavaScript: the start page,
the template download, uploads (one file, several, the bad-input corpus), the results
table and its sorting, the rapor, the plan, the exports and the SKM page; names escaped,
downloads neutralised, nothing kept between requests."""

from __future__ import annotations

import csv
import html
import io
import re
import tomllib
from pathlib import Path
from typing import Any

import markupsafe
import openpyxl
import pytest

import kepatuhan as kp
from io_files import fill_template, small_round
from kepatuhan.io import write_round
from kepatuhan.web.inputs import decode_round, encode_round
from kepatuhan.web.settings import ServeSettings
from test_hostile_csv_json import REFUSED
from test_hostile_xlsx import patch, shared_strings, sheet_part
from test_skm_survey import agency_rows, sheet_csv
from web_client import TestClient, client, hidden_round, problems_on_page

CORPUS = Path(__file__).parent / "corpus"
RUBRIC = "ombudsman-2024"
HOSTILE_ENTITY = '<script>alert(\'x\')</script> =HYPERLINK("http://x") & "kutip"'
HOSTILE_UNIT = "=cmd|'/c calc'!A1 <img src=x onerror=alert(1)>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def web() -> TestClient:
    return client()


@pytest.fixture(scope="module")
def expected() -> kp.RoundResult:
    return kp.score(kp.example_round())


@pytest.fixture(scope="module")
def workbook() -> bytes:
    """The example round as the filled workbook a Pemda uploads."""
    return write_round(kp.example_round(), format="xlsx")


@pytest.fixture(scope="module")
def carried(web: TestClient, workbook: bytes) -> str:
    """The round a results page carries, after uploading the example workbook."""
    response = web.post("/results", files=[("files", ("pagar-alam.xlsx", workbook, XLSX))])
    assert response.status_code == 200
    return hidden_round(response.text)


def rows(page: str, table: str, kind: str = "") -> list[dict[str, str]]:
    """The cells (by class) of each body row (``tr.kind`` if given) of the table ``#table``."""
    found = re.search(rf'<table id="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert found is not None, f"no table #{table}"
    out = []
    pattern = rf'<tr class="{kind}[^"]*"[^>]*>(.*?)</tr>' if kind else r"<tr[^>]*>(.*?)</tr>"
    for row in re.findall(pattern, found.group(1), re.S):
        cells = re.findall(r'<td class="([^"]+)">(.*?)</td>', row, re.S)
        out.append({k: html.unescape(re.sub(r"<[^>]+>", "", v)).strip() for k, v in cells})
    return out


def comma(value: object) -> str:
    return str(value).replace(".", ",")


# The start page and the template --------------------------------------------------------------


def test_start_page_offers_every_rubric_and_the_upload_form(web: TestClient) -> None:
    response = web.get("/")
    assert response.status_code == 200
    page = response.text
    assert (
        '<form id="upload" method="post" action="/results" enctype="multipart/form-data">' in page
    )
    assert 'name="files" multiple' in page
    for info in kp.list_rubrics():
        assert f'<option value="{info.id}">' in page
    assert '<html lang="id">' in page and "Unggah berkas" in page
    assert "<script" not in page  # no JavaScript needed, none sent


def test_english_by_query_then_by_cookie() -> None:
    browser = client()
    english = browser.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Upload the filled-in files" in english.text
    assert "kepatuhan_lang=en" in english.headers["set-cookie"]
    assert '<html lang="en">' in browser.get("/").text  # remembered
    assert '<html lang="id">' in browser.get("/?lang=id").text
    assert '<html lang="id">' in client().get("/?lang=xx").text  # unknown: the default


def test_template_download_is_the_librarys_template(web: TestClient) -> None:
    response = web.get("/template", params={"rubric": RUBRIC})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == (
        'attachment; filename="formulir-ombudsman-2024.xlsx"'
    )
    assert response.content == kp.io.write_template(RUBRIC)
    english = web.get("/template", params={"rubric": RUBRIC, "lang": "en"})
    assert english.content == kp.io.write_template(RUBRIC, lang="en")


def test_template_of_an_unknown_rubric_is_a_page_with_the_problem(web: TestClient) -> None:
    response = web.get("/template", params={"rubric": "ombudsman-1999"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    ((_, message, code),) = problems_on_page(response.text)
    assert code == "unknown_rubric" and "ombudsman-1999" in html.unescape(message)


# Upload and results ---------------------------------------------------------------------------


def test_upload_shows_every_entity_and_unit_with_zone_colours(
    web: TestClient, workbook: bytes, expected: kp.RoundResult
) -> None:
    response = web.post("/results", files=[("files", ("pagar-alam.xlsx", workbook, XLSX))])
    assert response.status_code == 200
    page = response.text
    entities = rows(page, "results", "entity")
    assert [(e["code"], e["name"], e["score"], e["grade"]) for e in entities] == [
        (e.code, e.name, comma(e.score), e.grade) for e in expected.entities
    ]
    units = rows(page, "units", "unit")
    assert [(u["code"], u["score"], u["zone"]) for u in units] == [
        (u.code, comma(u.score), kp.catalog.message("zone", str(u.zone), "id"))
        for u in expected.units
    ]
    for u in expected.units:
        assert f'<tr class="unit zone-{u.zone}" data-code="{u.code}">' in page
    assert 'class="synthetic"' in page  # the example's answers are synthetic
    for button in ("rapor-html", "rapor-pdf", "plan", "export-xlsx", "export-csv"):
        assert f'class="{button}"' in page


def test_several_files_are_joined_into_one_round(web: TestClient, expected: kp.RoundResult) -> None:
    whole = kp.example_round()
    first = {u.code for u in whole.units[:3]}
    parts = [
        whole.model_copy(update={
            "units": tuple(u for u in whole.units if (u.code in first) == keep),
            "responses": kp.ResponseTable.from_responses(
                [r for r in whole.responses if (r.unit in first) == keep]
            ),
        })
        for keep in (True, False)
    ]  # fmt: skip
    files = [
        ("files", (f"bagian-{k}.json", write_round(p, format="json"), "application/json"))
        for k, p in enumerate(parts)
    ]
    response = web.post("/results", files=files)
    assert response.status_code == 200, problems_on_page(response.text)
    assert [u["score"] for u in rows(response.text, "units", "unit")] == [
        comma(u.score) for u in kp.score(kp.concat_rounds(parts)).units
    ]
    assert [e["score"] for e in rows(response.text, "results", "entity")] == [
        comma(e.score) for e in expected.entities
    ]


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [("score", "score", False), ("-score", "score", True), ("name", "name", False),
     ("-code", "code", True)],
)  # fmt: skip
def test_sorting_works_without_javascript(
    web: TestClient, carried: str, expected: kp.RoundResult, sort: str, key: str, reverse: bool
) -> None:
    response = web.post("/results", params={"sort": sort}, data={"round": carried})
    assert response.status_code == 200
    units = rows(response.text, "units", "unit")

    def value(u: kp.UnitResult) -> Any:
        return u.name.casefold() if key == "name" else getattr(u, key)

    assert [u["code"] for u in units] == [
        u.code for u in sorted(expected.units, key=value, reverse=reverse)
    ]
    # The column's button sorts the other way next time; the page carries the same round.
    flipped = sort[1:] if sort.startswith("-") else f"-{sort}"
    assert f'formaction="/results?sort={flipped}"' in response.text
    assert hidden_round(response.text) == carried


def test_an_unknown_sort_key_keeps_the_rounds_order(web: TestClient, carried: str) -> None:
    response = web.post("/results", params={"sort": "nilai"}, data={"round": carried})
    assert [u["code"] for u in rows(response.text, "units", "unit")] == [
        u.code for u in kp.example_round().units
    ]


def test_the_page_carries_the_round_it_scored(carried: str, workbook: bytes) -> None:
    assert decode_round(carried, ServeSettings()) == kp.io.read_round(workbook)
    assert len(carried) < 20_000  # compressed: the example's JSON is 258 kB


def test_a_tampered_page_round_is_a_problem_not_a_crash(web: TestClient, carried: str) -> None:
    for bad in ("", "bm90IHpsaWI=", carried[:-40], "é" * 10, carried[:100] + "!!" + carried[102:]):
        response = web.post("/rapor", params={"entity": "16.72"}, data={"round": bad})
        assert response.status_code == 422
        assert [c for _, _, c in problems_on_page(response.text)] == ["page_round"]
    # A valid encoding of a bad round is checked like an upload.
    hostile = encode_round(kp.example_round()).encode()
    assert web.post("/export", data={"round": hostile.decode()}).status_code == 200


def test_an_empty_upload_says_no_file(web: TestClient) -> None:
    response = web.post("/results", files=[("files", ("", b"", "application/octet-stream"))])
    assert response.status_code == 422
    assert [c for _, _, c in problems_on_page(response.text)] == ["no_file"]


# The bad-input corpus through the upload page ------------------------------------------------


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_every_bad_csv_or_json_is_listed_with_its_cell(web: TestClient, name: str) -> None:
    data = (CORPUS / "csv_json" / name).read_bytes()
    form = {"rubric": RUBRIC} if name.endswith(".csv") else {}
    response = web.post("/results", data=form, files=[("files", (name, data, "text/plain"))])
    assert response.status_code == 422
    assert "Traceback" not in response.text
    found = problems_on_page(response.text)
    assert [(loc, code) for loc, _, code in found] == REFUSED[name]
    assert all(message for _, message, _ in found)
    assert 'id="results"' not in response.text


@pytest.fixture(scope="module")
def good_xlsx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = fill_template(small_round(), tmp_path_factory.mktemp("good") / "penilaian.xlsx")
    return path.read_bytes()


def _xlsx_cases() -> list[dict[str, object]]:
    cases = tomllib.loads((CORPUS / "xlsx" / "cases.toml").read_text(encoding="utf-8"))["case"]
    return [c for c in cases if c["expect"]]


@pytest.mark.parametrize("case", _xlsx_cases(), ids=lambda c: str(c["name"]))
def test_every_damaged_workbook_is_listed_with_its_sheet_and_cell(
    web: TestClient, good_xlsx: bytes, case: dict[str, object]
) -> None:
    data = shared_strings(good_xlsx) if case.get("shared") else good_xlsx
    part = str(case.get("part") or sheet_part(data, str(case["sheet"])))
    count = case.get("count", 1)
    assert isinstance(count, int)
    data = patch(data, part, str(case["find"]), str(case["replace"]), count)
    response = web.post("/results", files=[("files", ("penilaian.xlsx", data, XLSX))])
    assert response.status_code == 422, response.text[:300]
    assert "Traceback" not in response.text
    expect = case["expect"]
    assert isinstance(expect, list)
    assert [(loc, code) for loc, _, code in problems_on_page(response.text)] == [
        (html.escape(str(loc), quote=True).replace("&#x27;", "&#39;"), code) for loc, code in expect
    ]


def test_several_bad_files_each_located_in_its_file(web: TestClient) -> None:
    files = [
        ("files", (name, (CORPUS / "csv_json" / name).read_bytes(), "application/json"))
        for name in ("value_nan.json", "typo_unit.json", "good.json")
    ]
    response = web.post("/results", files=files)
    assert response.status_code == 422
    assert [(loc, code) for loc, _, code in problems_on_page(response.text)] == [
        ("value_nan.json: responses[0].value", "not_finite"),
        ("typo_unit.json: responses[3].unit", "unknown_unit"),
    ]


# Escaping and neutralised downloads ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> kp.Round:
    """The example round with an entity and a unit named to attack a page or a spreadsheet."""
    whole = kp.example_round()
    entity = whole.entities[0].model_copy(update={"name": HOSTILE_ENTITY})
    units = (whole.units[0].model_copy(update={"name": HOSTILE_UNIT}), *whole.units[1:])
    copied = whole.model_copy(update={"entities": (entity,), "units": units})
    return kp.io.read_round(write_round(copied, format="json"))  # checked as an upload is


def test_hostile_names_are_escaped_on_the_results_page(web: TestClient, hostile: kp.Round) -> None:
    data = write_round(hostile, format="json")
    response = web.post("/results", files=[("files", ("x.json", data, "application/json"))])
    assert response.status_code == 200
    page = response.text
    assert "<script>" not in page and "<img" not in page
    assert str(markupsafe.escape(HOSTILE_ENTITY)) in page  # Jinja2's autoescape
    assert rows(page, "results", "entity")[0]["name"] == HOSTILE_ENTITY
    assert rows(page, "units", "unit")[0]["name"] == HOSTILE_UNIT


def test_downloads_are_neutralised_and_named_safely(web: TestClient, hostile: kp.Round) -> None:
    carried = encode_round(hostile)
    exported = web.post("/export", params={"format": "csv"}, data={"round": carried})
    assert exported.headers["content-disposition"] == (
        'attachment; filename="hasil-ombudsman-2024.csv"'
    )
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"), newline="")))
    cells = [c for row in table for c in row]
    assert "'" + HOSTILE_UNIT in cells  # defused with the leading apostrophe
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    book = web.post("/export", params={"format": "xlsx"}, data={"round": carried})
    for ws in openpyxl.load_workbook(io.BytesIO(book.content)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    result = kp.score(hostile)
    assert web.post("/export", params={"format": "json"}, data={"round": carried}).content == (
        kp.io.export_result(result, format="json")
    )


def test_rapor_html_opens_in_a_sandbox_and_pdf_downloads(
    web: TestClient, carried: str, expected: kp.RoundResult
) -> None:
    entity = expected.entities[0]
    page = web.post("/rapor", params={"entity": entity.code}, data={"round": carried})
    assert page.status_code == 200
    assert page.headers["content-disposition"] == 'inline; filename="rapor-16.72.html"'
    assert "sandbox" in page.headers["content-security-policy"]
    assert entity.name in page.text and comma(entity.score) in page.text
    saved = web.post("/rapor", params={"entity": entity.code, "download": "1"},
                     data={"round": carried})  # fmt: skip
    assert saved.headers["content-disposition"].startswith("attachment;")
    pdf = web.post("/rapor", params={"entity": entity.code, "format": "pdf"},
                   data={"round": carried})  # fmt: skip
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="rapor-16.72.pdf"'
    assert pdf.content[:5] == b"%PDF-"


def test_a_rapor_filename_never_carries_a_path_or_quote(web: TestClient, hostile: kp.Round) -> None:
    from kepatuhan.web.downloads import safe_filename

    for stem in ("../../etc/passwd", 'a"b\r\nSet-Cookie: x', "Kota Pagar Alam", "", "..."):
        name = safe_filename(stem, "pdf")
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.pdf", name), name


# Plan and SKM ---------------------------------------------------------------------------------


def test_plan_page_lists_the_librarys_worklist(web: TestClient, carried: str) -> None:
    response = web.post("/plan", params={"entity": "16.72", "target": "hijau"},
                        data={"round": carried})  # fmt: skip
    assert response.status_code == 200
    made = kp.plan(kp.example_round(), target="hijau", entity="16.72")
    steps = rows(response.text, "plan")
    assert [(s["unit"], s["points"], s["cumulative"]) for s in steps] == [
        (s.unit, comma(s.points), comma(s.cumulative)) for s in made.steps
    ]

    # Answers at most two decimals, as the command line prints them (1.166667 → "1,17").
    def shown(x: float) -> str:
        return comma(f"{x:.2f}".rstrip("0").rstrip("."))

    assert [s["answer"] for s in steps] == [
        f"{shown(s.before)} → {shown(s.after)}" for s in made.steps
    ]
    assert comma(made.after) in response.text


def test_plan_to_an_unknown_target_is_a_located_problem(web: TestClient, carried: str) -> None:
    response = web.post("/plan", params={"target": "ungu"}, data={"round": carried})
    assert response.status_code == 422
    assert [(loc, code) for loc, _, code in problems_on_page(response.text)] == [
        ("target", "plan_unknown_target")
    ]


def test_skm_page_from_a_survey_sheet(web: TestClient) -> None:
    header, table = agency_rows()
    data = sheet_csv(header, table)
    response = web.post("/skm", files=[("file", ("skm.csv", data, "text/csv"))])
    assert response.status_code == 200, response.text[:500]
    expected = kp.skm_index(kp.io.read_survey(data, name="skm.csv").round)
    found = rows(response.text, "skm-results")
    assert [(u["code"], u["converted"]) for u in found] == [
        (u.code, comma(u.converted)) for u in expected.units
    ]


def test_skm_page_problems_are_located(web: TestClient) -> None:
    header, table = agency_rows()
    table[1][-1] = 7  # U9 answered outside 1–4
    response = web.post("/skm", files=[("file", ("skm.csv", sheet_csv(header, table), "text/csv"))])
    assert response.status_code == 422
    assert [code for _, _, code in problems_on_page(response.text)] == ["survey_answer"]


# Limits on the pages --------------------------------------------------------------------------


def test_page_limits_are_pages_too(workbook: bytes) -> None:
    response = client(max_upload_bytes=1000).post(
        "/results", files=[("files", ("a.xlsx", workbook, XLSX))]
    )
    assert response.status_code == 413
    assert [code for _, _, code in problems_on_page(response.text)] == ["upload_too_large"]
    two = [("files", (f"{k}.xlsx", workbook, XLSX)) for k in range(2)]
    response = client(max_files=1).post("/results", files=two)
    assert response.status_code == 422
    assert [code for _, _, code in problems_on_page(response.text)] == ["too_many_files"]
    response = client(max_rows=100).post("/results", data={"example": "1"})
    assert [code for _, _, code in problems_on_page(response.text)] == ["too_many_rows"]


def test_the_server_keeps_nothing_between_requests(web: TestClient, carried: str) -> None:
    """Two clients, one app: what one uploaded is not reachable by the other except
    through the round its own page carries (there is no id to guess)."""
    other = TestClient(web.app)
    response = other.post("/rapor", params={"entity": "16.72"})
    assert response.status_code == 422
    assert [code for _, _, code in problems_on_page(response.text)] == ["page_round"]


def test_uploads_are_never_spooled_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file above Starlette's 1 MiB spool size stays in memory (the request is already
    bounded by the size limit): no temporary file is ever written for an upload."""
    import tempfile

    def rollover(self: object) -> None:
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", rollover)
    big = b'{"rubric": "ombudsman-2024", "note": "' + b"x" * (3 * 2**20) + b'"}'
    response = client().post("/results", files=[("files", ("besar.json", big, "text/plain"))])
    assert response.status_code == 200  # read whole from memory: a round without entities
    assert rows(response.text, "results", "entity") == []


def test_a_pdf_rapor_leaves_no_temporary_file(
    web: TestClient, carried: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF typesetter's working folder is private and removed before the answer."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = web.post("/rapor", params={"entity": "16.72", "format": "pdf"},
                        data={"round": carried})  # fmt: skip
    assert response.content[:5] == b"%PDF-"
    assert list(tmp_path.iterdir()) == []
