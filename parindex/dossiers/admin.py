from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parindex.dossiers.models import PortalSnapshot


@admin.register(PortalSnapshot)
class PortalSnapshotAdmin(admin.ModelAdmin):
    """Read-only: snapshots are recorded by the ``dossiers reconcile --store`` action only."""

    list_display = ["group", "period_label", "root_unit_code", "source_name", "imported_at"]
    list_filter = ["group", "period_kind", "period_year"]
    search_fields = ["source_name", "sha256", "root_unit_code", "root_unit_name"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
