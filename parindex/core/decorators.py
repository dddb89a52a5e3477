"""View decorators shared by the apps."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from parindex.core.context_processors import sees_province_pages


def province_oversight_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only the PAR office, leaders and council members (or a superuser) see province-wide
    pages such as the standing dashboard. Anyone else gets 404: to them the page is outside
    their scope, exactly like another unit's data."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sees_province_pages(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
