"""Template helpers of the assessment pages: names in the active language, points, rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

register = template.Library()


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


@register.filter
def local_name(obj: Any) -> str:
    """``name_en`` in English when there is one, else the Vietnamese name."""
    if obj is None:
        return ""
    if isinstance(obj, dict):
        vi = obj.get("name_vi") or obj.get("name") or ""
        en = obj.get("name_en") or ""
        return str(en if _english() and en else vi)
    en = getattr(obj, "name_en", "")
    if _english() and en:
        return str(en)
    return str(getattr(obj, "name_vi", "") or getattr(obj, "name", ""))


@register.filter
def band_name(result: Any) -> str:
    if _english() and result.band_name_en:
        return str(result.band_name_en)
    return str(result.band_name_vi or result.band)


@register.filter
def pts(value: Any) -> str:
    """Points with up to two decimals, the local way (1,5; 14,25; 10)."""
    if value is None or value == "":
        return "—"
    return str(floatformat(value, "-2"))


@register.filter
def pct(value: Any) -> str:
    """A rate in % with two decimals (87,61 %)."""
    if value is None or value == "":
        return "—"
    return "{} %".format(floatformat(Decimal(str(value)), 2))


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return "—"
    number = Decimal(str(value))
    text = floatformat(number, "-2")
    return f"+{text}" if number > 0 else str(text)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
