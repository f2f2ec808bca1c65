"""Test helpers for kepatuhan.io: fill a template with openpyxl, write a round as CSV.

Written independently of the readers (plain openpyxl and csv), so that a round trip tests
the reader against a second description of the layout, not against itself.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

import kepatuhan as kp
from kepatuhan.io import write_template

CSV_HEADER_ID = (
    "kode_instansi", "nama_instansi", "jenis_instansi", "provinsi", "kode_unit", "nama_unit",
    "jenis_unit", "sektor", "indikator", "responden", "peran", "nilai", "status", "bukti",
)  # fmt: skip
CSV_HEADER_EN = (
    "entity_code", "entity_name", "entity_kind", "province", "unit_code", "unit_name",
    "unit_type", "sector", "indicator", "respondent", "role", "value", "status", "evidence",
)  # fmt: skip


def answer_cell(response: kp.Response) -> object:
    """What a filled template cell holds for one response: its value or its status word."""
    if response.status is kp.ResponseStatus.ANSWERED:
        value = response.value
        assert value is not None
        return int(value) if float(value).is_integer() else value
    return response.status.value


def fill_template(round_: kp.Round, path: Path, *, rubric: kp.Rubric | None = None) -> Path:
    """Write the rubric's template to ``path`` and fill it with ``round_`` (openpyxl only):
    one Jawaban row per (unit, role, respondent, evidence), answers in indicator columns."""
    rub = rubric or kp.get_rubric(round_.rubric)
    write_template(rub, path)
    wb = openpyxl.load_workbook(path)
    info = wb["Penilaian"]
    info["B2"] = round_.title
    info["B3"] = "ya" if round_.synthetic else "tidak"
    info["B4"] = round_.note
    fill_entities_and_units(wb, round_)
    ws = wb["Jawaban"]
    header = [c.value for c in ws[2]]
    column = {h: i for i, h in enumerate(header)}
    rows: dict[tuple[Any, ...], list[object]] = {}
    for r in round_.responses:
        key = (r.unit, r.role.value if r.role else None, r.respondent, r.evidence)
        row = rows.setdefault(key, [*key, *([None] * (len(header) - 4))])
        assert row[column[r.indicator]] is None, "one answer per respondent and indicator"
        row[column[r.indicator]] = answer_cell(r)
    for row in rows.values():
        ws.append(row)
    for ds in round_.dimension_scores:
        form = {"percentage": "persen", "contribution": "kontribusi"}[ds.form]
        wb["Nilai Dimensi"].append([ds.unit, ds.dimension, ds.value, form])
    if "Produk Pengawasan" in wb.sheetnames:
        fill_oversight(wb["Produk Pengawasan"], round_.oversight_products)
    wb.save(path)
    return path


def fill_entities_and_units(wb: Any, round_: kp.Round) -> None:
    """One Instansi row per entity and one Unit row per unit of ``round_``."""
    for e in round_.entities:
        wb["Instansi"].append([e.code, e.name, e.kind.value, e.province])
    for u in round_.units:
        wb["Unit"].append([u.code, u.name, u.entity, u.unit_type.value, u.sector])


def workbook_variant(good: Path, tmp_path: Path, change: Callable[[Any], Any]) -> Path:
    """A copy of the workbook ``good`` in ``tmp_path`` with ``change(workbook)`` applied."""
    wb = openpyxl.load_workbook(good)
    change(wb)
    path = tmp_path / "penilaian.xlsx"
    wb.save(path)
    return path


def fill_oversight(ws: Any, products: Sequence[kp.OversightProduct] | None) -> None:
    """The Produk Pengawasan sheet: B1 "ya" (recorded) or "tidak", one product per row from 4."""
    ws["B1"] = "tidak" if products is None else "ya"
    for k, p in enumerate(products or (), start=4):
        row = [p.entity, p.kind.value, p.reference, p.issued, "ya" if p.followed_up else "tidak"]
        for col, value in enumerate([*row, p.note], start=1):
            ws.cell(k, col, value)


def csv_rows(round_: kp.Round, *, decimal_comma: bool = False) -> list[list[str]]:
    """The long CSV rows (no header) of a round, one per response."""
    entities = {e.code: e for e in round_.entities}
    units = {u.code: u for u in round_.units}
    rows = []
    for r in round_.responses:
        u = units[r.unit]
        e = entities[u.entity]
        if r.value is None:
            value = ""
        else:
            value = str(int(r.value)) if r.value.is_integer() else repr(r.value)
            value = value.replace(".", ",") if decimal_comma else value
        status = "" if r.status is kp.ResponseStatus.ANSWERED else r.status.value
        rows.append([
            e.code, e.name, e.kind.value, e.province or "", u.code, u.name, u.unit_type.value,
            u.sector or "", r.indicator, r.respondent or "", r.role.value if r.role else "",
            value, status, r.evidence or "",
        ])  # fmt: skip
    return rows


def write_csv(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str] = CSV_HEADER_ID,
    delimiter: str = ",",
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_round_csv(round_: kp.Round, path: Path, **kw: Any) -> Path:
    decimal_comma = kw.pop("decimal_comma", False)
    return write_csv(path, csv_rows(round_, decimal_comma=decimal_comma), **kw)


def small_round() -> kp.Round:
    """Two units of the example round (``disdukcapil``, ``pkm-sidorejo``), all their answers."""
    full = kp.example_round()
    keep = {"disdukcapil", "pkm-sidorejo"}
    return kp.Round(
        rubric=full.rubric,
        title=full.title,
        synthetic=full.synthetic,
        entities=full.entities,
        units=[u for u in full.units if u.code in keep],
        responses=[r for r in full.responses if r.unit in keep],
    )
