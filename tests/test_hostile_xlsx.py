"""Hostile and damaged workbooks: refused with a located problem, in bounded time and memory.

The corpus (tests/corpus/xlsx/cases.toml) patches the XML of a good filled template; the
large files (zip bombs, long blank runs) are generated here, in memory, at sizes where a
reader that expands them or keeps them would visibly fail — without timing anything: a part
over a limit must be refused before it is expanded, and peak memory is measured with
tracemalloc. A differential test reads every sheet with openpyxl as well: the reader's own
XML streaming must see the values openpyxl sees.
"""

from __future__ import annotations

import io
import re
import string
import tomllib
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

import kepatuhan as kp
from io_files import fill_template, small_round
from kepatuhan import io as kio
from kepatuhan.cli.exits import INVALID_INPUT
from kepatuhan.errors import MESSAGES
from kepatuhan.io import _xlsx
from test_cli import invoke

CORPUS = Path(__file__).parent / "corpus" / "xlsx" / "cases.toml"
NAME = "penilaian.xlsx"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MiB = 2**20


# Building workbooks ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = fill_template(small_round(), tmp_path_factory.mktemp("good") / NAME)
    return path.read_bytes()


def sheet_part(data: bytes, sheet: str) -> str:
    """The zip member of ``sheet``, found with ElementTree (independently of the reader)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet)
    target = next(r.get("Target") for r in rels.iter(f"{_PKG}Relationship") if r.get("Id") == rid)
    assert target is not None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def rezip(
    data: bytes,
    changes: dict[str, bytes | Callable[[bytes], bytes]] | None = None,
    *,
    stream: tuple[str, Callable[[], Iterable[bytes]]] | None = None,
) -> bytes:
    """``data`` with members replaced (or added); ``stream`` writes one member from chunks,
    so that a member of hundreds of MiB is made without holding it."""
    changes = dict(changes or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if stream is not None and info.filename == stream[0]:
                entry = zipfile.ZipInfo(info.filename)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(entry, "w", force_zip64=True) as w:
                    for chunk in stream[1]():
                        w.write(chunk)
                continue
            body = src.read(info.filename)
            change = changes.pop(info.filename, None)
            if callable(change):
                body = change(body)
            elif isinstance(change, bytes):
                body = change
            dst.writestr(info.filename, body, zipfile.ZIP_DEFLATED)
        for name, added in changes.items():
            assert isinstance(added, bytes)
            dst.writestr(name, added, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def patch(data: bytes, part: str, find: str, replace: str, count: int = 1) -> bytes:
    def change(body: bytes) -> bytes:
        text, n = re.subn(find, replace, body.decode(), count=count)
        assert n, f"{find!r} not in {part}"
        return text.encode()

    return rezip(data, {part: change})


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>')


def shared_strings(data: bytes) -> bytes:
    """``data`` with every inline text moved into xl/sharedStrings.xml, as Excel saves."""
    strings: dict[str, int] = {}

    def cell(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{index}</v></c>'

    changes: dict[str, bytes | Callable[[bytes], bytes]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                changes[name] = _INLINE.sub(cell, z.read(name).decode()).encode()
    items = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings)
    changes["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{_MAIN[1:-1]}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        f"{items}</sst>"
    ).encode()
    rel = (
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99" /></Relationships>'
    )
    types = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>'
    )
    changes["xl/_rels/workbook.xml.rels"] = lambda b: b.replace(b"</Relationships>", rel.encode())
    changes["[Content_Types].xml"] = lambda b: b.replace(b"</Types>", types.encode())
    return rezip(data, changes)


def edited(data: bytes, change: Callable[[Workbook], Any]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(data: bytes, **kw: Any) -> tuple[kp.Problem, ...]:
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(data, name=NAME, **kw)
    return info.value.problems


def refused(data: bytes, **kw: Any) -> list[tuple[str, str]]:
    return [(p.location, p.code) for p in problems(data, **kw)]


# The corpus -----------------------------------------------------------------------------------


def _cases() -> list[dict[str, Any]]:
    return list(tomllib.loads(CORPUS.read_text(encoding="utf-8"))["case"])


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["name"]))
def test_corpus(good: bytes, case: dict[str, Any]) -> None:
    data = shared_strings(good) if case.get("shared") else good
    part = case.get("part") or sheet_part(data, case["sheet"])
    data = patch(data, part, case["find"], case["replace"], case.get("count", 1))
    expect = [tuple(pair) for pair in case["expect"]]
    if expect:
        found = problems(data)
        assert [(p.location, p.code) for p in found] == expect
        for p in found:  # every message renders in both languages, placeholders filled
            assert not p.text("id").startswith(p.code) and not p.text("en").startswith(p.code)
    else:
        assert kio.read_round(data, name=NAME) == kio.read_round(good, name=NAME)


def test_the_corpus_cases_are_all_different() -> None:
    names = [c["name"] for c in _cases()]
    assert len(names) == len(set(names)) and len(names) >= 20


# Item 1: time and memory bounded by the answers present -------------------------------------


def _blanks(total: int, chunk: int = MiB) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        left = total
        while left > 0:
            yield b" " * min(chunk, left)
            left -= chunk

    return chunks


def _around(
    body: bytes, marker: bytes, pad: Callable[[], Iterable[bytes]], after: bool
) -> Callable[[], Iterator[bytes]]:
    """The chunks of ``body`` with ``pad``'s chunks inserted before or after ``marker``."""

    def chunks() -> Iterator[bytes]:
        at = body.index(marker) + (len(marker) if after else 0)
        yield body[:at]
        yield from pad()
        yield body[at:]

    return chunks


