"""The ``units`` command: import, list and lineage, and clear refusals of bad input."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.core.models import AuditEvent
from parindex.units.models import LineageLink, Unit


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("units", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_imports_a_file_and_reports_the_counts(tiny_file: Path) -> None:
    """``units import FILE`` writes the units and prints what it created."""
    out, _err = _run("import", str(tiny_file))
    assert "3" in out and "tiny.yaml" in out
    assert Unit.objects.count() == 3


@pytest.mark.django_db
def test_it_imports_every_shipped_file_with_reference() -> None:
    """``units import --reference`` imports the three shipped files in order."""
    _run("import", "--reference")
    assert Unit.objects.filter(kind="province").count() == 97
    assert AuditEvent.objects.filter(action="unit.import").count() == 3


@pytest.mark.django_db
def test_it_refuses_a_bad_file_naming_line_and_field_and_writes_nothing(
    write_file, tiny_file: Path
) -> None:
    """A bad file exits non-zero, prints the problem with its line and field, writes nothing."""
    bad = write_file(
        tiny_file.read_text(encoding="utf-8").replace("kind: province", "kind: county", 1),
        "bad.yaml",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("units", "import", str(tiny_file), str(bad), stdout=StringIO(), stderr=err)
    assert "bad.yaml" in err.getvalue()
    assert "dòng 6, trường “kind”" in err.getvalue()
    assert Unit.objects.count() == 0  # the good first file is rolled back too


@pytest.mark.usefixtures("reference_units")
def test_it_lists_units_as_of_a_date_as_json() -> None:
    """``units list --as-of 2025-07-01 --kind province --format json`` gives the 34 provinces."""
    out, _err = _run("list", "--as-of", "2025-07-01", "--kind", "province", "--format", "json")
    data = json.loads(out)
    assert len(data) == 34
    assert {row["code_system"] for row in data} == {"current_34"}
    can_tho = next(row for row in data if row["code"] == "92")
    assert can_tho["valid_from"] == "2025-07-01"


@pytest.mark.usefixtures("reference_units")
def test_it_lists_units_as_a_table_with_vietnamese_dates() -> None:
    """The table shows dates as dd/mm/yyyy."""
    out, _err = _run("list", "--as-of", "2025-06-30", "--kind", "province")
    assert "Sóc Trăng" in out
    assert "01/07/2025" in out
    assert len(out.strip().splitlines()) == 63 + 2


@pytest.mark.usefixtures("reference_units")
def test_it_prints_the_lineage_of_a_unit_as_json() -> None:
    """``units lineage 94 --format json`` shows Sóc Trăng's successor with date and weight."""
    out, _err = _run("lineage", "94", "--format", "json")
    data = json.loads(out)
    assert data["unit"]["key"] == "historical_63:94"
    (successor,) = data["successors"]
    assert successor["unit"]["key"] == "current_34:92"
    assert successor["effective_on"] == "2025-07-01"
    assert successor["relation"] == "merged_whole"
    assert successor["weight_basis"] == "equal"
    assert successor["weight"] == pytest.approx(0.333334)
    assert data["predecessors"] == []


@pytest.mark.usefixtures("reference_units")
def test_it_prints_the_lineage_of_an_ambiguous_code_picked_by_date() -> None:
    """``units lineage 92 --as-of 2025-07-01`` is the new Cần Thơ with three predecessors."""
    out, _err = _run("lineage", "92", "--as-of", "2025-07-01", "--format", "json")
    data = json.loads(out)
    assert data["unit"]["key"] == "current_34:92"
    assert len(data["predecessors"]) == 3
    table, _err = _run("lineage", "current_34:92")
    assert "Sóc Trăng" in table and "0,333334" in table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("lineage", "99"), "code"),
        (("lineage", "94", "--as-of", "30/06/2025"), "--as-of"),
        (("list", "--as-of", "2025-02-30"), "--as-of"),
        (("list", "--kind", "county"), "--kind"),
        (("list", "--format", "xml"), "--format"),
    ],
    ids=["unknown-code", "lineage-bad-date", "list-bad-date", "unknown-kind", "unknown-format"],
)
def test_it_refuses_bad_input_with_a_message_naming_the_field(
    args: tuple[str, ...], field: str
) -> None:
    """Bad input raises CommandError (non-zero exit) and names the field in Vietnamese."""
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("units", *args, stdout=StringIO(), stderr=err)
    assert f"“{field}”" in err.getvalue()
    assert "trường" in err.getvalue()  # Vietnamese by default
    assert "Từ chối" in str(caught.value)
    assert LineageLink.objects.count() == 0


@pytest.mark.django_db
def test_it_speaks_english_when_asked(settings) -> None:
    """With the CLI language set to English the messages are English."""
    settings.CLI_LANGUAGE = "en"
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("units", "list", "--kind", "county", stdout=StringIO(), stderr=err)
    assert "field “--kind”" in err.getvalue()
    assert "Refused" in str(caught.value)


@pytest.mark.django_db
def test_it_refuses_import_without_a_file() -> None:
    """``units import`` with neither FILE nor --reference is an error."""
    with pytest.raises(CommandError):
        _run("import")
    with pytest.raises(CommandError):
        _run("import", "/nonexistent/units.yaml")
