"""State changes of the override table. Each runs in one transaction and writes an audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from parindex.calendars.models import CalendarOverride
from parindex.calendars.overrides_file import SHIPPED_FILE, read_overrides
from parindex.calendars.queries import invalidate_calendars
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.results import OUTCOMES, ImportResult


@dataclass
class LoadResult(ImportResult):
    """The kit's ``ImportResult`` of :func:`load_overrides`, with the rows it names.

    The counts (``counts()``, ``changed``) are the kit's; ``created``, ``updated`` and
    ``unchanged`` are the ``date/scope`` labels of the rows of each outcome (what the command
    counts and the audit event lists).
    """

    labels: dict[str, list[str]] = field(
        default_factory=lambda: {outcome: [] for outcome in OUTCOMES}
    )

    def record(self, outcome: str, label: str) -> None:
        self.add("", outcome)
        self.labels[outcome].append(label)

    @property
    def created(self) -> list[str]:
        return self.labels["created"]

    @property
    def updated(self) -> list[str]:
        return self.labels["updated"]

    @property
    def unchanged(self) -> list[str]:
        return self.labels["unchanged"]

    def as_dict(self) -> dict[str, list[str]]:
        return {outcome: list(self.labels[outcome]) for outcome in OUTCOMES}


@transaction.atomic
def load_overrides(path: Path | str | None = None, *, actor: Actor) -> LoadResult:
    """Bring the table in line with an override file (the shipped one by default).

    Rows are matched on (date, scope): new ones are created, changed ones updated, the others
    left alone; rows of the table that the file does not name (added by an administrator) are
    kept. Running it twice changes nothing the second time. A file with any problem is refused
    whole (``InputRejected`` naming line and field) and nothing is written. One audit event
    records the file and what changed.
    """
    file_path = Path(path) if path is not None else SHIPPED_FILE
    rows = read_overrides(file_path)
    result = LoadResult(file=file_path.name)
    for row in rows:
        label = f"{row.date.isoformat()}/{row.scope}"
        existing = CalendarOverride.objects.filter(date=row.date, scope=row.scope).first()
        if existing is None:
            CalendarOverride.objects.create(date=row.date, scope=row.scope, **row.values())
            result.record("created", label)
            continue
        values = row.values()
        if all(getattr(existing, name) == value for name, value in values.items()):
            result.record("unchanged", label)
            continue
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        result.record("updated", label)
    record_audit(
        actor=actor,
        action=AuditAction.CALENDAR_OVERRIDE_IMPORT,
        object_type="calendars.calendaroverride",
        object_repr=file_path.name,
        after={"file": str(file_path), **result.as_dict()},
    )
    transaction.on_commit(invalidate_calendars)
    return result


@transaction.atomic
def save_override(override: CalendarOverride, *, actor: Actor) -> CalendarOverride:
    """Create or change one override row (the admin's save), after checking it."""
    from django.core.exceptions import ValidationError

    try:
        override.full_clean()
    except ValidationError as exc:
        raise InputRejected(
            Problem(str(message), field=name)
            for name, messages in exc.message_dict.items()
            for message in messages
        ) from exc
    before = None
    if override.pk is not None:
        previous = CalendarOverride.objects.filter(pk=override.pk).first()
        before = previous.as_dict() if previous is not None else None
    override.save()
    record_audit(
        actor=actor,
        action=AuditAction.CALENDAR_OVERRIDE_SAVE,
        obj=override,
        before=before,
        after=override.as_dict(),
    )
    transaction.on_commit(invalidate_calendars)
    return override


@transaction.atomic
def delete_override(override: CalendarOverride, *, actor: Actor) -> None:
    """Delete one override row; the audit event keeps what it said."""
    record_audit(
        actor=actor,
        action=AuditAction.CALENDAR_OVERRIDE_DELETE,
        obj=override,
        before=override.as_dict(),
    )
    override.delete()
    transaction.on_commit(invalidate_calendars)
