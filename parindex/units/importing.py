"""Checking a parsed unit file against the database, and writing it.

``check_file`` finds every problem of a whole file (references, cycles, validity of lineage
dates, weight sums, province mappings) against the state the database would have after the
import; ``write_file`` then creates or updates rows and never deletes any. Only the action
``parindex.units.actions.import_units`` calls these, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.results import ImportResult
from parindex.units.formats import LinkRecord, ParsedFile, UnitRecord, parse_unit_ref
from parindex.units.models import CodeSystem, LineageLink, Unit, UnitKind

UNIT_VALUE_FIELDS = (
    "name",
    "name_en",
    "kind",
    "subkind",
    "valid_from",
    "valid_to",
    "is_illustrative",
    "source",
)
LINK_VALUE_FIELDS = ("relation", "weight", "source", "note")
WEIGHT_QUANTUM = Decimal("0.000001")

LinkKey = tuple[str, str, dt.date, str]


@dataclass
class _UnitState:
    """A unit as it will be after the import: the database row overlaid with the file."""

    kind: str
    parent: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass
class CheckedFile:
    """A file that passed every check, with the database rows it will touch."""

    parsed: ParsedFile
    units: dict[str, UnitRecord]
    links: dict[LinkKey, LinkRecord]
    existing_units: dict[str, dict[str, Any]]
    existing_links: dict[LinkKey, dict[str, Any]]


def _where(record: UnitRecord | LinkRecord) -> str:
    if record.row is not None:
        return _("row {row}").format(row=record.row)
    return _("line {line}").format(line=record.line)


def _unknown_unit(ref: str) -> str:
    message = _("Unknown unit {ref}: it is neither in this file nor in the database.").format(
        ref=ref
    )
    parts = parse_unit_ref(ref)
    if parts and parts[0] == CodeSystem.HISTORICAL_63 and len(parts[1]) == 2:
        message += " " + _("Import provinces_63.yaml first (or run “units import --reference”).")
    elif parts and parts[0] == CodeSystem.CURRENT_34 and len(parts[1]) == 2:
        message += " " + _("Import provinces_34.yaml first (or run “units import --reference”).")
    else:
        message += " " + _("Import the file that defines it first, or add it to this file.")
    return message


def _existing_units() -> dict[str, dict[str, Any]]:
    rows = Unit.objects.values(
        "id", "code_system", "code", *UNIT_VALUE_FIELDS, "parent__code_system", "parent__code"
    )
    result = {}
    for row in rows:
        row["parent"] = (
            f"{row['parent__code_system']}:{row['parent__code']}" if row["parent__code"] else ""
        )
        result[f"{row['code_system']}:{row['code']}"] = row
    return result


def _existing_links(unit_ids: set[int]) -> dict[LinkKey, dict[str, Any]]:
    rows = LineageLink.objects.filter(
        Q(successor_id__in=unit_ids) | Q(predecessor_id__in=unit_ids)
    ).values(
        "id",
        "predecessor__code_system",
        "predecessor__code",
        "successor__code_system",
        "successor__code",
        "effective_on",
        "weight_basis",
        *LINK_VALUE_FIELDS,
    )
    return {
        (
            f"{r['predecessor__code_system']}:{r['predecessor__code']}",
            f"{r['successor__code_system']}:{r['successor__code']}",
            r["effective_on"],
            r["weight_basis"],
        ): r
        for r in rows
    }


def check_file(parsed: ParsedFile) -> CheckedFile:
    """Every problem of the file against the resulting database state, or the checked file.

    Raises ``InputRejected`` listing all problems, each with its line (YAML) or row (CSV) and
    field, sorted by position.
    """
    problems = list(parsed.problems)
    existing = _existing_units()
    units = _distinct_units(parsed.units, problems)
    state = _resulting_state(existing, units)
    problems.extend(_check_parents(units, state, parsed.rejected_units))
    links = _distinct_links(parsed, state, problems)
    touched_ids = {
        existing[ref]["id"]
        for link in links.values()
        for ref in (link.predecessor, link.successor)
        if ref in existing
    }
    existing_links = _existing_links(touched_ids) if touched_ids else {}
    problems.extend(_check_weights(links, existing_links, state, skip=parsed.rejected_successors))
    problems.extend(_check_province_mapping(links, existing_links, state))

    if problems:
        raise InputRejected(
            sorted(problems, key=lambda p: (p.line or 0, p.row or 0, p.field, p.message))
        )
    return CheckedFile(parsed, units, links, existing, existing_links)


def _distinct_units(
    records: Iterable[UnitRecord], problems: list[Problem]
) -> dict[str, UnitRecord]:
    """The file's units by key; a unit given twice is a problem (the first one counts)."""
    units: dict[str, UnitRecord] = {}
    for record in records:
        if record.key in units:
            problems.append(
                record.problem(
                    _("Unit {key} is given twice (first at {where}).").format(
                        key=record.key, where=_where(units[record.key])
                    ),
                    "code",
                )
            )
            continue
        units[record.key] = record
    return units


