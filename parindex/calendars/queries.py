"""Reading the override table: the working-day calendar in force.

``get_calendar`` is cached for the process. Each call costs one small aggregate query (number
of rows and latest change) that tells whether the table changed since the calendar was built, so
another process's edit is seen on the next call; edits made through this process also clear the
cache at once. Code that asks millions of questions gets the calendar once and keeps it for the
run (a request, a batch).
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.models import Count, Max

from parindex.lib.calendar import SCOPE_CIVIL_SERVICE, WorkingCalendar

_lock = threading.Lock()
_cache: dict[str, tuple[Any, WorkingCalendar]] = {}


def _fingerprint() -> tuple[Any, ...]:
    from parindex.calendars.models import CalendarOverride

    found = CalendarOverride.objects.aggregate(
        count=Count("id"), changed=Max("updated_at"), last_id=Max("id")
    )
    return (found["count"], found["changed"], found["last_id"])


def invalidate_calendars(*_args: Any, **_kwargs: Any) -> None:
    """Forget the cached calendars (called when an override changes)."""
    with _lock:
        _cache.clear()


def get_calendar(scope: str = SCOPE_CIVIL_SERVICE) -> WorkingCalendar:
    """The working-day calendar of ``scope`` from the active override rows of the database."""
    from parindex.calendars.models import CalendarOverride

    fingerprint = _fingerprint()
    cached = _cache.get(scope)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    rows = CalendarOverride.objects.filter(is_active=True).order_by("date", "scope")
    calendar = WorkingCalendar([row.to_override() for row in rows], scope=scope)
    with _lock:
        _cache[scope] = (fingerprint, calendar)
    return calendar
