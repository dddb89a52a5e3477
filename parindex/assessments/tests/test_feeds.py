"""Data-derived criteria are filled from the dossier store: value, points and provenance,
read-only for the unit, refreshed by the unit, the PAR office, the command line and the opening
of a round."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from parindex.assessments import actions
from parindex.assessments.models import Assessment, CriterionEntry
from parindex.core.models import AuditEvent
from parindex.dossiers.store import DossierStore
from parindex.lib.errors import InputRejected
from parindex.testing import (
    FRAMEWORK_YAML,
    UNITS_YAML,
    TestProvince,
    build_province,
    reload_province,
)
from parindex.testing_layers import shared_layer
from parindex.units.actions import import_units

#: 15/09/2026 10:00 in Hà Nội: the round of 2026 is open, its self-assessment too.
NOW = dt.datetime(2026, 9, 15, 3, 0, tzinfo=dt.UTC)

#: The test framework plus a procedure-reform area whose rows are fed by dossier indicators:
#: the on-time rate (steps), the online share (proportional, full at 100 %), the number of
#: dossiers received (count steps), and a dossier-metric row that names no indicator.
FED_YAML = (
    FRAMEWORK_YAML.replace("code: TEST-DEPT", "code: TEST-FED").replace(
        "max_points: 14\n", "max_points: 21\n", 1
    )
    + """- {code: procedure_reform, name_vi: Cải cách thủ tục hành chính,
   name_en: Procedure reform, max_points: 7}
- {code: pr_on_time, parent: procedure_reform, name_vi: Tỷ lệ hồ sơ giải quyết đúng hạn,
   name_en: Share of dossiers settled on time, max_points: 3, method: rate_steps,
   input_source: dossier_metric, evidence_required: Số liệu hệ thống một cửa,
   params: {indicator: on_time_rate, steps: [{lower: 0.9, points: 3},
   {lower: 0.7, upper: 0.9, points: 2}, {lower: 0, upper: 0.7, points: 0}]}}
- {code: pr_online, parent: procedure_reform, name_vi: Tỷ lệ hồ sơ trực tuyến,
   name_en: Share of dossiers received online, max_points: 2, method: rate_proportional,
   input_source: dossier_metric, params: {indicator: online_share, mode: scaled, full_at: 1.0}}
- {code: pr_received, parent: procedure_reform, name_vi: Số hồ sơ tiếp nhận,
   name_en: Dossiers received, max_points: 1, method: count_steps,
   input_source: dossier_metric, params: {indicator: received,
   steps: [{at_least: 0, points: 0}, {at_least: 3, points: 0.5}, {at_least: 10, points: 1}]}}
- {code: pr_unbound, parent: procedure_reform, name_vi: Chỉ số chưa gắn nguồn,
   name_en: Unbound metric, max_points: 1, method: manual, input_source: dossier_metric}
"""
)

FED_CODES = ("pr_on_time", "pr_online", "pr_received")

HEADER = [
    "MaHoSo", "MaTTHC", "MaDonVi", "KenhThucHien", "NgayTiepNhan", "NgayHenTra",
    "NgayKetThucXuLy", "TrangThaiHoSo", "SoLanBoSung",
]  # fmt: skip

#: Sở A's dossiers of 2026: D1 and D4 finished before their due date, D2 on it, D3 late
#: (on-time rate 3 ÷ 4 = 0.75 → 2 points); D1, D3 and D4 received online (online share
#: 0.75 → 2 × 0.75 = 1.5 points); 4 received (→ 0.5 point). Sở B has none.
ROWS = [
    ["D1", "1.000001", "SO-A", 2, "20260302090000", "20260309170000", "20260305100000", 10, 0],
    ["D2", "1.000001", "SO-A", 1, "20260303090000", "20260310170000", "20260310160000", 10, 0],
    ["D3", "1.000001", "SO-A", 2, "20260304090000", "20260306170000", "20260309090000", 10, 0],
    ["D4", "1.000001", "SO-A", 2, "20260305090000", "20260312170000", "20260311100000", 10, 0],
]
ON_TIME_COUNTS = {"finished_early": 2, "finished_on_time": 1, "finished": 4}


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def store(settings: Any, tmp_path: Path) -> Iterator[DossierStore]:
    """An empty dossier store under a temporary VAR_DIR (never the developer's var/)."""
    settings.VAR_DIR = tmp_path / "var"
    yield DossierStore(memory_limit="512MB", threads=2)
    DossierStore.close_readers()


@pytest.fixture
def load_dossiers(store: DossierStore, tmp_path: Path) -> Callable[..., None]:
    """Import dossier rows through the real import action."""

    def load(rows: list[list[Any]] = ROWS, name: str = "dossiers.csv") -> None:
        from parindex.dossiers.actions import import_dossiers

        path = tmp_path / name
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)
        import_dossiers(path, actor=None)

    return load


