"""Charts of the draw analyses: Vega-Lite specs from the report-view layer, drawn to SVG/PNG."""

from __future__ import annotations

import re

import pytest

import kepatuhan as kp
from kepatuhan.charts import chart_png, chart_svg
from kepatuhan.draw_view import band_chart, rank_chart
from kepatuhan.report_view import ZONE_COLOURS


@pytest.fixture(scope="module")
def result() -> kp.Sensitivity:
    return kp.sensitivity(kp.example_round(), draws=60, bootstrap=0)


def test_the_band_chart_spec_holds_every_row_and_band(result: kp.Sensitivity) -> None:
    spec = band_chart(result, "en", level="units", draws=result.evaluations)
    rows = spec["data"]["values"]
    assert len(rows) == len(result.units.codes) * len(result.bands)
    probs = result.band_probability("units")
    for row in rows:
        i = result.units.codes.index(row["row"])
        assert row["p"] == pytest.approx(probs[i, row["order"]], abs=1e-6)
    assert spec["encoding"]["color"]["scale"]["domain"] == [b.name for b in result.bands]
    assert spec["title"] == f"Chance of each band ({result.evaluations} draws)"


def test_charts_are_drawn_deterministically(result: kp.Sensitivity) -> None:
    pytest.importorskip("vl_convert", reason="the rapor extra draws the charts")
    names = {e.code: e.name for e in kp.example_round().entities}
    spec = band_chart(result, "id", names=names)
    svg = chart_svg(spec)
    assert svg.startswith("<svg") and "Pemerintah Kota Pagar Alam" in svg
    assert svg == chart_svg(spec)
    png = chart_png(spec)
    assert png.startswith(b"\x89PNG") and png == chart_png(spec)
    ranks = chart_svg(rank_chart(result.ranks, result.entities.codes, "id"))
    assert "Peringkat setiap instansi" in ranks
    # the entity's bar has ink in the colour of the zone its draws fell in (kuning)
    (kuning,) = [b for b in result.bands if b.zone is kp.Zone.KUNING]
    assert result.band_probability("entities")[0, result.bands.index(kuning)] > 0.5
    bar = re.search(
        rf'<path aria-label="peluang: [0-9.]+%; row: Pemerintah Kota Pagar Alam; kategori: '
        rf'{kuning.name};[^"]*"[^>]*d="M[-0-9.]+,[-0-9.]+h([0-9.]+)[^"]*" '
        r'fill="#([0-9A-Fa-f]{6})"',
        svg,
    )
    assert bar is not None and float(bar.group(1)) > 100  # most of the bar's width
    assert bar.group(2).upper() == ZONE_COLOURS[kp.Zone.KUNING].fill
