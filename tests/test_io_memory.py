"""kepatuhan.io in memory: bytes and binary file objects in, bytes and file objects out.

What a path gives is the reference: the same round read from the same bytes, the same
problems (with the name given for the file), the same bytes written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kepatuhan as kp
from io_files import small_round
from kepatuhan import io as kio
from kepatuhan.errors import Language
from kepatuhan.io import FileFormat
from kepatuhan.testing import rubric_and_round

RUBRIC = "ombudsman-2024"
BOM = b"\xef\xbb\xbf"
KINDS: tuple[FileFormat, ...] = ("xlsx", "csv", "json")
LANGS: tuple[Language, ...] = ("id", "en")


def replace(round_: kp.Round, **changes: Any) -> kp.Round:
    return kp.Round(**{**dict(round_), **changes})


def csv_ready(round_: kp.Round) -> kp.Round:
    """What a CSV file holds of ``round_``: answered units, no title, note, flag or dates."""
    used = {r.unit for r in round_.responses}
    units = [u for u in round_.units if u.code in used]
    entities = [e for e in round_.entities if e.code in {u.entity for u in units}]
    responses = [r.model_copy(update={"collected": None}) for r in round_.responses]
    return replace(
        round_, units=units, entities=entities, responses=responses,
        title=None, note=None, synthetic=False, dimension_scores=(), oversight_products=None,
    )  # fmt: skip


SOURCES = {"xlsx": small_round(), "csv": csv_ready(small_round()), "json": small_round()}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The rounds of SOURCES written to files, one per format (the reference form)."""
    folder = tmp_path_factory.mktemp("memory")
    return {kind: kio.write_round(SOURCES[kind], folder / f"penilaian.{kind}") for kind in KINDS}


def rubric_for(kind: str) -> str | None:
    return RUBRIC if kind == "csv" else None


def problems(source: Any, **kw: Any) -> tuple[str, list[tuple[str, str, dict[str, object]]]]:
    """``str(error)`` and every problem of reading ``source``; fails if a round comes back."""
    with pytest.raises(kp.InvalidFileError) as info:
        kio.read_round(source, **kw)
    found = [(p.location, p.code, dict(p.params)) for p in info.value.problems]
    return str(info.value), found


class Unseekable:
    """An upload stream that can only be read forward: ``seek`` and ``tell`` raise."""

    def __init__(self, data: bytes, chunk: int = 1000) -> None:
        self._data = data
        self._at = 0
        self._chunk = chunk
        self.reads = 0

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        size = self._chunk if size < 0 else min(size, self._chunk)  # short reads, as sockets
        out = self._data[self._at : self._at + size]
        self._at += len(out)
        return out

    def seek(self, offset: int, whence: int = 0) -> int:
        raise io.UnsupportedOperation("seek")

    def tell(self) -> int:
        raise io.UnsupportedOperation("tell")


