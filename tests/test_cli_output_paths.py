"""Output paths (``-o`` and the library writers): an existing file needs ``--force`` (or
``overwrite=``), an input is never written over, a symbolic link is replaced and not
followed, a suffix the command cannot write is refused, a file is written whole or not at
all; and the exporter registry: a format registered is offered by the command line."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import kepatuhan as kp
from kepatuhan import io as kio
from kepatuhan.cli.app import make_app
from kepatuhan.cli.exits import INVALID_INPUT, OK, USAGE
from kepatuhan.io.exporters import Exporter, Exporters, default_exporters
from test_cli import _runner, invoke


@pytest.fixture(scope="module")
def result() -> kp.RoundResult:
    return kp.score(kp.example_round())


def _round_json(path: Path) -> Path:
    path.write_text(kp.example_round().model_dump_json(), encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# The command line -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["txt", "json", "csv", "xlsx"])
def test_an_existing_output_needs_force(suffix: str, tmp_path: Path) -> None:
    out = tmp_path / f"hasil.{suffix}"
    out.write_bytes(b"lama")
    refused = invoke("score", "--example", "-o", str(out))
    assert refused.exit_code == INVALID_INPUT
    assert refused.stderr.strip() == f"galat: {out} sudah ada: berikan --force untuk menggantinya"
    assert out.read_bytes() == b"lama"
    forced = invoke("score", "--example", "-o", str(out), "--force")
    assert forced.exit_code == OK, forced.stderr
    assert out.read_bytes() != b"lama" and _leftovers(tmp_path) == []


def test_the_input_is_never_overwritten(tmp_path: Path) -> None:
    source = _round_json(tmp_path / "r.json")
    before = source.read_bytes()
    for extra in ([], ["--force"]):
        result = invoke("score", str(source), "-o", str(source), *extra)
        assert result.exit_code == INVALID_INPUT
        assert "adalah berkas masukan" in result.stderr
        assert source.read_bytes() == before
    via_link = tmp_path / "link.json"
    via_link.symlink_to(source)
    assert invoke("score", str(source), "-o", str(via_link), "--force").exit_code == INVALID_INPUT
    hard = tmp_path / "hard.json"
    os.link(source, hard)
    assert invoke("convert", str(source), "-o", str(hard), "--force").exit_code == INVALID_INPUT
    folder = tmp_path / "data"
    folder.mkdir()
    inside = _round_json(folder / "a.json")
    result = invoke("score", str(folder), "-o", str(inside), "--force")
    assert result.exit_code == INVALID_INPUT and source.read_bytes() == before


def test_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "penting.txt"
    victim.write_text("jangan ditimpa", encoding="utf-8")
    link = tmp_path / "hasil.json"
    link.symlink_to(victim)
    assert invoke("score", "--example", "-o", str(link)).exit_code == INVALID_INPUT
    dangling = tmp_path / "hilang.json"
    dangling.symlink_to(tmp_path / "tidak-ada")
    assert invoke("score", "--example", "-o", str(dangling)).exit_code == INVALID_INPUT
    assert invoke("score", "--example", "-o", str(link), "--force").exit_code == OK
    assert victim.read_text(encoding="utf-8") == "jangan ditimpa"
    assert not link.is_symlink() and json.loads(link.read_text(encoding="utf-8"))["units"]


@pytest.mark.parametrize(
    "args",
    [
        ["template", "ombudsman-2024", "-o", "x.csv"],  # wrote an xlsx before
        ["score", "--example", "-f", "json", "-o", "x.csv"],
        ["score", "--example", "-o", "x.html"],
        ["schema", "round", "-o", "x.txt"],
    ],
)
def test_a_suffix_the_command_cannot_write_is_refused(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == USAGE
    assert list(tmp_path.iterdir()) == []


def test_a_command_without_format_says_its_suffix(tmp_path: Path) -> None:
    result = invoke("--lang", "en", "template", "ombudsman-2024", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == USAGE
    assert "x.csv does not end in .xlsx" in " ".join(result.output.split())


def test_skm_refuses_a_suffix_it_cannot_write(tmp_path: Path) -> None:
    """``skm -o x.xlsx`` once wrote a text table and exited 0; it now writes a workbook
    (tests/test_cli_skm.py), and a suffix it has no writer for is refused with exit 1."""
    from test_cli_skm import survey_csv

    path = survey_csv(tmp_path / "skm.csv")
    out = tmp_path / "x.pdf"
    result = invoke("skm", str(path), "-r", "skm-2017", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    json_out = tmp_path / "skm.json"
    assert invoke("skm", str(path), "-r", "skm-2017", "-o", str(json_out)).exit_code == OK
    assert json.loads(json_out.read_text(encoding="utf-8"))["units"]  # format from the suffix
    assert invoke("skm", str(path), "-r", "skm-2017", "-o", str(json_out)).exit_code == 1


def test_template_and_convert_and_schema_need_force_too(tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    template.write_bytes(b"lama")
    assert invoke("template", "ombudsman-2024", "-o", str(template)).exit_code == INVALID_INPUT
    assert template.read_bytes() == b"lama"
    assert invoke("template", "ombudsman-2024", "-o", str(template), "--force").exit_code == OK
    source = _round_json(tmp_path / "r.json")
    assert invoke("convert", str(source), "-o", str(template)).exit_code == INVALID_INPUT
    assert invoke("convert", str(source), "-o", str(template), "--force").exit_code == OK
    schema = tmp_path / "s.json"
    schema.write_text("{}", encoding="utf-8")
    assert invoke("schema", "round", "-o", str(schema)).exit_code == INVALID_INPUT
    assert invoke("schema", "round", "-o", str(schema), "--force").exit_code == OK
    assert json.loads(schema.read_text(encoding="utf-8")) == kio.json_schemas()["round"]


# The library writers ----------------------------------------------------------------------------


def test_library_writers_overwrite_by_default_and_refuse_when_asked(
    result: kp.RoundResult, tmp_path: Path
) -> None:
    out = tmp_path / "hasil.csv"
    out.write_bytes(b"lama")
    assert kio.export_result(result, out) == out and out.read_bytes() != b"lama"  # as before
    taken = tmp_path / "ronde.json"
    taken.write_bytes(b"lama")
    out.write_bytes(b"lama")
    writers: list[tuple[Path, Callable[[], object]]] = [
        (out, lambda: kio.export_result(result, out, overwrite=False)),
        (taken, lambda: kio.write_round(kp.example_round(), taken, overwrite=False)),
    ]
    for path, write in writers:
        with pytest.raises(kp.InvalidFileError) as caught:
            write()
        problems = [(p.location, p.code) for p in caught.value.problems]
        assert problems == [(path.name, "output_exists")]
        assert path.read_bytes() == b"lama" and _leftovers(tmp_path) == []
    book = tmp_path / "t.xlsx"
    book.write_bytes(b"lama")
    with pytest.raises(kp.InvalidFileError):
        kio.write_template("ombudsman-2024", book, overwrite=False)
    fresh = tmp_path / "baru.json"
    assert (
        kio.export_result(result, fresh, overwrite=False).read_bytes() == result.to_json().encode()
    )


def test_a_failed_write_leaves_the_old_file(result: kp.RoundResult, tmp_path: Path) -> None:
    def broken(r: kp.RoundResult, lang: str) -> bytes:
        raise RuntimeError("gagal")

    out = tmp_path / "hasil.json"
    out.write_bytes(b"lama")
    registry = Exporters([Exporter("json", (".json",), broken)])
    with pytest.raises(RuntimeError):
        make_app(exporters=registry)(["score", "--example", "-o", str(out), "--force"],
                                     standalone_mode=False)  # fmt: skip
    assert out.read_bytes() == b"lama" and _leftovers(tmp_path) == []
    from kepatuhan.io._atomic import write_file

    (tmp_path / "folder.json").mkdir()
    with pytest.raises(IsADirectoryError):
        write_file(tmp_path / "folder.json", b"x")
    pipe = tmp_path / "pipa.json"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        write_file(pipe, b"x")  # a device or pipe is never replaced by a file
    assert _leftovers(tmp_path) == [] and pipe.is_fifo()


def test_a_new_file_gets_the_usual_permissions_an_old_one_keeps_its_own(
    result: kp.RoundResult, tmp_path: Path
) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = kio.export_result(result, tmp_path / "baru.json")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    old = tmp_path / "lama.json"
    old.write_bytes(b"{}")
    old.chmod(0o640)
    kio.export_result(result, old)
    assert old.stat().st_mode & 0o777 == 0o640


def test_write_template_refuses_another_suffix(tmp_path: Path) -> None:
    with pytest.raises(kp.InvalidFileError) as caught:
        kio.write_template("ombudsman-2024", tmp_path / "x.csv")
    assert caught.value.problems[0].code == "unknown_format"
    assert list(tmp_path.iterdir()) == []


# The exporter registry --------------------------------------------------------------------------


def _html(result: kp.RoundResult, lang: str) -> bytes:
    units = "".join(f"<li>{u.code}</li>" for u in result.units)
    return f"<html lang={lang}><ul>{units}</ul></html>".encode()


def test_a_registered_exporter_is_offered_and_used_by_the_command_line(
    result: kp.RoundResult, tmp_path: Path
) -> None:
    registry = default_exporters().copy()
    registry.register(Exporter("html", (".html", ".htm"), _html))
    app = make_app("en", exporters=registry)
    runner = _runner()
    helped = runner.invoke(app, ["score", "--help"], env={"COLUMNS": "250"})
    assert "html" in helped.output
    printed = runner.invoke(app, ["--lang", "en", "score", "--example", "-f", "html"])
    assert printed.exit_code == OK and printed.stdout_bytes == _html(result, "en")
    out = tmp_path / "rapor.htm"
    written = runner.invoke(app, ["score", "--example", "-o", str(out)])
    assert written.exit_code == OK and out.read_bytes() == _html(result, "id")
    assert "html" not in default_exporters()  # the copy was extended, not the default
    assert invoke("score", "--example", "-f", "html").exit_code == USAGE


def test_a_binary_exporter_needs_a_file(tmp_path: Path) -> None:
    registry = Exporters([Exporter("pdf", (".pdf",), lambda r, lang: b"%PDF", stdout=False)])
    result = _runner().invoke(make_app(exporters=registry), ["score", "--example", "-f", "pdf"])
    assert result.exit_code == USAGE and "-o" in result.output


def test_export_result_uses_the_default_registry(result: kp.RoundResult, tmp_path: Path) -> None:
    exporter = Exporter("html", (".html",), _html)
    kio.exporters.register_exporter(exporter)
    try:
        assert kio.export_result(result, format="html") == _html(result, "id")
        assert kio.export_result(result, tmp_path / "r.html").read_bytes() == _html(result, "id")
        with pytest.raises(kp.InvalidFileError) as caught:  # never read as another format
            kio.read_round(tmp_path / "r.html")
        assert [(p.location, p.code) for p in caught.value.problems] == [
            ("r.html", "unknown_format")
        ]
    finally:
        default_exporters().unregister("html")
    with pytest.raises(kp.InvalidFileError) as unknown:
        kio.export_result(result, tmp_path / "r.html")
    problem = unknown.value.problems[0]
    assert (problem.location, problem.code, problem.params) == (
        "r.html",
        "unknown_format",
        {"suffix": ".html"},
    )


def test_the_registry_refuses_a_taken_name_or_suffix() -> None:
    registry = default_exporters().copy()
    with pytest.raises(ValueError, match="registered already"):
        registry.register(Exporter("csv", (".tsv",), _html))
    with pytest.raises(ValueError, match="belong to 'json'"):
        registry.register(Exporter("other", (".json",), _html))
    registry.register(Exporter("csv", (".csv",), _html), replace=True)
    assert registry.get("csv") is not None and registry.names() == ("json", "csv", "xlsx")
    with pytest.raises(ValueError, match="lower-case"):
        Exporter("HTML", (".html",), _html)
    with pytest.raises(ValueError, match="suffixes are like"):
        Exporter("html", ("html",), _html)
