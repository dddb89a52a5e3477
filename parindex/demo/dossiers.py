"""Synthetic dossier records of the demo province (docs/demo.md, "Dossiers").

A clearly illustrative set of one-stop dossiers handled by the demo units — the ~20 departments
(``local:CT-…``) and the 103 communes and wards of the new Cần Thơ (``current_34:…``) — received
from 1 January 2025 (1 July 2025 for the communes, which exist since then) up to the day before
the build. It is written as a CSV file with the national column names
(``<VAR_DIR>/demo/dossiers-demo.csv``, kept so that the PAR office can try the import page with
it) and imported through the real, audited import action
(:func:`parindex.dossiers.actions.import_dossiers`).

The realism is that of the dossier benchmark (``parindex/bench/dossiers.py``), on the demo's own
units:

* unit sizes follow a power law: the departments by a fixed weight each (the police, the
  Department of Construction and social security handle most; the radio station, the project
  board and the service centre, which only receives dossiers for the others, handle none, so
  their data-derived criteria show an *undefined* figure), the communes by a seeded shuffle with
  Phường Cái Khế the largest;
* procedures are drawn from each unit's catalogue with a Zipf-like skew (the first ones, such
  as certified copies in a commune, are the most frequent); dossier and procedure codes start
  with ``MH`` (*minh họa*, illustrative) and no real dossier has them;
* receipts fall on the working days of the calendar, in office hours; the appointment
  (``NgayHenTra``) is the procedure's time limit in working days; about 5 % of the rows have none
  and the import computes it from ``ThoiHanGiaiQuyet``;
* about 60 % online, 35 % in person, 4 % by post (each unit its own online share);
* each unit its own late rate (0.4 % to 11 %); about half of the late dossiers have an apology
  letter, most of them dated before the appointment;
* 3 % with a supplement request (0.3 % with two, which makes them late); a dossier whose
  supplement is not back by the build date waits for the applicant (status 5);
* 0.4 % stuck (never finished: in process past their deadline), and the dossiers not yet
  finished on the build date are still in process;
* fees on 30 %, paid online for most online ones; electronic results, digitisation flags,
  VNeID accounts and ratings.

Every random draw is a hash of the dossier's number and a fixed seed, computed by DuckDB, so a
build on a given day always writes the same file, and a build on a later day keeps the dossier
codes (it adds the newer dossiers and finishes the ones that finished meanwhile).
"""

# ruff: noqa: E501  (SQL text and data rows read better unwrapped)

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from parindex.core.types import Actor
from parindex.lib.calendar import WorkingCalendar

SEED = 20260701
FILE_NAME = "dossiers-demo.csv"
FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
#: The communes and wards of the new Cần Thơ exist from this day (their predecessors' dossiers
#: are not part of the demo).
COMMUNES_FROM = dt.date(2025, 7, 1)
#: Dossiers over the two whole years; a build on 26/11/2026 keeps those received before it,
#: about 30,500 of the departments and 45,000 of the communes.
DEPARTMENT_DOSSIERS = 32_000
COMMUNE_DOSSIERS = 48_000
SLOTS = 10_000
DUCKDB_MEMORY_LIMIT = "512MB"

