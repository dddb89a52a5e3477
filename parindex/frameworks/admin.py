"""Framework admin: read-only, because a framework changes only through a validated, audited
import (``parindex framework import``)."""

from __future__ import annotations

from django.contrib import admin

from parindex.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from parindex.frameworks.models import Criterion, Framework


class CriterionInline(ReadOnlyTabularInline):
    model = Criterion
    fields = ("code", "parent", "level", "name_vi", "max_points", "method", "input_source")
    readonly_fields = fields
    show_change_link = False
    ordering = ("position",)


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("code", "version", "name_vi", "status", "is_illustrative", "max_points")
    list_filter = ("status", "is_illustrative", "structure_only")
    search_fields = ("code", "name_vi", "name_en")
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("code", "framework", "level", "name_vi", "max_points", "method")
    list_filter = ("framework", "level", "method", "input_source")
    search_fields = ("code", "name_vi", "name_en")
    list_select_related = ("framework",)
