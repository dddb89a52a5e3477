"""Predecessors and successors of a unit, with dates, relations and weights."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parindex.units.models import Unit
from parindex.units.queries import lineage, predecessors, successors

pytestmark = pytest.mark.usefixtures("reference_units")


def test_it_finds_that_soc_trang_became_part_of_the_new_can_tho() -> None:
    """Sóc Trăng (historical 94) merged whole into Cần Thơ (current 92) on 01/07/2025."""
    soc_trang = Unit.objects.get(code_system="historical_63", code="94")
    (link,) = successors(soc_trang)
    assert link.successor.key == "current_34:92"
    assert link.effective_on == dt.date(2025, 7, 1)
    assert link.relation == "merged_whole"
    assert link.weight_basis == "equal"
    assert link.weight == Decimal("0.333334")  # the last in code order takes the remainder


def test_it_finds_the_three_predecessors_of_the_new_can_tho_with_weights_summing_to_1() -> None:
    """New Cần Thơ comes from old Cần Thơ (92), Hậu Giang (93) and Sóc Trăng (94)."""
    can_tho = Unit.objects.get(code_system="current_34", code="92")
    links = list(predecessors(can_tho))
    assert [link.predecessor.key for link in links] == [
        "historical_63:92",
        "historical_63:93",
        "historical_63:94",
    ]
    assert sum(link.weight for link in links) == Decimal(1)


def test_it_reads_lineage_without_n_plus_one_queries(django_assert_num_queries) -> None:
    """The lineage of a unit takes one query per direction, whatever the number of links."""
    can_tho = Unit.objects.get(code_system="current_34", code="92")
    with django_assert_num_queries(2):
        data = lineage(can_tho)
    assert len(data["predecessors"]) == 3
    assert data["predecessors"][2]["unit"]["name"] == "Sóc Trăng"
    assert data["successors"] == []


def test_it_links_an_old_commune_split_in_part_to_two_new_communes() -> None:
    """Phường Bùi Hữu Nghĩa (31178) went in part to Phường Cái Khế and to another ward."""
    old = Unit.objects.get(code_system="historical_63", code="31178")
    links = list(successors(old))
    assert [link.relation for link in links] == ["merged_partial", "merged_partial"]
    assert {link.successor.key for link in links} == {"current_34:31120", "current_34:31168"}
    assert old.parent is not None and old.parent.name == "Quận Bình Thuỷ"


def test_it_keeps_old_and_new_commune_31120_apart() -> None:
    """31120 is Phường An Hòa before 2025 and Phường Cái Khế after, linked by lineage."""
    old = Unit.objects.get(code_system="historical_63", code="31120")
    new = Unit.objects.get(code_system="current_34", code="31120")
    assert (old.name, new.name) == ("Phường An Hòa", "Phường Cái Khế")
    assert [link.successor for link in successors(old)] == [new]
