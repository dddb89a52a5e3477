"""The units importer on the shared import harness (refusal, idempotency, unreadable files).

The bad files hold every case of a file refused with a (line, field) each: one mistake per file,
several at once, and the checks that need the whole file or the database (parents, lineage
weights, dates of validity, cycles).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from parindex.core.import_harness import ImportHarness, Where
from parindex.units.actions import import_units
from parindex.units.models import LineageLink, Unit

from .conftest import TINY

GOOD = textwrap.dedent(TINY).lstrip("\n")

PROVINCE = """
  - code: "{code}"
    code_system: {system}
    name: {name}
    kind: province
    {dates}
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing needle."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def mutated(old: str, new: str, needle: str, field: str) -> tuple[str, list[Where]]:
    """GOOD with one mistake, refused at the line holding needle, on field."""
    assert old in GOOD, old
    text = GOOD.replace(old, new, 1)
    return text, [(line_of(text, needle), field)]


def _file(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


DUPLICATE_CODE = _file(
    "units:"
    + PROVINCE.format(code="94", system="historical_63", name="A", dates="")
    + PROVINCE.format(code="94", system="historical_63", name="B", dates="")
)
ONE_TO_TWO = _file(
    "units:"
    + PROVINCE.format(
        code="82", system="historical_63", name="Tiền Giang", dates="valid_to: 2025-07-01"
    )
    + PROVINCE.format(
        code="80", system="current_34", name="Tây Ninh", dates="valid_from: 2025-07-01"
    )
    + PROVINCE.format(
        code="82", system="current_34", name="Đồng Tháp", dates="valid_from: 2025-07-01"
    )
    + "lineage:\n"
    + "".join(
        f"  - {{predecessor: 'historical_63:82', successor: 'current_34:{successor}', "
        "effective_on: 2025-07-01, relation: merged_whole, weight: 1, weight_basis: equal}\n"
        for successor in ("80", "82")
    )
)
EVERY_PROBLEM = GOOD.replace("kind: province", "kind: county", 1).replace(
    "effective_on: 2025-07-01", "effective_on: 2025-13-01", 1
)
LINK_BEFORE_SUCCESSOR = GOOD.replace("effective_on: 2025-07-01", "effective_on: 2025-06-01", 1)
PARENT_CYCLE = _file(
    """
    units:
      - {code: A, code_system: local, name: A, kind: department, parent: "local:B"}
      - {code: B, code_system: local, name: B, kind: department, parent: "local:A"}
    """
)
NOT_YAML = "units:\n  - code: [unclosed\n"
MISSING_PROVINCE = _file(
    """
    units:
      - code: "941"
        code_system: historical_63
        name: Thành phố Sóc Trăng
        kind: district
        parent: historical_63:94
    """
)


class TestUnitsImport(ImportHarness):
    file_name = "units.yaml"
    file_format = "yaml"
    good_file = GOOD
    command = ("units", "import")
    audit_actions = ("unit.import",)
    #: Established behaviour: every import is audited, an unchanged one with zero counts.
    audits_unchanged_import = True
    bad_files = {
        "bad-kind": mutated("kind: province", "kind: county", "county", "kind"),
        "key-twice": (
            GOOD.replace("kind: province", "kind: province\n    kind: x", 1),
            [(7, "kind")],
        ),
        "unknown-parent": mutated(
            "    kind: province\n",
            "    kind: province\n    parent: historical_63:77\n",
            "parent: historical_63:77",
            "parent",
        ),
        "unknown-lineage-unit": mutated(
            "predecessor: historical_63:94",
            "predecessor: historical_63:95",
            "historical_63:95",
            "predecessor",
        ),
        "bad-date": mutated(
            'valid_to: 2025-07-01\n  - code: "94"',
            'valid_to: 01/07/2025\n  - code: "94"',
            "01/07/2025",
            "valid_to",
        ),
        "valid-to-not-after-valid-from": mutated(
            "valid_from: 2025-07-01",
            "valid_from: 2025-07-01\n    valid_to: 2025-01-01",
            "valid_to: 2025-01-01",
            "valid_to",
        ),
        "weights-not-summing-to-1": mutated("weight: 0.5", "weight: 0.4", "weight: 0.4", "weight"),
        "weight-above-1": mutated("weight: 0.5", "weight: 1.5", "weight: 1.5", "weight"),
        "weight-with-7-decimals": mutated(
            "weight: 0.5", "weight: 0.5000001", "0.5000001", "weight"
        ),
        "bad-relation": mutated(
            "relation: merged_whole", "relation: absorbed", "absorbed", "relation"
        ),
        "unknown-field": mutated(
            "    kind: province\n", "    kind: province\n    colour: red\n", "colour", "colour"
        ),
        "bad-reference": mutated(
            "successor: current_34:92", "successor: 92", "successor: 92", "successor"
        ),
        # The same SYSTEM:CODE twice: refused at the second occurrence.
        "duplicate-code": (DUPLICATE_CODE, [(line_of(DUPLICATE_CODE, 'code: "94"') + 6, "code")]),
        # A province-level table where one old province maps to two new ones.
        "old-province-to-two-new": (
            ONE_TO_TWO,
            [(line_of(ONE_TO_TWO, "current_34:82'"), "successor")],
        ),
        # Several mistakes give several problems, sorted by line.
        "every-problem-at-once": (
            EVERY_PROBLEM,
            [
                (line_of(EVERY_PROBLEM, "county"), "kind"),
                (line_of(EVERY_PROBLEM, "2025-13-01"), "effective_on"),
            ],
        ),
        # A link effective when its successor does not yet exist.
        "link-before-successor": (
            LINK_BEFORE_SUCCESSOR,
            [(23, "effective_on"), (25, "weight"), (31, "weight")],
        ),
        # Two units that are each other's parent.
        "parent-cycle": (PARENT_CYCLE, [(2, "parent"), (3, "parent")]),
        # Broken YAML: one problem with its line.
        "not-yaml": (NOT_YAML, [(3, "")]),
        # A commune whose historical province is missing (the message names the file to import
        # first: test_import_refusal.py).
        "missing-province": (MISSING_PROVINCE, [(6, "parent")]),
        # A CSV file (recognised by its header): the spreadsheet row (header: row 1), the column.
        "bad-csv-row": (
            "code,code_system,name,kind\n94,historical_63,Sóc Trăng,province\n"
            "95,historical_63,Bạc Liêu,shire\n",
            [(3, "kind")],
        ),
    }

    def import_file(self, path: Path) -> Any:
        return import_units(path, actor=None)

    def written(self) -> Any:
        return (
            list(Unit.objects.values_list("code_system", "code", "name").order_by("id")),
            LineageLink.objects.count(),
        )
