"""Audit action names move to the one ``noun.verb`` vocabulary (``AuditAction``).

Existing rows are renamed in place (the mapping is ``LEGACY_AUDIT_ACTIONS``), so filtering the
log by action finds old and new events alike. The rename is reversible.
"""

from django.db import migrations, models

# Frozen here: a migration must not change when the model module does.
RENAMES = {
    "units.import": "unit.import",
    "calendars.load_overrides": "calendar_override.import",
    "calendars.save_override": "calendar_override.save",
    "calendars.delete_override": "calendar_override.delete",
    "demo.personas": "demo_personas.create",
    "round.deadlines": "round.set_deadlines",
    "deadline.exception": "deadline_exception.grant",
    "reason.save": "adjustment_reason.save",
    "entries.save": "entry.save_many",
    "entries.feed": "entry.feed",
    "entries.accept": "entry.accept_many",
    "points.import": "external_points.import",
    "standing.import": "national_result.import",
    "standing.import_plan": "target_plan.import",
    "standing.target_adopt": "target.adopt",
    "standing.target_retire": "target.retire",
    "standing.target_reattach": "target.reattach",
    "standing.target_reparameterise": "target.reparameterise",
    "dossiers.import_dossiers": "dossier.import",
    "dossiers.record_portal_snapshot": "portal_snapshot.record",
}


def _rename(apps, mapping):
    events = apps.get_model("core", "AuditEvent").objects
    for old, new in mapping.items():
        # QuerySet.update: the model's append-only save() guard is not involved.
        events.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMES)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roleassignment")]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('unit.import', 'Units imported'), ('framework.import', 'Framework imported'), ('framework.replace', 'Framework replaced'), ('calendar_override.import', 'Calendar overrides imported'), ('calendar_override.save', 'Calendar override saved'), ('calendar_override.delete', 'Calendar override deleted'), ('role.grant', 'Role granted'), ('role.revoke', 'Role revoked'), ('demo_personas.create', 'Demo personas created'), ('round.open', 'Round opened'), ('round.set_deadlines', 'Round deadlines set'), ('round.finalise', 'Round finalised'), ('round.publish', 'Round published'), ('deadline_exception.grant', 'Deadline exception granted'), ('appraiser.assign', 'Appraiser assigned'), ('appraiser.unassign', 'Appraiser unassigned'), ('adjustment_reason.save', 'Adjustment reason saved'), ('entry.save', 'Criterion saved'), ('entry.save_many', 'Criteria saved'), ('entry.feed', 'Criteria filled from the dossier figures'), ('evidence.attach', 'Evidence attached'), ('evidence.remove', 'Evidence removed'), ('assessment.submit', 'Self-assessment submitted'), ('entry.accept', 'Criterion accepted'), ('entry.accept_many', 'Remaining criteria accepted'), ('entry.adjust', 'Criterion adjusted'), ('entry.return', 'Criterion returned for explanation'), ('entry.explain', 'Criterion explained'), ('external_points.import', 'External points imported'), ('national_result.import', 'National results imported'), ('target_plan.import', 'Target plan imported'), ('target.adopt', 'Target adopted'), ('target.retire', 'Target retired'), ('target.reattach', 'Target re-attached to a successor'), ('target.reparameterise', 'Target re-parameterised'), ('dossier.import', 'Dossiers imported'), ('portal_snapshot.record', 'Portal response stored')], db_index=True, max_length=64, verbose_name='action'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
