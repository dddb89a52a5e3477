"""Vega-Lite chart specifications built in Python, with Vietnamese titles (translated strings).

The same spec is shown in the browser with vega-embed (the JS bundle comes from the installed
vl-convert package, served by the ``vega_bundle`` view) and rendered to SVG or PNG for reports
with vl-convert, offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import vl_convert
from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
#: d3-format locale for Vietnamese numbers (87,61); vl-convert ships no "vi-VN" format locale.
VI_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
WIDTH = 560


def _base(title: str, data: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": list(data)},
        "config": {"font": "sans-serif", "axis": {"labelFontSize": 11, "titleFontSize": 12}},
    }


def rank_history(
    points: Sequence[dict[str, Any]],
    *,
    target_rank: int | None = None,
    target_label: str = "",
) -> dict[str, Any]:
    """Rank per year (rank 1 at the top), one line per series, with the target as a rule.

    ``points``: ``{"year": 2023, "rank": 62, "series": "Sóc Trăng"}``.
    """
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": _("Year")},
                "y": {
                    "field": "rank",
                    "type": "quantitative",
                    "title": _("Rank"),
                    "scale": {"reverse": True, "domainMin": 1},
                },
                "color": {"field": "series", "type": "nominal", "title": _("Province")},
                "tooltip": [
                    {"field": "series", "title": _("Province")},
                    {"field": "year", "title": _("Year")},
                    {"field": "rank", "title": _("Rank")},
                    {"field": "size", "title": _("Provinces ranked")},
                ],
            },
        }
    ]
    if target_rank is not None:
        layers.append(
            {
                "data": {"values": [{"target": target_rank, "label": target_label or _("Target")}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#c0392b"},
                        "encoding": {"y": {"field": "target", "type": "quantitative"}},
                    },
                    {
                        "mark": {"type": "text", "align": "left", "dy": -6, "color": "#c0392b"},
                        "encoding": {
                            "y": {"field": "target", "type": "quantitative"},
                            "text": {"field": "label"},
                            "x": {"value": 4},
                        },
                    },
                ],
            }
        )
    spec = _base(_("Rank in the national PAR INDEX"), points)
    spec["layer"] = layers
    return spec


def rate_history(points: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """PAR INDEX (%) per year, one line per series (published or derived)."""
    spec = _base(_("PAR INDEX (%) by year"), points)
    spec.update(
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": _("Year")},
                "y": {
                    "field": "rate",
                    "type": "quantitative",
                    "title": _("PAR INDEX (%)"),
                    "scale": {"zero": False},
                    "axis": {"format": ",.1f"},
                },
                "color": {"field": "series", "type": "nominal", "title": _("Series")},
                "strokeDash": {
                    "field": "kind",
                    "type": "nominal",
                    "title": _("Published or derived"),
                },
                "tooltip": [
                    {"field": "series", "title": _("Series")},
                    {"field": "year", "title": _("Year")},
                    {"field": "rate", "title": _("PAR INDEX (%)"), "format": ",.2f"},
                    {"field": "kind", "title": _("Published or derived")},
                ],
            },
        }
    )
    return spec


def component_index(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Component index per area as bars, the national mean as ticks.

    ``rows``: ``{"area": "Cải cách TTHC", "rate": 84.2, "national_mean": 86.1}``.
    """
    spec = _base(_("Component rates by area against the national mean"), rows)
    y = {"field": "area", "type": "nominal", "title": _("Area"), "sort": None}
    spec["height"] = {"step": 24}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": "#2e86c1"},
            "encoding": {
                "y": y,
                "x": {
                    "field": "rate",
                    "type": "quantitative",
                    "title": _("Component rate (%)"),
                    "scale": {"domain": [0, 100]},
                },
                "tooltip": [
                    {"field": "area", "title": _("Area")},
                    {"field": "rate", "title": _("Component rate (%)"), "format": ",.2f"},
                    {"field": "national_mean", "title": _("National mean (%)"), "format": ",.2f"},
                ],
            },
        },
        {
            "mark": {"type": "tick", "color": "#c0392b", "thickness": 3},
            "encoding": {
                "y": y,
                "x": {"field": "national_mean", "type": "quantitative"},
            },
        },
    ]
    return spec


def units_heatmap(cells: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Internal units × areas, coloured by the component rate.

    ``cells``: ``{"unit": "Sở Xây dựng", "area": "procedure_reform", "rate": 78.5}``.
    """
    spec = _base(_("Component rates of the province's units"), cells)
    spec["height"] = {"step": 18}
    spec.update(
        {
            "mark": "rect",
            "encoding": {
                "x": {"field": "area", "type": "nominal", "title": _("Area")},
                "y": {"field": "unit", "type": "nominal", "title": _("Unit")},
                "color": {
                    "field": "rate",
                    "type": "quantitative",
                    "title": _("Rate (%)"),
                    "scale": {"scheme": "redyellowgreen", "domain": [50, 100]},
                },
                "tooltip": [
                    {"field": "unit", "title": _("Unit")},
                    {"field": "area", "title": _("Area")},
                    {"field": "rate", "title": _("Rate (%)"), "format": ",.2f"},
                ],
            },
        }
    )
    return spec


def probability_curve(
    curve: Sequence[dict[str, Any]], *, wanted: float | None = None
) -> dict[str, Any]:
    """Probability of reaching the target rank against the points added.

    ``curve``: ``{"gain": 1.5, "probability": 0.42}``.
    """
    spec = _base(_("Probability of reaching the target rank"), curve)
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "interpolate": "step-after"},
            "encoding": {
                "x": {
                    "field": "gain",
                    "type": "quantitative",
                    "title": _("Points added"),
                    "axis": {"format": ",.2f"},
                },
                "y": {
                    "field": "probability",
                    "type": "quantitative",
                    "title": _("Probability"),
                    "scale": {"domain": [0, 1]},
                    "axis": {"format": ".0%"},
                },
                "tooltip": [
                    {"field": "gain", "title": _("Points added"), "format": ",.2f"},
                    {"field": "probability", "title": _("Probability"), "format": ".1%"},
                ],
            },
        }
    ]
    if wanted is not None:
        layers.append(
            {
                "data": {"values": [{"wanted": wanted}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#c0392b"},
                "encoding": {"y": {"field": "wanted", "type": "quantitative"}},
            }
        )
    spec["layer"] = layers
    return spec


def _for_rendering(spec: dict[str, Any]) -> dict[str, Any]:
    """Static images need a fixed width instead of the container's."""
    fixed = dict(spec)
    if fixed.get("width") == "container":
        fixed["width"] = WIDTH
    return fixed


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document, rendered offline."""
    return str(vl_convert.vegalite_to_svg(_for_rendering(spec), format_locale=VI_FORMAT_LOCALE))


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as a PNG image, rendered offline."""
    return bytes(
        vl_convert.vegalite_to_png(
            _for_rendering(spec), scale=scale, format_locale=VI_FORMAT_LOCALE
        )
    )


@lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """vega, vega-lite and vega-embed from the installed vl-convert, as one script."""
    return str(vl_convert.javascript_bundle())  # type: ignore[call-arg]