def _resulting_state(
    existing: dict[str, dict[str, Any]], units: dict[str, UnitRecord]
) -> dict[str, _UnitState]:
    """Every unit as it would be after the import: the stored ones, then the file's."""
    state = {
        key: _UnitState(row["kind"], row["parent"], row["valid_from"], row["valid_to"])
        for key, row in existing.items()
    }
    for key, record in units.items():
        state[key] = _UnitState(record.kind, record.parent, record.valid_from, record.valid_to)
    return state


def _check_parents(
    units: dict[str, UnitRecord], state: dict[str, _UnitState], rejected: set[str]
) -> list[Problem]:
    """Each parent exists (or was refused already) and no unit becomes its own ancestor."""
    problems: list[Problem] = []
    for key, record in units.items():
        if record.parent and record.parent not in state:
            if record.parent not in rejected:
                problems.append(record.problem(_unknown_unit(record.parent), "parent"))
            continue
        seen = {key}
        current = record.parent
        while current and current in state:
            if current in seen:
                problems.append(
                    record.problem(
                        _("Parent {ref} would make {key} its own ancestor.").format(
                            ref=record.parent, key=key
                        ),
                        "parent",
                    )
                )
                break
            seen.add(current)
            current = state[current].parent
    return problems


def _distinct_links(
    parsed: ParsedFile, state: dict[str, _UnitState], problems: list[Problem]
) -> dict[LinkKey, LinkRecord]:
    """The file's links by key, each between known units valid on its date; a link given
    twice is a problem (the first one counts)."""
    links: dict[LinkKey, LinkRecord] = {}
    for link in parsed.links:
        known = True
        for side in ("predecessor", "successor"):
            ref = getattr(link, side)
            if ref not in state:
                if ref not in parsed.rejected_units:
                    problems.append(link.problem(_unknown_unit(ref), side))
                known = False
        if link.key in links:
            problems.append(
                link.problem(
                    _(
                        "The link {predecessor} → {successor} ({basis}) is given twice "
                        "(first at {where})."
                    ).format(
                        predecessor=link.predecessor,
                        successor=link.successor,
                        basis=link.weight_basis,
                        where=_where(links[link.key]),
                    ),
                    "successor",
                )
            )
            continue
        links[link.key] = link
        if known:
            problems.extend(_check_link_dates(link, state))
    return links


def _check_link_dates(link: LinkRecord, state: dict[str, _UnitState]) -> list[Problem]:
    """The predecessor ends the day before the link's date; the successor is valid on it."""
    problems: list[Problem] = []
    day = link.effective_on
    if not state[link.predecessor].valid_on(day - dt.timedelta(days=1)):
        problems.append(
            link.problem(
                _(
                    "The predecessor {ref} is not valid on the day before {day}, so it "
                    "cannot be succeeded on that date."
                ).format(ref=link.predecessor, day=day.isoformat()),
                "effective_on",
            )
        )
    if not state[link.successor].valid_on(day):
        problems.append(
            link.problem(
                _("The successor {ref} is not valid on {day}.").format(
                    ref=link.successor, day=day.isoformat()
                ),
                "effective_on",
            )
        )
    return problems


