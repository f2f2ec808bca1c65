"""A real browser takes a Pemda from an empty template to a printed rapor and a plan to hijau.

Chromium from the OS package manager (Debian's ``chromium``), driven by Playwright through
``executable_path``, against ``kepatuhan serve`` started as a user starts it. Where there is
no Chromium the tests skip with that reason; with ``CI=true`` a missing browser fails them
(``.ci/run`` installs it). ``KEPATUHAN_SCREENSHOTS=DIR`` keeps the screenshots the tutorial
uses (docs/img/).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import serving

import kepatuhan as kp
from kepatuhan.io import write_round

IN_CI = os.environ.get("CI") == "true"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # the machine's closed network refuses them
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return os.environ.get("KEPATUHAN_CHROMIUM") or next(
        (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))),
        None,
    )


def _need_browser() -> str:
    path = _chromium()
    if path is None:
        if IN_CI:
            pytest.fail("CI=true but there is no Chromium: .ci/run installs it when run as root")
        pytest.skip("no Chromium on this machine (apt-get install chromium, or KEPATUHAN_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("playwright is not installed (it is in the test extra)")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m kepatuhan serve`` on a free loopback port."""
    _need_browser()
    with serving(tmp_path_factory.mktemp("serve")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1200, "height": 900}, locale="id-ID"
    )
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example round as the filled workbook a Pemda uploads."""
    path = tmp_path_factory.mktemp("upload") / "pagar-alam-2024.xlsx"
    buffer = io.BytesIO()
    write_round(kp.example_round(), buffer, format="xlsx")
    path.write_bytes(buffer.getvalue())
    return path


def _shot(page: object, name: str, *, full: bool = True) -> None:
    """Keep a screenshot for the tutorial when KEPATUHAN_SCREENSHOTS names a folder."""
    folder = os.environ.get("KEPATUHAN_SCREENSHOTS")
    if folder:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=full)


def _upload(page: object, base: str, workbook: Path) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(base + "/")
    page.set_input_files("#upload-files", str(workbook))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#results")


def test_template_upload_results_rapor_and_plan(
    page: object, server: str, workbook: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    expected = kp.score(kp.example_round())
    entity = expected.entities[0]
    score_text = f"{entity.score}".replace(".", ",")

    # 1. The start page: choose a rubric and download its template.
    page.goto(server + "/")
    assert page.locator("#upload").is_visible()
    _shot(page, "01-beranda.png")
    page.select_option("#template-rubric", "ombudsman-2024")
    with page.expect_download() as template:
        page.click("#template button[type=submit]")
    template_path = template.value.path()
    assert template_path.read_bytes()[:2] == b"PK"  # an xlsx workbook
    assert template.value.suggested_filename.endswith(".xlsx")

    # 2. Upload the filled workbook: the results table with the entity and every unit.
    _upload(page, server, workbook)
    results = page.locator("#results")
    assert entity.name in results.inner_text()
    assert score_text in results.locator("tr.entity .score").first.inner_text()
    assert page.locator("#units tr.unit").count() == len(expected.units)
    assert page.locator(".synthetic").is_visible()  # the example is synthetic data
    _shot(page, "02-hasil.png")

    # Sorting works without JavaScript: the units by score, highest first.
    page.click("#units th:nth-child(3) button")  # score, ascending
    page.click("#units th:nth-child(3) button")  # and again: descending
    page.wait_for_selector("#units")
    shown = [
        float(t.replace(",", ".")) for t in page.locator("#units tr.unit .score").all_inner_texts()
    ]
    assert shown == sorted(shown, reverse=True)
    assert len(shown) == len(expected.units)

    # 3. The rapor as a page, then as a PDF download.
    page.click("tr.entity .rapor-html")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert entity.name in body
    assert score_text in body
    for unit in expected.units:
        assert unit.name in body
    _shot(page, "03-rapor.png", full=False)  # the first screen of a long page

    _upload(page, server, workbook)
    with page.expect_download() as rapor_pdf:
        page.click("tr.entity .rapor-pdf")
    pdf = rapor_pdf.value.path().read_bytes()
    assert pdf[:5] == b"%PDF-"
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert entity.name in text
    assert score_text in text
    if os.environ.get("KEPATUHAN_SCREENSHOTS"):
        import pypdfium2

        document = pypdfium2.PdfDocument(pdf)
        image = document[0].render(scale=1.2).to_pil()
        image.save(Path(os.environ["KEPATUHAN_SCREENSHOTS"]) / "04-rapor-pdf.png")
        document.close()

    # 4. The plan to hijau for the entity.
    _upload(page, server, workbook)
    page.click("tr.entity .plan")
    page.wait_for_selector("#plan-summary")
    plan = kp.plan(kp.example_round(), target="hijau")
    assert page.locator("#plan tbody tr").count() == len(plan.steps)
    assert f"{plan.after}".replace(".", ",") in page.inner_text("#plan-summary")
    _shot(page, "05-rencana.png")

    # 5. The results as a workbook.
    _upload(page, server, workbook)
    with page.expect_download() as export:
        page.click(".export-xlsx")
    assert export.value.path().read_bytes()[:2] == b"PK"


def test_a_broken_workbook_shows_every_problem_with_its_cell(
    page: object, server: str, workbook: Path, tmp_path: Path
) -> None:
    """A value outside the scale in the Jawaban sheet: the page names the sheet and cell."""
    from openpyxl import load_workbook
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    book = load_workbook(workbook)
    answers = book[book.sheetnames[[n.lower() for n in book.sheetnames].index("jawaban")]]
    answers["F4"] = 9
    answers["G5"] = "banyak"
    broken = tmp_path / "rusak.xlsx"
    book.save(broken)
    page.goto(server + "/")
    page.set_input_files("#upload-files", str(broken))
    page.click("#upload button[type=submit]")
    page.wait_for_load_state()
    text = page.inner_text("body")
    assert "F4" in text
    assert "G5" in text
    assert page.locator("#results").count() == 0
    _shot(page, "06-masalah.png")
