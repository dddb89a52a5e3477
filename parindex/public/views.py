"""The public pages: the published results of every round, without logging in."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parindex.assessments.models import AssessmentRound, RoundStatus
from parindex.assessments.queries import result_blocks, round_area_names


def index(request: HttpRequest) -> HttpResponse:
    """Every published round, newest first."""
    rounds = list(
        AssessmentRound.objects.filter(status=RoundStatus.PUBLISHED)
        .select_related("province")
        .order_by("-year", "name")
    )
    return render(
        request,
        "public/index.html",
        {"rounds": rounds, "illustrative": any(r.is_illustrative for r in rounds)},
    )


def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    """One published round: ranks per block, rates, bands, component rates, previous year."""
    round_ = (
        AssessmentRound.objects.filter(pk=pk, status=RoundStatus.PUBLISHED)
        .select_related("province")
        .first()
    )
    if round_ is None:
        raise Http404(_("No published results for this round."))
    return render(
        request,
        "public/results.html",
        {
            "round": round_,
            "blocks": result_blocks(round_),
            "area_names": round_area_names(round_, (get_language() or "vi")[:2]),
            "illustrative": round_.is_illustrative,
        },
    )
