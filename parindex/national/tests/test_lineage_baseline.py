"""A merged province's history as it was and as a lineage-weighted baseline (derived)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from parindex.national.history import lineage_baseline
from parindex.units.queries import find_unit

from .conftest import add_results

pytestmark = pytest.mark.usefixtures("registry")


def test_it_weights_the_three_predecessors_of_can_tho_with_the_lineage_weights() -> None:
    """2024 rates 90 (Cần Thơ), 86 (Hậu Giang), 84 (Sóc Trăng) with the shipped equal weights
    0.333333 / 0.333333 / 0.333334 give 86.67, marked derived with its basis."""
    add_results([(2024, "92", "90", None), (2024, "93", "86", None), (2024, "94", "84", None)])
    [baseline] = lineage_baseline(find_unit("current_34:92"), 2024)
    assert baseline.derived and baseline.basis == "equal"
    expected = Decimal("0.333333") * 90 + Decimal("0.333333") * 86 + Decimal("0.333334") * 84
    assert baseline.value == expected.quantize(Decimal("0.01"))
    assert baseline.value == Decimal("86.67")
    assert [i["predecessor"] for i in baseline.inputs] == [
        "historical_63:92",
        "historical_63:93",
        "historical_63:94",
    ]


def test_it_gives_no_baseline_when_a_predecessor_has_no_value() -> None:
    """2023: only ranks of Hậu Giang (19) and Sóc Trăng (62) are known; no value is invented."""
    [baseline] = lineage_baseline(find_unit("current_34:92"), 2023)
    assert baseline.value is None
    assert baseline.coverage == Decimal(0)
    assert [i["published_rank"] for i in baseline.inputs] == [None, 19, 62]


def test_it_shows_the_history_as_it_was_and_as_todays_province_on_the_cli() -> None:
    """`standing history current_34:92 --format json`: the predecessors' real rows and the
    derived baselines; `history 94` shows Sóc Trăng's 19, 18, 62 and its successor."""
    out = StringIO()
    call_command("standing", "history", "current_34:92", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["as_it_was"] == []
    by_unit = {p["unit"]: p for p in data["predecessors"]}
    assert [r["published_rank"] for r in by_unit["historical_63:94"]["rows"]] == [19, 18, 62]
    assert all(b["derived"] for b in data["as_todays_province"])
    out = StringIO()
    call_command("standing", "history", "94", "--format", "json", stdout=out)
    soc_trang = json.loads(out.getvalue())
    assert [(r["year"], r["published_rank"]) for r in soc_trang["as_it_was"]] == [
        (2020, 19),
        (2021, 18),
        (2023, 62),
    ]
    assert soc_trang["successors"][0]["unit"] == "current_34:92"
    assert (
        soc_trang["as_it_was"][2]["table"].endswith("14 of 63 known")
        or "14" in soc_trang["as_it_was"][2]["table"]
    )
