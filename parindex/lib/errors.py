"""Problems found in user input, each tied to the row or line and field it came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parindex.lib.i18n import _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file or value.

    ``row`` counts rows of a sheet or CSV file as a spreadsheet shows them (the header is row 1);
    ``line`` counts lines of a text file such as YAML. ``field`` names the column or key.
    """

    message: str
    row: int | None = None
    line: int | None = None
    field: str = ""

    def location(self) -> str:
        parts: list[str] = []
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.line is not None:
            parts.append(_("line {line}").format(line=self.line))
        if self.field:
            parts.append(_("field “{field}”").format(field=self.field))
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "line": self.line, "field": self.field, "message": self.message}


class InputRejected(Exception):
    """Input refused as a whole; ``problems`` lists everything found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
