"""Stored responses of the national portal's Decision 766 evaluation (docs/qd766.md)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.access.querysets import ScopedQuerySet
from parindex.core.models import ImmutableError


class PortalSnapshotQuerySet(ScopedQuerySet["PortalSnapshot"]):
    """Refuses bulk changes: snapshots are append-only.

    A snapshot belongs to the province as a whole (its root unit is a portal code, not a unit
    of ParIndex): the PAR office, who reconciles with the portal, sees them all; nobody else.
    """

    scope_path = None
    default_permission = "par_office"

    def update(self, **kwargs: Any) -> int:
        raise ImmutableError("portal snapshots are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError("portal snapshots are append-only")


class PortalSnapshot(models.Model):
    """One response of the portal's evaluation API, kept exactly as received.

    A snapshot is the body of one portal tab (``group``) for one root unit and period, with the
    SHA-256 of its bytes: recording the same body twice returns the first snapshot. Snapshots are
    append-only, like audit events: reconciliation tables are derived from them and the portal's
    scores in them stay the official values.
    """

    PERIOD_KINDS = [("month", _("month")), ("quarter", _("quarter")), ("year", _("year"))]

    group = models.CharField(
        _("group"),
        max_length=64,
        db_index=True,
        help_text=_("The portal tab (API group id), e.g. dvc-progress-tree."),
    )
    period_kind = models.CharField(_("period kind"), max_length=8, choices=PERIOD_KINDS, blank=True)
    period_year = models.PositiveSmallIntegerField(_("period year"), null=True, blank=True)
    period_quarter = models.PositiveSmallIntegerField(_("period quarter"), null=True, blank=True)
    period_month = models.PositiveSmallIntegerField(_("period month"), null=True, blank=True)
    root_unit_code = models.CharField(
        _("root unit code"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "The portal code of the root unit (departmentCode), when the response has one."
        ),
    )
    root_unit_name = models.CharField(_("root unit name"), max_length=255, blank=True)
    source_name = models.CharField(
        _("source file name"),
        max_length=255,
        help_text=_("The name of the file the response was read from."),
    )
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the response body as received, in hexadecimal."),
    )
    body = models.JSONField(_("body"), help_text=_("The response body, unchanged."))
    fetched_at = models.DateTimeField(
        _("fetched at"),
        null=True,
        blank=True,
        help_text=_("When the response was fetched from the portal, if known."),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    imported_by = models.CharField(
        _("imported by"),
        max_length=150,
        help_text=_("Who recorded the snapshot, kept as text (e.g. 'cli')."),
    )

    objects = PortalSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("portal snapshot")
        verbose_name_plural = _("portal snapshots")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.group} {self.period_label} {self.root_unit_code or self.root_unit_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("portal snapshots are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("portal snapshots are append-only")

    @property
    def period_label(self) -> str:
        if self.period_kind == "month" and self.period_year and self.period_month:
            return f"{self.period_year}-{self.period_month:02d}"
        if self.period_kind == "quarter" and self.period_year:
            return f"{self.period_year}-Q{self.period_quarter}"
        return str(self.period_year or "")


class DossierImport(models.Model):
    """One import of a dossier file: its progress while it runs, then its report.

    The row is written as the import goes (outside the import's final transaction) so that the
    web page can poll it; the import's outcome and the audit event are written in one
    transaction at the end.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("imported")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    file_name = models.CharField(
        _("file name"), max_length=255, help_text=_("The name of the imported file.")
    )
    file_size = models.BigIntegerField(_("file size"), default=0, help_text=_("In bytes."))
    mapping_name = models.CharField(
        _("mapping file"),
        max_length=255,
        blank=True,
        help_text=_("The column-mapping file used, if any."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    phase = models.CharField(
        _("phase"), max_length=64, blank=True, help_text=_("What the import is doing now.")
    )
    progress = models.FloatField(
        _("progress"), default=0, help_text=_("Share of the work done, from 0 to 1.")
    )
    rows_read = models.BigIntegerField(_("rows read"), default=0)
    rows_inserted = models.BigIntegerField(_("rows inserted"), default=0)
    rows_updated = models.BigIntegerField(_("rows updated"), default=0)
    rows_kept_apart = models.BigIntegerField(
        _("rows kept apart"),
        default=0,
        help_text=_("Rows of units unknown to ParIndex, stored but left out of every figure."),
    )
    problems = models.JSONField(
        _("problems"), default=list, blank=True, help_text=_("Why the file was refused.")
    )
    report = models.JSONField(
        _("report"), default=dict, blank=True, help_text=_("Counts and timings of the import.")
    )
    actor_label = models.CharField(_("imported by"), max_length=150, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Synthetic dossiers (the demo): every dossier page then says so."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def is_done(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.REFUSED, self.State.FAILED)


class DossierSummaryQuerySet(ScopedQuerySet["DossierSummary"]):
    """A unit's summaries are seen by whoever sees the unit; the province-wide readers of the
    dossier figures see every unit's."""

    scope_path = "unit"
    whole_province = "every_unit_dossiers"


class DossierSummary(models.Model):
    """The measures of one unit's own dossiers for one period, for pages.

    Written by every import from the dossier store so that pages never scan raw rows: one row
    per unit and period (every month, quarter and year of the calendar and of the 15th-to-14th
    report cycle that the stored dossiers touch). ``measures`` holds the additive measures of the
    indicator registry for the unit's own dossiers (not rolled up: a parent's figures are the sums
    over its subtree), ``histogram`` the working days used by the dossiers finished in the period
    (value → count) for percentiles, and — on calendar month rows — ``procedures`` the same
    measures per procedure: ``{"measures": [codes…], "rows": {MaTTHC: [values…]}}``.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="dossier_summaries",
    )
    period = models.CharField(
        _("period"), max_length=32, help_text=_("Period code, e.g. 2026-08, 2026-Q3R, 2026.")
    )
    period_kind = models.CharField(
        _("period kind"),
        max_length=24,
        help_text=_("calendar or report_cycle_15_14 (15th to 14th)."),
    )
    granularity = models.CharField(
        _("granularity"), max_length=8, help_text=_("month, quarter or year.")
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    measures = models.JSONField(_("measures"), default=dict)
    histogram = models.JSONField(_("working days used"), default=dict, blank=True)
    procedures = models.JSONField(
        _("measures per procedure"),
        default=dict,
        blank=True,
        help_text=_("Calendar month rows only: the measures of each procedure."),
    )
    computed_at = models.DateTimeField(_("computed at"))

    objects = DossierSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier summary")
        verbose_name_plural = _("dossier summaries")
        ordering = ["period", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="dossiers_summary_unique"),
        ]
        indexes = [models.Index(fields=["period", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}"
