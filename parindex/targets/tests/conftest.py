"""Fixtures of the targets tests: the shipped provinces, registry and target plans, and
internal results created through the ORM (the national tests' fixtures are reused)."""

from __future__ import annotations

from decimal import Decimal

from parindex.national.tests.conftest import (  # noqa: F401 (fixtures, found by name)
    add_results,
    provinces,
    write_file,
)
from parindex.targets.actions import import_shipped
from parindex.testing_layers import shared_layer


@shared_layer(requires=("provinces",))
def registry() -> None:
    """Every shipped registry file and target plan imported."""
    import_shipped(actor=None)


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
        "score_pct": Decimal(str(rate)),
        "rank": rank,
        "component_index": components or {},
        "previous_score_pct": None if previous is None else Decimal(str(previous)),
    }
    if "self_points" in names:
        values["self_points"] = Decimal(str(rate))
    return UnitResult.objects.create(**values)