def _jawaban(good: bytes) -> tuple[str, bytes]:
    part = sheet_part(good, "Jawaban")
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        return part, z.read(part)


def test_a_part_over_the_size_limit_is_refused_before_it_is_expanded(good: bytes) -> None:
    """300 MiB of blanks after </sheetData> (0.3 MiB compressed): refused from the zip's
    directory. The former reader expanded it and joined the tail quadratically."""
    part, body = _jawaban(good)
    pad = _blanks(_xlsx.MAX_PART_BYTES + 44 * MiB, chunk=4 * MiB)
    data = rezip(good, stream=(part, _around(body, b"</sheetData>", pad, after=True)))
    assert len(data) < 2 * MiB
    tracemalloc.start()
    try:
        found = problems(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(p.location, p.code) for p in found] == [("Jawaban", "xlsx_part_too_large")]
    assert found[0].params["part"] == part
    assert peak < 8 * MiB  # nothing of the part was expanded


@pytest.mark.parametrize("where", ["tail", "rows"])
def test_a_zip_bomb_is_refused_by_its_compression_ratio(good: bytes, where: str) -> None:
    """64 MiB of blanks in 64 KiB (a ratio of ~1000), inside or after the sheet's rows."""
    part, body = _jawaban(good)
    marker, after = (b"</sheetData>", True) if where == "tail" else (b'<row r="5">', False)
    data = rezip(good, stream=(part, _around(body, marker, _blanks(64 * MiB), after)))
    found = problems(data)
    assert [(p.location, p.code) for p in found] == [("Jawaban", "xlsx_compression_ratio")]
    assert int(str(found[0].params["ratio"])) > _xlsx.MAX_RATIO
    assert "bom" not in found[0].text("id") and "kali ukuran terkompresinya" in found[0].text("id")


def test_the_parts_read_are_limited_together(good: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xlsx, "MAX_PACKAGE_BYTES", 60_000)  # the good workbook reads ~85 KB
    assert refused(good) == [(NAME, "xlsx_too_large")]


