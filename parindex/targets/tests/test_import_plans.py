"""Importing a target plan file on the shared import harness: refusal with the line and key of
every problem, the same file twice changes nothing, unreadable files named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parindex.core.import_harness import ImportHarness
from parindex.targets.actions import import_plan
from parindex.targets.models import Target, TargetDecision, TargetPlan

GOOD = """\
plan: test-plan
title: Kế hoạch thử
owner: historical_63:94
years: 2022-2024
targets:
  - id: top-ten
    rule: rank_at_most
    rank: 10
    wording: Nằm trong nhóm 10 tỉnh dẫn đầu
"""


@pytest.mark.usefixtures("registry")
class TestPlanImport(ImportHarness):
    file_name = "plan.yaml"
    file_format = "yaml"
    good_file = GOOD
    command = ("targets", "import")
    audit_actions = ("target_plan.import",)
    #: Established behaviour: every import of a plan is audited, an unchanged one too.
    audits_unchanged_import = True
    bad_files = {
        "bad-slug": (GOOD.replace("plan: test-plan", "plan: Test Plan"), [(1, "plan")]),
        "bad-years": (
            GOOD.replace("years: 2022-2024", "years: soon"),
            [(1, "years"), (6, "years")],
        ),
        "rank-not-whole": (GOOD.replace("rank: 10", "rank: ten"), [(6, "rank")]),
        "key-twice": (GOOD.replace("    rank: 10", "    rank: 10\n    rank: 9"), [(9, "rank")]),
    }

    def import_file(self, path: Path) -> Any:
        return import_plan(path, actor=None)

    def written(self) -> Any:
        return (
            list(TargetPlan.objects.values_list("slug", "title", "year_from", "year_to")),
            list(Target.objects.values_list("key", "rule", "params").order_by("id")),
            TargetDecision.objects.count(),
        )

    def is_unchanged(self, result: Any) -> bool:
        """``import_plan`` returns the stored plan, not counts: unchanged means the plan holds
        what was there (``written()`` is compared by the harness as well)."""
        return isinstance(result, TargetPlan) and result.slug == "test-plan"
