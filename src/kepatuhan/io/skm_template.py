"""The SKM template: the survey sheet as agencies fill it in, one row per respondent.

``write_template`` gives this workbook for an SKM rubric (nine or fourteen unsur ``u1``…,
one 1–4 scale): a Petunjuk sheet, the ``Survei`` sheet (unit, respondent, the
PermenPAN-RB 14/2017 profile columns, then ``U1``…``Un``), an ``Unsur`` legend and a hidden
``_meta`` naming the rubric. :func:`kepatuhan.io.skm_survey.read_survey` and
``kepatuhan skm FILE`` read it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from .._version import __version__
from ..catalog import Language, Message
from ..rubric import Rubric
from ..vocab import RespondentRole
from ._cells import column_letter, number_text
from ._excel import require_openpyxl
from ._safe_text import text_only
from .layout import SHEET_INSTRUCTIONS, SHEET_META
from .skm_survey import PROFILE_COLUMNS, SURVEY_SHEET, unsur_number

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SKM_TEMPLATE_FORMAT", "TEXTS", "is_skm_rubric", "skm_template_workbook"]

SKM_TEMPLATE_FORMAT = "kepatuhan-skm-survey"
SKM_TEMPLATE_VERSION = 1
SHEET_UNSUR = "Unsur"
_LAST_ROW = 1_048_576
_HEADER_FILL = "D9D9D9"
_UNSUR_FILL = "DDEBF7"
_PROFILE_FILL = "E2EFDA"
_CHOICES = {
    "Jenis Kelamin": ("L", "P"),
    "Pendidikan": ("SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2", "S3"),
    "Pekerjaan": ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya"),
}
"""Dropdowns of the profile columns (the questionnaire's choices); other values are allowed
after a warning, since agencies word them differently."""


def is_skm_rubric(rubric: Rubric) -> bool:
    """Whether ``rubric`` is an SKM survey: every indicator an unsur ``u1``… (``u01``…)
    answered by service users on one whole-number scale from 1."""
    indicators = rubric.indicators()
    if not indicators:
        return False
    scales = {(i.scale.minimum, i.scale.maximum, i.scale.step) for i in indicators}
    numbers = [unsur_number(i.id) for i in indicators]
    return (
        len(scales) == 1
        and next(iter(scales))[0] == 1
        and next(iter(scales))[2] == 1
        and numbers == list(range(1, len(indicators) + 1))
        and all(i.role == RespondentRole.PENGGUNA_LAYANAN for i in indicators)
    )


def skm_template_workbook(rubric: Rubric, lang: Language = "id") -> Workbook:
    """The SKM template of ``rubric`` as an unsaved workbook."""
    openpyxl = require_openpyxl()
    wb = openpyxl.Workbook()
    _instructions(wb.active, rubric, lang)
    _survey_sheet(wb.create_sheet(SURVEY_SHEET), rubric, lang)
    _unsur_sheet(wb.create_sheet(SHEET_UNSUR), rubric, lang)
    meta = wb.create_sheet(SHEET_META)
    for key, value in (
        ("format", SKM_TEMPLATE_FORMAT),
        ("format_version", SKM_TEMPLATE_VERSION),
        ("rubric", rubric.id),
        ("rubric_version", rubric.version),
        ("rubric_title", rubric.title),
        ("lang", lang),
    ):
        meta.append([key, value])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.active = 1  # open on the survey sheet
    props = wb.properties
    props.title = _say("properties_title", lang, title=rubric.title)
    props.subject = rubric.id
    props.keywords = f"{SKM_TEMPLATE_FORMAT} {rubric.id} {rubric.version}"
    props.creator = f"kepatuhan {__version__}"
    props.lastModifiedBy = None
    text_only(wb)
    return cast("Workbook", wb)


def _instructions(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    from openpyxl.styles import Alignment, Font

    ws.title = SHEET_INSTRUCTIONS
    n = len(rubric.indicators())
    scale = rubric.indicators()[0].scale
    low, high = number_text(scale.minimum), number_text(scale.maximum)
    ws.column_dimensions["A"].width = 100
    ws.append([_say("header", lang, title=rubric.title, id=rubric.id, version=rubric.version)])
    ws["A1"].font = Font(bold=True, size=14)
    lines = [
        "",
        _say("intro", lang, n=n),
        _say("unit", lang),
        _say("respondent", lang),
        _say("profile", lang, columns=", ".join(PROFILE_COLUMNS)),
        _say("answers", lang, n=n, low=low, high=high),
        _say("read", lang, id=rubric.id),
    ]
    for line in lines:
        ws.append([line])
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")


def _survey_sheet(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    unsur = [f"U{k}" for k in range(1, len(rubric.indicators()) + 1)]
    header = [_say("unit_column", lang), _say("respondent_column", lang), *PROFILE_COLUMNS, *unsur]
    ws.append(header)
    fixed = 2 + len(PROFILE_COLUMNS)
    for pos, _ in enumerate(header, start=1):
        cell = ws.cell(row=1, column=pos)
        cell.font = Font(bold=True)
        fill = _HEADER_FILL if pos <= 2 else _PROFILE_FILL if pos <= fixed else _UNSUR_FILL
        cell.fill = PatternFill("solid", fgColor=fill)
        letter = column_letter(pos)
        ws.column_dimensions[letter].width = 16 if pos <= fixed else 6
        if pos <= 2:
            ws.column_dimensions[letter].number_format = "@"  # codes stay text
    ws.freeze_panes = ws.cell(row=2, column=fixed + 1).coordinate
    for name, choices in _CHOICES.items():
        letter = column_letter(header.index(name) + 1)
        _validation(ws, DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                       errorStyle="warning"), letter)  # fmt: skip
    age = column_letter(header.index("Usia") + 1)
    _validation(ws, DataValidation(type="whole", operator="between", formula1="0",
                                   formula2="120", errorStyle="warning"), age)  # fmt: skip
    scale = rubric.indicators()[0].scale
    steps = scale.steps() or ()
    answers = '"' + ",".join(number_text(s) for s in steps) + '"'
    first, last = column_letter(fixed + 1), column_letter(len(header))
    dv = DataValidation(type="list", formula1=answers, errorStyle="stop")
    dv.error = _say("answer_error", lang, answers=answers.strip('"'))
    _validation(ws, dv, f"{first}2:{last}{_LAST_ROW}", whole=True)


def _validation(ws: Worksheet, dv: object, where: str, *, whole: bool = False) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    assert isinstance(dv, DataValidation)
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = "Nilai tidak sah"  # Excel's error dialogs: Indonesian in both languages
    dv.add(where if whole else f"{where}2:{where}{_LAST_ROW}")
    ws.add_data_validation(dv)


def _unsur_sheet(ws: Worksheet, rubric: Rubric, lang: Language) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append([_say("legend.column", lang), _say("legend.name", lang), _say("legend.scale", lang)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for k, indicator in enumerate(rubric.indicators(), start=1):
        name = indicator.name if lang == "id" or not indicator.name_en else indicator.name_en
        ws.append([f"U{k}", name, str(indicator.scale)])
        ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("A", 8), ("B", 60), ("C", 10)):
        ws.column_dimensions[letter].width = width


def _say(key: str, lang: Language, /, **params: object) -> str:
    return TEXTS[key].text(lang, **params)


TEXTS: Mapping[str, Message] = {
    "properties_title": Message(en="{title}", id="Templat survei — {title}"),
    "header": Message(
        en="Survey template: {title} (rubric {id}, version {version})",
        id="Templat survei: {title} (rubrik {id}, versi {version})",
    ),
    "intro": Message(
        en="Fill in the Survei sheet: one row per respondent, as many rows as respondents, "
        "answers to the {n} unsur in columns U1…U{n} (the Unsur sheet names them). Keep the "
        "header row; columns may be added.",
        id="Isi lembar Survei: satu baris per responden, sebanyak jumlah responden, jawaban "
        "atas {n} unsur di kolom U1…U{n} (lembar Unsur menyebutkan namanya). Jangan mengubah "
        "baris judul; kolom boleh ditambah.",
    ),
    "unit": Message(
        en="Unit: the code of the service unit surveyed. Leave it empty when the whole file is "
        "one unit and give the unit when reading (kepatuhan skm FILE --unit CODE).",
        id="Unit: kode unit layanan yang disurvei. Boleh dikosongkan bila seluruh berkas satu "
        "unit; sebutkan unitnya saat membaca (kepatuhan skm BERKAS --unit KODE).",
    ),
    "respondent": Message(
        en="Respondent: a number or code, unique within the unit; empty: the row number.",
        id="Responden: nomor atau kode, unik di unit itu; bila kosong: nomor baris.",
    ),
    "profile": Message(
        en="Respondent profile ({columns}): optional; kept with each respondent for the "
        "breakdowns of the index (age in whole years). Any other column is kept too.",
        id="Profil responden ({columns}): tidak wajib; disimpan untuk setiap responden sebagai "
        "dasar rincian indeks (usia dalam tahun). Kolom lain juga disimpan.",
    ),
    "answers": Message(
        en="Answers U1…U{n}: a whole number {low}–{high} (from the dropdown); an empty cell "
        "means the respondent did not answer that unsur.",
        id="Jawaban U1…U{n}: bilangan bulat {low}–{high} (pilih dari daftar); sel kosong berarti "
        "responden tidak menjawab unsur itu.",
    ),
    "read": Message(
        en="Read the file with: kepatuhan skm FILE (or kepatuhan.io.read_survey in Python). "
        "Every problem is reported at once with its cell, e.g. Survei!H5.",
        id="Baca berkas dengan: kepatuhan skm BERKAS (atau kepatuhan.io.read_survey di Python). "
        "Setiap masalah dilaporkan sekaligus beserta selnya, mis. Survei!H5.",
    ),
    "unit_column": Message(en="Unit", id="Unit"),
    "respondent_column": Message(en="Respondent", id="Responden"),
    "answer_error": Message(en="Enter one of {answers}.", id="Isi salah satu dari {answers}."),
    "legend.column": Message(en="Column", id="Kolom"),
    "legend.name": Message(en="Unsur", id="Unsur"),
    "legend.scale": Message(en="Scale", id="Skala"),
}
"""The SKM template's texts (the "skm_template" namespace of kepatuhan.catalog)."""
