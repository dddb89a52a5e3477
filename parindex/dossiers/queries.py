"""Every read of the dossiers app: units, summaries, indicators and drill-down lists.

Pages, the CLI, feeds and exports read through these functions only, so that per-unit scoping
can later be added in one place. Figures for pages come from :class:`DossierSummary` (the app
database); indicator runs for the CLI and the drill-down lists read the dossier store (DuckDB),
whose table is sorted by unit and receipt time so a unit's rows are read without a full scan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from parindex.dossiers.importing.units import UnitRef
from parindex.dossiers.indicators import compute
from parindex.dossiers.indicators.compute import Row
from parindex.dossiers.indicators.registry import (
    COUNTED_SQL,
    INDICATORS,
    MEASURE_BY_CODE,
    SCOPE_SQL,
    SCORE_CODES,
)
from parindex.dossiers.indicators.sql import Filters
from parindex.dossiers.models import DossierImport, DossierSummary
from parindex.dossiers.store import TABLE, DossierStore
from parindex.lib.dossiers.periods import Period, parse_period
from parindex.units.models import Unit


@dataclass(frozen=True)
class UnitInfo:
    """A unit as the dossier pages need it."""

    id: int
    parent_id: int | None
    code: str
    code_system: str
    name: str
    kind: str
    is_illustrative: bool = False

    @property
    def key(self) -> str:
        return f"{self.code_system}:{self.code}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "code": self.code,
            "code_system": self.code_system,
            "name": self.name,
            "kind": self.kind,
        }


# -- units ------------------------------------------------------------------------------------


def unit_refs() -> list[UnitRef]:
    """Every unit with its code and validity, for resolving the codes of an import."""
    return [
        UnitRef(id=u[0], code=u[1], code_system=u[2], valid_from=u[3], valid_to=u[4])
        for u in Unit.objects.values_list("id", "code", "code_system", "valid_from", "valid_to")
    ]


def unit_tree() -> dict[int, UnitInfo]:
    """Every unit by id, with its parent (one query)."""
    return {
        row[0]: UnitInfo(*row)
        for row in Unit.objects.values_list(
            "id", "parent_id", "code", "code_system", "name", "kind", "is_illustrative"
        )
    }


def lineage(unit_id: int, tree: dict[int, UnitInfo]) -> list[int]:
    """The unit and its ancestors, nearest first."""
    found: list[int] = []
    current: int | None = unit_id
    while current is not None and current in tree and current not in found:
        found.append(current)
        current = tree[current].parent_id
    return found


def subtree_ids(root: int, tree: dict[int, UnitInfo]) -> set[int]:
    """The unit and all its descendants."""
    children: dict[int, list[int]] = {}
    for info in tree.values():
        if info.parent_id is not None:
            children.setdefault(info.parent_id, []).append(info.id)
    found = {root}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def closure(tree: dict[int, UnitInfo], within: set[int] | None = None) -> list[tuple[int, int]]:
    """(ancestor, descendant) pairs, each unit its own ancestor; ancestors limited to ``within``."""
    pairs = []
    for unit_id in tree if within is None else within:
        for ancestor in lineage(unit_id, tree):
            if within is None or ancestor in within:
                pairs.append((ancestor, unit_id))
    return pairs


def depth_order(ids: Iterable[int], tree: dict[int, UnitInfo]) -> list[int]:
    """Units in tree order: a parent before its children, siblings by code."""

    def path(unit_id: int) -> tuple[str, ...]:
        return tuple(
            f"{tree[u].code_system}:{tree[u].code}" for u in reversed(lineage(unit_id, tree))
        )

    return sorted(ids, key=path)


def find_unit(code: str) -> Unit:
    """The unit a CLI or page argument names (``SYSTEM:CODE`` or a code)."""
    from parindex.units.queries import find_unit as units_find

    return units_find(code)


# -- indicators on the store (CLI, feeds) -----------------------------------------------------


@dataclass
class IndicatorRun:
    """Indicator rows of one run, with the units they are about."""

    period: Period
    rows: list[Row]
    units: dict[int, UnitInfo]
    computed_at: dt.datetime
    procedure: str | None = None


def run_indicators(
    period: Period | str,
    *,
    unit: Unit | None = None,
    procedure: str | None = None,
    store: DossierStore | None = None,
) -> IndicatorRun:
    """Every indicator for ``period`` per unit, rolled up the unit tree, from the store.

    With ``unit``: that unit and its descendants; otherwise every unit with dossiers and its
    ancestors. Scores are ranked within peer groups (units of the same kind).
    """
    if isinstance(period, str):
        period = parse_period(period)
    store = store or DossierStore()
    tree = unit_tree()
    within = subtree_ids(unit.pk, tree) if unit is not None else None
    pairs = closure(tree, within)
    filters = Filters(
        unit_ids=tuple(sorted(within)) if within is not None else None, procedure=procedure
    )
    con = store.read()
    try:
        rows = compute.run(compute.duckdb_fetch(con), [period], pairs, filters=filters)
    finally:
        con.close()
    compute.rank(rows, lambda uid: tree[uid].kind if uid in tree else "")
    order = {uid: i for i, uid in enumerate(depth_order([r.unit_id for r in rows], tree))}
    rows.sort(key=lambda r: order.get(r.unit_id, 0))
    return IndicatorRun(
        period=period,
        rows=rows,
        units={r.unit_id: tree[r.unit_id] for r in rows if r.unit_id in tree},
        computed_at=dt.datetime.now(dt.UTC),
        procedure=procedure,
    )


# -- figures from the summaries (pages) -------------------------------------------------------


@dataclass
class Figures:
    """One unit's rolled-up figures for a period, from the stored summaries."""

    unit: UnitInfo
    measures: dict[str, int] = field(default_factory=dict)
    histogram: dict[int, int] = field(default_factory=dict)
    indicators: dict[str, Any] = field(default_factory=dict)
    ranks: dict[str, int | None] = field(default_factory=dict)
    peers: int = 0


