"""``{{ code|flag_name }}``: the readable name of a conflict flag of the national data."""

from __future__ import annotations

from typing import Any

from django import template

from parindex.national.flags import flag_name as name_of_flag

register = template.Library()


@register.filter
def flag_name(value: Any) -> str:
    return name_of_flag(str(value))


@register.filter
def flag_names(values: Any) -> str:
    """A list of flag codes as their names, comma-separated."""
    return ", ".join(name_of_flag(str(v)) for v in values or ())
