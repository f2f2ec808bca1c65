"""The ``kepatuhan`` commands (typer): rubrics, template, check, convert, score, skm,
classify, schema.

The app is built by :func:`make_app` for one language so that its help pages are in that
language too; what the commands print follows the ``--lang`` that typer parsed. (No
``from __future__ import annotations``: typer reads the help texts from the annotations,
which refer to the local ``h``.)
"""

import json
import os
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer
from rich.console import RenderableType

from .._version import __version__
from ..concat import concat_rounds
from ..errors import (
    IncompleteDataError,
    InvalidFileError,
    InvalidInputError,
    Language,
    PluginWarning,
    Problem,
    UnknownRubricError,
)
from ..example import example_round
from ..io._atomic import write_file
from ..io.exporters import Exporters, default_exporters
from ..registry import default_problems, default_registry, list_rubrics
from ..results import RoundResult
from ..round import Round
from ..rubric import MissingPolicy, Rubric
from ..scoring import score, validate
from .exits import INVALID_INPUT, fail, find_rubric, user_errors
from .messages import DEFAULT_LANG, LANG_ENV, LANGUAGES, text
from .output import err_console, safe, show, write_data
from .progress import Reporter, progress
from .render import classification_view, result_view, rubric_list, rubric_view
from .render_check import CheckReport, check_view, short_units
from .render_skm import sample_view, skm_view
from .skm_input import read_skm_survey

if TYPE_CHECKING:
    from ..skm_sample import SampleReport

__all__ = [
    "TABLE",
    "Lang",
    "Missing",
    "SampleMethodChoice",
    "SkmFormat",
    "SkmGradingChoice",
    "make_app",
    "output_suffixes",
]


class Lang(StrEnum):
    ID = "id"
    EN = "en"


TABLE = "table"
"""The output format that is not an exporter: the terminal table (``.txt`` in a file)."""


class SkmFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class WorklistFormat(StrEnum):
    """Output formats of ``rencana`` and ``rekonsiliasi``: the table, the JSON, or the
    worklist as CSV or xlsx (:func:`kepatuhan.io.export_plan`, ``export_reconciliation``)."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class TableOrJson(StrEnum):
    """Output formats of ``banding``: the terminal table or the comparison's JSON."""

    TABLE = "table"
    JSON = "json"


TABLE_OR_JSON_SUFFIXES: Mapping[str, tuple[str, ...]] = {TABLE: (".txt",), "json": (".json",)}
RAPOR_SUFFIXES: Mapping[str, tuple[str, ...]] = {"html": (".html", ".htm"), "pdf": (".pdf",)}
"""The rapor's formats and their suffixes (``kepatuhan rapor -o``)."""


class SampleMethodChoice(StrEnum):
    KREJCIE_MORGAN = "krejcie-morgan"
    SLOVIN = "slovin"


class SkmGradingChoice(StrEnum):
    CONVERTED = "converted"
    INDEX = "index"
    INDEX_2DP = "index-2dp"


class Missing(StrEnum):
    EXCLUDE = "exclude"
    ZERO = "zero"
    STRICT = "strict"


SKM_SUFFIXES: Mapping[str, tuple[str, ...]] = {
    "table": (".txt",),
    "json": (".json",),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
}
TEMPLATE_SUFFIXES: Mapping[str, tuple[str, ...]] = {"xlsx": (".xlsx",)}
SCHEMA_SUFFIXES: Mapping[str, tuple[str, ...]] = {"json": (".json",)}
WORKLIST_SUFFIXES: Mapping[str, tuple[str, ...]] = {
    "table": (".txt",),
    "json": (".json",),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
}


def output_suffixes(exporters: Exporters) -> dict[str, tuple[str, ...]]:
    """The formats ``score`` writes and their file suffixes: the table, then every
    exporter in ``exporters`` (so a registered exporter is offered without code here)."""
    return {TABLE: (".txt",), **{e.name: e.suffixes for e in exporters}}


def _lang(ctx: typer.Context) -> Language:
    return cast(Language, ctx.obj) if ctx.obj in LANGUAGES else DEFAULT_LANG


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kepatuhan {__version__}")
        raise typer.Exit()


def _output_format(
    fmt: str | None,
    out: Path | None,
    suffixes: Mapping[str, tuple[str, ...]],
    lang: Language,
    *,
    default: str = TABLE,
    choice: bool = True,
) -> str:
    """``--format``, else the format ``-o``'s suffix names, else ``default``; ``-o`` must
    end in a suffix of the format (``template -o x.csv`` does not write a workbook).
    ``choice`` says whether the command has a ``--format`` option to suggest."""
    if out is None:
        return fmt if fmt is not None else default
    suffix = out.suffix.lower()
    if fmt is None:
        guessed = next((name for name, known in suffixes.items() if suffix in known), None)
        if guessed is None and not choice:
            known = ", ".join(s for group in suffixes.values() for s in group)
            message = text("wrong_suffix", lang, name=out.name, suffixes=known)
            raise typer.BadParameter(safe(message), param_hint="'--output'")
        if guessed is None:
            formats = "|".join(suffixes)
            message = text("unknown_suffix", lang, suffix=out.suffix or out.name, formats=formats)
            raise typer.BadParameter(safe(message), param_hint="'--output'")
        return guessed
    if suffix not in suffixes[fmt]:
        known = ", ".join(suffixes[fmt])
        message = text("suffix_mismatch", lang, name=out.name, suffixes=known, format=fmt)
        raise typer.BadParameter(safe(message), param_hint="'--output'")
    return fmt


