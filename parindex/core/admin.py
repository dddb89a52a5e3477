"""The one read-only admin: rows that change only through audited actions (imports, the
workflow pages, the CLI) are looked up in the admin, never added, changed or deleted there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyMixin:
    """No add, change or delete permission, for a model admin or an inline alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A model admin for viewing only: changes go through the audited actions."""


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    """An inline table for viewing only."""

    extra = 0
    can_delete = False
