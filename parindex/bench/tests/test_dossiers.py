"""``bench dossiers`` runs the whole pipeline on synthetic data and prints its figures."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from parindex.dossiers.indicators.registry import INDICATORS


def test_it_prints_the_benchmark_figures_as_json(db: None) -> None:
    """A small run (3,000 dossiers) gives every required figure, and the recomputed province
    agrees with the generated rows (every dossier received in 2025)."""
    out = StringIO()
    call_command(
        "bench", "dossiers", "--rows", "3000", "--format", "json", stdout=out, stderr=StringIO()
    )
    payload = json.loads(out.getvalue())
    for key in ("rows", "import_rows_per_s", "recompute_s", "plain_sql_s",
                "recompute_vs_plain_sql", "drilldown_ms_max", "peak_rss_mb",
                "csv_read_only_rows_per_s"):  # fmt: skip
        assert payload[key] is not None, key
    assert payload["rows"] == 3000
    assert payload["province_check"]["received"] == 3000
    assert payload["indicators"] == len(INDICATORS)
    assert 0 < payload["province_check"]["on_time_rate"] < 1
