"""``parindex bench dossiers --rows N``: the dossier pipeline at scale (docs/cli-dossiers.md).

Generates N synthetic dossiers with a realistic skew — one province, 20 departments and 130
communes of very unequal size (a power law), procedures drawn from a Zipf-like law within each
unit, about 60 % online / 35 % in person / 4 % by post, some 8 % late, about 2 % still open (most of
them received in the last three weeks of the year, 0.3 % stuck longer), 3 % with a supplement
request (0.3 % with two), fees, online payment, digitisation flags and ratings, 5 %
without NgayHenTra (computed from the time limit) — writes them to a CSV file, imports it through
the real import path (:class:`parindex.dossiers.importing.DossierImporter`, into a temporary
store with the synthetic units), recomputes every registered indicator for the year, runs the
same measures as one plain DuckDB aggregate (the floor), and times the drill-down lists of the
largest unit. Everything lives in a temporary folder removed at the end (``--keep`` keeps it).
The app database is not touched: the synthetic units exist only in the run.
"""

# ruff: noqa: E501  (SQL text and data rows read better unwrapped)

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import tempfile
import time
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.utils.translation import gettext_lazy

from parindex.dossiers import queries
from parindex.dossiers.importing.pipeline import DossierImporter
from parindex.dossiers.importing.units import UnitRef
from parindex.dossiers.indicators import compute
from parindex.dossiers.indicators.registry import COUNTED_SQL, MEASURES, SCOPE_SQL
from parindex.dossiers.schema import DUCKDB_TYPES, find_field
from parindex.dossiers.store import TABLE, DossierStore
from parindex.lib.calendar import WorkingCalendar
from parindex.lib.dossiers.periods import parse_period

NAME = "dossiers"
HELP = gettext_lazy("Generate, import and analyse N synthetic dossiers; print the timings.")

DEPARTMENTS = 20
COMMUNES = 130
YEAR = 2025


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help=str(gettext_lazy("Number of dossiers."))
    )
    parser.add_argument(
        "--memory-limit",
        default="3GB",
        help=str(gettext_lazy("DuckDB memory limit (default 3GB).")),
    )
    parser.add_argument(
        "--workdir", help=str(gettext_lazy("Folder for the files (default: a temporary one)."))
    )
    parser.add_argument(
        "--keep", action="store_true", help=str(gettext_lazy("Keep the generated files."))
    )
    parser.add_argument("--seed", type=int, default=42, help=str(gettext_lazy("Random seed.")))


def _calendar() -> WorkingCalendar:
    try:
        from parindex.calendars.queries import get_calendar

        return get_calendar()
    except Exception:  # no migrated app database: the shipped override file
        from parindex.calendars.overrides_file import read_overrides
        from parindex.lib.calendar import Override

        path = (
            Path(settings.BASE_DIR) / "parindex" / "calendars" / "data" / "calendar_overrides.yaml"
        )
        rows = read_overrides(path)
        return WorkingCalendar(
            [
                Override(r.date, r.kind, r.scope, r.year, r.source, r.status, r.is_active, r.note)
                for r in rows
            ]
        )


def units() -> list[UnitRef]:
    """1 province, 20 departments, 130 communes (ids 1…151)."""
    found = [UnitRef(1, "BENCH", "local")]
    found += [UnitRef(1 + i, f"BENCH.S{i:02d}", "local") for i in range(1, DEPARTMENTS + 1)]
    found += [
        UnitRef(1 + DEPARTMENTS + i, f"BENCH.X{i:03d}", "local") for i in range(1, COMMUNES + 1)
    ]
    return found


def unit_slots(size: int = 10_000) -> list[int]:
    """A lookup table: slot → unit index (1-based among the 150 handling units), power-law sized."""
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(DEPARTMENTS + COMMUNES)]
    # Interleave: departments take every other of the biggest ranks.
    order = list(range(1, DEPARTMENTS + COMMUNES + 1))
    total = sum(weights)
    slots: list[int] = []
    for unit, weight in zip(order, weights, strict=True):
        slots.extend([unit] * max(1, round(size * weight / total)))
    return slots[:size] + [order[-1]] * max(0, size - len(slots))


