from django.urls import path

from parindex.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.frameworks_list, name="list"),
    path("<str:code>/", views.framework_detail, name="detail"),
]
