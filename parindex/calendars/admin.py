"""Administrators keep the override table up to date from each year's notice."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from parindex.calendars.actions import delete_override, save_override
from parindex.calendars.models import CalendarOverride
from parindex.core.types import signed_in_user


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = (
        "date",
        "weekday",
        "kind",
        "scope",
        "year",
        "source",
        "status",
        "is_active",
    )
    list_filter = ("year", "kind", "status", "scope", "is_active")
    list_editable = ("is_active",)
    search_fields = ("source", "note")
    date_hierarchy = "date"
    ordering = ("-date", "scope")
    fields = ("date", "kind", "scope", "year", "source", "status", "is_active", "note")

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarOverride) -> str:
        return dateformat.format(obj.date, "l")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save_override(obj, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_override(obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            delete_override(obj, actor=signed_in_user(request))
