"""``parindex dossiers import FILE [--mapping FILE] [--unknown-units refuse|keep]``.

Reads a dossier file (CSV, XLSX or Parquet) into the dossier store and refreshes the summaries
(docs/cli-dossiers.md, docs/dossiers-import.md). Progress goes to standard error; the report
(JSON by default) to standard output. Exit codes: 0 imported; 1 refused (every problem printed
with its row and column on standard error; nothing written).
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.importing.units import KEEP, REFUSE
from parindex.lib.formatting import format_number

NAME = "import"
HELP = gettext_lazy("Import a dossier file (CSV, XLSX or Parquet) into the dossier store.")

PHASE_LABELS = {
    "reading": gettext_lazy("reading"),
    "validating": gettext_lazy("validating"),
    "deriving": gettext_lazy("computing deadlines"),
    "merging": gettext_lazy("merging"),
    "summarising": gettext_lazy("summarising"),
}


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("path", metavar="FILE", help=str(gettext_lazy("The dossier file.")))
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help=str(gettext_lazy("A column-mapping file (YAML) for another layout.")),
    )
    parser.add_argument(
        "--unknown-units",
        choices=[REFUSE, KEEP],
        default=REFUSE,
        help=str(
            gettext_lazy(
                "What to do with rows whose unit code ParIndex does not know: refuse the file "
                "(default) or keep them apart, out of every figure."
            )
        ),
    )
    parser.add_argument(
        "--format",
        choices=["json", "table"],
        default="json",
        help=str(gettext_lazy("Output format (default: json).")),
    )
    parser.add_argument(
        "--quiet", action="store_true", help=str(gettext_lazy("Print no progress."))
    )


def handle(command: Any, options: dict[str, Any]) -> None:
    state: dict[str, Any] = {"phase": "", "shown": -1.0, "at": 0.0}

    def progress(phase: str, fraction: float) -> None:
        if options["quiet"]:
            return
        now = time.monotonic()
        if phase == state["phase"] and now - float(state["at"]) < 1 and fraction < 1:
            return
        state.update(phase=phase, shown=fraction, at=now)
        command.stderr.write(
            _("{percent} % — {phase}").format(
                percent=format_number(fraction * 100, 0), phase=PHASE_LABELS.get(phase, phase)
            )
        )

    record, result = import_dossiers(
        options["path"],
        actor=None,
        mapping_path=options["mapping"],
        unknown_units=options["unknown_units"],
        progress=progress,
    )
    payload = {"import": record.pk, "state": record.state} | record.report
    if options["format"] == "json":
        command.write_json(payload)
        return
    lang = translation.get_language() or "vi"

    def count(value: int) -> str:
        return format_number(value, 0, lang)

    command.write_table(
        [_("Rows read"), _("New"), _("Updated"), _("Kept apart"), _("In the store")],
        [[count(result.rows_read), count(result.inserted), count(result.updated),
          count(result.kept_apart), count(result.store_rows)]],
    )  # fmt: skip
    if result.unknown_units:
        command.stdout.write("")
        command.write_table(
            [_("Unknown unit code"), _("Rows"), _("First row")],
            [[u["code"], count(u["rows"]), count(u["first_row"])] for u in result.unknown_units],
        )
