"""``parindex assessments SUBCOMMAND …``: the assessment cycle from the command line
(docs/cli-assessments.md).

Each subcommand lives in its own module under ``parindex/assessments/cli/``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parindex.core.subcommands import SubcommandGroup


class Command(SubcommandGroup):
    help = _(  # type: ignore[assignment]
        "The assessment cycle: fill the data-derived criteria from the dossier figures."
    )
    subcommand_modules = ("parindex.assessments.cli.refresh_feeds",)
