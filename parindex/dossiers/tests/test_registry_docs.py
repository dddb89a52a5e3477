"""Every registered indicator and measure is documented, named in both languages and renders."""

from __future__ import annotations

from pathlib import Path

from parindex.dossiers.indicators.registry import INDICATORS, MEASURES, Indicator, Measure
from parindex.dossiers.indicators.sql import render

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_it_documents_every_indicator_and_measure() -> None:
    """docs/indicators.md names each code (in backquotes)."""
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    items: list[Indicator | Measure] = [*INDICATORS, *MEASURES]
    missing = [i.code for i in items if f"`{i.code}`" not in text]
    assert missing == []


def test_it_names_and_explains_every_indicator() -> None:
    """Vietnamese and English names and a docstring; SQL that PostgreSQL rendering accepts."""
    items: list[Indicator | Measure] = [*INDICATORS, *MEASURES]
    for item in items:
        assert item.name_vi and item.name_en and item.doc, item.code
    for indicator in INDICATORS:
        if indicator.sql is not None:
            assert render(f"SELECT {indicator.sql} FROM m", "postgres")
    assert len({i.code for i in INDICATORS}) == len(INDICATORS)
