"""A bad file is refused whole: the cases the harness cannot express (a CSV file by its suffix,
a message's text). Every bad YAML file with its (line, field) is a bad file of the harness
(``test_import_harness.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parindex.core.models import AuditEvent
from parindex.lib.errors import InputRejected, Problem
from parindex.units.actions import import_units
from parindex.units.models import LineageLink, Unit

pytestmark = pytest.mark.django_db


def _refused(path: Path) -> list[Problem]:
    with pytest.raises(InputRejected) as caught:
        import_units(path, actor=None)
    assert Unit.objects.count() == 0
    assert LineageLink.objects.count() == 0
    assert not AuditEvent.objects.filter(action="unit.import").exists()
    return caught.value.problems


def test_it_refuses_a_bad_csv_row_naming_the_row(write_file: Callable[..., Path]) -> None:
    """In CSV the problem names the spreadsheet row (header is row 1) and the column."""
    path = write_file(
        """
        code,code_system,name,kind
        94,historical_63,Sóc Trăng,province
        95,historical_63,Bạc Liêu,shire
        """,
        "units.csv",
    )
    problems = _refused(path)
    assert [(p.row, p.field) for p in problems] == [(3, "kind")]


def test_it_names_the_province_file_to_import_first(write_file: Callable[..., Path]) -> None:
    """A commune whose historical province is missing says which shipped file to import."""
    text = """
    units:
      - code: "941"
        code_system: historical_63
        name: Thành phố Sóc Trăng
        kind: district
        parent: historical_63:94
    """
    (problem,) = _refused(write_file(text))
    assert problem.field == "parent"
    assert "provinces_63.yaml" in problem.message
