"""The ``parindex`` command-line tool.

``parindex WORD …`` runs the Django management command WORD (``units``, ``framework``, ``score``,
``calendar``, ``demo``, …) with the project settings. Two words need no settings at all:
``version`` and ``secret-key``. ``--lang en`` (before the command) switches the language of
messages; Vietnamese is the default.
"""

from __future__ import annotations

import os
import secrets
import sys


def _pop_language(argv: list[str]) -> tuple[list[str], str | None]:
    if len(argv) >= 2 and argv[0] == "--lang":
        return argv[2:], argv[1]
    for i, arg in enumerate(argv[:1]):
        if arg.startswith("--lang="):
            return argv[:i] + argv[i + 1 :], arg.split("=", 1)[1]
    return argv, None


def main(argv: list[str] | None = None) -> int:
    args, language = _pop_language(list(sys.argv[1:] if argv is None else argv))
    if args and args[0] == "version":
        from parindex import __version__

        print(__version__)
        return 0
    if args and args[0] == "secret-key":
        print(secrets.token_urlsafe(50))
        return 0
    if language:
        os.environ["PARINDEX_LANGUAGE"] = language
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["parindex", *args])
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    except (OperationalError, ProgrammingError) as exc:
        if not _is_missing_table(exc):
            raise
        from django.conf import settings
        from django.utils import translation
        from django.utils.translation import gettext as _

        translation.activate(settings.CLI_LANGUAGE)
        # A fresh checkout has no tables yet: say what to do rather than print a traceback.
        print(
            _(
                "The database is not set up yet ({error}). Run “./run migrate” (or “./run serve”, "
                "which sets everything up) and try again."
            ).format(error=str(exc).splitlines()[0]),
            file=sys.stderr,
        )
        return 2
    return 0


def _is_missing_table(exc: Exception) -> bool:
    text = str(exc)
    return "no such table" in text or ("relation" in text and "does not exist" in text)


if __name__ == "__main__":
    sys.exit(main())
