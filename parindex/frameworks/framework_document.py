"""A framework file in memory (``FrameworkDocument``), whatever the format it came from (YAML or
Excel), and turned into the scoring engine's spec; the values a reader found (``RawFramework``)
and the coercion of file values.

:mod:`parindex.frameworks.framework_building` types and checks a ``RawFramework`` into a
document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.frameworks.models import band_from_dict
from parindex.lib.errors import Problem
from parindex.lib.scoring.methods import (
    AWARD_MAX,
)
from parindex.lib.scoring.numbers import to_decimal
from parindex.lib.scoring.tree import FrameworkSpec, node_tree

FORMAT_ID = "parindex-framework/1"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
STATUSES = ("draft", "active", "retired")
MAX_LEVEL = 3

FRAMEWORK_FIELDS = (
    "code",
    "version",
    "name_vi",
    "name_en",
    "unit_kinds",
    "year_from",
    "year_to",
    "scope",
    "methodology_decision",
    "source",
    "status",
    "is_illustrative",
    "structure_only",
    "max_points",
    "not_applicable_policy",
    "total_cap",
    "bands",
    "metadata",
)
CRITERION_FIELDS = (
    "code",
    "parent",
    "level",
    "name_vi",
    "name_en",
    "max_points",
    "method",
    "params",
    "input_source",
    "evidence_required",
    "owner_department",
    "applies_to",
    "source",
    "status",
)


@dataclass(frozen=True)
class Where:
    """Where a value came from: a YAML line, or a workbook row; ``label`` names the field as
    the file spells it (a YAML key or a column header)."""

    line: int | None = None
    row: int | None = None
    label: str = ""

    def problem(self, message: str, field_name: str = "") -> Problem:
        return Problem(message, row=self.row, line=self.line, field=self.label or field_name)


@dataclass
class CriterionRow:
    code: str
    parent: str | None
    level: int
    name_vi: str
    name_en: str = ""
    max_points: Decimal | None = None
    method: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    input_source: str = "declared"
    evidence_required: str = ""
    owner_department: str = ""
    applies_to: list[str] = field(default_factory=list)
    source: str = ""
    status: str = ""


@dataclass
class FrameworkDocument:
    """Everything a framework file holds. Two documents are equal when their content is."""

    code: str
    version: int
    name_vi: str
    name_en: str = ""
    unit_kinds: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    scope: str = "national"
    methodology_decision: str = ""
    source: str = ""
    status: str = "active"
    is_illustrative: bool = False
    structure_only: bool = False
    max_points: Decimal | None = None
    not_applicable_policy: str = AWARD_MAX
    total_cap: Decimal | None = None
    bands: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    criteria: list[CriterionRow] = field(default_factory=list)

    def framework_values(self) -> dict[str, Any]:
        """Model field values of the framework row."""
        return {name: getattr(self, name) for name in FRAMEWORK_FIELDS if name != "code"}

    def spec(self) -> FrameworkSpec:
        """The scoring engine's view of this document (call only on a valid document)."""
        return FrameworkSpec(
            code=self.code,
            areas=node_tree(self.criteria, key=lambda r: r.code, parent=lambda r: r.parent),
            max_points=self.max_points,
            bands=tuple(band_from_dict(b) for b in self.bands),
            not_applicable_policy=self.not_applicable_policy,
            total_cap=self.total_cap,
            structure_only=self.structure_only,
            name_vi=self.name_vi,
            name_en=self.name_en,
            is_illustrative=self.is_illustrative,
        )


@dataclass
class RawRow:
    """One criterion as a reader found it: values, where each field came from, and where the
    row itself starts."""

    values: Mapping[str, Any]
    where: Mapping[str, Where]
    start: Where


@dataclass
class RawFramework:
    values: Mapping[str, Any]
    where: Mapping[str, Where]
    start: Where
    band_where: list[Where] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- coercion


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_decimal(value: Any) -> Decimal:
    """A number from a file: 14.5, "14.5" or the Vietnamese "14,5"."""
    if isinstance(value, str) and "," in value and "." not in value:
        value = value.replace(",", ".")
    return to_decimal(value)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "có", "co", "x"):
        return True
    if text in ("0", "false", "no", "không", "khong", ""):
        return False
    raise ValueError(value)


def parse_list(value: Any) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if not _blank(item)]
    return [part.strip() for part in str(value).split(",") if part.strip()]
