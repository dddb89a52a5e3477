"""State changes of the dossiers app: portal snapshots and dossier imports."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.calendars.queries import get_calendar
from parindex.core.audit import actor_label, record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.dossiers import queries
from parindex.dossiers.importing.pipeline import DossierImporter
from parindex.dossiers.importing.progress import Progress
from parindex.dossiers.importing.result import DossierImportReport, SummaryBatch
from parindex.dossiers.importing.units import REFUSE
from parindex.dossiers.indicators.registry import MEASURES
from parindex.dossiers.mapping import load_mapping
from parindex.dossiers.models import DossierImport, DossierSummary, PortalSnapshot
from parindex.dossiers.store import DossierStore, StoreBusy
from parindex.lib.dossiers.portal.parsing import load_responses
from parindex.lib.dossiers.portal.shapes import PortalResponse
from parindex.lib.errors import InputRejected, Problem
from parindex.units.models import Unit


def _store(response: PortalResponse, *, actor: Actor) -> tuple[PortalSnapshot, bool]:
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
        action=AuditAction.PORTAL_SNAPSHOT_RECORD,
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
def record_portal_snapshot(path: str | Path, *, actor: Actor) -> tuple[PortalSnapshot, bool]:
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
    paths: Iterable[str | Path], *, actor: Actor
) -> list[tuple[PortalSnapshot, bool]]:
    """Store several responses (directories expanded), all or none."""
    return [_store(response, actor=actor) for response in load_responses(paths)]


@transaction.atomic
def record_portal_responses(
    responses: Iterable[PortalResponse], *, actor: Actor
) -> list[tuple[PortalSnapshot, bool]]:
    """Store responses already parsed (an upload on the reconcile page), all or none."""
    return [_store(response, actor=actor) for response in responses]


# --- dossier imports ------------------------------------------------------------------------

PROGRESS_EVERY_S = 0.5


def start_import(
    path: str | Path,
    *,
    actor: Actor,
    mapping_path: str | Path | None = None,
    illustrative: bool = False,
) -> DossierImport:
    """Create the status row of an import (state ``pending``) before it runs.

    ``illustrative`` marks synthetic dossiers (the demo's): the dossier pages then carry the
    illustrative banner whatever units they show."""
    path = Path(path)
    return DossierImport.objects.create(
        file_name=path.name[:255],
        file_size=path.stat().st_size if path.is_file() else 0,
        mapping_name=Path(mapping_path).name[:255] if mapping_path else "",
        actor_label=actor_label(actor),
        is_illustrative=illustrative,
    )


def import_dossiers(
    path: str | Path,
    *,
    actor: Actor,
    mapping_path: str | Path | None = None,
    unknown_units: str = REFUSE,
    store: DossierStore | None = None,
    record: DossierImport | None = None,
    progress: Progress | None = None,
    illustrative: bool = False,
) -> tuple[DossierImport, DossierImportReport]:
    """Import a dossier file into the store and refresh the summaries (docs/dossiers-import.md).

    The file is validated whole first; a refused file (``InputRejected``) writes nothing to the
    store nor to the summaries, and the status row says why. The status row is updated while
    the import runs (outside any transaction, so that a page can poll it); the outcome — the
    summaries, the status row and the audit event — is written in one transaction
    (:func:`_finish_import`) just before the new store version is published.
    """
    path = Path(path)
    if record is None:
        record = start_import(
            path, actor=actor, mapping_path=mapping_path, illustrative=illustrative
        )
    DossierImport.objects.filter(pk=record.pk).update(state=DossierImport.State.RUNNING)
    last = [0.0]

    def report(phase: str, fraction: float) -> None:
        now = time.monotonic()
        if progress is not None:
            progress(phase, fraction)
        if now - last[0] >= PROGRESS_EVERY_S or fraction >= 1:
            last[0] = now
            DossierImport.objects.filter(pk=record.pk).update(phase=phase, progress=fraction)

    try:
        mapping = load_mapping(mapping_path) if mapping_path else None
        importer = DossierImporter(
            path,
            units=queries.unit_refs(),
            calendar=get_calendar(),
            mapping=mapping,
            unknown_units=unknown_units,
            store=store,
            progress=report,
            import_id=record.pk,
        )
        result = importer.run(on_built=lambda res: _finish_import(record.pk, res, actor=actor))
    except InputRejected as exc:
        DossierImport.objects.filter(pk=record.pk).update(
            state=DossierImport.State.REFUSED,
            problems=[p.as_dict() | {"text": str(p)} for p in exc.problems],
            finished_at=timezone.now(),
        )
        raise
    except StoreBusy:
        problem = Problem(_("Another import is running; try again when it has finished."))
        DossierImport.objects.filter(pk=record.pk).update(
            state=DossierImport.State.REFUSED,
            problems=[problem.as_dict() | {"text": str(problem)}],
            finished_at=timezone.now(),
        )
        raise InputRejected([problem]) from None
    except Exception as exc:
        DossierImport.objects.filter(pk=record.pk).update(
            state=DossierImport.State.FAILED,
            problems=[{"text": f"{type(exc).__name__}: {exc}"}],
            finished_at=timezone.now(),
        )
        raise
    record.refresh_from_db()
    return record, result


@transaction.atomic
def _finish_import(record_id: int, result: DossierImportReport, *, actor: Actor) -> None:
    """Replace the summaries, close the status row and audit the import, in one transaction."""
    record = DossierImport.objects.select_for_update().get(pk=record_id)
    written = replace_summaries(result.summaries)
    report = result.as_dict() | {"summaries": written}
    record.state = DossierImport.State.SUCCEEDED
    record.phase = "done"
    record.progress = 1.0
    record.rows_read = result.rows_read
    record.rows_inserted = result.inserted
    record.rows_updated = result.updated
    record.rows_kept_apart = result.kept_apart
    record.problems = []
    record.report = report
    record.finished_at = timezone.now()
    record.save()
    record_audit(
        actor=actor,
        action=AuditAction.DOSSIER_IMPORT,
        obj=record,
        after={
            "file": result.file,
            "rows_read": result.rows_read,
            "inserted": result.inserted,
            "updated": result.updated,
            "kept_apart": result.kept_apart,
            "unknown_units": result.unknown_units,
            "store_rows": result.store_rows,
        },
    )


def replace_summaries(batch: SummaryBatch | None) -> int:
    """Replace every stored summary by ``batch`` (inside the caller's transaction)."""
    DossierSummary.objects.all().delete()
    if batch is None:
        return 0
    known = set(Unit.objects.values_list("id", flat=True))
    by_code = {p.code: p for p in batch.periods}
    now = timezone.now()
    codes = [m.code for m in MEASURES]

    def rows() -> Iterator[DossierSummary]:
        for row in batch.unit_rows:
            unit_id = int(row["unit_id"])
            if unit_id not in known:
                continue
            period = by_code[row["period"]]
            key = (unit_id, period.code)
            procedures = batch.procedures.get(key)
            yield DossierSummary(
                unit_id=unit_id,
                period=period.code,
                period_kind=period.kind,
                granularity=period.granularity,
                first_day=period.first_day,
                last_day=period.last_day,
                measures={c: int(row[c]) for c in codes if row[c]},
                histogram={str(k): v for k, v in sorted(batch.histograms.get(key, {}).items())},
                procedures=(
                    {"measures": codes, "rows": json.loads(procedures)} if procedures else {}
                ),
                computed_at=now,
            )

    written = 0
    chunk: list[DossierSummary] = []
    for summary in rows():
        chunk.append(summary)
        if len(chunk) >= 2000:
            DossierSummary.objects.bulk_create(chunk)
            written += len(chunk)
            chunk = []
    if chunk:
        DossierSummary.objects.bulk_create(chunk)
        written += len(chunk)
    return written
