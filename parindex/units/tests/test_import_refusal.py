"""A bad file is refused whole: each problem names its line or row and field; nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from parindex.core.models import AuditEvent
from parindex.lib.errors import InputRejected, Problem
from parindex.units.actions import import_units
from parindex.units.models import LineageLink, Unit

from .conftest import TINY

pytestmark = pytest.mark.django_db

PROVINCE = """
  - code: "{code}"
    code_system: {system}
    name: {name}
    kind: province
    {dates}
"""


def _refused(path: Path) -> list[Problem]:
    with pytest.raises(InputRejected) as caught:
        import_units(path, actor=None)
    assert Unit.objects.count() == 0
    assert LineageLink.objects.count() == 0
    assert not AuditEvent.objects.filter(action="unit.import").exists()
    return caught.value.problems


def _where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.field) for p in problems]


def _line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing needle (files are written dedented)."""
    lines = text.lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


BAD_FILES = {
    "unknown-parent": (
        "    kind: province\n",
        "    kind: province\n    parent: historical_63:77\n",
        "parent: historical_63:77",
        "parent",
    ),
    "unknown-lineage-unit": (
        "predecessor: historical_63:94",
        "predecessor: historical_63:95",
        "historical_63:95",
        "predecessor",
    ),
    "bad-date": (
        'valid_to: 2025-07-01\n  - code: "94"',
        'valid_to: 01/07/2025\n  - code: "94"',
        "01/07/2025",
        "valid_to",
    ),
    "bad-kind": ("kind: province", "kind: county", "county", "kind"),
    "valid-to-not-after-valid-from": (
        "valid_from: 2025-07-01",
        "valid_from: 2025-07-01\n    valid_to: 2025-01-01",
        "valid_to: 2025-01-01",
        "valid_to",
    ),
    "weights-not-summing-to-1": ("weight: 0.5", "weight: 0.4", "weight: 0.4", "weight"),
    "weight-above-1": ("weight: 0.5", "weight: 1.5", "weight: 1.5", "weight"),
    "weight-with-7-decimals": ("weight: 0.5", "weight: 0.5000001", "0.5000001", "weight"),
    "bad-relation": ("relation: merged_whole", "relation: absorbed", "absorbed", "relation"),
    "unknown-field": (
        "    kind: province\n",
        "    kind: province\n    colour: red\n",
        "colour",
        "colour",
    ),
    "bad-reference": ("successor: current_34:92", "successor: 92", "successor: 92", "successor"),
}


@pytest.mark.parametrize(("old", "new", "needle", "field"), BAD_FILES.values(), ids=BAD_FILES)
def test_it_refuses_a_bad_file_naming_line_and_field(
    write_file: Callable[..., Path], old: str, new: str, needle: str, field: str
) -> None:
    """Each kind of mistake is reported at its line and field, alone, and nothing is written."""
    assert old in TINY
    text = TINY.replace(old, new, 1)
    problems = _refused(write_file(text, "bad.yaml"))
    assert _where(problems) == [(_line_of(text, needle), field)], [str(p) for p in problems]


def test_it_refuses_a_duplicate_code(write_file: Callable[..., Path]) -> None:
    """The same SYSTEM:CODE twice is refused at the second occurrence."""
    text = "units:" + PROVINCE.format(code="94", system="historical_63", name="A", dates="")
    text += PROVINCE.format(code="94", system="historical_63", name="B", dates="")
    problems = _refused(write_file(text))
    assert _where(problems) == [(_line_of(text, 'code: "94"') + 6, "code")]


def test_it_refuses_an_old_province_mapped_to_two_new_provinces(
    write_file: Callable[..., Path],
) -> None:
    """A province-level table where one old province maps to two new ones is refused."""
    text = "units:" + PROVINCE.format(
        code="82", system="historical_63", name="Tiền Giang", dates="valid_to: 2025-07-01"
    )
    text += PROVINCE.format(
        code="80", system="current_34", name="Tây Ninh", dates="valid_from: 2025-07-01"
    )
    text += PROVINCE.format(
        code="82", system="current_34", name="Đồng Tháp", dates="valid_from: 2025-07-01"
    )
    text += "lineage:\n"
    for successor in ("80", "82"):
        text += (
            f"  - {{predecessor: 'historical_63:82', successor: 'current_34:{successor}', "
            "effective_on: 2025-07-01, relation: merged_whole, weight: 1, weight_basis: equal}\n"
        )
    problems = _refused(write_file(text))
    assert _where(problems) == [(_line_of(text, "current_34:82'"), "successor")]


def test_it_reports_every_problem_at_once(write_file: Callable[..., Path]) -> None:
    """Several mistakes give several problems, sorted by line."""
    text = TINY.replace("kind: province", "kind: county", 1).replace(
        "effective_on: 2025-07-01", "effective_on: 2025-13-01", 1
    )
    problems = _refused(write_file(text))
    assert _where(problems) == [
        (_line_of(text, "county"), "kind"),
        (_line_of(text, "2025-13-01"), "effective_on"),
    ]


def test_it_refuses_lineage_dates_outside_the_units_validity(
    write_file: Callable[..., Path],
) -> None:
    """A link effective when the successor does not yet exist is refused on effective_on."""
    text = TINY.replace("effective_on: 2025-07-01", "effective_on: 2025-06-01", 1)
    problems = _refused(write_file(text))
    assert (_line_of(text, "2025-06-01"), "effective_on") in _where(problems)


def test_it_refuses_a_parent_cycle(write_file: Callable[..., Path]) -> None:
    """Two units that are each other's parent are refused."""
    text = """
    units:
      - {code: A, code_system: local, name: A, kind: department, parent: "local:B"}
      - {code: B, code_system: local, name: B, kind: department, parent: "local:A"}
    """
    problems = _refused(write_file(text))
    assert [p.field for p in problems] == ["parent", "parent"]


def test_it_refuses_a_file_that_is_not_yaml(write_file: Callable[..., Path]) -> None:
    """Broken YAML is one problem with its line."""
    problems = _refused(write_file("units:\n  - code: [unclosed\n"))
    assert len(problems) == 1 and problems[0].line is not None


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