#: Each department's share of the departments' dossiers (0: it handles none) and its
#: procedures, the most frequent first: (name, time limit in working days).
DEPARTMENT_CATALOGUE: dict[str, tuple[float, tuple[tuple[str, int], ...]]] = {
    "CT-CA": (
        10,
        (
            ("Cấp, đổi thẻ căn cước", 7),
            ("Cấp hộ chiếu phổ thông", 8),
            ("Đăng ký, cấp biển số xe", 2),
            ("Cấp giấy phép sử dụng vũ khí thể thao", 10),
        ),
    ),
    "CT-SXD": (
        9,
        (
            ("Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", 5),
            ("Cấp phù hiệu xe kinh doanh vận tải", 2),
            ("Cấp giấy phép xây dựng công trình", 20),
            ("Cấp chứng chỉ hành nghề hoạt động xây dựng", 20),
            ("Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở", 20),
            ("Cấp chứng chỉ năng lực hoạt động xây dựng", 20),
        ),
    ),
    "CT-BHXH": (
        7,
        (
            ("Cấp lại, đổi thẻ bảo hiểm y tế", 3),
            ("Giải quyết hưởng chế độ ốm đau, thai sản", 6),
            ("Giải quyết hưởng lương hưu", 10),
            ("Giải quyết hưởng bảo hiểm xã hội một lần", 10),
        ),
    ),
    "CT-CT": (
        6,
        (
            ("Thay đổi thông tin đăng ký thuế", 3),
            ("Đăng ký thuế lần đầu", 3),
            ("Hoàn thuế giá trị gia tăng", 6),
        ),
    ),
    "CT-STC": (
        6,
        (
            ("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 3),
            ("Đăng ký thành lập doanh nghiệp", 3),
            ("Thông báo tạm ngừng kinh doanh", 3),
            ("Chấp thuận chủ trương đầu tư", 20),
        ),
    ),
    "CT-SNNMT": (
        5,
        (
            ("Đăng ký biến động quyền sử dụng đất", 10),
            ("Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản", 15),
            ("Cấp giấy phép môi trường", 20),
            ("Cấp giấy phép khai thác, sử dụng nước mặt", 20),
        ),
    ),
    "CT-STP": (
        4,
        (
            ("Cấp Phiếu lý lịch tư pháp", 10),
            ("Đăng ký hoạt động Văn phòng công chứng", 10),
            ("Đăng ký hành nghề và cấp thẻ công chứng viên", 10),
        ),
    ),
    "CT-SYT": (
        3,
        (
            ("Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", 20),
            ("Cấp chứng chỉ hành nghề dược", 20),
            ("Cấp giấy phép hành nghề khám bệnh, chữa bệnh", 20),
            ("Cấp giấy phép hoạt động phòng khám", 20),
        ),
    ),
    "CT-SNV": (
        3,
        (
            ("Cấp giấy phép lao động cho người nước ngoài", 5),
            ("Giải quyết hưởng trợ cấp thất nghiệp", 20),
            ("Xác nhận người nước ngoài không thuộc diện cấp giấy phép lao động", 5),
        ),
    ),
    "CT-SCT": (
        2,
        (
            ("Cấp giấy phép kinh doanh bán buôn sản phẩm rượu", 15),
            ("Cấp giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", 15),
            ("Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (Công Thương)", 15),
        ),
    ),
    "CT-SGDDT": (
        2,
        (
            ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1),
            ("Chỉnh sửa nội dung văn bằng, chứng chỉ", 5),
            ("Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", 20),
        ),
    ),
    "CT-SVHTTDL": (
        1.2,
        (
            ("Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa", 10),
            ("Cấp thẻ hướng dẫn viên du lịch", 10),
            ("Tổ chức biểu diễn nghệ thuật", 5),
        ),
    ),
    "CT-SKHCN": (
        0.8,
        (
            ("Cấp giấy phép xuất bản bản tin", 10),
            ("Cấp giấy phép hoạt động in", 7),
            ("Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ", 10),
        ),
    ),
    "CT-BQLKCN": (
        0.8,
        (
            ("Điều chỉnh giấy chứng nhận đăng ký đầu tư", 10),
            ("Cấp giấy chứng nhận đăng ký đầu tư", 15),
        ),
    ),
    "CT-SDTTG": (
        0.3,
        (
            ("Đăng ký sinh hoạt tôn giáo tập trung", 20),
            ("Thông báo tổ chức lễ hội tín ngưỡng", 15),
        ),
    ),
    "CT-TT": (0.2, (("Giải quyết khiếu nại lần đầu", 20),)),
    "CT-VP": (0.15, (("Cho phép tổ chức hội nghị, hội thảo quốc tế", 15),)),
    "CT-TTPVHCC": (0, ()),
    "CT-DPTTH": (0, ()),
    "CT-BQLDA": (0, ()),
}

#: The procedures of every commune and ward (the same national procedures everywhere), the
#: most frequent first.
COMMUNE_CATALOGUE: tuple[tuple[str, int], ...] = (
    ("Chứng thực bản sao từ bản chính", 1),
    ("Đăng ký khai sinh", 1),
    ("Chứng thực chữ ký", 1),
    (
        "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        5,
    ),
    ("Cấp bản sao trích lục hộ tịch", 1),
    ("Xác nhận tình trạng hôn nhân", 3),
    ("Đăng ký kết hôn", 1),
    ("Đăng ký khai tử", 1),
    ("Chứng thực hợp đồng, giao dịch", 2),
    ("Đăng ký biến động đất đai", 10),
    ("Đăng ký hộ kinh doanh", 3),
    ("Cấp giấy chứng nhận quyền sử dụng đất lần đầu", 20),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", 15),
    ("Thay đổi nội dung đăng ký hộ kinh doanh", 3),
    ("Trợ cấp xã hội hằng tháng", 10),
    ("Hỗ trợ chi phí mai táng", 3),
    ("Đăng ký lại khai sinh", 5),
    ("Cấp giấy phép bán lẻ sản phẩm thuốc lá", 10),
)

