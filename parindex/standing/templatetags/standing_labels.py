"""``{{ code|standing_label }}``: the readable name of a standing flag or warning code."""

from __future__ import annotations

from typing import Any

from django import template

from parindex.standing.labels import label

register = template.Library()


@register.filter
def standing_label(value: Any) -> str:
    return label(str(value))


@register.filter
def standing_labels(values: Any) -> str:
    """A list of codes as their names, comma-separated."""
    return ", ".join(label(str(v)) for v in values or ())
