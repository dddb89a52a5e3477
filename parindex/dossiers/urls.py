from django.urls import path

from parindex.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.index, name="index"),
    path(
        "late-without-apology/",
        views.drilldown,
        {"kind": "late_without_apology"},
        name="late_without_apology",
    ),
    path("past-deadline/", views.drilldown, {"kind": "past_deadline"}, name="past_deadline"),
    path("late-ranking/", views.late_ranking, name="late_ranking"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("reconcile/", views.reconcile_upload, name="reconcile"),
]