class ForwardOnly(io.RawIOBase):
    """A raw stream (an io.IOBase) that says it cannot seek, and whose seek raises."""

    def __init__(self, data: bytes) -> None:
        self._source = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(min(len(buffer), 777))
        buffer[: len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return False

    def seek(self, offset: int, whence: int = 0) -> int:
        raise OSError("not seekable")


class Trickle(io.RawIOBase):
    """A raw writer that takes at most 1000 bytes per call, as a pipe or socket may."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        taken = bytes(data[:1000])
        self.data += taken
        return len(taken)


# Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_bytes_and_file_objects_read_as_the_path_does(
    files: dict[str, Path], kind: FileFormat
) -> None:
    path = files[kind]
    data = path.read_bytes()
    want = kio.read_round(path, rubric=rubric_for(kind))
    forms: list[Any] = [data, bytearray(data), memoryview(data), io.BytesIO(data)]
    for form in forms:  # no name, no suffix: the format is sniffed from the content
        assert kio.read_round(form, rubric=rubric_for(kind)) == want
    with path.open("rb") as handle:  # a real file, read in place and left open
        assert kio.read_round(handle, rubric=rubric_for(kind)) == want
        assert not handle.closed
    assert kio.read_round(data, rubric=rubric_for(kind), format=kind) == want
    if kind == "json":
        assert want == SOURCES[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_streams_that_cannot_seek(files: dict[str, Path], kind: str) -> None:
    """Read forward once into memory, in short reads, whether IOBase or not."""
    data = files[kind].read_bytes()
    want = kio.read_round(files[kind], rubric=rubric_for(kind))
    stream = Unseekable(data)
    assert kio.read_round(stream, rubric=rubric_for(kind)) == want
    assert stream.reads == -(-len(data) // 1000) + 1  # every chunk once, then the empty read
    assert kio.read_round(ForwardOnly(data), rubric=rubric_for(kind)) == want


def test_a_stream_is_read_from_where_it_stands(files: dict[str, Path]) -> None:
    data = files["json"].read_bytes()
    stream = io.BytesIO(b"header the caller already read|" + data)
    stream.seek(len(b"header the caller already read|"))
    assert kio.read_round(stream) == SOURCES["json"]


@pytest.mark.parametrize("kind", KINDS)
def test_progress_is_reported_as_for_the_path(files: dict[str, Path], kind: str) -> None:
    def calls(source: Any) -> list[tuple[int, int]]:
        seen: list[tuple[int, int]] = []
        kio.read_round(source, rubric=rubric_for(kind), progress=lambda d, t: seen.append((d, t)))
        return seen

    want = calls(files[kind])
    assert want and want[-1][0] == want[-1][1]
    assert calls(files[kind].read_bytes()) == want
    assert calls(Unseekable(files[kind].read_bytes())) == want


# Sniffing -------------------------------------------------------------------------------------


def test_content_decides_the_format_of_a_file_object(files: dict[str, Path]) -> None:
    """A file object's name is for messages only: JSON called .csv is still read as JSON;
    format= is obeyed (JSON read as CSV has no CSV columns)."""
    stream = io.BytesIO(files["json"].read_bytes())
    stream.name = "jawaban.csv"
    assert kio.read_round(stream) == SOURCES["json"]
    _, found = problems(files["json"].read_bytes(), rubric=RUBRIC, format="csv")
    assert "missing_column" in {code for _, code, _ in found}


def test_json_with_a_bom_and_leading_blanks(files: dict[str, Path], tmp_path: Path) -> None:
    data = BOM + b" \r\n\t\n" + files["json"].read_bytes()
    assert kio.read_round(data) == SOURCES["json"]
    assert (
        kio.read_round(io.BytesIO(b"\n" * 70_000 + files["json"].read_bytes())) == SOURCES["json"]
    )  # blanks beyond the first chunk read
    path = tmp_path / "bom.json"  # a file with a BOM reads the same (it was invalid_json)
    path.write_bytes(data)
    assert kio.read_round(path) == SOURCES["json"]


def test_csv_with_a_bom(files: dict[str, Path]) -> None:
    data = files["csv"].read_bytes()
    assert not data.startswith(BOM)
    want = kio.read_round(data, rubric=RUBRIC)
    assert kio.read_round(BOM + data, rubric=RUBRIC) == want
    semicolons = (BOM + data).replace(b",", b";")  # as Excel saves CSV UTF-8 in Indonesia
    assert kio.read_round(semicolons, rubric=RUBRIC) == want


def zip_of(*members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member in members:
            archive.writestr(member, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "members",
    [
        ("[Content_Types].xml", "word/document.xml"),  # .docx
        ("mimetype", "content.xml"),  # .ods
        ("xl/worksheets/sheet1.xml",),  # a workbook's sheet, but no workbook
    ],
)
def test_a_zip_that_is_not_a_workbook(members: tuple[str, ...]) -> None:
    data = zip_of(*members)
    message, found = problems(data)
    assert found == [("data", "zip_not_xlsx", {})]
    assert message.startswith("invalid data file data: 1 problem")
    problem = kp.Problem("data", "zip_not_xlsx")
    assert "xl/workbook.xml" in problem.text("id") and "xl/workbook.xml" in problem.text("en")
    assert "bukan buku kerja Excel" in problem.text("id")
    # Told it is a workbook, the reader finds it damaged, as for a path named .xlsx.
    assert problems(data, format="xlsx")[1] == [("data", "corrupt_xlsx", {})]


def test_a_zip_holding_a_workbook_is_read_as_one(files: dict[str, Path]) -> None:
    """Sniffing looks for xl/workbook.xml, not at the zip's first member."""
    with zipfile.ZipFile(files["xlsx"]) as archive:
        assert archive.namelist()[0] != "xl/workbook.xml"
    assert kio.read_round(files["xlsx"].read_bytes()) == kio.read_round(files["xlsx"])


def test_a_legacy_xls_is_not_xlsx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert problems(ole, rubric=RUBRIC)[1] == [("data", "not_xlsx", {})]


# Problems and names ---------------------------------------------------------------------------


def broken_files(files: dict[str, Path], folder: Path) -> Iterator[Path]:
    """Files with problems, each as a path named as a user would name it."""
    xlsx, csv, json = (files[k].read_bytes() for k in KINDS)
    lines = csv.split(b"\r\n")
    cases = {
        "kosong.xlsx": b"",
        "kosong.csv": b"",
        "kosong.json": b"",
        "potong.xlsx": xlsx[: len(xlsx) // 2],
        "potong.json": json[: len(json) // 2],
        "latin1.csv": b"\r\n".join(line + b"\xe9" * (k == 3) for k, line in enumerate(lines)),
        "nilai.csv": csv.replace(b",3,", b",tiga,", 2).replace(b",2,", b",9,", 1),
        "kolom.csv": csv.replace(b"nilai", b"nilaii", 1),
    }
    for name, data in cases.items():
        path = folder / name
        path.write_bytes(data)
        yield path


def test_problems_match_the_path_form(files: dict[str, Path], tmp_path: Path) -> None:
    """Empty, truncated, not UTF-8, bad cells: the same error from bytes named like the
    file, from a file object named by its path, and (with its own name) from bare bytes."""
    for path in broken_files(files, tmp_path):
        want = problems(path, rubric=RUBRIC)
        assert want[1], path.name
        data = path.read_bytes()
        assert problems(data, rubric=RUBRIC, name=path.name) == want, path.name
        stream = io.BytesIO(data)
        stream.name = f"C:\\unggahan\\{path.name}"  # a browser may send a Windows path
        assert problems(stream, rubric=RUBRIC) == want, path.name
        assert problems(Unseekable(data), rubric=RUBRIC, name=path.name) == want, path.name
        bare = problems(data, rubric=RUBRIC)
        renamed = [(loc.replace(path.name, "data"), code, p) for loc, code, p in want[1]]
        assert bare[1] == renamed, path.name


def test_a_csv_problem_is_located_at_the_name(files: dict[str, Path]) -> None:
    data = files["csv"].read_bytes().replace(b",3,", b",tiga,", 1)
    _, found = problems(data, rubric=RUBRIC, name="jawaban.csv")
    assert [(loc, code) for loc, code, _ in found] == [("jawaban.csv!L2", "not_a_number")]
    stream = io.BytesIO(data)
    stream.name = "/srv/unggah/2024/jawaban-dinkes.csv"
    assert problems(stream, rubric=RUBRIC)[1][0][0] == "jawaban-dinkes.csv!L2"
    assert problems(data, rubric=RUBRIC)[1][0][0] == "data!L2"
    _, found = problems(data)  # no rubric: said at the file's name
    assert found == [("data", "rubric_required", {})]


def test_a_file_object_without_a_usable_name_is_data(files: dict[str, Path]) -> None:
    data = files["csv"].read_bytes().replace(b",3,", b",tiga,", 1)
    for name in (7, "", "uploads/", None):
        stream = io.BytesIO(data)
        stream.name = name
        assert problems(stream, rubric=RUBRIC)[1][0][0] == "data!L2"


def test_a_text_stream_is_refused(files: dict[str, Path], tmp_path: Path) -> None:
    text = files["csv"].read_text(encoding="utf-8")
    with pytest.raises(TypeError, match="binary"):
        kio.read_round(io.StringIO(text), rubric=RUBRIC)  # type: ignore[arg-type]
    with files["csv"].open(encoding="utf-8") as handle, pytest.raises(TypeError, match="'rb'"):
        kio.read_round(handle, rubric=RUBRIC)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="readable binary file object"):
        kio.read_round(42, rubric=RUBRIC)  # type: ignore[arg-type]
    out = io.StringIO()
    with pytest.raises(TypeError, match="binary"):
        kio.write_round(SOURCES["json"], out, format="json")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="binary"):
        kio.export_result(kp.score(SOURCES["json"]), out, format="csv")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="binary"):
        kio.write_template(RUBRIC, out)  # type: ignore[call-overload]
    assert out.getvalue() == ""