def generate(path: Path, rows: int, seed: int, memory_limit: str) -> float:
    """Write ``rows`` synthetic dossiers as CSV (national column names); returns seconds."""
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    slots = unit_slots()
    con.execute("CREATE TABLE lk AS SELECT CAST(? AS INTEGER[]) AS slots", [slots])
    codes = [u.code for u in units()[1:]]
    con.execute("CREATE TABLE names AS SELECT CAST(? AS VARCHAR[]) AS codes", [codes])

    def r(salt: int) -> str:
        return f"((hash(i * 7919 + {salt * 104729 + seed}) % 1000000007) / 1000000007.0)"

    start = f"TIMESTAMP '{YEAR}-01-01 00:00:00'"
    con.execute(
        f"""
        COPY (
          WITH base AS (
            SELECT i,
              lk.slots[CAST(floor({r(1)} * 10000) AS INTEGER) + 1] AS u,
              {start} + to_days(CAST(floor({r(2)} * 365) AS INTEGER))
                      + to_seconds(CAST(25200 + floor({r(3)} * 36000) AS BIGINT)) AS rec,
              {r(4)} AS rp, {r(5)} AS rc, {r(6)} AS rf, {r(7)} AS rs, {r(8)} AS ra,
              {r(9)} AS rx, {r(10)} AS ry, {r(11)} AS rz, {r(12)} AS rd, {r(13)} AS ro
            FROM range({rows}) t(i), lk
          ), shaped AS (
            SELECT *,
              names.codes[u] AS unit_code,
              CASE WHEN u <= {DEPARTMENTS}
                   THEN '1.' || lpad(CAST(u AS VARCHAR), 2, '0') || lpad(CAST(CAST(floor(400 * pow(rp, 3)) AS INTEGER) AS VARCHAR), 4, '0')
                   ELSE '2.00' || lpad(CAST(CAST(floor(300 * pow(rp, 3)) AS INTEGER) AS VARCHAR), 4, '0') END AS proc,
              [3, 5, 7, 10, 15, 20][CAST(floor(rp * 1000) AS INTEGER) % 6 + 1] AS limit_days,
              CASE WHEN rec >= TIMESTAMP '{YEAR}-12-10 00:00:00' THEN ro < 0.6 ELSE ro < 0.003 END AS open_,
              CASE WHEN rs >= 0.05 AND rs < 0.08 THEN 1 WHEN rs >= 0.08 AND rs < 0.083 THEN 2 ELSE 0 END AS supp
            FROM base, names
          ), timed AS (
            SELECT *,
              rec + to_seconds(CAST(limit_days * 1.4 * 86400 AS BIGINT)) AS due,
              rec + to_seconds(CAST(limit_days * 1.4 * 86400 * (pow(rf, 0.7) * 1.12) AS BIGINT)) AS fin
            FROM shaped
          )
          SELECT
            unit_code || '-' || strftime(rec, '%y%m%d') || '-' || lpad(CAST(i AS VARCHAR), 9, '0') AS MaHoSo,
            proc AS MaTTHC,
            unit_code AS MaDonVi,
            CASE WHEN rc < 0.60 THEN '2' WHEN rc < 0.95 THEN '1' WHEN rc < 0.99 THEN '3' ELSE '' END AS KenhThucHien,
            strftime(rec, '%Y%m%d%H%M%S') AS NgayTiepNhan,
            CASE WHEN rd < 0.05 THEN '' ELSE strftime(due, '%Y%m%d%H%M%S') END AS NgayHenTra,
            CASE WHEN open_ THEN '' ELSE strftime(fin, '%Y%m%d%H%M%S') END AS NgayKetThucXuLy,
            CASE WHEN open_ THEN 4 ELSE 10 END AS TrangThaiHoSo,
            supp AS SoLanBoSung,
            CASE WHEN supp > 0 THEN strftime(rec + INTERVAL 1 DAY, '%Y%m%d%H%M%S') ELSE '' END AS NgayBoSung,
            CASE WHEN supp > 0 THEN strftime(rec + INTERVAL 3 DAY, '%Y%m%d%H%M%S') ELSE '' END AS NgayTiepNhanBoSung,
            CASE WHEN NOT open_ AND fin > due AND ra < 0.4 THEN 1 ELSE 0 END AS CoVanBanXinLoi,
            CASE WHEN rd < 0.05 THEN limit_days ELSE NULL END AS ThoiHanGiaiQuyet,
            CASE WHEN rd < 0.05 THEN 'Ngày làm việc' ELSE '' END AS DonViThoiHan,
            CASE WHEN rx < 0.05 THEN 1 ELSE 0 END AS TraKetQuaQuaBuuChinh,
            CASE WHEN ry < 0.30 THEN 50000 ELSE NULL END AS TongPhiLePhi,
            CASE WHEN ry < 0.18 THEN 1 WHEN ry < 0.20 THEN 2 ELSE 0 END AS DuocThanhToanTrucTuyen,
            CASE WHEN rz < 0.20 THEN 1 ELSE 0 END AS HoSoCoThanhPhanSoHoa,
            CASE WHEN rz < 0.80 THEN 1 ELSE 0 END AS ThanhPhanDaSoHoa,
            CASE WHEN rx < 0.70 THEN 1 ELSE 0 END AS KetQuaDienTu,
            CASE WHEN ra < 0.50 THEN 1 ELSE 0 END AS TaiKhoanDuocXacThucVoiVNeID,
            CASE WHEN NOT open_ AND rx >= 0.70 THEN CASE WHEN rx < 0.985 THEN 1 ELSE 0 END ELSE NULL END AS DanhGiaHaiLong
          FROM timed
        ) TO '{path}' (HEADER, DELIMITER ',')
        """
    )
    con.close()
    return time.perf_counter() - started


