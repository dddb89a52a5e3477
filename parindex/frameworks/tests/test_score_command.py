"""``parindex score``: per-leaf points, areas, total, maximum, rate and band from a CSV."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.core.models import AuditEvent

pytestmark = pytest.mark.django_db

INPUTS = """criterion_code,value,numerator,denominator,count,points,not_applicable
plan,có,,,,,
on_time,,72,100,,,
area2,,,,,3.5,
"""


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_scores_a_yaml_file_as_json(tiny_file: Path, write_file: Callable[..., Path]) -> None:
    """plan met (2) + on_time 4 × 0.72 ÷ 0.8 = 3.6 + area2 3.5 = 9.1 of 10 → 91 %, group A."""
    inputs = write_file(INPUTS, "inputs.csv")
    payload = json.loads(
        run("score", "--framework", str(tiny_file), "--inputs", str(inputs), "--format", "json")
    )
    leaves = {leaf["code"]: leaf["points"] for leaf in payload["leaves"]}
    assert leaves == {"plan": 2, "on_time": 3.6, "area2": 3.5}
    areas = {area["code"]: (area["points"], area["rate_pct"]) for area in payload["areas"]}
    assert areas == {"area1": (5.6, 93.33), "area2": (3.5, 87.5)}
    assert (payload["total"], payload["max_points"], payload["rate_pct"]) == (9.1, 10, 91)
    assert payload["band"]["code"] == "group_a"
    assert Decimal(payload["exact"]["rate_pct"]) == 91
    assert payload["is_illustrative"] is False
    # the JSON keys are a format: ``applicable_max`` stays although the code says
    # ``applicable_max_points`` (the glossary's name)
    assert list(payload) == [
        "framework",
        "is_illustrative",
        "leaves",
        "areas",
        "raw_total",
        "total",
        "max_points",
        "applicable_max",
        "rate_pct",
        "band",
        "missing",
        "exact",
    ]
    assert list(payload["areas"][0]) == [
        "code",
        "name_vi",
        "points",
        "max_points",
        "applicable_max",
        "rate_pct",
        "not_applicable",
        "missing",
    ]
    assert payload["applicable_max"] == 10


def test_it_scores_a_stored_framework_as_a_table(
    shipped: None, write_file: Callable[..., Path]
) -> None:
    """A stored code works too; the table uses Vietnamese numbers and names the band."""
    inputs = write_file(
        "criterion_code,value,points\n"
        "procedure_reform,,12.75\n"
        "apparatus_reform,,10.18\n"
        "civil_servant_workforce,,14.23\n"
        "par_impact,,13.14\n",
        "sonla.csv",
    )
    out = run("score", "--framework", "PROVINCE-2017", "--inputs", str(inputs))
    assert "12,75" in out and "50,30" in out
    assert "Tổng" in out or "Total" in out


def test_it_refuses_bad_rows_naming_row_and_field(
    tiny_file: Path, write_file: Callable[..., Path]
) -> None:
    """Unknown code, a value above the maximum and a bad number: all refused, each with its row
    and column, exit non-zero, nothing written."""
    inputs = write_file(
        "criterion_code,value,numerator,denominator,count,points,not_applicable\n"
        "nope,1,,,,,\n"
        "area2,,,,,4.5,\n"
        "on_time,,abc,100,,,\n",
        "bad.csv",
    )
    err = StringIO()
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError):
        call_command(
            "score",
            "--framework",
            str(tiny_file),
            "--inputs",
            str(inputs),
            stdout=StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert "2" in lines[0] and "criterion_code" in lines[0] and "nope" in lines[0]
    assert "3" in lines[1] and "points" in lines[1] and "area2" in lines[1]
    assert "4" in lines[2] and "numerator" in lines[2]
    assert AuditEvent.objects.count() == before


def test_it_refuses_an_unknown_framework(write_file: Callable[..., Path]) -> None:
    """A code that is neither stored nor a file is refused."""
    inputs = write_file(INPUTS, "inputs.csv")
    with pytest.raises(CommandError):
        run("score", "--framework", "NOPE", "--inputs", str(inputs))
