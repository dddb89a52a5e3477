"""Loading override files on the shared import harness (refusal, idempotency, unreadable files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parindex.calendars.actions import load_overrides
from parindex.calendars.models import CalendarOverride
from parindex.calendars.tests.test_load_overrides import BAD
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
        # Every kind of mistake in one file (test_load_overrides.BAD), each at its line and key.
        "every-mistake": (
            BAD,
            [
                (2, "date"),  # 30 February
                (3, "kind"),  # unknown kind
                (6, "status"),  # unknown status
                (12, "colour"),  # unknown key
                (7, "date"),  # dd/mm/yyyy is not the file format
                (9, "scope"),  # unknown scope
                (13, "source"),  # missing
                (17, "is_active"),  # not a boolean
                (14, "kind"),  # make-up day on a Tuesday
                (18, "year"),  # too far from the date
                (24, "date"),  # same date and scope as line 19
            ],
        ),
    }

    def import_file(self, path: Path) -> Any:
        return load_overrides(path, actor=None)

    def written(self) -> Any:
        return list(CalendarOverride.objects.values_list("date", "kind", "scope").order_by("id"))
