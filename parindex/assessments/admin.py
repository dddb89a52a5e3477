"""The assessment rows in the Django admin, read only: every change goes through the actions
(and the pages that call them), so that each one is validated and audited."""

from __future__ import annotations

from django.contrib import admin

from parindex.assessments.models import (
    AdjustmentReason,
    AppraiserAssignment,
    Assessment,
    AssessmentRound,
    DeadlineException,
    UnitResult,
)
from parindex.core.admin import ReadOnlyAdmin


@admin.register(AssessmentRound)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("name", "year", "province", "status", "self_assessment_deadline")
    list_filter = ("status", "year")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("unit", "round", "state", "submitted_at")
    list_filter = ("round", "state")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit", "round")


@admin.register(AdjustmentReason)
class ReasonAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_vi", "name_en", "is_active")


@admin.register(AppraiserAssignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("round", "user", "area_code")
    list_filter = ("round",)


@admin.register(DeadlineException)
class ExceptionAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "phase", "until", "granted_by")


@admin.register(UnitResult)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("unit", "round", "peer_group", "rank", "score_pct", "band")
    list_filter = ("round", "peer_group")
    list_select_related = ("unit", "round")