#: Working days a pending supplement adds to the appointment (the clock pauses meanwhile).
SUPPLEMENT_DAYS = 2


@dataclass(frozen=True)
class DemoUnit:
    """A unit that handles demo dossiers: ``key`` is what the file's ``MaDonVi`` says."""

    key: str
    code: str
    kind: str  # "department" or "commune"


@dataclass(frozen=True)
class Generated:
    """What :func:`generate` wrote."""

    path: Path
    rows: int
    seconds: float


def demo_file() -> Path:
    """Where the demo's dossier file is kept: ``<VAR_DIR>/demo/dossiers-demo.csv``."""
    return Path(settings.VAR_DIR) / "demo" / FILE_NAME


def _profiles(units: Sequence[DemoUnit]) -> list[dict[str, Any]]:
    """Each unit's size, catalogue and habits (late rate, apologies, online share), seeded."""
    rng = random.Random(SEED)
    communes = sorted((u for u in units if u.kind == "commune"), key=lambda u: u.code)
    departments = sorted((u for u in units if u.kind != "commune"), key=lambda u: u.code)
    ranks = list(range(len(communes)))
    rng.shuffle(ranks)
    # Phường Cái Khế (the persona's ward, in the city centre) is the largest commune.
    centre = next((i for i, u in enumerate(communes) if u.code == "31120"), None)
    if centre is not None:
        top = ranks.index(0)
        ranks[top], ranks[centre] = ranks[centre], 0
    profiles = []
    for index, unit in enumerate(departments + communes, start=1):
        if unit.kind == "commune":
            weight = 1.0 / (ranks[index - 1 - len(departments)] + 1) ** 0.85
            catalogue = 0
            online = rng.uniform(0.35, 0.75)
        else:
            weight = DEPARTMENT_CATALOGUE.get(unit.code, (0.0, ()))[0]
            catalogue = index
            online = rng.uniform(0.45, 0.85)
        profiles.append(
            {
                "u": index,
                "key": unit.key,
                "short": unit.code.removeprefix("CT-"),
                "kind": unit.kind,
                "weight": float(weight),
                "cat": catalogue,
                "late": 0.004 + 0.11 * rng.random() ** 2.5,
                "apology": rng.uniform(0.25, 0.85),
                "online": online,
            }
        )
    return profiles


def _slots(profiles: Sequence[dict[str, Any]], kind: str) -> list[int]:
    """A lookup table slot → unit, each unit taking a share of slots proportional to its size."""
    chosen = [p for p in profiles if (p["kind"] == "commune") == (kind == "commune")]
    total = sum(p["weight"] for p in chosen)
    slots: list[int] = []
    for profile in chosen:
        if profile["weight"] > 0:
            slots.extend([profile["u"]] * max(1, round(SLOTS * profile["weight"] / total)))
    return slots


def _catalogues(profiles: Sequence[dict[str, Any]]) -> list[tuple[int, int, str, str, int]]:
    """(catalogue, position, procedure code, name, time limit) of every procedure."""
    rows = [
        (0, i, f"MH.XA.{i:03d}", name, days) for i, (name, days) in enumerate(COMMUNE_CATALOGUE, 1)
    ]
    for profile in profiles:
        if profile["kind"] == "commune":
            continue
        code = profile["key"].split(":")[-1]
        procedures = DEPARTMENT_CATALOGUE.get(code, (0.0, ()))[1]
        for i, (name, days) in enumerate(procedures, 1):
            rows.append((profile["cat"], i, f"MH.{profile['short']}.{i:03d}", name, days))
    return rows


