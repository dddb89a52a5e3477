"""What an importer reads: a named sequence of bytes, wherever it came from.

A command reads a path, a page receives an upload, a test passes bytes or text: each becomes a
``Source`` once, at the edge, so the readers underneath deal with one type and every message can
name the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.i18n import _


@dataclass(frozen=True)
class Source:
    """The bytes of one input file and the name to show for it (no directories)."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        """Read the file at ``path``; a missing or unreadable file is refused, not raised."""
        path = Path(path)
        try:
            return cls(path.name, path.read_bytes())
        except FileNotFoundError:
            raise InputRejected([Problem(_("File not found: {path}").format(path=path))]) from None
        except OSError as exc:
            raise InputRejected(
                [
                    Problem(
                        _("Cannot read {path}: {error}").format(
                            path=path, error=exc.strerror or exc
                        )
                    )
                ]
            ) from None

    @classmethod
    def from_text(cls, text: str, name: str = "") -> Source:
        return cls(name, text.encode("utf-8"))

    @classmethod
    def of(cls, value: SourceLike, name: str = "") -> Source:
        """A Source from any accepted input; a ``str`` is a path, never the text itself."""
        if isinstance(value, Source):
            return value if not name or value.name == name else cls(name, value.data)
        if isinstance(value, str | Path):
            source = cls.from_path(value)
            return cls(name, source.data) if name else source
        if isinstance(value, bytes | bytearray | memoryview):
            return cls(name, bytes(value))
        data = value.read()
        name = name or Path(str(getattr(value, "name", "") or "")).name
        if isinstance(data, str):
            return cls.from_text(data, name)
        return cls(name, bytes(data))

    def label(self) -> str:
        """The name to show in a message (a dash for a nameless file)."""
        return self.name or "—"


#: Anything an importer accepts: a path (``str`` or ``Path``), bytes, an open file, a Source.
SourceLike = Source | str | Path | bytes | IO[str] | IO[bytes]