@pytest.mark.parametrize("where", ["tail", "rows", "cells", "value"])
def test_blanks_within_the_limits_cost_no_memory(
    good: bytes, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """24 MiB of blanks in one run — after the rows, between rows, between two cells, or
    around a number inside <v> — with the ratio limit lifted: the file reads as the good one
    and peak memory stays within a few MiB of reading the good one (an element tree would
    hold the whole run as text)."""
    monkeypatch.setattr(_xlsx, "MAX_RATIO", 10**9)
    part, body = _jawaban(good)
    marker, after = {
        "tail": (b"</sheetData>", True),
        "rows": (b'<row r="5">', False),
        "cells": (b'<c r="F4" t="n">', False),
        "value": (b'<c r="E4" t="n"><v>', True),
    }[where]
    data = rezip(good, stream=(part, _around(body, marker, _blanks(24 * MiB), after)))

    def peak(source: bytes) -> tuple[kp.Round, int]:
        tracemalloc.start()
        try:
            read = kio.read_round(source, name=NAME)
            return read, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    expected, base = peak(good)
    if where == "value":  # blanks inside a value: more than a cell holds
        assert refused(data) == [("Jawaban!E4", "cell_too_long")]
        return
    read, used = peak(data)
    assert read == expected
    assert used < base + 4 * MiB


def test_a_far_row_is_refused_without_padding(good: bytes) -> None:
    """A row at 2,000,000,000 after the real rows: openpyxl yielded every missing row."""
    part, body = _jawaban(good)
    far = b'<row r="2000000000"><c r="A2000000000" t="n"><v>1</v></c></row></sheetData>'
    data = rezip(good, {part: body.replace(b"</sheetData>", far)})
    assert refused(data) == [("Jawaban", "beyond_sheet")]


def test_the_last_row_and_column_are_still_read(good: bytes) -> None:
    """Row 1,048,576 is a row like any other; a value at XFD is one without a header."""
    part, body = _jawaban(good)
    last = (
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>disdukcapil</t></is></c>'
        b'<c r="B1048576" t="inlineStr"><is><t>pelaksana</t></is></c>'
        b'<c r="C1048576" t="inlineStr"><is><t>terakhir</t></is></c>'
        b'<c r="E1048576" t="n"><v>7</v></c><c r="XFD1048576" t="n"><v>1</v></c></row>'
    )
    data = rezip(good, {part: body.replace(b"</sheetData>", last + b"</sheetData>")})
    assert refused(data) == [
        ("Jawaban!E1048576", "out_of_scale"),
        ("Jawaban!XFD1048576", "value_without_header"),
    ]


def test_a_cell_text_over_the_cell_limit(good: bytes) -> None:
    text = "x" * (_xlsx.MAX_CELL_CHARS + 1)
    data = patch(
        good, sheet_part(good, "Unit"), r"<t>Dinas Kependudukan[^<]*</t>", f"<t>{text}</t>"
    )
    assert refused(data) == [("Unit!B2", "cell_too_long")]


def test_a_shared_string_over_the_cell_limit(good: bytes) -> None:
    data = shared_strings(good)
    text = "x" * (_xlsx.MAX_CELL_CHARS + 1)
    data = patch(data, "xl/sharedStrings.xml", r"<t xml:space=\"preserve\">", f"<t>{text}", 1)
    assert refused(data) == [(NAME, "cell_too_long")]


@pytest.mark.parametrize("offset", [-40, -20, -3, 0, 1, 5, 30])
def test_merged_cells_are_found_across_chunk_boundaries(good: bytes, offset: int) -> None:
    """The tail is scanned in chunks with an overlap: a <mergeCell> cut by a chunk
    boundary (``offset`` bytes from its start) is found once."""
    part = sheet_part(good, "Unit")
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        body = z.read(part)
    at = body.index(b"</sheetData>") + len(b"</sheetData>")
    head = b'<mergeCells count="2">'
    size = 3 * _xlsx._CHUNK + offset - at - len(head) - len(b'<x a=""/>')
    filler = b'<x a="' + b"y" * size + b'"/>'
    merges = head + b'<mergeCell ref="A2:B2"/><mergeCell ref="C3:D3"/></mergeCells>'
    new = body[:at] + filler + merges + body[at:]
    assert new.index(b"<mergeCell ") == 3 * _xlsx._CHUNK + offset
    data = rezip(good, {part: new})
    assert refused(data) == [("Unit!A2:B2", "merged_cells"), ("Unit!C3:D3", "merged_cells")]


# Item 2: tracebacks become located problems ---------------------------------------------------


def test_a_hostile_workbook_through_the_cli_is_a_located_message(
    good: bytes, tmp_path: Path
) -> None:
    data = patch(good, sheet_part(good, "_meta"), r"(<c r=\"B2\" t=\"n\"><v>)[0-9]+", r"\g<1>1e400")
    path = tmp_path / NAME
    path.write_bytes(data)
    result = invoke("check", str(path))
    assert result.exit_code == INVALID_INPUT
    assert "_meta!B2" in result.stderr and "format_version" in result.stderr


# Item 3: silent drops -------------------------------------------------------------------------


def test_a_deleted_indicator_column_is_a_missing_column(good: bytes) -> None:
    def change(wb: Workbook) -> None:
        ws = wb["Jawaban"]
        col = next(c.column for c in ws[2] if c.value == "pr02")
        ws.delete_cols(col)

    found = problems(edited(good, change))
    assert [(p.location, p.code, p.params["column"]) for p in found] == [
        ("Jawaban!2:2", "missing_column", "pr02")
    ]


def test_a_value_under_a_blank_header_within_the_table(good: bytes) -> None:
    def change(wb: Workbook) -> None:
        ws = wb["Unit"]
        ws["F1"] = ws["E1"].value  # Sektor moves one column right: E1 is left blank
        ws["E1"] = None
        ws["E2"] = "kesehatan"  # under no header

    found = problems(edited(good, change))
    assert [(p.location, p.code) for p in found] == [("Unit!E2", "value_without_header")]
    assert found[0].params == {"count": 1, "value": "kesehatan"}


def test_a_value_beside_a_field_of_penilaian(good: bytes) -> None:
    """Penilaian is key (A) and value (B): a note typed in C would be lost."""
    found = problems(edited(good, lambda wb: wb["Penilaian"].cell(2, 3, "tahun 2024")))
    assert [(p.location, p.code) for p in found] == [("Penilaian!C2", "value_without_header")]


@pytest.mark.parametrize("text", ["٣", "３", "२", "2,٥"])
def test_non_ascii_digits_in_a_number_cell(good: bytes, text: str) -> None:
    found = problems(edited(good, lambda wb: wb["Jawaban"].cell(4, 5, text)))
    assert [(p.location, p.code) for p in found] == [("Jawaban!E4", "non_ascii_digits")]
    assert "0-9" in found[0].text("id")


@pytest.mark.parametrize(
    ("value", "code"),
    [(-5, "meta_invalid"), (0, "meta_invalid"), (True, "meta_invalid"), (2.9, "meta_invalid"),
     (2.0, None), ("2.5", "meta_invalid"), (" 2 ", None), (2, None), (1, None),
     (3, "template_too_new"), ("3", "template_too_new")],
)  # fmt: skip
def test_format_version_is_a_positive_whole_number(
    good: bytes, value: bool | float | str, code: str | None
) -> None:
    """2.0 is saved as 2 (Excel keeps every number as a double): the same cell as 2."""
    data = edited(good, lambda wb: wb["_meta"].cell(2, 2, value))
    if code is None:
        assert kio.read_round(data, name=NAME) == kio.read_round(good, name=NAME)
    else:
        assert refused(data) == [("_meta!B2", code)]


def test_duplicate_sheet_names_are_refused_before_anything_is_read(good: bytes) -> None:
    data = patch(good, "xl/workbook.xml", 'name="Penilaian"', 'name="Unit"')
    found = problems(data)
    assert [(p.location, p.code) for p in found] == [(NAME, "duplicate_sheet")]
    assert found[0].params == {"sheet": "Unit", "first": "Unit"}


# Item 4: percent cells --------------------------------------------------------------------------


def _percent_round(good_format: str | None, value: float, indicator: str) -> bytes:
    """An ombudsman-2025 template with one observasi row answering ``indicator``."""
    out = io.BytesIO()
    kio.write_template("ombudsman-2025", out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    wb["Instansi"].append(["16.72", "Pemerintah Kota Pagar Alam", "pemkot"])
    wb["Unit"].append(["rsud", "RSUD Besemah", "16.72", "rsud"])
    ws = wb["Jawaban"]
    col = next(c.column for c in ws[2] if c.value == indicator)
    ws.cell(4, 1, "rsud")
    ws.cell(4, 2, "observasi")
    cell = ws.cell(4, col, value)
    if good_format is not None:
        cell.number_format = good_format
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "stored", "typed"), [("0%", 0.85, 85), ("0.00%", 0.8525, 85.25), ("0%", 1, 100)]
)
def test_a_percent_cell_in_a_0_to_100_indicator_reads_as_shown(
    fmt: str, stored: float, typed: float
) -> None:
    """85% typed in Excel is stored as 0.85: read as 85, as the person saw it — the same
    round as 85 typed plainly (the former reader took 0.85)."""
    shown = kio.read_round(_percent_round(fmt, stored, "out01"))
    plain = kio.read_round(_percent_round(None, typed, "out01"))
    assert shown == plain
    assert [r.value for r in shown.responses] == [typed]


