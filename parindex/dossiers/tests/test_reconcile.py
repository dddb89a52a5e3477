"""Reconciling the real Phú Thọ sample with the Decision 766 formulas (docs/qd766.md)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from parindex.core.models import AuditEvent, ImmutableError
from parindex.dossiers.actions import record_portal_snapshot
from parindex.dossiers.cli.reconcile import EXIT_MISMATCH
from parindex.dossiers.models import PortalSnapshot
from parindex.lib.dossiers.portal.parsing import load_responses, parse_response
from parindex.lib.dossiers.portal.reconcile import reconcile
from parindex.lib.dossiers.portal.shapes import normalise_name, period_from_name
from parindex.lib.errors import InputRejected

DATA = Path(__file__).parent / "data" / "qd766"
FILES = sorted(DATA.glob("*.json"))

# Raw parameters of each tree tab as the domain notes list them (§8.3), independent of the code.
TREE_PARAMS = {
    "dvc-progress-tree": ["totalReceived", "totalOnTime"],
    "provide-online-tree": [
        "authorityCount", "partialCount", "fullCount", "onlineDossierCount",
        "onlineServiceTotal", "channelOnlineSum", "channelTotalSum",
    ],
    "formality-online-payment-tree": [
        "totalDossierOnlinePaymentSuccess", "totalDossierFinancialObligation",
        "totalDossierOnlineFormalityPaymentSuccess", "totalFeeDossierFormality",
        "totalFeeFormality",
    ],
}  # fmt: skip


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _expected_counts() -> tuple[int, int]:
    """(checked, not-recomputable tree units), counted from the raw JSON."""
    checked = 0
    not_recomputable = 0
    for path in FILES:
        group = path.name.split(".")[0]
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        if "parent" in data:
            for unit in [data["parent"], *data["children"]]:
                if all(unit.get(p) is not None for p in TREE_PARAMS[group]):
                    checked += 1
                else:
                    not_recomputable += 1
        else:
            for unit in [data["overview"], *data["evaluation"]]:
                checked += 1  # the unit's totalScore
                checked += sum(1 for m in unit["metrics"] if m["maxScore"] > 0)
    return checked, not_recomputable


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "qd766"
    shutil.copytree(DATA, target)
    return target


def _tamper(folder: Path, name: str, edit: Any) -> None:
    path = folder / name
    body = json.loads(path.read_text(encoding="utf-8"))
    edit(body["data"])
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


# --- the real sample -----------------------------------------------------------------------------


def test_it_agrees_with_every_recomputable_score_of_the_sample() -> None:
    """mismatches == [], within_tolerance == checked == the recomputable scores counted here."""
    report = reconcile(load_responses([DATA]))
    checked, not_recomputable = _expected_counts()
    assert report.mismatches == []
    assert report.checked == checked == 535
    assert report.within_tolerance == report.checked
    assert report.max_abs_diff <= D("0.01")
    skipped = report.as_dict()["skipped_reasons"]
    assert skipped["raw_parameters_null"] == not_recomputable == 163


def test_it_never_counts_null_raw_parameters_as_checked() -> None:
    """provide-online-tree: only the parent carries raw counts; its 163 children are skipped."""
    report = reconcile(load_responses([DATA / "provide-online-tree.month-2026-08.json"]))
    assert report.checked == 1
    assert report.skipped == 163
    assert {s.reason for s in report.skips} == {"raw_parameters_null"}
    assert report.checks[0].unit == "H44"
    assert report.checks[0].official == D("8.83")


def test_it_reproduces_the_parent_scores_of_section_8_3() -> None:
    """Parent scores: progress 15.68, online services 8.83, online payment 6.25."""
    report = reconcile(load_responses([DATA]))
    parent = {(c.group, c.metric): c for c in report.checks if c.unit == "H44"}
    assert parent[("dvc-progress-tree", "")].computed_rounded == D("15.68")
    assert parent[("provide-online-tree", "")].computed_rounded == D("8.83")
    assert parent[("formality-online-payment-tree", "")].computed_rounded == D("6.25")
    sat = parent[("handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION")]
    assert sat.computed_rounded == sat.official == D("5.22")


def test_it_adds_the_fixed_certified_copy_points_when_the_row_is_missing() -> None:
    """Hy Cương has no ELECTRONIC_CERTIFIED_COPY row, yet its 7.76 includes its 2 points."""
    report = reconcile(load_responses([DATA / "dossier-digitized.month-2026-08.json"]))
    total = next(c for c in report.checks if c.unit == "H44.104" and not c.metric)
    assert total.official == D("7.76")
    assert total.computed_rounded == D("7.76")
    assert any(
        r.unit == "H44.104" and r.flag == "fixed_points_without_metric" for r in report.remarks
    )
    assert any(s.unit == "H44.104" and s.reason == "metric_absent" for s in report.skips)


# --- matching by name ----------------------------------------------------------------------------


def test_it_normalises_names_for_matching() -> None:
    """NFC, case-folded, whitespace collapsed: decomposed and spaced spellings meet."""
    decomposed = "UBND  xa\u0303 Hy Cu\u031bo\u031bng "
    assert normalise_name(decomposed) == normalise_name("ubnd xã hy cương")


def test_it_keys_units_without_a_code_by_name() -> None:
    """Alone, the transparency file's units are keyed by their normalised names."""
    report = reconcile(load_responses([DATA / "transparency.month-2026-08.json"]))
    assert {u.matched_by for u in report.units} == {"name"}
    assert all(not u.resolved_code for u in report.units)
    assert {c.unit for c in report.checks} == {
        normalise_name(u["departmentName"])
        for u in [
            _load("transparency.month-2026-08.json")["data"]["overview"],
            *_load("transparency.month-2026-08.json")["data"]["evaluation"],
        ]
    }


