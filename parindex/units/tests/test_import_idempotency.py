"""Importing is idempotent, updates changed rows, never deletes, and is audited once per import."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from parindex.core.models import AuditEvent
from parindex.units.actions import import_units
from parindex.units.models import LineageLink, Unit

from .conftest import TINY

pytestmark = pytest.mark.django_db


def test_it_changes_nothing_when_the_same_file_is_imported_twice(tiny_file: Path) -> None:
    """The second import creates and updates nothing, and leaves the rows as they were."""
    first = import_units(tiny_file, actor=None)
    snapshot = list(Unit.objects.values()), list(LineageLink.objects.values())
    second = import_units(tiny_file, actor=None)
    assert (first.units_created, first.links_created) == (3, 2)
    assert second.counts() == {
        "units_created": 0,
        "units_updated": 0,
        "units_unchanged": 3,
        "links_created": 0,
        "links_updated": 0,
        "links_unchanged": 2,
    }
    assert (list(Unit.objects.values()), list(LineageLink.objects.values())) == snapshot


def test_it_writes_one_audit_event_per_import(tiny_file: Path) -> None:
    """Each import leaves exactly one audit event with its counts, even when nothing changed."""
    import_units(tiny_file, actor=None)
    import_units(tiny_file, actor=None)
    events = list(AuditEvent.objects.filter(object_type="units.unit").order_by("id"))
    assert [e.action for e in events] == ["unit.import", "unit.import"]
    assert events[0].actor_label == "cli"
    first, second = (event.after or {} for event in events)
    assert first["units_created"] == 3
    assert second["units_created"] == 0
    assert second["units_unchanged"] == 3
    assert events[0].object_repr == "tiny.yaml"


def test_it_updates_changed_rows_and_records_what_changed(
    tiny_file: Path, write_file: Callable[..., Path]
) -> None:
    """A changed name and changed weights update the rows; the audit event lists the changes."""
    import_units(tiny_file, actor=None)
    changed = TINY.replace("name: Sóc Trăng", "name: Tỉnh Sóc Trăng")
    changed = changed.replace("weight: 0.5\n    weight_basis: equal\n", "W1", 1)
    changed = changed.replace("weight: 0.5", "weight: 0.6").replace(
        "W1", "weight: 0.4\n    weight_basis: equal\n"
    )
    result = import_units(write_file(changed, "changed.yaml"), actor=None)
    assert (result.units_updated, result.units_unchanged) == (1, 2)
    assert (result.links_updated, result.links_unchanged) == (2, 0)
    assert Unit.objects.get(code_system="historical_63", code="94").name == "Tỉnh Sóc Trăng"
    weights = dict(
        LineageLink.objects.values_list("predecessor__code_system", "weight").filter(
            predecessor__code="94"
        )
    )
    assert weights == {"historical_63": Decimal("0.600000")}
    change = (AuditEvent.objects.latest("id").after or {})["changes"]["historical_63:94"]
    assert change == {"name": ["Sóc Trăng", "Tỉnh Sóc Trăng"]}


def test_it_never_deletes_units_missing_from_a_later_file(
    tiny_file: Path, write_file: Callable[..., Path]
) -> None:
    """A file with fewer units leaves the others in place."""
    import_units(tiny_file, actor=None)
    only_one = """
    units:
      - code: "01"
        code_system: historical_63
        name: Hà Nội
        kind: province
        valid_to: 2025-07-01
    """
    result = import_units(write_file(only_one, "one.yaml"), actor=None)
    assert result.units_created == 1
    assert Unit.objects.count() == 4
    assert LineageLink.objects.count() == 2


def test_it_imports_from_a_stream(tiny_file: Path) -> None:
    """A binary stream works like a path."""
    result = import_units(io.BytesIO(tiny_file.read_bytes()), actor=None)
    assert result.units_created == 3


def test_it_imports_units_and_lineage_from_csv_files(write_file: Callable[..., Path]) -> None:
    """A units CSV and a lineage CSV (header-selected) import like YAML."""
    units = write_file(
        """
        code,code_system,name,kind,subkind,parent,valid_from,valid_to,source
        94,historical_63,Sóc Trăng,province,province,,,2025-07-01,s
        941,historical_63,TP Sóc Trăng,district,provincial_city,historical_63:94,,2025-07-01,s
        92,current_34,Cần Thơ,province,centrally_run_city,,2025-07-01,,s
        """,
        "units.csv",
    )
    links = write_file(
        """
        predecessor,successor,effective_on,relation,weight,weight_basis,source,note
        historical_63:94,current_34:92,2025-07-01,merged_whole,1,area,s,
        """,
        "links.csv",
    )
    assert import_units(units, actor=None).units_created == 3
    assert import_units(links, actor=None).links_created == 1
    district = Unit.objects.get(code="941")
    assert district.parent is not None and district.parent.code == "94"
    assert import_units(units, actor=None).units_unchanged == 3
