"""What one import did: how many records of each kind were created, updated or left unchanged.

Counts are kept per kind of record (``units``, ``links``, ``rows`` …) and per outcome; they read
as ``result.units_created`` and ``result.counts()`` gives them all as ``{"units_created": 3, …}``
(a single kind ``""`` reads as ``created``/``updated``/``unchanged``). ``changed`` is what the
caller audits on: importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("created", "updated", "unchanged")


@dataclass
class ImportResult:
    """The outcome of importing one file."""

    file: str
    kinds: tuple[str, ...] = ("",)
    changes: Any = None
    #: The kind of file, where a format has several (a registry file's "sipas", "regions" …).
    file_kind: str = ""
    tally: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in self.kinds:
            for outcome in OUTCOMES:
                self.tally.setdefault(self._key(kind, outcome), 0)

    @staticmethod
    def _key(kind: str, outcome: str) -> str:
        return f"{kind}_{outcome}" if kind else outcome

    def add(self, kind: str, outcome: str, count: int = 1) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(outcome)
        key = self._key(kind, outcome)
        self.tally[key] = self.tally.get(key, 0) + count

    def __getattr__(self, name: str) -> int:
        tally = self.__dict__.get("tally")
        if tally is not None and name in tally:
            return int(tally[name])
        raise AttributeError(name)

    def counts(self) -> dict[str, int]:
        return dict(self.tally)

    @property
    def changed(self) -> bool:
        """Whether anything was created or updated."""
        return any(count for key, count in self.tally.items() if not key.endswith("unchanged"))
