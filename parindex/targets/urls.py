"""The standing pages under ``/standing/``: the leaders' dashboard, the simulator and the charts,
and the national registry's pages (``parindex.national.urls``), in one namespace so that every
URL name (``standing:dashboard``, ``standing:table``, …) is as it was before the split."""

from django.urls import path

from parindex.national import urls as national_urls
from parindex.targets import views

app_name = "standing"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    *national_urls.urlpatterns,
    path("simulator/", views.simulator_page, name="simulator"),
    path("simulator/run/", views.simulator_run, name="simulator_run"),
    path("chart/<str:kind>.<str:fmt>", views.chart, name="chart"),
]
