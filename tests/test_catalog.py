"""The message catalog: every text in both languages with the same placeholders, every code
and key used in the sources listed, every problem code and command documented."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import get_args

import pytest

from kepatuhan import catalog
from kepatuhan.catalog import Message, catalog_problems, message, placeholders
from kepatuhan.cli import messages as cli_messages
from kepatuhan.errors import MESSAGES, Problem, ProblemCode
from kepatuhan.io import template
from kepatuhan.report_view import LABELS
from kepatuhan.vocab import RespondentRole

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "kepatuhan"

# The calls that take a problem code, and the position of the code among their arguments
# (a ``code=`` keyword counts too): Problem itself and the helpers that make one.
CODE_TAKERS: Mapping[str, tuple[int, ...]] = {
    "Problem": (1,),
    "CellError": (0,),
    "_Bad": (0,),
    "_fail": (1,),
    "at": (1,),
    "at_file": (0,),
    "at_sheet": (1,),
    "add": (1, 2),  # Collector.add(location, key, code, …) and add(location, code, …)
    "bad": (1,),
    "cells": (1,),
    "grouped_unknown": (1,),
    "row_problems": (1,),
    "PackageProblemError": (1,),
    "StrategyRejectedError": (0,),
    "_unknown_codes": (2,),
    "_differences": (4,),
}


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def literal_args(
    source: str, takers: Mapping[str, tuple[int, ...]], keyword: str | None = None
) -> Iterator[tuple[int, str, str]]:
    """``(line, callee, text)`` of every string literal passed to one of ``takers`` at its
    position (or as ``keyword=``)."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node) not in takers:
            continue
        args = [a for i, a in enumerate(node.args) if i in takers[_name(node)]]
        args += [k.value for k in node.keywords if keyword is not None and k.arg == keyword]
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield node.lineno, _name(node), arg.value


def unlisted(paths: list[Path], takers: Mapping[str, tuple[int, ...]], known: object,
             keyword: str | None = None) -> list[str]:  # fmt: skip
    assert isinstance(known, Mapping)
    return [
        f"{path.relative_to(ROOT)}:{line}: {callee}({text!r})"
        for path in paths
        for line, callee, text in literal_args(path.read_text("utf-8"), takers, keyword)
        if text not in known
    ]


# The catalog itself ---------------------------------------------------------------------------


def test_the_catalog_has_no_problems() -> None:
    assert catalog_problems() == []


def test_every_namespace_is_a_table_of_messages() -> None:
    for namespace in catalog.NAMESPACES:
        table = catalog.table(namespace)
        assert table, namespace
        assert all(isinstance(m, Message) for m in table.values()), namespace


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (Message(en="unknown unit {code!r}", id="unit tidak dikenal"), "placeholders differ"),
        (Message(en="{a} and {b}", id="{b} dan {a} {c}"), "placeholders differ"),
        (Message(en="weight {value:.2f}", id="bobot {nilai:.2f}"), "placeholders differ"),
        (Message(en="a text", id=""), "no text in 'id'"),
        (Message(en="  ", id="teks"), "no text in 'en'"),
        (Message(en="open {brace", id="buka {brace"), "cannot be read"),
        (("English", "Indonesia"), "not a Message"),
    ],
)
def test_catalog_problems_finds_each_defect(
    monkeypatch: pytest.MonkeyPatch, entry: object, said: str
) -> None:
    broken = {**MESSAGES, "a_broken_code": entry}
    monkeypatch.setattr("kepatuhan.errors.MESSAGES", broken)
    found = catalog_problems()
    assert len(found) == 1, found
    assert found[0].startswith("problem:a_broken_code: ")
    assert said in found[0]


def test_placeholders() -> None:
    assert placeholders("{code!r} at {first} ({n:,}) {row[0]} {a.b}") == {
        "code", "first", "n", "row", "a",
    }  # fmt: skip
    assert placeholders("{value:{width}}") == {"value", "width"}
    assert placeholders("no fields, {{escaped}}") == frozenset()


