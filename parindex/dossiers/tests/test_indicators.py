"""Indicators on the hand-checked data set of conftest.HAND_ROWS (August 2026).

Office hours 07:00–11:30 and 13:30–17:00; no day off in the weeks used (Saturday 22/8/2026 is a
make-up working day and Monday 31/8 a day off in the shipped calendar, which no dossier below
crosses). Commune Xã A (P44.XA) has D1–D9, Xã B (P44.XB) D10, the department (P44.SNV) D11;
D12 (status 3) and D13 (status 1) are never counted.

Per dossier (receipt → appointment → end; working time used):

* D1 3/8 09:00 → 10/8 17:00 → 7/8 10:00 online: early; 6 + 24 + 3 = 33 h = 4.125 d (5 days used)
* D2 4/8 08:00 → 11/8 17:00 → 11/8 16:00 in person: on the due date, 766 on time; 46 h = 5.75 d (6)
* D3 5/8 10:00 → 7/8 17:00 → 10/8 09:00 by post, result by post, no apology: late; 23 h = 2.875 d (3)
* D4 6/8 14:00 → 11/8 11:30 → 11/8 15:00 in person, apology 10/8: same date so "on the due date"
  for Biểu 06, but late for 766 (15:00 > 11:30); 25 h = 3.125 d (4)
* D5 24/7 10:00 → 31/7 17:00 → 3/8 10:00, apology 30/7 (before the deadline): carried over into
  August, late with an apology; 48 h = 6 d (6)
* D6 27/7 09:00 → 3/8 17:00, still open: carried over, past the deadline at the end of August
* D7 24/8 09:00 → 14/9 17:00 online, still open: within the deadline, 766 on time
* D8 25/8 09:00 → 8/9 17:00 → 28/8 10:00 online, two supplement requests: late (forced), no
  apology; 25 h − 8 h of supplement = 17 h = 2.125 d (3)
* D9 19/8 09:00 → 26/8 17:00 in person, status 5 after one request on 20/8 10:00: open and past
  the deadline for Biểu 06, but on time for 766 (the clock stopped at the request)
* D10 (Xã B) 3/8 09:00 → 10/8 17:00 → 6/8 09:00 online, fee paid online, rated 'dislike': early,
  766 on time but deducted for 5.4; 24 h = 3 d (3)
* D11 (Sở) 10/8 09:00, no NgayHenTra, 5 working days → 17/8 09:00 computed; finished 17/8 11:00,
  no channel (counted in person): same date, 766 late; 42 h = 5.25 d (6)
"""

# ruff: noqa: E501  (data rows of worked examples read better unwrapped)

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from parindex.dossiers import queries
from parindex.dossiers.indicators.registry import INDICATORS
from parindex.dossiers.store import DossierStore
from parindex.units.models import Unit


def _row(run: queries.IndicatorRun, unit: Unit) -> dict[str, Any]:
    return next(r.indicators for r in run.rows if r.unit_id == unit.pk)


