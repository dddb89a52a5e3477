"""``parindex dossiers SUBCOMMAND …``: dossier analytics (docs/cli-dossiers.md).

Each subcommand lives in its own module under ``parindex/dossiers/cli/``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parindex.core.subcommands import SubcommandGroup


class Command(SubcommandGroup):
    help = _(  # type: ignore[assignment]
        "Dossier analytics: import dossier files, compute indicators, reconcile the national "
        "portal's Decision 766 scores."
    )
    subcommand_modules = (
        "parindex.dossiers.cli.import_file",
        "parindex.dossiers.cli.indicators",
        "parindex.dossiers.cli.reconcile",
    )
