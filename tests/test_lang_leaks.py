"""No English in Indonesian output, no Indonesian in English output (issue 10, slice F).

Each case raises an error a user can meet (a rubric, a round, a file, a lookup); every
problem of it must render in the language asked for: the Indonesian text holds none of a
small list of English words, the English text none of a list of Indonesian ones, outside
quoted values, codes and field paths.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner, Result

import kepatuhan as kp
from builders import ASSUMED, group, indicator, round_, rubric
from io_files import fill_template, small_round
from kepatuhan.cli.app import make_app
from kepatuhan.cli.exits import INVALID_INPUT
from kepatuhan.errors import MESSAGES, TERMS, Language, Problem
from kepatuhan.responses import ResponseTable

_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "not",
        "must",
        "need",
        "needs",
        "more",
        "with",
        "problem",
        "problems",
        "unknown",
        "duplicate",
        "first",
        "known",
        "give",
        "exceed",
        "exceeds",
        "step",
        "scale",
        "band",
        "source",
        "strategy",
        "group",
        "child",
        "node",
        "weight",
        "row",
        "rows",
        "of",
        "and",
        "or",
        "no",
        "has",
        "than",
        "lies",
        "between",
        "overlaps",
        "starts",
        "ends",
        "last",
        "registered",
        "shown",
        "held",
        "every",
        "one",
        "share",
        "from",
        "to",
        "run",
        "should",
        "required",
        "input",
        "valid",
        "string",
        "field",
        "most",
        "least",
        "characters",
        "item",
        "items",
        "expected",
        "allowed",
    ]
)
_INDONESIAN = frozenset(
    [
        "tidak",
        "harus",
        "ganda",
        "masalah",
        "lain",
        "yang",
        "dan",
        "atau",
        "di",
        "dari",
        "bukan",
        "memiliki",
        "sumber",
        "skala",
        "rentang",
        "simpul",
        "kelompok",
        "langkah",
        "berikan",
        "lagi",
        "seluruhnya",
        "pertama",
        "terdaftar",
        "ditampilkan",
        "kode",
        "sejenis",
    ]
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}")
_IDENTIFIER = re.compile(r"\S*[_\[\].=0-9×–/]\S*")
_WORD = re.compile(r"[A-Za-z]+")


def _words(text: str) -> set[str]:
    """The plain words of ``text``: quoted values, codes, numbers and paths left out."""
    return {w.lower() for w in _WORD.findall(_IDENTIFIER.sub(" ", _QUOTED.sub(" ", text)))}


def _foreign(text: str, lang: Language) -> set[str]:
    """Words of the other language in ``text``."""
    return _words(text) & (_ENGLISH if lang == "id" else _INDONESIAN)


def _lines(err: Any, lang: Language) -> list[str]:
    """The headline and each problem's message (without its location)."""
    if isinstance(err, kp.InvalidInputError):
        head = err.render(lang).split("\n", 1)[0]
        return [head.rsplit(": ", 1)[-1], *(p.text(lang) for p in err.problems)]
    return [err.render(lang)]


# Cases: a callable that raises, and the problem codes its error carries -------------------------


def _zoning(bands: list[dict[str, str]], **kw: Any) -> None:
    kp.ZoningRule(bands=bands, **kw)


def _band(lower: str, upper: str, zone: str = "hijau") -> dict[str, str]:
    return {"lower": lower, "upper": upper, "zone": zone, "label": "X"}


def _unknown_rubric() -> None:
    kp.get_rubric("ombudsman-1999")


def _skm_of_a_compliance_round() -> None:
    kp.skm_index(kp.example_round())


def _many_out_of_scale() -> None:
    rub = rubric([indicator("a")])
    responses = [{"unit": "u1", "indicator": "a", "value": 5, "respondent": f"r{i}"}
                 for i in range(240)]  # fmt: skip
    kp.validate(round_(responses), rub)


def _opinion_rule() -> None:
    kp.OpinionRule(qualifier="y", rule="nope", provenance=ASSUMED, rule_provenance=ASSUMED)