# The dossiers of the file, computed in one pass from the seeded draws of the ``raw`` table;
# ``{rN}`` are the seeded uniform draws of :func:`_draw`.
_EXPORT_SQL = """
            COPY (
              WITH b AS (
                SELECT raw.i, raw.d, un.key, un.short, un.cat, un.late, un.apology, un.online, days.day,
                  CAST(days.day AS TIMESTAMP) + to_seconds(CAST(27000 + floor({r3} * 32400) AS BIGINT)) AS rec,
                  CAST(floor(cats.n * pow({r4}, 2.2)) AS INTEGER) + 1 AS p,
                  {r5} AS rc, {r6} AS rl, {r7} AS rf, {r8} AS rs, {r9} AS ra,
                  {r10} AS rx, {r11} AS ry, {r12} AS rz, {r13} AS rq, {r14} AS rk,
                  {r15} AS rd, {r16} AS rv, {r17} AS rw
                FROM raw JOIN units un ON un.u = raw.u JOIN days ON days.d = raw.d
                     JOIN cats ON cats.cat = un.cat
              ), s AS (
                SELECT b.*, pr.code AS proc, pr.name AS pname, pr.lim,
                  CASE WHEN rec + INTERVAL 1 DAY >= {cut} THEN 0
                       WHEN rs < 0.03 THEN 1 WHEN rs < 0.033 THEN 2 ELSE 0 END AS supp
                FROM b JOIN procs pr ON pr.cat = b.cat AND pr.p = b.p
                WHERE b.rec < {cut}
              ), t AS (
                SELECT s.*,
                  CAST(dues.due_day AS TIMESTAMP) + (s.rec - CAST(s.day AS TIMESTAMP)) AS due,
                  s.rec + INTERVAL 1 DAY AS req,
                  s.rec + INTERVAL 3 DAY AS done,
                  rl < s.late AS late_
                FROM s JOIN dues ON dues.d = s.d
                     AND dues.lim = s.lim + CASE WHEN s.supp > 0 THEN {supplement_days} ELSE 0 END
              ), e AS (
                -- The day processing ends: within the time limit, or 1–7 days after it when late;
                -- then an office hour of that day (a Saturday moves to the Friday, or the Monday when
                -- late; a Sunday to the Monday, never beyond the appointment when on time).
                SELECT t.*,
                  CASE WHEN late_
                       THEN CAST(due AS DATE) + CAST(1 + floor(rq * 7) AS INTEGER)
                       ELSE CAST(rec + to_seconds(CAST((epoch(due) - epoch(rec)) * (0.08 + 0.9 * pow(rf, 0.9)) AS BIGINT)) AS DATE)
                  END AS end_day
                FROM t
              ), f AS (
                SELECT e.*,
                  greatest(
                    CASE WHEN late_ THEN end_ts
                         ELSE least(greatest(end_ts, rec + INTERVAL 20 MINUTE), due) END,
                    CASE WHEN supp > 0 THEN done + INTERVAL 2 HOUR ELSE rec END) AS fin,
                  supp > 0 AND done >= {cut} AS waiting,
                  rk < 0.004 AS stuck
                FROM (
                  SELECT e.*,
                    CAST(end_day + CASE dayofweek(end_day) WHEN 6 THEN (CASE WHEN late_ THEN 2 ELSE -1 END)
                                                            WHEN 0 THEN 1
                                                            ELSE 0 END AS TIMESTAMP)
                      + to_seconds(CAST(27000 + floor({r18} * 32400) AS BIGINT)) AS end_ts
                  FROM e
                ) AS e
              ), g AS (
                SELECT f.*, stuck OR waiting OR fin >= {cut} AS open_,
                  NOT (stuck OR waiting OR fin >= {cut}) AND (CAST(fin AS DATE) > CAST(due AS DATE) OR supp = 2) AS finished_late,
                  CASE WHEN rc < online THEN 2 WHEN rc < online + 0.04 THEN 3 WHEN rc < 0.99 THEN 1 ELSE NULL END AS channel
                FROM f
              )
              SELECT
                'MH.' || short || '-' || strftime(rec, '%y%m%d') || '-' || lpad(CAST(i AS VARCHAR), 6, '0') AS MaHoSo,
                proc AS MaTTHC,
                pname AS TenTTHC,
                key AS MaDonVi,
                CASE WHEN rv < 0.15 THEN 2 ELSE 1 END AS LoaiDoiTuong,
                channel AS KenhThucHien,
                strftime(rec, {ts}) AS NgayTiepNhan,
                CASE WHEN rd < 0.05 THEN NULL ELSE strftime(due, {ts}) END AS NgayHenTra,
                CASE WHEN open_ THEN NULL ELSE strftime(fin, {ts}) END AS NgayKetThucXuLy,
                CASE WHEN waiting THEN 5 WHEN open_ THEN 4 ELSE 10 END AS TrangThaiHoSo,
                lim AS ThoiHanGiaiQuyet,
                'Ngày làm việc' AS DonViThoiHan,
                supp AS SoLanBoSung,
                CASE WHEN supp > 0 THEN strftime(req, {ts}) END AS NgayBoSung,
                CASE WHEN supp > 0 AND NOT waiting THEN strftime(done, {ts}) END AS NgayTiepNhanBoSung,
                CASE WHEN finished_late AND ra < apology THEN 1 ELSE 0 END AS CoVanBanXinLoi,
                CASE WHEN finished_late AND ra < apology
                     THEN strftime(CASE WHEN ra < apology * 0.7
                                        THEN greatest(rec + INTERVAL 1 HOUR, due - INTERVAL 1 DAY)
                                        ELSE fin END, {ts}) END AS NgayXinLoi,
                CASE WHEN NOT open_ AND rx < 0.05 THEN 1 ELSE 0 END AS TraKetQuaQuaBuuChinh,
                CASE WHEN ry < 0.30 THEN [20000, 50000, 100000, 200000][CAST(floor(rz * 4) AS INTEGER) + 1] END AS TongPhiLePhi,
                CASE WHEN ry < 0.30 AND channel = 2 AND rq < 0.75 THEN (CASE WHEN rq < 0.6 THEN 1 ELSE 2 END) ELSE 0 END AS DuocThanhToanTrucTuyen,
                CASE WHEN rz < 0.25 THEN 1 ELSE 0 END AS HoSoCoThanhPhanSoHoa,
                CASE WHEN rz < 0.85 THEN 1 ELSE 0 END AS ThanhPhanDaSoHoa,
                CASE WHEN channel = 2 AND rw < 0.70 THEN 1 ELSE 0 END AS TaiKhoanDuocXacThucVoiVNeID,
                CASE WHEN NOT open_ AND rx < 0.82 THEN 1 ELSE 0 END AS KetQuaDienTu,
                CASE WHEN NOT open_ AND rd >= 0.70 THEN (CASE WHEN rd < 0.985 THEN 1 ELSE 0 END) END AS DanhGiaHaiLong
              FROM g
              ORDER BY i
            ) TO '{path}' (HEADER, DELIMITER ',')
            """