def summary_periods() -> list[str]:
    """Period codes that have stored summaries, newest first."""
    return list(
        DossierSummary.objects.values_list("period", flat=True).distinct().order_by("-period")
    )


def latest_month() -> str | None:
    found = (
        DossierSummary.objects.filter(granularity="month", period_kind="calendar")
        .aggregate(latest=Max("period"))
        .get("latest")
    )
    return str(found) if found else None


def figures(period: Period | str, unit: Unit | None = None) -> list[Figures]:
    """Figures of every unit (rolled up) for ``period``, from the summaries; with ``unit``, that
    unit and its descendants. Ranked within peer groups (units of the same kind)."""
    code = period.code if isinstance(period, Period) else parse_period(period).code
    tree = unit_tree()
    within = subtree_ids(unit.pk, tree) if unit is not None else None
    queryset = DossierSummary.objects.filter(period=code)
    if within is not None:
        queryset = queryset.filter(unit_id__in=within)
    found: dict[int, Figures] = {}
    for unit_id, measures, histogram in queryset.values_list("unit_id", "measures", "histogram"):
        for ancestor in lineage(unit_id, tree):
            if within is not None and ancestor not in within:
                continue
            target = found.setdefault(ancestor, Figures(tree[ancestor]))
            for key, value in measures.items():
                target.measures[key] = target.measures.get(key, 0) + int(value)
            for key, value in histogram.items():
                target.histogram[int(key)] = target.histogram.get(int(key), 0) + int(value)
    for item in found.values():
        item.indicators = compute.indicators_from_measures(item.measures, item.histogram)
    groups: dict[str, list[Figures]] = {}
    for item in found.values():
        groups.setdefault(item.unit.kind, []).append(item)
    from parindex.lib.dossiers.qd766 import competition_ranks

    for members in groups.values():
        for score in SCORE_CODES:
            ranks = competition_ranks({str(m.unit.id): m.indicators.get(score) for m in members})
            for m in members:
                m.ranks[score] = ranks[str(m.unit.id)]
                m.peers = len(members)
    order = depth_order(found, tree)
    return [found[uid] for uid in order]


def units_by_late_rate(period: Period | str, unit: Unit | None = None) -> list[Figures]:
    """Units with finished dossiers, highest late rate first (ties: more late dossiers first)."""
    rows = [f for f in figures(period, unit) if f.measures.get("finished")]
    rows.sort(
        key=lambda f: (
            -(f.indicators.get("late_rate") or 0.0),
            -f.measures.get("finished_late", 0),
            f.unit.key,
        )
    )
    return rows


def procedure_figures(period: Period | str, unit: Unit) -> list[tuple[str, dict[str, Any]]]:
    """Per procedure, the unit's (rolled-up) indicators for a calendar month, from the summaries.

    Percentiles are not kept per procedure (they are None here); the CLI computes them from the
    store (``dossiers indicators --procedure``).
    """
    code = period.code if isinstance(period, Period) else parse_period(period).code
    tree = unit_tree()
    within = subtree_ids(unit.pk, tree)
    totals: dict[str, dict[str, int]] = {}
    rows = DossierSummary.objects.filter(period=code, unit_id__in=within, granularity="month")
    for (procedures,) in rows.values_list("procedures"):
        if not procedures:
            continue
        names = procedures.get("measures", [])
        for procedure, values in procedures.get("rows", {}).items():
            target = totals.setdefault(procedure, {})
            for name, value in zip(names, values, strict=False):
                target[name] = target.get(name, 0) + int(value or 0)
    return sorted(
        ((p, compute.indicators_from_measures(m)) for p, m in totals.items()),
        key=lambda item: (-int(item[1].get("received") or 0), item[0]),
    )


