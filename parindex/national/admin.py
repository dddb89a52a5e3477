"""Read-only admin views of the national registry: changes go through the imports, which write
audit events."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parindex.national import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.NationalResult)
class NationalResultAdmin(ReadOnlyAdmin):
    list_display = ["year", "peer_group", "unit", "ministry", "par_index", "published_rank"]
    list_filter = ["peer_group", "year", "source_type", "status"]
    search_fields = ["unit__name", "ministry__name", "name_as_published"]


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
