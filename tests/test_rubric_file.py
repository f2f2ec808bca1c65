"""Rubric files: TOML with defaults, JSON, and the example in the docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kepatuhan as kp

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _doc_toml() -> str:
    text = (DOCS / "rubrics.md").read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", text, re.S)
    assert match is not None
    return match.group(1)


def test_the_documented_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "contoh.toml"
    path.write_text(_doc_toml(), encoding="utf-8")
    rub = kp.load_rubric(path)
    assert rub.id == "contoh-2026"
    assert [i.id for i in rub.indicators()] == ["in01", "pg01"]
    assert rub.node("pg01").role is kp.RespondentRole.PENGELOLA_PENGADUAN  # type: ignore[union-attr]
    assert rub.node("in01").role is kp.RespondentRole.PELAKSANA  # type: ignore[union-attr]
    assert str(rub.node("in01").scale) == "0–3"  # type: ignore[union-attr]
    assert rub.classify(49.995).label == "Tinggi"


def test_json_round_trip(tmp_path: Path) -> None:
    rub = kp.get_rubric("ombudsman-2023")
    path = tmp_path / "r.json"
    path.write_text(rub.model_dump_json(), encoding="utf-8")
    assert kp.load_rubric(path) == rub


def test_file_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(_doc_toml().replace("weight = 40", "weight = -40"), encoding="utf-8")
    with pytest.raises(kp.InvalidRubricError) as err:
        kp.load_rubric(path)
    assert [p.location for p in err.value.problems] == ["nodes[1].weight"]


def test_2023_structure_matches_the_methodology() -> None:
    rub = kp.get_rubric("ombudsman-2023")
    assert [(d.id, d.weight) for d in rub.nodes] == [
        ("input", 21.85),
        ("proses", 32.37),
        ("output", 24.24),
        ("pengaduan", 21.54),
    ]
    assert sum(d.weight for d in rub.nodes) == pytest.approx(100.0)
    ids = rub.indicator_ids()
    assert sum(i.startswith("in") for i in ids) == 15
    assert sum(i.startswith("pr") for i in ids) == 12  # 11 indicators, maklumat in two
    assert sum(i.startswith("out") for i in ids) == 5
    roles = {i.role for i in rub.indicators() if i.id.startswith("out")}
    assert roles == {kp.RespondentRole.PENGGUNA_LAYANAN}
    assert {i.respondents for i in rub.indicators() if i.id.startswith("out")} == {30}
    assert {str(i.scale) for i in rub.indicators()} == {"0–3"}
    # Input #1 carries 12.22 % of Input through the variable level.
    c = rub.compiled
    k = c.indicator_node[c.indicator_index["in01"]]
    share = 1.0
    node = int(k)
    while c.parent[node] >= 0:
        siblings = [i for i in range(c.n_nodes) if c.parent[i] == c.parent[node]]
        share *= c.weight[node] / sum(c.weight[i] for i in siblings)
        node = int(c.parent[node])
    assert share == pytest.approx(0.1222)


def test_every_assumption_has_a_reason() -> None:
    rub = kp.get_rubric("ombudsman-2023")
    for a in rub.assumptions():
        assert a.reason and a.reason != "(no reason given)", a.path
    weights = [a for a in rub.assumptions() if a.what.startswith("weight of")]
    assert {a.what for a in weights} >= {"weight of in02", "weight of pr01", "weight of pg09"}
    assert not any(a.what == "weight of input" for a in weights)


def test_years_that_share_a_method_share_one_definition() -> None:
    r23, r24 = kp.get_rubric("ombudsman-2023"), kp.get_rubric("ombudsman-2024")
    assert (r24.year, r24.parent) == (2024, None)
    assert "2024" in r24.title
    assert r24.provenance.confidence is kp.Confidence.ASSUMED
    same = {"id", "year", "title", "title_en", "provenance"}
    assert r23.model_dump(exclude=same) == r24.model_dump(exclude=same)
    assert r24.classify(78.63).grade == "B"


def _editions_file(tmp_path: Path, second: str) -> Path:
    text = _doc_toml().replace('id = "contoh-2026"\n', "")
    text += '\n[[editions]]\nid = "contoh-2026"\n\n[[editions]]\n' + second
    path = tmp_path / "keluarga.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_editions_file(tmp_path: Path) -> None:
    path = _editions_file(tmp_path, 'id = "contoh-2027"\nyear = 2027\n')
    rubrics = kp.load_rubrics(path)
    assert [(r.id, r.year) for r in rubrics] == [("contoh-2026", None), ("contoh-2027", 2027)]
    with pytest.raises(kp.InvalidRubricError, match="defines 2 editions"):
        kp.load_rubric(path)


def test_edition_problems_name_the_edition(tmp_path: Path) -> None:
    path = _editions_file(tmp_path, 'id = "Contoh 2027"\nyear = 1800\n')
    with pytest.raises(kp.InvalidRubricError) as err:
        kp.load_rubrics(path)
    assert [p.location for p in err.value.problems] == ["Contoh 2027: id", "Contoh 2027: year"]


def test_2022_edition_has_thirteen_input_indicators() -> None:
    r22, r23 = kp.get_rubric("ombudsman-2022"), kp.get_rubric("ombudsman-2023")
    inputs = [i for i in r22.indicator_ids() if i.startswith("in")]
    assert len(inputs) == 13
    assert set(r23.indicator_ids()) - set(r22.indicator_ids()) == {"in05", "in15"}
    in09 = r22.node("in09")
    assert "penjaminan mutu" in in09.name
    assert in09.provenance is not None
    assert in09.provenance.confidence is kp.Confidence.REPORTED
    assert [(d.id, d.weight) for d in r22.nodes] == [(d.id, d.weight) for d in r23.nodes]
    assert r22.classify(87.06).grade == "B"


def test_edition_drop_and_updates_must_name_nodes(tmp_path: Path) -> None:
    path = _editions_file(tmp_path, 'id = "contoh-2027"\ndrop = ["zz"]\n')
    with pytest.raises(kp.InvalidRubricError) as err:
        kp.load_rubrics(path)
    assert str(err.value.problems[0]) == "contoh-2027: editions: no node 'zz' to drop or update"
    emptied = _editions_file(tmp_path, 'id = "contoh-2027"\ndrop = ["pg01"]\n')
    assert [n.id for n in kp.load_rubrics(emptied)[1].nodes] == ["input"]
