"""The worklists as files: a plan (:func:`kepatuhan.plan`) and a reconciliation's "catatan
kekurangan" (:func:`kepatuhan.reconcile`), as one CSV table, a printable workbook, or JSON.

Texts are in Bahasa Indonesia by default, English with ``lang="en"``, column headers too:
the worklist is a document people work through, not a data interchange format (the JSON is
that). The headers are plain ASCII, so a spreadsheet that opens the UTF-8 CSV in another
encoding garbles none of them. Numbers are written as numbers: in CSV with a ``.`` decimal
point, in the workbook as numeric cells with an explicit number format. Names from data are
made safe as every writer does (:mod:`kepatuhan.io._safe_text`): a CSV field that starts like
a formula gets a leading apostrophe, a workbook cell holds text, never a formula. Every
format is byte-reproducible.

The plan's table has one row per step, then one result row (no step number) for the unit or
entity planned: its total cost, the published score reached (the highest reachable when the
target is unreachable), the zone, grade and label, and a status in words. The workbook puts
the target and the result above the table as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..catalog import Language, Message
from ..errors import InvalidFileError, Problem
from ..planning import Plan
from ..provenance import in_language
from ..reconciliation import TEXTS as RECONCILE_TEXTS
from ..reconciliation import CellState, Reconciliation
from ..report_view import decimal_text
from ..round import Round
from ._report_table import ReportTable, table_csv, table_xlsx

if TYPE_CHECKING:
    pass

__all__ = [
    "PLAN_COLUMNS",
    "RECONCILIATION_COLUMNS",
    "TEXTS",
    "WORKLIST_FORMATS",
    "export_plan",
    "export_reconciliation",
]

WORKLIST_FORMATS: Mapping[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "json": (".json",),
}
"""The worklists' file formats and their suffixes."""

PLAN_COLUMNS = (
    "no", "unit_code", "unit_name", "indicator", "indicator_name", "before", "after", "cost",
    "points", "cumulative", "zone", "grade", "label", "status",
)  # fmt: skip
"""The plan's columns (keys of :data:`TEXTS`, whose texts are the headers)."""

RECONCILIATION_COLUMNS = (
    "no", "unit_code", "unit_name", "entity", "indicator", "indicator_name", "kind",
    "self", "official", "unit_points", "unit_change", "entity_change",
)  # fmt: skip
"""The reconciliation worklist's columns (keys of :data:`TEXTS`)."""