def _skm_output(fmt: str | None, out: Path | None, lang: Language) -> str | None:
    """The format ``skm`` writes: ``--format`` (``-o`` must end in its suffix: a usage
    error), else the one ``-o``'s suffix names, else the table. None for a suffix the SKM
    report cannot be written as, which the command refuses with exit 1 (issue 11)."""
    if fmt is not None or out is None:
        return _output_format(fmt, out, SKM_SUFFIXES, lang)
    suffix = out.suffix.lower()
    return next((name for name, known in SKM_SUFFIXES.items() if suffix in known), None)


def _worklist_output(fmt: WorklistFormat | None, out: Path | None, lang: Language) -> str:
    """The format ``rencana`` and ``rekonsiliasi`` write (``--format``, else ``-o``'s suffix,
    else the table); a workbook to the terminal is a usage error, as for ``score``."""
    chosen = _output_format(None if fmt is None else fmt.value, out, WORKLIST_SUFFIXES, lang)
    if out is None and chosen == WorklistFormat.XLSX:
        message = text("xlsx_needs_out", lang, format=chosen)
        raise typer.BadParameter(safe(message), param_hint="'--format'")
    return chosen


def _populations(
    values: Sequence[str] | None, lang: Language
) -> tuple[int | None, dict[str, int]] | None:
    """``--population`` as (N for every unit, CODE → N), None when not given; a value that
    is neither ``N`` nor ``CODE=N`` (N a whole number ≥ 1) is a usage error."""
    if not values:
        return None
    every: int | None = None
    per_unit: dict[str, int] = {}
    for value in values:
        code, _, number = value.rpartition("=")
        try:
            n = int(number.strip())
        except ValueError:
            n = 0
        if n < 1 or (code == "" and "=" in value):
            message = text("bad_population", lang, value=value)
            raise typer.BadParameter(safe(message), param_hint="'--population'")
        if "=" in value:
            per_unit[code.strip()] = n
        else:
            every = n
    return every, per_unit


def _population_map(
    given: tuple[int | None, dict[str, int]], codes: Sequence[str]
) -> dict[str, int]:
    """Unit code → population: N for every unit, then each CODE=N (a code the units do not
    have is left in, for the library to report)."""
    every, per_unit = given
    return {**(dict.fromkeys(codes, every) if every is not None else {}), **per_unit}


def _check_output(out: Path | None, inputs: Sequence[Path], force: bool, lang: Language) -> None:
    """Before any work: ``out`` is none of the input files (never, not even with
    ``--force``), and is not there already unless ``--force`` says to replace it."""
    if out is None:
        return
    target = out.resolve()
    for path in inputs:
        same = path.resolve() == target
        if not same and os.path.exists(out) and path.exists():
            same = os.path.samefile(out, path)
        if same:
            fail(safe(f"{text('error', lang)}: {text('output_is_input', lang, path=out)}"))
    if not force and os.path.lexists(out):
        fail(safe(f"{text('error', lang)}: {text('output_exists', lang, path=out)}"))


DATA_SUFFIXES = frozenset({".xlsx", ".csv", ".json"})
"""The files a folder argument stands for."""


def _data_files(paths: Sequence[Path], lang: Language) -> list[Path]:
    """The files to read: each FILE as given; for a folder, every data file directly in it,
    sorted by name, without hidden files and Excel's ``~$`` lock files. A file named twice
    (also through its folder) is read once."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(
            (
                p
                for p in path.iterdir()
                if p.suffix.lower() in DATA_SUFFIXES
                and not p.name.startswith((".", "~$"))
                and p.is_file()
            ),
            key=lambda p: p.name,
        )
        if not inside:
            message = text("no_data_files", lang, folder=path)
            raise typer.BadParameter(message, param_hint="'FILE'")
        found += inside
    seen: set[Path] = set()
    files = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)
    return files


def _source_names(files: Sequence[Path]) -> list[str]:
    """Each file's name, or the path as given where two files share a name."""
    counts = Counter(f.name for f in files)
    return [f.name if counts[f.name] == 1 else str(f) for f in files]


def _in_file(name: str, exc: InvalidInputError | UnknownRubricError) -> list[Problem]:
    """The problems of one of several files, each located in the file ``name``."""
    if isinstance(exc, InvalidInputError):
        found: Sequence[Problem] = exc.problems
    else:
        found = [exc.problem or Problem("", "rubric", {"detail": str(exc)})]
    return [
        Problem(name if p.location in ("", name) else f"{name}: {p.location}", p.code, p.params)
        for p in found
    ]


def _read_many(files: Sequence[Path], rubric: Rubric | None, bar: Reporter) -> Round:
    """Every file read (a bar each), the problems of all of them reported together, then
    the rounds joined with ``concat_rounds``."""
    from ..io import read_round

    rounds: dict[str, Round] = {}
    failed: list[str] = []
    problems: list[Problem] = []
    for name, path in zip(_source_names(files), files, strict=True):
        try:
            rounds[name] = read_round(path, rubric=rubric, progress=bar.reading(name))
        except (InvalidInputError, UnknownRubricError) as exc:
            failed.append(name)
            problems += _in_file(name, exc)
    if problems:
        raise InvalidFileError(problems, subject=", ".join(failed))
    return concat_rounds(rounds)