def _edition_drops_unknown(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        'title = "Uji"\n[provenance]\nsource = "M"\nconfidence = "assumed"\n'
        '[sources.M]\ntitle = "t"\n[zoning]\nbands = [\n'
        '{lower = "0.00", upper = "100.00", zone = "hijau", label = "L"}]\n'
        '[[nodes]]\nid = "a"\nname = "A"\nrole = "pelaksana"\n'
        '[nodes.weight_provenance]\nsource = "M"\nconfidence = "assumed"\n'
        '[nodes.scale]\nkind = "interval"\nminimum = 0\nmaximum = 3\nstep = 1\n'
        '[[editions]]\nid = "e1"\nyear = 2024\ndrop = ["zz"]\n',
        encoding="utf-8",
    )
    kp.load_rubrics(path)


CASES: dict[str, tuple[Callable[..., object], list[str]]] = {
    "no nodes": (lambda: rubric([]), ["rubric_no_nodes"]),
    "group without children": (lambda: rubric([group("g", [])]), ["group_no_children"]),
    "duplicate node id": (lambda: rubric([indicator("a"), indicator("a")]), ["duplicate_code"]),
    "unknown reduction": (
        lambda: rubric([indicator("a")], respondent_reduction="median3"),
        ["unknown_strategy"],
    ),
    "unknown roll-up": (
        lambda: rubric([indicator("a", reduction="nope")], entity_rollup="nope"),
        ["unknown_strategy", "unknown_strategy"],
    ),
    "unknown source": (
        lambda: rubric(
            [indicator("a", weight_provenance={"source": "X", "confidence": "assumed"})]
        ),
        ["unknown_source"],
    ),
    "unknown opinion rule": (_opinion_rule, ["unknown_strategy"]),
    "empty scale": (lambda: kp.Scale(kind="interval", minimum=3, maximum=0), ["scale_empty"]),
    "bad step": (
        lambda: kp.Scale(kind="interval", minimum=0, maximum=3, step=0),
        ["scale_bad_step"],
    ),
    "off step": (
        lambda: kp.Scale(kind="interval", minimum=0, maximum=3, step=2),
        ["scale_off_step"],
    ),
    "band decimals, reversed": (
        lambda: _zoning([_band("0.001", "50.00"), _band("70.00", "60.00")]),
        ["band_decimals", "band_reversed"],
    ),
    "band start, gap, end": (
        lambda: _zoning([_band("1.00", "49.99"), _band("60.00", "99.00")]),
        ["band_start", "band_end", "band_gap"],
    ),
    "band overlap": (
        lambda: _zoning([_band("0.00", "60.00"), _band("50.00", "100.00")]),
        ["band_overlap"],
    ),
    "tailoring: unknown node": (
        lambda: kp.get_rubric("ombudsman-2024").derive("x", reason="r", weights={"zz": 2}),
        ["unknown_node_id"],
    ),
    "edition drops an unknown node": (_edition_drops_unknown, ["edition_unknown_node"]),
    "skm convention": (lambda: kp.SkmConvention(weight="2"), ["skm_weight"]),
    "skm of a compliance round": (
        _skm_of_a_compliance_round,
        ["skm_scale"],  # one per indicator, and more codes after
    ),
    "duplicate unit code": (
        lambda: kp.Round(
            rubric="ombudsman-2023",
            entities=[{"code": "e1", "name": "Pemkab", "kind": "pemkab"}],
            units=[
                {"code": "u1", "name": "Dinsos", "entity": "e1", "unit_type": "opd"},
                {"code": "u1", "name": "Dinkes", "entity": "e1", "unit_type": "opd"},
            ],
        ),
        ["duplicate_code"],
    ),
    "240 values out of scale": (_many_out_of_scale, ["out_of_scale"]),
    "entity kind": (
        lambda: kp.Entity(code="e1", name="Pemkot", kind="kota"),
        ["invalid_choice"],
    ),
    "missing field": (
        lambda: kp.Entity.model_validate({"code": "e1", "kind": "pemkot"}),
        ["field_required"],
    ),
    "extra field": (
        lambda: kp.Entity.model_validate(
            {"code": "e1", "name": "P", "kind": "pemkot", "alamat": "x"}
        ),
        ["field_not_allowed"],
    ),
    "code not text": (lambda: kp.Entity(code=5, name="Pemkot", kind="pemkot"), ["wrong_type"]),
    "value not a number": (
        lambda: kp.Response(unit="u", indicator="a", value="abc"),
        ["wrong_type"],
    ),
    "collected not a date": (
        lambda: kp.Response(unit="u", indicator="a", value=1, collected="2025-13-01"),
        ["wrong_type"],
    ),
    "respondent too long": (
        lambda: kp.Response(unit="u", indicator="a", value=1, respondent="x" * 300),
        ["text_too_long"],
    ),
    "decimals out of bounds": (lambda: kp.SkmConvention(nrr_decimals=20), ["out_of_bounds"]),
    "no bands": (lambda: kp.ZoningRule(bands=[]), ["too_few_items"]),
    "blank name": (lambda: rubric([indicator("a", name=" ")]), ["text_blank"]),
    "unknown rubric": (_unknown_rubric, []),
    "rubric of a year without assessment": (lambda: kp.get_rubric("ombudsman-2020"), []),
}


