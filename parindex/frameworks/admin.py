"""Framework admin: read-only, because a framework changes only through a validated, audited
import (``parindex framework import``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parindex.frameworks.models import Criterion, Framework


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ("code", "parent", "level", "name_vi", "max_points", "method", "input_source")
    readonly_fields = fields
    extra = 0
    show_change_link = False
    ordering = ("position",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name_vi", "status", "is_illustrative", "max_points")
    list_filter = ("status", "is_illustrative", "structure_only")
    search_fields = ("code", "name_vi", "name_en")
    inlines = [CriterionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("code", "framework", "level", "name_vi", "max_points", "method")
    list_filter = ("framework", "level", "method", "input_source")
    search_fields = ("code", "name_vi", "name_en")
    list_select_related = ("framework",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
