"""Completeness, computed ranks and conflicts, on the real shipped data and on synthetic tables."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from parindex.national.actions import import_registry_file
from parindex.national.year_tables import YearTable, year_table

from .conftest import add_results, complete_table_csv

pytestmark = pytest.mark.usefixtures("registry")


def _kinds(table: YearTable) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for flag in table.flags:
        found.setdefault(flag.kind, []).append(sorted(flag.subjects))
    return found


def test_it_keeps_published_ranks_of_a_partial_table_and_shows_the_gap() -> None:
    """2023 holds 14 of 63 provinces: no rank is computed and the gap is stated."""
    table = year_table(2023)
    assert (table.size, table.known, table.complete) == (63, 14, False)
    assert all(row.computed_rank is None for row in table.rows)
    assert "14" in table.gap_text() and "63" in table.gap_text()
    assert table.as_dict()["rank_basis"] == "published"


def test_it_flags_the_2023_rank_32_conflict_without_resolving_it() -> None:
    """Cà Mau (86.89) and Đồng Nai (87.04) both claim 32; Cà Mau is below TP.HCM's 86.97 at 33
    and below the mean 86.98 while 32 provinces were above it. Both rows stay as published."""
    table = year_table(2023)
    kinds = _kinds(table)
    assert kinds["duplicate_rank"] == [["historical_63:75", "historical_63:96"]]
    assert kinds["rank_not_monotone"] == [["historical_63:79", "historical_63:96"]]
    assert kinds["rank_contradicts_mean"] == [["historical_63:96"]]
    ranks = {row.result.subject_key: row.result.published_rank for row in table.rows}
    assert ranks["historical_63:96"] == ranks["historical_63:75"] == 32
    cà_mau = next(r for r in table.rows if r.result.subject_key == "historical_63:96")
    assert cà_mau.result.par_index == Decimal("86.89")
    assert set(cà_mau.flags) >= {"duplicate_rank", "rank_not_monotone", "rank_contradicts_mean"}


def test_it_flags_recorded_source_disagreements_and_disagreeing_means() -> None:
    """Long An 7th vs 8th and the 2023 bottom two are flagged; so are restated regional means."""
    kinds = _kinds(year_table(2023))
    assert ["historical_63:80"] in kinds["sources_disagree"]
    assert len(kinds["means_disagree"]) == 3


def test_it_finds_no_conflict_where_the_data_agrees() -> None:
    """2024 rows are consistent; 2020's sub-scores add up within 0.01; quoted changes match."""
    assert year_table(2024).flags == []
    assert "components_do_not_add_up" not in _kinds(year_table(2020))
    assert "quoted_change_mismatch" not in _kinds(year_table(2019))


def test_it_puts_each_row_in_the_group_of_its_year() -> None:
    """2023: ≥ 90 is Nhóm A, 80–< 90 Nhóm B (verified); 2012 uses its four bands."""
    groups = {
        row.result.subject_key: row.group.name if row.group else None
        for row in year_table(2023).rows
    }
    assert groups["historical_63:22"] == "Nhóm A"
    assert groups["historical_63:37"] == "Nhóm B"
    assert groups["historical_63:94"] is None  # no published value
    bands = {r.result.subject_key: r.group.name for r in year_table(2012).rows if r.group}
    assert bands["historical_63:48"] == "top band"


def test_it_computes_and_checks_ranks_of_a_complete_table() -> None:
    """All 63 with values: ranks are computed; a published rank that disagrees is flagged."""
    import_registry_file(io.StringIO(complete_table_csv(2019, swap=True)), actor=None)
    table = year_table(2019)
    assert table.complete and table.known == 63
    assert table.as_dict()["rank_basis"] == "computed_and_checked"
    mismatched = [f for f in table.flags if f.kind == "rank_mismatch"]
    assert sorted(f.figures["published_rank"] for f in mismatched) == [1, 2]
    first = next(r for r in table.rows if r.result.subject_key == "historical_63:01")
    assert (first.computed_rank, first.result.published_rank) == (1, 2)


def test_it_computes_means_only_from_complete_data() -> None:
    """The national mean of the complete synthetic table is computed and compared with the
    published 81.15 (flagged: it differs); the Mekong Delta mean is computed from its 13."""
    import_registry_file(io.StringIO(complete_table_csv(2019)), actor=None)
    table = year_table(2019)
    national = next(m for m in table.means if m.scope == "national")
    assert national.computed == Decimal("88.80")  # 95 − 0.2 × 31
    assert any(f.kind == "mean_mismatch" for f in table.flags)
    mekong = next(m for m in table.means if m.scope == "mekong_delta")
    assert (mekong.members_known, mekong.members) == (13, 13)
    assert mekong.computed is not None
    partial = next(m for m in year_table(2023).means if m.scope == "national")
    assert partial.computed is None


def test_it_flags_a_quoted_change_that_the_values_contradict() -> None:
    """Hải Phòng 2024 is quoted +4.30 on 2023; a 2023 value of 90.00 makes the change 6.17."""
    add_results([(2023, "31", "90.00", 2)])
    flags = [f for f in year_table(2024).flags if f.kind == "quoted_change_mismatch"]
    assert len(flags) == 1
    assert flags[0].figures["actual"] == Decimal("6.17")
