"""One YAML loader for every file a person writes: line numbers kept, traps refused.

- Every mapping is a ``LineDict`` and every list a ``LineList`` that remember the line they start
  on and the line of each key or item, so a problem names the line to fix.
- A key given twice in one mapping is refused with the line of the second one (YAML itself would
  silently keep the last value).
- Anchors and aliases (``&a`` / ``*a``) are refused: no file of ours needs them, and they are how
  a few lines expand into billions of values ("billion laughs").
- Nesting deeper than ``MAX_DEPTH`` is refused before the recursive parts of the parser run, so a
  hostile file gives a message, not a ``RecursionError``.
- ``scalars`` chooses how plain values are typed: ``TYPED`` (YAML's own rules), ``NO_DATES``
  (dates stay text, so a bad date is reported with its line), ``TEXT`` (everything but booleans
  and null stays text: codes keep their leading zeros, weights their exact decimals).

Only ``yaml.SafeLoader`` underneath: no Python objects are ever built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import decode
from parindex.lib.files.source import Source
from parindex.lib.i18n import _

MAX_DEPTH = 50

TYPED = "typed"
NO_DATES = "no_dates"
TEXT = "text"


class LineDict(dict[str, Any]):
    """A mapping that remembers the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A list that remembers the line it starts on and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Refused(yaml.YAMLError):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with line-numbered containers, a depth limit and no anchors or aliases."""

    def __init__(self, stream: str, file: str):
        super().__init__(stream)
        self.file = file
        self.depth = 0
        self.duplicates: list[Problem] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                _(
                    "The file “{file}” uses a YAML anchor or alias (“&” or “*”); write each "
                    "value out in full."
                ).format(file=self.file),
                event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(
                    _("The file “{file}” is nested more than {max} levels deep.").format(
                        file=self.file, max=MAX_DEPTH
                    ),
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicates.append(
                Problem(_("“{name}” is given twice.").format(name=key), line=line, field=key)
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _loader_class(keep: tuple[str, ...] | None) -> type[_Loader]:
    class Loader(_Loader):
        pass

    if keep is not None:
        Loader.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag.endswith(keep)]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    return Loader


_ALL_TAGS = tuple(
    sorted(
        {
            tag.rsplit(":", 1)[-1]
            for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
            for tag, _rx in resolvers
        }
    )
)
_LOADERS: dict[str, type[_Loader]] = {
    TYPED: _loader_class(None),
    NO_DATES: _loader_class(tuple(f":{t}" for t in _ALL_TAGS if t != "timestamp")),
    TEXT: _loader_class((":bool", ":null")),
}


def parse_yaml(text: str, *, name: str = "", scalars: str = TYPED) -> Any:
    """The one document of a YAML text, built as ``LineDict``/``LineList``; refused whole.

    An empty document is ``None``. Syntax errors, anchors, aliases, excessive nesting and keys
    given twice raise ``InputRejected`` with the line.
    """
    loader = _LOADERS[scalars](text, name or "—")
    try:
        data = loader.get_single_data()
    except _Refused as exc:
        raise InputRejected([Problem(exc.message, line=exc.mark.line + 1)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputRejected(
            [
                Problem(
                    _("The file is not valid YAML: {error}").format(
                        error=getattr(exc, "problem", None) or exc
                    ),
                    line=mark.line + 1 if mark is not None else None,
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise InputRejected(loader.duplicates)
    return data


def load_yaml(source: Source | str | Path, *, scalars: str = TYPED) -> Any:
    """``parse_yaml`` on a file: a ``Source`` or a path, decoded by ``decoding.decode``."""
    if not isinstance(source, Source):
        source = Source.from_path(source)
    return parse_yaml(decode(source), name=source.name, scalars=scalars)
