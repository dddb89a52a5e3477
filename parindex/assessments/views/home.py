"""The landing page: what ParIndex holds and, for a signed-in user, the dashboard of the
assessment cycle (what each of their roles has to do now)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parindex.assessments.dashboard import dashboard


def home(request: HttpRequest) -> HttpResponse:
    """The landing page; for a signed-in user, the dashboard of what each of their roles has to
    do now."""
    context = {}
    if request.user.is_authenticated:
        context = dashboard(request.user)
    return render(request, "core/home.html", context)
