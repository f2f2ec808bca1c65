"""Hostile names for every writer: formulas (CSV/spreadsheet injection), terminal escapes,
characters a workbook cannot hold, rich markup and emoji codes."""

from __future__ import annotations

import json

import kepatuhan as kp

RUBRIC = "ombudsman-2023"

FORMULAS = (
    '=HYPERLINK("http://x.invalid","klik")',
    "=cmd|'/C calc'!A0",
    "+62 811 0000",
    "-1+2",
    "@SUM(A1:A2)",
    "'=sudah dikutip",
    "''+dua kutip",
)
"""Text a spreadsheet runs as a formula, and text that already carries apostrophes."""

CONTROLS = (
    "Dinas\x1b[2JBersih",
    "Judul\x1b]0;diretas\x07",
    "Tautan \x1b]8;;http://x.invalid\x1b\\klik\x1b]8;;\x1b\\",
    "Nol\x00Byte",
    "C1\x9b31mMerah",
    "Baris\rCR",
    "\t=tab di depan",
    "\r=CR di depan",
)
"""Terminal escapes (CSI, OSC title, OSC 8 link, C1 CSI), NUL, a bare CR, formula triggers
behind blanks. A round refuses them in names (``kepatuhan.codes``); they reach the writers
through a result read back from JSON (:func:`hostile_result`) and through rubric data."""

BIDI = ("Balik\u202eteks",)
"""A right-to-left override: a valid name, shown visibly on a terminal."""

MARKUP = ("[bold]Tebal[/bold]", "Api :fire:", "Dinas [Sosial] [x")
"""Rich markup and emoji codes: printed as written."""

PLAIN = ("'biasa", 'Dinas Sosial, "Kota"')
"""An apostrophe before ordinary text, and CSV's own delimiter and quote: unchanged."""

ROUND_TEXTS = FORMULAS + BIDI + MARKUP + PLAIN
"""Names a round holds (and ``write_round`` keeps in every format)."""

TEXTS = ROUND_TEXTS + CONTROLS
"""Every name of :func:`hostile_result`, in its order."""


def code(i: int) -> str:
    """A unique code that starts like a formula (codes may not hold control characters)."""
    return f"{FORMULAS[i % len(FORMULAS)]}{i}"


def hostile_round(texts: tuple[str, ...] = ROUND_TEXTS) -> kp.Round:
    """One entity and one unit per text, both named with it (and the entity's province),
    each unit answering one indicator; codes start like formulas."""
    entities = [
        kp.Entity(code=f"{code(i)}e", name=text, kind="pemkab", province=text)
        for i, text in enumerate(texts)
    ]
    units = [
        kp.ServiceUnit(code=code(i), name=text, entity=f"{code(i)}e", unit_type="opd")
        for i, text in enumerate(texts)
    ]
    answers = [
        kp.Response(unit=code(i), indicator="pr01", respondent=f"@r{i}", value=3)
        for i in range(len(texts))
    ]
    return kp.Round(rubric=RUBRIC, entities=entities, units=units, responses=answers)


def hostile_result() -> kp.RoundResult:
    """A scored round whose names are :data:`TEXTS`, control characters included, as a
    result read back from JSON holds them (a stored result, another tool's output)."""
    stand_ins = tuple(f"Pengganti {k}" for k in range(len(CONTROLS)))
    document = json.loads(kp.score(hostile_round(ROUND_TEXTS + stand_ins)).to_json())
    for records in (document["entities"], document["units"]):
        for record, text in zip(records, TEXTS, strict=True):
            record["name"] = text
            if "province" in record:
                record["province"] = text
    return kp.RoundResult.from_json(json.dumps(document))
