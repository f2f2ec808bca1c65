"""The Excel template of a rubric: the workbook field staff fill in and ``read_round`` reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from .._version import __version__
from ..catalog import ROLE_NAMES, Language, Message
from ..errors import InvalidFileError, InvalidRubricError, Problem
from ..rubric import Group, Indicator, Rubric
from ..scales import Scale
from ..vocab import EntityKind, OversightProductKind, RespondentRole, ResponseStatus, UnitType
from ._cells import column_letter, number_text, yes_no
from ._excel import require_openpyxl, workbook_bytes
from ._print import fit_rows
from ._safe_text import text_only, xlsx_text
from .layout import (
    ANSWER_COLUMNS,
    ANSWER_FIRST_ROW,
    ANSWER_HEADER_ROW,
    DIMENSION_COLUMNS,
    DIMENSION_FORMS,
    ENTITY_COLUMNS,
    OVERSIGHT_COLUMNS,
    OVERSIGHT_FIRST_ROW,
    OVERSIGHT_FLAG,
    OVERSIGHT_HEADER_ROW,
    ROUND_FIELDS,
    SHEET_ANSWERS,
    SHEET_DIMENSIONS,
    SHEET_ENTITIES,
    SHEET_INDICATORS,
    SHEET_INSTRUCTIONS,
    SHEET_META,
    SHEET_OVERSIGHT,
    SHEET_ROUND,
    SHEET_UNITS,
    TEMPLATE_FORMAT,
    TEMPLATE_VERSION,
    UNIT_COLUMNS,
    Column,
    indicator_column_clashes,
    role_blocks,
)
from .skm_template import is_skm_rubric, skm_template_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["INSTRUCTIONS", "TEXTS", "scale_choices", "template_bytes", "template_workbook"]

LAST_ROW = 1_048_576  # Excel's last row: validations cover every row a user may fill
_LIST_LIMIT = 255  # Excel's limit on an inline dropdown list
_STATUS_WORDS = (ResponseStatus.NOT_APPLICABLE.value, ResponseStatus.NOT_ASSESSED.value)
_ROLE_FILLS = ("DDEBF7", "E2EFDA", "FFF2CC", "FCE4D6", "EDE2F6", "D9D9D9")
_KEY_FILL = "D9D9D9"
_INVALID_TITLE = "Nilai tidak sah"  # Excel's error dialogs: Indonesian in both languages
_INVALID_LIST = "Pilih salah satu nilai dari daftar."
_INVALID_DATE_TITLE = "Tanggal tidak sah"


def scale_choices(scale: Scale) -> list[str] | None:
    """The dropdown entries of a scale (its steps and the two status words), or ``None``
    when they do not fit an Excel list (continuous scales, very many steps)."""
    steps = scale.steps()
    if steps is None:
        return None
    words = [number_text(s) for s in steps] + list(_STATUS_WORDS)
    return words if len(",".join(words)) + 2 <= _LIST_LIMIT else None


def template_bytes(rubric: Rubric, name: str, *, lang: Language = "id") -> bytes:
    """The template workbook of ``rubric`` (see docs/data-files.md); a clash of an indicator
    id with a fixed column is refused, located at the file ``name``; a rubric text a
    workbook cannot hold (a control character) is refused, located in the rubric.

    An SKM rubric's template is the survey sheet agencies fill in, one row per respondent
    (:mod:`kepatuhan.io.skm_template`), which ``read_survey`` and ``kepatuhan skm`` read."""
    if is_skm_rubric(rubric):
        refuse_unwritable_texts(rubric)
        return workbook_bytes(skm_template_workbook(rubric, lang))
    refuse_column_clashes(rubric, name)
    refuse_unwritable_texts(rubric)
    return workbook_bytes(template_workbook(rubric, lang))


def refuse_unwritable_texts(rubric: Rubric) -> None:
    """:class:`InvalidRubricError` listing the rubric's titles and node names that hold a
    character a workbook cannot (openpyxl would fail on it half-way)."""
    texts: list[tuple[str, str | None]] = [("title", rubric.title), ("title_en", rubric.title_en)]
    for path, node in rubric.walk():
        texts += [(f"{path}.name", node.name), (f"{path}.name_en", node.name_en)]
    problems = [
        Problem(location, "not_in_workbook", {"text": text})
        for location, text in texts
        if text is not None and xlsx_text(text) != text
    ]
    if problems:
        raise InvalidRubricError(problems)


def refuse_column_clashes(rubric: Rubric, file_name: str) -> None:
    """:class:`InvalidFileError` if an indicator id of ``rubric`` reads as a fixed column."""
    clashes = indicator_column_clashes(rubric)
    if clashes:
        raise InvalidFileError(clashes, subject=file_name)


def template_workbook(
    rubric: Rubric, lang: Language = "id", *, oversight: bool | None = None
) -> Workbook:
    """The template of ``rubric`` as an unsaved workbook (to fill in before saving).

    ``oversight`` adds or leaves out the Produk Pengawasan sheet; by default it is there
    for a rubric with an opinion rule.
    """
    openpyxl = require_openpyxl()
    wb = openpyxl.Workbook()
    _instructions(wb.active, rubric, lang)
    _round_sheet(wb.create_sheet(SHEET_ROUND), lang)
    _table_sheet(wb.create_sheet(SHEET_ENTITIES), ENTITY_COLUMNS, lang)
    _table_sheet(wb.create_sheet(SHEET_UNITS), UNIT_COLUMNS, lang)
    _answers_sheet(wb.create_sheet(SHEET_ANSWERS), rubric, lang)
    _dimensions_sheet(wb.create_sheet(SHEET_DIMENSIONS), rubric, lang)
    if oversight if oversight is not None else rubric.opinion is not None:
        _oversight_sheet(wb.create_sheet(SHEET_OVERSIGHT), lang)
    _indicators_sheet(wb.create_sheet(SHEET_INDICATORS), rubric, lang)
    _meta_sheet(wb.create_sheet(SHEET_META), rubric, lang)
    _enum_validation(wb[SHEET_ENTITIES], "C", EntityKind)
    _enum_validation(wb[SHEET_UNITS], "D", UnitType)
    _list_validation(
        wb[SHEET_UNITS], "C", f"={SHEET_ENTITIES}!$A$2:$A$10000", strict=False, first=2
    )
    props = wb.properties
    props.title = _t("properties_title", lang, title=rubric.title)
    props.subject = rubric.id
    props.keywords = f"{TEMPLATE_FORMAT} {rubric.id} {rubric.version}"
    props.creator = f"kepatuhan {__version__}"
    props.lastModifiedBy = None
    text_only(wb)  # a rubric's names are text, even one that starts with "="
    return cast("Workbook", wb)


# Sheets -------------------------------------------------------------------------------------


def _instructions(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.title = SHEET_INSTRUCTIONS
    lines = _instruction_lines(rubric, lang)
    header = _t("header", lang, title=rubric.title, id=rubric.id, version=rubric.version)
    width = 80  # fits an A4 portrait page between 0.5-inch margins
    ws.column_dimensions["A"].width = width
    ws.append([header])
    ws["A1"].font = Font(bold=True, size=14)
    for line in lines:
        ws.append([line])
        if line.endswith(":"):  # a section title
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    fit_rows(ws, [1], [width], chars_per_unit=0.75, line_height=19.0)
    fit_rows(ws, range(2, ws.max_row + 1), [width])
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _round_sheet(ws: Worksheet, lang: Language) -> None:
    from openpyxl.styles import Font

    ws.append([_t("field", lang), _t("value", lang)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for field in ROUND_FIELDS:
        value = yes_no(False, lang) if field.key == "synthetic" else None
        ws.append([field.header(lang), value])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70
    ws.freeze_panes = "A2"
    _list_validation(ws, "B", '"ya,tidak,yes,no"', first=3, last=3)


def _table_sheet(
    ws: Worksheet, columns: tuple[Column, ...], lang: Language, *, header_row: int = 1
) -> None:
    from openpyxl.styles import Font, PatternFill

    for pos, column in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=pos, value=column.header(lang))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_KEY_FILL)
        letter = column_letter(pos)
        ws.column_dimensions[letter].width = column.width
        if column.key in ("code", "entity", "unit", "reference"):
            ws.column_dimensions[letter].number_format = "@"  # codes stay text ("16.70")
    ws.freeze_panes = f"A{header_row + 1}"


def _dimensions_sheet(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    """Published rapor figures: unit, dimension or any group, value, form."""
    _table_sheet(ws, DIMENSION_COLUMNS, lang)
    _list_validation(ws, "A", f"={SHEET_UNITS}!$A$2:$A$10000", strict=False)
    c = rubric.compiled
    allowed = c.is_group.copy()
    allowed[c.dimensions] = True
    every = ",".join(nid for nid, ok in zip(c.node_ids, allowed.tolist(), strict=True) if ok)
    reported = ",".join(c.node_ids[k] for k in _reported_nodes(rubric))
    if len(every) + 2 <= _LIST_LIMIT:
        _list_validation(ws, "B", f'"{every}"')
    elif len(reported) + 2 <= _LIST_LIMIT:  # the usual ones; a deeper group only warns
        _list_validation(ws, "B", f'"{reported}"', strict=False)
    _number_validation(ws, "C", 0, 100, lang)
    _list_validation(ws, "D", '"' + ",".join(DIMENSION_FORMS) + '"')


def _oversight_sheet(ws: Worksheet, lang: Language) -> None:
    """Oversight products: the "recorded?" flag in B1, then one product per row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append([OVERSIGHT_FLAG.header(lang), None, _t("oversight_hint", lang)])
    ws["A1"].font = Font(bold=True)
    ws["B1"].fill = PatternFill("solid", fgColor="FFF2CC")
    ws["C1"].alignment = Alignment(wrap_text=False, vertical="top")
    _list_validation(ws, "B", '"ya,tidak,yes,no"', first=1, last=1)
    _table_sheet(ws, OVERSIGHT_COLUMNS, lang, header_row=OVERSIGHT_HEADER_ROW)
    first = OVERSIGHT_FIRST_ROW
    _list_validation(ws, "A", f"={SHEET_ENTITIES}!$A$2:$A$10000", strict=False, first=first)
    _list_validation(
        ws, "B", '"' + ",".join(k.value for k in OversightProductKind) + '"', first=first
    )
    _date_validation(ws, "D", lang, first=first)
    _list_validation(ws, "E", '"ya,tidak"', first=first)
    ws.column_dimensions["A"].width = max(OVERSIGHT_COLUMNS[0].width, 26)


