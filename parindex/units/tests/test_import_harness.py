"""The units importer on the shared import harness (refusal, idempotency, unreadable files)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from parindex.core.import_harness import ImportHarness
from parindex.units.actions import import_units
from parindex.units.models import LineageLink, Unit

from .conftest import TINY

GOOD = textwrap.dedent(TINY).lstrip("\n")


class TestUnitsImport(ImportHarness):
    file_name = "units.yaml"
    file_format = "yaml"
    good_file = GOOD
    command = ("units", "import")
    audit_actions = ("unit.import",)
    #: Established behaviour: every import is audited, an unchanged one with zero counts.
    audits_unchanged_import = True
    bad_files = {
        "bad-kind": (GOOD.replace("kind: province", "kind: county", 1), [(6, "kind")]),
        "key-twice": (
            GOOD.replace("kind: province", "kind: province\n    kind: x", 1),
            [(7, "kind")],
        ),
    }

    def import_file(self, path: Path) -> Any:
        return import_units(path, actor=None)

    def written(self) -> Any:
        return (
            list(Unit.objects.values_list("code_system", "code", "name").order_by("id")),
            LineageLink.objects.count(),
        )
