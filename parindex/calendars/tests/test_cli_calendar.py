"""The ``calendar`` command: output, refused input in the CLI language, loading the file."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("add", "2026-08-21", "1"), "2026-08-22"),  # the make-up Saturday
        (("add", "2026-08-21", "2"), "2026-08-24"),
        (("add", "13/02/2026", "1"), "2026-02-23"),  # across Tết, dd/mm/yyyy accepted
        (("add", "2026-02-23", "-1"), "2026-02-13"),
        (("add", "2026-08-15", "0"), "2026-08-17"),
        (("add", "2026-08-21", "2", "--format", "vi"), "24/08/2026"),
        (("add", "2026-08-21", "1", "--scope", "all"), "2026-08-24"),
        (("count", "2026-02-09", "2026-02-27"), "10"),
        (("count", "17/08/2026", "23/08/2026"), "6"),
        (("count", "2026-08-23", "2026-08-23"), "0"),
    ],
)
def test_it_prints_the_answer(args: tuple[str, ...], expected: str) -> None:
    """add prints one ISO date (dd/mm/yyyy with --format vi), count one number."""
    assert run(*args).strip() == expected


def test_it_prints_json_on_request() -> None:
    """--format json gives the inputs and the answer."""
    payload = json.loads(run("add", "2026-08-21", "2", "--format", "json"))
    assert payload == {
        "start": "2026-08-21",
        "n": 2,
        "scope": "civil_service",
        "result": "2026-08-24",
    }
    payload = json.loads(run("count", "2026-01-01", "2026-12-31", "--format", "json"))
    assert payload["working_days"] == 249


@time_machine.travel(
    dt.datetime(2026, 8, 21, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
)
def test_it_reads_today_in_vietnam_time() -> None:
    """``today`` is the current date in Asia/Ho_Chi_Minh."""
    assert run("add", "today", "1").strip() == "2026-08-22"


@time_machine.travel(dt.datetime(2026, 8, 21, 18, 30, tzinfo=dt.UTC), tick=False)
def test_it_takes_today_after_midnight_in_vietnam() -> None:
    """At 18:30 UTC it is already the next day (01:30) in Vietnam."""
    assert run("add", "today", "0").strip() == "2026-08-22"


def test_it_lists_the_days_off_of_a_year() -> None:
    """holidays YEAR lists the weekday days off with their reason, and the Saturdays worked."""
    out = run("holidays", "2026")
    assert "Ngày nghỉ trong tuần năm 2026 (13):" in out
    assert "02/01/2026" in out and "9441/TB-BNV" in out
    assert "Giao thừa Tết Nguyên Đán" in out
    assert "22/08/2026" in out
    assert "24/11/2026" not in out
    payload = json.loads(run("holidays", "2025", "--format", "json"))
    assert [d["date"] for d in payload["days_off"]][-3:] == [
        "2025-05-02",
        "2025-09-01",
        "2025-09-02",
    ]
    assert payload["make_up_working_days"][0]["date"] == "2025-04-26"


@override_settings(CLI_LANGUAGE="en")
def test_it_speaks_english_on_request() -> None:
    """With --lang en the table and the holiday names are in English."""
    out = run("holidays", "2026")
    assert "Weekday days off in 2026 (13):" in out
    assert "Lunar New Year's Eve" in out


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (
            ("add", "2026-13-01", "1"),
            "DATE: “2026-13-01” không phải là ngày",
            "DATE: “2026-13-01” is not a date",
        ),
        (("add", "31/02/2026", "1"), "DATE: “31/02/2026”", "DATE: “31/02/2026” is not a date"),
        (
            ("add", "2026-08-21", "two"),
            "N: “two” không phải là số nguyên",
            "N: “two” is not a whole number",
        ),
        (("add", "2026-08-21", "1.5"), "N: “1.5”", "N: “1.5” is not a whole number"),
        (
            ("count", "yesterday", "2026-08-21"),
            "START: “yesterday”",
            "START: “yesterday” is not a date",
        ),
        (
            ("count", "2026-08-21", "2026-08-20"),
            "END: 20/08/2026",
            "END: 20/08/2026 is before START",
        ),
        (("holidays", "20x6"), "YEAR: “20x6”", "YEAR: “20x6” is not a whole number"),
        (("holidays", "1800"), "YEAR: 1800", "YEAR: 1800 is outside"),
        (("add", "2099-12-01", "100"), "2100", "2100 is outside the years"),
    ],
)
def test_it_refuses_bad_input_naming_the_argument(args: tuple[str, ...], vi: str, en: str) -> None:
    """Bad input raises CommandError (exit 1) naming the argument, in Vietnamese or English."""
    with pytest.raises(CommandError) as refused:
        run(*args)
    assert vi in str(refused.value)
    with override_settings(CLI_LANGUAGE="en"), pytest.raises(CommandError) as refused:
        run(*args)
    assert en in str(refused.value)


def test_it_loads_the_shipped_file_by_default() -> None:
    """load-overrides without FILE reloads the shipped file; nothing changes after migrate."""
    assert "0 tạo mới, 0 cập nhật, 9 không đổi" in run("load-overrides")


def test_it_refuses_a_bad_file_with_its_problems(tmp_path: Path) -> None:
    """A bad override file is refused: problems with their line go to standard error."""
    path = tmp_path / "bad.yaml"
    path.write_text(
        "overrides:\n  - date: 2027-05-04\n    kind: make_up_working_day\n"
        "    scope: all\n    source: X\n    status: secondary\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("calendar", "load-overrides", str(path), stdout=StringIO(), stderr=err)
    assert "dòng 3" in err.getvalue() and "kind" in err.getvalue()
    assert "1" in str(refused.value)
