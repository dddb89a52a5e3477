"""One collector of problems for every importer: collect them all, keep a readable number.

A file with an error in every one of its 100 000 rows must not print 100 000 lines: the
collector keeps the first ``limit`` problems, counts the rest, and ends the refusal with one line
saying how many more were found.
"""

from __future__ import annotations

from collections.abc import Iterable

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.i18n import _

DEFAULT_LIMIT = 200


class ProblemCollector:
    """Problems of one input, at most ``limit`` of them kept; ``count`` counts them all."""

    def __init__(self, limit: int = DEFAULT_LIMIT):
        self.limit = limit
        self.problems: list[Problem] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count

    def add(
        self,
        message: str,
        *,
        row: int | None = None,
        line: int | None = None,
        field: str = "",
    ) -> None:
        self.append(Problem(message, row=row, line=line, field=field))

    def append(self, problem: Problem) -> None:
        self.count += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def reported(self) -> list[Problem]:
        """The kept problems, followed by one saying how many were left out."""
        left_out = self.count - len(self.problems)
        if left_out <= 0:
            return list(self.problems)
        return [
            *self.problems,
            Problem(_("… and {count} more problem(s) not shown.").format(count=left_out)),
        ]

    def raise_if_any(self) -> None:
        """Refuse the input whole when anything was found."""
        if self.count:
            raise InputRejected(self.reported())
