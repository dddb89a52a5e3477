"""The ParIndex units an import maps agency codes to, and what to do with unknown codes."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from django.utils.translation import gettext as _

from parindex.lib.errors import Problem

REFUSE = "refuse"
KEEP = "keep"
UNKNOWN_UNIT_POLICIES = (REFUSE, KEEP)


@dataclass(frozen=True)
class UnitRef:
    """What the import needs of a ParIndex unit."""

    id: int
    code: str
    code_system: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


UnitRow = tuple[str, int, dt.date | None, dt.date | None]


@dataclass
class UnitMatches:
    """Agency codes resolved: ``rows`` for the ``unit_map`` table, the unknown codes, problems."""

    rows: list[UnitRow]
    unknown: list[dict[str, Any]]
    problems: list[Problem]


def match_units(
    codes: Sequence[tuple[Any, int, int]],
    units: Sequence[UnitRef],
    *,
    policy: str,
    field: str,
) -> UnitMatches:
    """Each ``(code, rows, first row)`` of the file to its unit(s); unknown codes per ``policy``.

    A code shared by several units is accepted when they do not overlap in time (each row then
    goes to the unit valid on its receipt date); ``SYSTEM:CODE`` names one unit exactly.
    """
    by_code: dict[str, list[UnitRef]] = {}
    by_key: dict[str, UnitRef] = {}
    for unit in units:
        by_code.setdefault(unit.code, []).append(unit)
        by_key[f"{unit.code_system}:{unit.code}"] = unit
    found = UnitMatches([], [], [])
    for code, count, first_row in codes:
        text = str(code).strip()
        candidates = [by_key[text]] if text in by_key else list(by_code.get(text, []))
        if not candidates:
            found.unknown.append({"code": text, "rows": int(count), "first_row": int(first_row)})
            if policy == REFUSE:
                found.problems.append(
                    Problem(
                        _(
                            "No unit has the code “{code}” ({count} row(s), first at row {row})."
                        ).format(code=text, count=count, row=first_row),
                        row=int(first_row),
                        field=field,
                    )
                )
        elif len(candidates) == 1:
            found.rows.append((code, candidates[0].id, None, None))
        elif _overlap(candidates):
            listing = "; ".join(f"{u.code_system}:{u.code}" for u in candidates)
            found.problems.append(
                Problem(
                    _(
                        "The code “{code}” matches several units: {candidates}. Write SYSTEM:CODE."
                    ).format(code=text, candidates=listing),
                    row=int(first_row),
                    field=field,
                )
            )
        else:
            found.rows += [(code, u.id, u.valid_from, u.valid_to) for u in candidates]
    return found


def _overlap(candidates: Sequence[UnitRef]) -> bool:
    """Whether units sharing a code overlap in time."""
    ordered = sorted(candidates, key=lambda u: u.valid_from or dt.date.min)
    return any(
        (a.valid_to is None or (b.valid_from is not None and a.valid_to > b.valid_from))
        for a, b in itertools.pairwise(ordered)
    )


def write_unit_map(con: duckdb.DuckDBPyConnection, rows: Sequence[UnitRow]) -> None:
    """The ``unit_map`` table (agency code → unit id, validity) the derived columns join."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE unit_map (agency_code VARCHAR, unit_id INTEGER, "
        "valid_from DATE, valid_to DATE)"
    )
    if rows:
        con.executemany("INSERT INTO unit_map VALUES (?, ?, ?, ?)", rows)
