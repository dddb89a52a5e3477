"""Shared bits of the assessment pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def lang() -> str:
    return (get_language() or "vi")[:2]


def name_of(obj: Any) -> str:
    """The name in the active language (``name_en`` in English when it exists)."""
    if lang() == "en" and getattr(obj, "name_en", None):
        return str(obj.name_en)
    return str(getattr(obj, "name_vi", "") or getattr(obj, "name", ""))
