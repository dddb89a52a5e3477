"""Admin pages for units and lineage links.

They are for looking things up: units and links change only through ``units import`` (an
audited action that keeps every successor's weights summing to 1), so the admin does not add,
change or delete rows.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parindex.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from parindex.units.models import LineageLink, Unit


class PredecessorLinkInline(ReadOnlyTabularInline):
    model = LineageLink
    fk_name = "successor"
    fields = ("predecessor", "effective_on", "relation", "weight", "weight_basis")
    readonly_fields = fields
    verbose_name_plural = _("predecessors")


class SuccessorLinkInline(PredecessorLinkInline):
    fk_name = "predecessor"
    fields = ("successor", "effective_on", "relation", "weight", "weight_basis")
    readonly_fields = fields
    verbose_name_plural = _("successors")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "code_system",
        "name",
        "kind",
        "subkind",
        "parent",
        "valid_from",
        "valid_to",
        "is_illustrative",
    )
    list_filter = ("code_system", "kind", "subkind", "is_illustrative", "valid_from", "valid_to")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)
    ordering = ("code_system", "code")
    inlines = (PredecessorLinkInline, SuccessorLinkInline)


@admin.register(LineageLink)
class LineageLinkAdmin(ReadOnlyAdmin):
    list_display = (
        "predecessor",
        "successor",
        "effective_on",
        "relation",
        "weight",
        "weight_basis",
    )
    list_filter = ("effective_on", "relation", "weight_basis")
    search_fields = (
        "predecessor__code",
        "predecessor__name",
        "successor__code",
        "successor__name",
    )
    list_select_related = ("predecessor", "successor")
    date_hierarchy = "effective_on"
