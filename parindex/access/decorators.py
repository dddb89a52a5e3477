"""View decorators shared by the apps."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from parindex.access.request import access_for


def province_oversight_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Only the PAR office, leaders and council members (or a superuser) see province-wide
    pages such as the standing dashboard (``province_pages`` in ``access.roles``). Anyone else
    gets 404: to them the page is outside their scope, exactly like another unit's data."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not access_for(request).sees_province_pages:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
