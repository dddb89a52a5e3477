"""Which units exist on a date, subtrees, and resolving codes across the 2025 reorganisation."""

from __future__ import annotations

import datetime as dt

import pytest

from parindex.lib.errors import InputRejected
from parindex.units.models import Unit
from parindex.units.queries import find_unit, subtree, units_as_of

BEFORE = dt.date(2025, 6, 30)
ON = dt.date(2025, 7, 1)


@pytest.mark.usefixtures("reference_units")
def test_it_lists_63_provinces_before_and_34_from_the_reorganisation_day() -> None:
    """Validity is half-open: 30/06/2025 shows the 63 old provinces, 01/07/2025 the 34 new."""
    before = units_as_of(BEFORE, kind="province")
    on = units_as_of(ON, kind="province")
    assert before.count() == 63
    assert {u.code_system for u in before} == {"historical_63"}
    assert on.count() == 34
    assert {u.code_system for u in on} == {"current_34"}


@pytest.mark.usefixtures("reference_units")
def test_it_lists_communes_of_either_system_depending_on_the_date() -> None:
    """Old Cần Thơ-area communes are valid until 30/06/2025, the 103 new ones from 01/07/2025."""
    assert units_as_of(BEFORE, kind="commune").count() == 263
    assert units_as_of(ON, kind="commune").count() == 103
    assert units_as_of(BEFORE, kind="district").count() == 28
    assert units_as_of(ON, kind="district").count() == 0


@pytest.mark.usefixtures("reference_units")
def test_it_lists_units_without_n_plus_one_queries(django_assert_num_queries) -> None:
    """Listing units with their parents takes one query however many units there are."""
    with django_assert_num_queries(1):
        names = [(u.name, u.parent.name if u.parent else "") for u in units_as_of(BEFORE)]
    assert len(names) == 63 + 28 + 263


@pytest.mark.usefixtures("reference_units")
def test_it_returns_a_subtree_with_the_unit_itself_in_one_query(
    django_assert_num_queries,
) -> None:
    """Old Sóc Trăng's subtree: itself, its 11 district-level units and 108 communes."""
    soc_trang = Unit.objects.get(code_system="historical_63", code="94")
    with django_assert_num_queries(1):
        units = list(subtree(soc_trang))
    assert units[0] == soc_trang
    kinds = [u.kind for u in units]
    assert kinds.count("province") == 1
    assert kinds.count("district") == 11
    assert kinds.count("commune") == 108
    assert all(u.code_system == "historical_63" for u in units)
    district = next(u for u in units if u.code == "941")
    assert district.name == "Thành phố Sóc Trăng"
    assert set(subtree(district)) == {district, *district.children.all()}


@pytest.mark.usefixtures("reference_units")
def test_it_filters_a_subtree_by_date() -> None:
    """New Cần Thơ's subtree holds its 103 communes on 01/07/2025 and nothing a day before."""
    can_tho = Unit.objects.get(code_system="current_34", code="92")
    assert subtree(can_tho, as_of=ON).count() == 104
    assert subtree(can_tho, as_of=BEFORE).count() == 0


@pytest.mark.usefixtures("reference_units")
def test_it_resolves_an_ambiguous_code_by_date_or_system() -> None:
    """“92” is old and new Cần Thơ: a date or SYSTEM:CODE picks one."""
    assert find_unit("92", as_of=BEFORE).code_system == "historical_63"
    assert find_unit("92", as_of=ON).code_system == "current_34"
    assert find_unit("historical_63:92").valid_to == ON
    assert find_unit("92", code_system="current_34").valid_from == ON
    assert find_unit("94").name == "Sóc Trăng"  # only one unit has this code


@pytest.mark.usefixtures("reference_units")
def test_it_refuses_an_ambiguous_code_without_a_date_listing_the_candidates() -> None:
    """Without a date, a code of two units is a problem naming both candidates."""
    with pytest.raises(InputRejected) as caught:
        find_unit("92")
    (problem,) = caught.value.problems
    assert problem.field == "code"
    assert "historical_63:92" in problem.message
    assert "current_34:92" in problem.message


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["99", "nonsense:92", "historical_63:"])
def test_it_refuses_an_unknown_code(code: str) -> None:
    """An unknown code or a malformed SYSTEM:CODE is a problem on the field “code”."""
    with pytest.raises(InputRejected) as caught:
        find_unit(code)
    assert [p.field for p in caught.value.problems] == ["code"]
