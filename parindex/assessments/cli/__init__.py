"""Subcommands of ``parindex assessments``, one module each (``parindex.core.subcommands``);
the group lists them in ``management/commands/assessments.py``."""
