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


@dataclass
class LoadResult:
    """What :func:`load_overrides` did, row by row."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


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
    result = LoadResult()
    for row in rows:
        label = f"{row.date.isoformat()}/{row.scope}"
        existing = CalendarOverride.objects.filter(date=row.date, scope=row.scope).first()
        if existing is None:
            CalendarOverride.objects.create(date=row.date, scope=row.scope, **row.values())
            result.created.append(label)
            continue
        values = row.values()
        if all(getattr(existing, name) == value for name, value in values.items()):
            result.unchanged.append(label)
            continue
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        result.updated.append(label)
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
