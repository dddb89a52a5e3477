"""Loading an override file: idempotent, audited, refused whole with line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parindex.calendars.actions import load_overrides
from parindex.calendars.models import CalendarOverride
from parindex.calendars.overrides_file import parse_overrides
from parindex.core.models import AuditEvent
from parindex.lib.errors import InputRejected

pytestmark = pytest.mark.django_db

GOOD = """\
format: parindex-calendar-overrides/1
overrides:
  - date: 2027-04-24
    kind: make_up_working_day
    scope: civil_service
    source: 1234/TB-BNV
    status: secondary
  - date: 2027-05-03
    kind: extra_day_off
    scope: civil_service
    year: 2027
    source: 1234/TB-BNV
    status: secondary
    note: swap for 24/4
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_loads_a_file_and_records_an_audit_event(tmp_path: Path) -> None:
    """New rows are created and one audit event names the file and the rows."""
    before = CalendarOverride.objects.count()
    result = load_overrides(_write(tmp_path, GOOD), actor=None)
    assert result.created == ["2027-04-24/civil_service", "2027-05-03/civil_service"]
    assert CalendarOverride.objects.count() == before + 2
    row = CalendarOverride.objects.get(date=dt.date(2027, 5, 3))
    assert (row.year, row.source, row.is_active, row.note) == (
        2027,
        "1234/TB-BNV",
        True,
        "swap for 24/4",
    )
    assert CalendarOverride.objects.get(date=dt.date(2027, 4, 24)).year == 2027
    event = AuditEvent.objects.filter(action="calendar_override.import").latest("id")
    assert event.actor_label == "cli"
    assert event.after is not None
    assert event.after["created"] == result.created


def test_it_is_idempotent(tmp_path: Path) -> None:
    """Loading the same file twice changes nothing the second time."""
    path = _write(tmp_path, GOOD)
    load_overrides(path, actor=None)
    snapshot = list(CalendarOverride.objects.order_by("id").values())
    again = load_overrides(path, actor=None)
    assert again.created == again.updated == []
    assert len(again.unchanged) == 2
    assert list(CalendarOverride.objects.order_by("id").values()) == snapshot


def test_it_reloads_the_shipped_file_without_change() -> None:
    """The shipped file, already loaded by the migration, loads again with nothing changed."""
    result = load_overrides(actor="tester")
    assert result.created == result.updated == []
    assert len(result.unchanged) == 9


def test_it_updates_changed_rows_and_keeps_the_others(tmp_path: Path) -> None:
    """A changed value updates its row; rows the file does not name are kept."""
    load_overrides(_write(tmp_path, GOOD), actor=None)
    changed = GOOD.replace("note: swap for 24/4", "note: confirmed")
    result = load_overrides(_write(tmp_path, changed), actor=None)
    assert result.updated == ["2027-05-03/civil_service"]
    assert CalendarOverride.objects.get(date=dt.date(2027, 5, 3)).note == "confirmed"
    assert CalendarOverride.objects.filter(date=dt.date(2026, 8, 22)).exists()


BAD = """\
overrides:
  - date: 2027-02-30
    kind: holiday
    scope: civil_service
    source: X
    status: maybe
  - date: 24/04/2027
    kind: make_up_working_day
    scope: everyone
    source: X
    status: secondary
    colour: red
  - date: 2027-05-04
    kind: make_up_working_day
    scope: civil_service
    status: secondary
    is_active: perhaps
    year: 2030
  - date: 2027-05-03
    kind: extra_day_off
    scope: all
    source: X
    status: secondary
  - date: 2027-05-03
    kind: extra_day_off
    scope: all
    source: Y
    status: secondary
"""


def test_it_says_the_line_in_every_problem(tmp_path: Path) -> None:
    """Every problem reads "line N …" (its (line, key) and that nothing is written are checked
    by the harness's bad file "every-mistake", test_import_harness.py)."""
    with pytest.raises(InputRejected) as refused:
        load_overrides(_write(tmp_path, BAD), actor=None)
    assert all(
        str(p).startswith("line ") or str(p).startswith("dòng ") for p in refused.value.problems
    )


@pytest.mark.parametrize(
    "text",
    ["overrides: [", "just text", "overrides: {}", ""],
)
def test_it_refuses_a_file_that_is_not_an_override_list(text: str) -> None:
    """Broken YAML or a file without an overrides list is refused with one problem."""
    with pytest.raises(InputRejected) as refused:
        parse_overrides(text)
    assert len(refused.value.problems) == 1


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    """A file that cannot be read is refused, not crashed on."""
    with pytest.raises(InputRejected):
        load_overrides(tmp_path / "missing.yaml", actor=None)