@shared_layer(fresh=reload_province)
def fed_province() -> TestProvince:
    """The small province with a framework whose procedure-reform rows are fed; its round of
    2026 is opened at NOW while the dossier store is still empty."""
    with tempfile.TemporaryDirectory() as empty, time_machine.travel(NOW, tick=False):
        with override_settings(VAR_DIR=Path(empty) / "var"):
            par = build_province(framework_yaml=FED_YAML)
        DossierStore.close_readers()
    return par


@pytest.fixture
def fed(fed_province: TestProvince, store: DossierStore, frozen: None) -> TestProvince:
    """The small province with a framework whose procedure-reform rows are fed; its round of
    2026 is opened while the dossier store is still empty."""
    return fed_province


def _client(par: TestProvince, persona: str) -> Client:
    client = Client()
    client.force_login(par.users[persona])
    return client


def _entries(assessment: Assessment) -> dict[str, CriterionEntry]:
    return {
        e.criterion.code: e
        for e in CriterionEntry.objects.filter(assessment=assessment).select_related("criterion")
    }


def test_it_fills_value_points_and_provenance_on_refresh(
    fed: TestProvince, load_dossiers: Callable[..., None]
) -> None:
    """After the import, a refresh by the unit's staff fills 3/4 on time (2 points), 3/4 online
    (1.5 points) and 4 received (0.5 point), with the indicator, the period 2026, the counts,
    when they were computed and a link to the dossiers; one audit event for the unit."""
    load_dossiers()
    before = AuditEvent.objects.filter(action="entry.feed").count()
    result = actions.refresh_feeds(fed.assessment_a, actor=fed.users["unit_staff"])
    assert (result.period, result.fed, result.changed, result.undefined) == ("2026", 3, 3, 0)
    entries = _entries(fed.assessment_a)
    on_time = entries["pr_on_time"]
    assert (on_time.numerator, on_time.denominator) == (Decimal(3), Decimal(4))
    assert on_time.self_points == Decimal(2)
    online = entries["pr_online"]
    assert (online.numerator, online.denominator, online.self_points) == (3, 4, Decimal("1.5"))
    received = entries["pr_received"]
    assert (received.count, received.self_points) == (4, Decimal("0.5"))
    feed = on_time.feed
    assert feed is not None
    assert feed["indicator"] == "on_time_rate" and feed["status"] == "ok"
    assert feed["indicator_name_vi"] == "Tỷ lệ giải quyết trước hạn, đúng hạn"
    assert feed["period"]["code"] == "2026"
    assert feed["period"]["first_day"] == "2026-01-01"
    assert feed["counts"] == ON_TIME_COUNTS
    assert feed["computed_at"] == NOW.isoformat()
    assert feed["import_id"] is not None
    assert "period=2026" in feed["dossiers_url"] and "unit=local%3ASO-A" in feed["dossiers_url"]
    assert on_time.fed_at == NOW and on_time.version == 2  # opened (undefined), then filled
    assert on_time.saved_by is None  # the unit declared nothing
    events = AuditEvent.objects.filter(action="entry.feed").order_by("id")
    assert events.count() == before + 1
    event = events.last()
    assert event is not None
    assert event.actor == fed.users["unit_staff"] and event.unit_code == fed.unit_a.key
    old, new = event.before or {}, event.after or {}
    assert old["entries"]["pr_on_time"]["status"] == "undefined"
    assert old["entries"]["pr_on_time"]["numerator"] is None
    assert new["period"] == "2026"
    assert new["entries"]["pr_on_time"]["numerator"] == "3"
    assert new["entries"]["pr_on_time"]["self_points"] == "2"
    assert set(new["entries"]) == set(FED_CODES)


