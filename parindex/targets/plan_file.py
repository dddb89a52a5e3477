"""Reading a target plan file (YAML) through the kit (``parindex.lib.files``): its name, its text
and its content, whose mappings remember the line they start on (``LineDict.line``), so that a
problem can name the line."""

from __future__ import annotations

from typing import Any

from parindex.lib.files.decoding import decode
from parindex.lib.files.source import Source, SourceLike
from parindex.lib.files.yaml_loader import parse_yaml


def read_plan_file(source: SourceLike) -> tuple[str, str, Any]:
    """The file's name, its text and its YAML content (``InputRejected`` if it is not YAML, is
    not UTF-8 or UTF-16 text, or is nested too deep)."""
    file = Source.of(source)
    text = decode(file)
    return file.name, text, parse_yaml(text, name=file.label())
