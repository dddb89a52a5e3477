from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from parindex.assessments.views.home import home

handler500 = "parindex.core.errors.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", include("parindex.units.urls")),
    path("frameworks/", include("parindex.frameworks.urls")),
    path("assessments/", include("parindex.assessments.urls")),
    path("standing/", include("parindex.targets.urls")),
    path("dossiers/", include("parindex.dossiers.urls")),
    path("public/", include("parindex.public.urls")),
    path("api/", include("parindex.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
