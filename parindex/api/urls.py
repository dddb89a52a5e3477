"""The REST API, assembled from the apps' routers; its OpenAPI schema is served locally.

``/api/openapi.json`` is the schema. The interactive page ``/api/docs`` is offered only when
the ``ninja`` app is installed, because only then does django-ninja serve Swagger UI from its
own static files; otherwise it would load it from a CDN, which ParIndex never does.
"""

from django.apps import apps
from django.urls import path
from ninja import NinjaAPI

from parindex.assessments.api import public_router
from parindex.assessments.api import router as assessments_router

api = NinjaAPI(
    title="ParIndex API",
    version="1",
    urls_namespace="api",
    docs_url="/docs" if apps.is_installed("ninja") else None,
)
api.add_router("/", assessments_router)
api.add_router("/public/", public_router)

urlpatterns = [path("", api.urls)]