def test_a_message_keeps_the_old_tuple_order() -> None:
    """Callers that unpack ``english, indonesian = MESSAGES[code]`` keep working."""
    english, indonesian = MESSAGES["unknown_unit"]
    assert (english, indonesian) == (MESSAGES["unknown_unit"].en, MESSAGES["unknown_unit"].id)
    assert "tidak dikenal" in indonesian
    assert "unknown" in english


def test_message_text() -> None:
    m = Message(en="{n} row(s)", id="{n} baris")
    assert m.text("id", n=3) == "3 baris"
    assert m.text("en", n=3) == "3 row(s)"
    assert m.text("id") == "{n} baris"  # no params: the template as it is
    assert message("cli", "written", "id", path="a.xlsx") == "Ditulis: a.xlsx"
    assert message("role", RespondentRole.PENGGUNA_LAYANAN, "en") == "service users"


def test_a_message_param_is_put_in_the_problem_language() -> None:
    title = catalog.table("round_field")["title"]
    problem = Problem("title", "not_in_csv", {"field": "title", "what": title})
    assert "judul penilaian" in problem.text("id")
    assert "round's title" not in problem.text("id")
    assert "the round's title" in problem.text("en")


def test_one_table_of_role_names() -> None:
    """The command line and the template name roles from the same table."""
    for role in RespondentRole:
        for lang in ("id", "en"):
            name = cli_messages.role_name(role, lang)
            assert name == catalog.ROLE_NAMES[role].template(lang)
            assert template._role_heading(role, lang).lower() == name.lower()


# Every code and key used is listed ------------------------------------------------------------


def test_problem_codes_are_typed() -> None:
    assert set(get_args(ProblemCode)) == set(MESSAGES)


def test_every_problem_code_raised_is_listed() -> None:
    assert unlisted(sorted(SRC.rglob("*.py")), CODE_TAKERS, MESSAGES, keyword="code") == []


def test_the_code_scan_finds_an_unlisted_code() -> None:
    """The scan above can fail: a code missing from MESSAGES, at each kind of call."""
    source = (
        "Problem('units[0]', 'no_such_code', {})\n"
        "Problem(location='x', code='no_such_code_either')\n"
        "found.add('Unit!A2', (1, 2), 'a_third_one', {})\n"
        "CellError('fourth_code')\n"
        "Problem('x', 'unknown_unit', {})\n"
    )
    found = [text for _, _, text in literal_args(source, CODE_TAKERS, "code")]
    assert [c for c in found if c not in MESSAGES] == [
        "no_such_code", "no_such_code_either", "a_third_one", "fourth_code",
    ]  # fmt: skip


def test_every_cli_key_used_is_listed() -> None:
    paths = sorted((SRC / "cli").rglob("*.py"))
    assert unlisted(paths, {"text": (0,), "h": (0,)}, cli_messages.MESSAGES) == []


def test_every_report_label_and_template_text_used_is_listed() -> None:
    paths = sorted(SRC.rglob("*.py"))
    assert unlisted(paths, {"label": (0,), "_t": (0,)}, {**LABELS, **template.TEXTS}) == []
    tpl = [SRC / "io" / "template.py"]
    assert unlisted(tpl, {"_t": (0,)}, template.TEXTS) == []


# The docs list every code and every command ---------------------------------------------------


def documented_codes(page: str) -> set[str]:
    """The codes in the first column of the table under "## Every problem code"."""
    section = page.split("## Every problem code", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.MULTILINE))


def test_errors_page_lists_every_problem_code() -> None:
    listed = documented_codes((ROOT / "docs" / "errors.md").read_text("utf-8"))
    assert sorted(set(MESSAGES) - listed) == [], "codes missing from docs/errors.md"
    assert sorted(listed - set(MESSAGES)) == [], "docs/errors.md lists codes that do not exist"


