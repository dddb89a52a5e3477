"""Importing external points on the shared import harness (refusal, unreadable files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parindex.assessments import actions
from parindex.assessments.models import CriterionEntry
from parindex.core.import_harness import ImportHarness
from parindex.testing import TestProvince

GOOD = "unit_code;criterion_code;points;note\nSO-A;pi_survey;3,5;Khảo sát SIPAS\n"


class TestExternalPointsImport(ImportHarness):
    file_name = "points.csv"
    file_format = "csv"
    good_file = GOOD
    audit_actions = ("external_points.import",)
    #: Established behaviour: a second import writes the same points again and is audited.
    audits_unchanged_import = True
    bad_files = {
        "rows": (
            "unit_code,criterion_code,points\n"
            "local:SO-A,pi_survey,3\n"
            "local:SO-X,pi_survey,3\n"
            "SO-B,pi_survey,5\n"
            "SO-B,dm_plan,1\n"
            "SO-A,pi_survey,abc\n",
            [(3, "unit_code"), (4, "points"), (5, "criterion_code"), (6, "criterion_code")],
        ),
        "columns": ("unit_code,points,colour\nSO-A,1,red\n", [(1, ""), (1, "colour")]),
    }

    @pytest.fixture(autouse=True)
    def _round(self, par: TestProvince, province_admin: Any) -> None:
        self.par, self.admin = par, province_admin

    def import_file(self, path: Path) -> Any:
        return actions.import_external_points(self.par.round, path, actor=self.admin)

    def written(self) -> Any:
        return list(
            CriterionEntry.objects.filter(assessment__round=self.par.round)
            .values_list("pk", "appraised_points")
            .order_by("pk")
        )

    def is_unchanged(self, result: Any) -> bool:
        # The action returns the number of entries written; the values are compared instead.
        return True
