"""The public API contract other tools rely on (names and behaviour from the core issue)."""

from __future__ import annotations

import inspect
from decimal import Decimal

import pytest
from packaging.version import Version

import kepatuhan as kp


def test_all_is_sorted_and_complete() -> None:
    public = {
        name
        for name, obj in vars(kp).items()
        if not name.startswith("_") and not inspect.ismodule(obj) and name != "annotations"
    }
    assert list(kp.__all__) == sorted(kp.__all__, key=_all_order)
    assert public | {"__version__"} == set(kp.__all__)


def _all_order(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: SCREAMING_CASE, then CamelCase, then the rest; each alphabetical.
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_version_is_a_string() -> None:
    assert isinstance(kp.__version__, str)
    assert kp.__version__.count(".") >= 2


def test_list_rubrics_shows_the_builtin() -> None:
    infos = kp.list_rubrics()
    ids = [i.id for i in infos]
    assert "ombudsman-2023" in ids
    info = infos[ids.index("ombudsman-2023")]
    assert info.year == 2023
    assert "Pelayanan Publik" in info.title
    assert info.plugin == "kepatuhan.rubrics.opini_pengawasan"


def test_unknown_rubric_is_a_lookup_error() -> None:
    with pytest.raises(kp.UnknownRubricError) as err:
        kp.get_rubric("ombudsman-1999")
    assert isinstance(err.value, LookupError)
    assert isinstance(err.value, kp.KepatuhanError)
    assert "ombudsman-1999" in str(err.value)
    assert "ombudsman-2023" in str(err.value)


@pytest.mark.parametrize("value", [88.27, "88.27", Decimal("88.27"), 88])
def test_classify_accepts_float_int_str_decimal(value: object) -> None:
    c = kp.get_rubric("ombudsman-2023").classify(value)  # type: ignore[arg-type]
    assert c.zone == "hijau"
    assert c.grade == "A"
    assert c.label == "Kualitas Tertinggi"


def test_score_example_round_gives_units_and_entities() -> None:
    res = kp.score(kp.example_round())
    assert isinstance(res, kp.RoundResult)
    assert len(res.units) == 7
    unit = res.units[0]
    assert isinstance(unit.score, Decimal)
    assert unit.zone in set(kp.Zone)
    assert unit.grade in {"A", "B", "C", "D", "E"}
    assert set(unit.dimensions) == {"input", "proses", "output", "pengaduan"}
    assert unit.points_lost
    ent = res.entities[0]
    assert ent.score is not None and ent.zone is not None and ent.grade is not None
    assert res.unit(unit.code) == unit
    assert res.entity(ent.code) == ent


def test_every_error_class_derives_from_the_base() -> None:
    errors = [getattr(kp, n) for n in kp.__all__ if n.endswith("Error")]
    assert errors
    for cls in errors:
        assert issubclass(cls, kp.KepatuhanError)


def test_no_assessment_in_2020() -> None:
    with pytest.raises(kp.UnknownRubricError, match="no assessment was held in 2020"):
        kp.get_rubric("ombudsman-2020")


def test_the_rubric_file_loaders_moved_with_a_deprecation_warning() -> None:
    import kepatuhan.rubric as rubric_module
    from kepatuhan import rubric_file

    for name in ("load_rubric", "load_rubrics", "apply_defaults"):
        with pytest.warns(DeprecationWarning, match=f"rubric_file.{name}") as caught:
            assert getattr(rubric_module, name) is getattr(rubric_file, name)
        message = str(caught[0].message)
        assert "since kepatuhan 0.2.0" in message and "removed in 0.3.0" in message
        assert caught[0].filename == __file__  # points at the caller, not at kepatuhan
        # Once kepatuhan reaches the removal release, the old name must be gone.
        assert Version(kp.__version__) < Version("0.3.0"), "remove the deprecated loaders"
    assert kp.load_rubric is rubric_file.load_rubric
    with pytest.raises(AttributeError):
        rubric_module.no_such_name  # noqa: B018


def test_io_does_not_import_the_scorer() -> None:
    """The readers and writers check rounds through kepatuhan.validation; scoring is a layer
    above them (a file reader has no business importing the arithmetic)."""
    import ast
    from pathlib import Path

    import kepatuhan.io

    for path in Path(kepatuhan.io.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module not in {"scoring", "kepatuhan.scoring"}, path.name


def test_the_core_layers_import_each_other_at_module_level_only() -> None:
    """The rubric, its compiler, tailoring, the strategies, the opinion rule, the checks and
    the scorer import one another at the top of the module: a function-level import is how
    an import cycle hides (compile ↔ rubric ↔ tailoring, oversight ↔ strategies once)."""
    import ast
    import importlib

    core = (
        "compile", "opinion", "oversight", "rubric", "rubric_file", "rubric_nodes",
        "scoring", "strategies", "tailoring", "validation",
    )  # fmt: skip
    for name in core:
        module = importlib.import_module(f"kepatuhan.{name}")
        assert module.__file__ is not None
        with open(module.__file__, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and inner.level > 0:
                        # The one exception: a deprecated name's lazy re-export.
                        assert (name, inner.module) == ("rubric", None), (name, inner.module)