def test_a_percent_cell_in_another_scale_is_refused() -> None:
    """in01 is 0–3: 100% (stored as 1) would read as 1, a valid but unintended answer."""
    rubric = kp.get_rubric("ombudsman-2025")
    other = next(
        i for i in rubric.indicators() if i.role.value == "observasi" and i.scale.maximum != 100
    )
    data = _percent_round("0%", 1, other.id)
    found = problems(data)
    assert [p.code for p in found] == ["percent_cell"]
    assert found[0].params["value"] == "100%" and found[0].params["indicator"] == other.id
    assert "100%" in found[0].text("id")


def test_a_percent_formatted_dimension_score() -> None:
    """Nilai Dimensi: a percentage is read as shown when Bentuk is persen, refused as a
    contribution (weighted points are no percentage)."""

    def workbook(form: str) -> bytes:
        out = io.BytesIO()
        kio.write_template("ombudsman-2025", out)
        wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
        wb["Instansi"].append(["16.72", "Pemerintah Kota Pagar Alam", "pemkot"])
        wb["Unit"].append(["rsud", "RSUD Besemah", "16.72", "rsud"])
        wb["Nilai Dimensi"].append(["rsud", "input", 0.6257, form])
        wb["Nilai Dimensi"]["C2"].number_format = "0.00%"
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    assert kio.read_round(workbook("persen")).dimension_scores[0].value == 62.57
    found = problems(workbook("kontribusi"))
    assert [(p.location, p.code) for p in found] == [("Nilai Dimensi!C2", "percent_not_read")]


