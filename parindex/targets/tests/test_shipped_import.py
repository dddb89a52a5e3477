"""Importing the shipped registry files and target plans is idempotent."""

from __future__ import annotations

import pytest

from parindex.national.models import NationalResult, PublishedMean, RegionMembership, SipasResult
from parindex.targets.actions import import_shipped
from parindex.targets.models import Target, TargetDecision

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[list[dict], ...]:
    return tuple(
        [dict(row) for row in model.objects.order_by("pk").values()]
        for model in (
            NationalResult,
            SipasResult,
            PublishedMean,
            RegionMembership,
            Target,
            TargetDecision,
        )
    )


@pytest.mark.usefixtures("provinces")
def test_it_changes_nothing_when_the_shipped_files_are_imported_twice() -> None:
    """The second import of every shipped file creates and updates nothing."""
    first = import_shipped(actor=None)
    snapshot = _snapshot()
    second = import_shipped(actor=None)
    assert sum(r.created for r in first) > 0
    assert [r.counts() for r in second] == [
        {"created": 0, "updated": 0, "unchanged": r.created + r.updated + r.unchanged}
        for r in first
    ]
    assert _snapshot() == snapshot
