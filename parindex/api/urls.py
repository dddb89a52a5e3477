"""The REST API, assembled from the apps' routers; its OpenAPI schema is served locally.

Each app exposes a ``router`` in its ``api.py``; :data:`ROUTERS` mounts them, in the order the
OpenAPI page lists them. ``/api/openapi.json`` is the schema. The interactive page
``/api/docs`` is offered only when the ``ninja`` app is installed, because only then does
django-ninja serve Swagger UI from its own static files; otherwise it would load it from a CDN,
which ParIndex never does.
"""

from django.apps import apps
from django.urls import path
from ninja import NinjaAPI, Router

from parindex.assessments import api as assessments_api
from parindex.public import api as public_api

#: (prefix under /api/, the app's router).
ROUTERS: tuple[tuple[str, Router], ...] = (
    ("/", assessments_api.router),
    ("/public/", public_api.router),
)

api = NinjaAPI(
    title="ParIndex API",
    version="1",
    urls_namespace="api",
    docs_url="/docs" if apps.is_installed("ninja") else None,
)
for prefix, router in ROUTERS:
    api.add_router(prefix, router)

urlpatterns = [path("", api.urls)]
