"""The national portal's Decision 766 responses as parsed values: units, metrics, periods.

Framework-free (no Django). :mod:`parindex.lib.dossiers.portal.parsing` builds these from a
response body; :mod:`parindex.lib.dossiers.portal.reconcile` compares them with our formulas.
Units are keyed by ``departmentCode`` when present, else by their normalised name (NFC,
case-folded, whitespace collapsed).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.lib.dossiers import qd766

_PERIOD = re.compile(
    r"^(?:(?P<year_only>year)-(?P<y1>\d{4})"
    r"|(?P<quarter>quarter)-(?P<y2>\d{4})-[qQ]?(?P<q>[1-4])"
    r"|(?P<month>month)-(?P<y3>\d{4})-(?P<m>\d{1,2}))$"
)


def normalise_name(name: str) -> str:
    """NFC, case-folded, whitespace collapsed: the key of a unit that has no code."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year
    year: int
    month: int | None = None
    quarter: int | None = None

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.month:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)


def period_from_name(name: str) -> Period | None:
    """``dvc-progress-tree.month-2026-08.json`` → month 8 of 2026; None when not in the name."""
    parts = Path(name).name.split(".")
    for part in parts[1:]:
        match = _PERIOD.match(part)
        if not match:
            continue
        if match["year_only"]:
            return Period("year", int(match["y1"]))
        if match["quarter"]:
            return Period("quarter", int(match["y2"]), quarter=int(match["q"]))
        month = int(match["m"])
        if 1 <= month <= 12:
            return Period("month", int(match["y3"]), month=month, quarter=(month - 1) // 3 + 1)
    return None


def group_from_name(name: str, profile: qd766.Profile) -> str | None:
    stem = Path(name).name.split(".")[0]
    return stem if stem in profile.group_ids() else None


@dataclass(frozen=True)
class PortalMetric:
    code: str
    numerator: Decimal | None
    denominator: Decimal | None
    ratio: Decimal | None  # percent, as published
    score: Decimal | None
    max_score: Decimal | None
    quality: str
    path: str


@dataclass(frozen=True)
class PortalUnit:
    name: str
    code: str
    is_root: bool
    level: str
    official_score: Decimal | None
    official_max: Decimal | None
    score_field: str
    params: Mapping[str, Decimal | None]
    metrics: tuple[PortalMetric, ...]
    path: str

    @property
    def key(self) -> str:
        return self.code or normalise_name(self.name)

    @property
    def keyed_by(self) -> str:
        return "code" if self.code else "name"


@dataclass(frozen=True)
class PortalResponse:
    """One response of the portal, checked and parsed. ``body`` is the JSON as stored."""

    source: str
    group: str
    shape: qd766.Shape
    period: Period | None
    sha256: str
    body: Any
    units: tuple[PortalUnit, ...]

    @property
    def root(self) -> PortalUnit:
        return self.units[0]
