"""The public REST endpoints (no login), mounted under ``/api/public/``: the published rounds
and their results, the same data as the public pages.

Only rounds whose results are published are visible; any other round is 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from parindex.assessments.api import RoundOut, _round_out
from parindex.assessments.models import AssessmentRound, RoundStatus, UnitResult

router = Router(tags=["public"])


class ResultOut(Schema):
    unit: str
    unit_name: str
    peer_group: str
    rank: int
    peer_count: int
    total_points: Decimal
    max_points: Decimal
    rate_pct: Decimal
    band: str
    component_rates: dict[str, Any]
    previous_rate_pct: Decimal | None
    previous_source: str
    beat_previous: bool | None


# The operation ids are those the endpoints had when they lived in ``parindex.assessments.api``
# (django-ninja derives them from the module), so that clients generated from the schema keep
# their method names.
@router.get(
    "/rounds",
    response=list[RoundOut],
    summary="Published rounds",
    operation_id="parindex_assessments_api_public_rounds",
)
def public_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _round_out(r)
        for r in AssessmentRound.objects.filter(status=RoundStatus.PUBLISHED).select_related(
            "province"
        )
    ]


@router.get(
    "/rounds/{round_id}/results",
    response=list[ResultOut],
    summary="Published results",
    operation_id="parindex_assessments_api_public_results",
)
def public_results(request: HttpRequest, round_id: int) -> list[dict[str, Any]]:
    round_ = AssessmentRound.objects.filter(pk=round_id, status=RoundStatus.PUBLISHED).first()
    if round_ is None:
        raise HttpError(404, "Not found")
    return [
        {
            "unit": r.unit.key,
            "unit_name": r.unit.name,
            "peer_group": r.peer_group,
            "rank": r.rank,
            "peer_count": r.peer_count,
            "total_points": r.total_points,
            "max_points": r.max_points,
            "rate_pct": r.score_pct,
            "band": r.band,
            "component_rates": r.component_index,
            "previous_rate_pct": r.previous_score_pct,
            "previous_source": r.previous_source,
            "beat_previous": r.beat_previous,
        }
        for r in UnitResult.objects.filter(round=round_)
        .select_related("unit")
        .order_by("peer_group", "rank", "unit__name")
    ]
