"""Subcommands of ``parindex dossiers``, one module each (``parindex.core.subcommands``);
the group lists them in ``management/commands/dossiers.py``."""
