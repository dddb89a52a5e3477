"""A framework criterion fed by a dossier metric gets its value and provenance from the store."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.dossiers.feeds import indicator_value_for_criterion
from parindex.dossiers.store import DossierStore
from parindex.frameworks.models import Criterion
from parindex.lib.errors import InputRejected
from parindex.units.models import Unit


def _criterion(**params: object) -> Criterion:
    return Criterion(code="pr_on_time", input_source="dossier_metric", params=params)


def test_it_declares_the_indicator_with_its_provenance(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """pr_on_time with ``indicator: on_time_rate`` in Xã A, 2026-08: 3 of 6 finished early or on
    the due date → 0.5, with the counts it comes from and a link to the dossiers."""
    value, provenance = indicator_value_for_criterion(
        _criterion(indicator="on_time_rate"), units["XA"], "2026-08"
    )
    assert value == Decimal("0.5")
    assert provenance["indicator"] == "on_time_rate"
    assert provenance["period"]["code"] == "2026-08"
    assert provenance["counts"] == {"finished_early": 1, "finished_on_time": 2, "finished": 6}
    assert provenance["computed_at"]
    assert provenance["import_id"] is not None
    assert "unit=local%3AP44.XA" in provenance["dossiers_url"]


def test_it_rolls_a_provinces_value_up_and_keeps_nulls_null(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """The province's online share is 4/9; Xã B received nothing in July: no share, not 0."""
    value, _provenance = indicator_value_for_criterion(
        _criterion(indicator="online_share"), units["P44"], "2026-08"
    )
    assert value is not None and float(value) == pytest.approx(4 / 9)
    empty, provenance = indicator_value_for_criterion(
        _criterion(indicator="online_share"), units["XB"], "2026-07"
    )
    assert empty is None
    assert provenance["counts"] == {"received_online": 0, "received": 0}


def test_it_refuses_a_criterion_without_a_known_indicator(
    hand_store: DossierStore, units: dict[str, Unit]
) -> None:
    """No ``indicator`` parameter, an unknown one, or a declared criterion: clear refusals."""
    with pytest.raises(InputRejected, match="indicator"):
        indicator_value_for_criterion(_criterion(), units["XA"], "2026-08")
    with pytest.raises(InputRejected, match="nope"):
        indicator_value_for_criterion(_criterion(indicator="nope"), units["XA"], "2026-08")
    declared = Criterion(code="x", input_source="declared", params={"indicator": "on_time_rate"})
    with pytest.raises(InputRejected):
        indicator_value_for_criterion(declared, units["XA"], "2026-08")


def test_it_computes_many_criteria_and_units_in_one_run(
    hand_store: DossierStore, units: dict[str, Unit], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch gives, per unit and criterion, what the single call gives — from one run of
    the store — with the ratio's numerator and denominator for the self-assessment to keep."""
    from parindex.dossiers import queries
    from parindex.dossiers.feeds import indicator_values

    runs: list[object] = []
    original = queries.run_indicators

    def counting(*args: object, **kwargs: object) -> object:
        runs.append(kwargs.get("unit"))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    criteria = [
        _criterion(indicator="on_time_rate"),
        Criterion(
            code="pr_online", input_source="dossier_metric", params={"indicator": "online_share"}
        ),
    ]
    chosen = [units["XA"], units["XB"], units["P44"]]
    monkeypatch.setattr(queries, "run_indicators", counting)
    found = indicator_values(criteria, chosen, "2026-08")
    assert runs == [None]
    value, provenance = found[units["XA"].pk]["pr_on_time"]
    assert value == Decimal("0.5")
    assert (provenance["numerator"], provenance["denominator"]) == (3, 6)
    assert provenance["kind"] == "ratio" and provenance["value"] == "0.5"
    online, _provenance = found[units["P44"].pk]["pr_online"]
    assert online is not None and float(online) == pytest.approx(4 / 9)
    monkeypatch.setattr(queries, "run_indicators", original)
    single, _single = indicator_value_for_criterion(criteria[1], units["XB"], "2026-08")
    assert found[units["XB"].pk]["pr_online"][0] == single