# Writing --------------------------------------------------------------------------------------

WRITES = [(kind, lang) for kind in KINDS for lang in LANGS]


@pytest.mark.parametrize(("kind", "lang"), WRITES)
def test_write_round_bytes_are_the_path_bytes(
    tmp_path: Path, kind: FileFormat, lang: Language
) -> None:
    source = SOURCES[kind]
    path = kio.write_round(source, tmp_path / f"r.{kind}", lang=lang)
    want = path.read_bytes()
    assert kio.write_round(source, format=kind, lang=lang) == want
    stream = io.BytesIO()
    assert kio.write_round(source, stream, format=kind, lang=lang) is stream
    assert stream.getvalue() == want
    with (tmp_path / "via-handle").open("wb") as handle:
        kio.write_round(source, handle, format=kind, lang=lang)
    assert (tmp_path / "via-handle").read_bytes() == want


@pytest.mark.parametrize(("kind", "lang"), WRITES)
def test_export_result_bytes_are_the_path_bytes(
    tmp_path: Path, kind: FileFormat, lang: Language
) -> None:
    result = kp.score(small_round())
    path = kio.export_result(result, tmp_path / f"hasil.{kind}", lang=lang)
    want = path.read_bytes()
    assert kio.export_result(result, format=kind, lang=lang) == want
    stream = io.BytesIO()
    assert kio.export_result(result, stream, format=kind, lang=lang) is stream
    assert stream.getvalue() == want


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rubric_id", ["ombudsman-2024", "ombudsman-2025"])
def test_write_template_bytes_are_the_path_bytes(
    tmp_path: Path, rubric_id: str, lang: Language
) -> None:
    path = kio.write_template(rubric_id, tmp_path / "templat.xlsx", lang=lang)
    want = path.read_bytes()
    assert kio.write_template(rubric_id, lang=lang) == want
    stream = io.BytesIO()
    assert kio.write_template(rubric_id, stream, lang=lang) is stream
    assert stream.getvalue() == want


