"""The shipped reference files import cleanly and hold the published numbers of units."""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Count

from parindex.units.actions import REFERENCE_FILES, import_reference_units, import_units
from parindex.units.models import LineageLink, Unit

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.django_db
def test_it_imports_each_shipped_file_in_order_with_the_published_counts() -> None:
    """provinces_63 gives 63 units, provinces_34 gives 34, the Cần Thơ file 103 new communes."""
    counts = [import_units(path, actor=None).units_created for path in REFERENCE_FILES]
    assert counts[:2] == [63, 34]
    assert Unit.objects.filter(code_system="historical_63", kind="province").count() == 63
    assert Unit.objects.filter(code_system="current_34", kind="province").count() == 34
    new_communes = Unit.objects.filter(code_system="current_34", kind="commune")
    assert new_communes.count() == 103
    assert new_communes.filter(subkind="ward").count() == 31
    assert new_communes.filter(subkind="rural_commune").count() == 72
    assert set(new_communes.values_list("parent__code", flat=True)) == {"92"}


@pytest.mark.django_db
def test_it_imports_the_reference_files_again_without_changes() -> None:
    """Importing every shipped file a second time creates and updates nothing."""
    import_reference_units(actor=None)
    again = import_reference_units(actor=None)
    assert all(r.units_created == r.units_updated == r.links_created == 0 for r in again)
    assert all(r.links_updated == 0 for r in again)


@pytest.mark.usefixtures("reference_units")
def test_it_ships_lineage_whose_weights_sum_to_1_for_every_successor() -> None:
    """For each successor, date and basis, the predecessors' weights add up to exactly 1."""
    sums: dict[tuple[int, object, str], Decimal] = defaultdict(Decimal)
    for link in LineageLink.objects.all():
        sums[(link.successor_id, link.effective_on, link.weight_basis)] += link.weight
    assert len(sums) == 34 + 103
    assert set(sums.values()) == {Decimal(1)}


@pytest.mark.usefixtures("reference_units")
def test_it_maps_every_old_province_to_exactly_one_new_province() -> None:
    """63 province links, one per old province; 11 unchanged and 52 merged whole."""
    links = LineageLink.objects.filter(predecessor__kind="province")
    assert links.count() == 63
    per_old = links.values("predecessor").annotate(n=Count("successor", distinct=True))
    assert {row["n"] for row in per_old} == {1}
    assert links.filter(relation="unchanged").count() == 11
    assert links.filter(relation="merged_whole").count() == 52


@pytest.mark.usefixtures("reference_units")
def test_it_ships_the_five_centrally_run_cities_of_before_2025() -> None:
    """01, 31, 48, 79 and 92 were centrally-run cities; Huế (46) is kept as a province."""
    cities = Unit.objects.filter(code_system="historical_63", subkind="centrally_run_city")
    assert sorted(cities.values_list("code", flat=True)) == ["01", "31", "48", "79", "92"]
    assert Unit.objects.get(code_system="historical_63", code="46").subkind == "province"


@pytest.mark.usefixtures("reference_units")
def test_it_ships_commune_lineage_with_the_published_relations() -> None:
    """The Cần Thơ table: 252 whole merges, 6 partial merges and 8 unchanged communes."""
    links = LineageLink.objects.filter(successor__kind="commune")
    assert links.filter(relation="merged_whole").count() == 252
    assert links.filter(relation="merged_partial").count() == 6
    assert links.filter(relation="unchanged").count() == 8
    assert Unit.objects.filter(code_system="historical_63", kind="district").count() == 28


@pytest.mark.django_db
def test_it_explains_that_the_commune_file_needs_the_province_files_first() -> None:
    """Importing the Cần Thơ file alone is refused and names provinces_63.yaml."""
    from parindex.lib.errors import InputRejected

    with pytest.raises(InputRejected) as caught:
        import_units(DATA / "cantho_communes_2025.yaml", actor=None)
    messages = " ".join(p.message for p in caught.value.problems)
    assert "provinces_63.yaml" in messages
    assert "provinces_34.yaml" in messages
    assert Unit.objects.count() == 0


def test_it_ships_yaml_files_that_the_converter_reproduces_from_the_csv_copies() -> None:
    """The YAML files are exactly what convert_reference.py makes from data/reference/*.csv."""
    spec = importlib.util.spec_from_file_location("convert", DATA / "convert_reference.py")
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)
    for name, build in convert.OUTPUTS.items():
        assert (DATA / name).read_text(encoding="utf-8") == build(), name


def test_it_splits_equal_weights_so_they_sum_to_exactly_1() -> None:
    """1/n rounded down to 6 places, the last share takes the remainder."""
    spec = importlib.util.spec_from_file_location("convert", DATA / "convert_reference.py")
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)
    for n in range(1, 12):
        weights = convert.equal_weights(n)
        assert sum(weights) == 1
        assert all(w == w.quantize(Decimal("0.000001")) for w in weights)
    assert convert.equal_weights(3) == [
        Decimal("0.333333"),
        Decimal("0.333333"),
        Decimal("0.333334"),
    ]
