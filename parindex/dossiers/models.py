"""Stored responses of the national portal's Decision 766 evaluation (docs/qd766.md)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.core.models import ImmutableError


class PortalSnapshotQuerySet(models.QuerySet["PortalSnapshot"]):
    """Refuses bulk changes: snapshots are append-only."""

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
