"""A province's target plans, their targets (rules with parameters) and the decisions that
adopted, retired, re-attached or re-parameterised a target (docs/targets-format.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("in force")
    PROPOSED = "proposed", _("proposed")
    SUPERSEDED = "superseded", _("superseded")
    RETIRED = "retired", _("retired")


class TargetPlan(models.Model):
    """A province's target plan (e.g. Sóc Trăng 2437/QĐ-UBND), loaded from a YAML file."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=500)
    owner = models.ForeignKey(
        "units.Unit", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    legal_source = models.TextField(_("legal source"))
    source_url = models.TextField(_("source"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    rebased_from = models.CharField(_("re-based from"), max_length=80, blank=True)
    definition = models.TextField(_("definition (YAML)"), help_text=_("The file as imported."))
    file_name = models.CharField(_("file"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target plan")
        verbose_name_plural = _("target plans")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class TargetStatus(models.TextChoices):
    ACTIVE = "active", _("in force")
    PROPOSED = "proposed", _("proposed")
    SUPERSEDED = "superseded", _("superseded")
    RETIRED = "retired", _("retired")


class Target(models.Model):
    """One rule of a plan, with its current owner, parameters and status."""

    plan = models.ForeignKey(
        TargetPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    key = models.SlugField(_("identifier"), max_length=80)
    rule = models.CharField(_("rule"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    owner = models.ForeignKey(
        "units.Unit", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=TargetStatus.choices)
    legal_source = models.TextField(_("legal source"), blank=True)
    wording = models.TextField(_("wording in the source"), blank=True)
    derived_from = models.CharField(_("derived from"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "year_from", "key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="standing_one_target_key")
        ]

    def __str__(self) -> str:
        return f"{self.plan.slug}/{self.key}"


class DecisionKind(models.TextChoices):
    ADOPT = "adopt", _("adopted")
    RETIRE = "retire", _("retired")
    REATTACH = "reattach", _("re-attached to a successor")
    REPARAMETERISE = "reparameterise", _("re-parameterised")


class TargetDecision(models.Model):
    """The record of a decision that adopted, retired, re-attached or re-parameterised a target."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    decision = models.TextField(
        _("decided by"), help_text=_("The decision or policy choice, e.g. its number and date.")
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("target decision")
        verbose_name_plural = _("target decisions")
        ordering = ["target", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.target} · {self.get_kind_display()}"
