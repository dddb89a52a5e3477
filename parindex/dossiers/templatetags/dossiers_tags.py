"""Template filters of the dossier pages: shares, numbers and scores the Vietnamese way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE
from parindex.lib.dossiers.qd766 import round_half_up
from parindex.lib.formatting import format_number, format_pct

register = template.Library()


def _lang() -> str:
    return translation.get_language() or "vi"


@register.filter
def share(value: Any) -> str:
    """A fraction as a percentage with 2 decimals (0.8761 → 87,61 %)."""
    if value is None or value == "":
        return "—"
    return format_pct(float(value) * 100, 2, _lang())


@register.filter
def num(value: Any, places: int = 0) -> str:
    """A number with Vietnamese separators (1.234; 5,63)."""
    if value is None or value == "":
        return "—"
    return format_number(value, int(places), _lang())


@register.filter
def points(value: Any) -> str:
    """A Decision 766 score rounded half up to 2 decimals."""
    if value is None or value == "":
        return "—"
    return format_number(round_half_up(value), 2, _lang())


@register.filter
def indicator_name(code: str) -> str:
    indicator = INDICATOR_BY_CODE.get(code)
    if indicator is None:
        return code
    return indicator.name_en if _lang().startswith("en") else indicator.name_vi


@register.filter
def get(mapping: Any, key: str) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
