"""Base mixins and the append-only audit log shared by every ParIndex app.

Roles and role assignments live in :mod:`parindex.access.models`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedMixin(models.Model):
    """Adds when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ImmutableError(Exception):
    """Raised when code tries to change or delete an append-only record."""


class AuditAction(models.TextChoices):
    """Every kind of state change the audit log records, one name each: ``noun.verb``.

    The noun is the thing changed (singular, snake_case), the verb what happened to it. An
    action function passes one of these to ``record_audit``, which refuses any other name, so
    the log can be filtered by a closed list and every entry has a readable label.
    """

    # Reference data
    UNIT_IMPORT = "unit.import", _("Units imported")
    FRAMEWORK_IMPORT = "framework.import", _("Framework imported")
    FRAMEWORK_REPLACE = "framework.replace", _("Framework replaced")
    CALENDAR_OVERRIDE_IMPORT = "calendar_override.import", _("Calendar overrides imported")
    CALENDAR_OVERRIDE_SAVE = "calendar_override.save", _("Calendar override saved")
    CALENDAR_OVERRIDE_DELETE = "calendar_override.delete", _("Calendar override deleted")
    # People and roles
    ROLE_GRANT = "role.grant", _("Role granted")
    ROLE_REVOKE = "role.revoke", _("Role revoked")
    DEMO_PERSONAS_CREATE = "demo_personas.create", _("Demo personas created")
    # The assessment round
    ROUND_OPEN = "round.open", _("Round opened")
    ROUND_SET_DEADLINES = "round.set_deadlines", _("Round deadlines set")
    ROUND_FINALISE = "round.finalise", _("Round finalised")
    ROUND_PUBLISH = "round.publish", _("Round published")
    DEADLINE_EXCEPTION_GRANT = "deadline_exception.grant", _("Deadline exception granted")
    APPRAISER_ASSIGN = "appraiser.assign", _("Appraiser assigned")
    APPRAISER_UNASSIGN = "appraiser.unassign", _("Appraiser unassigned")
    ADJUSTMENT_REASON_SAVE = "adjustment_reason.save", _("Adjustment reason saved")
    # A unit's assessment
    ENTRY_SAVE = "entry.save", _("Criterion saved")
    ENTRY_SAVE_MANY = "entry.save_many", _("Criteria saved")
    ENTRY_FEED = "entry.feed", _("Criteria filled from the dossier figures")
    EVIDENCE_ATTACH = "evidence.attach", _("Evidence attached")
    EVIDENCE_REMOVE = "evidence.remove", _("Evidence removed")
    ASSESSMENT_SUBMIT = "assessment.submit", _("Self-assessment submitted")
    ENTRY_ACCEPT = "entry.accept", _("Criterion accepted")
    ENTRY_ACCEPT_MANY = "entry.accept_many", _("Remaining criteria accepted")
    ENTRY_ADJUST = "entry.adjust", _("Criterion adjusted")
    ENTRY_RETURN = "entry.return", _("Criterion returned for explanation")
    ENTRY_EXPLAIN = "entry.explain", _("Criterion explained")
    EXTERNAL_POINTS_IMPORT = "external_points.import", _("External points imported")
    # National standing and targets
    NATIONAL_RESULT_IMPORT = "national_result.import", _("National results imported")
    TARGET_PLAN_IMPORT = "target_plan.import", _("Target plan imported")
    TARGET_ADOPT = "target.adopt", _("Target adopted")
    TARGET_RETIRE = "target.retire", _("Target retired")
    TARGET_REATTACH = "target.reattach", _("Target re-attached to a successor")
    TARGET_REPARAMETERISE = "target.reparameterise", _("Target re-parameterised")
    # Dossiers
    DOSSIER_IMPORT = "dossier.import", _("Dossiers imported")
    PORTAL_SNAPSHOT_RECORD = "portal_snapshot.record", _("Portal response stored")


#: Audit action names before the one ``noun.verb`` scheme, for the migration that renames them.
LEGACY_AUDIT_ACTIONS = {
    "units.import": AuditAction.UNIT_IMPORT,
    "calendars.load_overrides": AuditAction.CALENDAR_OVERRIDE_IMPORT,
    "calendars.save_override": AuditAction.CALENDAR_OVERRIDE_SAVE,
    "calendars.delete_override": AuditAction.CALENDAR_OVERRIDE_DELETE,
    "demo.personas": AuditAction.DEMO_PERSONAS_CREATE,
    "round.deadlines": AuditAction.ROUND_SET_DEADLINES,
    "deadline.exception": AuditAction.DEADLINE_EXCEPTION_GRANT,
    "reason.save": AuditAction.ADJUSTMENT_REASON_SAVE,
    "entries.save": AuditAction.ENTRY_SAVE_MANY,
    "entries.feed": AuditAction.ENTRY_FEED,
    "entries.accept": AuditAction.ENTRY_ACCEPT_MANY,
    "points.import": AuditAction.EXTERNAL_POINTS_IMPORT,
    "standing.import": AuditAction.NATIONAL_RESULT_IMPORT,
    "standing.import_plan": AuditAction.TARGET_PLAN_IMPORT,
    "standing.target_adopt": AuditAction.TARGET_ADOPT,
    "standing.target_retire": AuditAction.TARGET_RETIRE,
    "standing.target_reattach": AuditAction.TARGET_REATTACH,
    "standing.target_reparameterise": AuditAction.TARGET_REPARAMETERISE,
    "dossiers.import_dossiers": AuditAction.DOSSIER_IMPORT,
    "dossiers.record_portal_snapshot": AuditAction.PORTAL_SNAPSHOT_RECORD,
}


class AuditEvent(models.Model):
    """One state change: who did what to which object, with the values before and after.

    The log is append-only: rows are written by action functions in the same transaction as the
    change they describe, and are never updated or deleted.
    """

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(
        _("actor label"),
        max_length=150,
        help_text=_("Who acted, kept as text so the record stays readable (e.g. 'cli')."),
    )
    action = models.CharField(
        _("action"), max_length=64, db_index=True, choices=AuditAction.choices
    )
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    unit_code = models.CharField(_("unit code"), max_length=64, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("audit events are append-only")