def _answers_sheet(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fixed = len(ANSWER_COLUMNS)
    row1: list[str | None] = [_t("answers_note", lang)] + [None] * (fixed - 1)
    row2: list[str] = [c.header(lang) for c in ANSWER_COLUMNS]
    row3: list[str | None] = [None] * fixed
    fills: list[str] = [_KEY_FILL] * fixed
    survey = is_skm_rubric(rubric)  # as many respondents as were surveyed, not a fixed count
    for k, (role, indicators) in enumerate(role_blocks(rubric)):
        counts = sorted({i.respondents or 1 for i in indicators})
        per_unit = "/".join(str(n) for n in counts)
        name = _role_heading(role, lang)
        if survey:
            label = _t("role_block_survey", lang, name=name, role=role.value)
        else:
            label = _t("role_block", lang, name=name, role=role.value, per_unit=per_unit)
        for j, indicator in enumerate(indicators):
            row1.append(label if j == 0 else None)
            row2.append(indicator.id)
            row3.append(f"{indicator.name} ({indicator.scale})")
            fills.append(_ROLE_FILLS[k % len(_ROLE_FILLS)])
    ws.append(row1)
    ws.append(row2)
    ws.append(row3)
    for col, fill in enumerate(fills, start=1):
        for row in (1, 2, 3):
            cell = ws.cell(row=row, column=col)
            cell.fill = PatternFill("solid", fgColor=fill)
            cell.font = bold if row < 3 else Font(size=9)
            cell.alignment = wrap if row == 3 else Alignment(vertical="top")
        letter = column_letter(col)
        ws.column_dimensions[letter].width = ANSWER_COLUMNS[col - 1].width if col <= fixed else 11
        if col in (1, 3):
            ws.column_dimensions[letter].number_format = "@"
    ws.row_dimensions[3].height = 75
    ws.freeze_panes = ws.cell(row=ANSWER_FIRST_ROW, column=fixed + 1).coordinate
    first = ANSWER_FIRST_ROW
    _list_validation(ws, "A", f"={SHEET_UNITS}!$A$2:$A$10000", strict=False, first=first)
    _enum_validation(ws, "B", RespondentRole, first=first)
    col = fixed
    for _, indicators in role_blocks(rubric):
        for indicator in indicators:
            col += 1
            _scale_validation(ws, column_letter(col), indicator.scale, lang, first=first)
    assert ws.cell(row=ANSWER_HEADER_ROW, column=1).value == ANSWER_COLUMNS[0].header(lang)


def _indicators_sheet(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append([_t(f"indicators.{key}", lang) for key in _INDICATOR_HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_KEY_FILL)
    dimension_of = _dimensions(rubric)
    column_of: dict[str, str] = {}
    col = len(ANSWER_COLUMNS)
    for _, indicators in role_blocks(rubric):
        for indicator in indicators:
            col += 1
            column_of[indicator.id] = column_letter(col)
    everywhere = _t("everywhere", lang)
    for n, indicator in enumerate(rubric.indicators(), start=1):
        choices = scale_choices(indicator.scale)
        allowed = (
            ", ".join(choices) if choices else f"{indicator.scale} · {' / '.join(_STATUS_WORDS)}"
        )
        applies = (
            everywhere
            if indicator.applies_to is None
            else ", ".join(sorted(t.value for t in indicator.applies_to))
        )
        name = indicator.name if lang == "id" or not indicator.name_en else indicator.name_en
        ws.append([
            n, indicator.id, dimension_of[indicator.id], name, str(indicator.scale), allowed,
            indicator.role.value, indicator.respondents or 1, applies, column_of[indicator.id],
        ])  # fmt: skip
    widths = (5, 9, 22, 60, 8, 40, 20, 12, 16, 10)
    for pos, width in enumerate(widths, start=1):
        ws.column_dimensions[column_letter(pos)].width = width
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"


def _meta_sheet(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    for key, value in (
        ("format", TEMPLATE_FORMAT),
        ("format_version", TEMPLATE_VERSION),
        ("rubric", rubric.id),
        ("rubric_version", rubric.version),
        ("rubric_title", rubric.title),
        ("lang", lang),
    ):
        ws.append([key, value])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


# Validation ---------------------------------------------------------------------------------


def _list_validation(
    ws: Worksheet,
    letter: str,
    formula: str,
    *,
    strict: bool = True,
    first: int = 2,
    last: int = LAST_ROW,
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=_INVALID_TITLE,
        error=_INVALID_LIST,
    )
    dv.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(dv)


def _enum_validation(
    ws: Worksheet,
    letter: str,
    enum: type[EntityKind] | type[UnitType] | type[RespondentRole],
    *,
    first: int = 2,
) -> None:
    _list_validation(ws, letter, '"' + ",".join(m.value for m in enum) + '"', first=first)


def _number_validation(
    ws: Worksheet, letter: str, low: float, high: float, lang: Language, *, first: int = 2
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="decimal",
        operator="between",
        formula1=number_text(low),
        formula2=number_text(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_INVALID_TITLE,
        error=_t("number_error", lang, low=low, high=high),
    )
    dv.add(f"{letter}{first}:{letter}{LAST_ROW}")
    ws.add_data_validation(dv)


def _date_validation(ws: Worksheet, letter: str, lang: Language, *, first: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_INVALID_DATE_TITLE,
        error=_t("date_error", lang),
    )
    dv.add(f"{letter}{first}:{letter}{LAST_ROW}")
    ws.add_data_validation(dv)
    ws.column_dimensions[letter].number_format = "yyyy-mm-dd"


def _scale_validation(
    ws: Worksheet, letter: str, scale: Scale, lang: Language, *, first: int
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = scale_choices(scale)
    if choices is not None:
        _list_validation(ws, letter, '"' + ",".join(choices) + '"', first=first)
        return
    cell = f"{letter}{first}"
    words = ",".join(f'{cell}="{w}"' for w in _STATUS_WORDS)
    formula = (
        f"OR(AND(ISNUMBER({cell}),{cell}>={number_text(scale.minimum)},"
        f"{cell}<={number_text(scale.maximum)}),{words})"
    )
    message = _t("scale_error", lang, scale=scale, statuses=" / ".join(_STATUS_WORDS))
    dv = DataValidation(
        type="custom",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_INVALID_TITLE,
        error=message,
    )
    dv.add(f"{cell}:{letter}{LAST_ROW}")
    ws.add_data_validation(dv)


# Helpers ------------------------------------------------------------------------------------


def _dimensions(rubric: Rubric) -> dict[str, str]:
    """Indicator id → name of its top-level dimension."""
    out: dict[str, str] = {}

    def visit(node: Group | Indicator, top: str) -> None:
        if isinstance(node, Indicator):
            out[node.id] = top
        else:
            for child in node.children:
                visit(child, top)

    for node in rubric.nodes:
        visit(node, node.name)
    return out


def _instruction_lines(rubric: Rubric, lang: Language) -> list[str]:
    """The Petunjuk text: the sheets of this template, then how to fill them in."""

    def t(key: str) -> str:
        return INSTRUCTIONS[key].template(lang)

    sheets = ["round", "entities", "units", "answers", "dimensions"]
    if rubric.opinion is not None:
        sheets.append("oversight")
    sheets.append("indicators")
    numbered = [f"{n}. {t(f'sheet.{key}')}" for n, key in enumerate(sheets, start=1)]
    lines = ["", t("intro"), "", t("sheets_title"), *numbered]
    lines += ["", t("answers_title"), t("answers.pick"), t("answers.text")]
    lines += _dimension_lines(rubric, lang)
    if rubric.opinion is not None:
        keys = ("oversight_title", "oversight.body", "oversight.yes", "oversight.no")
        lines += ["", *(t(key) for key in keys)]
    return [*lines, "", t("checks_title"), t("checks.body")]


def _reported_nodes(rubric: Rubric) -> list[int]:
    """Node positions of the parts of the total (if any) and the dimensions, in tree order."""
    c = rubric.compiled
    return sorted(set(c.parts.tolist()) | set(c.dimensions.tolist()))


def _dimension_lines(rubric: Rubric, lang: Language) -> list[str]:
    """The Nilai Dimensi section, with the rubric's parts and dimensions and their weights
    (their share of the total)."""
    c = rubric.compiled
    nodes = _reported_nodes(rubric)
    weights = [f"{c.full_share[n] * 100:.4g}" for n in nodes]
    if lang == "id":
        weights = [w.replace(".", ",") for w in weights]
    listed = ", ".join(
        f"{c.node_ids[n]} ({c.node_names[n]}, {w})" for n, w in zip(nodes, weights, strict=True)
    )
    return [
        "",
        INSTRUCTIONS["dimensions_title"].template(lang),
        INSTRUCTIONS["dimensions.body"].template(lang),
        INSTRUCTIONS["dimensions.list"].text(lang, dimensions=listed),
    ]


def _role_heading(role: RespondentRole, lang: Language) -> str:
    """A role's name as the heading of its block: Title Case in Indonesian ("Pengguna
    Layanan", as the Ombudsman's forms write it), sentence case in English."""
    name = ROLE_NAMES[role].template(lang)
    return name.title() if lang == "id" else name.capitalize()


def _t(key: str, lang: Language, /, **params: object) -> str:
    return TEXTS[key].text(lang, **params)


_INDICATOR_HEADERS = (
    "no", "id", "dimension", "name", "scale", "allowed", "role", "respondents", "applies",
    "column",
)  # fmt: skip

TEXTS: Mapping[str, Message] = {
    "properties_title": Message(en="{title}", id="Templat penilaian — {title}"),
    "header": Message(
        en="Assessment template: {title} (rubric {id}, version {version})",
        id="Templat penilaian: {title} (rubrik {id}, versi {version})",
    ),
    "field": Message(en="Field", id="Isian"),
    "value": Message(en="Value", id="Nilai"),
    "oversight_hint": Message(
        en="yes = recorded (empty table: none issued); no or empty = not recorded (no opinion "
        "can be given). See Petunjuk.",
        id="ya = dicatat (tabel kosong: tidak ada produk yang diterbitkan); tidak atau kosong = "
        "belum dicatat (opini belum dapat ditentukan). Lihat Petunjuk.",
    ),
    "answers_note": Message(
        en="One row per respondent; fill in the block of their role",
        id="Satu baris per responden; isi kolom blok perannya",
    ),
    "role_block": Message(
        en="Block {name} ({role}): {per_unit} respondent(s) per unit",
        id="Blok {name} ({role}): {per_unit} responden per unit",
    ),
    "role_block_survey": Message(
        en="Block {name} ({role}): one row per respondent, as many as were surveyed",
        id="Blok {name} ({role}): satu baris per responden, sebanyak responden yang disurvei",
    ),
    "indicators.no": Message(en="No", id="No"),
    "indicators.id": Message(en="ID", id="ID"),
    "indicators.dimension": Message(en="Dimension", id="Dimensi"),
    "indicators.name": Message(en="Indicator", id="Nama indikator"),
    "indicators.scale": Message(en="Scale", id="Skala"),
    "indicators.allowed": Message(en="Allowed values", id="Nilai yang sah"),
    "indicators.role": Message(en="Role", id="Peran"),
    "indicators.respondents": Message(en="Respondents per unit", id="Responden per unit"),
    "indicators.applies": Message(en="Applies to", id="Berlaku untuk"),
    "indicators.column": Message(en="Column in Jawaban", id="Kolom di Jawaban"),
    "everywhere": Message(en="all", id="semua"),
    "number_error": Message(
        en="Enter a number {low:g}–{high:g}.", id="Isi angka {low:g}–{high:g}."
    ),
    "date_error": Message(en="Enter a date, e.g. 2025-03-14.", id="Isi tanggal, mis. 2025-03-14."),
    "scale_error": Message(
        en="Enter a number {scale} or {statuses}.", id="Isi angka {scale} atau {statuses}."
    ),
}
"""The template's own texts (the "template" namespace of kepatuhan.catalog)."""

INSTRUCTIONS: Mapping[str, Message] = {
    "intro": Message(
        en="Fill in the sheets below, then read this file with kepatuhan.io.read_round (or the "
        "kepatuhan command). Do not rename sheets, merge cells or change the header rows.",
        id="Isi lembar-lembar berikut, lalu baca berkas ini dengan kepatuhan.io.read_round (atau "
        "perintah kepatuhan di terminal). Jangan mengganti nama lembar, jangan menggabungkan sel "
        "(merge), dan jangan mengubah baris judul.",
    ),
    "sheets_title": Message(en="Sheets:", id="Lembar:"),
    "sheet.round": Message(
        en="Penilaian — round title, whether the data is synthetic (yes/no), a note. May stay "
        "empty.",
        id="Penilaian — judul penilaian, apakah datanya sintetis (ya/tidak), catatan. Boleh "
        "kosong.",
    ),
    "sheet.entities": Message(
        en="Instansi — one row per entity: code, name, kind (dropdown), province.",
        id="Instansi — satu baris per instansi: kode, nama, jenis (daftar pilihan), provinsi.",
    ),
    "sheet.units": Message(
        en="Unit — one row per service unit: unique code, name, entity code, unit type "
        "(dropdown), sector.",
        id="Unit — satu baris per unit layanan (lokus): kode unik, nama, kode instansinya, jenis "
        "unit (daftar pilihan), sektor.",
    ),
    "sheet.answers": Message(
        en="Jawaban — one row per respondent at one unit. Columns A–D: unit code, respondent "
        "role, respondent code (unique within the unit, e.g. pelaksana-1), evidence link. Then "
        "one column per indicator, grouped in one block per respondent role (coloured). Fill in "
        "only the block of the respondent's role.",
        id="Jawaban — satu baris per responden di satu unit. Kolom A–D: kode unit, peran "
        "responden, kode responden (unik di unit itu, mis. pelaksana-1), tautan bukti. Kolom "
        "berikutnya: satu kolom per indikator, dikelompokkan dalam blok per peran responden "
        "(warna berbeda). Isi hanya kolom blok peran responden tersebut.",
    ),
    "sheet.dimensions": Message(
        en="Nilai Dimensi — published dimension scores (rapor) of units not scored from answers. "
        "May stay empty.",
        id="Nilai Dimensi — nilai per dimensi yang sudah diterbitkan (rapor), untuk unit yang "
        "tidak dinilai dari jawaban. Boleh kosong.",
    ),
    "sheet.oversight": Message(
        en="Produk Pengawasan — the Ombudsman's oversight products issued to the entities and "
        "their follow-up; they decide the Tanpa Maladministrasi qualifier (see below).",
        id="Produk Pengawasan — produk pengawasan Ombudsman yang diterbitkan kepada instansi dan "
        "tindak lanjutnya; menentukan predikat Tanpa Maladministrasi (lihat di bawah).",
    ),
    "sheet.indicators": Message(
        en="Indikator — the rubric's indicators: dimension, name, scale, allowed values, role, "
        "respondents per unit, and their column in Jawaban. Read only.",
        id="Indikator — daftar indikator rubrik: dimensi, nama, skala, nilai yang sah, peran, "
        "jumlah responden per unit, dan kolomnya di lembar Jawaban. Hanya untuk dibaca.",
    ),
    "answers_title": Message(en="Answer values:", id="Nilai jawaban:"),
    "answers.pick": Message(
        en="Pick from the dropdown: a number on the indicator's scale (e.g. 0–3), or "
        "tidak_berlaku (does not apply to the unit) or belum_dinilai (not assessed yet). An empty "
        "cell means no answer from that respondent.",
        id="Pilih dari daftar: angka pada skala indikator (mis. 0–3), atau tidak_berlaku "
        "(indikator tidak berlaku untuk unit) atau belum_dinilai (belum dinilai). Sel kosong "
        "berarti tidak ada jawaban dari responden itu.",
    ),
    "answers.text": Message(
        en='Numbers typed as text are accepted ("2", "2,5", "2.5"). Text that could mean '
        'thousands ("1.234", "1,234") is refused as ambiguous.',
        id='Angka yang diketik sebagai teks diterima ("2", "2,5", "2.5"). Tulisan yang bisa '
        'berarti ribuan ("1.234", "1,234") ditolak sebagai ambigu.',
    ),
    "dimensions_title": Message(en="Dimension scores:", id="Nilai dimensi:"),
    "dimensions.body": Message(
        en="One row per unit and dimension: unit code, dimension (dropdown: a dimension, a part "
        "such as 2025's dimensi, or any group), value, form. Form persen = the node's 0–100 "
        "score; kontribusi = its weighted contribution to the total (at most its weight). Give a "
        "group or the nodes inside it, not both. A unit given dimension scores must not also "
        "have answers in Jawaban.",
        id="Satu baris per unit dan dimensi: kode unit, dimensi (daftar pilihan: dimensi, bagian "
        "seperti dimensi pada 2025, atau kelompok mana pun), nilai, bentuk. Bentuk persen = "
        "nilai 0–100 simpul itu; kontribusi = sumbangan berbobotnya ke nilai total (paling besar "
        "sama dengan bobotnya). Isikan sebuah kelompok atau simpul di dalamnya, bukan keduanya. "
        "Unit yang diberi nilai dimensi tidak boleh juga memiliki jawaban di lembar Jawaban.",
    ),
    "dimensions.list": Message(
        en="This rubric's dimensions (weight): {dimensions}",
        id="Dimensi rubrik ini (bobot): {dimensions}",
    ),
    "oversight_title": Message(
        en="Oversight products (the Tanpa Maladministrasi qualifier):",
        id="Produk pengawasan (predikat Tanpa Maladministrasi):",
    ),
    "oversight.body": Message(
        en="Cell B1 of Produk Pengawasan answers 'Oversight products recorded?'. The qualifier is "
        "decided by the oversight products (tindakan korektif, saran perbaikan, saran "
        "penyempurnaan, rekomendasi) issued to an entity: it qualifies when every product issued "
        "to it was followed up.",
        id="Sel B1 lembar Produk Pengawasan menjawab 'Produk pengawasan dicatat?'. Predikat Tanpa "
        "Maladministrasi ditentukan dari produk pengawasan (tindakan korektif, saran perbaikan, "
        "saran penyempurnaan, rekomendasi) yang diterbitkan kepada instansi: instansi "
        "memperolehnya bila semua produk yang diterbitkan kepadanya sudah ditindaklanjuti.",
    ),
    "oversight.yes": Message(
        en="• yes — the products are recorded. One row per product from row 4: entity code, kind "
        "(dropdown), reference (e.g. the LAHP or rekomendasi number; unique per entity), issue "
        "date, followed up (ya/tidak), note. An entity that received none qualifies; if none was "
        "issued at all, write yes and leave the table empty.",
        id="• ya — produk pengawasan sudah dicatat. Isi satu baris per produk mulai baris 4: kode "
        "instansi, jenis produk (daftar pilihan), nomor produk (mis. nomor LAHP atau rekomendasi; "
        "unik per instansi), tanggal terbit, ditindaklanjuti (ya/tidak), catatan. Instansi yang "
        "tidak menerima produk apa pun memenuhi syarat; bila tidak ada produk sama sekali, isi ya "
        "dan biarkan tabel kosong.",
    ),
    "oversight.no": Message(
        en="• no, or B1 empty — not recorded: the qualifier is undecided and no opinion is given. "
        "The table must stay empty; product rows with B1 empty or no are an error.",
        id="• tidak, atau B1 kosong — produk pengawasan belum dicatat: predikat belum dapat "
        "ditentukan dan opini tidak ditampilkan. Tabel harus kosong; baris produk dengan B1 "
        "kosong atau tidak adalah kesalahan.",
    ),
    "checks_title": Message(en="Checks:", id="Pemeriksaan:"),
    "checks.body": Message(
        en="Every problem is reported at once with its place, e.g. Jawaban!F14: value 5 is "
        "outside the scale 0–3. A file with problems is not scored at all. Fully empty rows are "
        "skipped.",
        id="Setiap masalah dilaporkan sekaligus dengan letaknya, mis. Jawaban!F14: nilai 5 di "
        "luar skala 0–3. Berkas yang bermasalah tidak dinilai sama sekali. Baris yang seluruhnya "
        "kosong dilewati.",
    ),
}
"""The Petunjuk sheet, one row per message (the "template_instructions" namespace)."""
