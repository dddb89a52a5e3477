"""Benchmark of the two heaviest pages: the self-assessment form and the results page.

``bench_pages`` builds the small test province, an assessment on a framework of ``criteria``
criteria and a published round of ``units`` units, on a throw-away database (a temporary
SQLite file, created and migrated for the run and deleted afterwards; the configured database
is never touched), then renders each page ``repeat`` times through the test client and reports
the median and 95th-percentile render time in milliseconds and the number of queries.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils.translation import gettext_lazy


def _timings(client: Client, url: str, repeat: int) -> dict[str, Any]:
    client.get(url)  # warm the template and framework caches
    connection.queries_log.clear()  # a full log (9,000 entries) would hide the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # now: later requests reset the connection's query log
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(p95, 1),
        "queries": query_count,
        "bytes": len(response.content),
    }


def bench_pages(*, criteria: int = 120, units: int = 130, repeat: int = 30) -> dict[str, Any]:
    """Measure the self-assessment form (``criteria`` criteria) and the results page
    (``units`` units) on a temporary SQLite database."""
    from parindex.testing import build_province, open_large_assessment, seed_published_round

    with tempfile.TemporaryDirectory(prefix="parindex-bench-") as folder:
        original = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(
            {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(Path(folder) / "bench.sqlite3"),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
                "TEST": {
                    **original.get("TEST", {}),
                    "NAME": str(Path(folder) / "bench.sqlite3"),
                    "MIGRATE": True,
                },
            }
        )
        setup_test_environment()
        try:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            par = build_province()
            assessment = open_large_assessment(par, criteria=criteria, year=2090)
            round_ = seed_published_round(par, units=units, year=2091)
            staff = Client(HTTP_HOST="localhost")
            staff.force_login(par.users["unit_staff"])
            leader = Client(HTTP_HOST="localhost")
            leader.force_login(par.users["leader"])
            return {
                "database": "sqlite (temporary file)",
                "repeat": repeat,
                "self_assessment_form": {
                    "criteria": criteria,
                    **_timings(staff, f"/assessments/units/{assessment.pk}/self/", repeat),
                },
                "results_page": {
                    "units": units,
                    **_timings(leader, f"/assessments/rounds/{round_.pk}/results/", repeat),
                },
            }
        finally:
            connection.close()
            teardown_test_environment()
            connection.settings_dict.clear()
            connection.settings_dict.update(original)


# The ``parindex bench`` protocol (docs/cli-dossiers.md, "parindex bench"): ``./run bench pages``.
NAME = "pages"
HELP = gettext_lazy("Render time and queries of the self-assessment form and the results page.")


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--criteria", type=int, default=120, help=str(gettext_lazy("Criteria on the form."))
    )
    parser.add_argument(
        "--units", type=int, default=130, help=str(gettext_lazy("Units on the results page."))
    )
    parser.add_argument(
        "--repeat", type=int, default=30, help=str(gettext_lazy("Renders of each page."))
    )


def run(options: dict[str, Any], stderr: Any = None) -> dict[str, Any]:
    """Flat figures for the ``bench`` command (its table shows plain values only)."""
    found = bench_pages(
        criteria=options.get("criteria", 120),
        units=options.get("units", 130),
        repeat=options.get("repeat", 30),
    )
    flat: dict[str, Any] = {"database": found["database"], "repeat": found["repeat"]}
    for page in ("self_assessment_form", "results_page"):
        for key, value in found[page].items():
            flat[f"{page}_{key}"] = value
    return flat
