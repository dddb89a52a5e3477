"""Shared bits of the assessment pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import get_language

from parindex.lib.errors import InputRejected


def report(request: HttpRequest, exc: InputRejected) -> None:
    """Show every problem of a refused action as an error message."""
    for problem in exc.problems:
        messages.error(request, str(problem))


def lang() -> str:
    return (get_language() or "vi")[:2]


def name_of(obj: Any) -> str:
    """The name in the active language (``name_en`` in English when it exists)."""
    if lang() == "en" and getattr(obj, "name_en", None):
        return str(obj.name_en)
    return str(getattr(obj, "name_vi", "") or getattr(obj, "name", ""))