def _load(
    files: Sequence[Path], rubric_id: str | None, bar: Reporter, lang: Language
) -> tuple[Round, Rubric]:
    """The round in ``files`` (the bundled example without any), read with progress, and the
    rubric to use: the one ``--rubric`` names, else the one the round names. One file is
    read as it is; several are joined into one round in canonical order."""
    given = find_rubric(rubric_id, lang) if rubric_id is not None else None
    if not files:
        round_ = example_round()
    elif len(files) == 1:
        from ..io import read_round

        round_ = read_round(files[0], rubric=given, progress=bar.reading(files[0].name))
    else:
        round_ = _read_many(files, given, bar)
    return round_, given or find_rubric(round_.rubric, lang)


def _subject(files: Sequence[Path], lang: Language) -> str:
    """What ``check`` says it checked: the file's name, or the count and the names."""
    names = _source_names(files)
    if len(names) == 1:
        return names[0]
    return text("check.joined", lang, count=len(names), names=", ".join(names))


def emit_result(
    result: RoundResult,
    rubric: Rubric,
    fmt: str,
    out: Path | None,
    lang: Language,
    *,
    exporters: Exporters | None = None,
    force: bool = False,
) -> None:
    """The result as a table, or written by its exporter to ``out`` or stdout (the same
    bytes either way); ``out`` is replaced only with ``force``."""
    if fmt == TABLE:
        show(result_view(result, rubric, lang), out, overwrite=force)
    else:
        exporter = (exporters or default_exporters()).get(fmt)
        assert exporter is not None  # a choice of the --format option
        data = exporter.write(result, lang)
        if out is None:
            write_data(data)
            return
        write_file(out, data, overwrite=force)
    if out is not None:
        err_console().print(text("written", lang, path=out))


def _survey_sample(
    round_: Round,
    rubric: Rubric,
    populations: tuple[int | None, dict[str, int]],
    method: SampleMethodChoice,
    margin: str,
    lang: Language,
) -> "SampleReport":
    """``check --population``: each unit's respondents against its required sample; for an
    SKM rubric only (a usage error otherwise)."""
    from ..errors import InvalidRubricError
    from ..skm import skm_index
    from ..skm_sample import check_sample, round_respondents

    try:
        skm_index(round_, rubric)
    except InvalidRubricError:
        message = text("population_not_skm", lang, id=rubric.id)
        raise typer.BadParameter(safe(message), param_hint="'--population'") from None
    except InvalidInputError:
        pass  # an SKM survey whose answers are incomplete: its respondents still count
    counts = round_respondents(round_)
    names = {u.code: u.name for u in round_.units}
    return check_sample(counts, _population_map(populations, list(counts)), names=names,
                        method=method.value, margin=margin)  # fmt: skip


def _draws_options(options: dict[str, object], draws: int | None, chunk: int | None) -> None:
    """``--draws`` and ``--chunk`` when given (the library's defaults otherwise)."""
    if draws is not None:
        options["draws"] = draws
    if chunk is not None:
        options["chunk_size"] = chunk


@dataclass(frozen=True)
class _Draws:
    """``ketidakpastian`` and ``sensitivitas``: read the round, run the analysis with a bar
    counting the draws on a terminal, then print the table or write the file."""

    analyse: Callable[..., Any]
    view: Callable[[Any, Language], RenderableType]
    export: Callable[..., bytes]

    def __call__(
        self,
        lang: Language,
        files: Sequence[Path] | None,
        example: bool,
        rubric_id: str | None,
        fmt: WorklistFormat | None,
        out: Path | None,
        force: bool,
        options: Mapping[str, object],
    ) -> None:
        paths = _draws_input(files, example, lang)
        chosen = _worklist_output(fmt, out, lang)
        _check_output(out, paths, force, lang)
        with user_errors(lang):
            with progress(lang) as bar:
                round_, rubric = _load(paths, rubric_id, bar, lang)
                drawn = {"progress": bar.drawing()} if bar.shown else {}
                found = self.analyse(round_, rubric=rubric, **options, **drawn)
            if chosen == TABLE:
                show(self.view(found, lang), out, overwrite=force)
            else:
                data = self.export(found, chosen, lang=lang, round_=round_)
                write_data(data, out, overwrite=force)
            if out is not None:
                err_console().print(text("written", lang, path=out))


def _draws_input(files: Sequence[Path] | None, example: bool, lang: Language) -> list[Path]:
    """The data files of a command that also takes ``--example`` (none for the example)."""
    if example and files:
        raise typer.BadParameter(text("file_or_example", lang), param_hint="'--example'")
    if not example and not files:
        raise typer.BadParameter(text("need_file", lang), param_hint="'FILE'")
    return _data_files(files or [], lang)


def _weight_ranges(given: Sequence[str], lang: Language) -> dict[str, tuple[float, float]]:
    """``--range NODE=LOW:HIGH`` options as a mapping (a usage error for a malformed one)."""
    out: dict[str, tuple[float, float]] = {}
    for item in given:
        node, eq, bounds = item.partition("=")
        low, colon, high = bounds.partition(":")
        try:
            if not (eq and colon and node.strip()):
                raise ValueError(item)
            out[node.strip()] = (float(low.replace(",", ".")), float(high.replace(",", ".")))
        except ValueError:
            message = text("bad_range", lang, value=item)
            raise typer.BadParameter(safe(message), param_hint="'--range'") from None
    return out


