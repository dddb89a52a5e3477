"""State changes of the dossiers app: recording portal snapshots."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.core.audit import actor_label, record_audit
from parindex.dossiers.models import PortalSnapshot
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.qd766_portal import PortalResponse, load_responses


def _store(response: PortalResponse, *, actor: Any) -> tuple[PortalSnapshot, bool]:
    existing = PortalSnapshot.objects.filter(sha256=response.sha256).first()
    if existing is not None:
        return existing, False
    period = response.period
    root = response.root
    snapshot = PortalSnapshot.objects.create(
        group=response.group,
        period_kind=period.kind if period else "",
        period_year=period.year if period else None,
        period_quarter=period.quarter if period else None,
        period_month=period.month if period else None,
        root_unit_code=root.code,
        root_unit_name=root.name[:255],
        source_name=response.source[:255],
        sha256=response.sha256,
        body=response.body,
        imported_by=actor_label(actor),
    )
    record_audit(
        actor=actor,
        action="dossiers.record_portal_snapshot",
        obj=snapshot,
        unit_code=root.code,
        after={
            "group": snapshot.group,
            "period": snapshot.period_label,
            "source_name": snapshot.source_name,
            "sha256": snapshot.sha256,
            "units": len(response.units),
        },
    )
    return snapshot, True


@transaction.atomic
def record_portal_snapshot(path: str | Path, *, actor: Any) -> tuple[PortalSnapshot, bool]:
    """Store one portal response file; returns (snapshot, created).

    The file is checked first (refused whole with ``InputRejected``). A body already stored (same
    SHA-256) is not stored again and writes no audit event: the existing snapshot is returned.
    """
    path = Path(path)
    if not path.is_file():
        raise InputRejected([Problem(_("{file}: no such file").format(file=path))])
    (response,) = load_responses([path])
    return _store(response, actor=actor)


@transaction.atomic
def record_portal_snapshots(
    paths: Iterable[str | Path], *, actor: Any
) -> list[tuple[PortalSnapshot, bool]]:
    """Store several responses (directories expanded), all or none."""
    return [_store(response, actor=actor) for response in load_responses(paths)]
