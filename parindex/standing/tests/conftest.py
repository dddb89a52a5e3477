"""Fixtures of the standing tests: the shipped provinces and registry, small hand-written files,
and internal results created through the ORM. ``provinces`` and ``registry`` are shared layers:
imported once, every test rolled back to them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from parindex.standing.actions import import_shipped
from parindex.testing_layers import shared_layer
from parindex.units.actions import DATA_DIR as UNITS_DATA
from parindex.units.actions import import_units


@shared_layer()
def provinces() -> None:
    """The 63 historical and 34 current provinces with their lineage (shipped by the units app)."""
    import_units(UNITS_DATA / "provinces_63.yaml", actor=None)
    import_units(UNITS_DATA / "provinces_34.yaml", actor=None)


@shared_layer(requires=("provinces",))
def registry() -> None:
    """Every shipped registry file and target plan imported."""
    import_shipped(actor=None)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a (dedented) text file under tmp_path and return its path."""

    def write(text: str, name: str = "file.csv") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def complete_table_csv(year: int = 2019, *, swap: bool = False) -> str:
    """A synthetic complete 63-province table: province i (in code order) gets 95 − 0.2·i.

    With ``swap`` the published ranks of the first two provinces are exchanged.
    """
    from parindex.units.models import Unit

    codes = list(
        Unit.objects.filter(code_system="historical_63")
        .order_by("code")
        .values_list("code", flat=True)
    )
    lines = ["year,province_code,province_name,par_index_pct,rank,source_url"]
    for index, code in enumerate(codes):
        rank = index + 1
        if swap and rank in (1, 2):
            rank = 3 - rank
        value = Decimal("95") - Decimal("0.2") * index
        lines.append(f"{year},{code},,{value},{rank},https://example.test/complete")
    return "\n".join(lines) + "\n"


def make_round(province_key: str, year: int):
    """An assessment round of a province (created directly: tests only)."""
    import datetime as dt

    from django.db import models

    from parindex.assessments.models import AssessmentRound
    from parindex.units.queries import find_unit

    province = find_unit(province_key)
    defaults: dict = {"name": f"PAR {year} {province.name}"}
    for field in AssessmentRound._meta.concrete_fields:  # required dates the model may add
        if (
            isinstance(field, models.DateField)
            and not isinstance(field, models.DateTimeField)
            and not field.null
            and not field.has_default()
        ):
            defaults[field.name] = dt.date(year + 1, 1, 15)
    round_, _created = AssessmentRound.objects.get_or_create(
        province=province, year=year, defaults=defaults
    )
    return round_


def make_unit(code: str, name: str, parent_key: str = "current_34:92", **extra):
    from parindex.units.models import Unit
    from parindex.units.queries import find_unit

    unit, _created = Unit.objects.get_or_create(
        code_system=extra.pop("code_system", "local"),
        code=code,
        defaults={
            "name": name,
            "kind": extra.pop("kind", "department"),
            "parent": find_unit(parent_key),
            **extra,
        },
    )
    return unit


def make_result(
    round_, unit, rate, *, rank=1, previous=None, components=None, peer_group="department"
):
    """A published internal UnitResult, filling whatever required fields the model has."""
    from parindex.assessments.models import UnitResult

    names = {f.name for f in UnitResult._meta.get_fields()}
    values = {
        "round": round_,
        "unit": unit,
        "peer_group": peer_group,
        "total_points": Decimal(str(rate)),
        "max_points": Decimal(100),
        "rate_pct": Decimal(str(rate)),
        "rank": rank,
        "component_rates": components or {},
        "previous_rate_pct": None if previous is None else Decimal(str(previous)),
    }
    if "self_points" in names:
        values["self_points"] = Decimal(str(rate))
    return UnitResult.objects.create(**values)


def add_results(rows: list[tuple[int, str, str | None, int | None]]) -> None:
    """Add province results (year, code, rate, rank) through the importer."""
    import io

    from parindex.standing.actions import import_registry_file

    lines = ["year,province_code,province_name,par_index_pct,rank,source_url"]
    for year, code, rate, rank in rows:
        lines.append(f"{year},{code},,{rate or ''},{rank or ''},https://example.test/synthetic")
    import_registry_file(io.StringIO("\n".join(lines) + "\n"), actor=None)
