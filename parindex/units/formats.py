"""Reading unit files (YAML, or CSV) into plain records that remember where each value came from.

This module only parses and checks each record on its own (types, choices, dates, lengths);
checks that need the database or the whole file (parents, lineage sums) live in
``parindex.units.importing``. The format is documented in ``docs/units-format.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import decode
from parindex.lib.files.rows import read_table
from parindex.lib.files.source import Source, SourceLike
from parindex.lib.files.yaml_loader import TEXT, LineDict, parse_yaml
from parindex.units.models import (
    CodeSystem,
    LineageRelation,
    UnitKind,
    UnitSubkind,
    WeightBasis,
)

UNIT_FIELDS = (
    "code",
    "code_system",
    "name",
    "name_en",
    "kind",
    "subkind",
    "parent",
    "valid_from",
    "valid_to",
    "is_illustrative",
    "source",
)
#: Keys a unit may carry for human readers; the importer accepts and ignores them.
UNIT_INFO_FIELDS = ("info",)
LINK_FIELDS = (
    "predecessor",
    "successor",
    "effective_on",
    "relation",
    "weight",
    "weight_basis",
    "source",
    "note",
)
TOP_LEVEL_KEYS = ("source", "description", "units", "lineage")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[^\s:]+$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


@dataclass
class UnitRecord:
    """One unit as read from a file, with normalised values."""

    code: str
    code_system: str
    name: str
    kind: str
    name_en: str = ""
    subkind: str = ""
    parent: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    is_illustrative: bool = False
    source: str = ""
    line: int | None = None
    row: int | None = None
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.code_system}:{self.code}"

    def problem(self, message: str, field_name: str) -> Problem:
        return Problem(
            message, row=self.row, line=self.lines.get(field_name, self.line), field=field_name
        )


@dataclass
class LinkRecord:
    """One lineage link as read from a file, with normalised values."""

    predecessor: str
    successor: str
    effective_on: dt.date
    relation: str
    weight: Decimal
    weight_basis: str
    source: str = ""
    note: str = ""
    line: int | None = None
    row: int | None = None
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, dt.date, str]:
        return (self.predecessor, self.successor, self.effective_on, self.weight_basis)

    def problem(self, message: str, field_name: str) -> Problem:
        return Problem(
            message, row=self.row, line=self.lines.get(field_name, self.line), field=field_name
        )


@dataclass
class ParsedFile:
    """Everything read from one file, and every problem found on the way."""

    name: str
    source: str = ""
    units: list[UnitRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Units and successors whose records were refused: later checks do not report them again.
    rejected_units: set[str] = field(default_factory=set)
    rejected_successors: set[str] = field(default_factory=set)

    def add_unit(self, record: UnitRecord, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        if not problems:
            self.units.append(record)
        elif record.code and record.code_system:
            self.rejected_units.add(record.key)

    def add_link(self, record: LinkRecord, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        if not problems:
            self.links.append(record)
        else:  # "*": the successor is unreadable, so any successor's weights may be incomplete
            self.rejected_successors.add(record.successor or "*")


# --- value checks ----------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD, or None if it is not one."""
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_unit_ref(text: str) -> tuple[str, str] | None:
    """``SYSTEM:CODE`` split into its parts, or None if it is not such a reference."""
    system, sep, code = text.partition(":")
    if not sep or system not in CodeSystem.values or not _CODE.match(code):
        return None
    return system, code


