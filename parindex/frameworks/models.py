"""Criteria frameworks (bộ chỉ số) as data: a versioned tree of areas, criteria and sub-criteria.

Methodology is data, never code: a province loads its official table from a YAML or Excel file
(``actions.import_framework``); ParIndex ships the 2017 provincial area structure and two
illustrative frameworks. Rows are written only by the import action, which validates the whole
tree and records the audit event.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.core.models import TimeStampedMixin
from parindex.lib.scoring.bands import Band
from parindex.lib.scoring.methods import (
    AWARD_MAX,
    BINARY,
    BONUS,
    COUNT_STEPS,
    DEDUCTION,
    EXCLUDE_AND_RESCALE,
    EXTERNAL_INDEX,
    MANUAL,
    RATE_PROPORTIONAL,
    RATE_STEPS,
    SURVEY,
)
from parindex.lib.scoring.numbers import to_decimal
from parindex.lib.scoring.tree import FrameworkSpec, node_tree

UNIT_KINDS = ("province", "department", "commune", "district")


class Framework(TimeStampedMixin, models.Model):
    """A criteria framework: the rules against which one kind of unit is assessed for a span of
    index years (e.g. the 2017 provincial PAR INDEX, or a province's 2025 framework for its
    departments). Its criteria form a tree whose maxima add up to the framework's maximum; its
    bands classify the resulting rate. Illustrative frameworks are not official methodology and
    every screen showing one says so.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")

    class NotApplicablePolicy(models.TextChoices):
        AWARD_MAX = AWARD_MAX, _("award the maximum")
        EXCLUDE_AND_RESCALE = EXCLUDE_AND_RESCALE, _("exclude and rescale")

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable identifier, e.g. PROVINCE-2017; a new version gets a new code."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    unit_kinds = models.JSONField(
        _("unit kinds"),
        default=list,
        help_text=_("Kinds of unit assessed: province, department, commune, district."),
    )
    year_from = models.PositiveIntegerField(_("first index year"), null=True, blank=True)
    year_to = models.PositiveIntegerField(
        _("last index year"), null=True, blank=True, help_text=_("Empty: still in force.")
    )
    scope = models.CharField(
        _("scope"),
        max_length=64,
        default="national",
        help_text=_("“national”, or the code of the province that issued the framework."),
    )
    methodology_decision = models.TextField(
        _("methodology decision"), blank=True, help_text=_("Legal basis, e.g. 2948/QĐ-BNV.")
    )
    source = models.TextField(_("source"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("An example built for demonstration, not an official methodology."),
    )
    structure_only = models.BooleanField(
        _("structure only"),
        default=False,
        help_text=_(
            "Only the structure is published: maxima may be unknown and rows may lack a method."
        ),
    )
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Sum of the areas' maxima (100, or e.g. 60); empty = unknown."),
    )
    bands = models.JSONField(_("classification bands"), default=list, blank=True)
    not_applicable_policy = models.CharField(
        _("not-applicable policy"),
        max_length=32,
        choices=NotApplicablePolicy.choices,
        default=NotApplicablePolicy.AWARD_MAX,
    )
    total_cap = models.DecimalField(
        _("total cap"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Highest total after bonus points; empty = no cap."),
    )
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)

    class Meta:
        verbose_name = _("criteria framework")
        verbose_name_plural = _("criteria frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_vi}"

    def band_specs(self) -> tuple[Band, ...]:
        return tuple(band_from_dict(raw) for raw in self.bands or [])

    def to_spec(self, criteria: list[Criterion] | None = None) -> FrameworkSpec:
        """The scoring engine's view of this framework, built from one query on the criteria."""
        rows = (
            criteria
            if criteria is not None
            else list(self.criteria.order_by("level", "position", "pk"))
        )
        return FrameworkSpec(
            code=self.code,
            areas=node_tree(
                sorted(rows, key=lambda r: (r.position, r.pk or 0)),
                key=lambda r: r.pk,
                parent=lambda r: r.parent_id,
                params=decimal_params,
            ),
            max_points=self.max_points,
            bands=self.band_specs(),
            not_applicable_policy=self.not_applicable_policy,
            total_cap=self.total_cap,
            structure_only=self.structure_only,
            name_vi=self.name_vi,
            name_en=self.name_en,
            is_illustrative=self.is_illustrative,
        )


class Criterion(models.Model):
    """One row of a framework's tree: an area (lĩnh vực, level 1), a criterion (tiêu chí, 2) or
    a sub-criterion (tiêu chí thành phần, 3). A row with children is worth the sum of its
    children; a leaf is scored by its method from the data of its input source. An unknown
    maximum stays empty, never 0.
    """

    class Level(models.IntegerChoices):
        AREA = 1, _("area")
        CRITERION = 2, _("criterion")
        SUB_CRITERION = 3, _("sub-criterion")

    class Method(models.TextChoices):
        BINARY = BINARY, _("met / not met")
        RATE_PROPORTIONAL = RATE_PROPORTIONAL, _("proportional to a rate")
        RATE_STEPS = RATE_STEPS, _("stepped by rate")
        COUNT_STEPS = COUNT_STEPS, _("stepped by count")
        SURVEY = SURVEY, _("survey")
        EXTERNAL_INDEX = EXTERNAL_INDEX, _("external index")
        BONUS = BONUS, _("bonus points")
        DEDUCTION = DEDUCTION, _("deduction points")
        MANUAL = MANUAL, _("points entered directly")

    class InputSource(models.TextChoices):
        DECLARED = "declared", _("declared by the unit")
        DOSSIER_METRIC = "dossier_metric", _("dossier metric")
        SURVEY = "survey", _("survey")
        EXTERNAL_INDEX = "external_index", _("external index")
        APPRAISER = "appraiser", _("appraiser")

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    code = models.CharField(_("code"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    name_vi = models.TextField(_("Vietnamese name"))
    name_en = models.TextField(_("English name"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty = unknown (never 0 by default)."),
    )
    input_source = models.CharField(
        _("input source"),
        max_length=32,
        choices=InputSource.choices,
        default=InputSource.DECLARED,
    )
    method = models.CharField(
        _("scoring method"),
        max_length=32,
        choices=Method.choices,
        blank=True,
        help_text=_("Empty for a row scored as the sum of its children."),
    )
    params = models.JSONField(_("method parameters"), default=dict, blank=True)
    evidence_required = models.TextField(_("evidence required"), blank=True)
    owner_department = models.CharField(
        _("owner department"),
        max_length=64,
        blank=True,
        help_text=_("Code of the sector department that appraises the row."),
    )
    applies_to = models.JSONField(
        _("applies to"),
        default=list,
        blank=True,
        help_text=_("Unit kinds the row applies to; empty = all kinds of the framework."),
    )
    source = models.TextField(_("source"), blank=True)
    status = models.CharField(_("status"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi}"


def band_from_dict(raw: dict[str, Any]) -> Band:
    def number(value: Any) -> Decimal | None:
        return None if value in (None, "") else to_decimal(value)

    return Band(
        code=str(raw.get("code", "")),
        name_vi=str(raw.get("name_vi", "")),
        name_en=str(raw.get("name_en", "")),
        lower=number(raw.get("lower")),
        operator=str(raw.get("operator", ">=")),
        upper=number(raw.get("upper")),
    )


def decimal_params(value: Any) -> Any:
    """JSON parameters with every number turned into a Decimal (booleans kept)."""
    if isinstance(value, dict):
        return {key: decimal_params(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [decimal_params(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return to_decimal(value)
    return value


def json_params(value: Any) -> Any:
    """The inverse of :func:`decimal_params`: Decimals as JSON numbers (int when whole)."""
    if isinstance(value, dict):
        return {key: json_params(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_params(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
