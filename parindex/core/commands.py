"""Shared behaviour of every ``parindex`` command.

Commands speak the CLI language (Vietnamese by default), turn refused input into a list of
problems on standard error and a non-zero exit code, and print JSON or a plain text table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


class ParIndexCommand(BaseCommand):
    """Base class of ParIndex management commands.

    ``help`` is declared untranslated (``gettext_noop``) or lazily (``gettext_lazy``): it is
    rendered here, in the CLI language, when the parser is built — never at import time, when
    the language is not yet known.
    """

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        translation.activate(settings.CLI_LANGUAGE)
        self.help = _(str(type(self).help))
        return super().create_parser(prog_name, subcommand, **kwargs)

    def execute(self, *args: Any, **options: Any) -> Any:
        translation.activate(settings.CLI_LANGUAGE)
        try:
            return super().execute(*args, **options)
        except InputRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("Refused: {count} problem(s) found; nothing was written.").format(
                    count=len(exc.problems)
                )
            ) from exc

    def write_json(self, payload: Any) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default))

    def write_table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        cells = [[str(h) for h in headers]] + [
            ["" if c is None else str(c) for c in r] for r in rows
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
        for index, row in enumerate(cells):
            self.stdout.write(
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