def test_it_counts_a_communes_month_by_hand(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """Xã A, 2026-08: received D1–D4, D7–D9 = 7; carried over D5, D6 = 2; finished D1–D5, D8 = 6:
    early D1, on the due date D2 and D4, late D3, D5, D8; open within D7, past D6 and D9;
    766 on time D1, D2, D7, D9 = 4 of 9 → 20 × 4 ÷ 9 = 8.89 points; late with an apology D5,
    without D3 and D8, the apology of D5 before its deadline → apology rate 1/3; channels 3
    online, 3 in person, 1 by post; one result by post of 6 finished; processing 4.125 + 5.75 +
    2.875 + 3.125 + 6 + 2.125 = 24 days → 4.0 on average; days used 3, 3, 4, 5, 6, 6 → median 4
    (3rd of 6), 90th percentile 6."""
    run = queries.run_indicators("2026-08", unit=units["XA"])
    xa = _row(run, units["XA"])
    assert {k: xa[k] for k in (
        "received", "carried_over", "in_scope", "finished", "finished_early", "finished_on_time",
        "finished_late", "finished_no_deadline", "open_within", "open_past", "on_time_766",
        "late_with_apology", "late_without_apology", "received_online", "received_direct",
        "received_postal", "p50_processing_days", "p90_processing_days",
    )} == {
        "received": 7, "carried_over": 2, "in_scope": 9, "finished": 6, "finished_early": 1,
        "finished_on_time": 2, "finished_late": 3, "finished_no_deadline": 0, "open_within": 1,
        "open_past": 2, "on_time_766": 4, "late_with_apology": 1, "late_without_apology": 2,
        "received_online": 3, "received_direct": 3, "received_postal": 1,
        "p50_processing_days": 4, "p90_processing_days": 6,
    }  # fmt: skip
    assert xa["on_time_rate"] == pytest.approx(3 / 6)
    assert xa["late_rate"] == pytest.approx(3 / 6)
    assert xa["apology_rate"] == pytest.approx(1 / 3)
    assert xa["postal_return_share"] == pytest.approx(1 / 6)
    assert xa["avg_processing_days"] == pytest.approx(4.0)
    assert float(xa["qd766_progress"]) == pytest.approx(20 * 4 / 9)
    assert xa["receiving_satisfaction_766"] == pytest.approx(4 / 9)


def test_it_rolls_figures_up_to_the_province(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """Tỉnh Thử, 2026-08 = Xã A + Xã B + Sở: received 7 + 1 + 1 = 9, carried over 2, finished 8
    (early D1, D10; on the due date D2, D4, D11; late D3, D5, D8) → on-time rate 5/8; 766 on
    time 4 + 1 + 0 = 5 of 11 → 20 × 5 ÷ 11 = 9.09; online 4/9; in person 4/9 (D11 has no
    channel); 5.4 not deducted 4 (D10 is disliked) of 11 → min(6, 6 × 4/11 ÷ 0.9) = 2.42; fees
    paid online 1/1 → 6 points; online as 766 counts it (3.3): D1 (electronic result) and D8 (no
    paper result), not D7 (open, no result yet) nor D10 (no electronic result) → min(6, 6 × (2/9)
    ÷ 0.5) = 2.67; processing
    (24 + 3 + 5.25) ÷ 8 = 4.03125 days; days used 3, 3, 3, 4, 5, 6, 6, 6 → median 4, p90 6."""
    run = queries.run_indicators("2026-08")
    p = _row(run, units["P44"])
    assert (p["received"], p["carried_over"], p["in_scope"], p["finished"]) == (9, 2, 11, 8)
    assert (p["finished_early"], p["finished_on_time"], p["finished_late"]) == (2, 3, 3)
    assert p["on_time_rate"] == pytest.approx(5 / 8)
    assert p["on_time_766"] == 5
    assert float(p["qd766_progress"]) == pytest.approx(20 * 5 / 11)
    assert p["online_share"] == pytest.approx(4 / 9)
    assert p["direct_share"] == pytest.approx(4 / 9)
    assert float(p["qd766_receiving_satisfaction"]) == pytest.approx(6 * (4 / 11) / 0.9)
    assert float(p["qd766_online_payment"]) == 6
    assert float(p["qd766_online_submission"]) == pytest.approx(6 * (2 / 9) / 0.5)
    assert p["avg_processing_days"] == pytest.approx(4.03125)
    assert (p["p50_processing_days"], p["p90_processing_days"]) == (4, 6)
    sub = _row(run, units["SNV"])
    assert (sub["finished_on_time"], sub["on_time_766"], sub["received_direct"]) == (1, 0, 1)


def test_it_ranks_scores_within_peer_groups(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """Communes are ranked among communes: Xã B (20 points of progress) before Xã A (8.89); the
    province and the department are alone in their groups."""
    run = queries.run_indicators("2026-08")
    ranks = {r.unit_id: r.ranks["qd766_progress"] for r in run.rows}
    assert ranks[units["XB"].pk] == 1
    assert ranks[units["XA"].pk] == 2
    assert ranks[units["P44"].pk] == 1
    assert ranks[units["SNV"].pk] == 1


def test_it_cuts_report_periods_from_the_15th_to_the_14th(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """2026-08R runs 15/7–14/8/2026. Xã A: received D1–D6 = 6 (D5 on 24/7, D6 on 27/7), none
    carried over; finished D1–D5 = 5 (early D1, due date D2 and D4, late D3 and D5); open at the
    end D6, past its deadline. The department's D11 (received 10/8, finished 17/8, due 17/8) is
    open and within its deadline on 14/8."""
    run = queries.run_indicators("2026-08R")
    xa = _row(run, units["XA"])
    assert (xa["received"], xa["carried_over"], xa["finished"]) == (6, 0, 5)
    assert (xa["finished_early"], xa["finished_on_time"], xa["finished_late"]) == (1, 2, 2)
    assert (xa["open_within"], xa["open_past"]) == (0, 1)
    sub = _row(run, units["SNV"])
    assert (sub["received"], sub["finished"], sub["open_within"]) == (1, 0, 1)


@pytest.mark.parametrize("period", ["2026-08", "2026-Q3", "2026", "2026-08R", "2026-Q3R", "2026R"])
def test_it_stores_summaries_that_agree_with_the_store(
    hand_store: DossierStore, units: dict[str, Unit], period: str
) -> None:
    """Pages read the summaries (quarters and years derived from months); the CLI reads the
    store for the period itself. Both give the same figures for every unit."""
    from_store = {r.unit_id: r.indicators for r in queries.run_indicators(period).rows}
    from_summaries = {f.unit.id: f.indicators for f in queries.figures(period)}
    assert from_summaries.keys() == from_store.keys()
    for unit_id, values in from_store.items():
        for code, value in values.items():
            other = from_summaries[unit_id][code]
            if value is None or other is None:
                assert value == other, (unit_id, code)
            else:
                assert float(other) == pytest.approx(float(value)), (unit_id, code)


def test_it_lists_the_dossiers_behind_the_counts(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """The drill-down lists hold exactly the counted dossiers: late without an apology D3, D8;
    past the deadline and still open D6, D9."""
    from parindex.lib.dossiers.periods import parse_period

    period = parse_period("2026-08")
    late = [r["dossier_code"] for r in queries.drilldown_rows("late_without_apology", period)]
    assert sorted(late) == ["D3", "D8"]
    past = [
        r["dossier_code"] for r in queries.drilldown_rows("past_deadline", period, units["P44"])
    ]
    assert sorted(past) == ["D6", "D9"]
    assert queries.drilldown_count("past_deadline", period, units["XB"]) == 0


def test_it_computes_an_appointment_the_export_lacks(hand_store: DossierStore) -> None:
    """D11 has no NgayHenTra: 5 working days from Monday 10/8/2026 09:00 → Monday 17/8 09:00."""
    con = hand_store.read()
    row = con.execute(
        "SELECT due_effective, due_computed, original_due_at FROM dossiers WHERE dossier_code = 'D11'"
    ).fetchone()
    assert row is not None
    assert str(row[0]) == "2026-08-17 09:00:00"
    assert row[1] is True
    assert row[2] is None


def test_it_prints_indicators_as_json_and_as_a_table(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """``dossiers indicators --period 2026-08 --unit local:P44.XA --format json`` gives the
    commune's figures; the table uses Vietnamese numbers (50,00 %)."""
    out = StringIO()
    call_command(
        "dossiers", "indicators", "--period", "2026-08", "--unit", "local:P44.XA", stdout=out
    )
    payload = json.loads(out.getvalue())
    assert payload["period"]["first_day"] == "2026-08-01"
    assert [u["unit"]["key"] for u in payload["units"]] == ["local:P44.XA"]
    values = payload["units"][0]["indicators"]
    assert set(values) == {i.code for i in INDICATORS}
    assert values["finished_late"] == 3
    assert values["qd766_progress"] == pytest.approx(20 * 4 / 9)
    out = StringIO()
    call_command(
        "dossiers", "indicators", "--period", "2026-08", "--unit", "local:P44.XA",
        "--format", "table", stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "local:P44.XA" in text
    assert "50,00 %" in text


def test_it_refuses_a_bad_period(hand_store: DossierStore) -> None:
    """A period that cannot be read exits with an error naming the option."""
    from django.core.management.base import CommandError

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("dossiers", "indicators", "--period", "2026-13", stderr=err)
    assert "--period" in err.getvalue()
