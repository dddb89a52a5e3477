from django.urls import path

from parindex.standing import views

app_name = "standing"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("table/", views.national_table, name="table"),
    path("table/<int:year>/", views.national_table, name="table_year"),
    path("history/<str:code_system>/<str:code>/", views.province_history, name="history"),
    path("simulator/", views.simulator_page, name="simulator"),
    path("simulator/run/", views.simulator_run, name="simulator_run"),
    path("chart/<str:kind>.<str:fmt>", views.chart, name="chart"),
    path("vendor/vega-bundle.js", views.vega_bundle, name="vega_bundle"),
]
