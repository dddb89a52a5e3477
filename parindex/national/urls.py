"""The national registry's pages. ``parindex.targets.urls`` mounts them under ``/standing/`` in
the ``standing`` namespace, next to the dashboard and the simulator."""

from django.urls import path

from parindex.national import views

urlpatterns = [
    path("table/", views.national_table, name="table"),
    path("table/<int:year>/", views.national_table, name="table_year"),
    path("history/<str:code_system>/<str:code>/", views.province_history, name="history"),
    path("vendor/vega-bundle.js", views.vega_bundle, name="vega_bundle"),
]
