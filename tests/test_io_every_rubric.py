"""The template of every registered rubric round-trips: filled with the best answers, it
reads back and scores the top of the rubric's scale."""

from __future__ import annotations

from pathlib import Path

import pytest

import kepatuhan as kp
import kepatuhan.io as kio
from io_files import fill_template
from kepatuhan.io.skm_survey import read_survey
from kepatuhan.io.skm_template import is_skm_rubric

RUBRIC_IDS = [info.id for info in kp.list_rubrics()]


def best_round(rubric: kp.Rubric) -> kp.Round:
    responses = [
        kp.Response(
            unit="u1",
            indicator=ind.id,
            respondent=f"{ind.role.value}-{k}",
            role=ind.role,
            value=ind.scale.best,
        )
        for ind in rubric.indicators()
        if ind.applies_to is None or kp.UnitType.OPD in ind.applies_to
        for k in range(min(ind.respondents or 1, 3))
    ]
    return kp.Round(
        rubric=rubric.id,
        entities=[kp.Entity(code="e1", name="Pemerintah Kota Uji", kind="pemkot")],
        units=[kp.ServiceUnit(code="u1", name="Dinas Uji", entity="e1", unit_type="opd")],
        responses=responses,
        oversight_products=() if rubric.opinion is not None else None,
    )


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_template_round_trip(rubric_id: str, tmp_path: Path) -> None:
    rubric = kp.get_rubric(rubric_id)
    round_ = best_round(rubric)
    if is_skm_rubric(rubric):  # the survey sheet, one row per respondent: read_survey reads it
        survey_round_trip(rubric, tmp_path / f"{rubric_id}.xlsx")
        return
    path = fill_template(round_, tmp_path / f"{rubric_id}.xlsx")
    again = kio.read_round(path)
    assert again.rubric == rubric_id
    result = kp.score(again)
    assert result.to_json() == kp.score(round_).to_json()
    top = rubric.zoning.maximum.quantize(kp.round_half_up(0, rubric.precision))
    assert result.units[0].score == top


def survey_round_trip(rubric: kp.Rubric, path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    kio.write_template(rubric, path)
    wb = openpyxl.load_workbook(path)
    best = [ind.scale.best for ind in rubric.indicators()]
    wb["Survei"].append(["u1", "r1", 30, "L", "SMA", "PNS", "KTP", *best])
    wb.save(path)
    survey = read_survey(path)
    assert survey.rubric.id == rubric.id
    top = rubric.zoning.maximum.quantize(kp.round_half_up(0, rubric.precision))
    assert kp.score(survey.round).units[0].score == top
