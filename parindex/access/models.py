"""Roles and who holds them where.

``RoleAssignment`` rows are the only source of permissions: what each role may do is declared
once in :mod:`parindex.access.roles`, and which units a role covers is computed in
:mod:`parindex.access.scope`. Rows change through :mod:`parindex.access.actions` (``grant_role``,
``revoke_role``), which audit themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.core.models import TimeStampedMixin


class Role(models.TextChoices):
    """What a person may do in ParIndex. A user may hold several roles, each on a unit."""

    PROVINCE_ADMIN = "province_admin", _("PAR office administrator")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    UNIT_HEAD = "unit_head", _("Unit head")
    APPRAISER = "appraiser", _("Appraiser")
    COUNCIL_MEMBER = "council_member", _("Council member")
    LEADER = "leader", _("Leader")


class RoleAssignment(TimeStampedMixin):
    """A role held by a user on a unit and everything below it.

    Unit staff and unit heads act on their own unit. The PAR office administrator, appraisers,
    council members and leaders hold their role on the province, so they see every unit in it.
    An appraiser's ``area_codes`` list the framework areas they appraise (e.g. the Department
    of Justice appraises institutional reform); empty means every area.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("The role applies to this unit and every unit below it."),
    )
    area_codes = models.JSONField(
        _("areas"),
        default=list,
        blank=True,
        help_text=_("For appraisers: the codes of the areas they appraise; empty means all."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
