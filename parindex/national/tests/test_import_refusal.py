"""Importing a registry file on the shared import harness: a results file with a duplicate
province-year, a rank outside 1..N, a rate outside 0–100 or an unknown unit is refused whole,
with the row and field of every problem; the same file twice changes nothing; UTF-16,
Windows-1258, binary and header-only files get a message naming the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parindex.core.import_harness import ImportHarness
from parindex.lib.errors import InputRejected
from parindex.national.actions import import_registry_file
from parindex.national.models import NationalResult

HEADER = "year,province_code,province_name,par_index_pct,rank,source_url\n"
GOOD = HEADER + "2023,94,Sóc Trăng,81.5,62,https://example.test/correction\n"


def _refused(path: Path) -> list[tuple[int | None, str, str]]:
    before = NationalResult.objects.count()
    with pytest.raises(InputRejected) as caught:
        import_registry_file(path, actor=None)
    assert NationalResult.objects.count() == before
    return [(p.row, p.field, p.message) for p in caught.value.problems]


@pytest.mark.usefixtures("registry")
class TestRegistryImport(ImportHarness):
    file_name = "results.csv"
    file_format = "csv"
    good_file = GOOD
    command = ("standing", "import")
    audit_actions = ("national_result.import",)
    #: Established behaviour: every import is audited, an unchanged one with zero counts.
    audits_unchanged_import = True
    bad_files = {
        # The second row of the same province and year is named (with the first row).
        "duplicate-province-year": (
            HEADER + "2019,94,Sóc Trăng,80.1,30,u\n2019,94,Sóc Trăng,80.2,31,u\n",
            [(3, "province_code")],
        ),
        # Rank 64 of a 63-province year and rank 0 are both refused; N comes from the data.
        "rank-outside-one-to-n": (
            HEADER + "2019,94,,80.1,64,u\n2019,93,,80.2,0,u\n",
            [(2, "rank"), (3, "rank")],
        ),
        # 101, a negative rate and text are refused with their rows.
        "rate-outside-0-to-100": (
            HEADER + "2019,94,,101,30,u\n2019,93,,-1,31,u\n2019,92,,abc,32,u\n",
            [(2, "par_index_pct"), (3, "par_index_pct"), (4, "par_index_pct")],
        ),
        # Code 99 is no province; old code 72 (Tây Ninh) is not in the 2025 code system.
        "unknown-unit": (
            HEADER + "2019,99,,80,30,u\n2025,72,,80,3,u\n2019,94,,80,5,u\n",
            [(2, "province_code"), (3, "province_code")],
        ),
        # An unknown header is refused at row 1, before any row is read.
        "unknown-header": ("a,b\n1,2\n", [(1, "")]),
        # Results of 2025 and later belong to the 34-province code system.
        "2025-for-a-historical-unit": (
            HEADER + "2025,historical_63:94,,80,3,u\n",
            [(2, "province_code")],
        ),
    }

    def import_file(self, path: Path) -> Any:
        return import_registry_file(path, actor=None)

    def written(self) -> Any:
        return list(
            NationalResult.objects.values_list(
                "year", "unit_id", "ministry_id", "par_index"
            ).order_by("id")
        )


@pytest.mark.usefixtures("registry")
def test_a_duplicate_names_the_first_row(write_file: Callable[..., Path]) -> None:
    """The problem of the second row of the same province and year names the first row."""
    path = write_file(HEADER + "2019,94,Sóc Trăng,80.1,30,u\n2019,94,Sóc Trăng,80.2,31,u\n")
    problems = _refused(path)
    assert "row 2" in problems[0][2] or "dòng 2" in problems[0][2]


@pytest.mark.usefixtures("registry")
def test_a_rank_outside_one_to_n_names_n(write_file: Callable[..., Path]) -> None:
    """N (63 provinces) is named in the message."""
    path = write_file(HEADER + "2019,94,,80.1,64,u\n2019,93,,80.2,0,u\n")
    assert "1..63" in _refused(path)[0][2]


@pytest.mark.usefixtures("registry")
def test_a_unit_missing_from_the_2025_system_names_it(write_file: Callable[..., Path]) -> None:
    """Old code 72 (Tây Ninh) is refused in 2025, naming the current_34 code system."""
    path = write_file(HEADER + "2019,99,,80,30,u\n2025,72,,80,3,u\n2019,94,,80,5,u\n")
    assert "current_34" in _refused(path)[1][2]
