from django.urls import path

from parindex.assessments.views import appraisal, rounds, unit

app_name = "assessments"
urlpatterns = [
    path("", rounds.rounds_list, name="rounds"),
    path("reasons/", rounds.reasons, name="reasons"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/deadlines/", rounds.round_deadlines, name="deadlines"),
    path("rounds/<int:pk>/exceptions/", rounds.round_exception, name="exception"),
    path("rounds/<int:pk>/appraisers/", rounds.round_appraisers, name="appraisers"),
    path(
        "rounds/<int:pk>/appraisers/<int:assignment_pk>/remove/",
        rounds.round_unassign,
        name="unassign",
    ),
    path("rounds/<int:pk>/import/", rounds.round_import, name="import"),
    path("rounds/<int:pk>/council/", rounds.round_council, name="council"),
    path("rounds/<int:pk>/finalise/", rounds.round_finalise, name="finalise"),
    path("rounds/<int:pk>/publish/", rounds.round_publish, name="publish"),
    path("rounds/<int:pk>/results/", rounds.round_results, name="results"),
    path("rounds/<int:pk>/analysis/", rounds.round_analysis, name="analysis"),
    path("rounds/<int:pk>/areas/<str:area_code>/", rounds.round_area, name="area"),
    path("units/<int:pk>/", unit.assessment_detail, name="assessment"),
    path("units/<int:pk>/self/", unit.self_assessment, name="self"),
    path("units/<int:pk>/entries/<int:entry_pk>/", unit.entry_save, name="entry_save"),
    path("units/<int:pk>/entries/<int:entry_pk>/files/", unit.evidence_add, name="evidence_add"),
    path(
        "units/<int:pk>/entries/<int:entry_pk>/files/<int:file_pk>/remove/",
        unit.evidence_remove,
        name="evidence_remove",
    ),
    path("units/<int:pk>/submit/", unit.submit, name="submit"),
    path("units/<int:pk>/feeds/refresh/", unit.refresh_feeds, name="refresh_feeds"),
    path("units/<int:pk>/explanation/", unit.explanation, name="explain"),
    path(
        "units/<int:pk>/entries/<int:entry_pk>/explain/", unit.explain_entry, name="explain_entry"
    ),
    path("units/<int:pk>/breakdown/", unit.breakdown, name="breakdown"),
    path("units/<int:pk>/appraisal/", appraisal.appraise, name="appraise"),
    path(
        "units/<int:pk>/entries/<int:entry_pk>/appraise/",
        appraisal.appraise_entry,
        name="appraise_entry",
    ),
    path("units/<int:pk>/appraisal/accept/", appraisal.accept_remaining, name="accept_remaining"),
    path("files/<int:pk>/", unit.evidence_file, name="file"),
]