def _raised(case: str, tmp_path: Path) -> Any:
    make, _ = CASES[case]
    with pytest.raises(kp.KepatuhanError) as err:
        make(tmp_path) if "tmp_path" in make.__code__.co_varnames else make()
    return err.value


@pytest.mark.parametrize("case", CASES)
def test_each_problem_has_its_own_code(case: str, tmp_path: Path) -> None:
    err = _raised(case, tmp_path)
    _, codes = CASES[case]
    found = [p.code for p in getattr(err, "problems", ())]
    assert found[: len(codes)] == codes
    assert "rubric" not in found and "band" not in found and "invalid_field" not in found


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("case", CASES)
def test_an_error_speaks_one_language(case: str, lang: Language, tmp_path: Path) -> None:
    err = _raised(case, tmp_path)
    for line in _lines(err, lang):
        assert not _foreign(line, lang), line


# Exact texts -----------------------------------------------------------------------------------


def test_a_duplicate_code_names_what_in_the_language_asked_for() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        CASES["duplicate unit code"][0]()
    (problem,) = err.value.problems
    assert problem.text("id") == "kode unit 'u1' ganda (pertama di units[0])"
    assert problem.text("en") == "duplicate unit code 'u1' (first at units[0])"
    assert problem.params["what"] == TERMS["unit_code"]  # a noun of the catalog
    with pytest.raises(kp.InvalidRubricError) as node:
        CASES["duplicate node id"][0]()
    assert node.value.problems[0].text("id") == "id simpul 'a' ganda (pertama di nodes[0])"


def test_the_headline_counts_every_problem_and_the_rest_are_said_not_shown() -> None:
    with pytest.raises(kp.InvalidRoundError) as err:
        _many_out_of_scale()
    problems = err.value.problems
    assert len(problems) == 201
    more = problems[-1]
    assert (more.code, dict(more.params)) == (
        "more_problems",
        {"count": 40, "code": "out_of_scale"},
    )
    indonesian = err.value.render("id").splitlines()
    assert indonesian[0] == "data penilaian tidak sah: 240 masalah"
    assert indonesian[-1] == "  - responses: 40 masalah lain berkode out_of_scale tidak ditampilkan"
    english = err.value.render("en").splitlines()
    assert english[0] == "invalid assessment round: 240 problems"
    assert english[-1] == "  - responses: 40 more problem(s) with code out_of_scale, not shown"


def test_an_unknown_rubric_renders_in_either_language() -> None:
    with pytest.raises(kp.UnknownRubricError) as err:
        _unknown_rubric()
    known = ", ".join(info.id for info in kp.list_rubrics())
    assert (
        err.value.render("id")
        == f"rubrik 'ombudsman-1999' tidak terdaftar (yang tersedia: {known})"
    )
    assert str(err.value) == f"no rubric 'ombudsman-1999' is registered (known: {known})"
    with pytest.raises(kp.UnknownRubricError) as held:
        kp.get_rubric("ombudsman-2020")
    assert "tidak ada penilaian pada tahun 2020" in held.value.render("id")
    assert "no assessment was held in 2020" in str(held.value)


