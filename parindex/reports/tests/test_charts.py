"""Every chart spec renders to SVG offline, with Vietnamese titles."""

from __future__ import annotations

import pytest
from django.utils import translation

from parindex.reports import charts


@pytest.mark.parametrize(
    "spec",
    [
        charts.rank_history(
            [{"year": 2023, "rank": 62, "series": "Sóc Trăng", "size": 63}],
            target_rank=15,
            target_label="Mục tiêu",
        ),
        charts.rate_history(
            [{"year": 2020, "rate": 85.19, "series": "Sóc Trăng", "kind": "công bố"}]
        ),
        charts.component_index([{"area": "Cải cách TTHC", "rate": 84.2, "national_mean": 86.1}]),
        charts.units_heatmap([{"unit": "Sở Xây dựng", "area": "procedure_reform", "rate": 78.5}]),
        charts.probability_curve(
            [{"gain": 0.0, "probability": 0.1}, {"gain": 1.0, "probability": 0.6}], wanted=0.8
        ),
    ],
    ids=["rank", "rate", "components", "heatmap", "probability"],
)
def test_it_renders_each_spec_to_svg_offline(spec: dict) -> None:
    """vl-convert turns the spec into an SVG document without any network access."""
    svg = charts.to_svg(spec)
    assert svg.lstrip().startswith("<svg") and "</svg>" in svg


def test_it_titles_the_axes_in_vietnamese() -> None:
    """The rank chart's axis titles come from the vi catalogue."""
    with translation.override("vi"):
        spec = charts.rank_history([{"year": 2023, "rank": 62, "series": "Sóc Trăng"}])
        svg = charts.to_svg(spec)
    assert "Hạng" in svg and "Năm" in svg


def test_it_renders_png_and_bundles_the_vega_javascript() -> None:
    """PNG output is an image; the JS bundle comes from the installed package."""
    png = charts.to_png(charts.probability_curve([{"gain": 0.0, "probability": 0.5}]))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "vegaEmbed" in charts.javascript_bundle()