TEXTS: Mapping[str, Message] = {
    "no": Message(en="No.", id="No."),
    "unit_code": Message(en="Unit code", id="Kode unit"),
    "unit_name": Message(en="Service unit", id="Unit pelayanan"),
    "entity": Message(en="Entity", id="Instansi"),
    "indicator": Message(en="Indicator", id="Indikator"),
    "indicator_name": Message(en="Indicator name", id="Nama indikator"),
    "before": Message(en="From", id="Dari"),
    "after": Message(en="To", id="Ke"),
    "cost": Message(en="Cost", id="Biaya"),
    "points": Message(en="Points gained (unit)", id="Tambahan poin (unit)"),
    "cumulative": Message(en="Score so far", id="Nilai kumulatif"),
    "zone": Message(en="Zone", id="Zona"),
    "grade": Message(en="Grade", id="Predikat"),
    "label": Message(en="Label", id="Keterangan"),
    "status": Message(en="Status", id="Status"),
    "kind": Message(en="Disagreement", id="Jenis perbedaan"),
    "self": Message(en="Self-assessed (0-100)", id="Penilaian mandiri (0-100)"),
    "official": Message(en="Official (0-100)", id="Hasil resmi (0-100)"),
    "unit_points": Message(en="Points at stake (unit)", id="Poin dipertaruhkan (unit)"),
    "unit_change": Message(en="Unit score change", id="Perubahan nilai unit"),
    "entity_change": Message(en="Entity score change", id="Perubahan nilai instansi"),
    "state.tidak_berlaku": Message(en="not applicable", id="tidak berlaku"),
    "state.missing": Message(en="not answered", id="tidak dijawab"),
    "plan.title": Message(en="Improvement plan", id="Rencana perbaikan"),
    "plan.sheet": Message(en="Plan", id="Rencana"),
    "plan.for": Message(en="For: {code} {name}", id="Untuk: {code} {name}"),
    "plan.target": Message(
        en="Target: {target} (a published score of at least {threshold}); score now: {before}",
        id="Sasaran: {target} (nilai terbit paling sedikit {threshold}); nilai sekarang: {before}",
    ),
    "plan.reached": Message(
        en="reached: {score}, total cost {cost}, {count} change(s)",
        id="tercapai: {score}, biaya total {cost}, {count} perubahan",
    ),
    "plan.already": Message(
        en="already reached: {score}, nothing to do",
        id="sudah tercapai: {score}, tidak ada yang perlu dikerjakan",
    ),
    "plan.unreachable": Message(
        en="unreachable: the highest score any plan reaches is {maximum}, below {threshold}",
        id="tidak terjangkau: nilai tertinggi yang dapat dicapai {maximum}, di bawah {threshold}",
    ),
    "plan.unanswered": Message(
        en="not planned: {count} cell(s) without an answer ({cells}), to answer before "
        "planning again",
        id="tidak direncanakan: {count} sel tanpa jawaban ({cells}), dijawab dulu sebelum "
        "merencanakan lagi",
    ),
    "plan.figure_units": Message(
        en="not planned: units given as dimension figures ({units})",
        id="tidak direncanakan: unit yang diberikan sebagai nilai dimensi ({units})",
    ),
    "rekon.title": Message(en="Reconciliation worklist", id="Catatan kekurangan"),
    "rekon.rubric": Message(en="Rubric: {id}", id="Rubrik: {id}"),
    "rekon.count": Message(en="{count} disagreement(s)", id="{count} perbedaan"),
    "rekon.only_self": Message(
        en="Only in the self-assessment: {units}", id="Hanya ada di penilaian mandiri: {units}"
    ),
    "rekon.only_official": Message(
        en="Only in the official result: {units}", id="Hanya ada di hasil resmi: {units}"
    ),
}
"""Headers and texts of the worklist files (the "worklist" namespace of kepatuhan.catalog)."""


def export_plan(
    plan: Plan, format: str, *, lang: Language = "id", round_: Round | None = None
) -> bytes:
    """The plan's worklist as ``format``: ``"csv"`` (one table: the steps, then the result
    row), ``"xlsx"`` (the same table under the target and the result, to print) or
    ``"json"`` (the plan's JSON). ``round_`` is the round planned, for the names of the
    units and of the entity (left blank without it). Another format is
    :class:`~kepatuhan.InvalidFileError` ``unknown_format``."""
    kind = _format(format)
    if kind == "json":
        return (plan.model_dump_json(indent=2) + "\n").encode("utf-8", "backslashreplace")
    table = _plan_table(plan, lang, _Names.of(round_))
    return table_csv(table) if kind == "csv" else table_xlsx(table)


def export_reconciliation(
    reconciliation: Reconciliation,
    format: str,
    *,
    lang: Language = "id",
    round_: Round | None = None,
) -> bytes:
    """The reconciliation's worklist ("catatan kekurangan", largest points at stake first)
    as ``format``: ``"csv"`` (one table), ``"xlsx"`` (the table under the rubric, the count
    and the unpaired units, to print) or ``"json"`` (the reconciliation's JSON). ``round_``
    (either round compared) gives the units' names; in English the indicators' English names
    come from the registered rubric (the official names otherwise). Another format is
    :class:`~kepatuhan.InvalidFileError` ``unknown_format``."""
    kind = _format(format)
    if kind == "json":
        text = reconciliation.to_json(indent=2) + "\n"
        return text.encode("utf-8", "backslashreplace")
    table = _reconciliation_table(reconciliation, lang, _Names.of(round_))
    return table_csv(table) if kind == "csv" else table_xlsx(table)