# -- drill-down lists (the store) -------------------------------------------------------------

#: The lists an officer acts on: the measure whose rows they list, and their order.
DRILLDOWNS = {
    "late_without_apology": ("late_without_apology", "d.end_at DESC, d.rowid"),
    "past_deadline": ("open_past", "d.due_effective, d.rowid"),
    "late": ("finished_late", "d.end_at DESC, d.rowid"),
}

LIST_COLUMNS = (
    "dossier_code",
    "procedure_code",
    "procedure_name",
    "agency_code",
    "unit_id",
    "channel",
    "status",
    "received_at",
    "due_effective",
    "original_due_at",
    "end_at",
    "supplement_count",
    "apology_issued",
    "apology_at",
)


def _drilldown_sql(kind: str, period: Period, unit_ids: Sequence[int] | None) -> tuple[str, str]:
    measure, order = DRILLDOWNS[kind]
    condition = MEASURE_BY_CODE[measure].condition
    where = [COUNTED_SQL, SCOPE_SQL, condition]
    if unit_ids is not None:
        where.append(f"d.unit_id IN ({', '.join(str(int(u)) for u in unit_ids) or 'NULL'})")
    periods = (
        f"(SELECT TIMESTAMP '{period.start:%Y-%m-%d %H:%M:%S}' AS start_at, "
        f"TIMESTAMP '{period.end:%Y-%m-%d %H:%M:%S}' AS end_at, "
        f"TIMESTAMP '{period.last_day.isoformat()} 00:00:00' AS last_at) AS p"
    )
    return f"FROM {TABLE} AS d, {periods} WHERE {' AND '.join(where)}", order


def drilldown_count(
    kind: str,
    period: Period,
    unit: Unit | None = None,
    *,
    unit_ids: Sequence[int] | None = None,
    store: DossierStore | None = None,
) -> int:
    """How many dossiers a drill-down list holds (``unit_ids`` instead of ``unit``: those ids)."""
    unit_ids = _unit_ids(unit) if unit_ids is None else unit_ids
    body, _order = _drilldown_sql(kind, period, unit_ids)
    con = (store or DossierStore()).read()
    try:
        found = con.execute(f"SELECT count(*) {body}").fetchone()
    finally:
        con.close()
    return int(found[0]) if found else 0


def drilldown_rows(
    kind: str,
    period: Period,
    unit: Unit | None = None,
    *,
    limit: int | None = 100,
    offset: int = 0,
    unit_ids: Sequence[int] | None = None,
    store: DossierStore | None = None,
) -> Iterator[dict[str, Any]]:
    """The dossiers of a drill-down list, page by page (``limit=None``: all, streamed)."""
    unit_ids = _unit_ids(unit) if unit_ids is None else unit_ids
    body, order = _drilldown_sql(kind, period, unit_ids)
    columns = ", ".join(f"d.{c}" for c in LIST_COLUMNS)
    if limit is None:
        sql = f"SELECT {columns} {body} ORDER BY {order}"
    else:
        # Late materialisation: find the page's rows by their sort key first, then read their
        # columns — a unit's year can hold 100,000 matches, the page only 100.
        page = f"LIMIT {int(limit)} OFFSET {int(offset)}"
        sql = (
            f"SELECT {columns} FROM {TABLE} AS d WHERE d.rowid IN "
            f"(SELECT d.rowid {body} ORDER BY {order} {page}) ORDER BY {order}"
        )
    con = (store or DossierStore()).read()
    try:
        cursor = con.execute(sql)
        while True:
            batch = cursor.fetchmany(10_000)
            if not batch:
                break
            for values in batch:
                yield dict(zip(LIST_COLUMNS, values, strict=True))
    finally:
        con.close()


def _unit_ids(unit: Unit | None) -> list[int] | None:
    if unit is None:
        return None
    return sorted(subtree_ids(unit.pk, unit_tree()))


# -- imports ----------------------------------------------------------------------------------


def recent_imports(limit: int = 10) -> list[DossierImport]:
    return list(DossierImport.objects.all()[:limit])


def has_illustrative_dossiers() -> bool:
    """Whether the store holds synthetic dossiers (a succeeded illustrative import, the demo's)."""
    return DossierImport.objects.filter(
        is_illustrative=True, state=DossierImport.State.SUCCEEDED
    ).exists()


def get_import(pk: int) -> DossierImport | None:
    return DossierImport.objects.filter(pk=pk).first()


def indicator_choices() -> list[tuple[str, str, str]]:
    """(code, Vietnamese name, English name) of every registered indicator."""
    return [(i.code, i.name_vi, i.name_en) for i in INDICATORS]
