"""Pages of the national registry: a year's national table and a province's history, and the
vega JS bundle the charts of every standing page load."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from parindex.access.decorators import province_oversight_required
from parindex.core.types import AuthenticatedRequest
from parindex.national import queries
from parindex.national.history import history, series_points
from parindex.national.models import PeerGroup
from parindex.national.year_tables import year_table
from parindex.reports import charts
from parindex.units.models import Unit


@province_oversight_required
def national_table(request: AuthenticatedRequest, year: int | None = None) -> HttpResponse:
    """A year's national table: the gap when partial, computed ranks when complete, conflicts."""
    years = queries.years_with_data()
    if year is None:
        if not years:
            return render(request, "national/table.html", {"table": None, "years": []})
        return redirect("standing:table_year", year=years[-1])
    peer_group = request.GET.get("peer_group", PeerGroup.PROVINCE)
    if peer_group not in PeerGroup.values:
        peer_group = PeerGroup.PROVINCE
    table = year_table(year, peer_group)
    return render(
        request,
        "national/table.html",
        {
            "table": table,
            "years": years,
            "peer_group": peer_group,
            "peer_groups": PeerGroup.choices,
        },
    )


@province_oversight_required
def province_history(request: AuthenticatedRequest, code_system: str, code: str) -> HttpResponse:
    """A province's history as it was and as a baseline for today's province."""
    unit = Unit.objects.filter(code_system=code_system, code=code).first()
    if unit is None:
        raise Http404(_("No unit has the code “{code}”.").format(code=code))
    data = history(unit)
    ranks, rates = series_points(unit)
    return render(
        request,
        "national/history.html",
        {
            "unit": unit,
            "data": data,
            "specs": {"rank": charts.rank_history(ranks), "rate": charts.rate_history(rates)},
        },
    )


@cache_control(max_age=86400, public=True)
def vega_bundle(request: HttpRequest) -> HttpResponse:
    """vega + vega-lite + vega-embed, generated from the installed vl-convert (no CDN)."""
    return HttpResponse(charts.javascript_bundle(), content_type="text/javascript")