def parse_floor(path: Path, memory_limit: str) -> float:
    """Seconds DuckDB takes only to read the CSV file into a table with its columns' types (no
    validation, no derived columns, no sorting, no summaries): the floor under the import."""
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    types = {}
    for name in header:
        found = find_field(name)
        types[name] = DUCKDB_TYPES[found.kind] if found is not None else "VARCHAR"
    columns = "{" + ", ".join(f"'{n}': '{t}'" for n, t in types.items()) + "}"
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    started = time.perf_counter()
    con.execute(
        f"CREATE TEMP TABLE floor AS SELECT * FROM read_csv('{path}', header = true, "
        f"auto_detect = false, columns = {columns}, timestampformat = '%Y%m%d%H%M%S')"
    )
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def plain_sql(con: Any, period: Any) -> tuple[float, list[tuple[Any, ...]]]:
    """The same measures as one hand-written DuckDB aggregate per stored unit (the floor): no
    periods table, no unit tree, no percentiles, no scores — one scan, one GROUP BY."""
    sums = ", ".join(m.sql for m in MEASURES)
    sql = (
        f"SELECT d.unit_id, {sums} FROM {TABLE} AS d, (SELECT TIMESTAMP '{period.start}' AS start_at, "
        f"TIMESTAMP '{period.end}' AS end_at, TIMESTAMP '{period.last_day} 00:00:00' AS last_at) AS p "
        f"WHERE {COUNTED_SQL} AND {SCOPE_SQL} GROUP BY d.unit_id"
    )
    started = time.perf_counter()
    rows = con.execute(sql).fetchall()
    return time.perf_counter() - started, rows


def run(options: dict[str, Any], stderr: Any = None) -> dict[str, Any]:
    rows = int(options["rows"])
    workdir = (
        Path(options["workdir"])
        if options.get("workdir")
        else Path(tempfile.mkdtemp(prefix="parindex-bench-"))
    )
    workdir.mkdir(parents=True, exist_ok=True)

    def say(text: str) -> None:
        if stderr is not None:
            stderr.write(text)

    try:
        csv_path = workdir / "dossiers.csv"
        say(f"generating {rows} dossiers → {csv_path}")
        generate_s = generate(csv_path, rows, int(options["seed"]), options["memory_limit"])
        say("reading the CSV file alone (the floor under the import)")
        floor_s = parse_floor(csv_path, options["memory_limit"])
        store = DossierStore(workdir / "store", memory_limit=options["memory_limit"])
        result, import_s = _import(csv_path, store, say)
        measured = _measure(store, say)
        store_mb = (
            sum(p.stat().st_size for p in (workdir / "store").glob("dossiers-*.duckdb")) / 2**20
        )
        DossierStore.close_readers()
        return {
            "rows": rows,
            "csv_mb": round(csv_path.stat().st_size / 2**20, 1),
            "generate_s": round(generate_s, 2),
            "import_s": round(import_s, 2),
            "import_rows_per_s": round(rows / import_s),
            "import_phases_s": {k: round(v, 2) for k, v in result.timings.items()},
            "csv_read_only_s": round(floor_s, 2),
            "csv_read_only_rows_per_s": round(rows / floor_s) if floor_s else None,
            "summary_rows": result.summaries.rows if result.summaries is not None else 0,
            **{k: v for k, v in measured.items() if k not in ("indicators", "province_check")},
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "store_mb": round(store_mb, 1),
            "memory_limit": options["memory_limit"],
            "indicators": measured["indicators"],
            "province_check": measured["province_check"],
            "threads": (
                duckdb.connect().execute("SELECT current_setting('threads')").fetchone() or [0]
            )[0],
            "date": dt.date.today().isoformat(),
        }
    finally:
        if not options.get("keep") and not options.get("workdir"):
            shutil.rmtree(workdir, ignore_errors=True)


