"""How many problems a refusal lists, and the line that says how many more there are."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parindex.lib.errors import Problem

MAX_PER_CHECK = 20
MAX_PROBLEMS = 200


def append_more(problems: list[Problem], total: int, already: int | None = None) -> None:
    """Add “… and N more” when ``total`` problems exist but fewer are listed."""
    shown = len(problems) if already is None else already
    if total > shown:
        problems.append(Problem(_("… and {count} more problem(s).").format(count=total - shown)))
