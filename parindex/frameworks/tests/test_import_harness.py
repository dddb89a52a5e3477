"""The framework importer on the shared import harness (refusal, idempotency, unreadable files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parindex.core.import_harness import ImportHarness
from parindex.frameworks.actions import import_framework
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.tests.conftest import TINY

GOOD = TINY.lstrip("\n")
ON_TIME_PARAMS = "params: {full_at: 0.8, mode: scaled}"


def mutated(old: str, new: str) -> str:
    """GOOD with one mistake."""
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


class TestFrameworkImport(ImportHarness):
    file_name = "framework.yaml"
    file_format = "yaml"
    good_file = GOOD
    command = ("framework", "import")
    audit_actions = ("framework.import", "framework.replace")
    bad_files = {
        "code-twice": (GOOD.replace("code: TINY\n", "code: TINY\ncode: TINY2\n", 1), [(3, "code")]),
        "not-a-list": (
            GOOD.split("criteria:")[0] + "criteria: 3\n",
            [(12, "criteria"), (1, "criteria")],
        ),
        # Area 1 says 7 while its rows add to 6 (never repaired); the framework's 10 no longer
        # matches its areas either.
        "max-not-the-sum": (
            mutated("  max_points: 6\n", "  max_points: 7\n"),
            [(15, "max_points"), (7, "max_points")],
        ),
        "negative-max": (
            mutated("max_points: 2\n  method: binary", "max_points: -2\n  method: binary"),
            [(19, "max_points"), (15, "max_points")],
        ),
        "unknown-method": (mutated("method: binary", "method: stars"), [(20, "method")]),
        # The second use of a code, where it appears.
        "duplicate-code": (mutated("code: on_time", "code: plan"), [(21, "code")]),
        # A higher rate earning fewer points: on the params line.
        "steps-not-monotone": (
            mutated(
                "method: rate_proportional\n  " + ON_TIME_PARAMS,
                "method: rate_steps\n  params: {steps: [{lower: 0, upper: 0.9, points: 4},"
                " {lower: 0.9, points: 2}]}",
            ),
            [(26, "params.steps")],
        ),
        # A step method without its steps: at the row.
        "missing-params": (
            mutated("method: rate_proportional\n  " + ON_TIME_PARAMS, "method: rate_steps"),
            [(21, "params.steps")],
        ),
        # A parent that is not listed (before the row).
        "unknown-parent": (
            mutated("parent: area1\n  name_vi: Tỷ lệ", "parent: area9\n  name_vi: Tỷ lệ"),
            [(22, "parent"), (15, "max_points")],
        ),
        # Band B reaching 95 overlaps band A from 90: on band B's line.
        "overlapping-bands": (mutated("upper: 90}", "upper: 95}"), [(11, "bands.lower")]),
        # An unknown max in a scored framework (allowed when structure_only).
        "blank-max": (
            mutated("max_points: 4\n  method: manual", "max_points:\n  method: manual"),
            [(30, "max_points")],
        ),
        "yaml-syntax": (mutated("  name_vi: Lĩnh vực hai\n", "  name_vi: [unclosed\n"), [(30, "")]),
        "every-problem-at-once": (
            mutated("method: binary", "method: stars").replace("code: on_time", "code: plan"),
            [(21, "code"), (20, "method")],
        ),
        "unknown-indicator": (
            mutated(ON_TIME_PARAMS, "params: {indicator: on_time_ratio, full_at: 0.8}"),
            [(26, "params.indicator")],
        ),
        # A count cannot fill a rate criterion, nor a working-day mean any method.
        "count-indicator-on-a-rate": (
            mutated(ON_TIME_PARAMS, "params: {indicator: received, full_at: 0.8}"),
            [(26, "params.indicator")],
        ),
        "mean-indicator-on-manual": (
            mutated(
                "  max_points: 4\n  method: manual\n  input_source: appraiser",
                "  max_points: 4\n  method: manual\n  input_source: dossier_metric\n"
                "  params: {indicator: avg_processing_days}",
            ),
            [(33, "params.indicator")],
        ),
    }

    def import_file(self, path: Path) -> Any:
        return import_framework(path, actor=None)

    def written(self) -> Any:
        return (
            list(Framework.objects.values_list("code", "version").order_by("id")),
            Criterion.objects.count(),
        )

    def is_unchanged(self, result: Any) -> bool:
        return bool(result.outcome == "unchanged")