def _format(format: str) -> str:
    if format not in WORKLIST_FORMATS:
        raise InvalidFileError([Problem("format", "unknown_format", {"suffix": format})],
                               subject="format")  # fmt: skip
    return format


# The tables as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    units: Mapping[str, str]
    entities: Mapping[str, str]

    @classmethod
    def of(cls, round_: Round | None) -> _Names:
        if round_ is None:
            return cls({}, {})
        return cls({u.code: u.name for u in round_.units},
                   {e.code: e.name for e in round_.entities})  # fmt: skip


def _places(*values: Decimal | None) -> int:
    """The decimals of the most precise figure given (scores carry the rubric's)."""
    places = 0
    for v in values:
        if v is not None:
            exponent = v.as_tuple().exponent
            if isinstance(exponent, int) and exponent < 0:
                places = max(places, -exponent)
    return places


def _number_format(places: int) -> str:
    return "0." + "0" * places if places else "0"


def _float_places(values: Sequence[float]) -> int:
    """0 when every value is whole, else 2 (answers and costs as the table shows them)."""
    return 0 if all(float(v).is_integer() for v in values) else 2


def _plain(value: float) -> float | int:
    """A whole float as an int (``3`` rather than ``3.0`` in a CSV field)."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _plan_table(plan: Plan, lang: Language, names: _Names) -> ReportTable:
    t = _texts(lang)
    steps = plan.steps
    score_places = _places(plan.threshold, plan.before, plan.after, plan.maximum,
                           *(s.cumulative for s in steps))  # fmt: skip
    point_places = _places(*(s.points for s in steps)) or score_places
    rows: list[list[Any]] = []
    for k, s in enumerate(steps, start=1):
        name = in_language(s.name, s.name_en, lang)
        rows.append([
            k, s.unit, names.units.get(s.unit), s.indicator, name, _plain(s.before),
            _plain(s.after), _plain(s.cost), s.points, s.cumulative, None, None, None, None,
        ])  # fmt: skip
    scope_name = (names.units if plan.scope == "unit" else names.entities).get(plan.code)
    left_out = _left_out(plan, lang)
    status = "; ".join([_plan_status(plan, lang), *left_out])  # no message holds a ";"
    reached = plan.after if plan.reachable else plan.maximum
    rows.append([
        None, plan.code, scope_name, None, None, None, None,
        _plain(plan.total_cost) if plan.reachable else None, None, reached,
        None if plan.zone is None else plan.zone.value, plan.grade, plan.label, status,
    ])  # fmt: skip
    answers = [s.before for s in steps] + [s.after for s in steps]
    costs = [s.cost for s in steps] + [plan.total_cost]
    formats = {
        0: "0",
        5: _number_format(_float_places(answers)),
        6: _number_format(_float_places(answers)),
        7: _number_format(_float_places(costs)),
        8: _number_format(point_places),
        9: _number_format(score_places),
    }
    before = "–" if plan.before is None else decimal_text(plan.before, lang)
    head = [
        t["plan.title"],
        TEXTS["plan.for"].text(lang, code=plan.code, name=scope_name or ""),
        TEXTS["plan.target"].text(
            lang, target=plan.target, before=before, threshold=decimal_text(plan.threshold, lang)
        ),
        *(line[:1].upper() + line[1:] for line in [_plan_status(plan, lang), *left_out]),
    ]
    widths = [6, 16, 32, 11, 36, 8, 8, 8, 12, 12, 9, 9, 18, 40]
    return ReportTable(t["plan.sheet"], head, [t[c] for c in PLAN_COLUMNS], rows, widths, formats,
                  frozenset({len(rows) - 1}), zone_col=10)  # fmt: skip


def _left_out(plan: Plan, lang: Language) -> list[str]:
    """What the plan could not touch (unanswered cells, units given as figures), in words."""
    lines = []
    if plan.unanswered:
        cells = ", ".join(f"{u}/{i}" for u, i in plan.unanswered[:10])
        if len(plan.unanswered) > 10:
            cells += ", …"
        count = len(plan.unanswered)
        lines.append(TEXTS["plan.unanswered"].text(lang, count=count, cells=cells))
    if plan.figure_units:
        units = ", ".join(plan.figure_units)
        lines.append(TEXTS["plan.figure_units"].text(lang, units=units))
    return lines


def _plan_status(plan: Plan, lang: Language) -> str:
    if not plan.reachable:
        maximum = "–" if plan.maximum is None else decimal_text(plan.maximum, lang)
        return TEXTS["plan.unreachable"].text(
            lang, maximum=maximum, threshold=decimal_text(plan.threshold, lang)
        )
    score = "–" if plan.after is None else decimal_text(plan.after, lang)
    if not plan.steps:
        return TEXTS["plan.already"].text(lang, score=score)
    cost = decimal_text(Decimal(repr(_plain(plan.total_cost))), lang)
    return TEXTS["plan.reached"].text(lang, score=score, cost=cost, count=len(plan.steps))


def _reconciliation_table(rec: Reconciliation, lang: Language, names: _Names) -> ReportTable:
    t = _texts(lang)
    points_places = rec.precision + 2
    english = _english_names(rec.rubric) if lang == "en" else {}

    def side(state: CellState, value: float | None) -> Any:
        """An answered side's indicator score, else its state in words."""
        if state is not CellState.ANSWERED:
            return t[f"state.{state.value}"]
        return None if value is None else _plain(round(value, points_places))

    rows: list[list[Any]] = []
    for k, d in enumerate(rec.worklist, start=1):
        points = None if d.unit_points is None else _plain(round(d.unit_points, points_places))
        rows.append([
            k, d.unit, names.units.get(d.unit), d.entity, d.indicator,
            english.get(d.indicator, d.indicator_name),
            RECONCILE_TEXTS[d.kind.value].template(lang), side(d.self_state, d.self_score),
            side(d.official_state, d.official_score), points, d.unit_change, d.entity_change,
        ])  # fmt: skip
    change = _number_format(rec.precision)
    signed = f"+{change};-{change};{change}"
    formats = {0: "0", 7: "0.00", 8: "0.00", 9: "+0.00;-0.00;0.00", 10: signed, 11: signed}
    head = [
        t["rekon.title"],
        TEXTS["rekon.rubric"].text(lang, id=rec.rubric),
        TEXTS["rekon.count"].text(lang, count=len(rec.worklist)),
    ]
    if rec.only_self:
        head.append(TEXTS["rekon.only_self"].text(lang, units=", ".join(rec.only_self)))
    if rec.only_official:
        head.append(TEXTS["rekon.only_official"].text(lang, units=", ".join(rec.only_official)))
    widths = [6, 16, 30, 14, 11, 36, 22, 14, 14, 14, 14, 14]
    sheet = RECONCILE_TEXTS["worklist"].template(lang)
    return ReportTable(sheet[:1].upper() + sheet[1:], head, [t[c] for c in RECONCILIATION_COLUMNS],
                  rows, widths, formats)  # fmt: skip


def _english_names(rubric_id: str) -> dict[str, str]:
    """The English indicator names of a registered rubric (none for an unknown one: the
    official Indonesian names are written then)."""
    from ..errors import UnknownRubricError
    from ..registry import get_rubric

    try:
        rubric = get_rubric(rubric_id)
    except UnknownRubricError:
        return {}
    return {ind.id: ind.name_en for ind in rubric.indicators() if ind.name_en}


def _texts(lang: Language) -> dict[str, str]:
    return {key: m.template(lang) for key, m in TEXTS.items()}
