"""The working-day override table: the days the yearly notices move away from the package.

The ``holidays`` package gives Vietnam's statutory holidays; each year the Ministry of Home
Affairs (Ministry of Labour up to 2025) publishes a notice that may add a weekday off and make a
Saturday a working day for the civil service. Those decisions are rows of this table, never code.
The maths lives in :mod:`parindex.lib.calendar`; :func:`parindex.calendars.queries.get_calendar`
builds a calendar from the active rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.core.models import TimeStampedMixin
from parindex.lib import calendar as cal


class OverrideKind(models.TextChoices):
    """What an override does to its day."""

    EXTRA_DAY_OFF = cal.EXTRA_DAY_OFF, _("extra day off")
    MAKE_UP_WORKING_DAY = cal.MAKE_UP_WORKING_DAY, _("make-up working day")
    NOT_A_HOLIDAY = cal.NOT_A_HOLIDAY, _("not a holiday")


class OverrideScope(models.TextChoices):
    """Whom an override concerns."""

    CIVIL_SERVICE = cal.SCOPE_CIVIL_SERVICE, _("civil service")
    ALL = cal.SCOPE_ALL, _("everyone")


class SourceStatus(models.TextChoices):
    """How far the source of a row has been checked."""

    VERIFIED = "verified", _("verified")
    SECONDARY = "secondary", _("secondary")
    UNVERIFIED = "unverified", _("unverified")


class CalendarOverride(TimeStampedMixin):
    """One day on which a yearly notice departs from the ``holidays`` package.

    ``extra_day_off`` makes a weekday a day off, ``make_up_working_day`` makes a Saturday or
    Sunday a working day, ``not_a_holiday`` cancels a holiday of the package. At most one row per
    date and scope. Inactive rows stay for the record (e.g. an unconfirmed report) and do not
    change the calendar.
    """

    date = models.DateField(_("date"), help_text=_("The day concerned."))
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=OverrideKind.choices,
        help_text=_(
            "Extra day off: a weekday off the package does not know. Make-up working day: a "
            "Saturday or Sunday worked. Not a holiday: cancels a holiday of the package."
        ),
    )
    scope = models.CharField(
        _("scope"),
        max_length=16,
        choices=OverrideScope.choices,
        default=OverrideScope.CIVIL_SERVICE,
        help_text=_(
            "Civil service: applies to the calendar of dossier deadlines only. Everyone: "
            "applies to every calendar."
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("notice year"),
        help_text=_("The year the notice is for; the date may lie in the year before or after."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("The notice or document the row comes from, e.g. “6150/TB-BLĐTBXH”."),
    )
    status = models.CharField(
        _("source status"),
        max_length=16,
        choices=SourceStatus.choices,
        help_text=_(
            "Verified: official text checked. Secondary: third-party material. Unverified: "
            "not checked; keep such rows inactive unless the row only cancels something."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active rows change the calendar."),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why the row exists, or why it is inactive.")
    )

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "scope"], name="calendars_override_unique_date_scope"
            )
        ]
        indexes = [models.Index(fields=["year"], name="calendars_override_year")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} ({self.get_scope_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from parindex.calendars.overrides_file import check_values

        problems = check_values(self.date, self.kind, self.year)
        if problems:
            raise ValidationError(dict(problems))

    def to_override(self) -> cal.Override:
        """The row as the framework-free calendar takes it."""
        return cal.Override(
            date=self.date,
            kind=self.kind,
            scope=self.scope,
            year=self.year,
            source=self.source,
            status=self.status,
            active=self.is_active,
            note=self.note,
        )

    def as_dict(self) -> dict[str, Any]:
        """The row for audit events and exports."""
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "scope": self.scope,
            "year": self.year,
            "source": self.source,
            "status": self.status,
            "is_active": self.is_active,
            "note": self.note,
        }