def test_a_writer_that_takes_a_little_at_a_time_gets_everything() -> None:
    want = kio.write_round(SOURCES["xlsx"], format="xlsx")
    assert len(want) > 3000
    sink = Trickle()
    assert kio.write_round(SOURCES["xlsx"], sink, format="xlsx") is sink
    assert bytes(sink.data) == want


def test_written_bytes_read_back() -> None:
    """Bytes from write_round read back, sniffed, as the round (as far as the format keeps
    it: a workbook gives the answers in the order of its rows, CSV keeps only the answers)."""
    for kind in KINDS:
        source = SOURCES[kind]
        back = kio.read_round(kio.write_round(source, format=kind), rubric=rubric_for(kind))
        if kind == "json":
            assert back == source
        elif kind == "xlsx":
            assert back.model_dump(exclude={"responses"}) == source.model_dump(
                exclude={"responses"}
            )
            assert sorted(map(repr, back.responses)) == sorted(map(repr, source.responses))
        else:
            assert back.responses == source.responses


def test_a_target_without_a_format(tmp_path: Path) -> None:
    source, result = SOURCES["json"], kp.score(SOURCES["json"])
    stream = io.BytesIO()
    for call in (
        lambda: kio.write_round(source),
        lambda: kio.write_round(source, stream),
        lambda: kio.export_result(result),
        lambda: kio.export_result(result, stream),
    ):
        with pytest.raises(kp.InvalidFileError) as info:
            call()
        assert [(p.location, p.code, p.params) for p in info.value.problems] == [
            ("data", "unknown_format", {"suffix": ""})
        ]
    assert stream.getvalue() == b""
    named = io.BytesIO()
    named.name = "unduhan/hasil"
    with pytest.raises(kp.InvalidFileError) as info:
        kio.export_result(result, named, format="ods")
    assert [(p.location, p.params) for p in info.value.problems] == [("hasil", {"suffix": "ods"})]
    assert named.getvalue() == b""


