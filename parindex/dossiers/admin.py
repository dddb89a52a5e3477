from django.contrib import admin

from parindex.core.admin import ReadOnlyAdmin
from parindex.dossiers.models import PortalSnapshot


@admin.register(PortalSnapshot)
class PortalSnapshotAdmin(ReadOnlyAdmin):
    """Read-only: snapshots are recorded by the ``dossiers reconcile --store`` action only."""

    list_display = ["group", "period_label", "root_unit_code", "source_name", "imported_at"]
    list_filter = ["group", "period_kind", "period_year"]
    search_fields = ["source_name", "sha256", "root_unit_code", "root_unit_name"]
