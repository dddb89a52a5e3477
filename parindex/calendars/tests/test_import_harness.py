"""Loading override files on the shared import harness (refusal, idempotency, unreadable files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parindex.calendars.actions import load_overrides
from parindex.calendars.models import CalendarOverride
from parindex.core.import_harness import ImportHarness

GOOD = """\
format: parindex-calendar-overrides/1
about: Tệp thử
overrides:
  - date: 2027-04-24
    kind: make_up_working_day
    scope: civil_service
    source: 1234/TB-BNV
    status: secondary
"""


class TestOverridesImport(ImportHarness):
    file_name = "overrides.yaml"
    file_format = "yaml"
    good_file = GOOD
    command = ("calendar", "load-overrides")
    audit_actions = ("calendar_override.import",)
    #: Established behaviour: every load is audited, an unchanged one with empty lists.
    audits_unchanged_import = True
    bad_files = {
        "bad-date": (GOOD.replace("2027-04-24", "24/04/2027"), [(4, "date")]),
        "weekday-make-up": (GOOD.replace("2027-04-24", "2027-04-26"), [(5, "kind")]),
        "key-twice": (GOOD.replace("    status:", "    scope: all\n    status:"), [(8, "scope")]),
    }

    def import_file(self, path: Path) -> Any:
        return load_overrides(path, actor=None)

    def written(self) -> Any:
        return list(CalendarOverride.objects.values_list("date", "kind", "scope").order_by("id"))
