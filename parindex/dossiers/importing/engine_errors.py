"""Errors of the engines underneath (DuckDB, openpyxl) as problems a person can act on.

An engine's own text (English, with SQL and paths in it) is never shown: each error becomes a
:class:`~parindex.lib.errors.Problem` in the user's language naming the file, and the row or the
mapping key where the engine says which. The reading kit (``parindex.lib.files``) is to take
this over; until then the import's readers go through the functions here.
"""

from __future__ import annotations

import re

import duckdb
from django.utils.translation import gettext as _

from parindex.lib.errors import Problem

#: Encodings a mapping file may name for a CSV file (the first is the default).
ENCODING_NAMES = "utf-8, utf-16, latin-1, windows-1258"

_LINE = re.compile(r"CSV Error on Line: (\d+)")
#: Leading bytes of the formats people most often send under the wrong name.
_BINARY_MAGIC = (b"PK\x03\x04", b"PAR1", b"\xd0\xcf\x11\xe0", b"%PDF")


def not_text(file: str, encoding: str, row: int | None = None) -> Problem:
    """The file (or its row ``row``) does not decode as ``encoding``."""
    return Problem(
        _(
            "{file}: the file is not {encoding} text. Save it as “CSV UTF-8”, or name its "
            "encoding ({choices}) in a mapping file."
        ).format(file=file, encoding=encoding.upper(), choices=ENCODING_NAMES),
        row=row,
    )


def binary_file(file: str) -> Problem:
    """A binary file given as CSV text."""
    return Problem(
        _(
            "{file}: the file is binary, not CSV text. An XLSX or Parquet file must keep its "
            ".xlsx or .parquet name."
        ).format(file=file)
    )


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a would-be text file are binary (NUL bytes, a known format)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NUL bytes too
        return False
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def bad_date_format(date_format: str) -> Problem:
    """A date format (from a mapping) the engine cannot use."""
    return Problem(
        _(
            "The date format “{format}” cannot be used; write it with strftime codes such as "
            "%d/%m/%Y %H:%M:%S."
        ).format(format=date_format),
        field="date_format",
    )


def check_date_format(con: duckdb.DuckDBPyConnection, date_format: str) -> Problem | None:
    """A problem when DuckDB refuses ``date_format`` (an unknown ``%`` code), else None."""
    try:
        con.execute("SELECT try_strptime('2000-01-01', ?)", [date_format]).fetchall()
    except duckdb.Error:
        return bad_date_format(date_format)
    return None


def unreadable_workbook(file: str) -> Problem:
    """openpyxl could not open the file."""
    return Problem(
        _(
            "{file}: the file cannot be read as an XLSX workbook (damaged, or another format)."
        ).format(file=file)
    )


def engine_problem(exc: duckdb.Error, *, file: str, file_format: str, encoding: str) -> Problem:
    """The problem to show for a DuckDB error raised while reading ``file``."""
    text = str(exc)
    line = _LINE.search(text)
    row = int(line.group(1)) if line else None
    if "not utf-8 encoded" in text or "Invalid unicode" in text:
        return not_text(file, encoding, row)
    if "strptime" in text or "format specifier" in text:
        return Problem(
            _("{file}: the dates cannot be read with the date format given.").format(file=file),
            field="date_format",
        )
    if file_format == "parquet":
        return Problem(
            _("{file}: the file is not a Parquet file, or it is damaged (cut short?).").format(
                file=file
            )
        )
    if row is not None:
        return Problem(
            _(
                "{file}: the row cannot be read as CSV (a quote left open, or a damaged file)."
            ).format(file=file),
            row=row,
        )
    return Problem(
        _("{file}: the file cannot be read as {format} (damaged, or another format).").format(
            file=file, format=file_format.upper()
        )
    )
