"""Read-only admin views of the registry and the targets: changes go through the actions
(imports and target decisions), which write audit events."""

from __future__ import annotations

from django.contrib import admin

from parindex.core.admin import ReadOnlyAdmin
from parindex.standing import models


@admin.register(models.NationalResult)
class NationalResultAdmin(ReadOnlyAdmin):
    list_display = ["year", "peer_group", "unit", "ministry", "par_index", "published_rank"]
    list_filter = ["peer_group", "year", "source_type", "status"]
    search_fields = ["unit__name", "ministry__name", "name_as_published"]


@admin.register(models.TargetPlan)
class TargetPlanAdmin(ReadOnlyAdmin):
    list_display = ["slug", "title", "owner", "status", "year_from", "year_to"]


@admin.register(models.Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["plan", "key", "rule", "owner", "status", "year_from", "year_to"]


@admin.register(models.TargetDecision)
class TargetDecisionAdmin(ReadOnlyAdmin):
    list_display = ["target", "kind", "decision", "decided_on"]


for model in (
    models.Ministry,
    models.ResultComponent,
    models.SipasResult,
    models.TableSize,
    models.Region,
    models.RegionMembership,
    models.RankGroup,
    models.PublishedMean,
    models.SourceDisagreement,
    models.QuotedChange,
):
    admin.site.register(model, ReadOnlyAdmin)
