"""A results file with a duplicate province-year, a rank outside 1..N, a rate outside 0–100 or an
unknown unit is refused whole, with the row and field of every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parindex.lib.errors import InputRejected
from parindex.national.actions import import_registry_file
from parindex.national.models import NationalResult

pytestmark = pytest.mark.usefixtures("registry")

HEADER = "year,province_code,province_name,par_index_pct,rank,source_url\n"


def _refused(path: Path) -> list[tuple[int | None, str, str]]:
    before = NationalResult.objects.count()
    with pytest.raises(InputRejected) as caught:
        import_registry_file(path, actor=None)
    assert NationalResult.objects.count() == before
    return [(p.row, p.field, p.message) for p in caught.value.problems]


def test_it_refuses_a_duplicate_province_year(write_file: Callable[..., Path]) -> None:
    """The second row of the same province and year is named, with the first row."""
    path = write_file(HEADER + "2019,94,Sóc Trăng,80.1,30,u\n2019,94,Sóc Trăng,80.2,31,u\n")
    problems = _refused(path)
    assert [(row, field) for row, field, _m in problems] == [(3, "province_code")]
    assert "row 2" in problems[0][2] or "dòng 2" in problems[0][2]


def test_it_refuses_a_rank_outside_one_to_n(write_file: Callable[..., Path]) -> None:
    """Rank 64 of a 63-province year and rank 0 are both refused; N comes from the data."""
    path = write_file(HEADER + "2019,94,,80.1,64,u\n2019,93,,80.2,0,u\n")
    problems = _refused(path)
    assert [(row, field) for row, field, _m in problems] == [(2, "rank"), (3, "rank")]
    assert "1..63" in problems[0][2]


def test_it_refuses_a_rate_outside_0_to_100(write_file: Callable[..., Path]) -> None:
    """101 and a negative rate are refused with their rows."""
    path = write_file(HEADER + "2019,94,,101,30,u\n2019,93,,-1,31,u\n2019,92,,abc,32,u\n")
    problems = _refused(path)
    assert [(row, field) for row, field, _m in problems] == [
        (2, "par_index_pct"),
        (3, "par_index_pct"),
        (4, "par_index_pct"),
    ]


def test_it_refuses_an_unknown_unit(write_file: Callable[..., Path]) -> None:
    """Code 99 is no province; old code 72 (Tây Ninh) does not exist in the 2025 code system."""
    path = write_file(HEADER + "2019,99,,80,30,u\n2025,72,,80,3,u\n2019,94,,80,5,u\n")
    problems = _refused(path)
    assert [(row, field) for row, field, _m in problems] == [
        (2, "province_code"),
        (3, "province_code"),
    ]
    assert "current_34" in problems[1][2]


def test_it_refuses_a_file_whose_header_it_does_not_know(write_file: Callable[..., Path]) -> None:
    """An unknown header is refused at row 1, before any row is read."""
    path = write_file("a,b\n1,2\n")
    problems = _refused(path)
    assert problems[0][0] == 1


def test_it_refuses_a_result_of_a_2025_year_for_a_historical_unit(
    write_file: Callable[..., Path],
) -> None:
    """Results of 2025 and later belong to the 34-province code system."""
    path = write_file(HEADER + "2025,historical_63:94,,80,3,u\n")
    assert _refused(path)[0][1] == "province_code"