class _Fields:
    """Reads the fields of one record, collecting a problem per bad value."""

    def __init__(self, raw: dict[str, Any], at: Any, problems: list[Problem]):
        self.raw = raw
        self.at = at  # callable (message, field) -> Problem
        self.problems = problems

    def text(self, name: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw.get(name)
        if value is None:
            value = ""
        if isinstance(value, (dict, list)):
            self.problems.append(self.at(_("Expected a text value."), name))
            return ""
        text = str(value).strip()
        if required and not text:
            self.problems.append(self.at(_("This field is required."), name))
        elif max_length is not None and len(text) > max_length:
            self.problems.append(
                self.at(
                    _("At most {max} characters allowed, found {count}.").format(
                        max=max_length, count=len(text)
                    ),
                    name,
                )
            )
        return text

    def choice(self, name: str, choices: Any, *, required: bool = True) -> str:
        text = self.text(name, required=required)
        if text and text not in choices.values:
            self.problems.append(
                self.at(
                    _("“{value}” is not allowed here; use one of: {choices}.").format(
                        value=text, choices=", ".join(choices.values)
                    ),
                    name,
                )
            )
        return text

    def date(self, name: str, *, required: bool = False) -> dt.date | None:
        text = self.text(name, required=required)
        if not text:
            return None
        value = parse_date(text)
        if value is None:
            self.problems.append(
                self.at(
                    _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=text), name
                )
            )
        return value

    def ref(self, name: str, *, required: bool = False) -> str:
        text = self.text(name, required=required)
        if text and parse_unit_ref(text) is None:
            self.problems.append(
                self.at(
                    _(
                        "“{value}” is not a unit reference; write SYSTEM:CODE with SYSTEM one "
                        "of {systems}."
                    ).format(value=text, systems=", ".join(CodeSystem.values)),
                    name,
                )
            )
            return ""
        return text

    def boolean(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in _TRUE:
            return True
        if text not in _FALSE:
            self.problems.append(
                self.at(_("“{value}” is not true or false.").format(value=value), name)
            )
        return False

    def weight(self, name: str) -> Decimal:
        text = self.text(name, required=True)
        if not text:
            return Decimal(0)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.problems.append(self.at(_("“{value}” is not a number.").format(value=text), name))
            return Decimal(0)
        if not Decimal(0) < value <= Decimal(1):
            self.problems.append(
                self.at(
                    _("A weight must be greater than 0 and at most 1, found {value}.").format(
                        value=text
                    ),
                    name,
                )
            )
        elif value != value.quantize(Decimal("0.000001")):
            self.problems.append(
                self.at(
                    _("A weight has at most 6 decimal places, found {value}.").format(value=text),
                    name,
                )
            )
        return value

    def unknown(self, allowed: Iterable[str]) -> None:
        for key in self.raw:
            if key not in allowed:
                self.problems.append(
                    self.at(
                        _("Unknown field “{name}”; allowed: {allowed}.").format(
                            name=key, allowed=", ".join(allowed)
                        ),
                        key,
                    )
                )


def _unit_record(
    raw: dict[str, Any], *, line: int | None, row: int | None, lines: dict[str, int], default: str
) -> tuple[UnitRecord, list[Problem]]:
    problems: list[Problem] = []

    def at(message: str, name: str) -> Problem:
        return Problem(message, row=row, line=lines.get(name, line), field=name)

    f = _Fields(raw, at, problems)
    f.unknown(UNIT_FIELDS + UNIT_INFO_FIELDS)
    code = f.text("code", required=True, max_length=32)
    if code and not _CODE.match(code):
        problems.append(at(_("A code may not contain spaces or a colon."), "code"))
    record = UnitRecord(
        code=code,
        code_system=f.choice("code_system", CodeSystem),
        name=f.text("name", required=True, max_length=255),
        name_en=f.text("name_en", max_length=255),
        kind=f.choice("kind", UnitKind),
        subkind=f.choice("subkind", UnitSubkind, required=False),
        parent=f.ref("parent"),
        valid_from=f.date("valid_from"),
        valid_to=f.date("valid_to"),
        is_illustrative=f.boolean("is_illustrative"),
        source=f.text("source") or default,
        line=line,
        row=row,
        lines=lines,
    )
    if record.valid_from and record.valid_to and record.valid_to <= record.valid_from:
        problems.append(
            at(
                _("valid_to ({to}) must be after valid_from ({start}).").format(
                    to=record.valid_to.isoformat(), start=record.valid_from.isoformat()
                ),
                "valid_to",
            )
        )
    return record, problems


def _link_record(
    raw: dict[str, Any], *, line: int | None, row: int | None, lines: dict[str, int], default: str
) -> tuple[LinkRecord, list[Problem]]:
    problems: list[Problem] = []

    def at(message: str, name: str) -> Problem:
        return Problem(message, row=row, line=lines.get(name, line), field=name)

    f = _Fields(raw, at, problems)
    f.unknown(LINK_FIELDS)
    predecessor = f.ref("predecessor", required=True)
    successor = f.ref("successor", required=True)
    if predecessor and predecessor == successor:
        problems.append(at(_("A unit cannot be its own successor."), "successor"))
    effective_on = f.date("effective_on", required=True)
    record = LinkRecord(
        predecessor=predecessor,
        successor=successor,
        effective_on=effective_on or dt.date.min,
        relation=f.choice("relation", LineageRelation),
        weight=f.weight("weight"),
        weight_basis=f.choice("weight_basis", WeightBasis),
        source=f.text("source") or default,
        note=f.text("note"),
        line=line,
        row=row,
        lines=lines,
    )
    return record, problems


# --- files -----------------------------------------------------------------------------------


def read_units_file(source: SourceLike) -> ParsedFile:
    """Parse a unit file (YAML, or CSV recognised by its suffix or header) into records."""
    try:
        file = Source.of(source)
        text, name = decode(file), file.name
    except InputRejected as exc:
        return ParsedFile(name="", problems=exc.problems)
    first_line = text.lstrip().split("\n", 1)[0]
    header = [c.strip() for c in first_line.split(",")]
    if name.lower().endswith(".csv") or (
        len(header) > 1 and ("code" in header or "predecessor" in header)
    ):
        return _read_csv(file, text)
    return _read_yaml(text, name)


def _read_yaml(text: str, name: str) -> ParsedFile:
    parsed = ParsedFile(name=name)
    try:
        document = parse_yaml(text, name=name, scalars=TEXT)  # codes and weights stay text
    except InputRejected as exc:
        parsed.problems.extend(exc.problems)
        return parsed
    if not isinstance(document, LineDict):
        parsed.problems.append(
            Problem(_("The file must be a mapping with the keys “units” and/or “lineage”."))
        )
        return parsed
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            parsed.problems.append(
                Problem(
                    _("Unknown field “{name}”; allowed: {allowed}.").format(
                        name=key, allowed=", ".join(TOP_LEVEL_KEYS)
                    ),
                    line=document.key_lines[key],
                    field=key,
                )
            )
    parsed.source = "" if document.get("source") is None else str(document["source"]).strip()
    for section in ("units", "lineage"):
        items = document.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            parsed.problems.append(
                Problem(
                    _("“{name}” must be a list.").format(name=section),
                    line=document.key_lines[section],
                    field=section,
                )
            )
            continue
        for index, item in enumerate(items):
            if not isinstance(item, LineDict):
                parsed.problems.append(
                    Problem(
                        _("Item {number} of “{name}” must be a mapping of fields.").format(
                            number=index + 1, name=section
                        ),
                        line=document.key_lines[section],
                        field=section,
                    )
                )
                continue
            build = _unit_record if section == "units" else _link_record
            record, problems = build(
                item, line=item.line, row=None, lines=item.key_lines, default=parsed.source
            )
            if isinstance(record, UnitRecord):
                parsed.add_unit(record, problems)
            else:
                parsed.add_link(record, problems)
    if not parsed.units and not parsed.links and not parsed.problems:
        parsed.problems.append(Problem(_("The file holds no units and no lineage links.")))
    return parsed


def _read_csv(file: Source, text: str) -> ParsedFile:
    parsed = ParsedFile(name=file.name)
    try:
        table = read_table(file, allow_empty=True) if text.strip() else None
    except InputRejected as exc:
        parsed.problems.extend(exc.problems)
        return parsed
    columns = table.header if table is not None else []
    units_file = "code" in columns
    if table is None or (not units_file and "predecessor" not in columns):
        parsed.problems.append(
            Problem(
                _("A CSV file needs a header row with a “code” or a “predecessor” column."),
                row=1,
            )
        )
        return parsed
    allowed = UNIT_FIELDS if units_file else LINK_FIELDS
    for column in columns:
        if column not in allowed:
            parsed.problems.append(
                Problem(
                    _("Unknown column “{name}”; allowed: {allowed}.").format(
                        name=column, allowed=", ".join(allowed)
                    ),
                    row=1,
                    field=column,
                )
            )
    build = _unit_record if units_file else _link_record
    for row in table.rows:
        values = {name: value for name, value in row.values.items() if name in allowed}
        if not any(values.values()):
            continue
        record, problems = build(values, line=None, row=row.number, lines={}, default="")
        if isinstance(record, UnitRecord):
            parsed.add_unit(record, problems)
        else:
            parsed.add_link(record, problems)
    if not parsed.units and not parsed.links and not parsed.problems:
        parsed.problems.append(Problem(_("The file holds no units and no lineage links.")))
    return parsed