# The reader against openpyxl ------------------------------------------------------------------


def _typed_cells(good: bytes) -> bytes:
    """A workbook with every kind of cell: dates, times, booleans, percentages, errors."""
    from datetime import date, datetime, time

    def change(wb: Workbook) -> None:
        ws = wb.create_sheet("Campur")
        ws.append(["teks", 1, 2.5, True, False, date(2025, 3, 14), datetime(2025, 3, 14, 8, 30)])
        ws.append([None, None, time(8, 30), -0.0, 10**15, 1e-300, "=1+1"])
        ws["H1"] = 0.855
        ws["H1"].number_format = "0.0%"
        ws["A5"] = "  spasi  "
        ws["C7"] = "#N/A"

    return edited(good, change)


@pytest.mark.parametrize("shared", [False, True])
def test_rows_are_the_values_openpyxl_reads(good: bytes, shared: bool) -> None:
    data = _typed_cells(good)
    if shared:
        data = shared_strings(data)
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    package = _xlsx.Package(io.BytesIO(data), NAME, lambda names: names)
    try:
        assert package.names == wb.sheetnames
        for name in wb.sheetnames:
            theirs = [
                (k, _trim(row))
                for k, row in enumerate(wb[name].iter_rows(values_only=True), start=1)
                if any(v is not None for v in row)
            ]
            ours = [(k, row) for k, row, _, _ in package.rows(name) if row]
            assert ours == theirs, name
    finally:
        package.close()
        wb.close()


def _trim(row: tuple[Any, ...]) -> tuple[Any, ...]:
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


_CODES = (
    "duplicate_sheet", "xlsx_part_too_large", "xlsx_too_large", "xlsx_compression_ratio",
    "beyond_sheet", "out_of_order", "cell_damaged", "shared_string_missing", "cell_too_long",
    "percent_cell", "percent_not_read", "non_ascii_digits",
)  # fmt: skip


@pytest.mark.parametrize("code", _CODES)
def test_new_messages_have_both_languages_with_the_same_placeholders(code: str) -> None:
    english, indonesian = MESSAGES[code]
    fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (english, indonesian)]
    assert fields[0] == fields[1] and english != indonesian
    text = re.sub(r"\{[^}]*\}", "", indonesian)  # Bahasa Indonesia, no English words
    for word in ("the ", " of ", " is ", "sheet", "file", "cell"):
        assert word not in text, (code, word)