def _report_plugin_problems(lang: Language) -> None:
    """Each plugin the registry skipped, on stderr in ``lang``, after the command ran."""
    console = err_console()
    for problem in default_problems():
        console.print(text("plugin_skipped", lang, problem=problem.render(lang)), style="yellow")


def make_app(lang: Language = DEFAULT_LANG, *, exporters: Exporters | None = None) -> typer.Typer:
    """The command-line app, with help pages in ``lang``; ``score`` offers the formats of
    ``exporters`` (by default :func:`kepatuhan.io.exporters.default_exporters`)."""
    registry = exporters if exporters is not None else default_exporters()
    suffixes = output_suffixes(registry)
    # The choices of score --format, as typer wants them: an enum, made from the registry.
    OutputFormat = StrEnum("OutputFormat", {name: name for name in suffixes})  # type: ignore[misc]  # noqa: N806

    def h(key: str) -> str:
        return text(key, lang)

    ForceOption = Annotated[  # noqa: N806
        bool, typer.Option("--force", help=h("help.force"), show_default=False)
    ]
    OutputOption = Annotated[  # noqa: N806
        Path | None, typer.Option("--output", "-o", dir_okay=False, help=h("help.out"))
    ]
    WorklistFormatOption = Annotated[  # noqa: N806
        WorklistFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, help=h("help.reconcile_format")),
    ]

    # Parameters several commands share (typer reads the help from the annotation).
    InputFile = Annotated[  # noqa: N806
        Path,
        typer.Argument(
            metavar="FILE", exists=True, dir_okay=False, readable=True, help=h("help.file")
        ),
    ]
    files_argument = typer.Argument(
        metavar="FILE",
        exists=True,
        file_okay=True,
        dir_okay=True,
        readable=True,
        help=h("help.files"),
        show_default=False,
    )
    InputFiles = Annotated[list[Path], files_argument]  # noqa: N806
    RubricOption = Annotated[  # noqa: N806
        str | None, typer.Option("--rubric", "-r", metavar="ID", help=h("help.score_rubric"))
    ]
    PopulationOption = Annotated[  # noqa: N806
        list[str] | None,
        typer.Option("--population", metavar="N|CODE=N", help=h("help.skm_population")),
    ]
    SampleMethodOption = Annotated[  # noqa: N806
        SampleMethodChoice,
        typer.Option("--sample-method", case_sensitive=False, help=h("help.skm_sample_method")),
    ]
    MarginOption = Annotated[  # noqa: N806
        str, typer.Option("--margin", metavar="DECIMAL", help=h("help.skm_margin"))
    ]

    app = typer.Typer(
        name="kepatuhan",
        help=h("help.app"),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        lang_option: Annotated[
            Lang,
            typer.Option("--lang", envvar=LANG_ENV, case_sensitive=False, help=h("help.lang")),
        ] = Lang.ID,
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_print_version, is_eager=True, help=h("help.version")
            ),
        ] = False,
    ) -> None:
        ctx.obj = lang_option.value
        # Plugin failures reach the user once, in their language, not as Python warnings.
        warnings.filterwarnings("ignore", category=PluginWarning)
        ctx.call_on_close(lambda: _report_plugin_problems(lang_option.value))

    @app.command("rubrics", help=h("help.rubrics"))
    def rubrics(
        ctx: typer.Context,
        rubric_id: Annotated[
            str | None, typer.Argument(metavar="ID", help=h("help.rubric_id"), show_default=False)
        ] = None,
    ) -> None:
        lang = _lang(ctx)
        with user_errors(lang):
            if rubric_id is None:
                show(rubric_list(list_rubrics(), lang))
                return
            rubric = find_rubric(rubric_id, lang)
            show(rubric_view(rubric, default_registry().plugin_of(rubric.id), lang))

    @app.command("template", help=h("help.template"))
    def template(
        ctx: typer.Context,
        rubric_id: Annotated[str, typer.Argument(metavar="RUBRIC", help=h("help.rubric_id"))],
        out: Annotated[
            Path,
            typer.Option("--output", "-o", dir_okay=False, help=h("help.template_out")),
        ],
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        _output_format(None, out, TEMPLATE_SUFFIXES, lang, choice=False)
        _check_output(out, [], force, lang)
        with user_errors(lang):
            from ..io import write_template

            written = write_template(find_rubric(rubric_id, lang), out, lang=lang, overwrite=force)
            err_console().print(text("written", lang, path=written))

    @app.command("score", help=h("help.score"))
    def score_command(
        ctx: typer.Context,
        files: Annotated[list[Path] | None, files_argument] = None,
        example: Annotated[bool, typer.Option("--example", help=h("help.example"))] = False,
        rubric_id: RubricOption = None,
        fmt: Annotated[
            OutputFormat | None,
            typer.Option(
                "--format",
                "-f",
                case_sensitive=False,
                help=text("help.format", lang, formats=", ".join(registry.names())),
            ),
        ] = None,
        out: OutputOption = None,
        missing: Annotated[
            Missing | None, typer.Option("--missing", case_sensitive=False, help=h("help.missing"))
        ] = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        if example and files:
            raise typer.BadParameter(text("file_or_example", lang), param_hint="'--example'")
        if not example and not files:
            raise typer.BadParameter(text("need_file", lang), param_hint="'FILE'")
        chosen = _output_format(None if fmt is None else fmt.value, out, suffixes, lang)
        exporter = registry.get(chosen)
        if out is None and exporter is not None and not exporter.stdout:
            message = text("xlsx_needs_out", lang, format=chosen)
            raise typer.BadParameter(message, param_hint="'--format'")
        paths = _data_files(files or [], lang)
        _check_output(out, paths, force, lang)
        policy: MissingPolicy | None = missing.value if missing is not None else None
        with user_errors(lang):
            with progress(lang) as bar:
                round_, rubric = _load(paths, rubric_id, bar, lang)
                bar.scoring()
                result = score(round_, rubric, missing=policy)
            emit_result(result, rubric, chosen, out, lang, exporters=registry, force=force)

    @app.command("check", help=h("help.check"))
    def check_command(
        ctx: typer.Context,
        files: InputFiles,
        rubric_id: RubricOption = None,
        strict: Annotated[bool, typer.Option("--strict", help=h("help.check_strict"))] = False,
        population: PopulationOption = None,
        sample_method: SampleMethodOption = SampleMethodChoice.KREJCIE_MORGAN,
        margin: MarginOption = "0.05",
    ) -> None:
        lang = _lang(ctx)
        paths = _data_files(files, lang)
        populations = _populations(population, lang)
        with user_errors(lang):
            with progress(lang) as bar:
                # One SKM survey sheet (U1…Un per respondent) is read as kepatuhan skm reads it.
                survey = (
                    read_skm_survey(paths[0], rubric_id, None, lang) if len(paths) == 1 else None
                )
                if survey is not None:
                    round_, rubric = survey.round, survey.rubric
                else:
                    round_, rubric = _load(paths, rubric_id, bar, lang)
            try:
                validate(round_, rubric, missing="strict")
                incomplete: tuple[Problem, ...] = ()
            except IncompleteDataError as exc:
                incomplete = exc.problems
            policy: MissingPolicy = "strict" if strict else rubric.missing_policy
            short = short_units(round_, rubric)
            report = CheckReport(_subject(paths, lang), round_, rubric, incomplete, policy, short)
            sample = None
            if populations is not None:
                sample = _survey_sample(round_, rubric, populations, sample_method, margin, lang)
            show(check_view(report, lang))
            if sample is not None:
                show(sample_view(sample, lang))
            if report.refused:
                raise typer.Exit(INVALID_INPUT)

    @app.command("convert", help=h("help.convert"))
    def convert_command(
        ctx: typer.Context,
        file: InputFile,
        out: Annotated[
            Path, typer.Option("--output", "-o", dir_okay=False, help=h("help.convert_out"))
        ],
        rubric_id: RubricOption = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        _check_output(out, [file], force, lang)
        with user_errors(lang):
            from ..io import write_round

            with progress(lang) as bar:
                round_, rubric = _load([file], rubric_id, bar, lang)
            written = write_round(round_, out, rubric=rubric, lang=lang, overwrite=force)
            err_console().print(text("written", lang, path=written))

    @app.command("skm", help=h("help.skm"))
    def skm_command(
        ctx: typer.Context,
        file: InputFile,
        rubric_id: RubricOption = None,
        convention: Annotated[
            str | None,
            typer.Option("--convention", metavar="NAME", help=h("help.skm_convention")),
        ] = None,
        weight: Annotated[
            str | None, typer.Option("--weight", help=h("help.skm_weight"), show_default="exact")
        ] = None,
        nrr_decimals: Annotated[
            int | None, typer.Option("--nrr-decimals", min=0, max=8, help=h("help.skm_nrr"))
        ] = None,
        index_decimals: Annotated[
            int | None, typer.Option("--index-decimals", min=0, max=8, help=h("help.skm_index"))
        ] = None,
        converted_decimals: Annotated[
            int | None,
            typer.Option("--converted-decimals", min=2, max=8, help=h("help.skm_converted")),
        ] = None,
        grading: Annotated[
            SkmGradingChoice | None,
            typer.Option(
                "--grading",
                case_sensitive=False,
                help=h("help.skm_grading"),
                show_default="converted",
            ),
        ] = None,
        fmt: Annotated[
            SkmFormat | None,
            typer.Option("--format", "-f", case_sensitive=False, help=h("help.skm_format")),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--output", "-o", dir_okay=False, help=h("help.skm_out"))
        ] = None,
        population: PopulationOption = None,
        sample_method: SampleMethodOption = SampleMethodChoice.KREJCIE_MORGAN,
        margin: MarginOption = "0.05",
        force: ForceOption = False,
        unit: Annotated[str | None, typer.Option("--unit", help=h("help.skm_unit"))] = None,
        by: Annotated[
            list[str] | None, typer.Option("--by", metavar="COLUMN", help=h("help.skm_by"))
        ] = None,
    ) -> None:
        lang = _lang(ctx)
        chosen = _skm_output(None if fmt is None else fmt.value, out, lang)
        if out is None and chosen == SkmFormat.XLSX:
            message = text("xlsx_needs_out", lang, format=chosen)
            raise typer.BadParameter(message, param_hint="'--format'")
        populations = _populations(population, lang)
        _check_output(out, [file], force, lang)
        with user_errors(lang):
            from ..io.skm_export import skm_bytes, skm_format
            from ..skm import skm_index
            from ..skm_breakdown import skm_breakdown
            from ..skm_sample import skm_sample

            if chosen is None:  # a suffix the report cannot be written as: refused, exit 1
                assert out is not None
                skm_format(out.suffix, None, out.name)

            with progress(lang) as bar:
                survey = read_skm_survey(file, rubric_id, unit, lang)  # U1…Un, per respondent
                if survey is not None:
                    round_, rubric = survey.round, survey.rubric
                else:
                    round_, rubric = _load([file], rubric_id, bar, lang)
                if by and survey is None:  # a round file has no profile columns
                    message = text("skm.by_needs_survey", lang)
                    raise typer.BadParameter(message, param_hint="'--by'")
                bar.scoring()
                # Only what the user gave: a named convention's own settings stand otherwise.
                given: dict[str, Any] = {
                    "convention": convention,
                    "weight": weight,
                    "nrr_decimals": nrr_decimals,
                    "index_decimals": index_decimals,
                    "converted_decimals": converted_decimals,
                    "grading": None if grading is None else grading.value,
                }
                options = {key: value for key, value in given.items() if value is not None}
                result = skm_index(round_, rubric, **options)
                breakdowns = [
                    skm_breakdown(survey, column, rubric=rubric, **options)
                    for column in by or ()
                    if survey is not None
                ]
            sample = None
            if populations is not None:
                codes = [u.code for u in result.units]
                sample = skm_sample(result, _population_map(populations, codes),
                                    method=sample_method.value, margin=margin)  # fmt: skip
            if chosen == SkmFormat.TABLE:
                show(skm_view(result, lang, sample, breakdowns), out, overwrite=force)
            else:
                assert chosen is not None
                data = skm_bytes(result, chosen, lang, sample=sample, breakdowns=breakdowns)
                write_data(data, out, overwrite=force)
            if sample is not None and (out is not None or chosen != SkmFormat.TABLE):
                err_console().print(sample_view(sample, lang))  # the warning reaches the user
            if out is not None:
                err_console().print(text("written", lang, path=out))

    @app.command("rekonsiliasi", help=h("help.reconcile"))
    def reconcile_command(
        ctx: typer.Context,
        self_file: Annotated[
            Path,
            typer.Argument(
                metavar="SELF_FILE",
                exists=True,
                dir_okay=False,
                readable=True,
                help=h("help.reconcile_self"),
            ),
        ],
        official_file: Annotated[
            Path,
            typer.Argument(
                metavar="OFFICIAL_FILE",
                exists=True,
                dir_okay=False,
                readable=True,
                help=h("help.reconcile_official"),
            ),
        ],
        rubric_id: RubricOption = None,
        fmt: WorklistFormatOption = None,
        out: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        chosen = _worklist_output(fmt, out, lang)
        _check_output(out, [self_file, official_file], force, lang)
        with user_errors(lang):
            from ..reconciliation import reconcile
            from .render_reconcile import reconcile_view

            with progress(lang) as bar:
                mine, _ = _load([self_file], rubric_id, bar, lang)
                official, rubric = _load([official_file], rubric_id, bar, lang)
                bar.scoring()
                given = rubric if rubric_id is not None else None
                rec = reconcile(mine, official, rubric=given)
            if chosen == TABLE:
                show(reconcile_view(rec, lang), out, overwrite=force)
            else:
                from ..io.worklist_export import export_reconciliation

                data = export_reconciliation(rec, chosen, lang=lang, round_=official)
                write_data(data, out, overwrite=force)
            if out is not None:
                err_console().print(text("written", lang, path=out))

    @app.command("rencana", help=h("help.plan"))
    def plan_command(
        ctx: typer.Context,
        target: Annotated[
            str, typer.Option("--target", "-t", metavar="TARGET", help=h("help.plan_target"))
        ],
        files: Annotated[list[Path] | None, files_argument] = None,
        example: Annotated[bool, typer.Option("--example", help=h("help.example"))] = False,
        entity: Annotated[
            str | None, typer.Option("--entity", metavar="CODE", help=h("help.plan_entity"))
        ] = None,
        unit: Annotated[
            str | None, typer.Option("--unit", metavar="CODE", help=h("help.plan_unit"))
        ] = None,
        costs: Annotated[
            Path | None,
            typer.Option(
                "--biaya",
                metavar="FILE.csv",
                exists=True,
                dir_okay=False,
                readable=True,
                help=h("help.plan_costs"),
            ),
        ] = None,
        rubric_id: RubricOption = None,
        fmt: WorklistFormatOption = None,
        out: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        if example and files:
            raise typer.BadParameter(text("file_or_example", lang), param_hint="'--example'")
        if not example and not files:
            raise typer.BadParameter(text("need_file", lang), param_hint="'FILE'")
        chosen = _worklist_output(fmt, out, lang)
        paths = _data_files(files or [], lang)
        _check_output(out, paths, force, lang)
        with user_errors(lang):
            from ..planning import plan, read_costs
            from .render_plan import plan_view

            with progress(lang) as bar:
                round_, rubric = _load(paths, rubric_id, bar, lang)
                cost = None if costs is None else read_costs(costs, rubric)
                bar.scoring()
                found = plan(
                    round_, target=target, entity=entity, unit=unit, cost=cost, rubric=rubric
                )
            if chosen == TABLE:
                show(plan_view(found, lang), out, overwrite=force)
            else:
                from ..io.worklist_export import export_plan

                write_data(export_plan(found, chosen, lang=lang, round_=round_), out,
                           overwrite=force)  # fmt: skip
            if out is not None:
                err_console().print(text("written", lang, path=out))

    def round_file(metavar: str, key: str) -> Any:
        """An optional argument naming one round file."""
        return typer.Argument(
            metavar=metavar,
            exists=True,
            dir_okay=False,
            readable=True,
            help=h(key),
            show_default=False,
        )

    @app.command("banding", help=h("help.compare"))
    def compare_command(
        ctx: typer.Context,
        before_file: Annotated[Path | None, round_file("BEFORE", "help.compare_before")] = None,
        after_file: Annotated[Path | None, round_file("AFTER", "help.compare_after")] = None,
        example: Annotated[bool, typer.Option("--example", help=h("help.compare_example"))] = False,
        codes_file: Annotated[
            Path | None,
            typer.Option(
                "--kode",
                metavar="FILE.csv",
                exists=True,
                dir_okay=False,
                readable=True,
                help=h("help.compare_codes"),
            ),
        ] = None,
        fmt: Annotated[
            TableOrJson | None,
            typer.Option("--format", "-f", case_sensitive=False, help=h("help.compare_format")),
        ] = None,
        out: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        given = [p for p in (before_file, after_file) if p is not None]
        if example and given:
            raise typer.BadParameter(text("file_or_example", lang), param_hint="'--example'")
        if not example and len(given) != 2:
            raise typer.BadParameter(text("compare.need_two", lang), param_hint="'BEFORE AFTER'")
        chosen = _output_format(
            None if fmt is None else fmt.value, out, TABLE_OR_JSON_SUFFIXES, lang
        )
        _check_output(out, [*given, *([codes_file] if codes_file else [])], force, lang)
        with user_errors(lang):
            from ..comparison import compare, read_code_map
            from .render_compare import compare_view

            with progress(lang) as bar:
                if example:
                    rounds = [example_round(2023), example_round(2024)]
                else:
                    rounds = [_load([p], None, bar, lang)[0] for p in given]
                codes = read_code_map(codes_file) if codes_file is not None else None
                bar.scoring()
                found = compare(rounds[0], rounds[1], codes=codes)
            if chosen == TABLE:
                show(compare_view(found, lang), out, overwrite=force)
            else:
                write_data(found.model_dump_json(indent=2) + "\n", out, overwrite=force)
            if out is not None:
                err_console().print(text("written", lang, path=out))

    DrawsFormatOption = Annotated[  # noqa: N806
        WorklistFormat | None,
        typer.Option("--format", "-f", case_sensitive=False, help=h("help.draws_format")),
    ]
    DrawsOption = Annotated[  # noqa: N806
        int | None, typer.Option("--draws", metavar="N", help=h("help.draws"), show_default=False)
    ]
    SeedOption = Annotated[int, typer.Option("--seed", metavar="S", help=h("help.seed"))]  # noqa: N806
    LevelOption = Annotated[  # noqa: N806
        float, typer.Option("--level", metavar="P", help=h("help.level"))
    ]
    ChunkOption = Annotated[  # noqa: N806
        int | None,
        typer.Option("--chunk", metavar="N", help=h("help.chunk"), show_default=False),
    ]

    @app.command("ketidakpastian", help=h("help.uncertainty"))
    def uncertainty_command(
        ctx: typer.Context,
        files: Annotated[list[Path] | None, files_argument] = None,
        example: Annotated[bool, typer.Option("--example", help=h("help.example"))] = False,
        draws: DrawsOption = None,
        seed: SeedOption = 0,
        level: LevelOption = 0.9,
        method: Annotated[
            str, typer.Option("--method", metavar="bootstrap|dirichlet", help=h("help.method"))
        ] = "bootstrap",
        chunk: ChunkOption = None,
        rubric_id: RubricOption = None,
        fmt: DrawsFormatOption = None,
        out: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        from ..io.draws_export import export_uncertainty
        from ..sampling_uncertainty import uncertainty
        from .render_draws import uncertainty_view

        options: dict[str, object] = {"seed": seed, "level": level, "method": method}
        _draws_options(options, draws, chunk)
        run = _Draws(uncertainty, uncertainty_view, export_uncertainty)
        run(_lang(ctx), files, example, rubric_id, fmt, out, force, options)

    @app.command("sensitivitas", help=h("help.sensitivity"))
    def sensitivity_command(
        ctx: typer.Context,
        files: Annotated[list[Path] | None, files_argument] = None,
        example: Annotated[bool, typer.Option("--example", help=h("help.example"))] = False,
        draws: DrawsOption = None,
        seed: SeedOption = 0,
        level: LevelOption = 0.9,
        concentration: Annotated[
            float, typer.Option("--concentration", metavar="C", help=h("help.concentration"))
        ] = 50.0,
        groups: Annotated[
            list[str] | None,
            typer.Option("--group", metavar="ID", help=h("help.group"), show_default=False),
        ] = None,
        ranges: Annotated[
            list[str] | None,
            typer.Option(
                "--range", metavar="NODE=LOW:HIGH", help=h("help.range"), show_default=False
            ),
        ] = None,
        sobol: Annotated[bool, typer.Option("--sobol/--no-sobol", help=h("help.sobol"))] = True,
        chunk: ChunkOption = None,
        rubric_id: RubricOption = None,
        fmt: DrawsFormatOption = None,
        out: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        from ..io.draws_export import export_sensitivity
        from ..weight_sensitivity import sensitivity
        from .render_draws import sensitivity_view

        lang = _lang(ctx)
        weights = _weight_ranges(ranges or [], lang)
        options: dict[str, object] = {
            "seed": seed,
            "level": level,
            "concentration": concentration,
            "groups": tuple(groups or ()),
            "sobol": sobol,
            "weights": weights if weights else "dirichlet",
        }
        _draws_options(options, draws, chunk)
        run = _Draws(sensitivity, sensitivity_view, export_sensitivity)
        run(lang, files, example, rubric_id, fmt, out, force, options)

    @app.command("rapor", help=h("help.rapor"))
    def rapor_command(
        ctx: typer.Context,
        files: Annotated[list[Path] | None, files_argument] = None,
        example: Annotated[bool, typer.Option("--example", help=h("help.example"))] = False,
        entity: Annotated[
            str | None, typer.Option("--entity", metavar="CODE", help=h("help.rapor_entity"))
        ] = None,
        unit: Annotated[
            str | None, typer.Option("--unit", metavar="CODE", help=h("help.rapor_unit"))
        ] = None,
        summary: Annotated[
            bool, typer.Option("--ringkasan", help=h("help.rapor_summary"), show_default=False)
        ] = False,
        province: Annotated[
            str | None, typer.Option("--provinsi", metavar="P", help=h("help.rapor_province"))
        ] = None,
        rubric_id: RubricOption = None,
        out: Annotated[
            Path | None, typer.Option("--output", "-o", dir_okay=False, help=h("help.rapor_out"))
        ] = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        if example and files:
            raise typer.BadParameter(text("file_or_example", lang), param_hint="'--example'")
        if not example and not files:
            raise typer.BadParameter(text("need_file", lang), param_hint="'FILE'")
        if summary and (entity is not None or unit is not None):
            hint = "'--entity'" if entity is not None else "'--unit'"
            raise typer.BadParameter(text("rapor.summary_subject", lang), param_hint=hint)
        if province is not None and not summary:
            message = text("rapor.province_needs_summary", lang)
            raise typer.BadParameter(message, param_hint="'--provinsi'")
        chosen = _output_format(None, out, RAPOR_SUFFIXES, lang, default="html", choice=False)
        paths = _data_files(files or [], lang)
        _check_output(out, paths, force, lang)
        with user_errors(lang):
            from ..rapor_render import rapor, summary_rapor

            fmt: Literal["html", "pdf"] = "pdf" if chosen == "pdf" else "html"
            with progress(lang) as bar:
                round_, rubric = _load(paths, rubric_id, bar, lang)
                bar.scoring()
                result = score(round_, rubric=rubric)
            if summary:
                data = summary_rapor(result, province=province, lang=lang, format=fmt)
            else:
                data = rapor(result, entity=entity, unit=unit, lang=lang, format=fmt)
            write_data(data, out, overwrite=force)
            if out is not None:
                err_console().print(text("written", lang, path=out))

    @app.command("classify", help=h("help.classify"))
    def classify(
        ctx: typer.Context,
        rubric_id: Annotated[str, typer.Argument(metavar="RUBRIC", help=h("help.rubric_id"))],
        value: Annotated[str, typer.Argument(metavar="SCORE", help=h("help.score_value"))],
    ) -> None:
        lang = _lang(ctx)
        with user_errors(lang):
            classification = find_rubric(rubric_id, lang).classify(value)
            show(classification_view(value, classification, lang))

    @app.command("schema", help=h("help.schema"))
    def schema(
        ctx: typer.Context,
        name: Annotated[
            str | None,
            typer.Argument(metavar="NAME", help=h("help.schema_name"), show_default=False),
        ] = None,
        out: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        lang = _lang(ctx)
        _output_format(None, out, SCHEMA_SUFFIXES, lang, choice=False)
        _check_output(out, [], force, lang)
        from ..io import json_schemas

        schemas = json_schemas()
        if name is not None and name not in schemas:
            known = ", ".join(sorted(schemas))
            raise typer.BadParameter(
                text("unknown_schema", lang, name=name, known=known), param_hint="'NAME'"
            )
        document = schemas if name is None else schemas[name]
        with user_errors(lang):
            data = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            write_data(data, out, overwrite=force)

    @app.command("serve", help=h("help.serve"))
    def serve_command(
        ctx: typer.Context,
        host: Annotated[str, typer.Option("--host", help=h("help.serve_host"))] = "127.0.0.1",
        port: Annotated[
            int, typer.Option("--port", min=0, max=65535, help=h("help.serve_port"))
        ] = 8000,
        token: Annotated[
            str | None,
            typer.Option(
                "--token", envvar="KEPATUHAN_TOKEN", help=h("help.serve_token"), show_default=False
            ),
        ] = None,
        max_upload_mb: Annotated[
            int, typer.Option("--max-upload-mb", min=1, help=h("help.serve_max_upload"))
        ] = 64,
        max_rows: Annotated[
            int, typer.Option("--max-rows", min=1, help=h("help.serve_max_rows"))
        ] = 2_000_000,
        max_files: Annotated[
            int, typer.Option("--max-files", min=1, help=h("help.serve_max_files"))
        ] = 50,
        time_limit: Annotated[
            float, typer.Option("--time-limit", min=0.001, help=h("help.serve_time_limit"))
        ] = 120.0,
    ) -> None:
        lang = _lang(ctx)
        with user_errors(lang):
            from ..web.serve import serve

            limits = {"max_rows": max_rows, "max_files": max_files, "time_limit": time_limit}
            upload = max_upload_mb * 2**20
            serve(host=host, port=port, token=token or None, max_upload_bytes=upload, lang=lang,
                  **limits)  # fmt: skip

    return app