def test_it_leaves_an_unchanged_value_untouched(
    fed: TestProvince, load_dossiers: Callable[..., None]
) -> None:
    """A second refresh over the same dossiers changes nothing and writes no audit event."""
    load_dossiers()
    actions.refresh_feeds(fed.assessment_a, actor="test")
    first = _entries(fed.assessment_a)["pr_on_time"]
    events = AuditEvent.objects.count()
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        again = actions.refresh_feeds(fed.assessment_a, actor="test")
    assert again.changed == 0 and again.fed == 3
    assert AuditEvent.objects.count() == events
    second = _entries(fed.assessment_a)["pr_on_time"]
    assert (second.version, second.fed_at, second.feed) == (first.version, first.fed_at, first.feed)


def test_it_keeps_an_undefined_indicator_empty_not_zero(
    fed: TestProvince, load_dossiers: Callable[..., None], client_for_fed: Any
) -> None:
    """Sở B has no dossier: its shares stay empty (not 0, no points), the feed says why, and
    its page shows “—” instead of a rate."""
    load_dossiers()
    result = actions.refresh_feeds(fed.round, actor=fed.users["province_admin"])
    assert result.assessments == 2 and result.undefined == 3
    entries = _entries(fed.assessment_b)
    for code in FED_CODES:
        entry = entries[code]
        assert entry.numerator is None and entry.denominator is None and entry.count is None
        assert entry.self_points is None
        assert entry.feed is not None and entry.feed["status"] == "undefined"
        assert entry.feed["value"] is None
    assert (entries["pr_on_time"].feed or {})["counts"] == {
        "finished_early": 0,
        "finished_on_time": 0,
        "finished": 0,
    }
    page = client_for_fed("outsider").get(f"/assessments/units/{fed.assessment_b.pk}/self/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-status="undefined"') == 3


@pytest.fixture
def client_for_fed(fed: TestProvince) -> Callable[[str], Client]:
    return lambda persona: _client(fed, persona)


def test_it_refuses_a_unit_overwriting_a_fed_value(
    fed: TestProvince, load_dossiers: Callable[..., None], client_for_fed: Any
) -> None:
    """The unit cannot change a fed value: the action refuses naming the field, and so do the
    form (400) and the API (400); nothing is written."""
    load_dossiers()
    actions.refresh_feeds(fed.assessment_a, actor="test")
    entry = _entries(fed.assessment_a)["pr_on_time"]
    with pytest.raises(InputRejected) as caught:
        actions.save_entry(
            entry,
            actor=fed.users["unit_staff"],
            version=entry.version,
            values={"numerator": Decimal(4), "denominator": Decimal(4)},
        )
    problem = caught.value.problems[0]
    assert problem.field == "numerator"
    assert "pr_on_time" in problem.message and "on_time_rate" in problem.message
    staff = client_for_fed("unit_staff")
    form = staff.post(
        f"/assessments/units/{fed.assessment_a.pk}/entries/{entry.pk}/",
        {"version": entry.version, "numerator": "4", "denominator": "4"},
    )
    assert form.status_code == 400
    received = _entries(fed.assessment_a)["pr_received"]
    api = staff.put(
        f"/api/entries/{received.pk}",
        json.dumps({"version": received.version, "count": 9}),
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["problems"][0]["field"] == "count"
    after = _entries(fed.assessment_a)
    assert (after["pr_on_time"].numerator, after["pr_on_time"].version) == (3, entry.version)
    assert (after["pr_received"].count, after["pr_received"].version) == (4, received.version)


def test_it_hides_the_refresh_of_another_units_assessment(
    fed: TestProvince, client_for_fed: Any
) -> None:
    """Sở B's head gets 404 for Sở A's refresh URL (and Sở A's staff for Sở B's); an appraiser,
    who sees the unit but fills nothing, gets 403; nothing is written."""
    events = AuditEvent.objects.count()
    url_a = f"/assessments/units/{fed.assessment_a.pk}/feeds/refresh/"
    url_b = f"/assessments/units/{fed.assessment_b.pk}/feeds/refresh/"
    assert client_for_fed("outsider").post(url_a).status_code == 404
    assert client_for_fed("unit_staff").post(url_b).status_code == 404
    assert client_for_fed("appraiser").post(url_a).status_code == 403
    assert AuditEvent.objects.count() == events
    with pytest.raises(Exception, match="Sở Nội vụ"):
        actions.refresh_feeds(fed.round, actor=fed.users["unit_head"])


def test_it_refreshes_from_the_button_and_shows_the_provenance(
    fed: TestProvince, load_dossiers: Callable[..., None], client_for_fed: Any
) -> None:
    """The staff's button fills the figures; the form shows them read-only with the indicator's
    Vietnamese name, the period, the counts, “computed at” as dd/mm/yyyy HH:MM (Hà Nội time)
    and the link to the dossiers; in English, the English name."""
    load_dossiers()
    staff = client_for_fed("unit_staff")
    self_url = f"/assessments/units/{fed.assessment_a.pk}/self/"
    before = staff.get(self_url).content.decode()
    assert 'id="refresh-feeds"' in before and before.count('data-status="undefined"') == 3
    response = staff.post(f"/assessments/units/{fed.assessment_a.pk}/feeds/refresh/")
    assert response.status_code == 302 and response["Location"] == self_url
    html = staff.get(self_url).content.decode()
    assert html.count('data-status="ok"') == 3
    assert "Tỷ lệ giải quyết trước hạn, đúng hạn" in html
    assert "<code>on_time_rate</code>" in html
    assert "2026 (01/01/2026–31/12/2026)" in html
    assert "15/09/2026 10:00" in html
    assert "/dossiers/?period=2026&amp;unit=local%3ASO-A" in html
    assert 'data-measure="finished_early">Giải quyết trước hạn: <strong>2</strong>' in html
    assert "3 / 4 = 75,00 %" in html
    # Read only: no input for the fed rows, but the evidence upload stays.
    on_time = _entries(fed.assessment_a)["pr_on_time"]
    card = html.split(f'id="entry-{on_time.pk}"', 1)[1].split('class="card mb-2 entry', 1)[0]
    assert 'name="numerator"' not in card and 'name="file"' in card
    assert "Không có chỉ số hồ sơ nào tính tiêu chí này" in html  # pr_unbound
    staff.post("/i18n/setlang/", {"language": "en", "next": self_url})
    english = staff.get(self_url).content.decode()
    assert "On-time rate" in english and "Tỷ lệ giải quyết trước hạn, đúng hạn" not in english


def test_it_lets_the_par_office_refresh_a_submitted_assessment(
    fed: TestProvince, load_dossiers: Callable[..., None], client_for_fed: Any
) -> None:
    """After submission the unit no longer refreshes (its form is locked) but the PAR office
    does; an appraiser adjusts a fed row with a reason, as a self-scored row."""
    from parindex.testing import fill_and_submit

    fill_and_submit(fed)
    load_dossiers()
    url = f"/assessments/units/{fed.assessment_a.pk}/feeds/refresh/"
    assert client_for_fed("unit_staff").post(url).status_code == 403
    assert client_for_fed("province_admin").post(url).status_code == 302
    entry = _entries(fed.assessment_a)["pr_on_time"]
    assert entry.self_points == Decimal(2)
    with pytest.raises(InputRejected):
        actions.refresh_feeds(fed.assessment_a, actor=fed.users["unit_head"])
    appraised = actions.record_appraisal(
        entry,
        actor="test",
        decision="adjust",
        points=Decimal("1.5"),
        reason_code="SAI_SO_LIEU",
        comment="Hồ sơ D2 trả kết quả muộn.",
    )
    assert appraised.appraised_points == Decimal("1.5")
    assert appraised.appraisal_decision == "adjusted"


def test_it_fills_the_figures_when_the_round_opens(
    db: None, store: DossierStore, frozen: None, load_dossiers: Callable[..., None]
) -> None:
    """Opening a round fills the fed rows at once (one run of the store for all units), with one
    audit event per assessment, by whoever opened the round."""
    from parindex.dossiers import queries

    calls: list[Any] = []
    original = queries.run_indicators

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("unit"))
        return original(*args, **kwargs)

    import_units(io.StringIO(UNITS_YAML), actor="test")  # the dossiers name these units
    load_dossiers()
    patch = pytest.MonkeyPatch()
    patch.setattr(queries, "run_indicators", counting)
    try:
        par = build_province(framework_yaml=FED_YAML)
    finally:
        patch.undo()
    assert calls == [None]  # once, for both units and the three indicators
    entries = _entries(par.assessment_a)
    assert entries["pr_on_time"].self_points == Decimal(2)
    assert entries["pr_online"].self_points == Decimal("1.5")
    assert entries["pr_unbound"].feed is None  # names no indicator: not fed
    events = AuditEvent.objects.filter(action="entry.feed")
    assert events.count() == 2
    assert {e.actor for e in events} == {par.users["province_admin"]}


def test_it_opens_the_round_and_renders_the_page_when_the_store_fails(
    db: None,
    store: DossierStore,
    frozen: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broken dossier store does not stop the round from opening; the form says the figures
    are not computed yet; the refresh button reports the failure and changes nothing."""
    from parindex.dossiers import queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise duckdb.IOException("the store file is unreadable")

    monkeypatch.setattr(queries, "run_indicators", broken)
    par = build_province(framework_yaml=FED_YAML)
    assert all(e.feed is None for e in _entries(par.assessment_a).values())
    assert "without its dossier figures" in caplog.text
    staff = _client(par, "unit_staff")
    self_url = f"/assessments/units/{par.assessment_a.pk}/self/"
    page = staff.get(self_url)
    assert page.status_code == 200 and page.content.decode().count('data-status="pending"') == 3
    response = staff.post(f"/assessments/units/{par.assessment_a.pk}/feeds/refresh/", follow=True)
    assert response.status_code == 200
    assert "the store file is unreadable" in response.content.decode()
    assert not AuditEvent.objects.filter(action="entry.feed").exists()
    with pytest.raises(actions.FeedUnavailable):
        actions.refresh_feeds(par.assessment_a, actor="test")


def test_it_refreshes_a_round_from_the_command_line(
    fed: TestProvince, load_dossiers: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    """``parindex assessments refresh-feeds --round ID`` fills every unit as the system;
    ``--unit`` limits it to one unit; an unknown round is refused."""
    load_dossiers()
    call_command("assessments", "refresh-feeds", "--round", str(fed.round.pk), "--format", "json")
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "round": fed.round.pk,
        "period": "2026",
        "assessments": 2,
        "fed_criteria": 6,
        "changed": 3,
        "undefined": 3,
        "unsupported": 0,
    }
    event = AuditEvent.objects.filter(action="entry.feed").order_by("id").last()
    assert event is not None and event.actor is None and event.actor_label == "cli"
    call_command(
        "assessments", "refresh-feeds", "--round", str(fed.round.pk), "--unit", "SO-A",
        "--format", "json",
    )  # fmt: skip
    again = json.loads(capsys.readouterr().out)
    assert (again["assessments"], again["fed_criteria"], again["changed"]) == (1, 3, 0)
    call_command("assessments", "refresh-feeds", "--round", str(fed.round.pk))
    assert "2026" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("assessments", "refresh-feeds", "--round", "999999")


def test_it_computes_each_indicator_once_per_refresh(
    fed: TestProvince, load_dossiers: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit's refresh reads the store once for its three fed rows, for that unit only."""
    from parindex.dossiers import queries

    load_dossiers()
    calls: list[Any] = []
    original = queries.run_indicators

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("unit"))
        return original(*args, **kwargs)

    monkeypatch.setattr(queries, "run_indicators", counting)
    actions.refresh_feeds(fed.assessment_a, actor="test")
    assert [getattr(u, "pk", None) for u in calls] == [fed.unit_a.pk]


def test_it_renders_fed_rows_within_the_forms_query_budget(
    fed: TestProvince,
    load_dossiers: Callable[..., None],
    client_for_fed: Any,
    django_assert_num_queries: Any,
) -> None:
    """The provenance is read from the entries themselves: the form costs its usual queries."""
    from parindex.assessments.tests.test_query_counts import SELF_FORM_QUERIES

    load_dossiers()
    actions.refresh_feeds(fed.assessment_a, actor="test")
    client = client_for_fed("unit_staff")
    url = f"/assessments/units/{fed.assessment_a.pk}/self/"
    client.get(url)  # the framework's scoring view is cached per process
    with django_assert_num_queries(SELF_FORM_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('data-status="ok"') == 3


# --------------------------------------------------------------------------- appraisal


@pytest.fixture
def appraisable(fed: TestProvince, load_dossiers: Callable[..., None]) -> TestProvince:
    """Sở A's fed rows filled from its dossiers (on time 3/4 → 2 points, online 3/4 → 1.5,
    4 received → 0.5), its self-assessment submitted, and the appraiser given the
    procedure-reform area as well."""
    from parindex.testing import fill_and_submit

    load_dossiers()
    actions.refresh_feeds(fed.assessment_a, actor="test")
    fill_and_submit(fed)
    actions.assign_appraiser(
        fed.round,
        actor=fed.users["province_admin"],
        user=fed.users["appraiser"],
        area_code="procedure_reform",
    )
    return fed


def _card(html: str, entry: CriterionEntry) -> str:
    return html.split(f'id="entry-{entry.pk}"', 1)[1].split('class="card mb-2 entry', 1)[0]


FED_POINTS = {"pr_on_time": Decimal(2), "pr_online": Decimal("1.5"), "pr_received": Decimal("0.5")}


def test_it_shows_the_appraiser_the_fed_value_and_provenance(
    appraisable: TestProvince, client_for_fed: Any
) -> None:
    """The appraisal page shows a fed row's value, self-score, indicator, period, counts,
    computed-at time and dossiers link, and offers to accept it (or adjust it); a
    dossier-metric row naming no indicator still takes entered points."""
    entries = _entries(appraisable.assessment_a)
    page = client_for_fed("appraiser").get(
        f"/assessments/units/{appraisable.assessment_a.pk}/appraisal/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    card = _card(html, entries["pr_on_time"])
    assert 'data-status="ok"' in card
    assert "3 / 4 = 75,00 %" in card
    assert "Tỷ lệ giải quyết trước hạn, đúng hạn <code>on_time_rate</code>" in card
    assert "2026 (01/01/2026–31/12/2026)" in card
    assert 'data-measure="finished_early">Giải quyết trước hạn: <strong>2</strong>' in card
    assert "15/09/2026 10:00" in card
    assert "/dossiers/?period=2026&amp;unit=local%3ASO-A" in card
    assert '<option value="accept">' in card and '<option value="return">' not in card
    assert html.count('data-status="ok"') == 3
    unbound = _card(html, entries["pr_unbound"])
    assert '<option value="accept">' not in unbound and "data-status" not in unbound


def test_it_accepts_a_fed_row_with_its_computed_points(
    appraisable: TestProvince, client_for_fed: Any
) -> None:
    """Accepting a fed row on the page gives it the points computed from the dossier figures
    (final points follow at finalisation); the audit event keeps the figures accepted."""
    entry = _entries(appraisable.assessment_a)["pr_on_time"]
    response = client_for_fed("appraiser").post(
        f"/assessments/units/{appraisable.assessment_a.pk}/entries/{entry.pk}/appraise/",
        {"decision": "accept"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.appraisal_decision == "accepted"
    assert entry.appraised_points == entry.self_points == Decimal(2)
    assert entry.appraised_by == appraisable.users["appraiser"]
    event = AuditEvent.objects.filter(action="entry.accept").order_by("id").last()
    assert event is not None and event.actor == appraisable.users["appraiser"]
    after = event.after or {}
    assert (after["decision"], after["appraised_points"]) == ("accepted", "2")
    assert after["feed"]["indicator"] == "on_time_rate"
    assert (after["feed"]["status"], after["feed"]["period"]) == ("ok", "2026")
    assert after["feed"]["counts"] == ON_TIME_COUNTS
    assert (event.before or {})["decision"] == ""


def test_it_adjusts_a_fed_row_only_with_a_reason(appraisable: TestProvince) -> None:
    """Changing a fed row's points is an adjustment: a reason from the list and a comment are
    required, as for a self-scored row; nothing is written without them; it cannot be
    returned for explanation, since the unit cannot change the figure."""
    appraiser = appraisable.users["appraiser"]
    entry = _entries(appraisable.assessment_a)["pr_received"]
    events = AuditEvent.objects.count()
    with pytest.raises(InputRejected) as caught:
        actions.record_appraisal(entry, actor=appraiser, decision="adjust", points=Decimal(0))
    assert {p.field for p in caught.value.problems} == {"reason_code", "comment"}
    with pytest.raises(InputRejected):
        actions.record_appraisal(
            entry, actor=appraiser, decision="return", comment="Giải trình số hồ sơ."
        )
    assert AuditEvent.objects.count() == events
    adjusted = actions.record_appraisal(
        entry,
        actor=appraiser,
        decision="adjust",
        points=Decimal(0),
        reason_code="SAI_SO_LIEU",
        comment="Hai hồ sơ nhập trùng trên hệ thống một cửa.",
    )
    assert (adjusted.appraisal_decision, adjusted.appraised_points) == ("adjusted", Decimal(0))
    assert adjusted.adjustment_reason is not None
    assert adjusted.adjustment_reason.code == "SAI_SO_LIEU"
    event = AuditEvent.objects.filter(action="entry.adjust").order_by("id").last()
    assert event is not None and (event.after or {})["feed"]["indicator"] == "received"


def test_it_accepts_the_remaining_fed_rows_too(
    appraisable: TestProvince, client_for_fed: Any
) -> None:
    """“Accept every undecided criterion of my areas” accepts the fed rows with their computed
    points along with the self-scored rows, in one audit event that lists the fed rows'
    figures; a fed row whose figures were never computed is left for the appraiser to enter
    (and cannot be accepted alone), as are the rows without points of their own."""
    entries = _entries(appraisable.assessment_a)
    never = entries["pr_online"]
    CriterionEntry.objects.filter(pk=never.pk).update(
        feed=None, numerator=None, denominator=None, self_points=None
    )
    response = client_for_fed("appraiser").post(
        f"/assessments/units/{appraisable.assessment_a.pk}/appraisal/accept/"
    )
    assert response.status_code == 302
    after = _entries(appraisable.assessment_a)
    for code in ("pr_on_time", "pr_received"):
        assert after[code].appraisal_decision == "accepted"
        assert after[code].appraised_points == FED_POINTS[code]
    for code in ("dm_plan", "dm_completion", "ir_review"):
        assert after[code].appraisal_decision == "accepted"
    for code in ("pr_online", "pr_unbound", "pi_survey"):
        assert after[code].appraisal_decision == ""
    event = AuditEvent.objects.filter(action="entry.accept_many").order_by("id").last()
    assert event is not None and event.actor == appraisable.users["appraiser"]
    accepted = (event.after or {})["accepted"]
    assert (accepted["pr_on_time"], accepted["pr_received"]) == ("2", "0.5")
    assert set((event.after or {})["fed"]) == {"pr_on_time", "pr_received"}
    assert (event.after or {})["fed"]["pr_received"]["value"] == "4"
    with pytest.raises(InputRejected) as caught:
        actions.record_appraisal(
            after["pr_online"], actor=appraisable.users["appraiser"], decision="accept"
        )
    assert "pr_online" in caught.value.problems[0].message
    entered = actions.record_appraisal(
        after["pr_online"], actor=appraisable.users["appraiser"], decision="adjust",
        points=Decimal(1),
    )  # fmt: skip
    assert (entered.appraisal_decision, entered.appraised_points) == ("entered", Decimal(1))


def test_it_lists_the_feed_in_the_entries_api(
    appraisable: TestProvince, client_for_fed: Any
) -> None:
    """``GET /api/assessments/{id}/entries`` gives each fed entry its provenance and the time
    the figures last changed it; other entries have none."""
    response = client_for_fed("appraiser").get(
        f"/api/assessments/{appraisable.assessment_a.pk}/entries"
    )
    assert response.status_code == 200
    rows = {row["criterion"]: row for row in response.json()}
    on_time = rows["pr_on_time"]
    assert on_time["feed"]["indicator"] == "on_time_rate"
    assert on_time["feed"]["status"] == "ok" and on_time["feed"]["counts"] == ON_TIME_COUNTS
    assert dt.datetime.fromisoformat(on_time["fed_at"]) == NOW
    assert (rows["dm_plan"]["feed"], rows["dm_plan"]["fed_at"]) == (None, None)
