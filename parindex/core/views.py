from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what ParIndex holds and, for a signed-in user, a dashboard of what
    each of their roles has to do now (the template lives in the assessments app)."""
    context = {}
    if request.user.is_authenticated:
        from parindex.assessments.dashboard import dashboard

        context = dashboard(request.user)
    return render(request, "core/home.html", context)
