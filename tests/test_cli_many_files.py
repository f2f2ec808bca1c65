"""``kepatuhan score|check`` on several files and folders: read each, report the problems of
every file, join the rounds (``concat_rounds``)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from rich.progress import Progress

import kepatuhan as kp
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from kepatuhan.cli.messages import MESSAGES
from kepatuhan.cli.progress import Reporter
from kepatuhan.concat import concat_rounds
from kepatuhan.io import write_round
from test_cli import invoke

SECOND = kp.Entity(code="16.03", name="Pemerintah Kabupaten Muara Enim", kind="pemkab")
MOVED = {"dinkes", "pkm-sidorejo", "dinsos"}


def _two_pemda() -> tuple[kp.Round, kp.Round]:
    """The example round as two Pemda, one workbook each: three of Pagar Alam's units moved
    to a second entity (answers, evidence and all)."""
    example = kp.example_round()

    def part(entity: kp.Entity, codes: set[str]) -> kp.Round:
        return example.model_copy(
            update={
                "entities": (entity,),
                "units": tuple(
                    u.model_copy(update={"entity": entity.code})
                    for u in example.units
                    if u.code in codes
                ),
                "responses": kp.ResponseTable.from_responses(
                    r for r in example.responses if r.unit in codes
                ),
            }
        )

    rest = {u.code for u in example.units} - MOVED
    return part(example.entities[0], rest), part(SECOND, MOVED)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """a.xlsx and b.xlsx (one Pemda each), b.json (b as JSON), and the joined round as one
    workbook."""
    folder = tmp_path_factory.mktemp("many")
    a, b = _two_pemda()
    return {
        "a.xlsx": write_round(a, folder / "a.xlsx"),
        "b.xlsx": write_round(b, folder / "b.xlsx"),
        "b.json": write_round(b, folder / "b.json"),
        "joined": write_round(concat_rounds([a, b]), folder / "joined.xlsx"),
    }


def test_two_workbooks_score_like_the_workbook_of_the_joined_round(
    files: dict[str, Path],
) -> None:
    for fmt in ("table", "json", "csv"):
        whole = invoke("score", str(files["joined"]), "--format", fmt)
        assert whole.exit_code == OK, whole.stderr
        for order in (("a.xlsx", "b.xlsx"), ("b.xlsx", "a.xlsx")):
            joined = invoke("score", *(str(files[name]) for name in order), "--format", fmt)
            assert joined.exit_code == OK, joined.stderr
            assert joined.stdout == whole.stdout, (fmt, order)
    # Both Pemda are in it, and the example's synthetic answers stay marked as such.
    table = invoke("score", str(files["a.xlsx"]), str(files["b.xlsx"])).stdout
    assert SECOND.name in table and "Pemerintah Kota Pagar Alam" in table
    assert "data sintetis" in table


def test_a_folder_means_its_data_files(files: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "perwakilan"
    (folder / "arsip").mkdir(parents=True)
    (folder / "a.xlsx").write_bytes(files["a.xlsx"].read_bytes())
    (folder / "b.json").write_bytes(files["b.json"].read_bytes())
    (folder / "arsip" / "old.json").write_bytes(files["a.xlsx"].read_bytes())  # not recursive
    (folder / "catatan.txt").write_text("bukan data", encoding="utf-8")
    (folder / "~$a.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file while a.xlsx is open
    (folder / ".b.json").write_text("{", encoding="utf-8")  # hidden
    whole = invoke("score", str(files["joined"]), "--format", "json")
    result = invoke("score", str(folder), "--format", "json")
    assert result.exit_code == OK, result.stderr
    assert result.stdout == whole.stdout

    check = invoke("--lang", "en", "check", str(folder))
    assert check.exit_code == OK, check.stderr
    assert (
        "The round joined from 2 files (a.xlsx, b.json) is valid for ombudsman-2024" in check.stdout
    )
    assert f"service units: {len(kp.example_round().units)}" in check.stdout


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("score", str(tmp_path))
    assert result.exit_code == USAGE
    assert "tidak berisi berkas .xlsx, .csv atau .json" in " ".join(result.output.split())


def test_a_unit_in_two_files_names_both_files(files: dict[str, Path], tmp_path: Path) -> None:
    a, _ = _two_pemda()
    clash = write_round(a, tmp_path / "c.xlsx")  # a's units again
    result = invoke("score", str(files["a.xlsx"]), str(clash))
    assert result.exit_code == INVALID_INPUT
    assert result.stdout == ""
    first = a.units[0].code
    assert f"c.xlsx: units[0].code: kode unit '{first}' juga ada di a.xlsx (units[0])" in (
        result.stderr
    )
    assert result.stderr.count("juga ada di a.xlsx") == len(a.units)
    assert invoke("check", str(files["a.xlsx"]), str(clash)).exit_code == INVALID_INPUT


def test_the_problems_of_every_file_are_reported_with_its_name(
    files: dict[str, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    broken = tmp_path / "rusak.json"
    broken.write_text("{", encoding="utf-8")
    result = invoke("score", str(empty), str(files["a.xlsx"]), str(broken))
    assert result.exit_code == INVALID_INPUT
    assert result.stdout == ""
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert lines[0] == "berkas data tidak sah kosong.xlsx, rusak.json: 2 masalah"
    assert lines[1].startswith("- kosong.xlsx: ") and "berkas kosong" in lines[1]
    assert lines[2].startswith("- rusak.json: ") and "bukan JSON yang sah" in lines[2]


def test_a_file_named_twice_is_read_once(files: dict[str, Path]) -> None:
    once = invoke("score", str(files["a.xlsx"]), "--format", "json")
    twice = invoke("score", str(files["a.xlsx"]), str(files["a.xlsx"]), "--format", "json")
    assert twice.exit_code == OK, twice.stderr
    assert twice.stdout == once.stdout


def test_example_with_files_is_a_usage_error(files: dict[str, Path]) -> None:
    assert invoke("score", "--example", str(files["a.xlsx"])).exit_code == USAGE
    assert invoke("check").exit_code == USAGE  # check needs at least one FILE


def test_one_progress_bar_per_file() -> None:
    with Progress(transient=True, disable=True) as bar:
        reporter = Reporter(bar, "en")
        reporter.reading("a.xlsx")(1, 4)
        reporter.reading("b.xlsx")(2, 2)
        reporter.reading("a.xlsx")(4, 4)
        reporter.scoring()
        tasks = bar.tasks
    assert [t.description for t in tasks] == ["Reading a.xlsx", "Reading b.xlsx", "Scoring"]
    assert [t.completed for t in tasks[:2]] == [4, 2]


def test_new_messages_have_both_languages_with_the_same_placeholders() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key in ("help.files", "check.joined", "no_data_files"):
        english, indonesian = MESSAGES[key]
        assert english != indonesian and fields(english) == fields(indonesian), key


def test_one_file_is_scored_as_it_is(tmp_path: Path) -> None:
    """Not put in canonical order: the example's units are not sorted by code."""
    example = kp.example_round()
    assert concat_rounds([example]) != example
    path = tmp_path / "contoh.json"
    path.write_text(example.model_dump_json(), encoding="utf-8")
    result = invoke("score", str(path), "--format", "json")
    assert result.exit_code == OK, result.stderr
    assert result.stdout == kp.score(example).to_json()
