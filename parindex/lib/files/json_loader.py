"""JSON that a person hands over (a portal response saved to disk): parsed, or refused by line.

Python's parser recurses once per ``[`` or ``{``: a file of ten thousand brackets raises
``RecursionError``. Nesting deeper than ``yaml_loader.MAX_DEPTH`` is refused first, with the
line, by a scan that skips the text of strings.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.yaml_loader import MAX_DEPTH
from parindex.lib.i18n import _

_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')


def nesting_problem(text: str, name: str, max_depth: int = MAX_DEPTH) -> Problem | None:
    """Where ``text`` nests brackets more than ``max_depth`` deep, or ``None``."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                return Problem(
                    _("The file “{file}” is nested more than {max} levels deep.").format(
                        file=name or "—", max=max_depth
                    ),
                    line=text.count("\n", 0, match.start()) + 1,
                )
        elif char in "]}":
            depth -= 1
    return None


def parse_json(text: str, *, name: str = "") -> Any:
    """The value of a JSON text, numbers with a fraction as ``Decimal``; refused when nested too
    deeply (``json.JSONDecodeError`` is left to the caller, which words it for its format)."""
    problem = nesting_problem(text, name)
    if problem is not None:
        raise InputRejected([problem])
    return json.loads(text, parse_float=Decimal)
