"""The national results registry and its reference data (sizes, groups, means, regions).

Published rows are kept as published: a conflict between rows is flagged when the registry is
read (``parindex.national.flags``), never resolved by changing a row. Everything a province
could want to correct (table sizes, rank groups, means, region membership) is data, imported
from files with their sources.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.TextChoices):
    """Provinces and ministries are ranked separately (par-index.md §4.3)."""

    PROVINCE = "province", _("provinces")
    MINISTRY = "ministry", _("ministries")


class SourceType(models.TextChoices):
    OFFICIAL = "official", _("official document")
    PRESS = "press", _("press report")
    THIRD_PARTY = "third_party_dataset_unverified", _("third-party dataset (unverified)")
    DERIVED = "derived", _("derived")


class DataStatus(models.TextChoices):
    """How far a value can be trusted (the status marks of par-index.md)."""

    AS_PUBLISHED = "as_published", _("as published by the cited source")
    VERIFIED = "verified", _("verified")
    SECONDARY = "secondary", _("secondary")
    DERIVED = "derived", _("derived")
    PARTIAL = "partial", _("partial")
    UNVERIFIED = "unverified", _("unverified")
    CONFLICT = "conflict", _("conflicting sources")


class Ministry(models.Model):
    """A ministry or ministerial-level agency ranked in the national index (not a unit)."""

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short code, e.g. MOJ or SBV.")
    )
    name = models.CharField(_("name"), max_length=255, help_text=_("Vietnamese name."))
    source = models.TextField(_("source"), blank=True, help_text=_("Where the name comes from."))

    class Meta:
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class NationalResult(models.Model):
    """One published national PAR INDEX result of a province or a ministry for one index year.

    Provinces before 2025 are historical_63 units, from 2025 current_34 units.
    """

    year = models.PositiveSmallIntegerField(_("index year"), help_text=_("The assessed year."))
    peer_group = models.CharField(
        _("peer group"),
        max_length=16,
        choices=PeerGroup.choices,
        help_text=_("Provinces and ministries are ranked separately."),
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="national_results",
        help_text=_("The province (empty for a ministry)."),
    )
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("ministry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
        help_text=_("The ministry (empty for a province)."),
    )
    name_as_published = models.CharField(
        _("name as published"), max_length=255, blank=True, help_text=_("Name in the source.")
    )
    par_index = models.DecimalField(
        _("PAR INDEX (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Published index, 0–100; empty when the source gave only the rank."),
    )
    published_rank = models.PositiveSmallIntegerField(
        _("published rank"),
        null=True,
        blank=True,
        help_text=_("Rank as published; empty when the source gave only the value."),
    )
    appraisal_score = models.DecimalField(
        _("appraisal points"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Points from the ministry's appraisal of the self-assessment, if published."),
    )
    survey_score = models.DecimalField(
        _("survey points"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Points from the sociological survey, if published."),
    )
    rank_group = models.CharField(
        _("rank group as published"),
        max_length=32,
        blank=True,
        help_text=_("The group the source names (e.g. Nhóm B); empty if it names none."),
    )
    source_url = models.TextField(_("source"), help_text=_("URL(s) of the source of this row."))
    source_type = models.CharField(
        _("source type"), max_length=40, choices=SourceType.choices, default=SourceType.PRESS
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DataStatus.choices,
        default=DataStatus.AS_PUBLISHED,
        help_text=_("How far the row can be trusted."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    imported_from = models.CharField(
        _("imported from"), max_length=255, blank=True, help_text=_("File the row came from.")
    )

    class Meta:
        verbose_name = _("national result")
        verbose_name_plural = _("national results")
        ordering = ["year", "peer_group", "published_rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(unit__isnull=False),
                name="standing_one_result_per_province_year",
            ),
            models.UniqueConstraint(
                fields=["year", "ministry"],
                condition=Q(ministry__isnull=False),
                name="standing_one_result_per_ministry_year",
            ),
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(ministry__isnull=True))
                | (Q(unit__isnull=True) & Q(ministry__isnull=False)),
                name="standing_result_unit_xor_ministry",
            ),
            models.CheckConstraint(
                condition=Q(par_index__isnull=True) | (Q(par_index__gte=0) & Q(par_index__lte=100)),
                name="standing_result_index_0_100",
            ),
        ]

    def __str__(self) -> str:
        who = self.unit or self.ministry
        return f"{self.year} · {who} · {self.par_index}"

    @property
    def subject_key(self) -> str:
        if self.unit_id and self.unit:
            return self.unit.key
        return f"ministry:{self.ministry.code}" if self.ministry else ""

    @property
    def subject_name(self) -> str:
        if self.unit_id and self.unit:
            return self.unit.name
        return self.ministry.name if self.ministry else self.name_as_published


class ResultComponent(models.Model):
    """A published part of a result: an area's points or component index, or a sub-score (SIPAS).

    ``component_index`` is the published area value in % (0–100); files name it ``area_rate.CODE``
    and the year tables ``rate_pct``, as before.
    """

    result = models.ForeignKey(
        NationalResult,
        verbose_name=_("result"),
        on_delete=models.CASCADE,
        related_name="components",
    )
    code = models.CharField(
        _("component"), max_length=64, help_text=_("Area code or sub-score code.")
    )
    label = models.CharField(_("label as published"), max_length=255, blank=True)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=4, null=True, blank=True)
    component_index = models.DecimalField(
        _("component rate (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    max_points = models.DecimalField(
        _("maximum points"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    source_url = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("result component")
        verbose_name_plural = _("result components")
        ordering = ["result", "code"]
        constraints = [
            models.UniqueConstraint(fields=["result", "code"], name="standing_one_component")
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.code}"


class SipasResult(models.Model):
    """A province's published citizen-satisfaction index (SIPAS) for one year."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    name_as_published = models.CharField(_("name as published"), max_length=255, blank=True)
    sipas = models.DecimalField(
        _("SIPAS (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    sipas_rank = models.PositiveSmallIntegerField(_("SIPAS rank"), null=True, blank=True)
    source_type = models.CharField(
        _("source type"), max_length=40, choices=SourceType.choices, default=SourceType.PRESS
    )
    source_url = models.TextField(_("source"))
    imported_from = models.CharField(_("imported from"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("SIPAS result")
        verbose_name_plural = _("SIPAS results")
        ordering = ["year", "sipas_rank"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="standing_one_sipas_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.unit} · {self.sipas}"


class TableSize(models.Model):
    """How many units a year's national table ranks (63 provinces until 2024, 34 from 2025)."""

    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, help_text=_("Empty: still valid.")
    )
    peer_group = models.CharField(_("peer group"), max_length=16, choices=PeerGroup.choices)
    size = models.PositiveSmallIntegerField(_("units ranked"))
    status = models.CharField(_("status"), max_length=16, choices=DataStatus.choices)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("table size")
        verbose_name_plural = _("table sizes")
        ordering = ["peer_group", "year_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["peer_group", "year_from"], name="standing_one_size_per_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.peer_group} {self.year_from}–{self.year_to or ''}: {self.size}"


class Region(models.Model):
    """A socio-economic region (vùng kinh tế - xã hội) for regional means."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RegionMembership(models.Model):
    """A province belongs to a region for a period (half-open: valid_from ≤ day < valid_to)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DataStatus.choices)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")
        ordering = ["region", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "unit"], name="standing_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.unit} ∈ {self.region}"


class RankGroup(models.Model):
    """A band of the national index for some years: lower and upper bound with their operators.

    Rows without years apply to any year that has no group of its own (e.g. "Nhóm C < 80 %").
    """

    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    peer_group = models.CharField(_("peer group"), max_length=16, choices=PeerGroup.choices)
    name = models.CharField(_("group"), max_length=64)
    lower = models.DecimalField(
        _("lower bound"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    lower_inclusive = models.BooleanField(_("lower bound included"), default=True)
    upper = models.DecimalField(
        _("upper bound"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    upper_inclusive = models.BooleanField(_("upper bound included"), default=False)
    expected_count = models.PositiveSmallIntegerField(
        _("units in the group"), null=True, blank=True, help_text=_("As published, if given.")
    )
    status = models.CharField(_("status"), max_length=16, choices=DataStatus.choices)
    rule_text = models.CharField(_("rule as published"), max_length=255, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("rank group")
        verbose_name_plural = _("rank groups")
        ordering = ["peer_group", "year_from", "-lower"]
        constraints = [
            models.UniqueConstraint(
                fields=["peer_group", "year_from", "year_to", "name", "status"],
                name="standing_one_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year_from or '*'}–{self.year_to or '*'})"


class PublishedMean(models.Model):
    """A published mean of the index: national, or of a region. Several sources may disagree."""

    year = models.PositiveSmallIntegerField(_("index year"))
    peer_group = models.CharField(_("peer group"), max_length=16, choices=PeerGroup.choices)
    scope = models.CharField(_("scope"), max_length=40, help_text=_("'national' or a region code."))
    value = models.DecimalField(_("mean (%)"), max_digits=7, decimal_places=4)
    count_above = models.PositiveSmallIntegerField(
        _("units above the mean"), null=True, blank=True, help_text=_("As published, if given.")
    )
    status = models.CharField(_("status"), max_length=16, choices=DataStatus.choices)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("published mean")
        verbose_name_plural = _("published means")
        ordering = ["year", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "peer_group", "scope", "value"], name="standing_one_mean_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.scope}: {self.value}"


class SourceDisagreement(models.Model):
    """Sources that disagree about a year's results, recorded so that they are flagged."""

    year = models.PositiveSmallIntegerField(_("index year"))
    peer_group = models.CharField(_("peer group"), max_length=16, choices=PeerGroup.choices)
    units = models.CharField(
        _("units"), max_length=255, help_text=_("Unit references, separated by ';'.")
    )
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=16, choices=DataStatus.choices)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("source disagreement")
        verbose_name_plural = _("source disagreements")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "peer_group", "units"], name="standing_one_disagreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.units}"


class QuotedChange(models.Model):
    """A year-on-year change quoted by the press ("+4.30 on 2023"), checked against the rows."""

    year = models.PositiveSmallIntegerField(_("index year"))
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    change = models.DecimalField(_("quoted change (points)"), max_digits=7, decimal_places=4)
    statement = models.CharField(_("statement"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DataStatus.choices)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("quoted change")
        verbose_name_plural = _("quoted changes")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit", "change"], name="standing_one_quote")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit}: {self.change:+}"
