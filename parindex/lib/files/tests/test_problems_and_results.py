"""The problem collector's cap and the import result's counts."""

import pytest

from parindex.lib.errors import InputRejected
from parindex.lib.files.problems import ProblemCollector
from parindex.lib.files.results import ImportResult


def test_it_keeps_a_readable_number_of_problems_and_counts_them_all():
    problems = ProblemCollector(limit=3)
    for row in range(2, 12):
        problems.add("bad", row=row, field="points")
    assert problems.count == 10 and len(problems.problems) == 3
    with pytest.raises(InputRejected) as caught:
        problems.raise_if_any()
    assert len(caught.value.problems) == 4
    assert "7" in caught.value.problems[-1].message


def test_it_refuses_nothing_when_nothing_was_found():
    ProblemCollector().raise_if_any()


def test_it_counts_per_kind_and_outcome():
    result = ImportResult("f.yaml", kinds=("units", "links"))
    result.add("units", "created", 3)
    result.add("links", "unchanged")
    assert result.units_created == 3 and result.links_unchanged == 1
    assert result.counts()["units_updated"] == 0
    assert result.changed
    assert not ImportResult("f", kinds=("units",)).changed
    single = ImportResult("g")
    single.add("", "updated")
    assert single.counts() == {"created": 0, "updated": 1, "unchanged": 0}
