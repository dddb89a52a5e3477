from django.urls import path

from parindex.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:pk>/", views.round_results, name="results"),
]
