"""Sampling uncertainty and weight sensitivity as files: one CSV table, a printable workbook,
or JSON (the whole result, every draw's parameters included).

The table has one row per entity, then one per unit: the published score and band, the
interval and the median of the draws, the probability of each band and of each zone, the
most likely band, the borderline flag, for weight sensitivity the entity's rank (published,
median and interval), and the plain-language line ("Peluang zona hijau 64 % (batas:
78,00)"). Texts are in Bahasa Indonesia by default, English with ``lang="en"``; numbers are
numbers; names are defused as every writer does; the bytes are reproducible. The Sobol
indices of a sensitivity stand above the table in the workbook, and in the JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from ..catalog import Language
from ..draw_view import TEXTS, chance_line
from ..errors import InvalidFileError, Problem
from ..report_view import decimal_text, yes_no
from ..round import Round
from ..sampling_uncertainty import BandInfo, Uncertainty
from ..vocab import Zone
from ..weight_sensitivity import Sensitivity
from ._report_table import ReportTable, table_csv, table_xlsx

__all__ = ["DRAWS_FORMATS", "export_sensitivity", "export_uncertainty"]

DRAWS_FORMATS: Mapping[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "json": (".json",),
}
"""The file formats of the draw reports and their suffixes."""


class _Spread(Protocol):
    @property
    def codes(self) -> tuple[str, ...]: ...
    @property
    def published(self) -> tuple[Decimal | None, ...]: ...
    @property
    def published_band(self) -> tuple[int | None, ...]: ...
    @property
    def lower(self) -> tuple[Decimal | None, ...]: ...
    @property
    def median(self) -> tuple[Decimal | None, ...]: ...
    @property
    def upper(self) -> tuple[Decimal | None, ...]: ...
    @property
    def likely_band(self) -> tuple[int | None, ...]: ...
    @property
    def borderline(self) -> tuple[bool, ...]: ...


def export_uncertainty(
    result: Uncertainty, format: str, *, lang: Language = "id", round_: Round | None = None
) -> bytes:
    """A sampling-uncertainty result (:func:`kepatuhan.uncertainty`) as ``format``:
    ``"csv"``, ``"xlsx"`` or ``"json"``; ``round_`` gives the names (blank without it).
    Another format is :class:`~kepatuhan.InvalidFileError` ``unknown_format``."""
    kind = _format(format)
    if kind == "json":
        return (result.to_json(indent=2) + "\n").encode("utf-8", "backslashreplace")
    p = result.params
    head = [TEXTS["title_uncertainty"].text(lang, draws=p.draws, seed=p.seed, method=p.method)]
    table = _table(result, result.bands, result.zones, p.level, head, lang, round_, ranks=None)
    return table_csv(table) if kind == "csv" else table_xlsx(table)


def export_sensitivity(
    result: Sensitivity, format: str, *, lang: Language = "id", round_: Round | None = None
) -> bytes:
    """A weight-sensitivity result (:func:`kepatuhan.sensitivity`) as ``format``: ``"csv"``,
    ``"xlsx"`` (the Sobol indices above the table) or ``"json"``; ``round_`` gives the names.
    Another format is :class:`~kepatuhan.InvalidFileError` ``unknown_format``."""
    kind = _format(format)
    if kind == "json":
        return (result.to_json(indent=2) + "\n").encode("utf-8", "backslashreplace")
    p = result.params
    head = [
        TEXTS["title_sensitivity"].text(
            lang, evaluations=result.evaluations, draws=p.draws, seed=p.seed
        ),
        *sobol_lines(result, lang),
    ]
    table = _table(result, result.bands, result.zones, p.level, head, lang, round_, ranks=result)
    return table_csv(table) if kind == "csv" else table_xlsx(table)


def sobol_lines(result: Sensitivity, lang: Language) -> list[str]:
    """The Sobol indices of each factor in words (none without them)."""
    s = result.sobol
    if s is None:
        return []
    lines = [TEXTS["sobol_head"].text(lang)]
    for k, f in enumerate(result.factors):
        if s.first_score[k] is None:
            lines.append(TEXTS["sobol_fixed"].text(lang, node=f.node))
            continue
        lines.append(
            TEXTS["sobol_line"].text(
                lang,
                node=f.node,
                first=_index(s.first_score[k], lang),
                total=_index(s.total_score[k], lang),
                first_rank=_index(s.first_rank[k], lang),
                total_rank=_index(s.total_rank[k], lang),
            )
        )
    return lines


def _index(value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    return decimal_text(Decimal(f"{value:.2f}"), lang)


def _format(format: str) -> str:
    if format not in DRAWS_FORMATS:
        raise InvalidFileError([Problem("format", "unknown_format", {"suffix": format})],
                               subject="format")  # fmt: skip
    return format


class _Result(Protocol):
    @property
    def units(self) -> Any: ...
    @property
    def entities(self) -> Any: ...
    def band_probability(self, level: Literal["units", "entities"] = ...) -> Any: ...
    def zone_probability(self, level: Literal["units", "entities"] = ...) -> Any: ...


def _table(
    result: _Result,
    bands: Sequence[BandInfo],
    zones: Sequence[Zone],
    level: float,
    head: list[str],
    lang: Language,
    round_: Round | None,
    *,
    ranks: Sensitivity | None,
) -> ReportTable:
    names: dict[str, str] = {}
    if round_ is not None:
        names = {e.code: e.name for e in round_.entities} | {u.code: u.name for u in round_.units}
    pct = f"{round(level * 100):d} %"
    t = TEXTS
    headers = [t["col_level"].text(lang), t["col_code"].text(lang), t["col_name"].text(lang)]
    headers += [t["col_published"].text(lang), t["col_band"].text(lang)]
    headers += [t["col_lower"].text(lang, level=pct), t["col_median"].text(lang)]
    headers += [t["col_upper"].text(lang, level=pct)]
    headers += [t["col_p_band"].text(lang, band=b.name) for b in bands]
    headers += [t["col_p_zone"].text(lang, zone=z.value) for z in zones]
    headers += [t["col_likely"].text(lang), t["col_borderline"].text(lang)]
    if ranks is not None:
        for key in ("col_rank", "col_rank_median", "col_rank_lower", "col_rank_upper"):
            headers.append(t[key].text(lang, level=pct))
    headers.append(t["col_line"].text(lang))
    rows: list[list[Any]] = []
    levels: tuple[tuple[Literal["units", "entities"], Any], ...] = (
        ("entities", result.entities),
        ("units", result.units),
    )
    for key, spread in levels:
        probs = np.asarray(result.band_probability(key))
        zprobs = np.asarray(result.zone_probability(key))
        word = t["level_entity" if key == "entities" else "level_unit"].text(lang)
        for i, code in enumerate(spread.codes):
            row = _row(word, code, names.get(code, ""), spread, i, bands, probs[i], zprobs[i])
            row.append(yes_no(True, lang) if spread.borderline[i] else "")
            if ranks is not None:
                row += _rank_cells(ranks, i) if key == "entities" else [None] * 4
            row.append(chance_line(bands, probs[i], lang))
            rows.append(row)
    n_bands, n_zones = len(bands), len(zones)
    formats = {3: "0.00", 5: "0.00", 6: "0.00", 7: "0.00"}
    formats |= {8 + k: "0%" for k in range(n_bands + n_zones)}
    widths = [10, 14, 28, 10, 10, 10, 10, 10] + [9] * (n_bands + n_zones) + [12, 10]
    if ranks is not None:
        widths += [10] * 4
    widths.append(40)
    sheet = "Ketidakpastian" if ranks is None else "Sensitivitas"
    return ReportTable(
        sheet=sheet, head=head, headers=headers, rows=rows, widths=widths, formats=formats
    )


def _row(
    word: str,
    code: str,
    name: str,
    spread: _Spread,
    i: int,
    bands: Sequence[BandInfo],
    probs: npt.NDArray[np.float64],
    zprobs: npt.NDArray[np.float64],
) -> list[Any]:
    band = spread.published_band[i]
    likely = spread.likely_band[i]
    scored = bool(np.all(np.isfinite(probs)))
    return [
        word,
        code,
        name,
        spread.published[i],
        None if band is None else bands[band].name,
        spread.lower[i],
        spread.median[i],
        spread.upper[i],
        *[float(x) if scored else None for x in probs],
        *[float(x) if scored else None for x in zprobs],
        None if likely is None else bands[likely].name,
    ]


def _rank_cells(result: Sensitivity, i: int) -> list[Any]:
    r = result.ranks
    return [r.published[i], r.median[i], r.lower[i], r.upper[i]]