def generate(
    path: Path, units: Sequence[DemoUnit], *, until: dt.date, calendar: WorkingCalendar
) -> Generated:
    """Write the demo dossiers received before ``until`` (its midnight) to ``path`` as CSV with
    the national column names; statuses are as they stand at that moment."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    profiles = _profiles(units)
    procedures = _catalogues(profiles)
    days = [
        FIRST_DAY + dt.timedelta(days=n)
        for n in range((LAST_DAY - FIRST_DAY).days + 1)
        if calendar.is_working_day(FIRST_DAY + dt.timedelta(days=n))
    ]
    cutoff = dt.datetime.combine(until, dt.time())
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        _load_tables(con, profiles, procedures, days, calendar)
        _draw_dossiers(con, days)
        written = con.execute(_export_sql(path, cutoff)).fetchone()
    finally:
        con.close()
    return Generated(path, int(written[0]) if written else 0, time.perf_counter() - started)


def _draw(salt: int) -> str:
    """SQL for a seeded uniform draw in [0, 1) for dossier ``i``."""
    return f"((hash(i * 7919 + {salt * 104729 + SEED}) % 1000000007) / 1000000007.0)"


def _due_days(
    days: Sequence[dt.date],
    procedures: Sequence[tuple[int, int, str, str, int]],
    calendar: WorkingCalendar,
) -> tuple[list[int], list[int], list[dt.date]]:
    """The appointment day of every (day of receipt, time limit) pair, with and without a
    supplement's extra days, as three columns."""
    limits = sorted({lim for *_rest, lim in procedures})
    limits = sorted(set(limits) | {lim + SUPPLEMENT_DAYS for lim in limits})
    due_d, due_lim, due_day = [], [], []
    for index, day in enumerate(days):
        for lim in limits:
            due_d.append(index)
            due_lim.append(lim)
            due_day.append(calendar.add_working_days(day, lim))
    return due_d, due_lim, due_day


