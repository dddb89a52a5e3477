"""``parindex dossiers SUBCOMMAND …``: dossier analytics (docs/cli-dossiers.md).

Each subcommand lives in its own module under ``parindex/dossiers/cli/``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_lazy as _

from parindex.core.commands import ParIndexCommand
from parindex.dossiers.cli import subcommands


class Command(ParIndexCommand):
    help = _(  # type: ignore[assignment]
        "Dossier analytics: import dossier files, compute indicators, reconcile the national "
        "portal's Decision 766 scores."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = str(self.help)  # argparse needs a str, not a lazy translation
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, module in subcommands().items():
            module.add_arguments(sub.add_parser(name, help=str(module.HELP)))

    def handle(self, *args: Any, **options: Any) -> None:
        subcommands()[options["subcommand"]].handle(self, options)