def test_an_empty_registry_says_none_known_in_either_language() -> None:
    reg = kp.RubricRegistry(builtins=False, entry_points=False)
    with pytest.raises(kp.UnknownRubricError) as err:
        reg.get("x")
    assert str(err.value).endswith("(known: none)")
    assert err.value.render("id").endswith("(yang tersedia: tidak ada)")


def test_an_skm_error_on_a_compliance_round_says_so_in_indonesian() -> None:
    with pytest.raises(kp.InvalidRubricError) as err:
        _skm_of_a_compliance_round()
    rubric_id = kp.example_round().rubric
    head = err.value.render("id").splitlines()[0]
    assert head.startswith(f"rubrik tidak sah {rubric_id} (bukan rubrik SKM): ")
    assert str(err.value).startswith(f"invalid rubric {rubric_id} (not an SKM rubric): ")


# Roles and statuses: a coded problem, the value as plain text, did you mean ---------------------


@pytest.mark.parametrize(
    "given",
    [
        ["Pelaksana", "pelaksana", "Pelaksana", "Pelaksana"],
        np.array(["Pelaksana", "pelaksana", "Pelaksana", "Pelaksana"]),
        np.array([np.str_("Pelaksana"), "pelaksana", "Pelaksana", "Pelaksana"], dtype=object),
    ],
)
def test_an_unknown_role_is_a_coded_problem_with_a_suggestion(given: Any) -> None:
    n = len(given)
    _, problems = ResponseTable.from_columns(
        unit=["u1"] * n, indicator=["a"] * n, value=[1.0] * n, role=given
    )
    (problem,) = problems
    assert problem.code == "unknown_value" and problem.location == "role[0]"
    assert type(problem.params["value"]) is str
    allowed = "pelaksana, pengguna_layanan, pengelola_pengaduan, observasi"
    assert problem.text("id") == (
        f"'Pelaksana' tidak boleh di kolom 'role'; pilihan: {allowed} "
        "(3 kali seluruhnya; juga di role[2], role[3]); mungkin maksudnya 'pelaksana'?"
    )
    assert problem.text("en") == (
        f"'Pelaksana' is not allowed in column 'role'; allowed: {allowed} "
        "(3 times in all; also at role[2], role[3]); did you mean 'pelaksana'?"
    )


def test_unknown_roles_by_position_and_blank_differences() -> None:
    _, problems = ResponseTable.from_columns(
        unit=["u1"] * 3,
        indicator=["a"] * 3,
        value=[1.0] * 3,
        role=np.array([0, 1, 0]),
        role_codes=["pengguna layanan", "siapa"],
        status=[" Tidak_Berlaku", "answered", "answered"],
    )
    texts = {p.location: p for p in problems}
    assert texts["role[0]"].params["suggestion"] == "pengguna_layanan"
    assert "suggestion" not in texts["role[1]"].params
    assert texts["status[0]"].params["suggestion"] == "tidak_berlaku"
    assert texts["role[0]"].params["occurrences"] == 2


def test_a_field_error_of_pydantic_is_a_coded_problem_in_either_language() -> None:
    with pytest.raises(kp.InvalidInputError) as err:
        kp.Response.model_validate(
            {"unit": "u", "indicator": "a", "value": "abc", "role": "Pelaksana", "x": 1}
        )
    text = {p.location: (p.text("id"), p.text("en")) for p in err.value.problems}
    allowed = "pelaksana, pengguna_layanan, pengelola_pengaduan, observasi"
    assert text == {
        "value": ("seharusnya angka, bukan abc", "expected a number, not abc"),
        "role": (
            f"'Pelaksana' tidak boleh; pilihan: {allowed}; mungkin maksudnya 'pelaksana'?",
            f"'Pelaksana' is not allowed; allowed: {allowed}; did you mean 'pelaksana'?",
        ),
        "x": (
            "bukan isian yang dikenal di sini: hapus isian ini",
            "not a field here: remove it",
        ),
    }
    with pytest.raises(kp.InvalidInputError) as bounds:
        kp.SkmConvention(nrr_decimals=20)
    assert bounds.value.problems[0].text("id") == "20 harus ≤ 8"