def test_it_resolves_names_to_codes_found_in_the_other_files() -> None:
    """With the tree files, every transparency unit is matched by name to its code."""
    report = reconcile(load_responses([DATA]))
    transparency = [u for u in report.units if u.group == "transparency"]
    assert len(transparency) == 15
    assert all(u.matched_by == "name" and u.resolved_code for u in transparency)
    office = next(u for u in transparency if u.name.startswith("Văn phòng UBND"))
    assert office.key == office.resolved_code == "H44.01"
    matching = report.as_dict()["matching"]
    assert matching["by_name_unresolved"] == 0
    assert matching["by_code"] == 164 * 3 + 10


# --- a tampered copy -----------------------------------------------------------------------------


def test_it_lists_a_tampered_score_as_the_only_mismatch(sample_copy: Path) -> None:
    """One child's progress score moved by 0.05 gives exactly that mismatch."""

    def edit(data: Any) -> None:
        data["children"][1]["score"] = round(data["children"][1]["score"] + 0.05, 2)

    _tamper(sample_copy, "dvc-progress-tree.month-2026-08.json", edit)
    report = reconcile(load_responses([sample_copy]))
    (mismatch,) = report.mismatches
    assert (mismatch.unit, mismatch.group, mismatch.metric) == ("H44.03", "dvc-progress-tree", "")
    assert mismatch.official == D("16.58")
    assert mismatch.computed_rounded == D("16.53")
    assert mismatch.diff == D("0.05")
    assert report.within_tolerance == report.checked - 1
    assert report.max_abs_diff == D("0.05")


def test_it_lists_a_tampered_metric_of_a_name_matched_unit(sample_copy: Path) -> None:
    """A metric score changed in the transparency file is reported under the resolved code."""

    def edit(data: Any) -> None:
        data["evaluation"][0]["metrics"][2]["score"] = 2.01

    _tamper(sample_copy, "transparency.month-2026-08.json", edit)
    report = reconcile(load_responses([sample_copy]))
    (mismatch,) = report.mismatches
    assert mismatch.unit == "H44.01"
    assert mismatch.matched_by == "name"
    assert mismatch.metric == "PUBLIC_CONTENT_FULL"
    assert mismatch.diff == D("0.05")


def test_it_reports_a_null_versus_number_disagreement(sample_copy: Path) -> None:
    """An official null where the rule gives a number is a mismatch with diff null."""

    def edit(data: Any) -> None:
        data["overview"]["metrics"][2]["score"] = None

    _tamper(sample_copy, "transparency.month-2026-08.json", edit)
    report = reconcile(load_responses([sample_copy / "transparency.month-2026-08.json"]))
    (mismatch,) = report.mismatches
    assert mismatch.official is None and mismatch.diff is None
    assert mismatch.computed_rounded == D("1.96")


# --- parsing -------------------------------------------------------------------------------------


def test_it_reads_group_and_period_from_the_file_name() -> None:
    """``<group>.month-YYYY-MM.json``; quarters and years too; no period is None."""
    assert period_from_name("x.month-2026-08.json").label == "2026-08"  # type: ignore[union-attr]
    assert period_from_name("x.quarter-2026-3.json").quarter == 3  # type: ignore[union-attr]
    assert period_from_name("x.year-2025.json").kind == "year"  # type: ignore[union-attr]
    assert period_from_name("x.json") is None
    response = parse_response(
        (DATA / "dvc-progress-tree.month-2026-08.json").read_bytes(), source="renamed.json"
    )
    assert response.group == "dvc-progress-tree"  # detected from the shape
    assert response.period is None


