"""Read-only admin views of the national registry: changes go through the imports, which write
audit events."""

from __future__ import annotations

from django.contrib import admin

from parindex.core.admin import ReadOnlyAdmin
from parindex.national import models


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
