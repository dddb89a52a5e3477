"""Which character separates the cells of a CSV file.

Spreadsheets set to Vietnamese write ``;`` between cells, because the comma is their decimal
mark; others write ``,``; some exports use a tab or ``|``. The header line decides: the
candidate found most often outside quotes wins, and a tie (including none at all) is ``,``.
"""

from __future__ import annotations

CANDIDATES = (",", ";", "\t", "|")


def _outside_quotes(line: str) -> str:
    kept: list[str] = []
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            kept.append(char)
    return "".join(kept)


def sniff_delimiter(text: str | bytes) -> str:
    """The delimiter of a CSV file, judged on its first line (text or bytes)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    first = _outside_quotes(text.lstrip("\ufeff").split("\n", 1)[0])
    counts = {candidate: first.count(candidate) for candidate in CANDIDATES}
    return max(CANDIDATES, key=lambda candidate: counts[candidate])