@pytest.mark.parametrize(
    ("content", "field", "words"),
    [
        (b'{"code": "OK", "data":', "", "JSON"),
        (b"[1, 2]", "$", "envelope"),
        (b'{"code": "ERROR", "data": {}}', "code", "OK"),
        (b'{"code": "OK", "data": {"rows": []}}', "data", "shape"),
    ],
)
def test_it_refuses_bad_bodies_naming_file_and_field(
    content: bytes, field: str, words: str
) -> None:
    """Not JSON, wrong envelope, not OK, unknown shape: refused, naming the file and JSON path."""
    with translation.override("en"), pytest.raises(InputRejected) as info:
        parse_response(content, source="bad.json")
    messages = [str(p) for p in info.value.problems]
    assert any("bad.json" in m and words in m for m in messages), messages
    assert any(p.field == field for p in info.value.problems)


def test_it_names_the_json_path_of_a_bad_value(sample_copy: Path) -> None:
    """A string where a count belongs is reported at data.children[3].totalOnTime."""

    def edit(data: Any) -> None:
        data["children"][3]["totalOnTime"] = "many"

    _tamper(sample_copy, "dvc-progress-tree.month-2026-08.json", edit)
    with pytest.raises(InputRejected) as info:
        load_responses([sample_copy])
    (problem,) = info.value.problems
    assert problem.field == "data.children[3].totalOnTime"
    assert "dvc-progress-tree.month-2026-08.json" in problem.message


def test_it_refuses_a_file_name_that_contradicts_the_shape(tmp_path: Path) -> None:
    """A metrics body saved under a tree group's name is refused."""
    path = tmp_path / "provide-online-tree.month-2026-08.json"
    shutil.copy(DATA / "transparency.month-2026-08.json", path)
    with pytest.raises(InputRejected) as info:
        load_responses([path])
    assert info.value.problems[0].field == "data"


# --- the command ---------------------------------------------------------------------------------


def _run(*args: str) -> tuple[dict[str, Any], str]:
    out, err = StringIO(), StringIO()
    call_command("dossiers", "reconcile", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


@pytest.mark.django_db
def test_it_prints_the_reconciliation_as_json() -> None:
    """checked, within_tolerance, max_abs_diff, mismatches, skipped and per-group counts."""
    payload, _ = _run(str(DATA), "--format", "json")
    assert payload["checked"] == payload["within_tolerance"] == 535
    assert payload["mismatches"] == []
    assert payload["max_abs_diff"] == 0.01
    assert payload["skipped"] == 190
    assert payload["groups"]["dvc-progress-tree"]["checked"] == 164
    assert payload["groups"]["provide-online-tree"]["skipped"] == 163
    assert "stored" not in payload
    assert PortalSnapshot.objects.count() == 0


@pytest.mark.django_db
def test_it_exits_three_and_lists_the_mismatch(sample_copy: Path) -> None:
    """A mismatch is printed (unit, group, metric, official, computed) and the exit code is 3."""
    _tamper(
        sample_copy,
        "formality-online-payment-tree.month-2026-08.json",
        lambda data: data["parent"].update(totalScore=6.30),
    )
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("dossiers", "reconcile", str(sample_copy), stdout=out)
    assert info.value.returncode == EXIT_MISMATCH == 3
    assert "1" in str(info.value)
    payload = json.loads(out.getvalue())
    (mismatch,) = payload["mismatches"]
    assert mismatch["unit"] == "H44"
    assert mismatch["group"] == "formality-online-payment-tree"
    assert mismatch["metric"] is None
    assert (mismatch["official"], mismatch["computed"]) == (6.3, 6.25)


@pytest.mark.django_db
def test_it_prints_a_table_with_vietnamese_numbers() -> None:
    """--format table: decimal comma, the groups and the totals."""
    out = StringIO()
    call_command("dossiers", "reconcile", str(DATA), "--format", "table", stdout=out)
    text = out.getvalue()
    assert "dvc-progress-tree" in text
    assert "0,01" in text
    assert "0,015" in text
    assert "535" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "không có dữ liệu nào được ghi"), ("en", "nothing was written")],
)
def test_it_refuses_bad_files_in_the_cli_language_and_stores_nothing(
    tmp_path: Path, language: str, expected: str
) -> None:
    """A bad file among good ones: non-zero exit, file and field named, nothing stored."""
    bad = tmp_path / "transparency.month-2026-08.json"
    bad.write_text('{"code": "OK", "data": {"overview": {}, "evaluation": 3}}', encoding="utf-8")
    err = StringIO()
    with override_settings(CLI_LANGUAGE=language), pytest.raises(CommandError) as info:
        call_command(
            "dossiers",
            "reconcile",
            str(DATA / "dvc-progress-tree.month-2026-08.json"),
            str(bad),
            str(tmp_path / "missing.json"),
            "--store",
            stdout=StringIO(),
            stderr=err,
        )
    assert info.value.returncode == 1
    assert expected in str(info.value)
    assert str(bad) in err.getvalue()
    assert "data.evaluation" in err.getvalue()
    assert "missing.json" in err.getvalue()
    assert PortalSnapshot.objects.count() == 0
    assert not AuditEvent.objects.filter(action="portal_snapshot.record").exists()