def _import(csv_path: Path, store: DossierStore, say: Callable[[str], None]) -> tuple[Any, float]:
    """The generated file through the real import path; its result and the seconds it took."""
    last = {"phase": ""}

    def progress(phase: str, fraction: float) -> None:
        if phase != last["phase"]:
            last["phase"] = phase
            say(f"import: {phase} ({fraction:.0%})")

    started = time.perf_counter()
    importer = DossierImporter(
        csv_path, units=units(), calendar=_calendar(), store=store, progress=progress
    )
    result = importer.run()
    return result, time.perf_counter() - started


def _measure(store: DossierStore, say: Callable[[str], None]) -> dict[str, Any]:
    """Every indicator recomputed for the year (best of three), the plain-SQL floor, and the
    drill-downs of the largest unit."""
    period = parse_period(str(YEAR))
    tree = {u.id: queries.UnitInfo(u.id, None if u.id == 1 else 1, u.code, u.code_system, u.code,
                                   "province" if u.id == 1 else ("department" if u.id <= 1 + DEPARTMENTS else "commune"))
            for u in units()}  # fmt: skip
    pairs = queries.closure(tree)
    con = store.read()
    fetch = compute.duckdb_fetch(con)
    say("recomputing every indicator")
    timings = []
    for _attempt in range(3):
        started = time.perf_counter()
        indicator_rows = compute.run(fetch, [period], pairs)
        compute.rank(indicator_rows, lambda uid: tree[uid].kind)
        timings.append(time.perf_counter() - started)
    recompute_s = min(timings)
    plain_s = min(plain_sql(con, period)[0] for _attempt in range(3))
    largest = con.execute(
        f"SELECT unit_id, count(*) AS n FROM {TABLE} GROUP BY unit_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    con.close()
    largest_id, largest_rows = (int(largest[0]), int(largest[1])) if largest else (0, 0)
    say("drill-downs of the largest unit")
    drill = _drilldowns(store, period, largest_id)
    province = next(r for r in indicator_rows if r.unit_id == 1)
    return {
        "recompute_s": round(recompute_s, 3),
        "plain_sql_s": round(plain_s, 3),
        "recompute_vs_plain_sql": round(recompute_s / plain_s, 2) if plain_s else None,
        "drilldown_ms_max": max(v for k, v in drill.items() if not k.endswith("_rows")),
        "drilldown_ms": drill,
        "largest_unit_rows": largest_rows,
        "indicators": len(province.indicators),
        "province_check": {
            k: province.indicators[k]
            for k in ("received", "finished", "finished_late", "open_past", "on_time_rate")
        },
    }


def _drilldowns(store: DossierStore, period: Any, unit_id: int) -> dict[str, float]:
    """Milliseconds (best of three) of each drill-down list's count and first page, and the
    length of each list."""
    drill: dict[str, float] = {}
    for kind in queries.DRILLDOWNS:
        best = None
        for _attempt in range(3):
            started = time.perf_counter()
            total = queries.drilldown_count(kind, period, unit_ids=[unit_id], store=store)
            page = list(
                queries.drilldown_rows(kind, period, unit_ids=[unit_id], limit=100, store=store)
            )
            elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        drill[kind] = round(best or 0.0, 2)
        drill[f"{kind}_rows"] = total
        del page
    return drill


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run({"rows": 1000, "memory_limit": "1GB", "seed": 1})))