def _resulting_links(
    links: dict[LinkKey, LinkRecord], existing_links: dict[LinkKey, dict[str, Any]]
) -> dict[LinkKey, tuple[Decimal, LinkRecord | None]]:
    result: dict[LinkKey, tuple[Decimal, LinkRecord | None]] = {
        key: (row["weight"], None) for key, row in existing_links.items()
    }
    for key, link in links.items():
        result[key] = (link.weight, link)
    return result


def _check_weights(
    links: dict[LinkKey, LinkRecord],
    existing_links: dict[LinkKey, dict[str, Any]],
    state: dict[str, _UnitState],
    skip: set[str],
) -> list[Problem]:
    """For each successor, date and basis touched by the file, the weights sum to exactly 1.

    Successors in ``skip`` (or all, with ``"*"``) had a link refused already and are not checked.
    """
    if "*" in skip:
        return []
    groups: dict[tuple[str, dt.date, str], list[tuple[str, Decimal, LinkRecord | None]]] = (
        defaultdict(list)
    )
    for (pred, succ, day, basis), (weight, link) in _resulting_links(links, existing_links).items():
        groups[(succ, day, basis)].append((pred, weight, link))
    problems = []
    for (succ, day, basis), members in groups.items():
        in_file = [link for _pred, _w, link in members if link is not None]
        if not in_file or succ not in state or succ in skip:
            continue
        total = sum((w for _p, w, _l in members), Decimal(0))
        if total != Decimal(1):
            listing = ", ".join(f"{p} {w.normalize()}" for p, w, _l in sorted(members))
            problems.append(
                in_file[0].problem(
                    _(
                        "The weights of the predecessors of {successor} (basis {basis}, "
                        "effective {day}) sum to {total}, not 1: {listing}."
                    ).format(
                        successor=succ,
                        basis=basis,
                        day=day.isoformat(),
                        total=total.normalize(),
                        listing=listing,
                    ),
                    "weight",
                )
            )
    return problems


def _check_province_mapping(
    links: dict[LinkKey, LinkRecord],
    existing_links: dict[LinkKey, dict[str, Any]],
    state: dict[str, _UnitState],
) -> list[Problem]:
    """An old province maps to exactly one new province (per effective date)."""
    targets: dict[tuple[str, dt.date], dict[str, LinkRecord | None]] = defaultdict(dict)
    for (pred, succ, day, _basis), (_weight, link) in _resulting_links(
        links, existing_links
    ).items():
        if (
            pred in state
            and succ in state
            and state[pred].kind == UnitKind.PROVINCE
            and state[succ].kind == UnitKind.PROVINCE
        ):
            known = targets[(pred, day)]
            if link is not None or succ not in known:
                known[succ] = link
    problems = []
    for (pred, day), successors in targets.items():
        in_file = [link for link in successors.values() if link is not None]
        if len(successors) > 1 and in_file:
            problems.append(
                in_file[-1].problem(
                    _(
                        "The province {predecessor} maps to {count} provinces on {day} "
                        "({successors}); an old province must map to exactly one new province."
                    ).format(
                        predecessor=pred,
                        count=len(successors),
                        day=day.isoformat(),
                        successors=", ".join(sorted(successors)),
                    ),
                    "successor",
                )
            )
    return problems


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_file(checked: CheckedFile) -> ImportResult:
    """Create or update the checked file's rows, parents first; nothing is deleted."""
    result = ImportResult(file=checked.parsed.name, kinds=("units", "links"), changes={})
    ids = {key: row["id"] for key, row in checked.existing_units.items()}
    for records in _levels(checked.units):
        _write_units(records, checked.existing_units, ids, result)
    _write_links(checked, ids, result)
    return result


