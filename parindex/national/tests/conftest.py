"""Fixtures of the national registry tests: the shipped provinces and registry files, and small
hand-written files (the targets tests reuse them). ``provinces`` and ``registry`` are shared
layers: imported once, every test rolled back to them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from parindex.national.actions import import_registry_file, import_shipped_results
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
    """Every shipped registry file imported."""
    import_shipped_results(actor=None)


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


def add_results(rows: list[tuple[int, str, str | None, int | None]]) -> None:
    """Add province results (year, code, rate, rank) through the importer."""
    import io

    lines = ["year,province_code,province_name,par_index_pct,rank,source_url"]
    for year, code, rate, rank in rows:
        lines.append(f"{year},{code},,{rate or ''},{rank or ''},https://example.test/synthetic")
    import_registry_file(io.StringIO("\n".join(lines) + "\n"), actor=None)
