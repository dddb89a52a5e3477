"""Administrative units and how they descend from one another across reorganisations.

A unit is identified by its code *within a code system*: the same digits mean different units
before and after 1 July 2025 (old 80 is Long An, new 80 is Tây Ninh), so every lookup pairs the
code with its system or with a date. Validity is half-open: a unit is valid on day D when
``valid_from <= D < valid_to`` (an empty bound is open).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.models import TreeNode
from tree_queries.query import TreeQuerySet

REORGANISATION_2025 = dt.date(2025, 7, 1)


class CodeSystem(models.TextChoices):
    """Which list a unit code belongs to."""

    HISTORICAL_63 = "historical_63", _("Historical (63 provinces, before 1 July 2025)")
    CURRENT_34 = "current_34", _("Current (34 provinces, from 1 July 2025)")
    LOCAL = "local", _("Local (codes a province gives its departments)")


class UnitKind(models.TextChoices):
    """The level of a unit in the administration."""

    PROVINCE = "province", pgettext_lazy("unit kind", "province")
    DISTRICT = "district", pgettext_lazy("unit kind", "district")
    COMMUNE = "commune", pgettext_lazy("unit kind", "commune")
    DEPARTMENT = "department", pgettext_lazy("unit kind", "department")


class UnitSubkind(models.TextChoices):
    """The legal type of a unit within its level (ward or rural commune, town, city …)."""

    CENTRALLY_RUN_CITY = "centrally_run_city", _("centrally-run city")
    PROVINCE = "province", _("province")
    WARD = "ward", _("ward")
    RURAL_COMMUNE = "rural_commune", _("rural commune")
    SPECIAL_ZONE = "special_zone", _("special zone")
    TOWNSHIP = "township", _("township")
    URBAN_DISTRICT = "urban_district", _("urban district")
    RURAL_DISTRICT = "rural_district", _("rural district")
    TOWN = "town", _("district-level town")
    PROVINCIAL_CITY = "provincial_city", _("provincial city")
    SPECIALISED_AGENCY = "specialised_agency", _("specialised agency")


class LineageRelation(models.TextChoices):
    """How a predecessor became (part of) a successor."""

    MERGED_WHOLE = "merged_whole", _("merged whole")
    MERGED_PARTIAL = "merged_partial", _("merged in part")
    UNCHANGED = "unchanged", _("unchanged")
    RENAMED = "renamed", _("renamed")
    SPLIT = "split", _("split")


class WeightBasis(models.TextChoices):
    """What a lineage weight measures; the choice is a policy decision of the province."""

    POPULATION = "population", _("population")
    AREA = "area", _("area")
    DOSSIER_VOLUME = "dossier_volume", _("dossier volume")
    EQUAL = "equal", _("equal shares")


class UnitQuerySet(TreeQuerySet):
    """Unit queries that understand validity dates and the tree (recursive CTE)."""

    def valid_on(self, day: dt.date) -> UnitQuerySet:
        """Units valid on ``day`` (half-open: ``valid_from <= day < valid_to``)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        )


class Unit(TreeNode):
    """An administrative unit (province, district, commune) or a provincial department.

    The unit a PAR index assesses or aggregates over. A unit keeps its own code, name, kind and
    parent for the period it was valid; a reorganisation ends old units (``valid_to``) and starts
    new ones (``valid_from``) and links them through ``LineageLink`` rows, so history can be shown
    as it was or re-based onto today's units.
    """

    code = models.CharField(
        _("code"),
        max_length=32,
        help_text=_("The unit's code within its code system, e.g. 92 or 31120 or CT-SNV."),
    )
    code_system = models.CharField(
        _("code system"),
        max_length=20,
        choices=CodeSystem.choices,
        help_text=_(
            "Which code list the code belongs to; codes are reused across the 2025 "
            "reorganisation, so a code means nothing without its system."
        ),
    )
    name = models.CharField(
        _("name"), max_length=255, help_text=_("Official Vietnamese name, e.g. Phường Cái Khế.")
    )
    name_en = models.CharField(
        _("English name"), max_length=255, blank=True, help_text=_("Optional English name.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=UnitKind.choices,
        help_text=_("Administrative level: province, district, commune or department."),
    )
    subkind = models.CharField(
        _("subkind"),
        max_length=32,
        choices=UnitSubkind.choices,
        blank=True,
        help_text=_("Legal type within the level, e.g. ward or rural commune."),
    )
    parent = TreeNodeForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The unit this one belongs to (a commune's province or district)."),
    )
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("First day the unit exists; empty means since before our records."),
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_(
            "First day the unit no longer exists (exclusive); empty means it is still valid."
        ),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("True for synthetic demonstration units that do not exist in reality."),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the unit's data comes from (URLs, decisions).")
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code_system", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code_system", "code"], name="units_unit_unique_code"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="units_unit_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code_system}:{self.code})"

    @property
    def key(self) -> str:
        """The unit's reference as written in files and on the CLI: ``SYSTEM:CODE``."""
        return f"{self.code_system}:{self.code}"

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the unit exists on ``day`` (half-open validity)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


class LineageLink(models.Model):
    """One edge of the conversion table: a predecessor unit became (part of) a successor.

    ``weight`` is the share of the successor attributed to the predecessor when a baseline for
    the successor is built from its predecessors' values. For each successor, effective date and
    weight basis the weights of its predecessors sum to 1. Several bases (population, area,
    dossier volume, equal shares) may be stored side by side; which one a computation uses is a
    policy decision.
    """

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successor_links",
        help_text=_("The unit before the change."),
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
        help_text=_("The unit after the change."),
    )
    effective_on = models.DateField(
        _("effective on"), help_text=_("First day the successor exists in this form.")
    )
    relation = models.CharField(
        _("relation"),
        max_length=20,
        choices=LineageRelation.choices,
        help_text=_("How the predecessor became part of the successor."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=9,
        decimal_places=6,
        help_text=_(
            "Share of the successor attributed to the predecessor (0 to 1); the weights of a "
            "successor's predecessors sum to 1 for each basis."
        ),
    )
    weight_basis = models.CharField(
        _("weight basis"),
        max_length=20,
        choices=WeightBasis.choices,
        help_text=_("What the weight measures: population, area, dossier volume or equal shares."),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Where the link comes from."))
    note = models.TextField(_("note"), blank=True, help_text=_("Remarks, e.g. on the weights."))

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        ordering = ["effective_on", "successor__code", "predecessor__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "effective_on", "weight_basis"],
                name="units_lineagelink_unique",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=Decimal(0)) & Q(weight__lte=Decimal(1)),
                name="units_lineagelink_weight_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"