def test_a_refused_round_writes_nothing_into_the_file_object() -> None:
    stream = io.BytesIO()
    with pytest.raises(kp.InvalidFileError) as info:  # CSV has no place for the title
        kio.write_round(small_round(), stream, format="csv")
    assert {p.code for p in info.value.problems} == {"not_in_csv"}
    assert "data" in str(info.value)
    with pytest.raises(kp.InvalidRoundError):
        kio.write_round(small_round(), stream, format="json", rubric="ombudsman-2023")
    assert stream.getvalue() == b""


def test_the_former_keyword_path_still_works(tmp_path: Path, files: dict[str, Path]) -> None:
    result = kp.score(SOURCES["json"])
    assert kio.read_round(path=files["json"]) == SOURCES["json"]
    written = [
        kio.write_round(SOURCES["json"], path=tmp_path / "r.json"),
        kio.export_result(result, path=tmp_path / "h.csv"),
        kio.write_template(RUBRIC, path=tmp_path / "t.xlsx"),
    ]
    assert written == [tmp_path / "r.json", tmp_path / "h.csv", tmp_path / "t.xlsx"]
    assert written[0].read_bytes() == kio.write_round(SOURCES["json"], format="json")
    with pytest.raises(TypeError, match="both"):
        kio.read_round(files["json"], path=files["json"])
    with pytest.raises(TypeError, match="both"):
        kio.write_round(SOURCES["json"], tmp_path / "a.json", path=tmp_path / "b.json")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="needs a source"):
        kio.read_round()
    assert not (tmp_path / "a.json").exists() and not (tmp_path / "b.json").exists()


# Properties -----------------------------------------------------------------------------------


@settings(max_examples=25)
@given(data=rubric_and_round(anonymous_probability=0.3), kind=st.sampled_from(KINDS[1:]))
def test_generated_rounds_through_bytes_as_through_a_path(
    tmp_path_factory: pytest.TempPathFactory, data: Any, kind: FileFormat
) -> None:
    rub, source = data
    if kind == "csv":
        source = csv_ready(source)
    path = kio.write_round(source, tmp_path_factory.mktemp("p") / f"r.{kind}", rubric=rub)
    data_bytes = kio.write_round(source, rubric=rub, format=kind)
    assert data_bytes == path.read_bytes()
    want = kio.read_round(path, rubric=rub)
    assert kio.read_round(data_bytes, rubric=rub) == want
    assert kio.read_round(Unseekable(data_bytes, chunk=97), rubric=rub) == want