def _levels(units: dict[str, UnitRecord]) -> list[list[UnitRecord]]:
    """The file's units by depth within the file: those whose parent is not in it first."""
    depth: dict[str, int] = {}

    def depth_of(key: str) -> int:
        if key not in depth:
            parent = units[key].parent
            depth[key] = depth_of(parent) + 1 if parent in units else 0
        return depth[key]

    levels: dict[int, list[UnitRecord]] = defaultdict(list)
    for key, record in units.items():
        levels[depth_of(key)].append(record)
    return [levels[level] for level in sorted(levels)]


def _write_units(
    records: list[UnitRecord],
    existing: dict[str, dict[str, Any]],
    ids: dict[str, int],
    result: ImportResult,
) -> None:
    """Create or update one level of units (their parents have ids already); new ids go into
    ``ids``."""
    to_create: list[tuple[str, Unit]] = []
    to_update: list[Unit] = []
    for record in records:
        values = {name: getattr(record, name) for name in UNIT_VALUE_FIELDS}
        parent_id = ids[record.parent] if record.parent else None
        old = existing.get(record.key)
        if old is None:
            unit = Unit(
                code=record.code, code_system=record.code_system, parent_id=parent_id, **values
            )
            to_create.append((record.key, unit))
            continue
        changed = {
            name: [_json(old[name]), _json(value)]
            for name, value in values.items()
            if old[name] != value
        }
        if old["parent"] != record.parent:
            changed["parent"] = [old["parent"], record.parent]
        if not changed:
            result.add("units", "unchanged", 1)
            continue
        result.changes[record.key] = changed
        to_update.append(Unit(pk=old["id"], parent_id=parent_id, **values))
    created = Unit.objects.bulk_create([unit for _key, unit in to_create])
    for (key, _unit), unit in zip(to_create, created, strict=True):
        ids[key] = unit.pk
    if to_update:
        Unit.objects.bulk_update(to_update, [*UNIT_VALUE_FIELDS, "parent"])
    result.add("units", "created", len(created))
    result.add("units", "updated", len(to_update))


def _write_links(checked: CheckedFile, ids: dict[str, int], result: ImportResult) -> None:
    """Create or update the file's lineage links (every unit has an id by now)."""
    new_links: list[LineageLink] = []
    changed_links: list[LineageLink] = []
    for link_key, link in checked.links.items():
        values = {
            "relation": link.relation,
            "weight": link.weight.quantize(WEIGHT_QUANTUM),
            "source": link.source,
            "note": link.note,
        }
        old_link = checked.existing_links.get(link_key)
        if old_link is None:
            new_links.append(
                LineageLink(
                    predecessor_id=ids[link.predecessor],
                    successor_id=ids[link.successor],
                    effective_on=link.effective_on,
                    weight_basis=link.weight_basis,
                    **values,
                )
            )
            continue
        changed = {
            name: [_json(old_link[name]), _json(value)]
            for name, value in values.items()
            if old_link[name] != value
        }
        if not changed:
            result.add("links", "unchanged", 1)
            continue
        label = "{} → {} {} {}".format(
            link.predecessor, link.successor, link.effective_on.isoformat(), link.weight_basis
        )
        result.changes[label] = changed
        changed_links.append(LineageLink(pk=old_link["id"], **values))
    LineageLink.objects.bulk_create(new_links)
    if changed_links:
        LineageLink.objects.bulk_update(changed_links, list(LINK_VALUE_FIELDS))
    result.add("links", "created", len(new_links))
    result.add("links", "updated", len(changed_links))


def check_and_write(parsed: ParsedFile) -> ImportResult:
    """Check the whole file, then write it (raises ``InputRejected`` before writing anything)."""
    return write_file(check_file(parsed))
