from django.urls import path

from parindex.units import views

app_name = "units"
urlpatterns = [
    path("", views.units_list, name="list"),
    path("<str:code_system>/<str:code>/", views.unit_detail, name="detail"),
]
