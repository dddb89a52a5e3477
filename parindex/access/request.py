"""The access answer of a request: asked once, passed on."""

from __future__ import annotations

from django.http import HttpRequest

from parindex.access.scope import Access, access_of


def access_for(request: HttpRequest) -> Access:
    """What the user behind ``request`` may see and do, computed at most once per request.

    The answer is kept on ``request.user``, so the actions a view calls with ``actor=request.user``
    read the same answer instead of asking the database again.
    """
    return access_of(getattr(request, "user", None))
