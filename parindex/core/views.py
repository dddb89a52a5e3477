from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what ParIndex holds and where each role starts."""
    return render(request, "core/home.html")
