"""The framework importer on the shared import harness (refusal, idempotency, unreadable files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parindex.core.import_harness import ImportHarness
from parindex.frameworks.actions import import_framework
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.tests.conftest import TINY

GOOD = TINY.lstrip("\n")


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