@pytest.mark.django_db
def test_it_says_mismatch_in_vietnamese_by_default(sample_copy: Path) -> None:
    """The mismatch message follows the CLI language (Vietnamese by default)."""
    _tamper(
        sample_copy,
        "dvc-progress-tree.month-2026-08.json",
        lambda data: data["parent"].update(totalScore=15.7),
    )
    with override_settings(CLI_LANGUAGE="vi"), pytest.raises(CommandError) as info:
        call_command("dossiers", "reconcile", str(sample_copy), stdout=StringIO())
    assert "điểm" in str(info.value)


# --- snapshots -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_stores_snapshots_with_store_once_per_body() -> None:
    """--store records the six responses; a second run stores nothing new."""
    payload, _ = _run(str(DATA), "--store")
    assert [s["created"] for s in payload["stored"]] == [True] * 6
    assert PortalSnapshot.objects.count() == 6
    again, _ = _run(str(DATA), "--store")
    assert [s["created"] for s in again["stored"]] == [False] * 6
    assert PortalSnapshot.objects.count() == 6
    assert AuditEvent.objects.filter(action="portal_snapshot.record").count() == 6


@pytest.mark.django_db
def test_it_records_a_snapshot_idempotently_by_sha256() -> None:
    """Same body twice: one snapshot, one audit event; the fields describe the response."""
    path = DATA / "dvc-progress-tree.month-2026-08.json"
    snapshot, created = record_portal_snapshot(path, actor=None)
    again, created_again = record_portal_snapshot(path, actor=None)
    assert (created, created_again) == (True, False)
    assert again.pk == snapshot.pk
    assert snapshot.group == "dvc-progress-tree"
    assert (snapshot.period_kind, snapshot.period_year, snapshot.period_month) == ("month", 2026, 8)
    assert snapshot.period_quarter == 3
    assert snapshot.root_unit_code == "H44"
    assert snapshot.source_name == path.name
    assert snapshot.body == json.loads(path.read_text(encoding="utf-8"))
    assert snapshot.imported_by == "cli"
    (event,) = AuditEvent.objects.filter(action="portal_snapshot.record")
    assert event.object_id == str(snapshot.pk)
    assert event.unit_code == "H44"


@pytest.mark.django_db
def test_it_stores_a_response_without_root_code() -> None:
    """The transparency file has no unit codes: the root code stays blank, the name is kept."""
    snapshot, _ = record_portal_snapshot(DATA / "transparency.month-2026-08.json", actor=None)
    assert snapshot.root_unit_code == ""
    assert snapshot.root_unit_name == "UBND tỉnh Phú Thọ"


@pytest.mark.django_db
def test_it_refuses_to_record_a_bad_file(tmp_path: Path) -> None:
    """A missing or bad file raises InputRejected and stores nothing."""
    with pytest.raises(InputRejected):
        record_portal_snapshot(tmp_path / "nope.json", actor=None)
    bad = tmp_path / "x.json"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(InputRejected):
        record_portal_snapshot(bad, actor=None)
    assert PortalSnapshot.objects.count() == 0


@pytest.mark.django_db
def test_it_keeps_snapshots_immutable() -> None:
    """save() on a stored snapshot, delete(), queryset update() and delete() all refuse."""
    snapshot, _ = record_portal_snapshot(
        DATA / "handling-satisfaction.month-2026-08.json", actor=None
    )
    snapshot.group = "changed"
    with pytest.raises(ImmutableError):
        snapshot.save()
    with pytest.raises(ImmutableError):
        snapshot.delete()
    with pytest.raises(ImmutableError):
        PortalSnapshot.objects.filter(pk=snapshot.pk).update(group="changed")
    with pytest.raises(ImmutableError):
        PortalSnapshot.objects.all().delete()
    assert PortalSnapshot.objects.get().group == "handling-satisfaction"
