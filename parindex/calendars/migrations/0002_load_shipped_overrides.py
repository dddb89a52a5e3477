"""Load the shipped override file, so a fresh database has the right calendar after migrate.

Idempotent: rows are matched on (date, scope) and created or updated; rows an administrator
added are kept. Later changes to the shipped file are applied with
``./run calendar load-overrides``.
"""

from django.db import migrations


def load(apps, schema_editor):
    from parindex.calendars.overrides_file import SHIPPED_FILE, read_overrides

    CalendarOverride = apps.get_model("calendars", "CalendarOverride")
    AuditEvent = apps.get_model("core", "AuditEvent")
    db = schema_editor.connection.alias
    changed = []
    for row in read_overrides(SHIPPED_FILE):
        CalendarOverride.objects.using(db).update_or_create(
            date=row.date, scope=row.scope, defaults=row.values()
        )
        changed.append(f"{row.date.isoformat()}/{row.scope}")
    AuditEvent.objects.using(db).create(
        actor=None,
        actor_label="migration",
        action="calendar_override.import",
        object_type="calendars.calendaroverride",
        object_repr=SHIPPED_FILE.name,
        after={"file": SHIPPED_FILE.name, "loaded": changed},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