# Files and the command line --------------------------------------------------------------------


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2: always separate
        return CliRunner()


def _invoke(*args: str) -> Result:
    result = _runner().invoke(make_app("id"), list(args), env={"COLUMNS": "250"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def unknown_rubric_workbook(tmp_path: Path) -> Path:
    path = fill_template(small_round(), tmp_path / "penilaian.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["_meta"]
    for row in ws.iter_rows():
        if row[0].value == "rubric":
            row[1].value = "ombudsman-1999"
    wb.save(path)
    return path


def test_an_unknown_rubric_in_a_workbook_is_located_and_indonesian(
    unknown_rubric_workbook: Path,
) -> None:
    from kepatuhan.io import read_round

    with pytest.raises(kp.UnknownRubricError) as err:
        read_round(unknown_rubric_workbook)
    assert err.value.render("id").startswith("_meta!B3: rubrik 'ombudsman-1999' tidak terdaftar")
    assert str(err.value).startswith("_meta!B3: no rubric 'ombudsman-1999' is registered")
    result = _invoke("--lang", "id", "check", str(unknown_rubric_workbook))
    assert result.exit_code == INVALID_INPUT
    assert "rubrik 'ombudsman-1999' tidak terdaftar" in result.stderr
    assert not _foreign(result.stderr, "id"), result.stderr


def test_the_command_line_names_its_flags_not_python_arguments(tmp_path: Path) -> None:
    answers = tmp_path / "j.csv"
    answers.write_text("kode_unit,indikator,nilai\nu1,a,1\n", encoding="utf-8")
    result = _invoke("--lang", "id", "check", str(answers))
    assert result.exit_code == INVALID_INPUT
    assert "--rubric" in result.stderr and "rubric=" not in result.stderr
    odd = tmp_path / "data.ods"
    odd.write_bytes(b"PK\x03\x04")
    result = _invoke("--lang", "id", "check", str(odd))
    assert result.exit_code == INVALID_INPUT
    assert "format=" not in result.stderr and ".xlsx, .csv atau .json" in result.stderr
    english = _invoke("--lang", "en", "check", str(answers))
    assert "--rubric" in english.stderr and "rubric=" not in english.stderr


def test_the_library_names_its_arguments(tmp_path: Path) -> None:
    from kepatuhan.io import read_round

    answers = tmp_path / "j.csv"
    answers.write_text("kode_unit,indikator,nilai\nu1,a,1\n", encoding="utf-8")
    with pytest.raises(kp.InvalidFileError) as err:
        read_round(answers)
    assert "rubric=" in err.value.render("id") and "rubric=" in str(err.value)


# The catalog -----------------------------------------------------------------------------------

NEW_CODES = (
    "rubric_no_nodes", "group_no_children", "unknown_strategy", "unknown_source", "scale_empty",
    "scale_bad_step", "scale_off_step", "band_decimals", "band_reversed", "band_start",
    "band_end", "band_gap", "band_overlap", "unknown_node_id", "edition_unknown_node",
    "rubric_file_editions", "positions_need_codes",
    "skm_weight", "skm_scale", "skm_mixed_scales", "skm_zoning", "skm_no_unsur_nodes",
    "not_skm_rubric", "unknown_rubric", "rubric_not_held", "field_required", "field_not_allowed",
    "invalid_choice", "wrong_type", "text_too_short", "too_few_items", "too_many_items",
    "out_of_bounds", "pattern_mismatch", "text_blank", "frame_indicators_wide_only",
)  # fmt: skip


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", NEW_CODES)
def test_new_messages_have_both_languages_with_the_same_placeholders(code: str) -> None:
    en, id_ = MESSAGES[code]
    assert en and id_ and en != id_
    assert _placeholders(en) == _placeholders(id_)
    assert not _foreign(id_, "id") and not _foreign(en, "en")


def test_retired_codes_still_render() -> None:
    for code in ("rubric", "band"):
        assert Problem("x", code, {"detail": "d"}).text("id") == "d"