def _load_tables(
    con: duckdb.DuckDBPyConnection,
    profiles: Sequence[dict[str, Any]],
    procedures: Sequence[tuple[int, int, str, str, int]],
    days: Sequence[dt.date],
    calendar: WorkingCalendar,
) -> None:
    """The lookup tables the draws join: units, procedures, working days, appointment days and
    the unit slots."""
    con.execute(
        "CREATE TABLE units AS SELECT unnest(?::INTEGER[]) AS u, unnest(?::VARCHAR[]) AS key, "
        "unnest(?::VARCHAR[]) AS short, unnest(?::INTEGER[]) AS cat, unnest(?::DOUBLE[]) AS late, "
        "unnest(?::DOUBLE[]) AS apology, unnest(?::DOUBLE[]) AS online",
        [
            [p[k] for p in profiles]
            for k in ("u", "key", "short", "cat", "late", "apology", "online")
        ],
    )
    con.execute(
        "CREATE TABLE procs AS SELECT unnest(?::INTEGER[]) AS cat, unnest(?::INTEGER[]) AS p, "
        "unnest(?::VARCHAR[]) AS code, unnest(?::VARCHAR[]) AS name, unnest(?::INTEGER[]) AS lim",
        [list(column) for column in zip(*procedures, strict=True)],
    )
    con.execute("CREATE TABLE cats AS SELECT cat, count(*) AS n FROM procs GROUP BY cat")
    con.execute(
        "CREATE TABLE days AS SELECT unnest(?::INTEGER[]) AS d, unnest(?::DATE[]) AS day",
        [list(range(len(days))), list(days)],
    )
    con.execute(
        "CREATE TABLE dues AS SELECT unnest(?::INTEGER[]) AS d, unnest(?::INTEGER[]) AS lim, "
        "unnest(?::DATE[]) AS due_day",
        list(_due_days(days, procedures, calendar)),
    )
    con.execute(
        "CREATE TABLE lk AS SELECT ?::INTEGER[] AS dep, ?::INTEGER[] AS com",
        [_slots(profiles, "department"), _slots(profiles, "commune")],
    )


def _draw_dossiers(con: duckdb.DuckDBPyConnection, days: Sequence[dt.date]) -> None:
    """The ``raw`` table: each dossier's unit (by slot) and day of receipt; communes only from
    the day they exist."""
    communes_first = next(i for i, day in enumerate(days) if day >= COMMUNES_FROM)
    span = len(days)
    con.execute(
        f"""CREATE TABLE raw AS
        SELECT i, lk.dep[CAST(floor({_draw(1)} * len(lk.dep)) AS INTEGER) + 1] AS u,
               CAST(floor({_draw(2)} * {span}) AS INTEGER) AS d
        FROM range(0, {DEPARTMENT_DOSSIERS}) t(i), lk
        UNION ALL
        SELECT i, lk.com[CAST(floor({_draw(1)} * len(lk.com)) AS INTEGER) + 1] AS u,
               {communes_first} + CAST(floor({_draw(2)} * {span - communes_first}) AS INTEGER) AS d
        FROM range({DEPARTMENT_DOSSIERS}, {DEPARTMENT_DOSSIERS + COMMUNE_DOSSIERS}) t(i), lk"""
    )


def _export_sql(path: Path, cutoff: dt.datetime) -> str:
    """The statement that writes the file: statuses as they stand at ``cutoff``."""
    return _EXPORT_SQL.format(
        cut=f"TIMESTAMP '{cutoff:%Y-%m-%d %H:%M:%S}'",
        ts="'%Y%m%d%H%M%S'",
        supplement_days=SUPPLEMENT_DAYS,
        path=path,
        **{f"r{salt}": _draw(salt) for salt in range(3, 19)},
    )


def demo_units(province: Any) -> list[DemoUnit]:
    """The departments and the communes of the demo province, as the file names them."""
    from parindex.units.models import Unit

    found = []
    for unit in Unit.objects.filter(parent=province, kind__in=("department", "commune")).order_by(
        "code_system", "code"
    ):
        kind = "commune" if unit.kind == "commune" else "department"
        found.append(DemoUnit(key=f"{unit.code_system}:{unit.code}", code=unit.code, kind=kind))
    return found


def import_demo_dossiers(*, actor: Actor, province: Any, until: dt.date) -> tuple[Any, Generated]:
    """Generate the demo's dossier file under ``<VAR_DIR>/demo/`` and import it into the
    dossier store (one audited import); returns the import's status row and the file."""
    from parindex.calendars.queries import get_calendar
    from parindex.dossiers.actions import import_dossiers

    generated = generate(demo_file(), demo_units(province), until=until, calendar=get_calendar())
    record, _result = import_dossiers(generated.path, actor=actor, illustrative=True)
    return record, generated
