"""Read-only admin views of the target plans: changes go through the actions (plan imports and
target decisions), which write audit events."""

from __future__ import annotations

from django.contrib import admin

from parindex.core.admin import ReadOnlyAdmin
from parindex.targets import models


@admin.register(models.TargetPlan)
class TargetPlanAdmin(ReadOnlyAdmin):
    list_display = ["slug", "title", "owner", "status", "year_from", "year_to"]


@admin.register(models.Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["plan", "key", "rule", "owner", "status", "year_from", "year_to"]


@admin.register(models.TargetDecision)
class TargetDecisionAdmin(ReadOnlyAdmin):
    list_display = ["target", "kind", "decision", "decided_on"]