def test_documented_codes_reads_only_the_table() -> None:
    page = (
        "# E\n\n## Every problem code\n\n| code | meaning |\n| --- | --- |\n| `a_b` | x |\n\n"
        "## Next\n| `c` | y |\n"
    )
    assert documented_codes(page) == {"a_b"}


def documented_commands(page: str) -> set[str]:
    return set(re.findall(r"^### `kepatuhan ([a-z][a-z-]*)", page, flags=re.MULTILINE))


def test_cli_page_has_a_section_for_every_command() -> None:
    pytest.importorskip("typer")
    from kepatuhan.cli.app import make_app

    names = {command.name or "" for command in make_app("en").registered_commands}
    assert names, "no command found"
    documented = documented_commands((ROOT / "docs" / "cli.md").read_text("utf-8"))
    assert sorted(names - documented) == [], "commands without a section in docs/cli.md"


def test_documented_commands_reads_the_headings() -> None:
    page = "### `kepatuhan score FILE`\n### `kepatuhan check FILE`\n`kepatuhan rubrics` in text\n"
    assert documented_commands(page) == {"score", "check"}


# not_a_number names what is allowed, as out_of_scale names the scale ---------------------------


def test_read_number_names_the_allowed_values() -> None:
    from kepatuhan.io._cells import CellError, answer_allowed, read_number

    error = read_number("dua", answer_allowed("0–3"))
    assert isinstance(error, CellError)
    problem = Problem("Jawaban!H4", error.code, error.params)
    assert problem.text("id") == "'dua' bukan angka; yang sah: 0–3, tidak_berlaku, belum_dinilai"
    assert problem.text("en") == "'dua' is not a number; allowed: 0–3, tidak_berlaku, belum_dinilai"


def _csv_with_value(tmp_path: Path, value: str) -> bytes:
    import csv
    import io

    import kepatuhan as kp
    from kepatuhan import io as kio

    example = kp.example_round()  # without what a CSV file has no place for
    fields = {"title": None, "note": None, "synthetic": False, "oversight_products": None}
    path = kio.write_round(example.model_copy(update=fields), tmp_path / "penilaian.csv")
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    column = next(k for k, name in enumerate(rows[0]) if name in ("nilai", "value"))
    first = next(k for k, row in enumerate(rows) if k and row[column])
    rows[first][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_csv_value_that_is_no_number_says_what_is_allowed(tmp_path: Path) -> None:
    import kepatuhan as kp
    from kepatuhan import io as kio

    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(_csv_with_value(tmp_path, "tiga"), rubric="ombudsman-2024")
    (problem,) = info.value.problems
    assert problem.code == "not_a_number"
    assert problem.text("id") == (
        "'tiga' bukan angka; yang sah: angka pada skala indikator, tidak_berlaku atau belum_dinilai"
    )
    assert problem.text("en") == (
        "'tiga' is not a number; allowed: a number on the indicator's scale, tidak_berlaku or "
        "belum_dinilai"
    )


def test_a_frame_value_that_is_no_number_says_what_is_allowed() -> None:
    pd = pytest.importorskip("pandas")
    import kepatuhan as kp

    rubric = kp.get_rubric("ombudsman-2024")
    first = next(iter(rubric.indicators()))
    answers = pd.DataFrame(
        {"unit": ["u1"], "indicator": [first.id], "value": ["tiga"], "role": [first.role.value]}
    )
    with pytest.raises(kp.InvalidRoundError) as info:
        kp.Round.from_frame(
            answers,
            rubric=rubric.id,
            entities=[{"code": "e1", "name": "Pemkot Uji", "kind": "pemkot"}],
            units=[{"code": "u1", "name": "Dinas Uji", "entity": "e1", "unit_type": "opd"}],
        )
    (problem,) = [p for p in info.value.problems if p.code == "not_a_number"]
    assert problem.text("id").endswith(
        "yang sah: angka pada skala indikator, tidak_berlaku atau belum_dinilai"
    )
    assert "tidak_berlaku or belum_dinilai" in problem.text("en")
