"""``parindex demo_logins``: every demo persona's user name, role, unit and password."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.access.models import Role, RoleAssignment
from parindex.core.commands import ParIndexCommand
from parindex.demo.data import DEMO_PASSWORD, PERSONAS


class Command(ParIndexCommand):
    help = gettext_noop("Print the demo personas: user name, role, unit and the demo password.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = [username for username, *_rest in PERSONAS]
        found = {
            (ra.user.username, ra.role): ra
            for ra in RoleAssignment.objects.filter(user__username__in=names).select_related(
                "user", "unit"
            )
        }
        rows = []
        for username, full_name, role, unit_ref, areas in PERSONAS:
            assignment = found.get((username, role))
            unit = assignment.unit.name if assignment else unit_ref
            label = str(Role(role).label)
            if areas:
                label += " ({areas})".format(areas=", ".join(areas))
            rows.append([username, label, unit, full_name])
        if not found:
            self.stderr.write(_("The demo personas are not in this database: run “parindex demo”."))
        self.write_table([_("User name"), _("Role"), _("Unit"), _("Name")], rows)
        self.stdout.write(
            _("Password of every demo persona: {password}").format(password=DEMO_PASSWORD)
        )
