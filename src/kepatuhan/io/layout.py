"""The file layouts: sheet names, columns and their headers, shared by writers and readers.

Sheet names are the same in both languages (they are how a file is read); headers are
written in the template's language and read in either (case, blanks and underscores do
not matter).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..catalog import Language, Message
from ..errors import Problem
from ..rubric import Indicator, Rubric
from ..vocab import RespondentRole
from ._cells import Cell, header_key

__all__ = [
    "ANSWER_COLUMNS",
    "ANSWER_FIRST_ROW",
    "ANSWER_HEADER_ROW",
    "COLUMN_HEADERS",
    "CSV_COLUMNS",
    "DIMENSION_COLUMNS",
    "DIMENSION_FORMS",
    "ENTITY_COLUMNS",
    "META_KEYS",
    "OVERSIGHT_COLUMNS",
    "OVERSIGHT_FIRST_ROW",
    "OVERSIGHT_FLAG",
    "OVERSIGHT_HEADER_ROW",
    "ROUND_FIELDS",
    "SHEET_ANSWERS",
    "SHEET_DIMENSIONS",
    "SHEET_ENTITIES",
    "SHEET_INDICATORS",
    "SHEET_INSTRUCTIONS",
    "SHEET_META",
    "SHEET_OVERSIGHT",
    "SHEET_ROUND",
    "SHEET_UNITS",
    "TEMPLATE_FORMAT",
    "TEMPLATE_VERSION",
    "UNIT_COLUMNS",
    "Column",
    "indicator_column_clashes",
    "match_columns",
    "role_blocks",
]

SHEET_INSTRUCTIONS = "Petunjuk"
SHEET_ROUND = "Penilaian"
SHEET_ENTITIES = "Instansi"
SHEET_UNITS = "Unit"
SHEET_ANSWERS = "Jawaban"
SHEET_DIMENSIONS = "Nilai Dimensi"
SHEET_OVERSIGHT = "Produk Pengawasan"
SHEET_INDICATORS = "Indikator"
SHEET_META = "_meta"

TEMPLATE_FORMAT = "kepatuhan-template"
TEMPLATE_VERSION = 2
"""1: without the Nilai Dimensi and Produk Pengawasan sheets (still read); 2: with them."""

ANSWER_HEADER_ROW = 2  # row 1: role blocks, row 2: column keys, row 3: indicator names
ANSWER_FIRST_ROW = 4
OVERSIGHT_HEADER_ROW = 3  # row 1: the "recorded?" flag in B1, row 2: empty
OVERSIGHT_FIRST_ROW = 4


@dataclass(frozen=True)
class Column:
    """One column (or one field of a key/value sheet): its field and its two headers."""

    key: str
    id: str
    en: str
    required: bool = False
    width: float = 16.0

    def header(self, lang: Language) -> str:
        return self.message.template(lang)

    @property
    def message(self) -> Message:
        """The two headers as a catalog message."""
        return Message(en=self.en, id=self.id)

    @property
    def spellings(self) -> frozenset[str]:
        return frozenset(header_key(s) for s in (self.key, self.id, self.en))


ENTITY_COLUMNS = (
    Column("code", "Kode Instansi", "Entity code", True, 16),
    Column("name", "Nama Instansi", "Entity name", True, 40),
    Column("kind", "Jenis Instansi", "Entity kind", True, 16),
    Column("province", "Provinsi", "Province", False, 24),
)
UNIT_COLUMNS = (
    Column("code", "Kode Unit", "Unit code", True, 18),
    Column("name", "Nama Unit", "Unit name", True, 44),
    Column("entity", "Kode Instansi", "Entity code", True, 16),
    Column("unit_type", "Jenis Unit", "Unit type", True, 18),
    Column("sector", "Sektor", "Sector", False, 20),
)
ANSWER_COLUMNS = (
    Column("unit", "Kode Unit", "Unit code", True, 16),
    Column("role", "Peran", "Role", False, 20),
    Column("respondent", "Responden", "Respondent", False, 14),
    Column("evidence", "Bukti", "Evidence", False, 16),
)
DIMENSION_COLUMNS = (
    Column("unit", "Kode Unit", "Unit code", True, 18),
    Column("dimension", "Dimensi", "Dimension", True, 26),
    Column("value", "Nilai", "Value", True, 12),
    Column("form", "Bentuk", "Form", True, 14),
)
DIMENSION_FORMS = {"persen": "percentage", "kontribusi": "contribution"}
"""Words of the Bentuk column → ``DimensionScore.form`` (the English words are read too)."""
OVERSIGHT_FLAG = Column("recorded", "Produk pengawasan dicatat?", "Oversight products recorded?")
OVERSIGHT_COLUMNS = (
    Column("entity", "Kode Instansi", "Entity code", True, 16),
    Column("kind", "Jenis Produk", "Product kind", True, 22),
    Column("reference", "Nomor Produk", "Reference", True, 28),
    Column("issued", "Tanggal Terbit", "Issue date", False, 14),
    Column("followed_up", "Ditindaklanjuti", "Followed up", True, 16),
    Column("note", "Catatan", "Note", False, 40),
)
ROUND_FIELDS = (
    Column("title", "Judul Penilaian", "Round title"),
    Column("synthetic", "Data Sintetis", "Synthetic data"),
    Column("note", "Catatan", "Note"),
)
META_KEYS = ("format", "format_version", "rubric", "rubric_version", "rubric_title", "lang")

CSV_COLUMNS = (
    Column("entity_code", "kode_instansi", "entity_code", True),
    Column("entity_name", "nama_instansi", "entity_name", True),
    Column("entity_kind", "jenis_instansi", "entity_kind", True),
    Column("province", "provinsi", "province"),
    Column("unit_code", "kode_unit", "unit_code", True),
    Column("unit_name", "nama_unit", "unit_name", True),
    Column("unit_type", "jenis_unit", "unit_type", True),
    Column("sector", "sektor", "sector"),
    Column("indicator", "indikator", "indicator", True),
    Column("respondent", "responden", "respondent"),
    Column("role", "peran", "role"),
    Column("value", "nilai", "value"),
    Column("status", "status", "status"),
    Column("evidence", "bukti", "evidence"),
)

COLUMN_HEADERS: Mapping[str, Message] = {
    f"{table}.{column.key}": column.message
    for table, columns in (
        ("entities", ENTITY_COLUMNS),
        ("units", UNIT_COLUMNS),
        ("answers", ANSWER_COLUMNS),
        ("dimensions", DIMENSION_COLUMNS),
        ("oversight", (OVERSIGHT_FLAG, *OVERSIGHT_COLUMNS)),
        ("round", ROUND_FIELDS),
        ("csv", CSV_COLUMNS),
    )
    for column in columns
}
"""Every column header of the data files in both languages (the "column" namespace of
kepatuhan.catalog)."""


def indicator_column_clashes(rubric: Rubric) -> list[Problem]:
    """Indicators whose id reads as a fixed column of the Jawaban sheet (``Bukti``,
    ``role``…): the workbook could not tell their answers from that column, so a rubric
    with one cannot use the Excel template."""
    fixed = {s: c for c in ANSWER_COLUMNS for s in c.spellings}
    return [
        Problem(
            f"{path}.id",
            "indicator_is_a_column",
            {"indicator": node.id, "column": fixed[header_key(node.id)].id, "sheet": SHEET_ANSWERS},
        )
        for path, node in rubric.walk()
        if isinstance(node, Indicator) and header_key(node.id) in fixed
    ]


def match_columns(
    headers: Sequence[Cell], columns: Iterable[Column]
) -> tuple[dict[str, int], list[tuple[str, int]], list[tuple[str, int, int]]]:
    """Positions (0-based) of known columns in a header row.

    Returns ``(found, unknown, duplicates)``: field key → position; unknown non-blank
    headers as ``(text, position)``; repeated columns as ``(text, position, first)``.
    """
    by_spelling = {s: c for c in columns for s in c.spellings}
    found: dict[str, int] = {}
    unknown: list[tuple[str, int]] = []
    duplicates: list[tuple[str, int, int]] = []
    for pos, cell in enumerate(headers):
        key = header_key(cell)
        if not key:
            continue
        column = by_spelling.get(key)
        if column is None:
            unknown.append((str(cell).strip(), pos))
        elif column.key in found:
            duplicates.append((str(cell).strip(), pos, found[column.key]))
        else:
            found[column.key] = pos
    return found, unknown, duplicates


def role_blocks(rubric: Rubric) -> list[tuple[RespondentRole, list[Indicator]]]:
    """The rubric's indicators grouped by respondent role, roles in order of first use."""
    blocks: dict[RespondentRole, list[Indicator]] = {}
    for indicator in rubric.indicators():
        blocks.setdefault(indicator.role, []).append(indicator)
    return list(blocks.items())
