"""Reading a target plan file (YAML): its text, and its mappings with the line each starts on
(``__line__``), so that a problem can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import yaml
from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem

Source = str | Path | IO[str] | IO[bytes]


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that remembers the line of every mapping (as ``__line__``)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_plan_text(source: Source) -> tuple[str, str]:
    """The file's name and its text."""
    if isinstance(source, str | Path):
        return str(source), Path(source).read_text(encoding="utf-8")
    raw = source.read()
    return getattr(source, "name", "") or "-", (
        raw.decode("utf-8") if isinstance(raw, bytes) else raw
    )


def read_plan_file(source: Source) -> tuple[str, str, Any]:
    """The file's name, its text and its YAML content (``InputRejected`` if it is not YAML)."""
    name, text = read_plan_text(source)
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputRejected(
            [
                Problem(
                    _("The file is not valid YAML: {error}").format(error=exc),
                    line=mark.line + 1 if mark else None,
                )
            ]
        ) from exc
    return name, text, data
