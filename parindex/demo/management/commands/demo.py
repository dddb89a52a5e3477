"""``parindex demo``: build the demo province (docs/demo.md)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from parindex.core.commands import ParIndexCommand
from parindex.demo.builder import build_demo, database_has_units
from parindex.lib.formatting import format_number


class Command(ParIndexCommand):
    help = gettext_noop(
        "Build the demo province: units, frameworks, personas, synthetic dossiers, two "
        "published years and an open round."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing when the database already has units."),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Empty the whole database (every table, not only the demo), the evidence files "
                "and the dossier store first."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            from parindex.calendars.actions import load_overrides

            load_overrides(actor="demo")
            evidence = Path(settings.MEDIA_ROOT) / "evidence"
            if evidence.exists():
                shutil.rmtree(evidence)
            # The store's rows name units by their database ids, which the flush gives out
            # again: keeping them would credit old dossiers to the new units.
            from parindex.dossiers.store import DossierStore, store_dir

            DossierStore.close_readers()
            if store_dir().exists():
                shutil.rmtree(store_dir())
            self.stdout.write(_("The database was emptied."))
        elif options["if_empty"] and database_has_units():
            self.stdout.write(_("The database already has units: the demo was not loaded."))
            return
        elif database_has_units() and not options["if_empty"]:
            from parindex.assessments.models import AssessmentRound

            if AssessmentRound.objects.filter(year__in=(2024, 2025, 2026)).exists():
                raise CommandError(
                    _("The demo rounds already exist; use --reset to build the demo again.")
                )
        started = time.perf_counter()
        summary = build_demo(log=lambda message: self.stdout.write(message))
        self.stdout.write(
            _(
                "Demo province ready in {seconds} s: {users} personas, rounds {rounds}. "
                "Run “parindex demo_logins” for the logins."
            ).format(
                seconds=format_number(
                    time.perf_counter() - started, places=1, lang=get_language() or "vi"
                ),
                users=summary.users,
                rounds=", ".join(f"{year} ({status})" for year, status in summary.rounds.items()),
            )
        )
