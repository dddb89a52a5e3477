"""The page of an unhandled server error, with an error id that is also in the log.

Django calls :func:`server_error` (``handler500``) for an exception no view handled, then logs
the exception with its traceback on ``django.request``; the id set on the request here reaches
that log line through :class:`parindex.core.logs.ErrorIdFilter`. The page is rendered without
the request's context processors (they may be what failed) from a standalone template.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader


def new_error_id() -> str:
    """A short id a person can read out over the phone: 8 hexadecimal digits."""
    return secrets.token_hex(4)


def server_error(request: HttpRequest) -> HttpResponse:
    error_id = new_error_id()
    request.error_id = error_id  # type: ignore[attr-defined]
    try:
        body = loader.get_template("500.html").render({"error_id": error_id})
    except Exception:  # the error page must not fail: plain text with the id instead
        body = f"500 Server Error. Error id: {error_id}"
        return HttpResponseServerError(body, content_type="text/plain; charset=utf-8")
    return HttpResponseServerError(body)
