"""``parindex docs --write | --check``: the generated parts of docs/ (docs/development.md).

``--write`` regenerates the settings table and every command's ``--help`` between their
markers; ``--check`` writes nothing and exits 1 when a page is out of date or a command has no
page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.core import reference_docs
from parindex.core.commands import ParIndexCommand


class Command(ParIndexCommand):
    help = gettext_noop(
        "Regenerate (--write) or check (--check) the settings table and the command help in docs/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument(
            "--write", action="store_true", help=_("Rewrite the generated blocks of every page.")
        )
        mode.add_argument(
            "--check",
            action="store_true",
            help=_("Write nothing; exit 1 when a page is out of date or a command has no page."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write"]:
            for page in reference_docs.write():
                self.stdout.write(_("{page}: regenerated").format(page=page.name))
        problems = reference_docs.check()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(_("{count} problem(s) in docs/.").format(count=len(problems)))
        if options["check"]:
            self.stdout.write(_("docs/ is up to date."))
