"""Fixtures of the units tests: the shipped reference data (a shared layer: imported once,
every test rolled back to it) and small hand-written files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from parindex.testing_layers import shared_layer
from parindex.units.actions import import_reference_units


@shared_layer()
def reference_units() -> None:
    """The three shipped files imported in order (63 + 34 provinces, Cần Thơ communes)."""
    import_reference_units(actor=None)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a (dedented) text file under tmp_path and return its path."""

    def write(text: str, name: str = "units.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


TINY = """
source: test data
units:
  - code: "92"
    code_system: historical_63
    name: Cần Thơ
    kind: province
    subkind: centrally_run_city
    valid_to: 2025-07-01
  - code: "94"
    code_system: historical_63
    name: Sóc Trăng
    kind: province
    valid_to: 2025-07-01
  - code: "92"
    code_system: current_34
    name: Cần Thơ
    kind: province
    subkind: centrally_run_city
    valid_from: 2025-07-01
lineage:
  - predecessor: historical_63:92
    successor: current_34:92
    effective_on: 2025-07-01
    relation: merged_whole
    weight: 0.5
    weight_basis: equal
  - predecessor: historical_63:94
    successor: current_34:92
    effective_on: 2025-07-01
    relation: merged_whole
    weight: 0.5
    weight_basis: equal
"""


@pytest.fixture
def tiny_file(write_file: Callable[[str, str], Path]) -> Path:
    """Two old provinces merged into one new one, with equal weights."""
    return write_file(TINY, "tiny.yaml")
