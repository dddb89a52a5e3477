"""get_calendar builds the calendar from the active rows and notices when they change."""

from __future__ import annotations

import datetime as dt

import pytest

from parindex.calendars.actions import delete_override, save_override
from parindex.calendars.models import CalendarOverride
from parindex.calendars.queries import get_calendar
from parindex.core.models import AuditEvent
from parindex.lib.errors import InputRejected

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 11, 26)  # a Friday


def test_it_caches_the_calendar_while_nothing_changes() -> None:
    """Two calls without a change return the same calendar object."""
    assert get_calendar() is get_calendar()
    assert get_calendar("all") is not get_calendar()


def test_it_sees_a_new_override_at_once() -> None:
    """Saving, deactivating and deleting a row changes the next calendar."""
    assert get_calendar().is_working_day(DAY)
    row = save_override(
        CalendarOverride(
            date=DAY,
            kind="extra_day_off",
            scope="civil_service",
            year=2027,
            source="test",
            status="verified",
        ),
        actor="tester",
    )
    assert not get_calendar().is_working_day(DAY)
    assert get_calendar("all").is_working_day(DAY)
    row.is_active = False
    save_override(row, actor="tester")
    assert get_calendar().is_working_day(DAY)
    row.is_active = True
    save_override(row, actor="tester")
    assert not get_calendar().is_working_day(DAY)
    delete_override(row, actor="tester")
    assert get_calendar().is_working_day(DAY)
    actions = list(
        AuditEvent.objects.filter(actor_label="tester")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["calendar_override.save"] * 3 + ["calendar_override.delete"]


def test_it_notices_changes_made_behind_its_back() -> None:
    """A row written without the signals (another process) is seen through the fingerprint."""
    calendar = get_calendar()
    CalendarOverride.objects.bulk_create(
        [
            CalendarOverride(
                date=DAY,
                kind="extra_day_off",
                scope="all",
                year=2027,
                source="x",
                status="verified",
            )
        ]
    )
    assert get_calendar() is not calendar
    assert not get_calendar().is_working_day(DAY)


def test_it_refuses_an_override_that_breaks_the_rules() -> None:
    """save_override checks the row: a make-up working day must fall on a weekend."""
    with pytest.raises(InputRejected) as refused:
        save_override(
            CalendarOverride(
                date=DAY,
                kind="make_up_working_day",
                scope="all",
                year=2027,
                source="x",
                status="verified",
            ),
            actor="tester",
        )
    assert [p.field for p in refused.value.problems] == ["kind"]
    assert not CalendarOverride.objects.filter(date=DAY).exists()
