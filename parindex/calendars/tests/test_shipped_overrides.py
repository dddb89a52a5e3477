"""A fresh database (after migrate) holds the shipped overrides and gives the right calendar."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps

from parindex.calendars.models import CalendarOverride
from parindex.calendars.overrides_file import SHIPPED_FILE, read_overrides
from parindex.calendars.queries import get_calendar
from parindex.core.models import AuditEvent
from parindex.lib.calendar import SCOPE_ALL
from parindex.lib.tests.test_calendar import KNOWN_DAYS_OFF, MAKE_UP_SATURDAYS, SHIPPED

pytestmark = pytest.mark.django_db


def test_it_loads_the_shipped_file_on_migrate() -> None:
    """The data migration put every row of the shipped file in the table."""
    rows = read_overrides(SHIPPED_FILE)
    assert CalendarOverride.objects.count() == len(rows) == 9
    for row in rows:
        stored = CalendarOverride.objects.get(date=row.date, scope=row.scope)
        assert stored.kind == row.kind
        assert stored.source and stored.status


def test_it_ships_the_rows_the_lib_tests_check() -> None:
    """The shipped file and the override list of the lib tests say the same thing."""
    shipped = {(r.date, r.kind, r.scope, r.is_active) for r in read_overrides(SHIPPED_FILE)}
    assert shipped == {(o.date, o.kind, o.scope, o.active) for o in SHIPPED}


def test_it_keeps_24_november_2026_unverified() -> None:
    """The reported Culture Day 2026 is on record, unverified, and not a day off."""
    row = CalendarOverride.objects.get(date="2026-11-24")
    assert row.status == "unverified"
    assert row.scope == SCOPE_ALL
    assert row.note
    assert get_calendar().is_working_day(row.date)


@pytest.mark.parametrize("year", sorted(KNOWN_DAYS_OFF))
def test_it_gives_the_known_days_off_from_the_database(year: int) -> None:
    """The calendar built from the table gives the known weekday days off (§6.5 for 2025/26)."""
    assert [d.date for d in get_calendar().days_off(year)] == KNOWN_DAYS_OFF[year]


def test_it_works_the_make_up_saturdays_from_the_database() -> None:
    """The Saturdays worked under the swaps are working days of the civil-service calendar."""
    calendar = get_calendar()
    assert all(calendar.is_working_day(day) for day in MAKE_UP_SATURDAYS)
    assert not any(get_calendar(SCOPE_ALL).is_working_day(day) for day in MAKE_UP_SATURDAYS)


def test_it_can_run_the_data_migration_again() -> None:
    """Running the data migration on a loaded table changes no row."""
    migration = importlib.import_module("parindex.calendars.migrations.0002_load_shipped_overrides")
    before = list(CalendarOverride.objects.order_by("id").values())
    migration.load(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))
    after = list(CalendarOverride.objects.order_by("id").values())
    assert [{**r, "updated_at": None} for r in after] == [{**r, "updated_at": None} for r in before]
    assert AuditEvent.objects.filter(action="calendar_override.import").exists()
