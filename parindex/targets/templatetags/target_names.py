"""``{{ code|warning_name }}`` and ``{{ code|rate_source_name }}``: the readable names of a
warning code and of where a simulated starting rate comes from."""

from __future__ import annotations

from typing import Any

from django import template

from parindex.targets.simulator.competitors import rate_source_name as name_of_rate_source
from parindex.targets.warning_checks import warning_name as name_of_warning

register = template.Library()


@register.filter
def warning_name(value: Any) -> str:
    return name_of_warning(str(value))


@register.filter
def rate_source_name(value: Any) -> str:
    return name_of_rate_source(str(value))
