"""Quoting for the SQL the import writes (identifiers and text literals)."""

from __future__ import annotations


def quote(name: str) -> str:
    """A DuckDB identifier: ``name`` in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A DuckDB text literal: ``text`` in single quotes."""
    return "'" + text.replace("'", "''") + "'"
